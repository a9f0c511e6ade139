// writeRegularFile's optional mode: an export holding a secret is 0600 from its first byte, also when it replaces a
// file that was readable by others; without a mode a replaced file keeps its own.
#include "core/util/BoundedFile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace cmic;

namespace {

constexpr QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

mode_t modeOf(const QString &path)
{
    struct stat st = {};
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? (st.st_mode & 07777) : mode_t(0);
}

QByteArray contentOf(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestBoundedWriteMode : public QObject
{
    Q_OBJECT

private slots:
    void newFileGetsTheModeAsked()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("secret.env"));
        QVERIFY(writeRegularFile(path, "CMIC_CLIENT_SECRET=s3cr3t\n", kOwnerOnly).ok());
        QCOMPARE(modeOf(path), mode_t(0600));
        QCOMPARE(contentOf(path), QByteArray("CMIC_CLIENT_SECRET=s3cr3t\n"));
    }

    void replacedFileLosesItsWiderMode()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("secret.env"));
        QVERIFY(writeRegularFile(path, "old\n").ok());
        QVERIFY(::chmod(QFile::encodeName(path).constData(), 0644) == 0);
        QVERIFY(writeRegularFile(path, "new\n", kOwnerOnly).ok());
        QCOMPARE(modeOf(path), mode_t(0600));
        QCOMPARE(contentOf(path), QByteArray("new\n"));
    }

    void withoutAModeAReplacedFileKeepsItsOwn()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("plain.env"));
        QVERIFY(writeRegularFile(path, "old\n").ok());
        QVERIFY(::chmod(QFile::encodeName(path).constData(), 0640) == 0);
        QVERIFY(writeRegularFile(path, "new\n").ok());
        QCOMPARE(modeOf(path), mode_t(0640));
    }

    void withoutAModeANewFileFollowsTheUmask()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("plain.env"));
        const mode_t old = ::umask(022);
        const bool written = writeRegularFile(path, "x\n").ok();
        ::umask(old);
        QVERIFY(written);
        QCOMPARE(modeOf(path), mode_t(0644));
    }
};

QTEST_GUILESS_MAIN(TestBoundedWriteMode)
#include "tst_boundedwritemode.moc"
