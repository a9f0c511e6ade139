#pragma once

#include "HttpResult.h"

#include "core/rules/Finding.h"

#include <QDateTime>
#include <QHash>
#include <QStringList>

#include <functional>
#include <memory>

class QObject;

namespace cmic {
class Clock;
}

namespace cmic::jose {
class JwkSet;
}

namespace cmic::net {

class HttpJob;
class HttpPolicy;

struct JwksResult
{
    bool ok = false;
    QByteArray json; // the JWK Set document as served (public keys only)
    QJsonObject jwks;
    QStringList kids;
    // The set parsed strictly, once per fetch and shared by every token verified against it; null when the
    // document is not a strict JWK Set (keySetError says why).
    std::shared_ptr<const jose::JwkSet> keySet;
    QString keySetError;
    bool fromCache = false;
    bool refetched = false; // fetched again because a kid was unknown
    QDateTime fetchedAt;
    Findings findings;
    HttpResult http; // the last exchange (empty when served from the cache)
};

// JWK Sets by URI. Honours Cache-Control max-age / no-store and revalidates with ETag (If-None-Match). When a
// token names a kid the cached set does not hold, fetches once more — at most once per minRefetchSeconds per
// URI, so a token with a bogus kid cannot make the console hammer the IdP.
class JwksCache
{
public:
    JwksCache(const HttpPolicy &policy, const Clock &clock);

    void setDefaultTtlSeconds(int seconds) { m_defaultTtl = seconds; } // when the server sends no max-age
    void setMinRefetchSeconds(int seconds) { m_minRefetch = seconds; }

    // |kid| may be empty (no kid check). Returns the job, or nullptr when answered from the cache or joined to a
    // fetch of the same URI already running (the callback then runs from the event loop, never synchronously).
    HttpJob *get(const QUrl &jwksUri, const QString &kid, std::function<void(const JwksResult &)> done,
                 const QString &subjectId = {}, QObject *parent = nullptr);
    JwksResult getBlocking(const QUrl &jwksUri, const QString &kid = {}, const QString &subjectId = {});

    void clear() { m_entries.clear(); }
    int networkFetches() const { return m_networkFetches; }

private:
    struct Entry
    {
        QByteArray json;
        QJsonObject jwks;
        QStringList kids;
        std::shared_ptr<const jose::JwkSet> keySet;
        QString keySetError;
        QByteArray etag;
        QDateTime fetchedAt;
        QDateTime expiresAt;
        QDateTime lastForcedRefetch;
    };

    HttpJob *fetch(const QUrl &jwksUri, const QString &kid, bool forced, std::function<void(const JwksResult &)> done,
                   const QString &subjectId, QObject *parent);
    JwksResult fromEntry(const Entry &entry, const QString &kid, const QString &subjectId) const;
    int ttlFrom(const HttpExchange &exchange, bool *noStore) const;

    struct Waiter
    {
        QString kid;
        QString subjectId;
        std::function<void(const JwksResult &)> done;
    };

    const HttpPolicy &m_policy;
    const Clock &m_clock;
    // Callbacks of jobs still running when this object is destroyed check it and do nothing.
    std::shared_ptr<int> m_alive = std::make_shared<int>(0);
    QHash<QString, Entry> m_entries;
    QHash<QString, QList<Waiter>> m_waiting; // callers that asked while a fetch of the same URI was running
    int m_defaultTtl = 300;
    int m_minRefetch = 60;
    int m_networkFetches = 0;
};

} // namespace cmic::net
