// writeRegularFile's access: OwnerOnly gives mode 0600 whatever the umask and whatever mode the replaced file had,
// and Default keeps the usual mode (the umask's).
#include "core/util/BoundedFile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace cmic;

namespace {

unsigned modeOf(const QString &path)
{
    struct stat st = {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return 0xFFFF;
    return unsigned(st.st_mode & 07777);
}

} // namespace

class TestBoundedWrite : public QObject
{
    Q_OBJECT

private slots:
    void ownerOnlyIs0600WhateverTheUmask()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("secret.env"));
        const mode_t old = ::umask(0);
        const BoundedWrite fresh = writeRegularFile(path, QByteArrayLiteral("S=1\n"), FileAccess::OwnerOnly);
        ::umask(old);
        QVERIFY(fresh.ok());
        QCOMPARE(modeOf(path), 0600u);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArrayLiteral("S=1\n"));
    }

    void ownerOnlyNarrowsAFileThatWasReadableByAll()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("export.properties"));
        QVERIFY(writeRegularFile(path, QByteArrayLiteral("old")).ok());
        QVERIFY(::chmod(QFile::encodeName(path).constData(), 0644) == 0);
        QVERIFY(writeRegularFile(path, QByteArrayLiteral("new"), FileAccess::OwnerOnly).ok());
        QCOMPARE(modeOf(path), 0600u);
    }

    void defaultFollowsTheUmask()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("plain.txt"));
        const mode_t old = ::umask(022);
        const BoundedWrite written = writeRegularFile(path, QByteArrayLiteral("x"));
        ::umask(old);
        QVERIFY(written.ok());
        QCOMPARE(modeOf(path), 0644u);
    }
};

QTEST_GUILESS_MAIN(TestBoundedWrite)
#include "tst_boundedwrite.moc"
