#pragma once

#include <QList>
#include <QProcess>
#include <QString>

// The Secret Service items a test wrote, read back with secret-tool (libsecret-tools): independent of the code under
// test, the way an admin would see them in Seahorse.
namespace cmic::test {

struct KeychainItem
{
    QString label;
    QString secret;
};

// Every item with QtKeychain's attributes for |service| and |key| ("server" and "user").
inline QList<KeychainItem> keychainItems(const QString &service, const QString &key)
{
    QProcess tool;
    tool.start(QStringLiteral("secret-tool"), {QStringLiteral("search"), QStringLiteral("--all"),
                                               QStringLiteral("server"), service, QStringLiteral("user"), key});
    if (!tool.waitForFinished(20000))
        return {};
    QList<KeychainItem> items;
    const QString out = QString::fromUtf8(tool.readAllStandardOutput() + tool.readAllStandardError());
    for (const QString &line : out.split(QLatin1Char('\n'))) {
        if (line.startsWith(QLatin1Char('[')))
            items.append(KeychainItem{});
        else if (!items.isEmpty() && line.startsWith(QLatin1String("label = ")))
            items.last().label = line.mid(8);
        else if (!items.isEmpty() && line.startsWith(QLatin1String("secret = ")))
            items.last().secret = line.mid(9);
    }
    return items;
}

} // namespace cmic::test
