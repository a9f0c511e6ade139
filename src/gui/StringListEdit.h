#pragma once

#include <QStringList>
#include <QWidget>

#include <functional>

class QListWidget;
class QLineEdit;
class QPushButton;
class QToolButton;

namespace cmic {

// Edits a list of strings (probe endpoints): a list with in-place editing, an entry line with Add, Remove, and
// "Common endpoints" (a menu of core's commonCmicEndpoints(); choosing one adds it once).
// The user property `items` lets QDataWidgetMapper map it.
class StringListEdit : public QWidget
{
    Q_OBJECT
    Q_PROPERTY(QStringList items READ items WRITE setItems NOTIFY itemsChanged USER true)
public:
    explicit StringListEdit(QWidget *parent = nullptr);

    QStringList items() const;
    void setItems(const QStringList &items);

    QLineEdit *entry() const { return m_entry; }
    QToolButton *commonButton() const { return m_common; }
    void setPlaceholderText(const QString &text);
    // Appends |text| (trimmed) unless it is empty or already listed; emits itemsChanged.
    void addItem(const QString &text);
    // Asked before Remove takes an item out (a confirmation); false keeps it. None: removed at once.
    void setRemovalGuard(std::function<bool(const QString &item)> guard) { m_removalGuard = std::move(guard); }

signals:
    void itemsChanged(const QStringList &items);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void addEntry();
    void append(const QString &value); // one editable row, one itemsChanged
    void removeCurrent();
    void updateButtons();

    QListWidget *m_list;
    QLineEdit *m_entry;
    QPushButton *m_add;
    QPushButton *m_remove;
    QToolButton *m_common;
    bool m_updating = false;
    std::function<bool(const QString &)> m_removalGuard;
};

} // namespace cmic
