#include "StrictJson.h"

#include "core/util/Elide.h"
#include "core/util/TerminalText.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonDocument>

#include <algorithm>
#include <array>
#include <vector>

namespace cmic::jose {

namespace {

struct Msg
{
    Q_DECLARE_TR_FUNCTIONS(cmic::jose::StrictJson)
};

constexpr int kMaxDepth = 64;

class StrictParser
{
public:
    explicit StrictParser(QByteArrayView text)
        : m_begin(reinterpret_cast<const unsigned char *>(text.data())), m_p(m_begin), m_end(m_begin + text.size())
    {}

    bool parseDocument(bool requireObject)
    {
        skipWhitespace();
        if (requireObject && (m_p == m_end || *m_p != '{'))
            return fail(Msg::tr("it is not a JSON object"));
        if (!value(0))
            return false;
        skipWhitespace();
        if (m_p != m_end)
            return fail(Msg::tr("unexpected text after the end of the JSON value"));
        return true;
    }

    QString error() const { return m_error; }
    StrictJsonProblem problem() const { return m_problem; }

private:
    bool fail(const QString &what)
    {
        if (m_error.isEmpty()) {
            m_problem.what = what;
            m_problem.offset = m_p - m_begin;
            m_error = Msg::tr("%1 (at byte %2)").arg(what).arg(m_problem.offset);
        }
        return false;
    }

    void skipWhitespace()
    {
        while (m_p != m_end && (*m_p == ' ' || *m_p == '\t' || *m_p == '\n' || *m_p == '\r'))
            ++m_p;
    }

    bool literal(const char *word)
    {
        for (const char *w = word; *w; ++w, ++m_p) {
            if (m_p == m_end || *m_p != static_cast<unsigned char>(*w))
                return fail(Msg::tr("invalid literal"));
        }
        return true;
    }

    bool value(int depth)
    {
        if (m_p == m_end)
            return fail(Msg::tr("the JSON text ends too early"));
        switch (*m_p) {
        case '{': return object(depth + 1);
        case '[': return array(depth + 1);
        case '"': return string(nullptr);
        case 't': return literal("true");
        case 'f': return literal("false");
        case 'n': return literal("null");
        default:
            if (*m_p == '-' || (*m_p >= '0' && *m_p <= '9'))
                return number();
            return fail(Msg::tr("unexpected character"));
        }
    }

    bool digits()
    {
        const unsigned char *start = m_p;
        while (m_p != m_end && *m_p >= '0' && *m_p <= '9')
            ++m_p;
        return m_p != start;
    }

    bool number()
    {
        if (*m_p == '-')
            ++m_p;
        if (m_p == m_end)
            return fail(Msg::tr("invalid number"));
        if (*m_p == '0') {
            ++m_p;
        } else if (!digits()) {
            return fail(Msg::tr("invalid number"));
        }
        if (m_p != m_end && *m_p == '.') {
            ++m_p;
            if (!digits())
                return fail(Msg::tr("invalid number"));
        }
        if (m_p != m_end && (*m_p == 'e' || *m_p == 'E')) {
            ++m_p;
            if (m_p != m_end && (*m_p == '+' || *m_p == '-'))
                ++m_p;
            if (!digits())
                return fail(Msg::tr("invalid number"));
        }
        return true;
    }

    static int hexValue(unsigned char c)
    {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    }

    bool hex4(unsigned *out)
    {
        if (m_end - m_p < 4)
            return fail(Msg::tr("truncated \\u escape"));
        unsigned v = 0;
        for (int i = 0; i < 4; ++i) {
            const int h = hexValue(m_p[i]);
            if (h < 0)
                return fail(Msg::tr("invalid \\u escape"));
            v = (v << 4) | unsigned(h);
        }
        m_p += 4;
        *out = v;
        return true;
    }

    static void appendUtf8(QByteArray *out, unsigned cp)
    {
        if (cp < 0x80) {
            out->append(char(cp));
        } else if (cp < 0x800) {
            out->append(char(0xC0 | (cp >> 6)));
            out->append(char(0x80 | (cp & 0x3F)));
        } else if (cp < 0x10000) {
            out->append(char(0xE0 | (cp >> 12)));
            out->append(char(0x80 | ((cp >> 6) & 0x3F)));
            out->append(char(0x80 | (cp & 0x3F)));
        } else {
            out->append(char(0xF0 | (cp >> 18)));
            out->append(char(0x80 | ((cp >> 12) & 0x3F)));
            out->append(char(0x80 | ((cp >> 6) & 0x3F)));
            out->append(char(0x80 | (cp & 0x3F)));
        }
    }

    // One UTF-8 sequence starting at a byte >= 0x80 (RFC 3629 table 3).
    bool utf8Sequence()
    {
        const unsigned char c = *m_p;
        int extra = 0;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            extra = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            extra = 2;
            if (c == 0xE0)
                lo = 0xA0;
            else if (c == 0xED)
                hi = 0x9F; // no UTF-16 surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            extra = 3;
            if (c == 0xF0)
                lo = 0x90;
            else if (c == 0xF4)
                hi = 0x8F;
        } else {
            return fail(Msg::tr("the text is not valid UTF-8"));
        }
        if (m_end - m_p <= extra)
            return fail(Msg::tr("the text is not valid UTF-8"));
        if (m_p[1] < lo || m_p[1] > hi)
            return fail(Msg::tr("the text is not valid UTF-8"));
        for (int i = 2; i <= extra; ++i) {
            if (m_p[i] < 0x80 || m_p[i] > 0xBF)
                return fail(Msg::tr("the text is not valid UTF-8"));
        }
        m_p += extra + 1;
        return true;
    }

    // Parses a string; when |decoded| is given, fills it with the unescaped UTF-8 bytes (a view into the input
    // when nothing needed unescaping).
    bool string(QByteArray *decoded)
    {
        ++m_p; // opening quote
        const unsigned char *start = m_p;
        bool escaped = false;
        QByteArray buffer;
        while (true) {
            if (m_p == m_end)
                return fail(Msg::tr("unterminated string"));
            const unsigned char c = *m_p;
            if (c == '"')
                break;
            if (c < 0x20)
                return fail(Msg::tr("raw control character in a string"));
            if (c == '\\') {
                if (decoded && !escaped) {
                    buffer = QByteArray(reinterpret_cast<const char *>(start), m_p - start);
                    escaped = true;
                }
                ++m_p;
                if (m_p == m_end)
                    return fail(Msg::tr("unterminated string"));
                const unsigned char e = *m_p++;
                char simple = 0;
                switch (e) {
                case '"': simple = '"'; break;
                case '\\': simple = '\\'; break;
                case '/': simple = '/'; break;
                case 'b': simple = '\b'; break;
                case 'f': simple = '\f'; break;
                case 'n': simple = '\n'; break;
                case 'r': simple = '\r'; break;
                case 't': simple = '\t'; break;
                case 'u': {
                    unsigned cp = 0;
                    if (!hex4(&cp))
                        return false;
                    if (cp >= 0xDC00 && cp <= 0xDFFF)
                        return fail(Msg::tr("lone low surrogate escape"));
                    if (cp >= 0xD800 && cp <= 0xDBFF) {
                        unsigned low = 0;
                        if (m_end - m_p < 2 || m_p[0] != '\\' || m_p[1] != 'u')
                            return fail(Msg::tr("lone high surrogate escape"));
                        m_p += 2;
                        if (!hex4(&low))
                            return false;
                        if (low < 0xDC00 || low > 0xDFFF)
                            return fail(Msg::tr("lone high surrogate escape"));
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    }
                    if (decoded)
                        appendUtf8(&buffer, cp);
                    continue;
                }
                default: return fail(Msg::tr("invalid escape sequence"));
                }
                if (decoded)
                    buffer.append(simple);
                continue;
            }
            const unsigned char *seqStart = m_p;
            if (c < 0x80) {
                ++m_p;
            } else if (!utf8Sequence()) {
                return false;
            }
            if (decoded && escaped)
                buffer.append(reinterpret_cast<const char *>(seqStart), m_p - seqStart);
        }
        if (decoded) {
            *decoded = escaped ? buffer : QByteArray::fromRawData(reinterpret_cast<const char *>(start), m_p - start);
        }
        ++m_p; // closing quote
        return true;
    }

    bool object(int depth)
    {
        if (depth > kMaxDepth)
            return fail(Msg::tr("JSON nested too deeply"));
        ++m_p;
        // Member names seen in this object, with where each starts; small objects (JWT headers and claims) stay
        // off the heap and are scanned, larger ones (a hostile file's million members) are hashed.
        std::array<std::pair<QByteArray, qsizetype>, 16> inlineNames;
        QHash<QByteArray, qsizetype> moreNames;
        size_t count = 0;
        skipWhitespace();
        if (m_p != m_end && *m_p == '}') {
            ++m_p;
            return true;
        }
        while (true) {
            skipWhitespace();
            if (m_p == m_end || *m_p != '"')
                return fail(Msg::tr("expected a member name"));
            const qsizetype nameOffset = m_p - m_begin;
            QByteArray name;
            if (!string(&name))
                return false;
            qsizetype earlier = -1;
            for (size_t i = 0; i < std::min(count, inlineNames.size()) && earlier < 0; ++i) {
                if (inlineNames[i].first == name)
                    earlier = inlineNames[i].second;
            }
            if (earlier < 0)
                earlier = moreNames.value(name, -1);
            if (earlier >= 0) {
                m_problem.earlierOffset = earlier;
                m_p = m_begin + nameOffset; // the second one is where the problem is
                // The name is quoted in a sentence: its control characters stay visible escapes.
                return fail(Msg::tr("member \"%1\" appears twice")
                                .arg(terminalSafe(elide(QString::fromUtf8(name)), LineFeeds::Escape)));
            }
            if (count < inlineNames.size())
                inlineNames[count] = {name, nameOffset};
            else
                moreNames.insert(name, nameOffset);
            ++count;
            skipWhitespace();
            if (m_p == m_end || *m_p != ':')
                return fail(Msg::tr("expected ':'"));
            ++m_p;
            skipWhitespace();
            if (!value(depth))
                return false;
            skipWhitespace();
            if (m_p == m_end)
                return fail(Msg::tr("the JSON text ends too early"));
            if (*m_p == ',') {
                ++m_p;
                continue;
            }
            if (*m_p == '}') {
                ++m_p;
                return true;
            }
            return fail(Msg::tr("expected ',' or '}'"));
        }
    }

    bool array(int depth)
    {
        if (depth > kMaxDepth)
            return fail(Msg::tr("JSON nested too deeply"));
        ++m_p;
        skipWhitespace();
        if (m_p != m_end && *m_p == ']') {
            ++m_p;
            return true;
        }
        while (true) {
            skipWhitespace();
            if (!value(depth))
                return false;
            skipWhitespace();
            if (m_p == m_end)
                return fail(Msg::tr("the JSON text ends too early"));
            if (*m_p == ',') {
                ++m_p;
                continue;
            }
            if (*m_p == ']') {
                ++m_p;
                return true;
            }
            return fail(Msg::tr("expected ',' or ']'"));
        }
    }

    const unsigned char *m_begin;
    const unsigned char *m_p;
    const unsigned char *m_end;
    QString m_error;
    StrictJsonProblem m_problem;
};

} // namespace

bool isStrictJson(QByteArrayView text, QString *error)
{
    StrictParser parser(text);
    if (parser.parseDocument(false))
        return true;
    if (error)
        *error = parser.error();
    return false;
}

bool isStrictJson(QByteArrayView text, StrictJsonProblem *problem)
{
    StrictParser parser(text);
    if (parser.parseDocument(false))
        return true;
    if (problem)
        *problem = parser.problem();
    return false;
}

std::optional<QJsonObject> parseStrictJsonObject(QByteArrayView text, QString *error)
{
    StrictParser parser(text);
    if (!parser.parseDocument(true)) {
        if (error)
            *error = parser.error();
        return std::nullopt;
    }
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromRawData(text.data(), text.size()), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        if (error)
            *error = Msg::tr("it is not a JSON object Qt can read (%1)").arg(parseError.errorString());
        return std::nullopt;
    }
    return doc.object();
}

} // namespace cmic::jose
