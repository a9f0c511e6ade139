#include "ValidationHistory.h"

#include "ReportVerdict.h"
#include "core/util/BoundedFile.h"
#include "core/util/FileNames.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>

#include <algorithm>

namespace cmic::validation {

namespace {

constexpr qint64 kMaxHistoryBytes = 4 * 1024 * 1024;
constexpr int kFileVersion = 1;

QString isoUtc(const QDateTime &time) { return time.toUTC().toString(Qt::ISODateWithMs); }
QDateTime fromIso(const QJsonValue &value) { return QDateTime::fromString(value.toString(), Qt::ISODateWithMs); }

std::optional<StepStatus> statusFromString(QStringView word)
{
    for (StepStatus s : {StepStatus::Pending, StepStatus::Running, StepStatus::Passed, StepStatus::Warning,
                         StepStatus::Failed, StepStatus::Skipped, StepStatus::Cancelled}) {
        if (word == toString(s))
            return s;
    }
    return std::nullopt;
}

QJsonObject keyToJson(const SigningKeySeen &key)
{
    return {{QStringLiteral("kid"), key.kid},
            {QStringLiteral("firstSeen"), isoUtc(key.firstSeen)},
            {QStringLiteral("lastSeen"), isoUtc(key.lastSeen)},
            {QStringLiteral("current"), key.current}};
}

void sortKeys(QList<SigningKeySeen> &keys)
{
    std::sort(keys.begin(), keys.end(), [](const SigningKeySeen &a, const SigningKeySeen &b) {
        return a.current != b.current ? a.current : a.kid < b.kid;
    });
}

} // namespace

StepStatus ValidationRecord::stepStatus(StepId step) const
{
    return int(step) < steps.size() ? steps.at(int(step)) : StepStatus::Pending;
}

ValidationRecord ValidationRecord::fromReport(const ValidationReport &report)
{
    const ReportVerdict verdict = ReportVerdict::of(report);
    ValidationRecord r;
    r.finishedAt = report.finishedAt.toUTC();
    r.passed = verdict.ok();
    r.cancelled = verdict.outcome == ReportVerdict::Outcome::Cancelled;
    r.failedStep = verdict.failedStep;
    for (const StepResult &step : report.steps)
        r.steps.append(step.status);
    r.jwksKeyIds = report.jwksKeyIds;
    return r;
}

QJsonObject ValidationRecord::toJson() const
{
    QJsonObject stepsObject;
    for (int i = 0; i < steps.size() && i < kStepCount; ++i)
        stepsObject.insert(toString(StepId(i)), toString(steps.at(i)));
    QJsonObject o{{QStringLiteral("finishedAt"), isoUtc(finishedAt)},
                  {QStringLiteral("passed"), passed},
                  {QStringLiteral("cancelled"), cancelled},
                  {QStringLiteral("steps"), stepsObject},
                  {QStringLiteral("jwksKeyIds"), QJsonArray::fromStringList(jwksKeyIds)}};
    if (failedStep)
        o.insert(QStringLiteral("failedStep"), toString(*failedStep));
    return o;
}

std::optional<ValidationRecord> ValidationRecord::fromJson(const QJsonObject &o)
{
    ValidationRecord r;
    r.finishedAt = fromIso(o.value(QLatin1String("finishedAt")));
    if (!r.finishedAt.isValid())
        return std::nullopt;
    r.passed = o.value(QLatin1String("passed")).toBool();
    r.cancelled = o.value(QLatin1String("cancelled")).toBool();
    if (const QString failed = o.value(QLatin1String("failedStep")).toString(); !failed.isEmpty())
        r.failedStep = stepFromString(failed);
    const QJsonObject stepsObject = o.value(QLatin1String("steps")).toObject();
    for (int i = 0; i < kStepCount; ++i)
        r.steps.append(
            statusFromString(stepsObject.value(toString(StepId(i))).toString()).value_or(StepStatus::Pending));
    for (const QJsonValue &kid : o.value(QLatin1String("jwksKeyIds")).toArray())
        if (kid.isString())
            r.jwksKeyIds.append(kid.toString());
    return r;
}

QString lastValidationText(const ValidationRecord &record, const QDateTime &now)
{
    const QDateTime local = record.finishedAt.toLocalTime();
    const qint64 days = local.date().daysTo(now.toLocalTime().date());
    const QString when = days == 0   ? local.toString(QStringLiteral("HH:mm"))
                         : days == 1 ? ValidationHistory::tr("yesterday")
                                     : local.date().toString(Qt::ISODate);
    QString what;
    if (record.cancelled)
        what = ValidationHistory::tr("Cancelled");
    else if (record.passed)
        what = ValidationHistory::tr("Passed");
    else if (record.failedStep)
        what = ValidationHistory::tr("Failed at %1").arg(displayName(*record.failedStep));
    else
        what = ValidationHistory::tr("Failed");
    return QStringLiteral("%1 · %2").arg(what, when);
}

QString lastValidationToolTip(const ValidationRecord &record)
{
    const QString when = record.finishedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    if (record.cancelled)
        return ValidationHistory::tr("The last Validate Setup run was cancelled on %1.").arg(when);
    if (record.passed)
        return ValidationHistory::tr("The last Validate Setup run passed on %1.").arg(when);
    if (record.failedStep)
        return ValidationHistory::tr(
                   "The last Validate Setup run failed at the %1 step on %2. Run it again to see why and what to do.")
            .arg(displayName(*record.failedStep), when);
    return ValidationHistory::tr("The last Validate Setup run failed on %1.").arg(when);
}

StepStatus lastValidationLook(const ValidationRecord &record)
{
    if (record.cancelled)
        return StepStatus::Cancelled;
    if (!record.passed)
        return StepStatus::Failed;
    const bool warned =
        std::any_of(record.steps.begin(), record.steps.end(), [](StepStatus s) { return s == StepStatus::Warning; });
    return warned ? StepStatus::Warning : StepStatus::Passed;
}

// ---------------------------------------------------------------------------------------------------------------
ValidationHistory::ValidationHistory(const QString &folder, QObject *parent)
    : QObject(parent), m_folder(folder.isEmpty() ? defaultFolder() : folder)
{}

ValidationHistory::~ValidationHistory() = default;

QString ValidationHistory::defaultFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/validation-history");
}

QString ValidationHistory::filePath(const QString &workspaceId) const
{
    // The id comes from a file anyone may have edited: its digest is always a safe file name.
    const QByteArray digest = QCryptographicHash::hash(workspaceId.toUtf8(), QCryptographicHash::Sha256).toHex();
    return QDir(m_folder).filePath(QString::fromLatin1(digest.left(32)) + QStringLiteral(".json"));
}

const ValidationHistory::Entries &ValidationHistory::entries(const QString &workspaceId) const
{
    auto found = m_workspaces.find(workspaceId);
    if (found != m_workspaces.end())
        return *found;
    Entries loaded;
    QByteArray bytes;
    if (!workspaceId.isEmpty() && readRegularFile(filePath(workspaceId), kMaxHistoryBytes, &bytes).ok()) {
        const QJsonObject root = QJsonDocument::fromJson(bytes).object();
        if (root.value(QLatin1String("workspaceId")).toString() == workspaceId) {
            const QJsonObject registrations = root.value(QLatin1String("registrations")).toObject();
            for (auto it = registrations.begin(); it != registrations.end(); ++it) {
                const QJsonObject o = it.value().toObject();
                Entry entry;
                entry.last = ValidationRecord::fromJson(o.value(QLatin1String("last")).toObject());
                for (const QJsonValue &k : o.value(QLatin1String("signingKeys")).toArray()) {
                    const QJsonObject ko = k.toObject();
                    SigningKeySeen key{
                        ko.value(QLatin1String("kid")).toString(), fromIso(ko.value(QLatin1String("firstSeen"))),
                        fromIso(ko.value(QLatin1String("lastSeen"))), ko.value(QLatin1String("current")).toBool()};
                    if (!key.kid.isEmpty())
                        entry.keys.append(key);
                }
                sortKeys(entry.keys);
                const QJsonObject ro = o.value(QLatin1String("rotation")).toObject();
                if (!ro.isEmpty()) {
                    KeyRotation rotation;
                    rotation.at = fromIso(ro.value(QLatin1String("at")));
                    for (const QJsonValue &v : ro.value(QLatin1String("added")).toArray())
                        rotation.added.append(v.toString());
                    for (const QJsonValue &v : ro.value(QLatin1String("removed")).toArray())
                        rotation.removed.append(v.toString());
                    if (rotation.at.isValid() && rotation.detected())
                        entry.rotation = rotation;
                }
                loaded.insert(it.key(), entry);
            }
        }
    }
    return *m_workspaces.insert(workspaceId, loaded);
}

std::optional<ValidationRecord> ValidationHistory::last(const QString &workspaceId, const QString &registrationId) const
{
    return entries(workspaceId).value(registrationId).last;
}

QList<SigningKeySeen> ValidationHistory::signingKeys(const QString &workspaceId, const QString &registrationId) const
{
    return entries(workspaceId).value(registrationId).keys;
}

std::optional<KeyRotation> ValidationHistory::lastRotation(const QString &workspaceId,
                                                           const QString &registrationId) const
{
    return entries(workspaceId).value(registrationId).rotation;
}

bool ValidationHistory::record(const QString &workspaceId, const QString &registrationId,
                               const ValidationRecord &record, QString *error)
{
    entries(workspaceId); // loaded first, so the file's other registrations are kept
    Entry &entry = m_workspaces[workspaceId][registrationId];
    entry.last = record;
    if (!record.jwksKeyIds.isEmpty()) {
        const bool first = entry.keys.isEmpty();
        KeyRotation rotation{record.finishedAt, {}, {}};
        for (SigningKeySeen &key : entry.keys) {
            const bool present = record.jwksKeyIds.contains(key.kid);
            if (key.current && !present)
                rotation.removed.append(key.kid);
            if (present) {
                if (!key.current)
                    rotation.added.append(key.kid);
                key.lastSeen = record.finishedAt;
            }
            key.current = present;
        }
        for (const QString &kid : record.jwksKeyIds) {
            const bool known = std::any_of(entry.keys.begin(), entry.keys.end(),
                                           [&kid](const SigningKeySeen &k) { return k.kid == kid; });
            if (!known) {
                entry.keys.append({kid, record.finishedAt, record.finishedAt, true});
                if (!first)
                    rotation.added.append(kid);
            }
        }
        sortKeys(entry.keys);
        if (rotation.detected())
            entry.rotation = rotation;
    }
    emit changed(workspaceId, registrationId);

    QJsonObject registrations;
    const Entries &all = m_workspaces.value(workspaceId);
    for (auto it = all.begin(); it != all.end(); ++it) {
        QJsonObject o;
        if (it->last)
            o.insert(QStringLiteral("last"), it->last->toJson());
        QJsonArray keys;
        for (const SigningKeySeen &key : it->keys)
            keys.append(keyToJson(key));
        o.insert(QStringLiteral("signingKeys"), keys);
        if (it->rotation)
            o.insert(QStringLiteral("rotation"),
                     QJsonObject{{QStringLiteral("at"), isoUtc(it->rotation->at)},
                                 {QStringLiteral("added"), QJsonArray::fromStringList(it->rotation->added)},
                                 {QStringLiteral("removed"), QJsonArray::fromStringList(it->rotation->removed)}});
        registrations.insert(it.key(), o);
    }
    const QJsonObject root{{QStringLiteral("version"), kFileVersion},
                           {QStringLiteral("workspaceId"), workspaceId},
                           {QStringLiteral("registrations"), registrations}};
    if (!QDir().mkpath(m_folder)) {
        if (error)
            *error = tr("Could not create the folder %1 for the validation history. Check that you may write to it; "
                        "the result is kept until the console closes.")
                         .arg(pathInMessage(m_folder));
        return false;
    }
    const BoundedWrite written = writeRegularFile(filePath(workspaceId), QJsonDocument(root).toJson());
    if (!written.ok()) {
        if (error)
            *error = tr("Could not save the validation history to %1 (%2). Check that you may write to it and that "
                        "the disk has room; the result is kept until the console closes.")
                         .arg(pathInMessage(filePath(workspaceId)),
                              written.systemError.isEmpty() ? written.kind : written.systemError);
        return false;
    }
    return true;
}

} // namespace cmic::validation
