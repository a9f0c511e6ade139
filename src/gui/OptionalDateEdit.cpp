#include "OptionalDateEdit.h"

#include <QCheckBox>
#include <QDateEdit>
#include <QEvent>
#include <QHBoxLayout>

namespace cmic {

OptionalDateEdit::OptionalDateEdit(QWidget *parent)
    : QWidget(parent), m_known(new QCheckBox(this)), m_edit(new QDateEdit(this))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_known);
    layout->addWidget(m_edit, 1);
    m_known->setObjectName(QStringLiteral("secretExpiryKnown"));
    m_edit->setObjectName(QStringLiteral("secretExpiryDate"));
    m_edit->setCalendarPopup(true);
    m_edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    // No date shows no date (the minimum, displayed as the special value text), never the last one shown.
    m_edit->setMinimumDate(QDate(2000, 1, 1));
    m_edit->setDate(m_edit->minimumDate());
    m_edit->setEnabled(false);
    m_edit->setMinimumWidth(130);
    setFocusProxy(m_known);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_StyledBackground); // so the finding mark (a style sheet border) is drawn
    retranslate();

    connect(m_known, &QCheckBox::toggled, this, [this](bool on) {
        m_edit->setEnabled(on);
        if (on && m_edit->date() == m_edit->minimumDate()) {
            const bool wasUpdating = m_updating;
            m_updating = true;
            m_edit->setDate(QDate(2030, 1, 1)); // a neutral start to pick the real date from
            m_updating = wasUpdating;
        }
        if (!m_updating)
            emit dateChanged(date());
    });
    connect(m_edit, &QDateEdit::dateChanged, this, [this] {
        if (!m_updating && m_known->isChecked())
            emit dateChanged(date());
    });
}

void OptionalDateEdit::retranslate()
{
    m_known->setText(tr("Known"));
    m_known->setToolTip(tr("Uncheck when you do not know when the secret expires (you will get a reminder to find "
                           "out)."));
    m_known->setAccessibleName(tr("Expiry date known"));
    m_edit->setSpecialValueText(tr("not known"));
    m_edit->setAccessibleName(tr("Secret expiry date"));
}

void OptionalDateEdit::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

QDate OptionalDateEdit::date() const { return m_known->isChecked() ? m_edit->date() : QDate(); }

void OptionalDateEdit::setDate(const QDate &date)
{
    if (date == this->date())
        return;
    m_updating = true;
    m_known->setChecked(date.isValid());
    m_edit->setDate(date.isValid() ? date : m_edit->minimumDate());
    m_edit->setEnabled(date.isValid());
    m_updating = false;
    emit dateChanged(this->date());
}

} // namespace cmic
