// Obtains and verifies access tokens for 100 registrations against the demo IdP (running in its own thread,
// like a real server): (A) sequentially with no caches at all -- a new client per registration, so no token,
// JWKS, decoded-key or connection cache -- and each token verified against a freshly parsed JWKS; (B) with at
// most 6 exchanges in flight, one TokenClient and one shared JwksCache whose parsed key set verifies every token.
// Prints the median of interleaved rounds, the ratio A/B and the failed exchanges (none expected).
//
// Scenarios: "https" is the sandbox as the product runs it (--demo, cmic-oauth sandbox: HTTPS with a generated
// CA) and is the one the >= 5x target is read against; "latency" adds a 20 ms round trip like a remote IdP;
// "plain" is bare-loopback HTTP, where both runs are bound by the IdP's RS256 signing on the same two cores.
//
// net_bench [--rounds N] [--scenario https|plain|latency|all] [--only A|B]
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
#include <QLoggingCategory>
#include <QSemaphore>
#include <QSslConfiguration>
#include <QTextStream>
#include <QThread>

#include <algorithm>
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

// A (no caches) parses the fetched document for every token; B verifies against the set the cache parsed once.
bool verify(const QString &token, const JwksResult &keys, bool useParsedSet)
{
    if (useParsedSet)
        return keys.keySet
               && jose::TokenVerifier(keys.keySet.get(), Clock::system()).verifyJws(token.toLatin1()).valid();
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

// |https|: the IdP serves HTTPS with a generated CA, as a real one does. Every exchange opens its own connection
// (HttpJob never shares one), so B's gain is concurrency and the JWKS cache, not connection reuse.
QList<Figures> runScenario(int latencyMs, bool https, const QString &only, int rounds)
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
        registration.request.setCredential(client.authMethod == ClientAuthMethod::PrivateKeyJwt
                                               ? SecretBuffer(clientKey.privateKeyPem())
                                               : SecretBuffer(client.secret));
        registrations.append(registration);
    }
    QList<Figures> all;
    for (int round = 0; round < rounds; ++round) {
        Figures figures;

        // A: sequential, no caches.
        QElapsedTimer timer;
        timer.start();
        if (only != QLatin1String("B")) {
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
                if (!token.ok || !jwks.ok || !verify(token.accessToken, jwks, false))
                    ++figures.failedA;
            }
        }
        figures.sequentialMs = timer.elapsed();

        // B: at most kConcurrency in flight, one shared JWKS cache.
        timer.restart();
        if (only != QLatin1String("A")) {
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
                        if (!token.ok || !jwks.ok || !verify(token.accessToken, jwks, true))
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
        all.append(figures);
    }
    idpThread.quit();
    idpThread.wait();
    return all;
}

} // namespace

namespace {

struct Scenario
{
    const char *name;
    int latency;
    bool https;
    const char *label;
    const char *target;
};

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    const qsizetype n = values.size();
    return n == 0 ? 0.0 : (n % 2 ? values.at(n / 2) : (values.at(n / 2 - 1) + values.at(n / 2)) / 2.0);
}

} // namespace

// net_bench [--rounds N] [--scenario plain|https|latency|all] [--only A|B]
int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES")) // as the console and the CLI: no debug chatter
        QLoggingCategory::setFilterRules(QStringLiteral("cmic.*.debug=false"));
    int rounds = 3;
    QString only;
    QString wanted = QStringLiteral("all");
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); i += 2) {
        if (args.at(i) == QLatin1String("--rounds"))
            rounds = qMax(1, args.at(i + 1).toInt());
        else if (args.at(i) == QLatin1String("--scenario"))
            wanted = args.at(i + 1);
        else if (args.at(i) == QLatin1String("--only"))
            only = args.at(i + 1);
    }
    QTextStream out(stdout);
    int failed = 0;
    out << kRegistrations << " registrations (client_secret_basic / client_secret_post / private_key_jwt ES256), "
        << "IdP signs RS256 in its own thread; median of " << rounds << " interleaved round(s).\n";
    const Scenario scenarios[] = {
        {"https", 0, true, "HTTPS as the sandbox serves it, bare loopback; A opens new connections per registration",
         "target >= 5x"},
        {"plain", 0, false, "plain HTTP, bare loopback",
         "not the target's scenario: both runs are bound by the IdP's RS256 signing on the same two cores"},
        {"latency", 20, false, "plain HTTP, simulated remote IdP", "target >= 5x"}};
    for (const Scenario &scenario : scenarios) {
        if (wanted != QLatin1String("all") && wanted != QLatin1String(scenario.name))
            continue;
        QList<double> a, b, ratios;
        int failedHere = 0;
        int jwksFetches = 0;
        for (const Figures &f : runScenario(scenario.latency, scenario.https, only, rounds)) {
            a << double(f.sequentialMs);
            b << double(f.concurrentMs);
            if (only.isEmpty())
                ratios << double(f.sequentialMs) / double(qMax<qint64>(f.concurrentMs, 1));
            failedHere += f.failedA + f.failedB;
            jwksFetches = qMax(jwksFetches, f.jwksFetches);
        }
        out << "\n"
            << scenario.label << " (IdP round trip " << scenario.latency << " ms)"
            << "\n  A sequential, no caches:       median " << median(a) << " ms"
            << "\n  B " << kConcurrency << " in flight, JWKS cache:  median " << median(b) << " ms, " << jwksFetches
            << " JWKS fetch(es) per round"
            << "\n  failed exchanges:              " << failedHere;
        if (!ratios.isEmpty()) {
            std::sort(ratios.begin(), ratios.end());
            out << "\n  speed-up A/B:                  median " << QString::number(median(ratios), 'f', 1)
                << "x (range " << QString::number(ratios.first(), 'f', 1) << "-"
                << QString::number(ratios.last(), 'f', 1) << "x; " << scenario.target << ")";
        }
        out << "\n";
        out.flush();
        failed += failedHere;
    }
    return failed == 0 ? 0 : 1;
}
