#include "ValidateStartPage.h"

#include "ValidateRunPage.h"
#include "ValidationStatusStyle.h"
#include "WizardWidgets.h"
#include "core/net/HttpPolicy.h"
#include "core/storage/CredentialKind.h"
#include "core/storage/SecretStore.h"
#include "gui/CredentialSlot.h"
#include "gui/ObjectTableModels.h"
#include "gui/WorkspaceDocument.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>
#include <QWizard>

namespace cmic {

using namespace validation;
using wizardui::pushButton;
using wizardui::valueLabel;

ValidateStartPage::ValidateStartPage(WorkspaceDocument *document, SecretStore *secrets, QWidget *parent)
    : QWizardPage(parent), m_document(document), m_secrets(secrets)
{
    // Before the widgets: selecting the first registration reads its credential.
    m_credentialSlot = new CredentialSlot(this);
    m_credentialSlot->setStore(m_secrets);
    connect(m_credentialSlot, &CredentialSlot::answered, this, &ValidateStartPage::onCredentialRead);

    auto *page = this;
    page->setObjectName(QStringLiteral("validateStartPage"));
    page->setTitle(tr("Validate setup"));
    page->setSubTitle(tr("Proves a registration end to end, the way CMiC will see it: the console asks the identity "
                         "provider for a token, checks it as CMiC does, and calls CMiC with it."));
    page->setButtonText(QWizard::NextButton, tr("&Validate"));

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
    m_changeSettingsLink =
        new QLabel(QStringLiteral("<a href=\"settings\">%1</a>").arg(tr("Change…").toHtmlEscaped()), page);
    m_changeSettingsLink->setObjectName(QStringLiteral("changeNetworkSettings"));
    m_changeSettingsLink->setAccessibleName(tr("Change the workspace's network settings"));
    m_changeSettingsLink->setToolTip(tr("Open Workspace Settings: CA bundle, proxy and clock skew"));
    m_changeSettingsLink->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_changeSettingsLink->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    connect(m_changeSettingsLink, &QLabel::linkActivated, this, &ValidateStartPage::workspaceSettingsRequested);
    auto *network = new QHBoxLayout;
    network->addWidget(m_networkNote, 1);
    network->addWidget(m_changeSettingsLink, 0, Qt::AlignTop);
    layout->addLayout(network);
    if (m_registrations->rowCount() > 0)
        m_registrationCombo->setCurrentIndex(0);
    connect(m_registrationCombo, &QComboBox::currentIndexChanged, this, [this] {
        refresh();
        readCredential();
    });
    connect(m_enterSecretButton, &QPushButton::clicked, this, [this] {
        const AppRegistration *reg = m_document->workspace().registration(registrationId());
        if (reg)
            emit credentialEntryRequested(reg->id, formField(credentialKindFor(*reg)));
    });
    connect(m_recheckButton, &QPushButton::clicked, this, &ValidateStartPage::readCredential);

    // The secret typed on the form arrives while the wizard is open: check again.
    connect(m_secrets, &SecretStore::changed, this, [this](const QString &key) {
        if (key == m_credentialKey && !runShown())
            readCredential();
    });
    // The document changes under the open wizard (edits, another workspace opened).
    connect(m_document, &WorkspaceDocument::resetDone, this, [this] {
        if (m_registrationCombo->currentIndex() < 0 && m_registrations->rowCount() > 0)
            m_registrationCombo->setCurrentIndex(0);
        refresh();
        readCredential();
    });
    connect(m_document, &WorkspaceDocument::objectChanged, this, [this](ObjectKind kind) {
        refresh();
        // A new authentication method reads another kind of credential.
        const Workspace &ws = m_document->workspace();
        const AppRegistration *reg = ws.registration(registrationId());
        if (kind == ObjectKind::Registration && reg && !runShown()
            && m_credentialKey != credentialKey(ws.id, reg->id, credentialKindFor(*reg)))
            readCredential();
    });
    connect(m_document, &WorkspaceDocument::objectRemoved, this, [this] {
        refresh();
        readCredential();
    });
    connect(m_document, &WorkspaceDocument::settingsChanged, this, &ValidateStartPage::refresh);
    refresh();
    readCredential();
}

ValidateStartPage::~ValidateStartPage() { m_credential.clear(); }

bool ValidateStartPage::runShown() const
{
    // While the run page shows a run, the credential it runs with is not read again.
    return wizard() && qobject_cast<const ValidateRunPage *>(wizard()->currentPage());
}

bool ValidateStartPage::isComplete() const
{
    return m_credentialState == CredentialState::Present && !registrationId().isEmpty();
}

void ValidateStartPage::initializePage()
{
    m_closed = false; // restart(): opened again
    QWizardPage::initializePage();
}

QString ValidateStartPage::expectedUser() const { return m_expectedUserEdit->text().trimmed(); }

bool ValidateStartPage::probeCmic() const { return m_probeCheck->isChecked(); }

void ValidateStartPage::setSessionSecretLookup(std::function<SecretBuffer(const QString &)> lookup)
{
    m_sessionLookup = std::move(lookup);
}

void ValidateStartPage::setRegistration(const QString &id)
{
    const QModelIndex index = m_registrations->indexOfId(id);
    if (index.isValid() && index.row() != m_registrationCombo->currentIndex())
        m_registrationCombo->setCurrentIndex(index.row());
    else
        readCredential(); // same registration: its secret may have been entered since
}

QString ValidateStartPage::registrationId() const
{
    const int row = m_registrationCombo->currentIndex();
    return row >= 0 ? m_registrations->index(row, 0).data(ObjectTableModel::IdRole).toString() : QString();
}

void ValidateStartPage::refresh()
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

void ValidateStartPage::forgetCredential()
{
    m_credential.clear();
    m_credentialSlot->clearSecret();
    emit credentialForgotten();
}

void ValidateStartPage::wizardClosed()
{
    forgetCredential();
    m_closed = true; // a keychain answer still to come is dropped, and nothing is read until it opens again
    m_credentialSlot->setKey(QString());
    m_credentialState = CredentialState::NoRegistration;
}

void ValidateStartPage::recheckIfMissing()
{
    if (m_credentialState == CredentialState::Missing || m_credentialState == CredentialState::Unavailable)
        readCredential();
}

void ValidateStartPage::readCredential()
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

void ValidateStartPage::onCredentialRead()
{
    // The slot answers only for the key it was last asked about, and not at all after done().
    const CredentialSlot::State answer = m_credentialSlot->state();
    if (answer == CredentialSlot::State::Present && !m_credentialSlot->secret().isEmpty()) {
        m_credential = m_credentialSlot->takeSecret();
        setCredentialState(CredentialState::Present);
        return;
    }
    if (m_sessionLookup) {
        SecretBuffer session = m_sessionLookup(m_credentialKey);
        if (!session.isEmpty()) {
            m_credential = std::move(session);
            setCredentialState(CredentialState::Present, tr("for this session only"));
            return;
        }
    }
    if (answer == CredentialSlot::State::Absent || answer == CredentialSlot::State::Present)
        setCredentialState(CredentialState::Missing);
    else
        setCredentialState(CredentialState::Unavailable, m_credentialSlot->errorText());
}

void ValidateStartPage::setCredentialState(CredentialState state, const QString &detail)
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
    m_credentialIcon->setPixmap(wizardui::glyph(look, side, devicePixelRatioF()));
    m_credentialIcon->setAccessibleDescription(ValidationStatusStyle::label(look));
    const bool missing = state == CredentialState::Missing || state == CredentialState::Unavailable;
    m_enterSecretButton->setText(privateKey ? tr("&Go to the private key field")
                                            : tr("&Go to the client secret field"));
    m_enterSecretButton->setAccessibleName(privateKey ? tr("Go to the private key field")
                                                      : tr("Go to the client secret field"));
    m_enterSecretButton->setVisible(missing);
    m_recheckButton->setVisible(missing);
    emit completeChanged();
}

} // namespace cmic
