#pragma once

// A test that needs something from the machine (the Secret Service, Node.js packages, a tool) skips with the
// reason on a developer's machine that lacks it, but fails in CI (CI=true), where the scripts install and start
// everything: there a skip would hide a missing install step behind a green run.

#include <QString>
#include <QTest>

namespace cmic::test {

inline bool inCi() { return qEnvironmentVariable("CI") == QLatin1String("true"); }

} // namespace cmic::test

#define CMIC_SKIP_OR_FAIL_IN_CI(reason)                                                                                \
    do {                                                                                                               \
        const QString cmicSkipReason = (reason);                                                                       \
        if (cmic::test::inCi())                                                                                        \
            QFAIL(qPrintable(QStringLiteral("CI=true, so this must run here: ") + cmicSkipReason));                    \
        QSKIP(qPrintable(cmicSkipReason));                                                                             \
    } while (false)
