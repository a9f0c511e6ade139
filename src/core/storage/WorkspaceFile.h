#pragma once

#include "core/model/Workspace.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace cmic {

// Reads and writes *.cmic-oauth.json (see docs/workspace-format.md):
// {"format": "cmic-oauth-workspace", "version": 1, ...}. Never holds secrets.
class WorkspaceFile
{
public:
    static constexpr int kCurrentVersion = 1;
    static inline const QString kFormat = QStringLiteral("cmic-oauth-workspace");
    static inline const QString kSuffix = QStringLiteral(".cmic-oauth.json");

    enum class Error {
        None,
        NotFound,
        Unreadable,
        NotJson,       // corrupt or truncated
        WrongFormat,   // JSON, but not a workspace
        NewerVersion,  // written by a newer console
        InvalidMembers,
        ChangedOnDisk, // save refused: the file changed since it was opened
        WriteFailed,
    };

    struct Result
    {
        Error error = Error::None;
        QString message; // what happened and what to do next; empty on success
        bool ok() const { return error == Error::None; }
    };

    // Parse from bytes (used by open() and the fuzzer). |source| names the file in messages.
    static Result parse(const QByteArray &bytes, Workspace *out, const QString &source = {});
    static QByteArray serialize(const Workspace &workspace);

    // Opens |path|; on success remembers its fingerprint for change detection.
    Result open(const QString &path, Workspace *out);
    // Atomic save (QSaveFile) that first copies the previous file to <path>.bak. Refuses with ChangedOnDisk when
    // the file at the path was changed by someone else since open()/save(), unless |force| is true.
    Result save(const QString &path, const Workspace &workspace, bool force = false);

    QString path() const { return m_path; }
    // True when the file at path() differs from what we last read or wrote.
    bool changedOnDisk() const;

private:
    QString m_path;
    QByteArray m_fingerprint; // SHA-256 of the bytes we last read or wrote
};

} // namespace cmic
