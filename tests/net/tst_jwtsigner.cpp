// JwtSigner::fromPem, the private_key_jwt key reader: which keys it takes, and a clear refusal for the others
// (encrypted, wrong curve, short RSA, not a key) -- never a pass-phrase prompt on the terminal.
#include "core/net/JwtSigner.h"

#include <QTest>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

using namespace cmic::net;

namespace {

QByteArray bioText(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    QByteArray text(data, qsizetype(size));
    BIO_free(bio);
    return text;
}

EVP_PKEY *generate(const char *type, const char *curveOrNull, unsigned bits)
{
    if (curveOrNull)
        return EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", curveOrNull);
    return EVP_PKEY_Q_keygen(nullptr, nullptr, type, size_t(bits));
}

QByteArray pkcs8(EVP_PKEY *key, const char *passphraseOrNull)
{
    BIO *bio = BIO_new(BIO_s_mem());
    char *pass = const_cast<char *>(passphraseOrNull);
    PEM_write_bio_PKCS8PrivateKey(bio, key, passphraseOrNull ? EVP_aes_256_cbc() : nullptr, pass,
                                  passphraseOrNull ? int(qstrlen(passphraseOrNull)) : 0, nullptr, nullptr);
    return bioText(bio);
}

QByteArray traditional(EVP_PKEY *key, const char *passphraseOrNull)
{
    BIO *bio = BIO_new(BIO_s_mem());
    auto *pass = reinterpret_cast<unsigned char *>(const_cast<char *>(passphraseOrNull));
    PEM_write_bio_PrivateKey_traditional(bio, key, passphraseOrNull ? EVP_aes_128_cbc() : nullptr, pass,
                                         passphraseOrNull ? int(qstrlen(passphraseOrNull)) : 0, nullptr, nullptr);
    return bioText(bio);
}

} // namespace

class TestJwtSigner : public QObject
{
    Q_OBJECT

private slots:
    void readsRsaAndP256InBothPemForms()
    {
        EVP_PKEY *rsa = generate("RSA", nullptr, 2048);
        EVP_PKEY *ec = generate("EC", "P-256", 0);
        for (const QByteArray &pem : {pkcs8(rsa, nullptr), traditional(rsa, nullptr)}) {
            QString error;
            const JwtSigner signer = JwtSigner::fromPem(pem, &error);
            QVERIFY2(signer.isValid(), qPrintable(error));
            QVERIFY(signer.isRsa());
            QVERIFY(signer.supports(QStringLiteral("RS256")));
        }
        for (const QByteArray &pem : {pkcs8(ec, nullptr), traditional(ec, nullptr)}) {
            QString error;
            const JwtSigner signer = JwtSigner::fromPem(pem, &error);
            QVERIFY2(signer.isValid(), qPrintable(error));
            QCOMPARE(signer.defaultAlgorithm(), QStringLiteral("ES256"));
        }
        EVP_PKEY_free(rsa);
        EVP_PKEY_free(ec);
    }

    void refusesEncryptedKeysWithoutPrompting()
    {
        EVP_PKEY *ec = generate("EC", "P-256", 0);
        for (const QByteArray &pem : {pkcs8(ec, "correct horse"), traditional(ec, "correct horse")}) {
            QVERIFY(pem.contains("ENCRYPTED"));
            QString error;
            QVERIFY(!JwtSigner::fromPem(pem, &error).isValid());
            QVERIFY2(error.contains(QLatin1String("pass phrase")), qPrintable(error));
            QVERIFY(error.contains(QLatin1String("openssl pkey")));
        }
        EVP_PKEY_free(ec);
    }

    void refusesCurvesOtherThanP256()
    {
        EVP_PKEY *p384 = generate("EC", "P-384", 0);
        QString error;
        QVERIFY(!JwtSigner::fromPem(pkcs8(p384, nullptr), &error).isValid());
        QVERIFY2(error.contains(QLatin1String("secp384r1")) && error.contains(QLatin1String("P-256")),
                 qPrintable(error));
        EVP_PKEY_free(p384);
    }

    void refusesShortRsaKeys()
    {
        EVP_PKEY *rsa = generate("RSA", nullptr, 1024);
        QString error;
        QVERIFY(!JwtSigner::fromPem(pkcs8(rsa, nullptr), &error).isValid());
        QVERIFY2(error.contains(QLatin1String("1024")) && error.contains(QLatin1String("2048")), qPrintable(error));
        EVP_PKEY_free(rsa);
    }

    void refusesOtherKeyTypesAndText_data()
    {
        QTest::addColumn<QByteArray>("pem");
        EVP_PKEY *ed = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
        QTest::newRow("Ed25519") << pkcs8(ed, nullptr);
        EVP_PKEY_free(ed);
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("a certificate header")
            << QByteArray("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        QTest::newRow("truncated") << QByteArray("-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49\n");
    }

    void refusesOtherKeyTypesAndText()
    {
        QFETCH(QByteArray, pem);
        QString error;
        QVERIFY(!JwtSigner::fromPem(pem, &error).isValid());
        QVERIFY(!error.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestJwtSigner)
#include "tst_jwtsigner.moc"
