#include "SetupChecklistView.h"

#include "WorkspaceDocument.h"
#include "core/validation/ValidationHistory.h"

#include <QApplication>
#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QTimer>
#include <QVBoxLayout>

namespace cmic {

using namespace cmic::validation;

namespace {

QStyle::StandardPixmap iconFor(ChecklistState state)
{
    switch (state) {
    case ChecklistState::Done: return QStyle::SP_DialogApplyButton;
    case ChecklistState::Failed: return QStyle::SP_MessageBoxCritical;
    case ChecklistState::Unverified: return QStyle::SP_MessageBoxQuestion;
    case ChecklistState::Todo: break;
    }
    return QStyle::SP_ArrowRight;
}

QString stateText(ChecklistState state)
{
    switch (state) {
    case ChecklistState::Done: return SetupChecklistView::tr("done");
    case ChecklistState::Failed: return SetupChecklistView::tr("needs attention");
    case ChecklistState::Unverified: return SetupChecklistView::tr("not proven yet");
    case ChecklistState::Todo: break;
    }
    return SetupChecklistView::tr("to do");
}

} // namespace

SetupChecklistView::SetupChecklistView(WorkspaceDocument *document, const ValidationHistory *history, QWidget *parent)
    : QWidget(parent), m_document(document), m_history(history), m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("setupChecklist"));
    setAccessibleName(tr("Setup checklist"));
    m_timer->setSingleShot(true);
    m_timer->setInterval(0);
    connect(m_timer, &QTimer::timeout, this, &SetupChecklistView::update);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(2);
    m_heading = new QLabel(this);
    m_heading->setObjectName(QStringLiteral("checklistHeading"));
    m_heading->setWordWrap(true);
    QFont bold = m_heading->font();
    bold.setBold(true);
    m_heading->setFont(bold);
    layout->addWidget(m_heading);
    for (int i = 0; i < kChecklistStepCount; ++i) {
        auto *frame = new QFrame(this);
        frame->setObjectName(QStringLiteral("checklistStep%1").arg(i + 1));
        frame->setFrameShape(QFrame::NoFrame);
        auto *grid = new QGridLayout(frame);
        grid->setContentsMargins(6, 4, 6, 4);
        Row row{frame, new QLabel(frame), new QLabel(frame), new QLabel(frame), new QPushButton(frame)};
        row.icon->setFixedSize(20, 20);
        row.title->setWordWrap(true);
        row.title->setFont(bold);
        row.detail->setWordWrap(true);
        row.detail->setObjectName(QStringLiteral("checklistDetail%1").arg(i + 1));
        row.action->setObjectName(QStringLiteral("checklistAction%1").arg(i + 1));
        row.action->setAccessibleName(tr("Complete step %1").arg(i + 1));
        grid->setVerticalSpacing(1);
        grid->addWidget(row.icon, 0, 0, 2, 1, Qt::AlignTop);
        grid->addWidget(row.title, 0, 1);
        grid->addWidget(row.detail, 1, 1);
        grid->addWidget(row.action, 0, 2, 2, 1, Qt::AlignVCenter);
        grid->setColumnStretch(1, 1);
        connect(row.action, &QPushButton::clicked, this, [this, i] {
            if (i < m_items.size())
                emit actionRequested(m_items.at(i));
        });
        layout->addWidget(frame);
        m_rows.append(row);
    }
    layout->addStretch(1);

    for (auto signal :
         {&WorkspaceDocument::objectChanged, &WorkspaceDocument::objectInserted, &WorkspaceDocument::objectRemoved})
        connect(m_document, signal, this, &SetupChecklistView::scheduleUpdate);
    connect(m_document, &WorkspaceDocument::resetDone, this, &SetupChecklistView::scheduleUpdate);
    connect(m_history, &ValidationHistory::changed, this, &SetupChecklistView::scheduleUpdate);
    scheduleUpdate();
}

SetupChecklistView::~SetupChecklistView() = default;

QPushButton *SetupChecklistView::actionButton(int index) const
{
    return index >= 0 && index < m_rows.size() ? m_rows.at(index).action : nullptr;
}

void SetupChecklistView::setRegistration(const QString &registrationId)
{
    if (registrationId == m_registrationId)
        return;
    m_registrationId = registrationId;
    scheduleUpdate();
}

void SetupChecklistView::setCredentialPresence(CredentialPresence presence)
{
    if (presence == m_credential)
        return;
    m_credential = presence;
    scheduleUpdate();
}

void SetupChecklistView::scheduleUpdate() { m_timer->start(); }

void SetupChecklistView::update()
{
    const Workspace &ws = m_document->workspace();
    const std::optional<ValidationRecord> last =
        m_registrationId.isEmpty() ? std::nullopt : m_history->last(ws.id, m_registrationId);
    m_items = SetupChecklist::compute(ws, m_registrationId, m_credential, last);
    const AppRegistration *reg = ws.registration(m_registrationId);
    const int done = SetupChecklist::doneCount(m_items);
    m_heading->setText(reg ? tr("Setup of “%1”: %2 of %3 steps done")
                                 .arg(reg->name.isEmpty() ? tr("(unnamed)") : reg->name)
                                 .arg(done)
                                 .arg(kChecklistStepCount)
                           : tr("Setting up the client credentials flow with CMiC, in five steps"));
    for (int i = 0; i < m_rows.size() && i < m_items.size(); ++i) {
        const ChecklistItem &item = m_items.at(i);
        const Row &row = m_rows.at(i);
        row.widget->setProperty("checklistState", toString(item.state));
        row.widget->setAccessibleName(QStringLiteral("%1: %2").arg(item.title, stateText(item.state)));
        row.icon->setPixmap(style()->standardIcon(iconFor(item.state)).pixmap(18, 18));
        row.icon->setToolTip(stateText(item.state));
        row.icon->setAccessibleName(stateText(item.state));
        // The state in words too: the icon's shape and colour are not enough on their own.
        row.title->setText(tr("%1 \u2014 %2").arg(item.title, stateText(item.state)));
        row.detail->setText(item.detail);
        row.action->setText(item.actionText);
        row.action->setAccessibleName(item.actionText);
        row.action->setVisible(!item.actionText.isEmpty() && item.target != ChecklistTarget::None);
    }
}

} // namespace cmic
