#pragma once

#include "core/rules/Finding.h"

#include <QAbstractTableModel>

#include <memory>

namespace cmic {

class FindingsIndex;
class WorkspaceDocument;

// The document's published findings as a table: severity, subject, message, fix; errors first. A new set of findings
// resets the model with its first kBatchSize rows and appends the rest kBatchSize at a time, one batch per event loop
// turn, so 100,000 findings never hold up painting or typing; the rows are read from the shared FindingsIndex, never
// copied.
class FindingsModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { SeverityColumn, SubjectColumn, MessageColumn, FixColumn, ColumnCount };
    enum Role { SeverityRole = Qt::UserRole + 1 };
    static constexpr int kBatchSize = 2000;

    explicit FindingsModel(WorkspaceDocument *document, QObject *parent = nullptr);
    ~FindingsModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    Finding finding(int row) const;
    // Over all the published findings, including rows not appended yet.
    int count(Severity severity) const;
    int totalCount() const;
    // Every published finding is a row and the document has no check pending.
    bool isComplete() const;
    // "2 errors, 1 warning, 3 notes", "No findings", or "Checking the setup…" before the first check of a workspace.
    QString summary() const;

signals:
    // The rows all arrived (after the last batch).
    void completed();

private:
    void refresh();
    void appendBatch();
    void maybeComplete();

    WorkspaceDocument *m_document;
    std::shared_ptr<const FindingsIndex> m_index;
    int m_shown = 0;
    bool m_batchQueued = false;
    bool m_completed = false;
};

} // namespace cmic
