#pragma once

// The last validation result of each registration and the JWKS signing keys its runs have seen, kept across restarts
// outside the workspace file (the workspace is shared through git; when and how a run ended on this machine is not
// part of the setup). One small JSON file per workspace id in a folder of the user's application data; never a secret,
// a token or a claim value: the time, the verdict, each step's status and the key ids.

#include "ValidationReport.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace cmic::validation {

// How one run ended, reduced to what the registrations table, the setup checklist and the expiry view show.
struct ValidationRecord
{
    QDateTime finishedAt; // UTC
    bool passed = false;  // ReportVerdict::ok(): nothing failed
    bool cancelled = false;
    std::optional<StepId> failedStep;
    QList<StepStatus> steps; // kStepCount entries, in StepId order
    QStringList jwksKeyIds;  // the kids of the JWKS the run read; empty when it read none

    bool operator==(const ValidationRecord &) const = default;

    // Pending for a step the record does not hold.
    StepStatus stepStatus(StepId step) const;

    static ValidationRecord fromReport(const ValidationReport &report);
    QJsonObject toJson() const;
    // Nullopt for a member that is not a record (an older or damaged file).
    static std::optional<ValidationRecord> fromJson(const QJsonObject &object);
};

// A signing key as the validation runs have seen it in the registration's JWKS.
struct SigningKeySeen
{
    QString kid;
    QDateTime firstSeen; // UTC: the first run whose JWKS held it
    QDateTime lastSeen;  // UTC: the last run whose JWKS held it
    bool current = true; // in the JWKS of the last run that read one; false once it disappeared (rotated out)

    bool operator==(const SigningKeySeen &) const = default;
};

// What changed in the JWKS between the last two runs that read it: a rotation when keys appeared or disappeared.
struct KeyRotation
{
    QDateTime at; // UTC, the run that saw the change
    QStringList added;
    QStringList removed;

    bool operator==(const KeyRotation &) const = default;
    bool detected() const { return !added.isEmpty() || !removed.isEmpty(); }
};

// "Passed · 14:02", "Failed at Token · yesterday", "Cancelled · 2026-11-30": the table's cell for a record, the time
// in local time relative to |now| (today: the time, the day before: "yesterday", older: the date). Translated.
QString lastValidationText(const ValidationRecord &record, const QDateTime &now);
// The tool tip: the full local date and time and, for a failure, the step's name.
QString lastValidationToolTip(const ValidationRecord &record);
// The look of the record's icon: Passed, Warning (passed with a step warning), Failed, Cancelled.
StepStatus lastValidationLook(const ValidationRecord &record);

// The history of every workspace on this machine: <folder>/<workspace id>.json, read when first asked, written after
// each record(). A file that cannot be read is treated as empty (the next record replaces it).
class ValidationHistory : public QObject
{
    Q_OBJECT
public:
    // |folder|: where the files go; empty is defaultFolder().
    explicit ValidationHistory(const QString &folder = {}, QObject *parent = nullptr);
    ~ValidationHistory() override;

    // QStandardPaths::AppDataLocation + "/validation-history".
    static QString defaultFolder();
    QString folder() const { return m_folder; }

    std::optional<ValidationRecord> last(const QString &workspaceId, const QString &registrationId) const;
    // The keys seen, current ones first, each group by kid.
    QList<SigningKeySeen> signingKeys(const QString &workspaceId, const QString &registrationId) const;
    // The last change of keys, if one was seen.
    std::optional<KeyRotation> lastRotation(const QString &workspaceId, const QString &registrationId) const;

    // Keeps |record| as the registration's last result and merges its JWKS key ids into the keys seen; writes the
    // file. False with |error| (a sentence saying what to do) when the file could not be written; the record is
    // kept for this session either way.
    bool record(const QString &workspaceId, const QString &registrationId, const ValidationRecord &record,
                QString *error = nullptr);

signals:
    void changed(const QString &workspaceId, const QString &registrationId);

private:
    struct Entry
    {
        std::optional<ValidationRecord> last;
        QList<SigningKeySeen> keys;
        std::optional<KeyRotation> rotation;
    };
    using Entries = QHash<QString, Entry>; // by registration id
    const Entries &entries(const QString &workspaceId) const;
    QString filePath(const QString &workspaceId) const;

    QString m_folder;
    mutable QHash<QString, Entries> m_workspaces;
};

} // namespace cmic::validation
