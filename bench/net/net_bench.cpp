// Obtains and verifies access tokens for 100 registrations against the demo IdP (running in its own thread,
// like a real server): (A) sequentially, with no token or JWKS cache, one exchange at a time; (B) with at most
// 6 exchanges in flight and one shared JwksCache. Prints both times, the ratio and the failed exchanges.
#include "core/jose/JwkSet.h"
#include "core/jose/TokenVerifier.h"
#include "core/jose/Verdict.h"
#include "core/net/HttpClient.h"
#include "core/net/HttpPolicy.h"
#include "core/net/JwksCache.h"
#include "core/net/JwtSigner.h"
#include "core/net/TokenClient.h"
#include "core/util/Clock.h"
#include "sandbox/DemoIdentityProvider.h"
#include "sandbox/SandboxTls.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QSemaphore>
#include <QSslConfiguration>
#include <QTextStream>
#include <QThread>

#include <cstdio>
#include <optional>

using namespace cmic;
using namespace cmic::net;
using namespace cmic::sandbox;

namespace {

constexpr int kRegistrations = 100;
constexpr int kConcurrency = 6;

struct Registration
{
    TokenRequest request;
};

// The IdP lives in its own thread with its own event loop.
class IdpThread : public QThread
{
public:
    QList<DemoClient> clients;
    int latencyMs = 0;
    std::optional<TlsMaterial> tls; // HTTPS like a real IdP when set
    QSemaphore ready;
    QUrl tokenEndpoint;
    QUrl jwksUri;

protected:
    void run() override
    {
        DemoIdentityProvider idp(Clock::system());
        for (const DemoClient &client : clients)
            idp.addClient(client);
        idp.setLatencyMs(latencyMs);
        const QSslConfiguration config = tls ? tls->serverConfiguration() : QSslConfiguration();
        idp.start(tls ? &config : nullptr);
        tokenEndpoint = idp.tokenEndpoint();
        jwksUri = idp.jwksUri();
        ready.release();
        exec();
        idp.stop();
    }
};

bool verify(const QString &token, const JwksResult &keys)
{
    QString error;
    const auto set = jose::JwkSet::parse(keys.json, &error);
    return set && jose::TokenVerifier(&*set, Clock::system()).verifyJws(token.toLatin1()).valid();
}

struct Figures
{
    qint64 sequentialMs = 0;
    qint64 concurrentMs = 0;
    int failedA = 0;
    int failedB = 0;
    int jwksFetches = 0;
};

// |https|: the IdP serves HTTPS with a generated CA, as a real one does; then A, with no caches, also has no
// connection to reuse: each registration opens its own TLS connections, where B keeps up to kConcurrency open.
Figures runScenario(int latencyMs, bool https)
{
    // A third of the registrations per client authentication method.
    const JwtSigner clientKey = JwtSigner::generateEc();
    IdpThread idpThread;
    idpThread.latencyMs = latencyMs;
    if (https) {
        QString error;
        idpThread.tls = TlsMaterial::generate(QString(), LeafProblem::None, &error);
        if (!idpThread.tls)
            qFatal("cannot generate TLS material: %s", qPrintable(error));
    }
    const auto trustSandboxCa = [&idpThread](HttpPolicy &policy) {
        if (idpThread.tls && !policy.setExtraCaBundlePem(idpThread.tls->caPem))
            qFatal("the sandbox CA was refused");
    };
    QList<Registration> registrations;
    for (int i = 0; i < kRegistrations; ++i) {
        DemoClient client;
        client.clientId = QStringLiteral("bench-%1").arg(i);
        client.authMethod = ClientAuthMethod(i % 3);
        client.secret = QStringLiteral("s3cr+t/with=chars&%-%1").arg(i);
        client.publicJwk = clientKey.publicJwk(QStringLiteral("bench-key"), QStringLiteral("ES256"));
        client.cmicUser = QStringLiteral("SVC_BENCH");
        idpThread.clients.append(client);
    }
    idpThread.start();
    idpThread.ready.acquire();
    for (const DemoClient &client : idpThread.clients) {
        Registration registration;
        registration.request.tokenEndpoint = idpThread.tokenEndpoint;
        registration.request.clientId = client.clientId;
        registration.request.authMethod = client.authMethod;
        registration.request.clientSecret = client.secret;
        registration.request.privateKeyPem = clientKey.privateKeyPem();
        registrations.append(registration);
    }
    Figures figures;

    // A: sequential, no caches.
    QElapsedTimer timer;
    timer.start();
    {
        std::optional<HttpPolicy> shared;
        if (!https) {
            shared.emplace();
            trustSandboxCa(*shared);
        }
        for (const Registration &registration : registrations) {
            std::optional<HttpPolicy> own; // over HTTPS: a new client, so no connection or TLS session is reused
            if (https) {
                own.emplace();
                trustSandboxCa(*own);
            }
            HttpPolicy &policy = https ? *own : *shared;
            TokenClient tokens(policy, Clock::system());
            tokens.setCacheEnabled(false);
            const TokenResponse token = tokens.requestBlocking(registration.request);
            JwksCache keys(policy, Clock::system());
            const JwksResult jwks = keys.getBlocking(idpThread.jwksUri);
            if (!token.ok || !jwks.ok || !verify(token.accessToken, jwks))
                ++figures.failedA;
        }
    }
    figures.sequentialMs = timer.elapsed();

    // B: at most kConcurrency in flight, one shared JWKS cache.
    timer.restart();
    {
        HttpPolicy policy;
        trustSandboxCa(policy);
        TokenClient tokens(policy, Clock::system());
        JwksCache keys(policy, Clock::system());
        QEventLoop loop;
        int next = 0;
        int done = 0;
        std::function<void()> launch = [&] {
            if (next >= registrations.size())
                return;
            const Registration &registration = registrations.at(next++);
            tokens.request(registration.request, [&](const TokenResponse &token) {
                keys.get(idpThread.jwksUri, {}, [&, token](const JwksResult &jwks) {
                    if (!token.ok || !jwks.ok || !verify(token.accessToken, jwks))
                        ++figures.failedB;
                    if (++done == registrations.size())
                        loop.quit();
                    launch();
                });
            });
        };
        for (int i = 0; i < kConcurrency; ++i)
            launch();
        loop.exec();
        figures.jwksFetches = keys.networkFetches();
    }
    figures.concurrentMs = timer.elapsed();
    idpThread.quit();
    idpThread.wait();
    return figures;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    int failed = 0;
    out << kRegistrations << " registrations (client_secret_basic / client_secret_post / private_key_jwt ES256), "
        << "IdP signs RS256 in its own thread.\n";
    const struct
    {
        int latency;
        bool https;
        const char *label;
    } scenarios[] = {{0, false, "plain HTTP, bare loopback"},
                     {0, true, "HTTPS like a real IdP, bare loopback; A opens new connections per registration"},
                     {20, false, "plain HTTP, simulated remote IdP"}};
    for (const auto &scenario : scenarios) {
        const int latency = scenario.latency;
        const Figures f = runScenario(latency, scenario.https);
        out << "\nIdP round-trip latency " << latency << " ms (" << scenario.label << ")"
            << "\n  A sequential, no caches:        " << f.sequentialMs << " ms, " << f.failedA
            << " failed exchange(s)\n"
            << "  B " << kConcurrency << " in flight, JWKS cache:   " << f.concurrentMs << " ms, " << f.failedB
            << " failed exchange(s), " << f.jwksFetches << " JWKS fetch(es)\n"
            << "  speed-up A/B:                   "
            << QString::number(double(f.sequentialMs) / double(qMax<qint64>(f.concurrentMs, 1)), 'f', 1)
            << "x (target >= 5x)\n";
        out.flush();
        failed += f.failedA + f.failedB;
    }
    return failed == 0 ? 0 : 1;
}
