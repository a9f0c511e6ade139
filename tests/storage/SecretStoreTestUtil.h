#pragma once

#include "core/storage/SecretStore.h"

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

// Waits for |signal| with request id |id| (the first argument); the other arguments are picked by position.
// Returns arrived=false on timeout.
inline SecretAnswer waitFor(QSignalSpy &spy, int id, int timeoutMs = 20000)
{
    SecretAnswer answer;
    auto take = [&]() {
        for (qsizetype i = 0; i < spy.size(); ++i) {
            const QList<QVariant> args = spy.at(i);
            if (args.value(0).toInt() != id)
                continue;
            answer.arrived = true;
            if (args.size() == 3) { // probeFinished(id, status, errorText)
                answer.status = args.at(1).value<SecretStore::Status>();
                answer.errorText = args.at(2).toString();
            } else {
                answer.key = args.at(1).toString();
                answer.status = args.at(2).value<SecretStore::Status>();
                if (args.size() == 5) { // readFinished(id, key, status, secret, errorText)
                    answer.secret = args.at(3).toString();
                    answer.errorText = args.at(4).toString();
                } else {
                    answer.errorText = args.at(3).toString();
                }
            }
            spy.removeAt(i);
            return true;
        }
        return false;
    };
    QDeadlineTimer deadline(timeoutMs);
    while (!take() && !deadline.hasExpired())
        spy.wait(static_cast<int>(qMax<qint64>(1, deadline.remainingTime())));
    return answer;
}

inline SecretAnswer readSecret(SecretStore &store, const QString &key)
{
    QSignalSpy spy(&store, &SecretStore::readFinished);
    return waitFor(spy, store.read(key));
}

inline SecretAnswer writeSecret(SecretStore &store, const QString &key, const QString &secret)
{
    QSignalSpy spy(&store, &SecretStore::writeFinished);
    return waitFor(spy, store.write(key, secret));
}

inline SecretAnswer removeSecret(SecretStore &store, const QString &key)
{
    QSignalSpy spy(&store, &SecretStore::removeFinished);
    return waitFor(spy, store.remove(key));
}

inline SecretAnswer probeStore(SecretStore &store)
{
    QSignalSpy spy(&store, &SecretStore::probeFinished);
    return waitFor(spy, store.probe());
}

} // namespace cmic::test
