#include "ValidateSetupWizard.h"

#include "CredentialSlot.h"
#include "ObjectTableModels.h"
#include "UserPrompts.h"
#include "WorkspaceDocument.h"
#include "core/net/HttpPolicy.h"
#include "core/storage/CredentialKind.h"
#include "core/storage/SecretStore.h"
#include "core/util/Clock.h"
#include "core/validation/ReportFile.h"
#include "core/validation/ReportVerdict.h"
#include "core/validation/SetupValidator.h"
#include "validation/TokenInspector.h"
#include "validation/ValidationFlowDiagram.h"
#include "validation/ValidationStatusStyle.h"
#include "validation/ValidationStepDetails.h"
#include "validation/ValidationStepModel.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QLoggingCategory>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace cmic {

Q_LOGGING_CATEGORY(lcWizard, "cmic.gui.validate")

using namespace validation;

namespace {

// A wizard page whose completeness the wizard decides (no fields registered).
class Page final : public QWizardPage
{
public:
    using QWizardPage::QWizardPage;
    std::function<bool()> complete;
    bool isComplete() const override { return complete ? complete() : true; }
    void changed() { emit completeChanged(); }
};

QLabel *valueLabel(const QString &name, const QString &accessible, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setAccessibleName(accessible);
    label->setWordWrap(true);
    // Plain: these show what servers and tokens said (an IdP's error_description, claims), never markup.
    label->setTextFormat(Qt::PlainText);
    // Top: a wrapped label given more height than its lines need must not float its text down.
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QPushButton *pushButton(const QString &name, const QString &text, const QString &accessible, QWidget *parent)
{
    auto *b = new QPushButton(text, parent);
    b->setObjectName(name);
    b->setAccessibleName(accessible);
    b->setAutoDefault(false);
    return b;
}

// A step's sentence continuing another after a colon: "...refused the client: the IdP answered ..." (an
// abbreviation such as "IdP" or "CMiC" keeps its capital).
QString continued(QString sentence)
{
    if (sentence.size() > 1 && sentence.at(0).isUpper() && sentence.at(1).isLower())
        sentence[0] = sentence.at(0).toLower();
    return sentence;
}

QPixmap glyph(StepStatus status, int side, qreal dpr)
{
    return ValidationStatusStyle::icon(status).pixmap(QSize(side, side), dpr);
}

} // namespace

ValidateSetupWizard::ValidateSetupWizard(WorkspaceDocument *document, SecretStore *secrets, const Clock &clock,
                                         QWidget *parent)
    : QWizard(parent), m_document(document), m_secrets(secrets), m_clock(clock),
      m_report(std::make_unique<ValidationReport>(ValidationReport::empty()))
{
    setObjectName(QStringLiteral("validateSetupWizard"));
    // Before the pages: building the start page selects a registration, which reads its credential.
    m_credentialSlot = new CredentialSlot(this);
    m_credentialSlot->setStore(m_secrets);
    connect(m_credentialSlot, &CredentialSlot::answered, this, &ValidateSetupWizard::onCredentialRead);
    setAccessibleName(tr("Validate setup"));
    setWindowTitle(tr("Validate setup — CMiC OAuth Console"));
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnStartPage);
    setOption(QWizard::NoCancelButtonOnLastPage);
    setModal(false);
    setWindowModality(Qt::NonModal);
    setSizeGripEnabled(true);

    buildStartPage();
    buildRunPage();
    buildResultPage();
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

    // The secret typed on the form arrives while the wizard is open: check again.
    connect(m_secrets, &SecretStore::changed, this, [this](const QString &key) {
        if (key == m_credentialKey && currentId() != RunPageId)
            readCredential();
    });
    // The document changes under the open wizard (edits, another workspace opened).
    connect(m_document, &WorkspaceDocument::resetDone, this, [this] {
        if (m_registrationCombo->currentIndex() < 0 && m_registrations->rowCount() > 0)
            m_registrationCombo->setCurrentIndex(0);
        refreshStartPage();
        readCredential();
    });
    connect(m_document, &WorkspaceDocument::objectChanged, this, [this](ObjectKind kind) {
        refreshStartPage();
        // A new authentication method reads another kind of credential.
        const Workspace &ws = m_document->workspace();
        const AppRegistration *reg = ws.registration(registrationId());
        if (kind == ObjectKind::Registration && reg && currentId() != RunPageId
            && m_credentialKey != credentialKey(ws.id, reg->id, credentialKindFor(*reg)))
            readCredential();
    });
    connect(m_document, &WorkspaceDocument::objectRemoved, this, [this] {
        refreshStartPage();
        readCredential();
    });
}

ValidateSetupWizard::~ValidateSetupWizard()
{
    if (m_validator) {
        m_validator->disconnect(this);
        m_validator->cancel();
    }
    m_validator.reset(); // before the policy it refers to
    m_policy.reset();
    forgetCredential();
}

void ValidateSetupWizard::discardValidator()
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

UserPrompts &ValidateSetupWizard::prompts()
{
    if (m_prompts)
        return *m_prompts;
    if (!m_ownPrompts)
        m_ownPrompts = std::make_unique<DialogPrompts>();
    return *m_ownPrompts;
}

void ValidateSetupWizard::setPrompts(UserPrompts *prompts) { m_prompts = prompts; }

void ValidateSetupWizard::setSessionSecretLookup(std::function<QString(const QString &)> lookup)
{
    m_sessionLookup = std::move(lookup);
}

bool ValidateSetupWizard::isRunning() const { return m_validator && m_validator->isRunning(); }

const ValidationReport &ValidateSetupWizard::report() const { return *m_report; }

// ---------------------------------------------------------------------------------------------------------------
// Start page

void ValidateSetupWizard::buildStartPage()
{
    auto *page = new Page(this);
    page->setObjectName(QStringLiteral("validateStartPage"));
    page->setTitle(tr("Validate setup"));
    page->setSubTitle(tr("Proves a registration end to end, the way CMiC will see it: the console asks the identity "
                         "provider for a token, checks it as CMiC does, and calls CMiC with it."));
    page->setButtonText(QWizard::NextButton, tr("&Validate"));
    page->complete = [this] { return m_credentialState == CredentialState::Present && !registrationId().isEmpty(); };

    m_registrations = new RegistrationModel(m_document, this);
    m_registrationCombo = new QComboBox(page);
    m_registrationCombo->setObjectName(QStringLiteral("registrationCombo"));
    m_registrationCombo->setAccessibleName(tr("Registration"));
    m_registrationCombo->setModel(m_registrations);
    m_registrationCombo->setModelColumn(RegistrationModel::Name);
    // Measuring every item of a large workspace is not worth it: a minimum width in characters is.
    m_registrationCombo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_registrationCombo->setMinimumContentsLength(32);
    m_registrationCombo->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);

    m_environmentValue = valueLabel(QStringLiteral("environmentValue"), tr("Environment"), page);
    m_serviceUserValue = valueLabel(QStringLiteral("serviceUserValue"), tr("Service user"), page);
    m_authMethodValue = valueLabel(QStringLiteral("authMethodValue"), tr("Client authentication"), page);
    m_credentialIcon = new QLabel(page);
    m_credentialIcon->setObjectName(QStringLiteral("credentialIcon"));
    m_credentialIcon->setAccessibleName(tr("Credential status icon"));
    m_credentialIcon->setAlignment(Qt::AlignTop);
    m_credentialValue = valueLabel(QStringLiteral("credentialStatus"), tr("Credential"), page);
    m_enterSecretButton = pushButton(QStringLiteral("enterSecretButton"), tr("&Go to the client secret field"),
                                     tr("Go to the client secret field"), page);
    m_enterSecretButton->setToolTip(tr("Shows the registration's form in the main window with the client secret "
                                       "field focused. This wizard stays open; come back when the secret is saved."));
    m_recheckButton =
        pushButton(QStringLiteral("recheckSecretButton"), tr("C&heck again"), tr("Check the keychain again"), page);
    m_expectedUserEdit = new QLineEdit(page);
    m_expectedUserEdit->setObjectName(QStringLiteral("expectedUserEdit"));
    m_expectedUserEdit->setAccessibleName(tr("Expected CMiC user"));
    m_expectedUserEdit->setPlaceholderText(tr("optional, e.g. SVC_INTEGRATION"));
    m_expectedUserEdit->setToolTip(tr("The CMiC username you expect the API calls to run as. The service-user step "
                                      "fails when CMiC would run them as someone else."));
    m_expectedUserEdit->setClearButtonEnabled(true);
    m_probeCheck = new QCheckBox(tr("&Call CMiC with the token"), page);
    m_probeCheck->setObjectName(QStringLiteral("probeCmicCheck"));
    m_probeCheck->setAccessibleName(tr("Call CMiC with the token"));
    m_probeCheck->setChecked(true);
    m_probeNote = valueLabel(QStringLiteral("probeNote"), tr("What the CMiC call does"), page);
    m_networkNote = valueLabel(QStringLiteral("networkNote"), tr("Network settings used"), page);
    m_networkNote->setForegroundRole(QPalette::PlaceholderText);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    auto addRow = [&](const QString &text, QWidget *field, QLayout *fieldLayout = nullptr) {
        auto *label = new QLabel(text, page);
        label->setBuddy(field);
        if (fieldLayout)
            form->addRow(label, fieldLayout);
        else
            form->addRow(label, field);
    };
    addRow(tr("&Registration:"), m_registrationCombo);
    addRow(tr("Environment:"), m_environmentValue);
    addRow(tr("Service user:"), m_serviceUserValue);
    addRow(tr("Client authentication:"), m_authMethodValue);
    auto *credentialRow = new QVBoxLayout;
    auto *credentialText = new QHBoxLayout;
    credentialText->addWidget(m_credentialIcon, 0, Qt::AlignTop);
    credentialText->addWidget(m_credentialValue, 1);
    credentialRow->addLayout(credentialText);
    auto *credentialButtons = new QHBoxLayout;
    credentialButtons->addWidget(m_enterSecretButton);
    credentialButtons->addWidget(m_recheckButton);
    credentialButtons->addStretch(1);
    credentialRow->addLayout(credentialButtons);
    addRow(tr("Credential:"), m_credentialValue, credentialRow);
    addRow(tr("E&xpected CMiC user:"), m_expectedUserEdit);
    auto *probe = new QVBoxLayout;
    probe->setSpacing(2);
    probe->addWidget(m_probeCheck);
    probe->addWidget(m_probeNote);
    form->addRow(QString(), probe);

    auto *layout = new QVBoxLayout(page);
    layout->addLayout(form);
    layout->addStretch(1);
    layout->addWidget(m_networkNote);
    setPage(StartPageId, page);

    if (m_registrations->rowCount() > 0)
        m_registrationCombo->setCurrentIndex(0);
    connect(m_registrationCombo, &QComboBox::currentIndexChanged, this, [this] {
        refreshStartPage();
        readCredential();
    });
    connect(m_enterSecretButton, &QPushButton::clicked, this, [this] {
        const AppRegistration *reg = m_document->workspace().registration(registrationId());
        if (reg)
            emit credentialEntryRequested(reg->id, formField(credentialKindFor(*reg)));
    });
    connect(m_recheckButton, &QPushButton::clicked, this, &ValidateSetupWizard::readCredential);
    refreshStartPage();
    readCredential();
}

void ValidateSetupWizard::setRegistration(const QString &id)
{
    const QModelIndex index = m_registrations->indexOfId(id);
    if (index.isValid() && index.row() != m_registrationCombo->currentIndex())
        m_registrationCombo->setCurrentIndex(index.row());
    else
        readCredential(); // same registration: its secret may have been entered since
}

QString ValidateSetupWizard::registrationId() const
{
    const int row = m_registrationCombo->currentIndex();
    return row >= 0 ? m_registrations->index(row, 0).data(ObjectTableModel::IdRole).toString() : QString();
}

void ValidateSetupWizard::refreshStartPage()
{
    const Workspace &ws = m_document->workspace();
    const AppRegistration *reg = ws.registration(registrationId());
    const Environment *env = reg ? ws.environment(reg->environmentId) : nullptr;
    const ServiceUser *user = reg ? ws.serviceUser(reg->serviceUserId) : nullptr;
    if (!reg) {
        const QString none = tr("—");
        m_environmentValue->setText(none);
        m_serviceUserValue->setText(none);
        m_authMethodValue->setText(none);
    } else {
        m_environmentValue->setText(env ? tr("%1 (%2, %3)")
                                              .arg(env->name, displayName(env->deployment),
                                                   env->apiBaseUrl.isEmpty() ? tr("no API base URL") : env->apiBaseUrl)
                                        : tr("None chosen: choose the environment on the registration's form."));
        m_serviceUserValue->setText(
            user ? (user->displayName.isEmpty() ? user->username : tr("%1 (%2)").arg(user->username, user->displayName))
                 : tr("None chosen: choose the service user on the registration's form."));
        m_authMethodValue->setText(displayName(reg->authMethod));
    }
    const bool canProbe = env && !env->apiBaseUrl.isEmpty() && !env->probeEndpoints.isEmpty();
    if (canProbe)
        m_probeNote->setText(tr("GET %1 below %2 with the token, as an integration would.")
                                 .arg(env->probeEndpoints.join(tr(", ")), env->apiBaseUrl));
    else
        m_probeNote->setText(tr("The environment has no API base URL or probe endpoint, so the CMiC call will be "
                                "skipped. Add them on the environment's form to include it."));
    QStringList network;
    network.append(ws.settings.caBundlePath.isEmpty()
                       ? tr("system trust store")
                       : tr("extra CA bundle %1")
                             .arg(QDir::toNativeSeparators(net::HttpPolicy::resolveCaBundlePath(
                                 ws.settings.caBundlePath, m_document->filePath()))));
    network.append(tr("proxy: %1").arg(displayName(ws.settings.proxyMode)));
    network.append(tr("clock skew allowed: %n s", nullptr, ws.settings.clockSkewSeconds));
    m_networkNote->setText(tr("Requests use the workspace's network settings: %1.").arg(network.join(tr("; "))));
}

void ValidateSetupWizard::forgetCredential()
{
    m_credential.clear();
    m_credentialSlot->clearSecret();
    if (m_input)
        m_input->credential.clear();
}

void ValidateSetupWizard::readCredential()
{
    forgetCredential();
    m_credentialSlot->setKey(QString()); // an answer still to come for the last key is dropped
    if (m_closed)
        return; // a secret saved, or the document changed, while the wizard is closed: read when it opens
    const Workspace &ws = m_document->workspace();
    const AppRegistration *reg = ws.registration(registrationId());
    if (!reg) {
        m_credentialKey.clear();
        setCredentialState(CredentialState::NoRegistration);
        return;
    }
    m_credentialKey = credentialKey(ws.id, reg->id, credentialKindFor(*reg));
    setCredentialState(CredentialState::Reading);
    m_credentialSlot->setKey(m_credentialKey);
    m_credentialSlot->read();
}

void ValidateSetupWizard::onCredentialRead()
{
    // The slot answers only for the key it was last asked about, and not at all after done().
    const CredentialSlot::State answer = m_credentialSlot->state();
    if (answer == CredentialSlot::State::Present && !m_credentialSlot->secret().isEmpty()) {
        m_credential = m_credentialSlot->takeSecret();
        setCredentialState(CredentialState::Present);
        return;
    }
    if (m_sessionLookup) {
        const QString session = m_sessionLookup(m_credentialKey);
        if (!session.isEmpty()) {
            m_credential = SecretBuffer(session);
            setCredentialState(CredentialState::Present, tr("for this session only"));
            return;
        }
    }
    if (answer == CredentialSlot::State::Absent || answer == CredentialSlot::State::Present)
        setCredentialState(CredentialState::Missing);
    else
        setCredentialState(CredentialState::Unavailable, m_credentialSlot->errorText());
}

void ValidateSetupWizard::setCredentialState(CredentialState state, const QString &detail)
{
    m_credentialState = state;
    const AppRegistration *reg = m_document->workspace().registration(registrationId());
    const bool privateKey = reg && reg->authMethod == ClientAuthMethod::PrivateKeyJwt;
    QString text;
    StepStatus look = StepStatus::Pending;
    switch (state) {
    case CredentialState::NoRegistration:
        text = m_registrations->rowCount() == 0
                   ? tr("This workspace has no registration yet. Add one on the Registrations page, then validate it.")
                   : tr("Choose the registration to validate.");
        break;
    case CredentialState::Reading:
        text = tr("Reading the keychain…");
        look = StepStatus::Running;
        break;
    case CredentialState::Present:
        text = privateKey ? tr("The private key for private_key_jwt is stored \u2014 %1.")
                          : tr("The client secret is stored \u2014 %1.");
        text = text.arg(detail.isEmpty() ? m_secrets->backendName() : detail);
        text += QLatin1Char(' ') + tr("It is used for this run only and never written to the report.");
        look = StepStatus::Passed;
        break;
    case CredentialState::Missing:
        text = privateKey ? tr("No private key is stored for this registration. Import the client's PEM private key "
                               "on the registration's form first, then come back: this wizard stays open and keeps "
                               "what you entered here.")
                          : tr("No client secret is stored for this registration. Enter the client secret on the "
                               "registration's form first (press Enter to save it), then come back: this wizard "
                               "stays open and keeps what you entered here.");
        look = StepStatus::Failed;
        break;
    case CredentialState::Unavailable:
        text = privateKey ? tr("The keychain could not be read: %1 Check that the keychain is running and unlocked, "
                               "then check again.")
                          : tr("The keychain could not be read: %1 Enter the secret on the registration's form and "
                               "choose \u201cKeep for this session only\u201d, then check again.");
        text = text.arg(detail.isEmpty() ? SecretStore::explain(SecretStore::Status::Unavailable) : detail);
        look = StepStatus::Failed;
        break;
    }
    m_credentialValue->setText(text);
    const int side = fontMetrics().height();
    m_credentialIcon->setPixmap(glyph(look, side, devicePixelRatioF()));
    const bool missing = state == CredentialState::Missing || state == CredentialState::Unavailable;
    m_enterSecretButton->setText(privateKey ? tr("&Go to the private key field")
                                            : tr("&Go to the client secret field"));
    m_enterSecretButton->setAccessibleName(privateKey ? tr("Go to the private key field")
                                                      : tr("Go to the client secret field"));
    m_enterSecretButton->setVisible(missing);
    m_recheckButton->setVisible(missing);
    if (auto *p = static_cast<Page *>(page(StartPageId)))
        p->changed();
}

void ValidateSetupWizard::changeEvent(QEvent *event)
{
    // Back from the main window's form: the secret may be there now.
    if (event->type() == QEvent::ActivationChange && isActiveWindow() && currentId() == StartPageId
        && (m_credentialState == CredentialState::Missing || m_credentialState == CredentialState::Unavailable))
        readCredential();
    QWizard::changeEvent(event);
}

// ---------------------------------------------------------------------------------------------------------------
// Run page

void ValidateSetupWizard::buildRunPage()
{
    auto *page = new Page(this);
    page->setObjectName(QStringLiteral("validateRunPage"));
    page->setTitle(tr("Running the checks"));
    page->setSubTitle(tr("Each step shows its result as it finishes. Select a step for its findings, checks and "
                         "requests."));
    page->setButtonText(QWizard::NextButton, tr("See the &result"));
    page->complete = [this] { return m_validator != nullptr && !isRunning(); };

    m_diagram = new ValidationFlowDiagram(page);
    m_stepModel = new ValidationStepModel(this);
    m_stepTable = new QTableView(page);
    m_stepTable->setObjectName(QStringLiteral("stepTable"));
    m_stepTable->setAccessibleName(tr("Validation steps"));
    m_stepTable->setModel(m_stepModel);
    m_stepTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_stepTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_stepTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
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
    m_cancelRunButton = pushButton(QStringLiteral("cancelRunButton"), tr("Cancel &run"), tr("Cancel the run"), page);
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
    setPage(RunPageId, page);

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
    connect(m_stepDetails, &ValidationStepDetails::findingActivated, this, &ValidateSetupWizard::findingActivated);
    connect(m_stepDetails, &ValidationStepDetails::message, this,
            [this](const QString &text) { showMessage(m_runMessage, text); });
    connect(m_cancelRunButton, &QPushButton::clicked, this, &ValidateSetupWizard::cancelRun);
}

void ValidateSetupWizard::selectStep(int row, bool byUser)
{
    if (byUser)
        m_userPickedStep = true;
    m_stepTable->setCurrentIndex(m_stepModel->index(row, ValidationStepModel::StepColumn));
}

void ValidateSetupWizard::showMessage(QLabel *label, const QString &text)
{
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

void ValidateSetupWizard::startRun()
{
    if (isRunning())
        return;
    const Workspace &ws = m_document->workspace();
    const AppRegistration *reg = ws.registration(registrationId());
    discardValidator();

    auto input = std::make_unique<ValidationInput>();
    input->workspace = ws;
    input->registrationId = registrationId();
    input->credential = m_credential.clone(); // the run's own, wiped when it ends; the wizard keeps one for Run again
    input->expectUser = m_expectedUserEdit->text().trimmed();
    input->probeCmic = m_probeCheck->isChecked();
    m_input = std::move(input); // the last run's credential is wiped as it goes

    m_policy = std::make_unique<net::HttpPolicy>(nullptr, &m_clock);
    QString networkError;
    const bool networkOk = m_policy->applySettings(ws.settings, m_document->filePath(), &networkError);
    m_validator = std::make_unique<SetupValidator>(*m_policy, m_clock);
    connect(m_validator.get(), &SetupValidator::stepStarted, this, &ValidateSetupWizard::onStepStarted);
    connect(m_validator.get(), &SetupValidator::stepFinished, this, &ValidateSetupWizard::onStepFinished);
    connect(m_validator.get(), &SetupValidator::finished, this, &ValidateSetupWizard::onRunFinished);

    *m_report = ValidationReport::empty();
    m_userPickedStep = false;
    m_finishedSteps = 0;
    m_stepModel->clear();
    m_diagram->clear();
    const Environment *env = reg ? ws.environment(reg->environmentId) : nullptr;
    m_diagram->setHosts(reg ? QUrl(reg->issuer).host() : QString(), env ? QUrl(env->apiBaseUrl).host() : QString());
    m_stepDetails->clear();
    m_progress->setValue(0);
    m_cancelRunButton->setEnabled(true);
    showMessage(m_runMessage, networkOk ? QString()
                                        : tr("The workspace's network settings could not be applied: %1 The run "
                                             "goes on with the system settings.")
                                              .arg(networkError));
    m_runStatus->setText(tr("Validating \u201c%1\u201d…").arg(reg ? reg->name : QString()));
    page(RunPageId)->setSubTitle(tr("\u201c%1\u201d in %2. Each step shows its result as it finishes; select one for "
                                    "its findings, checks and requests.")
                                     .arg(reg ? reg->name : QString(), env ? env->name : tr("no environment")));
    qCDebug(lcWizard) << "validating" << m_input->registrationId;
    if (!m_validator->start(*m_input)) {
        m_runStatus->setText(tr("The run could not start. Close the wizard and open it again."));
        m_cancelRunButton->setEnabled(false);
    }
    static_cast<Page *>(page(RunPageId))->changed();
}

void ValidateSetupWizard::onStepStarted(StepId step)
{
    m_stepModel->setStepRunning(step);
    m_diagram->setStepRunning(step);
    m_runStatus->setText(tr("%1 step running…").arg(displayName(step)));
    if (!m_userPickedStep)
        selectStep(static_cast<int>(step), false);
}

void ValidateSetupWizard::onStepFinished(const StepResult &result)
{
    m_stepModel->setStepResult(result);
    m_diagram->setStepResult(result);
    m_report->step(result.step) = result;
    m_progress->setValue(++m_finishedSteps);
    if (m_stepTable->currentIndex().row() == static_cast<int>(result.step))
        m_stepDetails->setResult(result);
}

void ValidateSetupWizard::onRunFinished(const ValidationReport &report)
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
    const StepResult *failure = report.firstFailure();
    if (report.cancelled)
        m_runStatus->setText(tr("Cancelled. The steps that had not finished are marked cancelled."));
    else if (failure)
        m_runStatus->setText(
            tr("Failed at the %1 step. See the result for what to fix.").arg(displayName(failure->step)));
    else
        m_runStatus->setText(tr("Every check passed."));
    const int row = m_stepTable->currentIndex().row();
    if (!m_userPickedStep && failure)
        selectStep(static_cast<int>(failure->step), false);
    else if (row >= 0)
        m_stepDetails->setResult(m_stepModel->result(row));
    static_cast<Page *>(page(RunPageId))->changed();
    emit runFinished(report.passed());
}

void ValidateSetupWizard::cancelRun()
{
    if (!isRunning())
        return;
    m_cancelRunButton->setEnabled(false);
    m_runStatus->setText(tr("Cancelling…"));
    m_validator->cancel();
}

// ---------------------------------------------------------------------------------------------------------------
// Result page

void ValidateSetupWizard::buildResultPage()
{
    auto *page = new Page(this);
    page->setObjectName(QStringLiteral("validateResultPage"));
    page->setTitle(tr("Result"));
    page->setSubTitle(tr("What works, what does not and what to fix first."));
    page->setFinalPage(true);

    m_resultIcon = new QLabel(page);
    m_resultIcon->setObjectName(QStringLiteral("resultIcon"));
    m_resultIcon->setAccessibleName(tr("Result icon"));
    m_resultIcon->setAlignment(Qt::AlignTop);
    m_headline = valueLabel(QStringLiteral("resultHeadline"), tr("Result"), page);
    QFont big = m_headline->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    m_headline->setFont(big);
    m_headlineDetail = valueLabel(QStringLiteral("resultDetail"), tr("What the result means"), page);
    m_serviceUserResult = valueLabel(QStringLiteral("serviceUserResult"), tr("Resolved service user"), page);

    m_resultTabs = new QTabWidget(page);
    m_resultTabs->setObjectName(QStringLiteral("resultTabs"));
    m_resultTabs->setAccessibleName(tr("Result details"));
    m_inspector = new TokenInspector;
    m_allFindings = new QTextBrowser;
    m_allFindings->setObjectName(QStringLiteral("resultFindings"));
    m_allFindings->setAccessibleName(tr("All findings of the run"));
    m_allFindings->setOpenLinks(false);
    m_resultTabs->addTab(m_inspector, tr("&Token"));
    m_resultTabs->addTab(m_allFindings, tr("&Findings"));

    m_saveReportButton = pushButton(QStringLiteral("saveReportButton"), tr("&Save report…"), tr("Save report"), page);
    m_saveReportButton->setToolTip(tr("Saves the report as HTML (to attach to a ticket) or JSON. It holds no secret "
                                      "and no token."));
    m_copyTokenButton = pushButton(QStringLiteral("copyTokenButton"), tr("Copy t&oken"), tr("Copy token"), page);
    m_copyTokenButton->setToolTip(tr("Copies the access token to the clipboard, for a manual test. It is a "
                                     "credential until it expires; it is never saved."));
    m_runAgainButton = pushButton(QStringLiteral("runAgainButton"), tr("Run &again"), tr("Run again"), page);
    m_resultMessage = valueLabel(QStringLiteral("resultMessage"), tr("Message"), page);
    m_resultMessage->setForegroundRole(QPalette::PlaceholderText);
    m_resultMessage->hide();

    auto *headline = new QGridLayout;
    headline->addWidget(m_resultIcon, 0, 0, 2, 1, Qt::AlignTop);
    headline->addWidget(m_headline, 0, 1);
    headline->addWidget(m_headlineDetail, 1, 1);
    headline->addWidget(m_serviceUserResult, 2, 1);
    headline->setColumnStretch(1, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_saveReportButton);
    buttons->addWidget(m_copyTokenButton);
    buttons->addStretch(1);
    buttons->addWidget(m_runAgainButton);
    auto *layout = new QVBoxLayout(page);
    layout->addLayout(headline);
    layout->addWidget(m_resultTabs, 1);
    layout->addWidget(m_resultMessage);
    layout->addLayout(buttons);
    setPage(ResultPageId, page);

    connect(m_saveReportButton, &QPushButton::clicked, this, &ValidateSetupWizard::saveReport);
    connect(m_copyTokenButton, &QPushButton::clicked, this, &ValidateSetupWizard::copyToken);
    connect(m_runAgainButton, &QPushButton::clicked, this, &ValidateSetupWizard::runAgain);
    connect(m_allFindings, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        const Findings all = m_report->allFindings();
        bool ok = false;
        const int i = url.path().toInt(&ok);
        if (url.scheme() == QLatin1String("finding") && ok && i >= 0 && i < all.size())
            emit findingActivated(all.at(i));
    });
}

void ValidateSetupWizard::showResult()
{
    const ValidationReport &r = *m_report;
    const QDateTime finished = (r.finishedAt.isValid() ? r.finishedAt : m_clock.now()).toLocalTime();
    page(ResultPageId)
        ->setSubTitle(tr("\u201c%1\u201d in %2, validated %3.")
                          .arg(r.registrationName,
                               r.environmentName.isEmpty() ? tr("no environment") : r.environmentName,
                               QLocale().toString(finished, QLocale::ShortFormat)));
    const ReportVerdict verdict = ReportVerdict::of(r);
    const int side = qRound(m_headline->fontMetrics().height() * 1.6);
    m_resultIcon->setPixmap(glyph(verdict.look, side, devicePixelRatioF()));
    m_resultIcon->setAccessibleDescription(ValidationStatusStyle::label(verdict.look));
    m_headline->setText(verdict.headline);
    m_headlineDetail->setText(verdict.details());

    const QString userSummary = r.step(StepId::ServiceUser).summary;
    if (!r.serviceUser.isEmpty() && userSummary.contains(r.serviceUser))
        m_serviceUserResult->setText(userSummary); // already names the user
    else if (!r.serviceUser.isEmpty())
        m_serviceUserResult->setText(tr("CMiC runs the calls as %1. %2").arg(r.serviceUser, userSummary).trimmed());
    else
        m_serviceUserResult->setText(tr("The service user was not resolved: %1")
                                         .arg(continued(r.step(StepId::ServiceUser).skipReason.isEmpty()
                                                            ? r.step(StepId::ServiceUser).summary
                                                            : r.step(StepId::ServiceUser).skipReason)));

    const Workspace &ws = m_input ? m_input->workspace : m_document->workspace();
    const AppRegistration *reg = ws.registration(r.registrationId);
    const Environment *env = reg ? ws.environment(reg->environmentId) : nullptr;
    if (r.tokenClaims.isEmpty() && r.tokenHeader.isEmpty())
        m_inspector->clear();
    else
        m_inspector->setToken(r.tokenHeader, r.tokenClaims, m_clock.now(), ws.settings.clockSkewSeconds,
                              env ? env->userClaim : QString());

    QString html;
    int index = 0;
    for (const StepResult &s : r.steps) {
        if (s.findings.isEmpty())
            continue;
        html += QStringLiteral("<h4>%1</h4>")
                    .arg(tr("%1 \u2014 %2")
                             .arg(displayName(s.step), ValidationStatusStyle::label(s.status))
                             .toHtmlEscaped());
        html += ValidationStepDetails::findingsHtml(s.findings, palette(), index);
        index += static_cast<int>(s.findings.size());
    }
    if (html.isEmpty())
        html = QStringLiteral("<p>%1</p>").arg(tr("No findings: every check passed.").toHtmlEscaped());
    m_allFindings->setHtml(html);
    m_resultTabs->setTabText(1, tr("&Findings (%1)").arg(index));
    const bool hasToken = !r.tokenClaims.isEmpty() || !r.tokenHeader.isEmpty();
    m_resultTabs->setTabEnabled(0, hasToken);
    m_resultTabs->setTabToolTip(0, hasToken ? QString() : tr("No token was obtained in this run."));
    m_resultTabs->setCurrentIndex(hasToken ? 0 : 1);
    m_copyTokenButton->setEnabled(m_validator && !m_validator->accessToken().isEmpty());
    showMessage(m_resultMessage, QString());
}

bool ValidateSetupWizard::saveReport()
{
    const QString suggested = QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                                  .filePath(suggestedReportFileName(*m_report, m_clock.now()));
    QString path = prompts().saveFileName(this, tr("Save validation report"), suggested,
                                          tr("HTML report (*.html);;JSON report (*.json)"));
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".html");
    return saveReportTo(path);
}

bool ValidateSetupWizard::saveReportTo(const QString &path)
{
    QString error;
    if (!writeReport(*m_report, path, reportFormatForPath(path), &error)) {
        prompts().error(this, tr("Could not save the report"), error);
        return false;
    }
    showMessage(m_resultMessage,
                tr("Report saved to %1. It holds no secret and no token.").arg(QDir::toNativeSeparators(path)));
    return true;
}

bool ValidateSetupWizard::copyToken()
{
    const QString token = m_validator ? m_validator->accessToken() : QString();
    if (token.isEmpty()) {
        showMessage(m_resultMessage, tr("No token was obtained in this run, so there is nothing to copy."));
        return false;
    }
    QGuiApplication::clipboard()->setText(token);
    showMessage(m_resultMessage, tr("The access token is on the clipboard. It works as a credential until it "
                                    "expires: paste it only where it is needed."));
    return true;
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
    const bool sameRegistration = !m_input || m_input->registrationId == registrationId();
    if (m_credentialState != CredentialState::Present || !sameRegistration) {
        // The secret was removed meanwhile, or the registration changed: the start page says what to do.
        back();
        return;
    }
    startRun();
}

// ---------------------------------------------------------------------------------------------------------------

void ValidateSetupWizard::initializePage(int id)
{
    QWizard::initializePage(id);
    if (id == StartPageId)
        m_closed = false; // restart(): opened again
    if (id == RunPageId)
        startRun();
    else if (id == ResultPageId)
        showResult();
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
    discardValidator();
    forgetCredential();
    m_closed = true; // a keychain answer still to come is dropped, and nothing is read until it opens again
    m_credentialSlot->setKey(QString());
    m_credentialState = CredentialState::NoRegistration;
    QWizard::done(result);
}

} // namespace cmic
