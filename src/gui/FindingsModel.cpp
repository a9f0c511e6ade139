#include "FindingsModel.h"

#include "WorkspaceDocument.h"

#include <QApplication>
#include <QStyle>

namespace cmic {

FindingsModel::FindingsModel(WorkspaceDocument *document, QObject *parent)
    : QAbstractTableModel(parent), m_document(document)
{
    connect(document, &WorkspaceDocument::findingsChanged, this, &FindingsModel::refresh);
    connect(document, &WorkspaceDocument::resetDone, this, &FindingsModel::refresh);
    refresh();
}

void FindingsModel::refresh()
{
    Findings next = m_document->findings();
    // Errors first, then warnings, then notes; stable within a severity (the rules' order).
    std::stable_sort(next.begin(), next.end(),
                     [](const Finding &a, const Finding &b) { return a.severity > b.severity; });
    if (next == m_findings)
        return;
    beginResetModel();
    m_findings = next;
    endResetModel();
}

int FindingsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_findings.size());
}

int FindingsModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

Finding FindingsModel::finding(int row) const { return m_findings.value(row); }

int FindingsModel::count(Severity severity) const
{
    return static_cast<int>(std::count_if(m_findings.cbegin(), m_findings.cend(),
                                          [severity](const Finding &f) { return f.severity == severity; }));
}

QString FindingsModel::summary() const
{
    if (m_findings.isEmpty())
        return tr("No findings");
    return tr("%n error(s)", nullptr, count(Severity::Error)) + QStringLiteral(" · ")
           + tr("%n warning(s)", nullptr, count(Severity::Warning)) + QStringLiteral(" · ")
           + tr("%n note(s)", nullptr, count(Severity::Info));
}

namespace {
QString severityText(Severity s)
{
    switch (s) {
    case Severity::Error: return FindingsModel::tr("Error");
    case Severity::Warning: return FindingsModel::tr("Warning");
    case Severity::Info: return FindingsModel::tr("Note");
    }
    return {};
}

QString subjectText(const Finding &f)
{
    const QString name = f.subjectName.isEmpty() ? FindingsModel::tr("(unnamed)") : f.subjectName;
    switch (f.subjectKind) {
    case SubjectKind::Environment: return FindingsModel::tr("Environment %1").arg(name);
    case SubjectKind::ServiceUser: return FindingsModel::tr("Service user %1").arg(name);
    case SubjectKind::Registration: return FindingsModel::tr("Registration %1").arg(name);
    case SubjectKind::Workspace: return FindingsModel::tr("Workspace");
    }
    return name;
}
} // namespace

QVariant FindingsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount() || index.column() >= ColumnCount)
        return {};
    const Finding &f = m_findings.at(index.row());
    if (role == SeverityRole)
        return static_cast<int>(f.severity);
    if (role == Qt::DecorationRole && index.column() == SeverityColumn) {
        auto *app = qobject_cast<QApplication *>(QCoreApplication::instance());
        if (!app)
            return {};
        const QStyle::StandardPixmap pixmap = f.severity == Severity::Error     ? QStyle::SP_MessageBoxCritical
                                              : f.severity == Severity::Warning ? QStyle::SP_MessageBoxWarning
                                                                                : QStyle::SP_MessageBoxInformation;
        return QApplication::style()->standardIcon(pixmap);
    }
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case SeverityColumn: return role == Qt::ToolTipRole ? f.code : severityText(f.severity);
        case SubjectColumn: return subjectText(f);
        case MessageColumn: return f.message;
        case FixColumn: return f.fix;
        default: return {};
        }
    }
    return {};
}

QVariant FindingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SeverityColumn: return tr("Severity");
    case SubjectColumn: return tr("Subject");
    case MessageColumn: return tr("Problem");
    case FixColumn: return tr("What to do");
    default: return {};
    }
}

} // namespace cmic
