#include "SecretField.h"

#include "CredentialSlot.h"
#include "core/storage/MemorySecretStore.h"

#include <QAction>
#include <QCheckBox>
#include <QEvent>
#include <QGridLayout>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QStyle>

namespace cmic {

namespace {

// Empties |edit| after overwriting the characters it holds: QLineEdit::text() shares the field's own storage, so
// wipeInPlace() reaches it (its undo steps, and the storage left behind as it grew while typing, it does not).
void wipeLineEdit(QLineEdit *edit)
{
    const QSignalBlocker quiet(edit);
    wipeInPlace(edit->text());
    edit->clear();
}

} // namespace

SecretField::SecretField(QWidget *parent)
    : QWidget(parent), m_session(new MemorySecretStore(this)), m_slot(new CredentialSlot(this)),
      m_edit(new QLineEdit(this)), m_toggle(new QAction(this)), m_status(new QLabel(this)),
      m_sessionBox(new QCheckBox(this))
{
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit, 0, 0);
    layout->addWidget(m_status, 1, 0);
    layout->addWidget(m_sessionBox, 2, 0);
    m_edit->setObjectName(QStringLiteral("clientSecretEdit"));
    m_edit->setEchoMode(QLineEdit::Password);
    m_edit->setClearButtonEnabled(false);
    m_edit->addAction(m_toggle, QLineEdit::TrailingPosition);
    m_toggle->setObjectName(QStringLiteral("showClientSecret"));
    m_toggle->setCheckable(true);
    // The eye button inside the field takes no focus (Qt's line-edit buttons never do): from the keyboard the field
    // itself answers the shortcut, as a file chooser's "show hidden" does.
    m_toggle->setShortcutContext(Qt::WidgetShortcut);
    m_status->setObjectName(QStringLiteral("clientSecretState"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_sessionBox->setObjectName(QStringLiteral("clientSecretSessionOnly"));
    m_sessionBox->setVisible(false);
    setFocusProxy(m_edit);
    retranslate();

    connect(m_toggle, &QAction::toggled, this, [this](bool shown) {
        m_edit->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
        retranslate();
    });
    connect(m_edit, &QLineEdit::editingFinished, this, &SecretField::commit);
    connect(m_sessionBox, &QCheckBox::toggled, this, &SecretField::setSessionOnly);
    connect(m_slot, &CredentialSlot::answered, this,
            [this](SecretRequest::Operation operation) { onAnswered(operation); });
    m_slot->setStore(m_session);
    setState(State::NoRegistration);
}

SecretField::~SecretField() { wipeLineEdit(m_edit); }

void SecretField::retranslate()
{
    const bool shown = m_toggle->isChecked();
    m_toggle->setText(shown ? tr("Hide secret") : tr("Show secret"));
    //: The shortcut, in the secret field, that shows or hides the secret typed there.
    m_toggle->setShortcut(QKeySequence(tr("Ctrl+H")));
    const QString key = m_toggle->shortcut().toString(QKeySequence::NativeText);
    m_toggle->setToolTip((shown ? tr("Hide the client secret (%1)") : tr("Show the client secret (%1)")).arg(key));
    m_toggle->setIcon(style()->standardIcon(shown ? QStyle::SP_DialogNoButton : QStyle::SP_FileDialogContentsView));
    m_edit->setAccessibleName(tr("Client secret"));
    m_edit->setAccessibleDescription(tr("%1 shows or hides the secret.").arg(key));
    m_edit->setPlaceholderText(tr("stored in the system keychain only"));
    m_edit->setToolTip(tr("The client secret is saved in the system keychain when you press Enter or leave the "
                          "field. It is never written to the workspace file or to exports. Clear the field to "
                          "remove it."));
    m_sessionBox->setText(tr("&Keep for this session only (forgotten when the console closes)"));
    m_sessionBox->setAccessibleName(tr("Keep the client secret for this session only"));
    setState(m_state, m_detail);
}

void SecretField::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void SecretField::setStore(SecretStore *store)
{
    if (m_store == store)
        return;
    m_store = store;
    if (!m_store)
        m_sessionBox->setVisible(true);
    read();
}

SecretStore *SecretField::activeStore() const
{
    if (m_sessionOnly || !m_store)
        return m_session;
    return m_store;
}

void SecretField::useActiveStore()
{
    m_slot->setStore(activeStore());
    m_slot->setKey(m_key);
}

void SecretField::setSessionOnly(bool on)
{
    if (m_sessionOnly == on)
        return;
    m_sessionOnly = on;
    m_sessionBox->setChecked(on);
    // Switching to the session store: what is typed is kept there when the field is committed next.
    useActiveStore();
    if (on && !m_edit->text().isEmpty() && !m_key.isEmpty())
        commit();
    else
        read();
}

void SecretField::setKey(const QString &key)
{
    if (key == m_key)
        return;
    m_key = key;
    // Another registration or workspace: its secret starts hidden, so the next one is never typed in clear.
    m_toggle->setChecked(false);
    wipeLineEdit(m_edit);
    read();
}

void SecretField::read()
{
    useActiveStore();
    m_edit->setEnabled(!m_key.isEmpty());
    if (m_key.isEmpty()) {
        setState(State::NoRegistration);
        return;
    }
    setState(State::Reading);
    m_slot->read();
}

void SecretField::commit()
{
    if (m_key.isEmpty())
        return;
    const QString text = m_edit->text();
    if (m_state != State::Failed) {
        const bool writing = m_slot->state() == CredentialSlot::State::Writing;
        if (writing ? m_slot->pending() == text : m_slot->secret() == text)
            return;
    }
    setState(State::Writing);
    m_slot->write(SecretBuffer(text));
}

void SecretField::forget(const QString &key)
{
    if (key.isEmpty())
        return;
    // From the store the slot uses and from the other one (the keychain, or this session's).
    m_slot->forget(key, {m_store, m_session});
    if (key == m_key) {
        wipeLineEdit(m_edit);
        setState(State::NotStored);
    }
}

void SecretField::onAnswered(SecretRequest::Operation operation)
{
    const CredentialSlot::State answer = m_slot->state();
    if (operation == SecretRequest::Operation::Read) {
        if (m_edit->isModified() && m_edit->hasFocus())
            return; // the user started typing meanwhile; their text wins
        wipeLineEdit(m_edit);
        // QLineEdit only takes a QString: this copy is the field's until the next wipeLineEdit().
        m_edit->blockSignals(true);
        m_edit->setText(answer == CredentialSlot::State::Present ? m_slot->secret().toString() : QString());
        m_edit->setModified(false);
        m_edit->blockSignals(false);
    }
    switch (answer) {
    case CredentialSlot::State::Present:
        setState(m_sessionOnly || !m_store ? State::SessionOnly : State::Stored);
        break;
    case CredentialSlot::State::Absent: setState(State::NotStored); break;
    case CredentialSlot::State::Failed:
        setState(State::Failed, m_slot->errorText()); // the text stays in the field so nothing typed is lost
        break;
    default: break;
    }
}

QString SecretField::stateText() const
{
    switch (m_state) {
    case State::NoRegistration: return tr("Select a registration to see its client secret.");
    case State::Reading: return tr("Reading the keychain…");
    case State::Writing: return tr("Saving…");
    case State::Stored: return tr("Stored in %1.").arg(m_store ? m_store->backendName() : QString());
    case State::NotStored:
        return m_sessionOnly ? tr("Not stored. Type the secret to keep it for this session only.")
                             : tr("Not stored. Type the secret and press Enter to save it in %1.")
                                   .arg(m_store ? m_store->backendName() : tr("the keychain"));
    case State::SessionOnly:
        return tr("Kept for this session only: it is not saved anywhere and must be entered again after the "
                  "console closes.");
    case State::Failed:
        return tr("Keychain unavailable: %1 You can keep the secret for this session only.")
            .arg(m_detail.isEmpty() ? SecretStore::explain(SecretStore::Status::Unavailable) : m_detail);
    }
    return {};
}

void showSecretState(QLabel *label, const QString &text, bool error)
{
    label->setText(text);
    label->setProperty("cmicFinding", error ? QStringLiteral("error") : QString());
    label->style()->unpolish(label);
    label->style()->polish(label);
}

void SecretField::setState(State state, const QString &detail)
{
    const bool changed = state != m_state;
    m_state = state;
    m_detail = detail;
    showSecretState(m_status, stateText(), state == State::Failed);
    m_sessionBox->setVisible(state == State::Failed || m_sessionOnly || !m_store);
    if (changed)
        emit stateChanged(state);
}

} // namespace cmic
