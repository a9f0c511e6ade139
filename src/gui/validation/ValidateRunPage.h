#pragma once

#include "core/storage/SecretBuffer.h"

#include <QString>
#include <QWizardPage>

#include <memory>

class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;

namespace cmic {

class Clock;
class ValidationFlowDiagram;
class ValidationStepDetails;
class ValidationStepModel;
class WorkspaceDocument;
struct Finding;
struct Workspace;

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

// The Validate-setup wizard's run page, and the owner of the run: the SetupValidator, the HttpPolicy it sends
// through (the workspace's network settings), the run's input (a copy of the workspace and the credential) and the
// report. The flow diagram and the step list update live; a step's findings, checks and requests (copy as curl);
// Cancel run. Complete once a run has finished. The validator, and with it the access token, lives until the next
// run or discardRun().
class ValidateRunPage : public QWizardPage
{
    Q_OBJECT
public:
    // |document| and |clock| must outlive the page.
    ValidateRunPage(WorkspaceDocument *document, const Clock &clock, QWidget *parent = nullptr);
    ~ValidateRunPage() override;

    // Validates |registrationId| of the document's workspace now, with its own copy of |credential|.
    void startRun(const QString &registrationId, const SecretBuffer &credential, const QString &expectUser,
                  bool probeCmic);
    // Stops a run still going; a run whose last step already finished is left complete.
    void cancelRun();
    // Drops the validator (and the token) and its policy, cancelling a run still going.
    void discardRun();
    // Wipes the last run's copy of the credential.
    void forgetCredential();

    bool isRunning() const;
    validation::SetupValidator *validator() const { return m_validator.get(); }
    // The last run's report (empty before the first), as far as it got.
    const validation::ValidationReport &report() const { return *m_report; }
    // The registration the last run validated; empty before the first.
    QString lastRegistrationId() const;
    // The workspace the last run validated (the document's before the first).
    const Workspace &workspace() const;

    bool isComplete() const override;

signals:
    void findingActivated(const cmic::Finding &finding);
    void runFinished(const cmic::validation::ValidationReport &report);

private:
    void onStepStarted(validation::StepId step);
    void onStepFinished(const validation::StepResult &result);
    void onRunFinished(const validation::ValidationReport &report);
    void selectStep(int row, bool byUser);

    WorkspaceDocument *m_document;
    const Clock &m_clock;

    std::unique_ptr<validation::ValidationInput> m_input; // the last run's input (with the credential)
    std::unique_ptr<validation::ValidationReport> m_report;
    std::unique_ptr<net::HttpPolicy> m_policy;
    std::unique_ptr<validation::SetupValidator> m_validator; // refers to m_policy
    bool m_userPickedStep = false;
    int m_finishedSteps = 0;

    ValidationFlowDiagram *m_diagram = nullptr;
    ValidationStepModel *m_stepModel = nullptr;
    QTableView *m_stepTable = nullptr;
    ValidationStepDetails *m_stepDetails = nullptr;
    QLabel *m_runStatus = nullptr;
    QLabel *m_runMessage = nullptr;
    QProgressBar *m_progress = nullptr;
    QPushButton *m_cancelRunButton = nullptr;
};

} // namespace cmic
