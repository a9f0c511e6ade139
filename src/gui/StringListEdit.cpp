#include "StringListEdit.h"

#include "core/model/CmicEndpoints.h"

#include <QGridLayout>
#include <QKeyEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QToolButton>

#include <algorithm>

namespace cmic {

StringListEdit::StringListEdit(QWidget *parent)
    : QWidget(parent), m_list(new QListWidget(this)), m_entry(new QLineEdit(this)),
      m_add(new QPushButton(tr("Add"), this)), m_remove(new QPushButton(tr("Remove"), this)),
      m_common(new QToolButton(this))
{
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    // The new entry above the list: Tab enters the field at its focus proxy (the entry), so the reading order is
    // entry, Add, list, Remove, Common endpoints, and Tab reaches the list (to select an endpoint and remove it).
    layout->addWidget(m_entry, 0, 0, 1, 2);
    layout->addWidget(m_add, 0, 2);
    layout->addWidget(m_list, 1, 0, 1, 2);
    layout->addWidget(m_remove, 1, 2, Qt::AlignTop);
    layout->addWidget(m_common, 2, 0, 1, 3, Qt::AlignLeft);
    m_common->setText(tr("Common endpoints"));
    m_common->setObjectName(QStringLiteral("commonProbeEndpoints"));
    m_common->setAccessibleName(tr("Add a common CMiC endpoint"));
    m_common->setToolTip(tr("Read-only CMiC endpoints that answer with a small page; the service user needs a role "
                            "that grants each one."));
    m_common->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(m_common);
    for (const CmicEndpoint &endpoint : commonCmicEndpoints()) {
        QAction *action = menu->addAction(endpoint.path + QStringLiteral(" \u2014 ") + endpoint.description);
        action->setData(endpoint.path);
        connect(action, &QAction::triggered, this, [this, path = endpoint.path] { addItem(path); });
    }
    m_common->setMenu(menu);
    m_list->setObjectName(QStringLiteral("probeEndpointList"));
    m_list->setAccessibleName(tr("Probe endpoints"));
    m_list->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed);
    m_list->setMinimumHeight(70);
    m_entry->setObjectName(QStringLiteral("probeEndpointEntry"));
    m_entry->setAccessibleName(tr("New probe endpoint"));
    m_entry->setPlaceholderText(tr("/api/... then Enter to add"));
    m_add->setObjectName(QStringLiteral("addProbeEndpoint"));
    m_add->setAccessibleName(tr("Add probe endpoint"));
    m_remove->setObjectName(QStringLiteral("removeProbeEndpoint"));
    m_remove->setAccessibleName(tr("Remove probe endpoint"));
    setFocusProxy(m_entry);
    setTabOrder(m_entry, m_add);
    setTabOrder(m_add, m_list);
    setTabOrder(m_list, m_remove);
    setTabOrder(m_remove, m_common);
    setAttribute(Qt::WA_StyledBackground); // so the finding mark (a style sheet border) is drawn

    connect(m_add, &QPushButton::clicked, this, &StringListEdit::addEntry);
    connect(m_entry, &QLineEdit::returnPressed, this, &StringListEdit::addEntry);
    connect(m_remove, &QPushButton::clicked, this, &StringListEdit::removeCurrent);
    connect(m_list, &QListWidget::itemChanged, this, [this] {
        if (!m_updating)
            emit itemsChanged(items());
    });
    connect(m_list, &QListWidget::currentRowChanged, this, &StringListEdit::updateButtons);
    // Delete (or Backspace on macOS keyboards) removes the selected endpoint; the form makes it one undo step.
    m_list->installEventFilter(this);
    connect(m_entry, &QLineEdit::textChanged, this, &StringListEdit::updateButtons);
    updateButtons();
}

void StringListEdit::setPlaceholderText(const QString &text) { m_entry->setPlaceholderText(text); }

void StringListEdit::addItem(const QString &text)
{
    const QString value = text.trimmed();
    // "/x" and "x" are the same path below the API base URL.
    const auto bare = [](const QString &path) { return path.startsWith(QLatin1Char('/')) ? path.mid(1) : path; };
    const QStringList listed = items();
    if (value.isEmpty()
        || std::any_of(listed.cbegin(), listed.cend(), [&](const QString &p) { return bare(p) == bare(value); }))
        return;
    append(value);
}

void StringListEdit::append(const QString &value)
{
    auto *item = new QListWidgetItem(value);
    item->setFlags(item->flags() | Qt::ItemIsEditable);
    m_updating = true;
    m_list->addItem(item);
    m_updating = false;
    updateButtons();
    emit itemsChanged(items());
}

QStringList StringListEdit::items() const
{
    QStringList out;
    for (int i = 0; i < m_list->count(); ++i) {
        const QString t = m_list->item(i)->text().trimmed();
        if (!t.isEmpty())
            out.append(t);
    }
    return out;
}

void StringListEdit::setItems(const QStringList &values)
{
    if (values == items())
        return;
    m_updating = true;
    m_list->clear();
    for (const QString &v : values) {
        auto *item = new QListWidgetItem(v, m_list);
        item->setFlags(item->flags() | Qt::ItemIsEditable);
    }
    m_updating = false;
    updateButtons();
    emit itemsChanged(items());
}

void StringListEdit::addEntry()
{
    const QString t = m_entry->text().trimmed();
    if (t.isEmpty())
        return;
    m_entry->clear();
    append(t);
}

void StringListEdit::removeCurrent()
{
    const int row = m_list->currentRow();
    if (row < 0 || (m_removalGuard && !m_removalGuard(m_list->item(row)->text().trimmed())))
        return;
    delete m_list->takeItem(row);
    updateButtons();
    emit itemsChanged(items());
}

bool StringListEdit::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_list && event->type() == QEvent::KeyPress) { // while a row is edited, its editor has the keys
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Delete || key->key() == Qt::Key_Backspace) && key->modifiers() == Qt::NoModifier
            && m_list->currentRow() >= 0) {
            removeCurrent();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void StringListEdit::updateButtons()
{
    m_add->setEnabled(!m_entry->text().trimmed().isEmpty());
    m_remove->setEnabled(m_list->currentRow() >= 0);
}

} // namespace cmic
