// PKCS#12 import for certificate credentials (net::Certificate::fromPkcs12 / readPkcs12File): files made at test
// time by `openssl pkcs12 -export` and by OpenSSL's PKCS12_create, read back with the key and certificate they
// hold; and the files an import must refuse with a message that says what to do: a wrong or missing password, no
// key, no certificate, a certificate of another key, an expired certificate, a key the console cannot sign with,
// garbage, a truncated file, an empty file, a huge file (refused before it is read), a named pipe and a device.
#include "TestCertificates.h"
#include "core/net/Certificate.h"
#include "core/net/JwtSigner.h"

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <openssl/err.h>
#include <openssl/pkcs12.h>
#include <openssl/rsa.h>

#include <sys/stat.h>

using namespace cmic;
using namespace cmic::net;

namespace {

const QByteArray kPassword = "correct horse";

X509 *x509Of(const QByteArray &pem)
{
    BIO *bio = BIO_new_mem_buf(pem.constData(), int(pem.size()));
    X509 *x509 = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    return x509;
}

// PKCS12_create with OpenSSL 3's defaults (AES-256-CBC, PBKDF2, a SHA-256 MAC); |key| or |certificate| may be
// null, |chain| is added as CA certificates.
QByteArray makePkcs12(const char *password, EVP_PKEY *key, const QByteArray &certificate,
                      const QList<QByteArray> &chain = {})
{
    X509 *x509 = certificate.isEmpty() ? nullptr : x509Of(certificate);
    STACK_OF(X509) *ca = chain.isEmpty() ? nullptr : sk_X509_new_null();
    for (const QByteArray &pem : chain)
        sk_X509_push(ca, x509Of(pem));
    PKCS12 *p12 = PKCS12_create(password, "cmic-test", key, x509, ca, 0, 0, 0, 0, 0);
    QByteArray der;
    if (p12) {
        unsigned char *out = nullptr;
        const int length = i2d_PKCS12(p12, &out);
        if (length > 0)
            der = QByteArray(reinterpret_cast<const char *>(out), length);
        OPENSSL_free(out);
        PKCS12_free(p12);
    }
    X509_free(x509);
    sk_X509_pop_free(ca, X509_free);
    ERR_clear_error();
    return der;
}

} // namespace

class TestPkcs12 : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    JwtSigner m_rsa = JwtSigner::generateRsa(2048);
    JwtSigner m_ec = JwtSigner::generateEc();
    JwtSigner m_other = JwtSigner::generateRsa(2048);
    QByteArray m_rsaCertificate;
    QByteArray m_ecCertificate;
    QByteArray m_otherCertificate;
    QByteArray m_expiredCertificate;
    QString m_openssl;

    QString write(const QString &name, const QByteArray &bytes) const
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write(bytes);
        return path;
    }

    // `openssl pkcs12 -export` of |keyPem| and |certificatePem| with |password|, as an admin would make one.
    QByteArray exportWithOpenssl(const QByteArray &keyPem, const QByteArray &certificatePem, const QByteArray &password)
    {
        const QString key = write(QStringLiteral("key.pem"), keyPem);
        const QString cert = write(QStringLiteral("cert.pem"), certificatePem);
        const QString out = m_dir.filePath(QStringLiteral("export.pfx"));
        QProcess openssl;
        openssl.start(m_openssl, {QStringLiteral("pkcs12"), QStringLiteral("-export"), QStringLiteral("-inkey"), key,
                                  QStringLiteral("-in"), cert, QStringLiteral("-out"), out, QStringLiteral("-passout"),
                                  QStringLiteral("pass:") + QString::fromLatin1(password)});
        if (!openssl.waitForFinished(30000) || openssl.exitCode() != 0) {
            qWarning() << openssl.readAllStandardError();
            return {};
        }
        QFile file(out);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_rsaCertificate = cmic::test::selfSignedCertificate(m_rsa.pkey(), -3600, 365L * 86400, "cmic-pfx-rsa");
        m_ecCertificate = cmic::test::selfSignedCertificate(m_ec.pkey(), -3600, 365L * 86400, "cmic-pfx-ec");
        m_otherCertificate = cmic::test::selfSignedCertificate(m_other.pkey(), -3600, 365L * 86400, "cmic-other");
        m_expiredCertificate =
            cmic::test::selfSignedCertificate(m_rsa.pkey(), -90L * 86400, -86400, "cmic-pfx-expired");
        m_openssl = QStandardPaths::findExecutable(QStringLiteral("openssl"));
        QVERIFY2(!m_openssl.isEmpty(), "the openssl command is needed (Debian: apt install openssl)");
    }

    void opensslExportIsRead_data()
    {
        QTest::addColumn<QString>("key"); // rsa / ec
        QTest::addColumn<QByteArray>("password");
        QTest::newRow("RSA, password") << QStringLiteral("rsa") << kPassword;
        QTest::newRow("P-256, password") << QStringLiteral("ec") << QByteArray("p@ss w0rd!");
        QTest::newRow("RSA, empty password") << QStringLiteral("rsa") << QByteArray();
    }

    void opensslExportIsRead()
    {
        QFETCH(QString, key);
        QFETCH(QByteArray, password);
        const JwtSigner &signer = key == QLatin1String("rsa") ? m_rsa : m_ec;
        const QByteArray certificate = key == QLatin1String("rsa") ? m_rsaCertificate : m_ecCertificate;
        const QByteArray pfx = exportWithOpenssl(signer.privateKeyPem(), certificate, password);
        QVERIFY(!pfx.isEmpty());
        const QString path = write(QStringLiteral("client.pfx"), pfx);

        Pkcs12Contents contents;
        QString error;
        QVERIFY2(Certificate::readPkcs12File(path, password, QDateTime::currentDateTimeUtc(), &contents, &error),
                 qPrintable(error));
        const Certificate expected = Certificate::fromPem(certificate);
        QCOMPARE(contents.certificate.x5tS256(), expected.x5tS256());
        QCOMPARE(contents.certificate.x5t(), expected.x5t());
        QCOMPARE(contents.certificate.subject(), expected.subject());
        QCOMPARE(Certificate::fromPem(contents.certificate.toPem()).x5tS256(), expected.x5tS256());
        // The key is the one exported, and signs as it did.
        const JwtSigner imported =
            JwtSigner::fromPem(QByteArray(contents.privateKeyPem.data(), contents.privateKeyPem.size()));
        QVERIFY(imported.isValid());
        QVERIFY(contents.certificate.matchesKey(imported.pkey()));
        QCOMPARE(imported.publicJwk(QString(), QString()), signer.publicJwk(QString(), QString()));
        // The wrong password for the same file: said as such.
        QVERIFY(
            !Certificate::readPkcs12File(path, "not the password", QDateTime::currentDateTimeUtc(), &contents, &error));
        QVERIFY2(error.contains(QLatin1String("password is wrong")), qPrintable(error));
    }

    void chainIsKeptApart()
    {
        const QByteArray pfx = makePkcs12(kPassword.constData(), m_rsa.pkey(), m_rsaCertificate, {m_otherCertificate});
        Pkcs12Contents contents;
        QString error;
        QVERIFY2(Certificate::fromPkcs12(pfx, kPassword, QDateTime::currentDateTimeUtc(), &contents, &error),
                 qPrintable(error));
        QCOMPARE(contents.extraCertificates, 1);
        QCOMPARE(contents.certificate.x5tS256(), Certificate::fromPem(m_rsaCertificate).x5tS256());
    }

    void refused_data()
    {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<QByteArray>("password");
        QTest::addColumn<QString>("says");     // what is wrong
        QTest::addColumn<QString>("whatToDo"); // and what to do

        const QByteArray good = makePkcs12(kPassword.constData(), m_rsa.pkey(), m_rsaCertificate);
        QVERIFY(!good.isEmpty());
        QTest::newRow("wrong password") << good << QByteArray("Correct Horse") << QStringLiteral("password is wrong")
                                        << QStringLiteral("Type the password it was exported with");
        QTest::newRow("no password given")
            << good << QByteArray() << QStringLiteral("protected by a password") << QStringLiteral("Type the password");
        QTest::newRow("certificate only")
            << makePkcs12(kPassword.constData(), nullptr, m_rsaCertificate) << kPassword
            << QStringLiteral("no private key") << QStringLiteral("export the private key");
        QTest::newRow("key only") << makePkcs12(kPassword.constData(), m_rsa.pkey(), QByteArray()) << kPassword
                                  << QStringLiteral("no certificate") << QStringLiteral("Export it again");
        QTest::newRow("another key's certificate")
            << makePkcs12(kPassword.constData(), m_rsa.pkey(), QByteArray(), {m_otherCertificate}) << kPassword
            << QStringLiteral("belongs to its private key") << QStringLiteral("made for this key");
        QTest::newRow("expired certificate")
            << makePkcs12(kPassword.constData(), m_rsa.pkey(), m_expiredCertificate) << kPassword
            << QStringLiteral("expired on") << QStringLiteral("upload the certificate to the IdP");

        EVP_PKEY *weak = EVP_RSA_gen(1024);
        const QByteArray weakCertificate = cmic::test::selfSignedCertificate(weak, -3600, 86400, "weak");
        QTest::newRow("RSA 1024 key") << makePkcs12(kPassword.constData(), weak, weakCertificate) << kPassword
                                      << QStringLiteral("1024") << QStringLiteral("2048");
        EVP_PKEY_free(weak);

        QByteArray garbage(4096, Qt::Uninitialized);
        QRandomGenerator rng(4711);
        for (char &c : garbage)
            c = char(rng.bounded(256));
        QTest::newRow("garbage") << garbage << kPassword << QStringLiteral("not a readable PKCS#12 file")
                                 << QStringLiteral("Export the certificate again");
        // A DER SEQUENCE header that promises more than follows.
        QTest::newRow("DER header only") << QByteArray::fromHex("3082ffff0201") << kPassword
                                         << QStringLiteral("not a readable PKCS#12 file")
                                         << QStringLiteral("import the PEM");
        for (const qsizetype cut : {qsizetype(16), good.size() / 2, good.size() - 1})
            QTest::addRow("truncated to %lld bytes", qlonglong(cut))
                << good.left(cut) << kPassword << QStringLiteral("truncated") << QStringLiteral("Export");
        QTest::newRow("PEM, not PKCS#12") << m_rsaCertificate << kPassword << QStringLiteral("not a readable")
                                          << QStringLiteral("PEM certificate and key");
        QTest::newRow("empty") << QByteArray() << kPassword << QStringLiteral("empty")
                               << QStringLiteral("exported with the private key");
    }

    void refused()
    {
        QFETCH(QByteArray, file);
        QFETCH(QByteArray, password);
        QFETCH(QString, says);
        QFETCH(QString, whatToDo);
        Pkcs12Contents contents;
        QString error;
        QVERIFY(!Certificate::fromPkcs12(file, password, QDateTime::currentDateTimeUtc(), &contents, &error));
        QVERIFY2(error.contains(says, Qt::CaseInsensitive), qPrintable(error));
        QVERIFY2(error.contains(whatToDo, Qt::CaseInsensitive), qPrintable(error));
        QCOMPARE(contents.privateKeyPem.size(), 0);
        QVERIFY(!contents.certificate.isValid());
        // The same through a file.
        const QString path = write(QStringLiteral("refused.p12"), file);
        QVERIFY(!Certificate::readPkcs12File(path, password, QDateTime::currentDateTimeUtc(), &contents, &error));
        QVERIFY2(error.contains(says, Qt::CaseInsensitive), qPrintable(error));
    }

    // A file far larger than any PKCS#12 is refused from its size, before it is read: a sparse 4 GiB file takes no
    // time and no memory.
    void hugeFileIsRefusedUnread()
    {
        const QString path = m_dir.filePath(QStringLiteral("huge.pfx"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.resize(4LL * 1024 * 1024 * 1024));
        file.close();
        QElapsedTimer timer;
        timer.start();
        Pkcs12Contents contents;
        QString error;
        QVERIFY(!Certificate::readPkcs12File(path, kPassword, QDateTime::currentDateTimeUtc(), &contents, &error));
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY2(error.contains(QLatin1String("larger than")), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String(".pfx or .p12")), qPrintable(error));
        // In memory, too: the size is checked before a byte is parsed.
        const QByteArray big(Certificate::kMaxPkcs12Bytes + 1, '\x30');
        QVERIFY(!Certificate::fromPkcs12(big, kPassword, QDateTime::currentDateTimeUtc(), &contents, &error));
        QVERIFY2(error.contains(QLatin1String("too large")), qPrintable(error));
    }

    void specialFilesAreRefused_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("says");
        const QString fifo = m_dir.filePath(QStringLiteral("pipe.pfx"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        QTest::newRow("named pipe") << fifo << QStringLiteral("FIFO");
        QTest::newRow("device") << QStringLiteral("/dev/zero") << QStringLiteral("device");
        QTest::newRow("folder") << m_dir.path() << QStringLiteral("folder");
        QTest::newRow("missing") << m_dir.filePath(QStringLiteral("none.p12")) << QString();
    }

    void specialFilesAreRefused()
    {
        QFETCH(QString, path);
        QFETCH(QString, says);
        QElapsedTimer timer;
        timer.start();
        Pkcs12Contents contents;
        QString error;
        QVERIFY(!Certificate::readPkcs12File(path, kPassword, QDateTime::currentDateTimeUtc(), &contents, &error));
        QVERIFY2(timer.elapsed() < 2000, "the read must not wait for a writer");
        QVERIFY2(error.contains(says), qPrintable(error));
        QVERIFY2(error.contains(QLatin1String(".pfx or .p12")), qPrintable(error));
    }

    void looksLikePkcs12()
    {
        QVERIFY(Certificate::looksLikePkcs12(QStringLiteral("client.PFX")));
        QVERIFY(Certificate::looksLikePkcs12(QStringLiteral("client.p12")));
        QVERIFY(Certificate::looksLikePkcs12(QStringLiteral("client.bin"), QByteArrayView("\x30\x82", 2)));
        QVERIFY(!Certificate::looksLikePkcs12(QStringLiteral("client.pem"), QByteArrayView("-----BEGIN")));
        QVERIFY(!Certificate::looksLikePkcs12(QStringLiteral("client.crt")));
    }
};

QTEST_GUILESS_MAIN(TestPkcs12)
#include "tst_pkcs12.moc"
