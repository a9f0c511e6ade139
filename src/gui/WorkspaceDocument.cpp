#include "WorkspaceDocument.h"

#include "core/rules/FindingsIndex.h"
#include "core/rules/SetupRules.h"
#include "core/storage/CredentialInventory.h"
#include "core/storage/SecretStore.h"
#include "core/util/Clock.h"

#include <QFileInfo>
#include <QFutureWatcher>
#include <QPromise>
#include <QThreadPool>
#include <QTimer>
#include <QUndoStack>

namespace cmic {

SubjectKind toSubjectKind(ObjectKind kind)
{
    switch (kind) {
    case ObjectKind::Environment: return SubjectKind::Environment;
    case ObjectKind::ServiceUser: return SubjectKind::ServiceUser;
    case ObjectKind::Registration: return SubjectKind::Registration;
    }
    return SubjectKind::Workspace;
}

namespace {
template <typename T>
QList<T> &listOf(Workspace &w);
template <>
QList<Environment> &listOf<Environment>(Workspace &w)
{
    return w.environments;
}
template <>
QList<ServiceUser> &listOf<ServiceUser>(Workspace &w)
{
    return w.serviceUsers;
}
template <>
QList<AppRegistration> &listOf<AppRegistration>(Workspace &w)
{
    return w.registrations;
}
template <typename T>
const QList<T> &constListOf(const Workspace &w)
{
    return listOf<T>(const_cast<Workspace &>(w)); // NOLINT: read-only use
}
} // namespace

WorkspaceDocument::WorkspaceDocument(QObject *parent, const Clock *clock)
    : QObject(parent), m_undoStack(new QUndoStack(this)), m_findingsTimer(new QTimer(this)),
      m_clock(clock ? clock : &Clock::system()),
      m_findingsWatcher(new QFutureWatcher<std::shared_ptr<const FindingsIndex>>(this))
{
    m_workspace.id = Workspace::newId();
    m_findingsTimer->setSingleShot(true);
    m_findingsTimer->setInterval(0);
    connect(m_findingsTimer, &QTimer::timeout, this, [this] {
        if (m_credentials)
            m_credentials->refresh(m_workspace);
        startFindingsCheck();
    });
    connect(m_findingsWatcher, &QFutureWatcherBase::finished, this, &WorkspaceDocument::findingsCheckFinished);
    connect(m_undoStack, &QUndoStack::cleanChanged, this, [this](bool) { emit modifiedChanged(isModified()); });
    m_findingsTimer->start();
}

WorkspaceDocument::~WorkspaceDocument() { cancelFindingsCheck(); }

void WorkspaceDocument::reset(const Workspace &workspace, const QString &filePath, bool modified)
{
    const bool wasModified = isModified();
    emit aboutToReset();
    m_undoStack->clear();
    m_workspace = workspace;
    if (m_workspace.id.isEmpty())
        m_workspace.id = Workspace::newId();
    m_forcedModified = modified;
    setFilePath(filePath);
    // The findings of the previous workspace say nothing about this one.
    cancelFindingsCheck();
    releaseInBackground(std::exchange(m_published, nullptr));
    ++m_generation;
    for (bool &dirty : m_rowsDirty)
        dirty = true;
    emit resetDone();
    contentChanged();
    if (wasModified != isModified())
        emit modifiedChanged(isModified());
}

void WorkspaceDocument::setFilePath(const QString &path)
{
    if (m_filePath == path)
        return;
    m_filePath = path;
    emit filePathChanged(path);
}

QString WorkspaceDocument::displayName() const
{
    return m_filePath.isEmpty() ? tr("Untitled") : QFileInfo(m_filePath).fileName();
}

bool WorkspaceDocument::isModified() const { return m_forcedModified || !m_undoStack->isClean(); }

void WorkspaceDocument::markSaved()
{
    const bool was = isModified();
    m_forcedModified = false;
    m_undoStack->setClean();
    if (was != isModified())
        emit modifiedChanged(isModified());
}

const Findings &WorkspaceDocument::findings() const
{
    if (!findingsPending() && m_published)
        return m_published->findings();
    if (m_syncGeneration != m_generation) {
        m_syncFindings = rules(*m_clock).check(m_workspace);
        m_syncGeneration = m_generation;
    }
    return m_syncFindings;
}

std::shared_ptr<const FindingsIndex> WorkspaceDocument::published() const
{
    static const auto empty = std::make_shared<const FindingsIndex>();
    return m_published ? m_published : empty;
}

Findings WorkspaceDocument::findingsFor(SubjectKind kind, const QString &id) const
{
    return m_published ? m_published->findingsFor(kind, id) : Findings();
}

void WorkspaceDocument::setSecretStore(SecretStore *store)
{
    delete m_credentials;
    m_credentials = store ? new CredentialInventory(store, this) : nullptr;
    if (m_credentials) {
        connect(m_credentials, &CredentialInventory::changed, this, &WorkspaceDocument::contentChanged);
        m_credentials->refresh(m_workspace);
    }
    contentChanged();
}

SetupRules WorkspaceDocument::rules(const Clock &clock) const
{
    SetupRules rules(clock);
    if (m_credentials && m_credentials->store()) {
        // A copy of what is known now: the check may run on another thread while the inventory learns more.
        const QHash<QString, bool> known = m_credentials->known();
        rules.setCredentials({[known](const QString &key) -> std::optional<bool> {
                                  const auto it = known.constFind(key);
                                  return it == known.cend() ? std::nullopt : std::optional<bool>(*it);
                              },
                              m_credentials->store()->backendName(), m_credentials->store()->isPersistent()});
    }
    return rules;
}

void WorkspaceDocument::startFindingsCheck()
{
    if (!findingsPending())
        return;
    if (m_findingsWatcher->isRunning()) {
        // Superseded: the check gives up at its next look at the flag, and findingsCheckFinished() starts the next.
        m_findingsWatcher->future().cancel();
        return;
    }
    using Result = std::shared_ptr<const FindingsIndex>;
    auto promise = std::make_shared<QPromise<Result>>();
    m_runningGeneration = m_generation;
    m_findingsWatcher->setFuture(promise->future());
    promise->start();
    // The check reads its own copy of the workspace (implicitly shared: a reference count until the next edit
    // detaches the document's lists) and of the time, so nothing it reads changes under it. Equal findings come back
    // as the previous index, so nothing downstream is refreshed for them.
    auto clock = std::make_shared<const FixedClock>(m_clock->now());
    auto checker = std::make_shared<const SetupRules>(rules(*clock)); // with the credentials known now
    QThreadPool::globalInstance()->start([promise, workspace = m_workspace, clock, checker, previous = m_published] {
        Findings found = checker->check(workspace, [&promise] { return promise->isCanceled(); });
        if (!promise->isCanceled()) {
            if (previous && previous->findings() == found)
                promise->addResult(previous);
            else
                promise->addResult(std::make_shared<const FindingsIndex>(std::move(found)));
        }
        promise->finish();
    });
    emit findingsCheckStarted();
}

void WorkspaceDocument::findingsCheckFinished()
{
    QFuture<std::shared_ptr<const FindingsIndex>> future = m_findingsWatcher->future();
    if (!future.isCanceled() && future.resultCount() > 0 && m_runningGeneration == m_generation) {
        // Taken out of the future, so the finished check holds no reference to it (releaseInBackground).
        const std::shared_ptr<const FindingsIndex> next = future.takeResult();
        const bool changed = next != m_published;
        releaseInBackground(std::exchange(m_published, next));
        m_publishedGeneration = m_generation;
        m_syncFindings.clear(); // the published ones answer findings() now
        m_syncGeneration = 0;
        if (changed)
            emit findingsChanged();
        emit findingsPendingChanged(false);
        return;
    }
    if (findingsPending())
        startFindingsCheck();
}

void WorkspaceDocument::cancelFindingsCheck()
{
    if (m_findingsWatcher->isRunning())
        m_findingsWatcher->future().cancel();
}

void WorkspaceDocument::contentChanged()
{
    const bool wasPending = findingsPending();
    ++m_generation;
    m_findingsTimer->start();
    if (!wasPending)
        emit findingsPendingChanged(true);
}

int WorkspaceDocument::count(ObjectKind kind) const
{
    switch (kind) {
    case ObjectKind::Environment: return static_cast<int>(m_workspace.environments.size());
    case ObjectKind::ServiceUser: return static_cast<int>(m_workspace.serviceUsers.size());
    case ObjectKind::Registration: return static_cast<int>(m_workspace.registrations.size());
    }
    return 0;
}

QString WorkspaceDocument::objectId(ObjectKind kind, int row) const
{
    if (row < 0 || row >= count(kind))
        return {};
    switch (kind) {
    case ObjectKind::Environment: return m_workspace.environments.at(row).id;
    case ObjectKind::ServiceUser: return m_workspace.serviceUsers.at(row).id;
    case ObjectKind::Registration: return m_workspace.registrations.at(row).id;
    }
    return {};
}

int WorkspaceDocument::rowOf(ObjectKind kind, const QString &id) const
{
    const int k = static_cast<int>(kind);
    if (m_rowsDirty[k]) {
        QHash<QString, int> &rows = m_rows[k];
        rows.clear();
        const int n = count(kind);
        rows.reserve(n);
        for (int row = n - 1; row >= 0; --row) // the first of duplicate ids wins, as in Workspace's lookups
            rows.insert(objectId(kind, row), row);
        m_rowsDirty[k] = false;
    }
    return m_rows[k].value(id, -1);
}

template <typename T>
int WorkspaceDocument::indexOf(const QString &id) const
{
    return rowOf(kindOf<T>(), id);
}

template <typename T>
const T &WorkspaceDocument::object(int row) const
{
    return constListOf<T>(m_workspace).at(row);
}

template <typename T>
void WorkspaceDocument::replaceObject(int row, const T &value)
{
    QList<T> &list = listOf<T>(m_workspace);
    Q_ASSERT(row >= 0 && row < list.size());
    if (list.at(row).id != value.id)
        rowsChanged(kindOf<T>());
    list[row] = value;
    emit objectChanged(kindOf<T>(), row);
    contentChanged();
}

template <typename T>
void WorkspaceDocument::insertObject(int row, const T &value)
{
    QList<T> &list = listOf<T>(m_workspace);
    Q_ASSERT(row >= 0 && row <= list.size());
    emit objectAboutToBeInserted(kindOf<T>(), row);
    list.insert(row, value);
    rowsChanged(kindOf<T>());
    emit objectInserted(kindOf<T>(), row);
    contentChanged();
}

template <typename T>
void WorkspaceDocument::removeObject(int row)
{
    QList<T> &list = listOf<T>(m_workspace);
    Q_ASSERT(row >= 0 && row < list.size());
    emit objectAboutToBeRemoved(kindOf<T>(), row);
    list.removeAt(row);
    rowsChanged(kindOf<T>());
    emit objectRemoved(kindOf<T>(), row);
    contentChanged();
}

void WorkspaceDocument::setSettings(const WorkspaceSettings &settings)
{
    if (m_workspace.settings == settings)
        return;
    m_workspace.settings = settings;
    emit settingsChanged();
    contentChanged();
}

#define CMIC_INSTANTIATE(T)                                                                                            \
    template int WorkspaceDocument::indexOf<T>(const QString &) const;                                                 \
    template const T &WorkspaceDocument::object<T>(int) const;                                                         \
    template void WorkspaceDocument::replaceObject<T>(int, const T &);                                                 \
    template void WorkspaceDocument::insertObject<T>(int, const T &);                                                  \
    template void WorkspaceDocument::removeObject<T>(int);
CMIC_INSTANTIATE(Environment)
CMIC_INSTANTIATE(ServiceUser)
CMIC_INSTANTIATE(AppRegistration)
#undef CMIC_INSTANTIATE

} // namespace cmic
