#include "PermissionsMatrixView.h"

#include "ValidationStatusStyle.h"
#include "core/validation/ValidationReport.h"

#include <QHeaderView>

namespace cmic {

using validation::StepStatus;

namespace {

// 2xx: the service user may read it; 429 and no answer say nothing about access; any other answer is a refusal.
StepStatus lookOf(int status)
{
    if (status >= 200 && status < 300)
        return StepStatus::Passed;
    if (status == 0 || status == 429)
        return StepStatus::Skipped;
    return StepStatus::Failed;
}

} // namespace

PermissionsMatrixView::PermissionsMatrixView(QWidget *parent) : QTableWidget(0, 3, parent)
{
    setObjectName(QStringLiteral("permissionsMatrix"));
    setAccessibleName(tr("Permissions matrix"));
    setAccessibleDescription(tr("Each probe endpoint with CMiC's answer to the service user's request."));
    setHorizontalHeaderLabels({tr("Endpoint"), tr("CMiC's answer"), tr("What it means")});
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setTabKeyNavigation(false); // Tab leaves the table (the arrows move within it)
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setAlternatingRowColors(true);
    setWordWrap(false);
    verticalHeader()->hide();
    horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    horizontalHeader()->setStretchLastSection(true);
}

void PermissionsMatrixView::setRows(const QList<validation::PermissionRow> &rows)
{
    clearContents();
    setRowCount(int(rows.size()));
    for (int i = 0; i < rows.size(); ++i) {
        const validation::PermissionRow &row = rows.at(i);
        auto *endpoint = new QTableWidgetItem(row.endpoint);
        endpoint->setToolTip(row.endpoint);
        const StepStatus look = lookOf(row.status);
        auto *answer =
            new QTableWidgetItem(ValidationStatusStyle::icon(look),
                                 row.status == 0 ? tr("no answer") : QStringLiteral("HTTP %1").arg(row.status));
        answer->setData(Qt::AccessibleTextRole, tr("%1, %2").arg(answer->text(), ValidationStatusStyle::label(look)));
        auto *meaning = new QTableWidgetItem(row.meaning);
        meaning->setToolTip(row.meaning);
        setItem(i, 0, endpoint);
        setItem(i, 1, answer);
        setItem(i, 2, meaning);
    }
}

} // namespace cmic
