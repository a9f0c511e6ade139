#include "ValidateSetupWizard.h"

#include "UserPrompts.h"
#include "core/validation/SetupValidator.h"
#include "validation/ValidateResultPage.h"
#include "validation/ValidateRunPage.h"
#include "validation/ValidateStartPage.h"

#include <QAbstractButton>
#include <QEvent>

namespace cmic {

using namespace validation;

ValidateSetupWizard::ValidateSetupWizard(WorkspaceDocument *document, SecretStore *secrets, const Clock &clock,
                                         QWidget *parent)
    : QWizard(parent)
{
    setObjectName(QStringLiteral("validateSetupWizard"));
    setAccessibleName(tr("Validate setup"));
    setWindowTitle(tr("Validate setup — CMiC OAuth Console"));
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnStartPage);
    setOption(QWizard::NoCancelButtonOnLastPage);
    setModal(false);
    setWindowModality(Qt::NonModal);
    setSizeGripEnabled(true);

    // Building the start page selects a registration, which reads its credential.
    m_startPage = new ValidateStartPage(document, secrets, this);
    m_runPage = new ValidateRunPage(document, clock, this);
    m_resultPage = new ValidateResultPage(m_runPage, clock, this);
    setPage(StartPageId, m_startPage);
    setPage(RunPageId, m_runPage);
    setPage(ResultPageId, m_resultPage);

    for (QWizard::WizardButton which :
         {QWizard::BackButton, QWizard::NextButton, QWizard::FinishButton, QWizard::CancelButton}) {
        if (QAbstractButton *b = button(which)) {
            b->setAccessibleName(
                b->text().remove(QLatin1Char('&')).remove(QLatin1Char('<')).remove(QLatin1Char('>')).trimmed());
        }
    }
    button(QWizard::BackButton)->setObjectName(QStringLiteral("wizardBackButton"));
    button(QWizard::NextButton)->setObjectName(QStringLiteral("wizardNextButton"));
    button(QWizard::FinishButton)->setObjectName(QStringLiteral("wizardFinishButton"));
    button(QWizard::CancelButton)->setObjectName(QStringLiteral("wizardCancelButton"));
    const int line = fontMetrics().height();
    resize(line * 68, line * 48);

    connect(m_startPage, &ValidateStartPage::credentialEntryRequested, this,
            &ValidateSetupWizard::credentialEntryRequested);
    connect(m_startPage, &ValidateStartPage::workspaceSettingsRequested, this,
            &ValidateSetupWizard::workspaceSettingsRequested);
    // A credential wiped on the start page goes from the last run's input too. Page to page: the wizard's part is
    // gone by the time its children are destroyed.
    connect(m_startPage, &ValidateStartPage::credentialForgotten, m_runPage, &ValidateRunPage::forgetCredential);
    connect(m_runPage, &ValidateRunPage::findingActivated, this, &ValidateSetupWizard::findingActivated);
    connect(m_runPage, &ValidateRunPage::runFinished, this,
            [this](const ValidationReport &report) { emit runFinished(report.passed()); });
    connect(m_resultPage, &ValidateResultPage::findingActivated, this, &ValidateSetupWizard::findingActivated);
    connect(m_resultPage, &ValidateResultPage::saveReportRequested, this, &ValidateSetupWizard::saveReport);
    connect(m_resultPage, &ValidateResultPage::runAgainRequested, this, &ValidateSetupWizard::runAgain);
}

ValidateSetupWizard::~ValidateSetupWizard()
{
    m_startPage->disconnect(this);
    m_runPage->disconnect(this);
    m_resultPage->disconnect(this);
}

UserPrompts &ValidateSetupWizard::prompts()
{
    if (m_prompts)
        return *m_prompts;
    if (!m_ownPrompts)
        m_ownPrompts = std::make_unique<DialogPrompts>();
    return *m_ownPrompts;
}

void ValidateSetupWizard::setPrompts(UserPrompts *prompts) { m_prompts = prompts; }

void ValidateSetupWizard::setSessionSecretLookup(std::function<SecretBuffer(const QString &)> lookup)
{
    m_startPage->setSessionSecretLookup(std::move(lookup));
}

void ValidateSetupWizard::setRegistration(const QString &registrationId)
{
    m_startPage->setRegistration(registrationId);
}

QString ValidateSetupWizard::registrationId() const { return m_startPage->registrationId(); }

ValidateSetupWizard::CredentialState ValidateSetupWizard::credentialState() const
{
    return m_startPage->credentialState();
}

bool ValidateSetupWizard::isRunning() const { return m_runPage->isRunning(); }

const ValidationReport &ValidateSetupWizard::report() const { return m_runPage->report(); }

SetupValidator *ValidateSetupWizard::validator() const { return m_runPage->validator(); }

void ValidateSetupWizard::cancelRun() { m_runPage->cancelRun(); }

bool ValidateSetupWizard::saveReport() { return m_resultPage->saveReport(prompts()); }

bool ValidateSetupWizard::saveReportTo(const QString &path) { return m_resultPage->saveReportTo(path, prompts()); }

bool ValidateSetupWizard::copyToken() { return m_resultPage->copyToken(); }

void ValidateSetupWizard::startRun()
{
    m_runPage->startRun(m_startPage->registrationId(), m_startPage->credential(), m_startPage->expectedUser(),
                        m_startPage->probeCmic());
}

void ValidateSetupWizard::runAgain()
{
    if (isRunning())
        return;
    if (currentId() == ResultPageId)
        back(); // the run page shows the new run; initializePage is not called on the way back
    if (currentId() != RunPageId)
        return;
    // The registration validated may be gone meanwhile (removed, another workspace opened), the combo then showing
    // another one: that one is not run under the old result, the start page shows which is selected.
    const QString last = m_runPage->lastRegistrationId();
    const bool sameRegistration = last.isEmpty() || last == registrationId();
    if (credentialState() != CredentialState::Present || !sameRegistration) {
        // The secret was removed meanwhile, or the registration changed: the start page says what to do.
        back();
        return;
    }
    startRun();
}

void ValidateSetupWizard::initializePage(int id)
{
    QWizard::initializePage(id); // the start page opens again, the result page shows the run
    if (id == RunPageId)
        startRun();
}

void ValidateSetupWizard::cleanupPage(int id)
{
    // Back from the run page: a run still going is not wanted any more.
    if (id == RunPageId)
        cancelRun();
    QWizard::cleanupPage(id);
}

void ValidateSetupWizard::done(int result)
{
    // The token and the credential live no longer than the wizard is open.
    m_runPage->discardRun();
    // A keychain answer still to come is dropped, and nothing is read until the wizard opens again.
    m_startPage->wizardClosed();
    QWizard::done(result);
}

void ValidateSetupWizard::changeEvent(QEvent *event)
{
    // Back from the main window's form: the secret may be there now.
    if (m_startPage && event->type() == QEvent::ActivationChange && isActiveWindow() && currentId() == StartPageId)
        m_startPage->recheckIfMissing();
    QWizard::changeEvent(event);
}

} // namespace cmic
