#include "ValidateResultPage.h"

#include "PermissionsMatrixView.h"

#include "TokenInspector.h"
#include "ValidateRunPage.h"
#include "ValidationStatusStyle.h"
#include "ValidationStepDetails.h"
#include "WizardWidgets.h"
#include "core/jose/ClaimsValidator.h"
#include "core/model/IdpPreset.h"
#include "core/util/Clock.h"
#include "core/validation/ReportFile.h"
#include "core/validation/ReportVerdict.h"
#include "core/validation/SetupValidator.h"
#include "gui/UserPrompts.h"

#include <QClipboard>
#include <QDir>
#include <QFileInfo>
#include <QGridLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTextBrowser>
#include <QUrl>
#include <QVBoxLayout>
#include <QWizard>

namespace cmic {

namespace {

// The claim the validation compared with the App ID (the preset's, else the first the token has): core decides.
QString appIdClaimOf(const AppRegistration *reg, const QJsonObject &claims)
{
    const IdpPreset *preset = reg ? IdpPresets::find(reg->idpPreset) : nullptr;
    return jose::appIdClaimIn(claims, preset ? preset->appIdClaim : QString());
}

} // namespace

using namespace validation;
using wizardui::pushButton;
using wizardui::valueLabel;

ValidateResultPage::ValidateResultPage(const ValidateRunPage *run, const Clock &clock, QWidget *parent)
    : QWizardPage(parent), m_run(run), m_clock(clock)
{
    auto *page = this;
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
    // F&indings: the wizard's own &Finish has the F.
    m_resultTabs->addTab(m_allFindings, tr("F&indings"));
    m_permissions = new PermissionsMatrixView;
    m_resultTabs->addTab(m_permissions, tr("&Permissions"));
    m_resultTabs->setTabToolTip(2, tr("CMiC's answer to the service user on each probe endpoint of the environment."));

    m_saveReportButton = pushButton(QStringLiteral("saveReportButton"), tr("&Save report…"), tr("Save report"), page);
    m_saveReportButton->setToolTip(tr("Saves the report as HTML or PDF (to attach to a ticket) or JSON. It holds no "
                                      "secret and no token."));
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

    connect(m_saveReportButton, &QPushButton::clicked, this, &ValidateResultPage::saveReportRequested);
    connect(m_copyTokenButton, &QPushButton::clicked, this, &ValidateResultPage::copyToken);
    connect(m_runAgainButton, &QPushButton::clicked, this, &ValidateResultPage::runAgainRequested);
    connect(m_allFindings, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        const Findings all = m_run->report().allFindings();
        bool ok = false;
        const int i = url.path().toInt(&ok);
        if (url.scheme() == QLatin1String("finding") && ok && i >= 0 && i < all.size())
            emit findingActivated(all.at(i));
    });
}

void ValidateResultPage::initializePage()
{
    QWizardPage::initializePage();
    showResult(m_run->report());
}

void ValidateResultPage::showResult(const ValidationReport &r)
{
    const QDateTime finished = (r.finishedAt.isValid() ? r.finishedAt : m_clock.now()).toLocalTime();
    setSubTitle(tr("\u201c%1\u201d in %2, validated %3.")
                    .arg(r.registrationName, r.environmentName.isEmpty() ? tr("no environment") : r.environmentName,
                         QLocale().toString(finished, QLocale::ShortFormat)));
    const ReportVerdict verdict = ReportVerdict::of(r);
    const int side = qRound(m_headline->fontMetrics().height() * 1.6);
    m_resultIcon->setPixmap(wizardui::glyph(verdict.look, side, devicePixelRatioF()));
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
                                         .arg(wizardui::continued(r.step(StepId::ServiceUser).skipReason.isEmpty()
                                                                      ? r.step(StepId::ServiceUser).summary
                                                                      : r.step(StepId::ServiceUser).skipReason)));

    const Workspace &ws = m_run->workspace();
    const AppRegistration *reg = ws.registration(r.registrationId);
    const Environment *env = reg ? ws.environment(reg->environmentId) : nullptr;
    if (r.tokenClaims.isEmpty() && r.tokenHeader.isEmpty())
        m_inspector->clear();
    else
        m_inspector->setToken(r.tokenHeader, r.tokenClaims, m_clock.now(), ws.settings.clockSkewSeconds,
                              env ? env->userClaim : QString(), appIdClaimOf(reg, r.tokenClaims));

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
    m_resultTabs->setTabText(1, tr("F&indings (%1)").arg(index));
    const QList<PermissionRow> permissions = r.permissions();
    m_permissions->setRows(permissions);
    m_resultTabs->setTabText(2, tr("&Permissions (%1)").arg(permissions.size()));
    m_resultTabs->setTabEnabled(2, !permissions.isEmpty());
    const bool hasToken = !r.tokenClaims.isEmpty() || !r.tokenHeader.isEmpty();
    m_resultTabs->setTabEnabled(0, hasToken);
    m_resultTabs->setTabToolTip(0, hasToken ? QString() : tr("No token was obtained in this run."));
    m_resultTabs->setCurrentIndex(hasToken ? 0 : 1);
    m_copyTokenButton->setEnabled(m_run->validator() && !m_run->validator()->accessToken().isEmpty());
    wizardui::showMessage(m_resultMessage, QString());
}

bool ValidateResultPage::saveReport(UserPrompts &prompts)
{
    const QString suggested = QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                                  .filePath(suggestedReportFileName(m_run->report(), m_clock.now()));
    QString path = prompts.saveFileName(this, tr("Save validation report"), suggested,
                                        tr("HTML report (*.html);;PDF report (*.pdf);;JSON report (*.json)"));
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".html");
    return saveReportTo(path, prompts);
}

bool ValidateResultPage::saveReportTo(const QString &path, UserPrompts &prompts)
{
    QString error;
    if (!writeReport(m_run->report(), path, reportFormatForPath(path), &error)) {
        prompts.error(this, tr("Could not save the report"), error);
        return false;
    }
    wizardui::showMessage(
        m_resultMessage,
        tr("Report saved to %1. It holds no secret and no token.").arg(QDir::toNativeSeparators(path)));
    return true;
}

bool ValidateResultPage::copyToken()
{
    const QString token = m_run->validator() ? m_run->validator()->accessToken() : QString();
    if (token.isEmpty()) {
        wizardui::showMessage(m_resultMessage, tr("No token was obtained in this run, so there is nothing to copy."));
        return false;
    }
    QGuiApplication::clipboard()->setText(token);
    wizardui::showMessage(m_resultMessage, tr("The access token is on the clipboard. It works as a credential until it "
                                              "expires: paste it only where it is needed."));
    return true;
}

} // namespace cmic
