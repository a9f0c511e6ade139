#include "ValidateRunPage.h"

#include "ValidationFlowDiagram.h"
#include "ValidationStepDetails.h"
#include "ValidationStepModel.h"
#include "WizardWidgets.h"
#include "core/net/HttpPolicy.h"
#include "core/util/Clock.h"
#include "core/validation/ReportVerdict.h"
#include "core/validation/SetupValidator.h"
#include "gui/WorkspaceDocument.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLoggingCategory>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QUrl>
#include <QVBoxLayout>
#include <QWizard>

#include <algorithm>

namespace cmic {

Q_LOGGING_CATEGORY(lcWizardRun, "cmic.gui.validate")

using namespace validation;
using wizardui::pushButton;
using wizardui::showMessage;
using wizardui::valueLabel;

ValidateRunPage::ValidateRunPage(WorkspaceDocument *document, const Clock &clock, QWidget *parent)
    : QWizardPage(parent), m_document(document), m_clock(clock),
      m_report(std::make_unique<ValidationReport>(ValidationReport::empty()))
{
    auto *page = this;
    page->setObjectName(QStringLiteral("validateRunPage"));
    page->setTitle(tr("Running the checks"));
    page->setSubTitle(tr("Each step shows its result as it finishes. Select a step for its findings, checks and "
                         "requests."));
    page->setButtonText(QWizard::NextButton, tr("See the &result"));

    m_diagram = new ValidationFlowDiagram(page);
    m_stepModel = new ValidationStepModel(this);
    m_stepTable = new QTableView(page);
    m_stepTable->setObjectName(QStringLiteral("stepTable"));
    m_stepTable->setAccessibleName(tr("Validation steps"));
    m_stepTable->setModel(m_stepModel);
    m_stepTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_stepTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_stepTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_stepTable->setTabKeyNavigation(false); // Tab goes on to the step's details (the arrows move within the list)
    m_stepTable->setWordWrap(false);
    m_stepTable->setShowGrid(false);
    m_stepTable->setAlternatingRowColors(true);
    m_stepTable->verticalHeader()->hide();
    m_stepTable->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_stepTable->horizontalHeader()->setSectionResizeMode(ValidationStepModel::StepColumn,
                                                          QHeaderView::ResizeToContents);
    m_stepTable->horizontalHeader()->setSectionResizeMode(ValidationStepModel::SummaryColumn, QHeaderView::Stretch);
    m_stepTable->horizontalHeader()->setSectionResizeMode(ValidationStepModel::ElapsedColumn,
                                                          QHeaderView::ResizeToContents);
    m_stepTable->setIconSize(QSize(fontMetrics().height(), fontMetrics().height()));
    m_stepTable->setTextElideMode(Qt::ElideRight);
    m_stepDetails = new ValidationStepDetails(page);

    auto *splitter = new QSplitter(Qt::Horizontal, page);
    splitter->setObjectName(QStringLiteral("runSplitter"));
    splitter->addWidget(m_stepTable);
    splitter->addWidget(m_stepDetails);
    splitter->setChildrenCollapsible(false);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);

    m_runStatus = valueLabel(QStringLiteral("runStatus"), tr("Run status"), page);
    m_runMessage = valueLabel(QStringLiteral("runMessage"), tr("Message"), page);
    m_runMessage->setForegroundRole(QPalette::PlaceholderText);
    m_runMessage->hide();
    m_progress = new QProgressBar(page);
    m_progress->setObjectName(QStringLiteral("runProgress"));
    m_progress->setAccessibleName(tr("Steps finished"));
    m_progress->setRange(0, kStepCount);
    m_progress->setFormat(tr("%v of %m steps"));
    m_progress->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    m_cancelRunButton = pushButton(QStringLiteral("cancelRunButton"), tr("Ca&ncel run"), tr("Cancel the run"), page);
    m_cancelRunButton->setToolTip(tr("Stops the request in progress; the steps not finished are marked cancelled."));

    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_runStatus, 1);
    bottom->addWidget(m_progress);
    bottom->addWidget(m_cancelRunButton);
    auto *layout = new QVBoxLayout(page);
    layout->addWidget(m_diagram);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_runMessage);
    layout->addLayout(bottom);

    connect(m_stepTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    m_stepDetails->setResult(m_stepModel->result(current.row()));
            });
    // A click or key press on the list is the admin choosing what to look at: stop following the run.
    connect(m_stepTable, &QTableView::pressed, this, [this] { m_userPickedStep = true; });
    connect(m_stepTable, &QTableView::activated, this, [this] { m_userPickedStep = true; });
    connect(m_diagram, &ValidationFlowDiagram::stepClicked, this,
            [this](StepId step) { selectStep(static_cast<int>(step), true); });
    connect(m_stepDetails, &ValidationStepDetails::findingActivated, this, &ValidateRunPage::findingActivated);
    connect(m_stepDetails, &ValidationStepDetails::message, this,
            [this](const QString &text) { wizardui::showMessage(m_runMessage, text); });
    connect(m_cancelRunButton, &QPushButton::clicked, this, &ValidateRunPage::cancelRun);
}

ValidateRunPage::~ValidateRunPage()
{
    if (m_validator) {
        m_validator->disconnect(this);
        m_validator->cancel();
    }
    m_validator.reset(); // before the policy it refers to
    m_policy.reset();
    forgetCredential();
}

void ValidateRunPage::discardRun()
{
    if (!m_validator)
        return;
    m_validator->disconnect(this);
    // The validator refers to its policy: both go together, once the validator is done (a cancelled run still
    // reports finished() once, from the event loop).
    SetupValidator *validator = m_validator.release();
    net::HttpPolicy *policy = m_policy.release();
    QObject::connect(validator, &QObject::destroyed, [policy] { delete policy; });
    if (validator->isRunning()) {
        connect(validator, &SetupValidator::finished, validator, &QObject::deleteLater);
        validator->cancel();
    } else {
        validator->deleteLater();
    }
}

void ValidateRunPage::forgetCredential()
{
    if (m_input)
        m_input->credential.clear();
}

bool ValidateRunPage::isRunning() const { return m_validator && m_validator->isRunning(); }

bool ValidateRunPage::isComplete() const { return m_validator != nullptr && !isRunning(); }

QString ValidateRunPage::lastRegistrationId() const { return m_input ? m_input->registrationId : QString(); }

const Workspace &ValidateRunPage::workspace() const { return m_input ? m_input->workspace : m_document->workspace(); }

void ValidateRunPage::selectStep(int row, bool byUser)
{
    if (byUser)
        m_userPickedStep = true;
    m_stepTable->setCurrentIndex(m_stepModel->index(row, ValidationStepModel::StepColumn));
}

void ValidateRunPage::startRun(const QString &registrationId, const SecretBuffer &credential, const QString &expectUser,
                               bool probeCmic)
{
    if (isRunning())
        return;
    const Workspace &ws = m_document->workspace();
    const AppRegistration *reg = ws.registration(registrationId);
    discardRun();

    auto input = std::make_unique<ValidationInput>();
    input->workspace = ws;
    input->registrationId = registrationId;
    input->credential = credential.clone(); // the run's own, wiped when it ends; the start page keeps one for Run again
    input->expectUser = expectUser;
    input->probeCmic = probeCmic;
    m_input = std::move(input); // the last run's credential is wiped as it goes

    m_policy = std::make_unique<net::HttpPolicy>(&m_clock);
    QString networkError;
    const bool networkOk = m_policy->applySettings(ws.settings, m_document->filePath(), &networkError);
    m_validator = std::make_unique<SetupValidator>(*m_policy, m_clock);
    connect(m_validator.get(), &SetupValidator::stepStarted, this, &ValidateRunPage::onStepStarted);
    connect(m_validator.get(), &SetupValidator::stepFinished, this, &ValidateRunPage::onStepFinished);
    connect(m_validator.get(), &SetupValidator::finished, this, &ValidateRunPage::onRunFinished);

    *m_report = ValidationReport::empty();
    m_userPickedStep = false;
    m_finishedSteps = 0;
    m_stepModel->clear();
    m_diagram->clear();
    const Environment *env = reg ? ws.environment(reg->environmentId) : nullptr;
    m_diagram->setHosts(reg ? QUrl(reg->issuer).host() : QString(), env ? QUrl(env->apiBaseUrl).host() : QString());
    m_stepDetails->clear();
    m_stepDetails->setCurlOptions(m_policy->curlOptions());
    m_progress->setValue(0);
    m_cancelRunButton->setEnabled(true);
    showMessage(m_runMessage, networkOk ? QString()
                                        : tr("The workspace's network settings could not be applied: %1 The run "
                                             "goes on with the system settings.")
                                              .arg(networkError));
    setTitle(tr("Running the checks"));
    m_runStatus->setText(tr("Validating \u201c%1\u201d…").arg(reg ? reg->name : QString()));
    setSubTitle(tr("\u201c%1\u201d in %2. Each step shows its result as it finishes; select one for "
                   "its findings, checks and requests.")
                    .arg(reg ? reg->name : QString(), env ? env->name : tr("no environment")));
    qCDebug(lcWizardRun) << "validating" << m_input->registrationId;
    if (!m_validator->start(*m_input)) {
        m_runStatus->setText(tr("The run could not start. Close the wizard and open it again."));
        m_cancelRunButton->setEnabled(false);
    }
    emit completeChanged();
}

void ValidateRunPage::onStepStarted(StepId step)
{
    m_stepModel->setStepRunning(step);
    m_diagram->setStepRunning(step);
    m_runStatus->setText(tr("%1 step running…").arg(displayName(step)));
    if (!m_userPickedStep)
        selectStep(static_cast<int>(step), false);
}

void ValidateRunPage::onStepFinished(const StepResult &result)
{
    m_stepModel->setStepResult(result);
    m_diagram->setStepResult(result);
    m_report->step(result.step) = result;
    m_progress->setValue(++m_finishedSteps);
    if (m_stepTable->currentIndex().row() == static_cast<int>(result.step))
        m_stepDetails->setResult(result);
}

void ValidateRunPage::onRunFinished(const ValidationReport &report)
{
    *m_report = report;
    m_stepModel->setReport(report);
    m_diagram->setReport(report);
    // Steps that came to a result; a cancelled run shows how far it got.
    m_progress->setValue(
        static_cast<int>(std::count_if(report.steps.cbegin(), report.steps.cend(), [](const StepResult &s) {
            return s.status != StepStatus::Cancelled && s.status != StepStatus::Pending
                   && s.status != StepStatus::Running;
        })));
    m_cancelRunButton->setEnabled(false);
    // Worded from the one verdict the result page, the reports and the CLI show too.
    const ReportVerdict verdict = ReportVerdict::of(report);
    m_runStatus->setText(verdict.runStatus());
    setTitle(verdict.runTitle());
    const int row = m_stepTable->currentIndex().row();
    if (!m_userPickedStep && verdict.failedStep)
        selectStep(static_cast<int>(*verdict.failedStep), false);
    else if (row >= 0)
        m_stepDetails->setResult(m_stepModel->result(row));
    emit completeChanged();
    emit runFinished(report);
}

void ValidateRunPage::cancelRun()
{
    if (!isRunning())
        return;
    m_cancelRunButton->setEnabled(false);
    m_runStatus->setText(tr("Cancelling…"));
    m_validator->cancel();
}

} // namespace cmic
