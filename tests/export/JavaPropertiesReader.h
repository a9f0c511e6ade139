#pragma once

// A java.util.Properties reader for tests: what Properties.load(InputStream) returns for a file, in file order.

#include <QList>
#include <QPair>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

namespace cmic::test {

// java.util.Properties.load(InputStream), written from its documentation: ISO 8859-1 bytes, natural lines joined
// by an odd number of trailing backslashes, comment lines (# or ! after blanks), the key ending at the first
// unescaped "=", ":" or blank, blanks and one separator skipped, then \uXXXX, \t \n \r \f and "\x" -> "x" escapes.
inline QList<QPair<QString, QString>> loadJavaProperties(const QByteArray &bytes, QString *error)
{
    const QString text = QString::fromLatin1(bytes);
    const QStringList natural = text.split(QRegularExpression(QStringLiteral("\r\n|\r|\n")));
    QList<QPair<QString, QString>> out;
    const auto isBlank = [](QChar c) {
        return c == QLatin1Char(' ') || c == QLatin1Char('\t') || c == QLatin1Char('\f');
    };
    qsizetype i = 0;
    while (i < natural.size()) {
        QString line = natural.at(i++);
        qsizetype start = 0;
        while (start < line.size() && isBlank(line.at(start)))
            ++start;
        if (start == line.size() || line.at(start) == QLatin1Char('#') || line.at(start) == QLatin1Char('!'))
            continue;
        line = line.mid(start);
        // continuation lines
        const auto trailingBackslashes = [](const QString &l) {
            qsizetype n = 0;
            while (n < l.size() && l.at(l.size() - 1 - n) == QLatin1Char('\\'))
                ++n;
            return n;
        };
        while (trailingBackslashes(line) % 2 == 1) {
            line.chop(1);
            if (i >= natural.size())
                break;
            QString next = natural.at(i++);
            qsizetype s = 0;
            while (s < next.size() && isBlank(next.at(s)))
                ++s;
            line += next.mid(s);
        }
        // split key / value on the raw (escaped) text
        qsizetype keyEnd = 0;
        bool escaped = false;
        for (; keyEnd < line.size(); ++keyEnd) {
            const QChar c = line.at(keyEnd);
            if (escaped) {
                escaped = false;
                continue;
            }
            if (c == QLatin1Char('\\')) {
                escaped = true;
                continue;
            }
            if (c == QLatin1Char('=') || c == QLatin1Char(':') || isBlank(c))
                break;
        }
        qsizetype valueStart = keyEnd;
        while (valueStart < line.size() && isBlank(line.at(valueStart)))
            ++valueStart;
        if (valueStart < line.size()
            && (line.at(valueStart) == QLatin1Char('=') || line.at(valueStart) == QLatin1Char(':'))) {
            ++valueStart;
            while (valueStart < line.size() && isBlank(line.at(valueStart)))
                ++valueStart;
        }
        const auto unescape = [error](const QString &raw) {
            QString v;
            for (qsizetype k = 0; k < raw.size(); ++k) {
                QChar c = raw.at(k);
                if (c != QLatin1Char('\\') || k + 1 >= raw.size()) {
                    v += c;
                    continue;
                }
                c = raw.at(++k);
                if (c == QLatin1Char('u')) {
                    bool ok = false;
                    const ushort code = raw.mid(k + 1, 4).toUShort(&ok, 16);
                    if (!ok || raw.mid(k + 1, 4).size() != 4)
                        *error = QStringLiteral("Malformed \\uxxxx encoding.");
                    v += QChar(code);
                    k += 4;
                } else if (c == QLatin1Char('t')) {
                    v += QLatin1Char('\t');
                } else if (c == QLatin1Char('n')) {
                    v += QLatin1Char('\n');
                } else if (c == QLatin1Char('r')) {
                    v += QLatin1Char('\r');
                } else if (c == QLatin1Char('f')) {
                    v += QLatin1Char('\f');
                } else {
                    v += c;
                }
            }
            return v;
        };
        out.append({unescape(line.left(keyEnd)), unescape(line.mid(valueStart))});
    }
    return out;
}

} // namespace cmic::test
