#include "JwksCache.h"

#include "HttpClient.h"
#include "NetFindings.h"
#include "NetLog.h"

#include "core/jose/JwkSet.h"
#include "core/util/Clock.h"
#include "core/util/Elide.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QPointer>
#include <QRegularExpression>
#include <QTimer>

namespace cmic::net {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(cmic::net)
};

QStringList kidsOf(const QJsonObject &jwks)
{
    QStringList kids;
    for (const QJsonValue &key : jwks.value(QLatin1String("keys")).toArray())
        kids << key.toObject().value(QLatin1String("kid")).toString();
    return kids;
}

} // namespace

JwksCache::JwksCache(const HttpPolicy &policy, const Clock &clock) : m_policy(policy), m_clock(clock) {}

int JwksCache::ttlFrom(const HttpExchange &exchange, bool *noStore) const
{
    const QByteArray cacheControl = exchange.responseHeader("cache-control").toLower();
    *noStore = cacheControl.contains("no-store");
    if (*noStore || cacheControl.contains("no-cache"))
        return 0;
    static const QRegularExpression maxAge(QStringLiteral("max-age\\s*=\\s*(\\d+)"));
    const auto match = maxAge.match(QString::fromLatin1(cacheControl));
    if (match.hasMatch())
        return int(qMin<qint64>(match.captured(1).toLongLong(), 24 * 3600));
    return m_defaultTtl;
}

JwksResult JwksCache::fromEntry(const Entry &entry, const QString &kid, const QString &subjectId) const
{
    JwksResult result;
    result.ok = true;
    result.json = entry.json;
    result.jwks = entry.jwks;
    result.kids = entry.kids;
    result.keySet = entry.keySet;
    result.keySetError = entry.keySetError;
    result.fetchedAt = entry.fetchedAt;
    if (!kid.isEmpty() && !entry.kids.contains(kid)) {
        result.ok = false;
        result.findings << makeNetFinding(
            Severity::Error, QStringLiteral("jwks.unknown-kid"),
            Tr::tr("The token was signed with key \"%1\", which the JWKS does not contain (it has: %2).")
                .arg(elide(kid), elide(entry.kids.join(QLatin1String(", ")))),
            Tr::tr("Check that the registration's JWKS URI belongs to the IdP that issued the token; if the IdP just "
                   "rotated its keys, try again in a minute."),
            subjectId, QStringLiteral("jwksUri"));
    }
    return result;
}

HttpJob *JwksCache::get(const QUrl &jwksUri, const QString &kid, std::function<void(const JwksResult &)> done,
                        const QString &subjectId, QObject *parent)
{
    const QString key = jwksUri.toString(QUrl::FullyEncoded);
    if (m_waiting.contains(key)) {
        // One fetch per URI at a time: concurrent validations share it.
        m_waiting[key].append({kid, subjectId, std::move(done)});
        return nullptr;
    }
    const auto it = m_entries.constFind(key);
    const QDateTime now = m_clock.now();
    if (it != m_entries.constEnd()) {
        const bool fresh = now < it->expiresAt;
        const bool kidKnown = kid.isEmpty() || it->kids.contains(kid);
        const bool mayRefetch = !it->lastForcedRefetch.isValid() || it->lastForcedRefetch.secsTo(now) >= m_minRefetch;
        if (fresh && (kidKnown || !mayRefetch)) {
            JwksResult result = fromEntry(*it, kid, subjectId);
            result.fromCache = true;
            QTimer::singleShot(0, [done = std::move(done), result] {
                if (done)
                    done(result);
            });
            return nullptr;
        }
        return fetch(jwksUri, kid, fresh && !kidKnown, std::move(done), subjectId, parent);
    }
    return fetch(jwksUri, kid, false, std::move(done), subjectId, parent);
}

HttpJob *JwksCache::fetch(const QUrl &jwksUri, const QString &kid, bool forced,
                          std::function<void(const JwksResult &)> done, const QString &subjectId, QObject *parent)
{
    const QString key = jwksUri.toString(QUrl::FullyEncoded);
    HttpRequestSpec spec;
    spec.url = jwksUri;
    spec.headers = {{"Accept", "application/jwk-set+json, application/json"}};
    if (m_entries.contains(key) && !m_entries.value(key).etag.isEmpty())
        spec.headers.append({"If-None-Match", m_entries.value(key).etag});
    if (forced)
        m_entries[key].lastForcedRefetch = m_clock.now();
    ++m_networkFetches;
    m_waiting.insert(key, {});
    return HttpClient(m_policy).start(
        spec,
        [this, alive = std::weak_ptr<int>(m_alive), key, kid, forced, subjectId,
         done = std::move(done)](const HttpResult &http) {
            if (alive.expired())
                return;
            JwksResult result;
            const QDateTime now = m_clock.now();
            if (http.ok && http.status == 304 && m_entries.contains(key)) {
                Entry &entry = m_entries[key];
                bool noStore = false;
                entry.expiresAt = now.addSecs(ttlFrom(http.exchange, &noStore));
                result = fromEntry(entry, kid, subjectId);
            } else if (http.ok) {
                const QJsonObject jwks = http.json.object();
                if (!http.json.isObject() || !jwks.value(QLatin1String("keys")).isArray()) {
                    result.findings << makeNetFinding(
                        Severity::Error, QStringLiteral("jwks.not-a-jwk-set"),
                        Tr::tr("%1 did not return a JWK Set (a JSON object with \"keys\").")
                            .arg(elide(http.exchange.url.toDisplayString())),
                        Tr::tr("Check the JWKS URI; it must point at the IdP's public "
                               "keys document, not at discovery or a web page."),
                        subjectId, QStringLiteral("jwksUri"));
                } else {
                    bool noStore = false;
                    const int ttl = ttlFrom(http.exchange, &noStore);
                    Entry entry;
                    const QDateTime lastForced = m_entries.value(key).lastForcedRefetch;
                    entry.json = http.body;
                    entry.jwks = jwks;
                    entry.kids = kidsOf(jwks);
                    if (auto parsed = jose::JwkSet::parse(http.body, &entry.keySetError))
                        entry.keySet = std::make_shared<const jose::JwkSet>(std::move(*parsed));
                    entry.etag = http.exchange.responseHeader("etag");
                    entry.fetchedAt = now;
                    entry.expiresAt = now.addSecs(ttl);
                    entry.lastForcedRefetch = lastForced;
                    result = fromEntry(entry, kid, subjectId);
                    if (noStore)
                        m_entries.remove(key);
                    else
                        m_entries.insert(key, entry);
                }
            } else {
                result.findings << findingFromNetError(http, subjectId, QStringLiteral("jwksUri"));
            }
            result.refetched = forced;
            result.http = http;
            qCDebug(lcNet) << "JWKS" << key << "ok" << result.ok << "kids" << result.kids << "forced" << forced;
            const QList<Waiter> waiters = m_waiting.take(key);
            if (done)
                done(result);
            for (const Waiter &waiter : waiters) {
                JwksResult shared = result;
                if (m_entries.contains(key)) {
                    shared = fromEntry(m_entries.value(key), waiter.kid, waiter.subjectId);
                    shared.http = http;
                } else if (!waiter.subjectId.isEmpty()) {
                    for (Finding &finding : shared.findings)
                        finding.subjectId = waiter.subjectId;
                }
                if (waiter.done)
                    waiter.done(shared);
            }
        },
        parent);
}

JwksResult JwksCache::getBlocking(const QUrl &jwksUri, const QString &kid, const QString &subjectId)
{
    return waitForResult<JwksResult>([&](auto callback) { get(jwksUri, kid, callback, subjectId); });
}

} // namespace cmic::net
