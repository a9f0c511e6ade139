#include "ValidationStepModel.h"

#include "ValidationStatusStyle.h"

namespace cmic {

using namespace validation;

namespace {
QList<StepResult> pendingSteps()
{
    QList<StepResult> steps;
    for (int i = 0; i < kStepCount; ++i) {
        StepResult r;
        r.step = static_cast<StepId>(i);
        r.layer = defaultLayer(r.step);
        r.status = StepStatus::Pending;
        steps.append(r);
    }
    return steps;
}
} // namespace

ValidationStepModel::ValidationStepModel(QObject *parent) : QAbstractTableModel(parent), m_steps(pendingSteps()) {}

int ValidationStepModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_steps.size());
}

int ValidationStepModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString ValidationStepModel::summaryText(const StepResult &result) const
{
    switch (result.status) {
    case StepStatus::Pending: return tr("Waiting");
    case StepStatus::Running: return tr("Running…");
    case StepStatus::Skipped:
        if (!result.skipReason.isEmpty())
            return tr("Skipped: %1").arg(result.skipReason);
        break;
    case StepStatus::Cancelled:
        if (result.summary.isEmpty())
            return tr("Cancelled");
        break;
    default: break;
    }
    return result.summary.isEmpty() ? ValidationStatusStyle::label(result.status) : result.summary;
}

QVariant ValidationStepModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const StepResult &r = m_steps.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case StepColumn: return displayName(r.step);
        case SummaryColumn: return summaryText(r);
        case ElapsedColumn:
            if (r.status == StepStatus::Pending || r.status == StepStatus::Skipped
                || (r.status == StepStatus::Cancelled && r.elapsedMs == 0)) // never started
                return QString();
            if (r.status == StepStatus::Running)
                return QStringLiteral("…");
            return ValidationStatusStyle::formatElapsed(r.elapsedMs);
        }
        break;
    case Qt::DecorationRole:
        if (index.column() == StepColumn)
            return ValidationStatusStyle::icon(r.status);
        break;
    case Qt::ToolTipRole: // escaped: a tooltip that looks like markup is rendered as HTML, and summaries quote servers
        return QStringLiteral("<p>%1</p>")
            .arg(tr("%1 step: %2. %3")
                     .arg(displayName(r.step), ValidationStatusStyle::label(r.status), summaryText(r))
                     .toHtmlEscaped());
    case Qt::AccessibleTextRole:
        return tr("%1 step: %2. %3").arg(displayName(r.step), ValidationStatusStyle::label(r.status), summaryText(r));
    case Qt::TextAlignmentRole:
        if (index.column() == ElapsedColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case StatusRole: return static_cast<int>(r.status);
    case StepIdRole: return static_cast<int>(r.step);
    case StatusLabelRole: return ValidationStatusStyle::label(r.status);
    default: break;
    }
    return {};
}

QVariant ValidationStepModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case StepColumn: return tr("Step");
    case SummaryColumn: return tr("Result");
    case ElapsedColumn: return tr("Time");
    }
    return {};
}

QModelIndex ValidationStepModel::indexOf(StepId step, int column) const
{
    return index(static_cast<int>(step), column);
}

void ValidationStepModel::clear()
{
    beginResetModel();
    m_steps = pendingSteps();
    endResetModel();
}

void ValidationStepModel::setReport(const ValidationReport &report)
{
    beginResetModel();
    m_steps = pendingSteps();
    for (const StepResult &r : report.steps) {
        const int row = static_cast<int>(r.step);
        if (row >= 0 && row < m_steps.size())
            m_steps[row] = r;
    }
    endResetModel();
}

void ValidationStepModel::setStepRunning(StepId step)
{
    const int row = static_cast<int>(step);
    if (row < 0 || row >= m_steps.size())
        return;
    m_steps[row].status = StepStatus::Running;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void ValidationStepModel::setStepResult(const StepResult &result)
{
    const int row = static_cast<int>(result.step);
    if (row < 0 || row >= m_steps.size())
        return;
    m_steps[row] = result;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

} // namespace cmic
