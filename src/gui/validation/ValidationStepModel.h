#pragma once

#include "core/validation/ValidationReport.h"

#include <QAbstractTableModel>

namespace cmic {

// The eight steps of a validation run as rows: status glyph and step name, the step's one-line summary (or why it
// was skipped) and the time it took. Fed by SetupValidator::stepStarted/stepFinished while a run goes, or with a
// whole report.
class ValidationStepModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { StepColumn, SummaryColumn, ElapsedColumn, ColumnCount };
    enum Role {
        StatusRole = Qt::UserRole + 1, // validation::StepStatus as int
        StepIdRole,                    // validation::StepId as int
        StatusLabelRole,               // "passed", "failed", ...
    };

    explicit ValidationStepModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Every step pending (a run is about to start).
    void clear();
    void setReport(const validation::ValidationReport &report);
    void setStepRunning(validation::StepId step);
    void setStepResult(const validation::StepResult &result);

    const validation::StepResult &result(int row) const { return m_steps.at(row); }
    const QList<validation::StepResult> &results() const { return m_steps; }
    QModelIndex indexOf(validation::StepId step, int column = StepColumn) const;

private:
    QString summaryText(const validation::StepResult &result) const;

    QList<validation::StepResult> m_steps; // always validation::kStepCount, in StepId order
};

} // namespace cmic
