#pragma once

#include "HttpResult.h"

#include "core/rules/Finding.h"

#include <QStringList>

#include <functional>

class QObject;

namespace cmic::net {

class HttpJob;
class HttpPolicy;

// The shape of an Oracle ADF BC REST collection answer.
struct AdfCollectionSummary
{
    bool isCollection = false;
    int itemCount = 0;
    int count = -1;
    bool hasMore = false;
    int limit = -1;
    int offset = -1;
    QStringList firstItemFields;
};

struct ProbeResult
{
    bool ok = false; // CMiC answered 200 with data
    int status = 0;
    QString wwwAuthenticate;
    QString errorReference;   // from a 500: points into CMiC's log (logger cmic.oauth2.filter, level FINE)
    QString ecid;             // X-ORACLE-DMS-ECID: CMiC (Cloud) support's correlation id for this answer
    bool rateLimited = false; // 429: CMiC Cloud's per-address limits, nothing about the token
    AdfCollectionSummary summary;
    Findings findings; // what is known from the answer
    Findings hints;    // likely causes from the facts file: guesses, shown as hints, never as verdicts
    HttpResult http;
};

// GETs a CMiC endpoint with the bearer token and explains the answer. Probes only ever send GET.
class CmicProbe
{
public:
    // CMiC Cloud allows 5 concurrent requests and 15 per second per address and answers 429 at once beyond
    // (no Retry-After). Probes run one at a time, at least kPaceMs apart, and a 429 is retried once after
    // kRetryAfter429Ms.
    static constexpr int kPaceMs = 100;
    static constexpr int kRetryAfter429Ms = 2000;

    explicit CmicProbe(const HttpPolicy &policy) : m_policy(policy) {}

    // apiBaseUrl (e.g. https://host/cmicprod) + path, with limit=1 unless the path sets it.
    static QUrl probeUrl(const QString &apiBaseUrl, const QString &path);

    HttpJob *probe(const QUrl &url, const QString &accessToken, std::function<void(const ProbeResult &)> done,
                   const QString &subjectId = {}, QObject *parent = nullptr) const;
    ProbeResult probeBlocking(const QUrl &url, const QString &accessToken, const QString &subjectId = {}) const;

    static ProbeResult evaluate(const HttpResult &http, const QString &subjectId);
    // What CMiC's status for a probe says about the service user's access, in a few words (translated);
    // 0 is "no answer".
    static QString accessMeaning(int status);
    static AdfCollectionSummary summarize(const QJsonObject &body);

private:
    static ProbeResult evaluateAnswer(const HttpResult &http, const QString &subjectId);

    const HttpPolicy &m_policy;
};

} // namespace cmic::net
