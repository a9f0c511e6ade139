#pragma once

#include "core/storage/SecretStore.h"

#include <QDeadlineTimer>
#include <QPointer>
#include <QSignalSpy>
#include <QTest>

// Small helpers for driving a SecretStore request to its answer in tests.
namespace cmic::test {

struct SecretAnswer
{
    bool arrived = false;
    SecretStore::Status status = SecretStore::Status::OtherError;
    QString key;
    QString secret;
    QString errorText;
};

// Waits for |request| to finish; returns arrived=false on timeout. The request is deleted after it answers.
inline SecretAnswer waitFor(SecretRequest *request, int timeoutMs = 20000)
{
    SecretAnswer answer;
    if (!request)
        return answer;
    QObject context;
    QObject::connect(request, &SecretRequest::finished, &context, [&answer](SecretRequest *finished) {
        answer.arrived = true;
        answer.status = finished->status();
        answer.key = finished->key();
        answer.secret = finished->secret().toString();
        answer.errorText = finished->errorText();
    });
    QDeadlineTimer deadline(timeoutMs);
    while (!answer.arrived && !deadline.hasExpired())
        QTest::qWait(5);
    return answer;
}

inline SecretAnswer readSecret(SecretStore &store, const QString &key) { return waitFor(store.read(key)); }

inline SecretAnswer writeSecret(SecretStore &store, const QString &key, const QString &secret)
{
    return waitFor(store.write(key, secret));
}

inline SecretAnswer removeSecret(SecretStore &store, const QString &key) { return waitFor(store.remove(key)); }

inline SecretAnswer probeStore(SecretStore &store) { return waitFor(store.probe()); }

} // namespace cmic::test
