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
class ExpiryView : public QWidget
{
    Q_OBJECT
public:
    enum Column { WhatColumn, RegistrationColumn, DateColumn, StatusColumn, ColumnCount };
    // None is owned; all must outlive the view.
    ExpiryView(WorkspaceDocument *document, const validation::ValidationHistory *history, const Clock *clock,
               QWidget *parent = nullptr);
    ~ExpiryView() override;

    QTreeWidget *tree() const { return m_tree; }
    // Rebuilds the rows now (otherwise done once per event-loop turn after a change).
    void refresh();

signals:
    void fieldRequested(const QString &registrationId, const QString &field);

private:
    WorkspaceDocument *m_document;
    const validation::ValidationHistory *m_history;
    const Clock *m_clock;
    QLabel *m_summary;
    QTreeWidget *m_tree;
    QTimer *m_timer;
};

} // namespace cmic
