#pragma once

#include "validation/ValidateStartPage.h"

#include <QString>
#include <QWizard>

#include <functional>
#include <memory>

namespace cmic {

class Clock;
class SecretStore;
class UserPrompts;
class ValidateResultPage;
class ValidateRunPage;
class WorkspaceDocument;
struct Finding;

namespace validation {
class SetupValidator;
struct ValidationReport;
} // namespace validation

// "Validate setup": proves one registration end to end with core's SetupValidator and shows it to an admin.
//  1. Start  which registration, its environment, service user and credential (read from the SecretStore; when
//            none is stored, a way to the form's secret field, the wizard staying open with what was typed), the
//            CMiC user expected, whether to call CMiC.
//  2. Run    the flow diagram and the step list update live; a step's findings, checks and requests (copy as curl);
//            Cancel run.
//  3. Result the verdict naming the first failed step and its layer, the token inspector, who CMiC runs as, and
//            Save report (HTML/PDF/JSON, never a secret or the token), Copy token (memory only), Run again.
// One QWizardPage subclass per page (src/gui/validation/): ValidateStartPage holds the credential,
// ValidateRunPage owns the run (validator, policy, input, report), ValidateResultPage shows it; the wizard only
// connects them and moves between them.
// Non-modal, so the main window's form stays usable; each run takes a copy of the workspace. Network through an
// HttpPolicy carrying the workspace's settings (CA bundle, proxy); time from the injected Clock.
class ValidateSetupWizard : public QWizard
{
    Q_OBJECT
public:
    enum PageId { StartPageId, RunPageId, ResultPageId };
    using CredentialState = ValidateStartPage::CredentialState;

    // |document| and |secrets| must outlive the wizard; |clock| too.
    ValidateSetupWizard(WorkspaceDocument *document, SecretStore *secrets, const Clock &clock,
                        QWidget *parent = nullptr);
    ~ValidateSetupWizard() override;

    // Selects the registration on the start page (call before show() or restart()).
    void setRegistration(const QString &registrationId);
    QString registrationId() const;
    // Where questions go (file names, errors); not owned. Null: the wizard's own dialogs.
    void setPrompts(UserPrompts *prompts);
    // Secrets held outside the store (the form's "keep for this session only"): asked by SecretStore key when the
    // store has none. Returns an empty string when it has none either.
    void setSessionSecretLookup(std::function<SecretBuffer(const QString &key)> lookup);

    CredentialState credentialState() const;
    bool isRunning() const;
    // The last finished run's report (empty before the first).
    const validation::ValidationReport &report() const;
    validation::SetupValidator *validator() const;

    ValidateStartPage *startPage() const { return m_startPage; }
    ValidateRunPage *runPage() const { return m_runPage; }
    ValidateResultPage *resultPage() const { return m_resultPage; }

    // The Result page's actions, also for tests.
    void runAgain();
    void cancelRun();
    bool saveReport();                      // asks for a file name through the prompts
    bool saveReportTo(const QString &path); // .json writes JSON, .pdf PDF, anything else HTML
    bool copyToken();

signals:
    // A finding's "show the field" link was clicked: the main window selects its subject and focuses the field.
    void findingActivated(const cmic::Finding &finding);
    // "Go to the client secret field" ("private key field") on the start page: |field| is the form field's name,
    // "clientSecret" or "privateKey".
    void credentialEntryRequested(const QString &registrationId, const QString &field);
    // The start page's "Change…" link next to the network settings.
    void workspaceSettingsRequested();
    void runFinished(bool passed);

protected:
    void initializePage(int id) override;
    void cleanupPage(int id) override;
    void done(int result) override;
    void changeEvent(QEvent *event) override;

private:
    void startRun();
    UserPrompts &prompts();

    UserPrompts *m_prompts = nullptr;
    std::unique_ptr<UserPrompts> m_ownPrompts;
    ValidateStartPage *m_startPage = nullptr;
    ValidateRunPage *m_runPage = nullptr;
    ValidateResultPage *m_resultPage = nullptr;
};

} // namespace cmic
