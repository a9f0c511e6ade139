#include "StringListEdit.h"

#include <QGridLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>

namespace cmic {

StringListEdit::StringListEdit(QWidget *parent)
    : QWidget(parent), m_list(new QListWidget(this)), m_entry(new QLineEdit(this)),
      m_add(new QPushButton(tr("Add"), this)), m_remove(new QPushButton(tr("Remove"), this))
{
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_list, 0, 0, 1, 2);
    layout->addWidget(m_remove, 0, 2, Qt::AlignTop);
    layout->addWidget(m_entry, 1, 0, 1, 2);
    layout->addWidget(m_add, 1, 2);
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
    setAttribute(Qt::WA_StyledBackground); // so the finding mark (a style sheet border) is drawn

    connect(m_add, &QPushButton::clicked, this, &StringListEdit::addEntry);
    connect(m_entry, &QLineEdit::returnPressed, this, &StringListEdit::addEntry);
    connect(m_remove, &QPushButton::clicked, this, &StringListEdit::removeCurrent);
    connect(m_list, &QListWidget::itemChanged, this, [this] {
        if (!m_updating)
            emit itemsChanged(items());
    });
    connect(m_list, &QListWidget::currentRowChanged, this, &StringListEdit::updateButtons);
    connect(m_entry, &QLineEdit::textChanged, this, &StringListEdit::updateButtons);
    updateButtons();
}

void StringListEdit::setPlaceholderText(const QString &text) { m_entry->setPlaceholderText(text); }

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
    auto *item = new QListWidgetItem(t);
    item->setFlags(item->flags() | Qt::ItemIsEditable);
    m_updating = true;
    m_list->addItem(item);
    m_updating = false;
    m_entry->clear();
    updateButtons();
    emit itemsChanged(items());
}

void StringListEdit::removeCurrent()
{
    const int row = m_list->currentRow();
    if (row < 0)
        return;
    delete m_list->takeItem(row);
    updateButtons();
    emit itemsChanged(items());
}

void StringListEdit::updateButtons()
{
    m_add->setEnabled(!m_entry->text().trimmed().isEmpty());
    m_remove->setEnabled(m_list->currentRow() >= 0);
}

} // namespace cmic
