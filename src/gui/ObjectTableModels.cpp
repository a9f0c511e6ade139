#include "ObjectTableModels.h"
#include "Icons.h"

#include "UndoCommands.h"
#include "core/model/IdpPreset.h"
#include "core/util/Clock.h"
#include "core/validation/ValidationHistory.h"
#include "validation/ValidationStatusStyle.h"

#include <QGuiApplication>
#include <QUndoStack>

namespace cmic {

namespace {

int severityRank(Severity s) { return static_cast<int>(s); }

QVariant boolDisplay(bool value) { return value ? ObjectTableModel::tr("Yes") : ObjectTableModel::tr("No"); }

QString trimmedName(const QString &name, const QString &fallback)
{
    const QString t = name.trimmed();
    return t.isEmpty() ? fallback : t;
}

// Applies |mutate| to a copy of the object at |row| and pushes the change (merging per column) when it differs.
template <typename T, typename F>
bool pushChange(WorkspaceDocument *document, int row, int column, const QString &text, F mutate)
{
    const T before = document->object<T>(row);
    T after = before;
    if (!mutate(after))
        return false;
    if (after == before)
        return true;
    document->undoStack()->push(new ChangeObjectCommand<T>(document, before, after, text, column));
    return true;
}

} // namespace

// ---------------------------------------------------------------------------------------------------------------
ObjectTableModel::ObjectTableModel(WorkspaceDocument *document, ObjectKind kind, QObject *parent)
    : QAbstractTableModel(parent), m_document(document), m_kind(kind)
{
    connect(document, &WorkspaceDocument::aboutToReset, this, [this] { beginResetModel(); });
    connect(document, &WorkspaceDocument::resetDone, this, [this] { endResetModel(); });
    connect(document, &WorkspaceDocument::objectAboutToBeInserted, this, [this](ObjectKind k, int row) {
        if (k == m_kind)
            beginInsertRows({}, row, row);
    });
    connect(document, &WorkspaceDocument::objectInserted, this, [this](ObjectKind k, int) {
        if (k == m_kind)
            endInsertRows();
    });
    connect(document, &WorkspaceDocument::objectAboutToBeRemoved, this, [this](ObjectKind k, int row) {
        if (k == m_kind)
            beginRemoveRows({}, row, row);
    });
    connect(document, &WorkspaceDocument::objectRemoved, this, [this](ObjectKind k, int) {
        if (k == m_kind)
            endRemoveRows();
    });
    connect(document, &WorkspaceDocument::objectChanged, this, [this](ObjectKind k, int row) {
        if (k == m_kind)
            emit dataChanged(index(row, 0), index(row, columnCount() - 1));
        else if (m_kind == ObjectKind::Registration)
            emitAllRowsChanged({Qt::DisplayRole}); // referenced environment or user names may have changed
    });
    connect(document, &WorkspaceDocument::findingsChanged, this, [this] {
        emitAllRowsChanged({Qt::ToolTipRole, Qt::DecorationRole, SeverityRole, FindingsTextRole});
    });
}

void ObjectTableModel::emitAllRowsChanged(const QList<int> &roles)
{
    if (rowCount() > 0)
        emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1), roles);
}

bool ObjectTableModel::isValidCell(const QModelIndex &index) const
{
    return index.isValid() && index.model() == this && !index.parent().isValid() && index.row() < rowCount()
           && index.column() < columnCount();
}

int ObjectTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_document->count(m_kind);
}

int ObjectTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(columns().size());
}

QString ObjectTableModel::columnTitle(int column) const
{
    if (column < 0 || column >= columnCount())
        return {};
    // QT_TR_NOOP files each header under the subclass that lists it, so it is translated in that subclass's context,
    // not in cmic::ObjectTableModel's.
    return QCoreApplication::translate(metaObject()->className(), columns().at(column).header);
}

QVariant ObjectTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= columnCount())
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole)
        return columnTitle(section);
    return {};
}

Qt::ItemFlags ObjectTableModel::flags(const QModelIndex &index) const
{
    if (!isValidCell(index))
        return Qt::NoItemFlags;
    return Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemIsEditable | Qt::ItemNeverHasChildren;
}

QVariant ObjectTableModel::data(const QModelIndex &index, int role) const
{
    if (!isValidCell(index))
        return {};
    const int row = index.row();
    const int column = index.column();
    switch (role) {
    case IdRole: return m_document->objectId(m_kind, row);
    case SeverityRole:
    case Qt::DecorationRole:
    case Qt::ToolTipRole:
    case FindingsTextRole: {
        const Findings findings = m_document->findingsFor(toSubjectKind(m_kind), m_document->objectId(m_kind, row));
        int worst = -1;
        QStringList lines;
        for (const Finding &f : findings) {
            if (column != 0 && f.field != fieldName(column))
                continue;
            if (f.severity == Severity::Info && column == 0)
                continue; // the row mark is for warnings and errors
            worst = qMax(worst, severityRank(f.severity));
            lines.append(f.message);
        }
        if (role == SeverityRole)
            return worst;
        if (role == FindingsTextRole || role == Qt::ToolTipRole)
            return lines.isEmpty() ? QVariant() : QVariant(lines.join(QLatin1Char('\n')));
        if (column != 0 || worst < severityRank(Severity::Warning)
            || !qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
            return {};
        static const QIcon errorIcon = icon(IconId::StatusError);
        static const QIcon warningIcon = icon(IconId::StatusWarning);
        return worst == severityRank(Severity::Error) ? errorIcon : warningIcon;
    }
    case Qt::DisplayRole:
    case Qt::EditRole: return value(row, column, role);
    default: return {};
    }
}

bool ObjectTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !isValidCell(index))
        return false;
    return edit(index.row(), index.column(), value);
}

QString ObjectTableModel::fieldName(int column) const
{
    if (column < 0 || column >= columnCount())
        return {};
    return QString::fromLatin1(columns().at(column).field);
}

int ObjectTableModel::columnOf(const QString &field) const
{
    const auto &cols = columns();
    for (int i = 0; i < cols.size(); ++i) {
        if (field == QLatin1String(cols.at(i).field))
            return i;
    }
    return -1;
}

QList<int> ObjectTableModel::summaryColumns() const
{
    QList<int> out;
    const auto &cols = columns();
    for (int i = 0; i < cols.size(); ++i) {
        if (cols.at(i).summary)
            out.append(i);
    }
    return out;
}

QModelIndex ObjectTableModel::indexOfId(const QString &id, int column) const
{
    const int row = m_document->rowOf(m_kind, id);
    return row < 0 ? QModelIndex() : index(row, column);
}

// ---------------------------------------------------------------------------------------------------------------
EnvironmentModel::EnvironmentModel(WorkspaceDocument *document, QObject *parent)
    : ObjectTableModel(document, ObjectKind::Environment, parent)
{}

const QList<ObjectTableModel::Column> &EnvironmentModel::columns() const
{
    static const QList<ObjectTableModel::Column> cols = {
        {"name", QT_TR_NOOP("Name"), true},
        {"deployment", QT_TR_NOOP("Deployment"), true},
        {"cloudTenant", QT_TR_NOOP("Cloud tenant"), false},
        {"apiBaseUrl", QT_TR_NOOP("API base URL"), true},
        {"userSource", QT_TR_NOOP("Service user from"), true},
        {"userClaim", QT_TR_NOOP("User claim"), false},
        {"removeDomainFromUser", QT_TR_NOOP("Remove domain"), false},
        {"ipCheck", QT_TR_NOOP("IP check"), false},
        {"patchLevel", QT_TR_NOOP("Patch level"), false},
        {"probeEndpoints", QT_TR_NOOP("Probe endpoints"), false},
    };
    return cols;
}

QVariant EnvironmentModel::value(int row, int column, int role) const
{
    const Environment &e = m_document->object<Environment>(row);
    const bool display = role == Qt::DisplayRole;
    switch (column) {
    case Name: return e.name;
    case Deployment: return display ? displayName(e.deployment) : toString(e.deployment);
    case CloudTenant: return e.cloudTenant;
    case ApiBaseUrl: return e.apiBaseUrl;
    case UserSource: return display ? displayName(e.userSource) : toString(e.userSource);
    case UserClaim: return e.userClaim;
    case RemoveDomain: return display ? boolDisplay(e.removeDomainFromUser) : QVariant(e.removeDomainFromUser);
    case IpCheck: return display ? boolDisplay(e.ipCheck) : QVariant(e.ipCheck);
    case PatchLevel:
        return display ? QVariant(e.patchKnown() ? Environment::patchLevelText(e.patchLevel) : tr("Unknown"))
                       : QVariant(e.patchLevel);
    case ProbeEndpoints:
        return display ? QVariant(e.probeEndpoints.join(QStringLiteral(", "))) : QVariant(e.probeEndpoints);
    default: return {};
    }
}

bool EnvironmentModel::edit(int row, int column, const QVariant &v)
{
    const QString text =
        tr("Edit %1 of environment \"%2\"")
            .arg(columnTitle(column), trimmedName(m_document->object<Environment>(row).name, tr("(unnamed)")));
    // Each change of the probe list (add, remove, edit one row) is a step of its own: Delete then Undo brings back
    // exactly the endpoint removed.
    return pushChange<Environment>(
        m_document, row, column == ProbeEndpoints ? int(kNoMerge) : column, text, [&](Environment &e) {
            switch (column) {
            case Name: e.name = v.toString(); return true;
            case Deployment: {
                const auto d = deploymentFromString(v.toString());
                if (d)
                    e.deployment = *d;
                return d.has_value();
            }
            case CloudTenant: e.cloudTenant = v.toString(); return true;
            case ApiBaseUrl: e.apiBaseUrl = v.toString(); return true;
            case UserSource: {
                const auto s = userSourceFromString(v.toString());
                if (s)
                    e.userSource = *s;
                return s.has_value();
            }
            case UserClaim: e.userClaim = v.toString(); return true;
            case RemoveDomain: e.removeDomainFromUser = v.toBool(); return true;
            case IpCheck: e.ipCheck = v.toBool(); return true;
            case PatchLevel: {
                bool ok = false;
                const int level = v.toInt(&ok);
                if (!ok || level < Environment::kPatchUnknown || level > Environment::kMaxPatchLevel)
                    return false;
                e.patchLevel = level;
                return true;
            }
            case ProbeEndpoints: e.probeEndpoints = v.toStringList(); return true;
            default: return false;
            }
        });
}

int EnvironmentModel::addObject(int afterRow)
{
    Environment e;
    e.id = Workspace::newId();
    e.name = tr("New environment");
    const int row = afterRow < 0 ? rowCount() : afterRow + 1;
    m_document->undoStack()->push(new AddObjectCommand<Environment>(m_document, row, e, tr("Add environment")));
    return row;
}

void EnvironmentModel::removeObject(int row)
{
    const QString name = trimmedName(m_document->object<Environment>(row).name, tr("(unnamed)"));
    m_document->undoStack()->push(
        new RemoveObjectCommand<Environment>(m_document, row, tr("Remove environment \"%1\"").arg(name)));
}

// ---------------------------------------------------------------------------------------------------------------
ServiceUserModel::ServiceUserModel(WorkspaceDocument *document, QObject *parent)
    : ObjectTableModel(document, ObjectKind::ServiceUser, parent)
{}

const QList<ObjectTableModel::Column> &ServiceUserModel::columns() const
{
    static const QList<ObjectTableModel::Column> cols = {
        {"username", QT_TR_NOOP("Username"), true},
        {"emailUsername", QT_TR_NOOP("E-mail username"), true},
        {"displayName", QT_TR_NOOP("Display name"), true},
        {"dedicatedConfirmed", QT_TR_NOOP("Dedicated"), true},
        {"notes", QT_TR_NOOP("Notes"), false},
    };
    return cols;
}

QVariant ServiceUserModel::value(int row, int column, int role) const
{
    const ServiceUser &u = m_document->object<ServiceUser>(row);
    switch (column) {
    case Username: return u.username;
    case EmailUsername: return u.emailUsername;
    case DisplayName: return u.displayName;
    case Dedicated: return role == Qt::DisplayRole ? boolDisplay(u.dedicatedConfirmed) : QVariant(u.dedicatedConfirmed);
    case Notes: return u.notes;
    default: return {};
    }
}

bool ServiceUserModel::edit(int row, int column, const QVariant &v)
{
    const QString text =
        tr("Edit %1 of service user \"%2\"")
            .arg(columnTitle(column), trimmedName(m_document->object<ServiceUser>(row).username, tr("(unnamed)")));
    return pushChange<ServiceUser>(m_document, row, column, text, [&](ServiceUser &u) {
        switch (column) {
        case Username: u.username = v.toString(); return true;
        case EmailUsername: u.emailUsername = v.toString(); return true;
        case DisplayName: u.displayName = v.toString(); return true;
        case Dedicated: u.dedicatedConfirmed = v.toBool(); return true;
        case Notes: u.notes = v.toString(); return true;
        default: return false;
        }
    });
}

int ServiceUserModel::addObject(int afterRow)
{
    ServiceUser u;
    u.id = Workspace::newId();
    u.username = QStringLiteral("SVC_NEW");
    const int row = afterRow < 0 ? rowCount() : afterRow + 1;
    m_document->undoStack()->push(new AddObjectCommand<ServiceUser>(m_document, row, u, tr("Add service user")));
    return row;
}

void ServiceUserModel::removeObject(int row)
{
    const QString name = trimmedName(m_document->object<ServiceUser>(row).username, tr("(unnamed)"));
    m_document->undoStack()->push(
        new RemoveObjectCommand<ServiceUser>(m_document, row, tr("Remove service user \"%1\"").arg(name)));
}

// ---------------------------------------------------------------------------------------------------------------
RegistrationModel::RegistrationModel(WorkspaceDocument *document, QObject *parent)
    : ObjectTableModel(document, ObjectKind::Registration, parent)
{}

const QList<ObjectTableModel::Column> &RegistrationModel::columns() const
{
    static const QList<ObjectTableModel::Column> cols = {
        {"name", QT_TR_NOOP("Name"), true},
        {"environmentId", QT_TR_NOOP("Environment"), true},
        {"idpPreset", QT_TR_NOOP("Identity provider"), true},
        {"presetParameters", QT_TR_NOOP("Preset parameters"), false},
        {"appId", QT_TR_NOOP("App ID"), true},
        {"issuer", QT_TR_NOOP("Issuer"), true},
        {"jwksUri", QT_TR_NOOP("JWKS URI"), false},
        {"tokenEndpoint", QT_TR_NOOP("Token endpoint"), false},
        {"discoveryUrl", QT_TR_NOOP("Discovery URL"), false},
        {"scope", QT_TR_NOOP("Scope"), false},
        {"audience", QT_TR_NOOP("Audience"), false},
        {"resource", QT_TR_NOOP("Resource"), false},
        {"authMethod", QT_TR_NOOP("Client authentication"), false},
        {"serviceUserId", QT_TR_NOOP("Service user"), true},
        {"secretExpiry", QT_TR_NOOP("Secret expires"), false},
        {"assertionAlgorithm", QT_TR_NOOP("Assertion algorithm"), false},
        {"assertionKeyId", QT_TR_NOOP("Assertion key ID"), false},
        {"assertionCertificate", QT_TR_NOOP("Certificate"), false},
        {"assertionThumbprint", QT_TR_NOOP("Certificate thumbprint"), false},
        {"notes", QT_TR_NOOP("Notes"), false},
        {"lastValidation", QT_TR_NOOP("Last validation"), true},
    };
    return cols;
}

void RegistrationModel::setValidationHistory(const validation::ValidationHistory *history, const Clock *clock)
{
    if (m_history)
        disconnect(m_history, nullptr, this, nullptr);
    m_history = history;
    m_clock = clock;
    if (m_history)
        connect(m_history, &validation::ValidationHistory::changed, this,
                [this](const QString &workspaceId, const QString &registrationId) {
                    const int row = m_document->rowOf(ObjectKind::Registration, registrationId);
                    if (workspaceId == m_document->workspace().id && row >= 0)
                        emit dataChanged(index(row, LastValidation), index(row, LastValidation));
                });
    if (rowCount() > 0)
        emit dataChanged(index(0, LastValidation), index(rowCount() - 1, LastValidation));
}

Qt::ItemFlags RegistrationModel::flags(const QModelIndex &index) const
{
    const Qt::ItemFlags f = ObjectTableModel::flags(index);
    return index.column() == LastValidation ? f & ~Qt::ItemIsEditable : f;
}

QVariant RegistrationModel::data(const QModelIndex &index, int role) const
{
    if (index.column() != LastValidation || !isValidCell(index) || role == IdRole)
        return ObjectTableModel::data(index, role);
    const std::optional<validation::ValidationRecord> last =
        m_history ? m_history->last(m_document->workspace().id, m_document->objectId(m_kind, index.row()))
                  : std::nullopt;
    if (!last)
        return role == Qt::ToolTipRole ? QVariant(tr("Not validated yet: Tools ▸ Validate Setup… proves it."))
                                       : QVariant();
    switch (role) {
    case Qt::DisplayRole: return validation::lastValidationText(*last, (m_clock ? m_clock : &Clock::system())->now());
    case Qt::EditRole: return last->finishedAt;
    case Qt::ToolTipRole: return validation::lastValidationToolTip(*last);
    case Qt::DecorationRole:
        // The wizard's status glyphs: a shape per outcome, so the column never tells by colour alone.
        return ValidationStatusStyle::icon(validation::lastValidationLook(*last));
    default: return {};
    }
}

QVariant RegistrationModel::value(int row, int column, int role) const
{
    const AppRegistration &r = m_document->object<AppRegistration>(row);
    const bool display = role == Qt::DisplayRole;
    switch (column) {
    case Name: return r.name;
    case EnvironmentId: {
        if (!display)
            return r.environmentId;
        const int envRow = m_document->indexOf<Environment>(r.environmentId);
        return envRow < 0 ? QString() : m_document->object<Environment>(envRow).name;
    }
    case IdpPreset: {
        if (!display || r.idpPreset.isEmpty())
            return r.idpPreset;
        const cmic::IdpPreset *p = IdpPresets::find(r.idpPreset);
        return p ? p->displayedName() : r.idpPreset;
    }
    case PresetParameters: {
        if (!display) {
            QVariantMap map;
            for (auto it = r.presetParameters.cbegin(); it != r.presetParameters.cend(); ++it)
                map.insert(it.key(), it.value());
            return map;
        }
        QStringList parts;
        for (auto it = r.presetParameters.cbegin(); it != r.presetParameters.cend(); ++it)
            parts.append(it.key() + QLatin1Char('=') + it.value());
        return parts.join(QStringLiteral(", "));
    }
    case AppId: return r.appId;
    case Issuer: return r.issuer;
    case JwksUri: return r.jwksUri;
    case TokenEndpoint: return r.tokenEndpoint;
    case DiscoveryUrl: return r.discoveryUrl;
    case Scope: return r.scope;
    case Audience: return r.audience;
    case Resource: return r.resource;
    case AuthMethod: return display ? displayName(r.authMethod) : toString(r.authMethod);
    case ServiceUserId: {
        if (!display)
            return r.serviceUserId;
        const int userRow = m_document->indexOf<ServiceUser>(r.serviceUserId);
        return userRow < 0 ? QString() : m_document->object<ServiceUser>(userRow).username;
    }
    case SecretExpiry:
        if (display)
            return r.secretExpiry.isValid() ? r.secretExpiry.toString(Qt::ISODate) : QString();
        return r.secretExpiry;
    case AssertionAlgorithm: return r.assertionAlgorithm;
    case AssertionKeyId: return r.assertionKeyId;
    case AssertionCertificate: return r.assertionCertificate;
    case AssertionThumbprint:
        // The header names ("x5t", "x5t#S256") read the same in every language; "none" is a word.
        if (display && r.assertionThumbprint == cmic::AssertionThumbprint::None)
            return tr("None", "assertion thumbprint");
        return toString(r.assertionThumbprint);
    case Notes: return r.notes;
    default: return {};
    }
}

bool RegistrationModel::edit(int row, int column, const QVariant &v)
{
    const QString text =
        tr("Edit %1 of registration \"%2\"")
            .arg(columnTitle(column), trimmedName(m_document->object<AppRegistration>(row).name, tr("(unnamed)")));
    return pushChange<AppRegistration>(m_document, row, column, text, [&](AppRegistration &r) {
        switch (column) {
        case Name: r.name = v.toString(); return true;
        case EnvironmentId: r.environmentId = v.toString(); return true;
        case IdpPreset: r.idpPreset = v.toString(); return true;
        case PresetParameters: {
            QMap<QString, QString> map;
            const QVariantMap in = v.toMap();
            for (auto it = in.cbegin(); it != in.cend(); ++it)
                map.insert(it.key(), it.value().toString());
            r.presetParameters = map;
            return true;
        }
        case AppId: {
            // A scope the preset derives from the App ID follows it (IdpPreset::withAppId).
            if (const cmic::IdpPreset *preset = IdpPresets::find(r.idpPreset))
                r = preset->withAppId(r, v.toString());
            else
                r.appId = v.toString();
            return true;
        }
        case Issuer: r.issuer = v.toString(); return true;
        case JwksUri: r.jwksUri = v.toString(); return true;
        case TokenEndpoint: r.tokenEndpoint = v.toString(); return true;
        case DiscoveryUrl: r.discoveryUrl = v.toString(); return true;
        case Scope: r.scope = v.toString(); return true;
        case Audience: r.audience = v.toString(); return true;
        case Resource: r.resource = v.toString(); return true;
        case AuthMethod: {
            const auto m = clientAuthMethodFromString(v.toString());
            if (m)
                r.authMethod = *m;
            return m.has_value();
        }
        case ServiceUserId: r.serviceUserId = v.toString(); return true;
        case SecretExpiry: r.secretExpiry = v.toDate(); return true;
        case AssertionAlgorithm: {
            // The words the workspace file accepts (AppRegistration::fromJson), nothing else.
            const QString a = v.toString();
            if (!a.isEmpty() && a != QLatin1String("RS256") && a != QLatin1String("PS256")
                && a != QLatin1String("ES256"))
                return false;
            r.assertionAlgorithm = a;
            return true;
        }
        case AssertionKeyId: r.assertionKeyId = v.toString(); return true;
        case AssertionCertificate: r.assertionCertificate = v.toString(); return true;
        case AssertionThumbprint: {
            const auto t = assertionThumbprintFromString(v.toString());
            if (t)
                r.assertionThumbprint = *t;
            return t.has_value();
        }
        case Notes: r.notes = v.toString(); return true;
        default: return false;
        }
    });
}

bool RegistrationModel::applyPreset(int row, const QString &presetId, const QMap<QString, QString> &parameters)
{
    const cmic::IdpPreset *preset = IdpPresets::find(presetId);
    if (!preset || row < 0 || row >= rowCount())
        return false;
    const AppRegistration before = m_document->object<AppRegistration>(row);
    const AppRegistration after = preset->appliedTo(before, parameters);
    if (after == before)
        return true;
    // A switch to another preset is one undo step of its own, named after that preset; typing its parameters
    // afterwards merges into one more step (never into the switch, so each switch can be undone alone).
    const bool switching = before.idpPreset != presetId;
    m_document->undoStack()->push(new ChangeObjectCommand<AppRegistration>(
        m_document, before, after,
        tr("Apply %1 preset to \"%2\"").arg(preset->displayedName(), trimmedName(before.name, tr("(unnamed)"))),
        switching ? int(kNoMerge) : int(PresetParameters)));
    return true;
}

int RegistrationModel::addObject(int afterRow)
{
    AppRegistration r;
    r.id = Workspace::newId();
    r.name = tr("New registration");
    const Workspace &w = m_document->workspace();
    if (w.environments.size() == 1)
        r.environmentId = w.environments.constFirst().id;
    if (w.serviceUsers.size() == 1)
        r.serviceUserId = w.serviceUsers.constFirst().id;
    const int row = afterRow < 0 ? rowCount() : afterRow + 1;
    m_document->undoStack()->push(new AddObjectCommand<AppRegistration>(m_document, row, r, tr("Add registration")));
    return row;
}

void RegistrationModel::removeObject(int row)
{
    const QString name = trimmedName(m_document->object<AppRegistration>(row).name, tr("(unnamed)"));
    m_document->undoStack()->push(
        new RemoveObjectCommand<AppRegistration>(m_document, row, tr("Remove registration \"%1\"").arg(name)));
}

// ---------------------------------------------------------------------------------------------------------------
ObjectFilterModel::ObjectFilterModel(ObjectTableModel *source, QObject *parent, bool summaryColumnsOnly)
    : QSortFilterProxyModel(parent), m_source(source), m_columns(source->summaryColumns()),
      m_summaryColumnsOnly(summaryColumnsOnly)
{
    // Connected before setSourceModel, so the remembered results are gone before the proxy filters changed rows.
    const auto forget = [this] { m_accepted.clear(); };
    connect(source, &QAbstractItemModel::dataChanged, this, forget);
    connect(source, &QAbstractItemModel::rowsAboutToBeInserted, this, forget);
    connect(source, &QAbstractItemModel::rowsAboutToBeRemoved, this, forget);
    connect(source, &QAbstractItemModel::rowsAboutToBeMoved, this, forget);
    connect(source, &QAbstractItemModel::layoutAboutToBeChanged, this, forget);
    connect(source, &QAbstractItemModel::modelAboutToBeReset, this, forget);
    setSourceModel(source);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    // Not locale-aware: a QCollator (ICU) costs several milliseconds at startup for little gain in these lists.
}

void ObjectFilterModel::setFilterText(const QString &text)
{
    const QString t = text.trimmed();
    if (t == m_text)
        return;
    // Boyer-Moore with case folding, set up once per keystroke: several times faster over 10,000 rows than
    // QString::contains(..., Qt::CaseInsensitive) per cell.
    const int rows = m_source->rowCount();
    const bool narrows =
        !m_text.isEmpty() && t.contains(m_text, Qt::CaseInsensitive) && m_accepted.size() == static_cast<size_t>(rows);
    m_narrowFrom = narrows ? std::move(m_accepted) : std::vector<bool>();
    m_accepted.assign(static_cast<size_t>(rows), true);
    m_text = t;
    m_matcher.setPattern(t);
    invalidateFilter();
    m_narrowFrom.clear();
    m_narrowFrom.shrink_to_fit();
}

bool ObjectFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_text.isEmpty())
        return true;
    const auto row = static_cast<size_t>(sourceRow);
    const bool remembered = !sourceParent.isValid() && row < m_accepted.size();
    if (remembered && row < m_narrowFrom.size() && !m_narrowFrom[row]) {
        m_accepted[row] = false;
        return false;
    }
    bool accepted = false;
    for (int column : m_columns) {
        const QString cell = m_source->index(sourceRow, column, sourceParent).data(Qt::DisplayRole).toString();
        if (m_matcher.indexIn(cell) >= 0) {
            accepted = true;
            break;
        }
    }
    if (remembered)
        m_accepted[row] = accepted;
    return accepted;
}

bool ObjectFilterModel::filterAcceptsColumn(int sourceColumn, const QModelIndex &) const
{
    return !m_summaryColumnsOnly || m_columns.contains(sourceColumn);
}

} // namespace cmic
