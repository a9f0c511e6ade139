#pragma once

#include "core/validation/SetupChecklist.h"

#include <QList>
#include <QWidget>

class QLabel;
class QPushButton;
class QTimer;
class QVBoxLayout;

namespace cmic {

class WorkspaceDocument;

namespace validation {
class ValidationHistory;
}

// The setup checklist beside the registration form: the five steps of SetupChecklist for the selected registration
// (or the workspace's guide from nothing when none is selected), each with its state and a button to the place that
// completes it. Whether the store holds the credential comes from the form's credential field (setCredentialPresence:
// the field has read the store already, so the checklist never reads a secret itself); it follows the document and the
// validation history.
class SetupChecklistView : public QWidget
{
    Q_OBJECT
public:
    // None is owned; all must outlive the view.
    SetupChecklistView(WorkspaceDocument *document, const validation::ValidationHistory *history,
                       QWidget *parent = nullptr);
    ~SetupChecklistView() override;

    void setRegistration(const QString &registrationId);
    void setCredentialPresence(validation::CredentialPresence presence);
    QString registrationId() const { return m_registrationId; }
    const QList<validation::ChecklistItem> &items() const { return m_items; }
    // The row widgets ("checklistStep1" ... "checklistStep5"), each with its button "checklistAction1" ...
    QPushButton *actionButton(int index) const;

signals:
    void actionRequested(const cmic::validation::ChecklistItem &item);

private:
    void scheduleUpdate();
    void update();

    WorkspaceDocument *m_document;
    const validation::ValidationHistory *m_history;
    QString m_registrationId;
    validation::CredentialPresence m_credential = validation::CredentialPresence::Unknown;
    QList<validation::ChecklistItem> m_items;
    QLabel *m_heading = nullptr;
    struct Row
    {
        QWidget *widget;
        QLabel *icon;
        QLabel *title;
        QLabel *detail;
        QPushButton *action;
    };
    QList<Row> m_rows;
    QTimer *m_timer = nullptr;
};

} // namespace cmic
