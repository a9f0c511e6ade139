#include "WorkspaceSettingsDialog.h"

#include "core/net/CaBundle.h"
#include "core/net/HttpPolicy.h"
#include "core/rules/SettingsRules.h"
#include "core/util/Clock.h"
#include "gui/UndoCommands.h"
#include "gui/UserPrompts.h"
#include "gui/WorkspaceDocument.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QTreeWidget>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>

namespace cmic {

namespace {

QLabel *messageLabel(const QString &name, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->hide();
    return label;
}

// Findings as short paragraphs: the message in bold when it is an error, then (|withFix|) what to do.
QString findingsText(const Findings &findings, bool withFix = true)
{
    QString html;
    for (const Finding &f : findings) {
        const QString message = f.message.toHtmlEscaped();
        html += QStringLiteral("<p style='margin:0 0 4px 0'>%1 %2</p>")
                    .arg(f.severity == Severity::Error ? QStringLiteral("<b>%1</b>").arg(message) : message,
                         withFix ? f.fix.toHtmlEscaped() : QString());
    }
    return html;
}

// The value checks say what to type in their message; their fix names this very dialog, so it is left out here.
void showFindings(QLabel *label, const Findings &findings)
{
    label->setText(findingsText(findings, false));
    label->setVisible(!findings.isEmpty());
}

Findings onField(const Findings &findings, const char *field)
{
    Findings out;
    for (const Finding &f : findings) {
        if (f.field == QLatin1String(field))
            out << f;
    }
    return out;
}

} // namespace

WorkspaceSettingsDialog::WorkspaceSettingsDialog(WorkspaceDocument *document, UserPrompts &prompts, const Clock &clock,
                                                 QWidget *parent)
    : QDialog(parent), m_document(document), m_prompts(prompts), m_clock(clock),
      m_initial(document->workspace().settings)
{
    setObjectName(QStringLiteral("workspaceSettingsDialog"));
    setWindowTitle(tr("Workspace Settings — %1").arg(document->displayName()));
    setAccessibleName(tr("Workspace Settings"));

    // CA bundle
    auto *tls = new QGroupBox(tr("TLS trust"), this);
    m_caBundle = new QLineEdit(m_initial.caBundlePath, tls);
    m_caBundle->setObjectName(QLatin1String(settingsField::kCaBundlePath));
    m_caBundle->setAccessibleName(tr("CA bundle"));
    m_caBundle->setPlaceholderText(tr("None: the system trust store only"));
    m_caBundle->setClearButtonEnabled(true);
    m_caBundle->setToolTip(tr("A PEM file with your organisation's root (and intermediate) CA certificates, added to "
                              "the system's. A relative path is read against the workspace file's folder."));
    m_browse = new QPushButton(tr("C&hoose…"), tls);
    m_browse->setObjectName(QStringLiteral("caBundleBrowse"));
    m_browse->setAccessibleName(tr("Choose the CA bundle file"));
    m_test = new QPushButton(tr("&Test this bundle"), tls);
    m_test->setObjectName(QStringLiteral("caBundleTest"));
    m_test->setAccessibleName(tr("Test this bundle"));
    m_test->setToolTip(tr("Reads the file and lists the certificates it holds"));
    m_certificates = new QTreeWidget(tls);
    m_certificates->setObjectName(QStringLiteral("caBundleCertificates"));
    m_certificates->setAccessibleName(tr("Certificates in the CA bundle"));
    m_certificates->setHeaderLabels({tr("Subject"), tr("Issuer"), tr("Valid from"), tr("Valid to"), tr("SHA-256")});
    m_certificates->setRootIsDecorated(false);
    m_certificates->setAlternatingRowColors(true);
    m_certificates->header()->setStretchLastSection(true);
    m_certificates->setMinimumHeight(90);
    m_certificates->hide();
    m_caBundleMessage = messageLabel(QStringLiteral("caBundleMessage"), tls);
    auto *bundleRow = new QHBoxLayout;
    bundleRow->addWidget(m_caBundle, 1);
    bundleRow->addWidget(m_browse);
    bundleRow->addWidget(m_test);
    auto *tlsLayout = new QVBoxLayout(tls);
    auto *bundleLabel = new QLabel(tr("Extra &CA bundle (PEM):"), tls);
    bundleLabel->setBuddy(m_caBundle);
    tlsLayout->addWidget(bundleLabel);
    tlsLayout->addLayout(bundleRow);
    tlsLayout->addWidget(m_caBundleMessage);
    tlsLayout->addWidget(m_certificates, 10);
    tlsLayout->addStretch(1); // holds the rows at the top while there is no list

    // Proxy
    auto *proxy = new QGroupBox(tr("Proxy"), this);
    m_proxyMode = new QComboBox(proxy);
    m_proxyMode->setObjectName(QLatin1String(settingsField::kProxyMode));
    m_proxyMode->setAccessibleName(tr("Proxy mode"));
    for (const ProxyMode mode : {ProxyMode::System, ProxyMode::None, ProxyMode::Manual})
        m_proxyMode->addItem(displayName(mode), QVariant::fromValue(static_cast<int>(mode)));
    m_proxyMode->setCurrentIndex(m_proxyMode->findData(static_cast<int>(m_initial.proxyMode)));
    m_proxyUrl = new QLineEdit(m_initial.proxyUrl, proxy);
    m_proxyUrl->setObjectName(QLatin1String(settingsField::kProxyUrl));
    m_proxyUrl->setAccessibleName(tr("Proxy URL"));
    m_proxyUrl->setPlaceholderText(tr("http://proxy.example.com:3128"));
    m_proxyUrl->setToolTip(tr("scheme://host:port with scheme http, https or socks5"));
    m_proxyMessage = messageLabel(QStringLiteral("proxyUrlMessage"), proxy);
    // The message under the form, not in a form row: QFormLayout reserves too much height for wrapped text.
    auto *proxyForm = new QFormLayout;
    proxyForm->addRow(tr("&Mode:"), m_proxyMode);
    proxyForm->addRow(tr("Proxy &URL:"), m_proxyUrl);
    auto *proxyLayout = new QVBoxLayout(proxy);
    proxyLayout->addLayout(proxyForm);
    proxyLayout->addWidget(m_proxyMessage);

    // Clock
    auto *clockBox = new QGroupBox(tr("Time checks"), this);
    m_clockSkew = new QSpinBox(clockBox);
    m_clockSkew->setObjectName(QLatin1String(settingsField::kClockSkewSeconds));
    m_clockSkew->setAccessibleName(tr("Clock skew in seconds"));
    m_clockSkew->setRange(0, kMaxClockSkewSeconds);
    m_clockSkew->setSuffix(tr(" s"));
    m_clockSkew->setValue(qBound(0, m_initial.clockSkewSeconds, kMaxClockSkewSeconds));
    m_clockSkew->setToolTip(tr("How far the token's exp, nbf and iat may be from this computer's clock"));
    m_clockSkewMessage = messageLabel(QStringLiteral("clockSkewMessage"), clockBox);
    auto *clockForm = new QFormLayout;
    clockForm->addRow(tr("Allowed clock &skew:"), m_clockSkew);
    auto *clockLayout = new QVBoxLayout(clockBox);
    clockLayout->addLayout(clockForm);
    clockLayout->addWidget(m_clockSkewMessage);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->setObjectName(QStringLiteral("buttons"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &WorkspaceSettingsDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &WorkspaceSettingsDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(tls, 1);
    layout->addWidget(proxy);
    layout->addWidget(clockBox);
    layout->addWidget(m_buttons);

    connect(m_browse, &QPushButton::clicked, this, &WorkspaceSettingsDialog::chooseBundle);
    connect(m_test, &QPushButton::clicked, this, &WorkspaceSettingsDialog::testBundle);
    connect(m_caBundle, &QLineEdit::textChanged, this, [this] {
        // The list belongs to the file tested; another path has not been tested yet.
        m_certificates->clear();
        m_certificates->hide();
        m_caBundleMessage->hide();
        updateValidity();
    });
    connect(m_proxyMode, &QComboBox::currentIndexChanged, this, &WorkspaceSettingsDialog::updateValidity);
    connect(m_proxyUrl, &QLineEdit::textChanged, this, &WorkspaceSettingsDialog::updateValidity);
    connect(m_clockSkew, &QSpinBox::valueChanged, this, &WorkspaceSettingsDialog::updateValidity);
    // Another workspace opened meanwhile (the dialog over the wizard leaves the main window usable): these values
    // belong to the old one.
    connect(m_document, &WorkspaceDocument::aboutToReset, this, &WorkspaceSettingsDialog::reject);
    updateValidity();
    if (!m_initial.caBundlePath.isEmpty())
        testBundle(); // what the bundle in use holds, at a glance
    resize(820, qMin(600, sizeHint().height() + 120));
}

WorkspaceSettingsDialog::~WorkspaceSettingsDialog() = default;

QPushButton *WorkspaceSettingsDialog::okButton() const { return m_buttons->button(QDialogButtonBox::Ok); }

WorkspaceSettings WorkspaceSettingsDialog::settings() const
{
    WorkspaceSettings s = m_initial;
    s.caBundlePath = m_caBundle->text().trimmed();
    s.proxyMode = static_cast<ProxyMode>(m_proxyMode->currentData().toInt());
    s.proxyUrl = m_proxyUrl->text().trimmed();
    s.clockSkewSeconds = m_clockSkew->value();
    return s;
}

bool WorkspaceSettingsDialog::focusField(const QString &field)
{
    QWidget *widget = findChild<QWidget *>(field);
    if (!widget || settingPlace(field).isEmpty())
        return false;
    if (field == QLatin1String(settingsField::kProxyUrl) && !m_proxyUrl->isEnabled())
        widget = m_proxyMode; // the URL is used only with Manual: choosing the mode comes first
    widget->setFocus(Qt::OtherFocusReason);
    if (auto *edit = qobject_cast<QLineEdit *>(widget))
        edit->selectAll();
    return true;
}

QString WorkspaceSettingsDialog::resolvedBundlePath() const
{
    return net::HttpPolicy::resolveCaBundlePath(m_caBundle->text().trimmed(), m_document->filePath());
}

void WorkspaceSettingsDialog::chooseBundle()
{
    const QString current = resolvedBundlePath();
    const QString folder = !current.isEmpty()                  ? QFileInfo(current).absolutePath()
                           : !m_document->filePath().isEmpty() ? QFileInfo(m_document->filePath()).absolutePath()
                                                               : QDir::homePath();
    const QString path = m_prompts.readFileName(this, tr("Choose the CA bundle"), folder,
                                                tr("PEM certificates (*.pem *.crt *.cer);;All files (*)"));
    if (path.isEmpty())
        return;
    m_caBundle->setText(QDir::toNativeSeparators(path));
    testBundle();
}

void WorkspaceSettingsDialog::testBundle()
{
    const QString path = resolvedBundlePath();
    if (path.isEmpty()) {
        m_certificates->clear();
        m_certificates->hide();
        m_caBundleMessage->setText(tr("No CA bundle is set: only the system trust store is used. Choose a PEM file to "
                                      "add your organisation's CA.")
                                       .toHtmlEscaped());
        m_caBundleMessage->show();
        return;
    }
    showInspection(net::inspectCaBundle(path, m_clock.now()));
}

void WorkspaceSettingsDialog::showInspection(const net::CaBundleInspection &inspection)
{
    m_certificates->clear();
    const QLocale locale;
    for (const net::CaCertificateInfo &c : inspection.certificates) {
        auto *item = new QTreeWidgetItem(m_certificates);
        item->setText(0, c.subject);
        item->setText(1, c.issuer);
        item->setText(2, locale.toString(c.validFrom.toLocalTime(), QLocale::ShortFormat));
        item->setText(3, locale.toString(c.validTo.toLocalTime(), QLocale::ShortFormat));
        item->setText(4, c.sha256Fingerprint);
        item->setToolTip(4, c.sha256Fingerprint);
        if (c.expired || c.notYetValid || !c.isCa) {
            // Dimmed, and why in words beside the subject: the colour alone does not say it.
            QStringList why;
            if (c.expired)
                why << tr("expired");
            if (c.notYetValid)
                why << tr("not yet valid");
            if (!c.isCa)
                why << tr("not a CA");
            item->setText(0, tr("%1 (%2)").arg(c.subject, why.join(tr(", "))));
            for (int column = 0; column < 5; ++column)
                item->setForeground(column, palette().color(QPalette::PlaceholderText));
        }
    }
    m_certificates->setVisible(!inspection.certificates.isEmpty());
    for (int column = 0; column < 4; ++column)
        m_certificates->resizeColumnToContents(column);
    QString html;
    if (inspection.usable() && !inspection.certificates.isEmpty()) {
        html = QStringLiteral("<p style='margin:0 0 4px 0'>%1</p>")
                   .arg(tr("The bundle holds %n certificate(s); the console adds them to the system trust store.",
                           nullptr, int(inspection.certificates.size()))
                            .toHtmlEscaped());
    }
    m_caBundleMessage->setText(html + findingsText(inspection.findings));
    m_caBundleMessage->show();
}

void WorkspaceSettingsDialog::updateValidity()
{
    m_proxyUrl->setEnabled(static_cast<ProxyMode>(m_proxyMode->currentData().toInt()) == ProxyMode::Manual);
    const Findings findings = checkWorkspaceSettings(settings());
    showFindings(m_proxyMessage, onField(findings, settingsField::kProxyUrl));
    showFindings(m_clockSkewMessage, onField(findings, settingsField::kClockSkewSeconds));
    const bool blocked =
        std::any_of(findings.cbegin(), findings.cend(), [](const Finding &f) { return f.severity == Severity::Error; });
    okButton()->setEnabled(!blocked);
}

void WorkspaceSettingsDialog::accept()
{
    const WorkspaceSettings edited = settings();
    if (!edited.caBundlePath.isEmpty() && edited.caBundlePath != m_initial.caBundlePath) {
        // A new bundle is read before it is kept: a file the console cannot use is said now, with the dialog open.
        const net::CaBundleInspection inspection = net::inspectCaBundle(resolvedBundlePath(), m_clock.now());
        if (!inspection.usable()) {
            showInspection(inspection);
            m_caBundle->setFocus(Qt::OtherFocusReason);
            return;
        }
    }
    if (edited != m_initial)
        m_document->undoStack()->push(new ChangeSettingsCommand(m_document, edited, tr("Change workspace settings")));
    QDialog::accept();
}

} // namespace cmic
