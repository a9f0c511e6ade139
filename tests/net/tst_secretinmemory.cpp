// While a token request is sent and after it, the client secret is nowhere in this process's writable memory as text
// (UTF-16, the form a QString would leave), and after a client_secret_basic exchange not even as its raw bytes: the
// credential travels as bytes in one SecretBuffer, the encoded Authorization pair is built in wiped scratch, and every
// buffer is wiped before it is freed (docs/security.md, "Secrets in memory"). The whole memory is read through
// /proc/self/mem: the heap, the stacks of every thread (Qt's network thread included) and anonymous mappings.
//
// The test never holds the secret as one piece: it is kept XOR-masked and unmasked byte by byte while comparing, so
// a match can only be a copy the product left.
#include "core/net/HttpPolicy.h"
#include "core/net/TokenClient.h"
#include "core/util/Clock.h"
#include "core/validation/SetupValidator.h"

#include <QFile>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <openssl/crypto.h>

#include <sys/mman.h>
#include <unistd.h>

#include <array>

using namespace cmic;
using namespace cmic::net;

namespace {

constexpr char kMask = 0x5a;
// "Zq7vRk2pWm9xLc4tHb8nYd3s" masked with kMask, one byte at a time (unreserved characters: the form-encoded secret
// is the secret itself, so a body made from a QString would show up too).
constexpr std::array<char, 24> kMaskedSecret = {
    'Z' ^ kMask, 'q' ^ kMask, '7' ^ kMask, 'v' ^ kMask, 'R' ^ kMask, 'k' ^ kMask, '2' ^ kMask, 'p' ^ kMask,
    'W' ^ kMask, 'm' ^ kMask, '9' ^ kMask, 'x' ^ kMask, 'L' ^ kMask, 'c' ^ kMask, '4' ^ kMask, 't' ^ kMask,
    'H' ^ kMask, 'b' ^ kMask, '8' ^ kMask, 'n' ^ kMask, 'Y' ^ kMask, 'd' ^ kMask, '3' ^ kMask, 's' ^ kMask};

SecretBuffer unmaskedSecret()
{
    std::array<char, kMaskedSecret.size()> plain{};
    for (size_t i = 0; i < plain.size(); ++i)
        plain[i] = char(kMaskedSecret[i] ^ kMask);
    SecretBuffer secret{QByteArrayView(plain.data(), qsizetype(plain.size()))};
    OPENSSL_cleanse(plain.data(), plain.size());
    return secret;
}

enum class Form { Utf8, Utf16 };

// Whether |bytes| holds the secret at |at| in |form|.
bool secretAt(const unsigned char *bytes, size_t available, size_t at, Form form)
{
    const size_t step = form == Form::Utf16 ? 2 : 1;
    if (available - at < kMaskedSecret.size() * step)
        return false;
    for (size_t k = 0; k < kMaskedSecret.size(); ++k) {
        if ((bytes[at + k * step] ^ kMask) != static_cast<unsigned char>(kMaskedSecret[k]))
            return false;
        if (form == Form::Utf16 && bytes[at + k * step + 1] != 0)
            return false;
    }
    return true;
}

// Copies of the secret in this process's writable memory, in |form|.
int copiesInMemory(Form form)
{
    QFile maps(QStringLiteral("/proc/self/maps"));
    QFile mem(QStringLiteral("/proc/self/mem"));
    if (!maps.open(QIODevice::ReadOnly) || !mem.open(QIODevice::ReadOnly | QIODevice::Unbuffered))
        return -1;
    const QList<QByteArray> lines = maps.readAll().split('\n'); // read whole before scanning
    // The scan's own buffer is a mapping of its own, left out of the scan.
    constexpr size_t kChunk = 1 << 20;
    void *chunk = mmap(nullptr, kChunk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (chunk == MAP_FAILED)
        return -1;
    const auto chunkStart = reinterpret_cast<quintptr>(chunk);
    auto *bytes = static_cast<unsigned char *>(chunk);
    int found = 0;
    for (const QByteArray &line : lines) {
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (fields.size() < 2 || !fields.at(1).startsWith("rw"))
            continue;
        const QList<QByteArray> range = fields.at(0).split('-');
        bool ok1 = false;
        bool ok2 = false;
        const quintptr start = range.value(0).toULongLong(&ok1, 16);
        const quintptr end = range.value(1).toULongLong(&ok2, 16);
        if (!ok1 || !ok2 || start == chunkStart)
            continue;
        const size_t overlap = kMaskedSecret.size() * 2;
        for (quintptr at = start; at < end; at += kChunk - overlap) {
            const size_t want = size_t(qMin<quintptr>(kChunk, end - at));
            const ssize_t got = pread(int(mem.handle()), bytes, want, off_t(at));
            if (got <= 0)
                break;
            for (size_t i = 0; i < size_t(got); ++i)
                found += secretAt(bytes, size_t(got), i, form) ? 1 : 0;
            if (size_t(got) < kChunk)
                break;
        }
    }
    munmap(chunk, kChunk);
    return found;
}

// A token endpoint on loopback that answers every request with a token and closes. Before it answers, while every
// copy the client made for the request is still alive, it counts the copies of the secret held as text.
class TokenEndpoint : public QObject
{
public:
    int textCopiesWhileSending = -1;

    TokenEndpoint()
    {
        m_server.listen(QHostAddress::LocalHost);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            QTcpSocket *socket = m_server.nextPendingConnection();
            connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                socket->readAll(); // the request is not looked at
                textCopiesWhileSending = copiesInMemory(Form::Utf16);
                const QByteArray body = "{\"access_token\":\"not-a-jwt\",\"token_type\":\"Bearer\",\"expires_in\":300}";
                socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
                              "Content-Length: "
                              + QByteArray::number(body.size()) + "\r\n\r\n" + body);
                socket->disconnectFromHost();
            });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        });
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/token").arg(m_server.serverPort())); }

private:
    QTcpServer m_server;
};

} // namespace

class TestSecretInMemory : public QObject
{
    Q_OBJECT

private:
    TokenEndpoint m_endpoint;

    void exchange(ClientAuthMethod method)
    {
        HttpPolicy policy;
        TokenClient tokens(policy, Clock::system());
        tokens.setCacheEnabled(false);
        TokenRequest request;
        request.tokenEndpoint = m_endpoint.url();
        request.clientId = QStringLiteral("client");
        request.authMethod = method;
        request.setCredential(unmaskedSecret());
        m_endpoint.textCopiesWhileSending = -1;
        const TokenResponse response = tokens.requestBlocking(request);
        QVERIFY2(response.ok, qPrintable(response.http.message));
        QCOMPARE(response.accessToken, QStringLiteral("not-a-jwt"));
        QCOMPARE(m_endpoint.textCopiesWhileSending, 0);
    }

private slots:
    // The scan finds what is there: a secret held as a QString is found as text, a buffer as bytes.
    void theScanFindsACopy()
    {
        QCOMPARE(copiesInMemory(Form::Utf16), 0);
        {
            SecretBuffer secret = unmaskedSecret();
            QVERIFY(copiesInMemory(Form::Utf8) >= 1);
            const QString text = secret.toString();
            QVERIFY(copiesInMemory(Form::Utf16) >= 1);
            wipeInPlace(text);
        }
        QCOMPARE(copiesInMemory(Form::Utf16), 0);
        QCOMPARE(copiesInMemory(Form::Utf8), 0);
    }

    void basicLeavesNoCopy()
    {
        exchange(ClientAuthMethod::ClientSecretBasic);
        QTest::qWait(50); // the reply and the job are deleted from the event loop
        QCOMPARE(copiesInMemory(Form::Utf16), 0);
        QCOMPARE(copiesInMemory(Form::Utf8), 0);
    }

    // The whole validation path: the input's buffer, the run's own copy, the token step's request.
    void aValidationSendsNoText()
    {
        Workspace workspace;
        workspace.id = QStringLiteral("ws-memory");
        AppRegistration registration;
        registration.id = QStringLiteral("reg-memory");
        registration.name = QStringLiteral("Memory check");
        registration.appId = QStringLiteral("client");
        registration.tokenEndpoint = m_endpoint.url().toString();
        workspace.registrations << registration;
        validation::ValidationInput input;
        input.workspace = workspace;
        input.registrationId = registration.id;
        input.credential = unmaskedSecret();
        input.probeCmic = false;
        HttpPolicy policy;
        m_endpoint.textCopiesWhileSending = -1;
        {
            validation::SetupValidator validator(policy, Clock::system());
            const validation::ValidationReport report = validator.runBlocking(input);
            QVERIFY(!report.cancelled);
        }
        input.credential.clear();
        QCOMPARE(m_endpoint.textCopiesWhileSending, 0); // -1: the token request never came
        QTest::qWait(50);
        QCOMPARE(copiesInMemory(Form::Utf16), 0);
    }

    // The form body goes to Qt's network stack, whose socket buffers are freed without a wipe (docs/security.md);
    // as text the secret was never there.
    void postLeavesNoText()
    {
        exchange(ClientAuthMethod::ClientSecretPost);
        QTest::qWait(50);
        QCOMPARE(copiesInMemory(Form::Utf16), 0);
    }
};

QTEST_GUILESS_MAIN(TestSecretInMemory)
#include "tst_secretinmemory.moc"
