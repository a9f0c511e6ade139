#include "Escapers.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace cmic::escape {

namespace {

QString hex4(char16_t unit) { return QStringLiteral("%1").arg(uint(unit), 4, 16, QLatin1Char('0')).toUpper(); }

bool isControl(QChar c)
{
    return c.unicode() < 0x20 || c.unicode() == 0x7f || (c.unicode() >= 0x80 && c.unicode() < 0xa0);
}

// The characters that mean nothing to a shell word nor to docker's env-file reader. Not "~": in an assignment
// the shell expands it at the start of the value and after every ":".
bool isBareSafe(QChar c)
{
    if (c.unicode() >= 0x80)
        return false;
    if (c.isLetterOrNumber())
        return true;
    return QStringView(u"_./:@%+,=-^").contains(c);
}

QString javaProperties(const QString &text, bool isKey)
{
    QString out;
    out.reserve(text.size() + 8);
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        switch (c.unicode()) {
        case '\\': out += QLatin1String("\\\\"); continue;
        case '\t': out += QLatin1String("\\t"); continue;
        case '\n': out += QLatin1String("\\n"); continue;
        case '\r': out += QLatin1String("\\r"); continue;
        case '\f': out += QLatin1String("\\f"); continue;
        case '=':
        case ':':
            if (isKey) {
                out += QLatin1Char('\\');
                out += c;
                continue;
            }
            break;
        case ' ':
            if (isKey || i == 0) { // a value's leading blanks are skipped by the reader; a key ends at a blank
                out += QLatin1String("\\ ");
                continue;
            }
            break;
        case '#':
        case '!':
            if (i == 0) { // at the start of a line they begin a comment
                out += QLatin1Char('\\');
                out += c;
                continue;
            }
            break;
        default: break;
        }
        if (c.unicode() < 0x20 || c.unicode() > 0x7e)
            out += QLatin1String("\\u") + hex4(c.unicode());
        else
            out += c;
    }
    return out;
}

} // namespace

QString shellWord(const QString &value)
{
    QString body = value;
    body.remove(QChar(0));
    body.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + body + QLatin1Char('\'');
}

QString envFileValue(const QString &value, bool *portable)
{
    const bool bare = std::all_of(value.cbegin(), value.cend(), isBareSafe);
    if (portable)
        *portable = bare;
    return bare ? value : shellWord(value);
}

QString javaPropertiesKey(const QString &key) { return javaProperties(key, true); }

QString javaPropertiesValue(const QString &value) { return javaProperties(value, false); }

QString yamlString(const QString &value)
{
    QString out = QStringLiteral("\"");
    for (const QChar c : value) {
        switch (c.unicode()) {
        case '\\': out += QLatin1String("\\\\"); continue;
        case '"': out += QLatin1String("\\\""); continue;
        case '\n': out += QLatin1String("\\n"); continue;
        case '\r': out += QLatin1String("\\r"); continue;
        case '\t': out += QLatin1String("\\t"); continue;
        default: break;
        }
        // Control characters, the byte order mark, the line separators and the two non-characters U+FFFE/U+FFFF,
        // which YAML readers refuse as raw text (PyYAML: "unacceptable character").
        if (isControl(c) || c.unicode() == 0xfeff || c.unicode() == 0x2028 || c.unicode() == 0x2029
            || c.unicode() >= 0xfffe)
            out += QLatin1String("\\u") + hex4(c.unicode());
        else
            out += c;
    }
    out += QLatin1Char('"');
    return out;
}

QString sqlString(const QString &value)
{
    QString body = value;
    body.remove(QChar(0));
    body.replace(QLatin1Char('\''), QLatin1String("''"));
    return QLatin1Char('\'') + body + QLatin1Char('\'');
}

QString jsonString(const QString &value)
{
    // QJsonDocument writes a whole array; the string is what sits between its brackets.
    const QByteArray array = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(array.mid(1, array.size() - 2));
}

QString html(const QString &value)
{
    QString out = value.toHtmlEscaped();
    out.replace(QLatin1Char('\''), QLatin1String("&#39;"));
    return out;
}

QString markdownCode(const QString &value)
{
    QString body = commentText(value);
    qsizetype longest = 0;
    qsizetype run = 0;
    for (const QChar c : body) {
        run = c == QLatin1Char('`') ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    const QString fence(longest + 1, QLatin1Char('`'));
    if (body.startsWith(QLatin1Char('`')) || body.endsWith(QLatin1Char('`')) || body.isEmpty())
        body = QLatin1Char(' ') + body + QLatin1Char(' ');
    return fence + body + fence;
}

QString markdownText(const QString &value)
{
    QString out;
    for (const QChar c : commentText(value)) {
        if (QStringView(u"\\`*_{}[]<>()#+-.!|~").contains(c))
            out += QLatin1Char('\\');
        out += c;
    }
    return out;
}

QString commentText(const QString &value)
{
    QString out = value;
    for (QChar &c : out) {
        if (isControl(c) || c.unicode() == 0x2028 || c.unicode() == 0x2029)
            c = QLatin1Char(' ');
    }
    return out;
}

} // namespace cmic::escape
