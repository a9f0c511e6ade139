#include "FindingsModel.h"
#include "Icons.h"

#include "WorkspaceDocument.h"
#include "core/rules/FindingsIndex.h"

#include <QGuiApplication>

namespace cmic {

FindingsModel::FindingsModel(WorkspaceDocument *document, QObject *parent)
    : QAbstractTableModel(parent), m_document(document), m_index(document->published())
{
    connect(document, &WorkspaceDocument::findingsChanged, this, &FindingsModel::refresh);
    connect(document, &WorkspaceDocument::resetDone, this, &FindingsModel::refresh);
    connect(document, &WorkspaceDocument::findingsPendingChanged, this, &FindingsModel::maybeComplete);
    refresh();
}

FindingsModel::~FindingsModel() = default;

void FindingsModel::refresh()
{
    std::shared_ptr<const FindingsIndex> next = m_document->published();
    if (next == m_index && m_shown > 0)
        return;
    beginResetModel();
    m_completed = false;
    releaseInBackground(std::exchange(m_index, std::move(next)));
    m_shown = static_cast<int>(qMin<qsizetype>(kBatchSize, m_index->size()));
    endResetModel();
    if (m_shown < m_index->size()) {
        if (!m_batchQueued) {
            m_batchQueued = true;
            QMetaObject::invokeMethod(this, &FindingsModel::appendBatch, Qt::QueuedConnection);
        }
    } else {
        maybeComplete();
    }
}

void FindingsModel::maybeComplete()
{
    if (!m_completed && isComplete()) {
        m_completed = true;
        emit completed();
    }
}

// A queued call, so posted input and paint events that arrived before it are handled before the next batch.
void FindingsModel::appendBatch()
{
    m_batchQueued = false;
    const int total = totalCount();
    const int n = qMin(kBatchSize, total - m_shown);
    if (n <= 0)
        return;
    beginInsertRows({}, m_shown, m_shown + n - 1);
    m_shown += n;
    endInsertRows();
    if (m_shown < total) {
        m_batchQueued = true;
        QMetaObject::invokeMethod(this, &FindingsModel::appendBatch, Qt::QueuedConnection);
    } else {
        maybeComplete();
    }
}

int FindingsModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : m_shown; }

int FindingsModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

Finding FindingsModel::finding(int row) const
{
    return row >= 0 && row < m_shown ? m_index->inSeverityOrder(row) : Finding();
}

int FindingsModel::count(Severity severity) const { return static_cast<int>(m_index->count(severity)); }

int FindingsModel::totalCount() const { return static_cast<int>(m_index->size()); }

bool FindingsModel::isComplete() const { return m_shown == totalCount() && !m_document->findingsPending(); }

QString FindingsModel::summary() const
{
    if (!m_document->findingsKnown())
        return tr("Checking the setup…");
    if (totalCount() == 0)
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
    const Finding &f = m_index->inSeverityOrder(index.row());
    if (role == SeverityRole)
        return static_cast<int>(f.severity);
    if (role == Qt::DecorationRole && index.column() == SeverityColumn) {
        if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
            return {};
        // One QIcon per severity, shared by every row: each renders (and caches) a pixmap only when painted.
        static const QIcon icons[] = {icon(IconId::StatusInfo), icon(IconId::StatusWarning), icon(IconId::StatusError)};
        return icons[static_cast<int>(f.severity)];
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
