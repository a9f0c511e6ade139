#pragma once

// Driving Validate Setup as an admin does, for the wizard's GUI tests: select the registration, Tools ▸ Validate
// Setup, then Next on the start page and wait for the run to finish.
#include "gui/MainWindow.h"
#include "gui/ValidateSetupWizard.h"

#include <QAbstractButton>
#include <QAction>
#include <QSignalSpy>
#include <QTest>

namespace cmic::test {

// The wizard Validate Setup opens for |registrationId|, or null when it cannot be opened (no such registration, the
// action disabled).
inline ValidateSetupWizard *openWizard(MainWindow &window, const QString &registrationId)
{
    if (!window.selectObject(ObjectKind::Registration, registrationId))
        return nullptr;
    QAction *action = window.findChild<QAction *>(QStringLiteral("actionValidateSetup"));
    if (!action || !action->isEnabled())
        return nullptr;
    action->trigger();
    return window.findChild<ValidateSetupWizard *>(QStringLiteral("validateSetupWizard"));
}

// Start page -> run page (Next, clicked as the admin clicks it), then waits for the run to finish; Next then leads on
// to the result page. A QTest failure inside returns early: callers check QTest::currentTestFailed().
inline void runToEnd(ValidateSetupWizard *wizard)
{
    QTRY_COMPARE(wizard->credentialState(), ValidateSetupWizard::CredentialState::Present);
    QVERIFY(wizard->button(QWizard::NextButton)->isEnabled());
    QSignalSpy finished(wizard, &ValidateSetupWizard::runFinished);
    QTest::mouseClick(wizard->button(QWizard::NextButton), Qt::LeftButton);
    QCOMPARE(wizard->currentId(), int(ValidateSetupWizard::RunPageId));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
    QVERIFY(wizard->button(QWizard::NextButton)->isEnabled());
}

} // namespace cmic::test
