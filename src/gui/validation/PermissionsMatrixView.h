#pragma once

#include <QTableWidget>

namespace cmic {

namespace validation {
struct PermissionRow;
}

// The permissions matrix of a run (ValidationReport::permissions()): each probe endpoint of the environment with
// CMiC's answer to the service user's GET and what that answer says about its API Security access. The answer is
// shown as a status glyph and its code, the meaning as text, so nothing is told by colour alone.
class PermissionsMatrixView : public QTableWidget
{
    Q_OBJECT
public:
    explicit PermissionsMatrixView(QWidget *parent = nullptr);

    void setRows(const QList<validation::PermissionRow> &rows);
};

} // namespace cmic
