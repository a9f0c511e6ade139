#pragma once

#include "core/rules/Finding.h"

#include <QAbstractTableModel>

namespace cmic {

class WorkspaceDocument;

// The document's findings as a table: severity, subject, message, fix. Reset whenever they are recomputed.
class FindingsModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { SeverityColumn, SubjectColumn, MessageColumn, FixColumn, ColumnCount };
    enum Role { SeverityRole = Qt::UserRole + 1 };

    explicit FindingsModel(WorkspaceDocument *document, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    Finding finding(int row) const;
    int count(Severity severity) const;
    // "2 errors, 1 warning, 3 notes" or "No findings".
    QString summary() const;

private:
    void refresh();

    WorkspaceDocument *m_document;
    Findings m_findings;
};

} // namespace cmic
