#include "SetupChecklistView.h"

#include "CredentialSlot.h"
#include "WorkspaceDocument.h"
#include "core/storage/CredentialKind.h"
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

SetupChecklistView::SetupChecklistView(WorkspaceDocument *document, SecretStore *store,
                                       const ValidationHistory *history, QWidget *parent)
    : QWidget(parent), m_document(document), m_history(history), m_slot(new CredentialSlot(this)),
      m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("setupChecklist"));
    setAccessibleName(tr("Setup checklist"));
    m_slot->setStore(store);
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
    connect(m_document, &WorkspaceDocument::resetDone, this, &SetupChecklistView::readCredential);
    connect(m_history, &ValidationHistory::changed, this, &SetupChecklistView::scheduleUpdate);
    connect(m_slot, &CredentialSlot::answered, this, [this](SecretRequest::Operation, CredentialSlot::State state) {
        m_slot->clearSecret(); // only whether one is there matters here
        switch (state) {
        case CredentialSlot::State::Present: m_credential = CredentialPresence::Present; break;
        case CredentialSlot::State::Absent: m_credential = CredentialPresence::Absent; break;
        case CredentialSlot::State::Failed: m_credential = CredentialPresence::Unavailable; break;
        default: return;
        }
        scheduleUpdate();
    });
    if (store)
        connect(store, &SecretStore::changed, this, [this](const QString &key) {
            if (key == m_slot->key())
                readCredential();
        });
    readCredential();
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
    readCredential();
}

void SetupChecklistView::readCredential()
{
    const AppRegistration *reg = m_document->workspace().registration(m_registrationId);
    const QString key = reg ? credentialKey(m_document->workspace().id, reg->id, credentialKindFor(*reg)) : QString();
    m_credential = CredentialPresence::Unknown;
    if (key != m_slot->key() || m_slot->state() != CredentialSlot::State::Reading) {
        m_slot->setKey(key);
        if (!key.isEmpty() && m_slot->store())
            m_slot->read();
    }
    scheduleUpdate();
}

void SetupChecklistView::scheduleUpdate()
{
    // The authentication method decides which credential is asked for: follow it when it changes.
    const AppRegistration *reg = m_document->workspace().registration(m_registrationId);
    const QString key = reg ? credentialKey(m_document->workspace().id, reg->id, credentialKindFor(*reg)) : QString();
    if (key != m_slot->key()) {
        readCredential();
        return;
    }
    m_timer->start();
}

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
        row.title->setText(item.title);
        row.detail->setText(item.detail);
        row.action->setText(item.actionText);
        row.action->setAccessibleName(item.actionText);
        row.action->setVisible(!item.actionText.isEmpty() && item.target != ChecklistTarget::None);
    }
}

} // namespace cmic
