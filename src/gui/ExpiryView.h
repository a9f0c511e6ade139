#pragma once

#include <QWidget>

class QLabel;
class QTimer;
class QTreeWidget;

namespace cmic {

class Clock;
class WorkspaceDocument;

namespace validation {
class ValidationHistory;
}

// View ▸ Expiry: ExpiryOverview shown as a tree, client secrets, keys and certificates by date with their warnings,
// then the JWKS signing keys as the validation runs last saw them. Activating a row asks for its registration's field.
// A change is shown once per event-loop turn while the view is visible; while it is hidden (its dock closed or behind
// another tab) the rows are rebuilt only when it is shown again or tree() is asked for, so opening a workspace of
// 20,000 registrations does not build 20,000 rows nobody sees.
class ExpiryView : public QWidget
{
    Q_OBJECT
public:
    enum Column { WhatColumn, RegistrationColumn, DateColumn, StatusColumn, ColumnCount };
    // None is owned; all must outlive the view.
    ExpiryView(WorkspaceDocument *document, const validation::ValidationHistory *history, const Clock *clock,
               QWidget *parent = nullptr);
    ~ExpiryView() override;

    // The rows, brought up to date first if a change is waiting for the view to be shown.
    QTreeWidget *tree();
    // Rebuilds the rows now (otherwise done once per event-loop turn after a change, or when next shown).
    void refresh();
    // A change is waiting for the view to be shown (or for tree()).
    bool isStale() const { return m_stale; }

protected:
    void showEvent(QShowEvent *event) override;

signals:
    void fieldRequested(const QString &registrationId, const QString &field);

private:
    WorkspaceDocument *m_document;
    const validation::ValidationHistory *m_history;
    const Clock *m_clock;
    QLabel *m_summary;
    QTreeWidget *m_tree;
    QTimer *m_timer;
    bool m_stale = false;
    void changed();
};

} // namespace cmic
