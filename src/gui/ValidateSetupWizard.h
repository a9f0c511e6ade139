#pragma once

#include "core/storage/SecretBuffer.h"

#include <QString>
#include <QWizard>

#include <functional>
#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableView;
class QTabWidget;
class QTextBrowser;

namespace cmic {

class Clock;
class CredentialSlot;
class ObjectTableModel;
class SecretStore;
class TokenInspector;
class UserPrompts;
class ValidationFlowDiagram;
class ValidationStepDetails;
class ValidationStepModel;
class WorkspaceDocument;
struct Finding;

namespace net {
class HttpPolicy;
}
namespace validation {
class SetupValidator;
struct StepResult;
struct ValidationReport;
struct ValidationInput;
enum class StepId;
} // namespace validation

// "Validate setup": proves one registration end to end with core's SetupValidator and shows it to an admin.
//  1. Start  which registration, its environment, service user and credential (read from the SecretStore; when
//            none is stored, a way to the form's secret field, the wizard staying open with what was typed), the
//            CMiC user expected, whether to call CMiC.
//  2. Run    the flow diagram and the step list update live; a step's findings, checks and requests (copy as curl);
//            Cancel run.
//  3. Result the verdict naming the first failed step and its layer, the token inspector, who CMiC runs as, and
//            Save report (HTML/JSON, never a secret or the token), Copy token (memory only), Run again.
// Non-modal, so the main window's form stays usable; each run takes a copy of the workspace. Network through an
// HttpPolicy carrying the workspace's settings (CA bundle, proxy); time from the injected Clock.
class ValidateSetupWizard : public QWizard
{
    Q_OBJECT
public:
    enum PageId { StartPageId, RunPageId, ResultPageId };
    enum class CredentialState { NoRegistration, Reading, Present, Missing, Unavailable };
    Q_ENUM(CredentialState)

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
    void setSessionSecretLookup(std::function<QString(const QString &key)> lookup);

    CredentialState credentialState() const { return m_credentialState; }
    bool isRunning() const;
    // The last finished run's report (empty before the first).
    const validation::ValidationReport &report() const;
    validation::SetupValidator *validator() const { return m_validator.get(); }

    // The Result page's actions, also for tests.
    void runAgain();
    void cancelRun();
    bool saveReport();                      // asks for a file name through the prompts
    bool saveReportTo(const QString &path); // .json writes JSON, anything else HTML
    bool copyToken();

signals:
    // A finding's "show the field" link was clicked: the main window selects its subject and focuses the field.
    void findingActivated(const cmic::Finding &finding);
    // "Go to the client secret field" ("private key field") on the start page: |field| is the form field's name,
    // "clientSecret" or "privateKey".
    void credentialEntryRequested(const QString &registrationId, const QString &field);
    void runFinished(bool passed);

protected:
    void initializePage(int id) override;
    void cleanupPage(int id) override;
    void done(int result) override;
    void changeEvent(QEvent *event) override;

private:
    void buildStartPage();
    void buildRunPage();
    void buildResultPage();
    void refreshStartPage();
    void readCredential();
    void onCredentialRead();
    void setCredentialState(CredentialState state, const QString &detail = {});
    void forgetCredential();
    void startRun();
    void discardValidator();
    void onStepStarted(validation::StepId step);
    void onStepFinished(const validation::StepResult &result);
    void onRunFinished(const validation::ValidationReport &report);
    void selectStep(int row, bool byUser);
    void showResult();
    void showMessage(QLabel *label, const QString &text);
    UserPrompts &prompts();

    WorkspaceDocument *m_document;
    SecretStore *m_secrets;
    const Clock &m_clock;
    UserPrompts *m_prompts = nullptr;
    std::unique_ptr<UserPrompts> m_ownPrompts;
    std::function<QString(const QString &)> m_sessionLookup;

    // Credential of the selected registration: memory only, wiped when the wizard closes.
    SecretBuffer m_credential;
    QString m_credentialKey;
    CredentialSlot *m_credentialSlot = nullptr; // reads m_credentialKey from m_secrets
    bool m_closed = false;                      // between done() and the next start: no credential is read
    CredentialState m_credentialState = CredentialState::NoRegistration;

    std::unique_ptr<validation::ValidationInput> m_input; // the last run's input (with the credential)
    std::unique_ptr<validation::ValidationReport> m_report;
    std::unique_ptr<net::HttpPolicy> m_policy;
    std::unique_ptr<validation::SetupValidator> m_validator;
    bool m_userPickedStep = false;
    int m_finishedSteps = 0;

    // Start page.
    ObjectTableModel *m_registrations = nullptr;
    QComboBox *m_registrationCombo = nullptr;
    QLabel *m_environmentValue = nullptr;
    QLabel *m_serviceUserValue = nullptr;
    QLabel *m_authMethodValue = nullptr;
    QLabel *m_credentialIcon = nullptr;
    QLabel *m_credentialValue = nullptr;
    QPushButton *m_enterSecretButton = nullptr;
    QPushButton *m_recheckButton = nullptr;
    QLineEdit *m_expectedUserEdit = nullptr;
    QCheckBox *m_probeCheck = nullptr;
    QLabel *m_probeNote = nullptr;
    QLabel *m_networkNote = nullptr;
    // Run page.
    ValidationFlowDiagram *m_diagram = nullptr;
    ValidationStepModel *m_stepModel = nullptr;
    QTableView *m_stepTable = nullptr;
    ValidationStepDetails *m_stepDetails = nullptr;
    QLabel *m_runStatus = nullptr;
    QLabel *m_runMessage = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_cancelRunButton = nullptr;
    // Result page.
    QLabel *m_resultIcon = nullptr;
    QLabel *m_headline = nullptr;
    QLabel *m_headlineDetail = nullptr;
    QLabel *m_serviceUserResult = nullptr;
    QTabWidget *m_resultTabs = nullptr;
    TokenInspector *m_inspector = nullptr;
    QTextBrowser *m_allFindings = nullptr;
    QPushButton *m_saveReportButton = nullptr;
    QPushButton *m_copyTokenButton = nullptr;
    QPushButton *m_runAgainButton = nullptr;
    QLabel *m_resultMessage = nullptr;
};

} // namespace cmic
