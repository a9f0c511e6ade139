#include "ValidationStepDetails.h"

#include "ValidationStatusStyle.h"
#include "core/rules/SettingsRules.h"

#include <QClipboard>
#include <QFontDatabase>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace cmic {

using namespace validation;

namespace {

enum Tab { FindingsTab, ChecksTab, ExchangesTab };

QString severityWord(Severity severity)
{
    switch (severity) {
    case Severity::Error: return ValidationStepDetails::tr("Error");
    case Severity::Warning: return ValidationStepDetails::tr("Warning");
    case Severity::Info: return ValidationStepDetails::tr("Note");
    }
    return {};
}

QString subjectWord(SubjectKind kind)
{
    switch (kind) {
    case SubjectKind::Environment: return ValidationStepDetails::tr("environment");
    case SubjectKind::ServiceUser: return ValidationStepDetails::tr("service user");
    case SubjectKind::Registration: return ValidationStepDetails::tr("registration");
    case SubjectKind::Workspace: break;
    }
    return ValidationStepDetails::tr("workspace");
}

QString headerLines(const net::HeaderList &headers)
{
    QStringList lines;
    for (const auto &[name, value] : headers)
        lines.append(QStringLiteral("  %1: %2").arg(QString::fromLatin1(name), QString::fromLatin1(value)));
    return lines.join(QLatin1Char('\n'));
}

QString exchangeText(const net::HttpExchange &x)
{
    QStringList out;
    out.append(QStringLiteral("%1 %2").arg(x.method, x.url.toDisplayString()));
    for (const QUrl &r : x.redirects)
        out.append(ValidationStepDetails::tr("  redirected to %1").arg(r.toDisplayString()));
    if (x.status > 0)
        out.append(ValidationStepDetails::tr("Answer: HTTP %1, %2, %3 bytes")
                       .arg(x.status)
                       .arg(ValidationStatusStyle::formatElapsed(x.elapsedMs))
                       .arg(x.responseBytes));
    else
        out.append(
            ValidationStepDetails::tr("No HTTP answer (%1).").arg(ValidationStatusStyle::formatElapsed(x.elapsedMs)));
    if (!x.errorString.isEmpty())
        out.append(ValidationStepDetails::tr("Error: %1").arg(x.errorString));
    if (x.serverDate.isValid())
        out.append(ValidationStepDetails::tr("Server date: %1").arg(x.serverDate.toUTC().toString(Qt::ISODate)));
    if (!x.peerSubject.isEmpty())
        out.append(ValidationStepDetails::tr("TLS certificate: %1, issued by %2, expires %3")
                       .arg(x.peerSubject, x.peerIssuer, x.peerExpiry.toUTC().toString(Qt::ISODate)));
    if (!x.basicClientId.isEmpty())
        out.append(
            ValidationStepDetails::tr("Basic authentication as client %1 (secret not shown)").arg(x.basicClientId));
    out.append(QString());
    out.append(ValidationStepDetails::tr("Request headers:"));
    out.append(headerLines(x.requestHeaders));
    if (!x.requestBody.isEmpty()) {
        out.append(ValidationStepDetails::tr("Request body:"));
        out.append(QLatin1String("  ") + QString::fromUtf8(x.requestBody));
    }
    if (!x.responseHeaders.isEmpty()) {
        out.append(QString());
        out.append(ValidationStepDetails::tr("Response headers:"));
        out.append(headerLines(x.responseHeaders));
    }
    if (!x.responseBodyExcerpt.isEmpty()) {
        out.append(ValidationStepDetails::tr("Response body (first %1 bytes at most):")
                       .arg(net::HttpExchange::kBodyExcerptBytes));
        out.append(QString::fromUtf8(x.responseBodyExcerpt));
    }
    return out.join(QLatin1Char('\n'));
}

} // namespace

ValidationStepDetails::ValidationStepDetails(QWidget *parent)
    : QWidget(parent), m_title(new QLabel(this)), m_summary(new QLabel(this)), m_tabs(new QTabWidget(this)),
      m_findings(new QTextBrowser), m_checks(new QTreeWidget), m_exchanges(new QTreeWidget),
      m_exchangeText(new QPlainTextEdit), m_copyCurl(new QPushButton)
{
    setObjectName(QStringLiteral("stepDetails"));
    setAccessibleName(tr("Step details"));
    m_title->setObjectName(QStringLiteral("stepTitle"));
    m_title->setAccessibleName(tr("Step"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_summary->setObjectName(QStringLiteral("stepSummary"));
    m_summary->setAccessibleName(tr("Step summary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText); // what the IdP or CMiC said, never markup
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_tabs->setObjectName(QStringLiteral("stepDetailTabs"));
    m_tabs->setAccessibleName(tr("Step details"));
    m_tabs->setDocumentMode(true);

    m_findings->setObjectName(QStringLiteral("stepFindings"));
    m_findings->setAccessibleName(tr("Findings of the step"));
    m_findings->setOpenLinks(false);
    m_findings->setFrameShape(QFrame::NoFrame);
    connect(m_findings, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        if (url.scheme() != QLatin1String("finding"))
            return;
        bool ok = false;
        const int i = url.path().toInt(&ok);
        if (ok && i >= 0 && i < m_result.findings.size())
            emit findingActivated(m_result.findings.at(i));
    });

    m_checks->setObjectName(QStringLiteral("stepChecks"));
    m_checks->setAccessibleName(tr("Checks of the step"));
    m_checks->setHeaderLabels({tr("Result"), tr("Check"), tr("Id")});
    m_checks->setRootIsDecorated(false);
    m_checks->setWordWrap(true);
    m_checks->setAlternatingRowColors(true);
    m_checks->setFrameShape(QFrame::NoFrame);
    m_checks->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_checks->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_checks->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_checks->header()->setStretchLastSection(false);
    // Wrapped messages need their rows measured again at the new width.
    connect(m_checks->header(), &QHeaderView::sectionResized, m_checks, [this] { m_checks->doItemsLayout(); });

    auto *exchangesPage = new QWidget;
    exchangesPage->setObjectName(QStringLiteral("stepExchangesPage"));
    m_exchanges->setObjectName(QStringLiteral("stepExchanges"));
    m_exchanges->setAccessibleName(tr("HTTP exchanges of the step"));
    m_exchanges->setHeaderLabels({tr("Method"), tr("URL"), tr("Status"), tr("Time")});
    m_exchanges->setRootIsDecorated(false);
    m_exchanges->setAlternatingRowColors(true);
    m_exchanges->setUniformRowHeights(true);
    m_exchanges->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_exchanges->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_exchanges->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_exchanges->header()->setSectionResizeMode(3, QHeaderView::ResizeToContents);
    m_exchanges->header()->setStretchLastSection(false);
    m_exchangeText->setObjectName(QStringLiteral("exchangeDetail"));
    m_exchangeText->setAccessibleName(tr("Selected exchange, with secrets masked"));
    m_exchangeText->setReadOnly(true);
    m_exchangeText->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_exchangeText->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_copyCurl->setObjectName(QStringLiteral("copyCurlButton"));
    m_copyCurl->setText(tr("Copy as &curl"));
    m_copyCurl->setAccessibleName(tr("Copy as curl"));
    m_copyCurl->setToolTip(tr("Copies the selected request as a curl command. Secrets are not in it: it reads them "
                              "from $CMIC_CLIENT_SECRET, $CMIC_CLIENT_ASSERTION and $CMIC_ACCESS_TOKEN."));
    auto *exchangeSplitter = new QSplitter(Qt::Vertical, exchangesPage);
    exchangeSplitter->setObjectName(QStringLiteral("exchangeSplitter"));
    exchangeSplitter->addWidget(m_exchanges);
    exchangeSplitter->addWidget(m_exchangeText);
    exchangeSplitter->setChildrenCollapsible(false);
    exchangeSplitter->setStretchFactor(1, 1);
    const int line = fontMetrics().height();
    exchangeSplitter->setSizes({line * 5, line * 14}); // a few requests per step; their detail needs the room
    auto *exchangeLayout = new QVBoxLayout(exchangesPage);
    exchangeLayout->setContentsMargins(0, 0, 0, 0);
    exchangeLayout->addWidget(exchangeSplitter, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_copyCurl);
    exchangeLayout->addLayout(buttons);
    connect(m_exchanges, &QTreeWidget::currentItemChanged, this,
            [this] { showExchange(m_exchanges->indexOfTopLevelItem(m_exchanges->currentItem())); });
    connect(m_copyCurl, &QPushButton::clicked, this, &ValidationStepDetails::copySelectedAsCurl);

    m_tabs->addTab(m_findings, QString());
    m_tabs->addTab(m_checks, QString());
    m_tabs->addTab(exchangesPage, QString());

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(m_summary);
    layout->addWidget(m_tabs, 1);
    clear();
}

void ValidationStepDetails::clear()
{
    m_result = StepResult();
    m_hasResult = false;
    m_title->setText(tr("Select a step to see its checks, findings and requests."));
    m_summary->clear();
    m_summary->hide();
    m_findings->clear();
    m_checks->clear();
    m_exchanges->clear();
    m_exchangeText->clear();
    m_copyCurl->setEnabled(false);
    m_tabs->setTabText(FindingsTab, tr("Findings"));
    m_tabs->setTabText(ChecksTab, tr("Checks"));
    m_tabs->setTabText(ExchangesTab, tr("Requests"));
    m_tabs->setEnabled(false);
}

QString ValidationStepDetails::findingsHtml(const Findings &findings, const QPalette &pal, int firstLink)
{
    QString html;
    for (int i = 0; i < findings.size(); ++i) {
        const Finding &f = findings.at(i);
        const StepStatus look = f.severity == Severity::Error     ? StepStatus::Failed
                                : f.severity == Severity::Warning ? StepStatus::Warning
                                                                  : StepStatus::Skipped;
        html += QStringLiteral("<p style='margin-bottom:2px'><b style='color:%1'>%2</b> %3")
                    .arg(ValidationStatusStyle::color(look, pal).name(), severityWord(f.severity).toHtmlEscaped(),
                         f.message.toHtmlEscaped());
        if (!f.code.isEmpty())
            html += QStringLiteral(" <span style='color:%1'>(%2)</span>")
                        .arg(pal.color(QPalette::PlaceholderText).name(), f.code.toHtmlEscaped());
        html += QStringLiteral("</p>");
        if (!f.fix.isEmpty())
            html += QStringLiteral("<p style='margin-left:16px; margin-top:0; margin-bottom:2px'>%1</p>")
                        .arg(tr("What to do: %1").arg(f.fix).toHtmlEscaped());
        // A note ("nothing to do") needs no way to its field.
        if (f.severity != Severity::Info && isSettingFinding(f)) {
            const QString link = tr("Open %1").arg(settingPlace(f.field));
            html += QStringLiteral("<p style='margin-left:16px; margin-top:0'><a href='finding:%1'>%2</a></p>")
                        .arg(firstLink + i)
                        .arg(link.toHtmlEscaped());
        } else if (f.severity != Severity::Info && !f.field.isEmpty() && f.subjectKind != SubjectKind::Workspace
                   && !f.subjectId.isEmpty()) {
            const QString link = tr("Show the field \u201c%1\u201d of the %2")
                                     .arg(fieldLabel(f.subjectKind, f.field), subjectWord(f.subjectKind));
            html += QStringLiteral("<p style='margin-left:16px; margin-top:0'><a href='finding:%1'>%2</a></p>")
                        .arg(firstLink + i)
                        .arg(link.toHtmlEscaped());
        }
    }
    return html;
}

QString ValidationStepDetails::findingsHtml() const
{
    if (!m_result.findings.isEmpty())
        return findingsHtml(m_result.findings, palette());
    QString text;
    switch (m_result.status) {
    case StepStatus::Pending: text = tr("This step has not run yet."); break;
    case StepStatus::Running: text = tr("This step is running."); break;
    case StepStatus::Skipped:
        text = m_result.skipReason.isEmpty() ? tr("This step was skipped.")
                                             : tr("This step was skipped: %1").arg(m_result.skipReason);
        break;
    case StepStatus::Cancelled: text = tr("The run was cancelled before this step finished."); break;
    default: text = tr("No problems found in this step."); break;
    }
    return QStringLiteral("<p>%1</p>").arg(text.toHtmlEscaped());
}

void ValidationStepDetails::setResult(const StepResult &result)
{
    const bool sameStep = m_hasResult && m_result.step == result.step;
    const int previousExchange = selectedExchange();
    m_result = result;
    m_hasResult = true;
    m_tabs->setEnabled(true);
    m_title->setText(tr("%1 \u2014 %2").arg(displayName(result.step), ValidationStatusStyle::label(result.status)));
    QString summary = result.summary;
    if (result.status == StepStatus::Skipped && !result.skipReason.isEmpty())
        summary = tr("Skipped: %1").arg(result.skipReason);
    if (result.status == StepStatus::Failed || result.status == StepStatus::Warning)
        summary = tr("%1 (problem in: %2)").arg(summary, displayName(result.layer));
    m_summary->setText(summary);
    m_summary->setVisible(!summary.isEmpty());

    m_findings->setHtml(findingsHtml());

    m_checks->clear();
    for (const StepCheck &check : result.checks) {
        auto *item = new QTreeWidgetItem(m_checks);
        const StepStatus look = stepStatusOf(check.status);
        item->setIcon(0, ValidationStatusStyle::icon(look));
        item->setText(0, ValidationStatusStyle::label(look));
        item->setText(1, check.message);
        // Escaped: a tooltip that looks like markup is rendered as HTML, and the message quotes servers and tokens.
        item->setToolTip(1, QStringLiteral("<p>%1</p>").arg(check.message.toHtmlEscaped()));
        item->setText(2, check.id);
    }

    m_exchanges->clear();
    for (const net::HttpExchange &x : result.exchanges) {
        auto *item = new QTreeWidgetItem(m_exchanges);
        item->setText(0, x.method);
        item->setText(1, x.url.toDisplayString());
        item->setToolTip(1, x.url.toDisplayString());
        item->setText(2, x.status > 0 ? QString::number(x.status) : tr("no answer"));
        item->setText(3, ValidationStatusStyle::formatElapsed(x.elapsedMs));
    }
    const int toSelect = sameStep && previousExchange >= 0 ? previousExchange : 0;
    if (m_exchanges->topLevelItemCount() > 0)
        m_exchanges->setCurrentItem(m_exchanges->topLevelItem(qMin(toSelect, m_exchanges->topLevelItemCount() - 1)));
    else
        showExchange(-1);

    m_tabs->setTabText(FindingsTab, tr("Findings (%1)").arg(result.findings.size()));
    m_tabs->setTabText(ChecksTab, tr("Checks (%1)").arg(result.checks.size()));
    m_tabs->setTabText(ExchangesTab, tr("Requests (%1)").arg(result.exchanges.size()));
    if (!sameStep)
        m_tabs->setCurrentIndex(!result.findings.isEmpty() || result.checks.isEmpty() ? FindingsTab : ChecksTab);
}

int ValidationStepDetails::selectedExchange() const
{
    return m_exchanges->currentItem() ? m_exchanges->indexOfTopLevelItem(m_exchanges->currentItem()) : -1;
}

void ValidationStepDetails::showExchange(int index)
{
    const bool valid = index >= 0 && index < m_result.exchanges.size();
    m_exchangeText->setPlainText(valid ? exchangeText(m_result.exchanges.at(index))
                                       : tr("This step made no HTTP request."));
    m_copyCurl->setEnabled(valid);
}

bool ValidationStepDetails::copySelectedAsCurl()
{
    if (m_result.exchanges.isEmpty())
        return false;
    const int index = qMax(0, selectedExchange());
    const net::HttpExchange &x = m_result.exchanges.at(index);
    QGuiApplication::clipboard()->setText(x.toCurl(m_curlOptions));
    emit message(tr("Copied \u201c%1 %2\u201d as a curl command. Set $CMIC_CLIENT_SECRET or $CMIC_ACCESS_TOKEN "
                    "before running it.")
                     .arg(x.method, x.url.toDisplayString()));
    return true;
}

} // namespace cmic
