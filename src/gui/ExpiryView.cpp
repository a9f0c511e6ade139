#include "ExpiryView.h"

#include "WorkspaceDocument.h"
#include "core/rules/SetupRules.h"
#include "core/util/Clock.h"
#include "core/validation/ExpiryOverview.h"

#include <QHeaderView>
#include <QLabel>
#include <QStyle>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <array>

namespace cmic {

using namespace cmic::validation;

namespace {

constexpr int kRegistrationIdRole = Qt::UserRole + 1;
constexpr int kFieldRole = Qt::UserRole + 2;
constexpr int kLevelRole = Qt::UserRole + 3;

QStyle::StandardPixmap iconFor(ExpiryLevel level)
{
    switch (level) {
    case ExpiryLevel::Expired: return QStyle::SP_MessageBoxCritical;
    case ExpiryLevel::Warning: return QStyle::SP_MessageBoxWarning;
    case ExpiryLevel::Unknown: return QStyle::SP_MessageBoxQuestion;
    case ExpiryLevel::Ok: break;
    }
    return QStyle::SP_DialogApplyButton;
}

} // namespace

ExpiryView::ExpiryView(WorkspaceDocument *document, const ValidationHistory *history, const Clock *clock,
                       QWidget *parent)
    : QWidget(parent), m_document(document), m_history(history), m_clock(clock ? clock : &Clock::system()),
      m_summary(new QLabel(this)), m_tree(new QTreeWidget(this)), m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("expiryView"));
    m_summary->setObjectName(QStringLiteral("expirySummary"));
    m_summary->setWordWrap(true);
    m_tree->setObjectName(QStringLiteral("expiryTree"));
    m_tree->setAccessibleName(tr("Expiry dates"));
    m_tree->setColumnCount(ColumnCount);
    m_tree->setHeaderLabels({tr("What"), tr("Registration"), tr("Date"), tr("Status")});
    m_tree->setRootIsDecorated(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setToolTip(tr("Double-click a row to go to the field that holds it."));
    m_tree->header()->setStretchLastSection(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_summary);
    layout->addWidget(m_tree, 1);

    m_timer->setSingleShot(true);
    m_timer->setInterval(0);
    connect(m_timer, &QTimer::timeout, this, [this] {
        if (isVisible())
            refresh();
    });
    for (auto signal :
         {&WorkspaceDocument::objectChanged, &WorkspaceDocument::objectInserted, &WorkspaceDocument::objectRemoved})
        connect(m_document, signal, this, &ExpiryView::changed);
    connect(m_document, &WorkspaceDocument::resetDone, this, &ExpiryView::changed);
    connect(m_history, &ValidationHistory::changed, this, &ExpiryView::changed);
    connect(m_tree, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        const QString id = item->data(WhatColumn, kRegistrationIdRole).toString();
        if (!id.isEmpty())
            emit fieldRequested(id, item->data(WhatColumn, kFieldRole).toString());
    });
    refresh();
}

ExpiryView::~ExpiryView() = default;

void ExpiryView::changed()
{
    m_stale = true;
    m_timer->start();
}

QTreeWidget *ExpiryView::tree()
{
    if (m_stale)
        refresh();
    return m_tree;
}

void ExpiryView::showEvent(QShowEvent *event)
{
    if (m_stale)
        refresh();
    QWidget::showEvent(event);
}

void ExpiryView::refresh()
{
    m_timer->stop();
    m_stale = false;
    const Workspace &ws = m_document->workspace();
    const QDate today = m_clock->now().toLocalTime().date();
    const QList<ExpiryItem> items = ExpiryOverview::items(ws, today);
    const QList<SigningKeyRow> keys = ExpiryOverview::signingKeys(ws, *m_history);
    m_tree->clear();

    auto *secrets = new QTreeWidgetItem(m_tree, {tr("Client secrets, keys and certificates")});
    secrets->setFirstColumnSpanned(true);
    int warnings = 0, expired = 0, unknown = 0;
    // One icon per level, shared by its rows (the style makes a new one on every call).
    std::array<QIcon, 4> icons; // by ExpiryLevel
    const auto levelIcon = [this, &icons](ExpiryLevel level) {
        QIcon &shared = icons.at(static_cast<std::size_t>(level));
        if (shared.isNull())
            shared = style()->standardIcon(iconFor(level));
        return shared;
    };
    for (const ExpiryItem &item : items) {
        auto *row = new QTreeWidgetItem(
            secrets, {item.what, item.registrationName.isEmpty() ? tr("(unnamed)") : item.registrationName,
                      item.expires.isValid() ? item.expires.toString(Qt::ISODate) : QString(), item.message});
        row->setIcon(StatusColumn, levelIcon(item.level));
        row->setToolTip(StatusColumn, item.message);
        row->setData(WhatColumn, kRegistrationIdRole, item.registrationId);
        row->setData(WhatColumn, kFieldRole, item.field);
        row->setData(WhatColumn, kLevelRole, toString(item.level));
        warnings += item.level == ExpiryLevel::Warning;
        expired += item.level == ExpiryLevel::Expired;
        unknown += item.level == ExpiryLevel::Unknown;
    }
    if (items.isEmpty())
        new QTreeWidgetItem(secrets, {tr("No registration yet: add one to record its secret's expiry.")});

    auto *signing = new QTreeWidgetItem(m_tree, {tr("JWKS signing keys, as last seen")});
    signing->setFirstColumnSpanned(true);
    for (const SigningKeyRow &key : keys) {
        auto *row = new QTreeWidgetItem(
            signing, {tr("Key %1").arg(key.key.kid), key.registrationName,
                      tr("first %1, last %2")
                          .arg(key.key.firstSeen.toLocalTime().toString(QStringLiteral("yyyy-MM-dd")),
                               key.key.lastSeen.toLocalTime().toString(QStringLiteral("yyyy-MM-dd"))),
                      key.message});
        row->setIcon(StatusColumn, style()->standardIcon(key.key.current ? QStyle::SP_DialogApplyButton
                                                                         : QStyle::SP_MessageBoxWarning));
        row->setData(WhatColumn, kRegistrationIdRole, key.registrationId);
        row->setData(WhatColumn, kFieldRole, QStringLiteral("jwksUri"));
        row->setData(WhatColumn, kLevelRole, key.key.current ? QStringLiteral("ok") : QStringLiteral("warning"));
    }
    if (keys.isEmpty())
        new QTreeWidgetItem(signing, {tr("None seen yet: Validate Setup records the keys when it reads the JWKS.")});
    m_tree->expandAll();
    for (int c = 0; c < StatusColumn; ++c)
        m_tree->resizeColumnToContents(c);

    if (expired > 0)
        m_summary->setText(tr("%n expired: renew it at the identity provider now.", nullptr, expired));
    else if (warnings > 0)
        m_summary->setText(tr("%n expiring within %1 days: renew it before then.", nullptr, warnings)
                               .arg(SetupRules::kSecretExpiryWarningDays));
    else if (unknown > 0)
        m_summary->setText(tr("Nothing recorded expires within %1 days, but %n have no expiry date: enter the date the "
                              "identity provider shows in the registration's form.",
                              nullptr, unknown)
                               .arg(SetupRules::kSecretExpiryWarningDays));
    else
        m_summary->setText(tr("Nothing expires within %1 days.").arg(SetupRules::kSecretExpiryWarningDays));
}

} // namespace cmic
