#pragma once

#include "core/model/Workspace.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QString>

namespace cmic {

// Reads and writes *.cmic-oauth.json (see docs/workspace-format.md):
// {"format": "cmic-oauth-workspace", "version": 1, ...}. Never holds secrets.
//
// Output is deterministic and diff-friendly: two-space indentation, members in a fixed documented order (known
// members first, in the order of docs/workspace-format.md, then unknown ones sorted by name), "\n" line ends and a
// final newline. Any path may be opened; kSuffix is only what Save As proposes.
// A failed open() or a refused/failed save() leaves every file on disk as it was (save() may refresh <path>.bak only
// right before it replaces <path>).
class WorkspaceFile
{
    Q_DECLARE_TR_FUNCTIONS(cmic::WorkspaceFile)

public:
    static constexpr int kCurrentVersion = 1;
    static inline const QString kFormat = QStringLiteral("cmic-oauth-workspace");
    static inline const QString kSuffix = QStringLiteral(".cmic-oauth.json");

    enum class Error {
        None,
        NotFound,
        Unreadable,
        NotJson,      // corrupt or truncated
        WrongFormat,  // JSON, but not a workspace
        NewerVersion, // written by a newer console
        InvalidMembers,
        ChangedOnDisk, // save refused: the file changed since it was opened
        WriteFailed,
    };

    struct Result
    {
        Error error = Error::None;
        QString message; // what happened and what to do next; empty on success
        int line = 0;    // NotJson: 1-based line and column (in bytes) where parsing stopped; 0 when unknown
        int column = 0;
        // Success only: parse() filled in something the file lacked (a missing workspace or object id). The caller
        // should treat the document as modified so the ids are saved (keychain entries are keyed by them).
        bool upgraded = false;
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
    // Forgets the path and fingerprint (File > New). The next save() to any path does no change check.
    void clear();
    // Where save() keeps the previous contents: <path>.bak.
    static QString backupPath(const QString &path);
    // Files larger than this are refused by open() (Unreadable) rather than read into memory.
    static constexpr qint64 kMaxFileSize = qint64(256) * 1024 * 1024;
    // True when the file at path() differs from what we last read or wrote, or is gone or unreadable.
    bool changedOnDisk() const;

private:
    // parse(), and the fingerprint of |bytes| into |*fingerprint| (when given) while Qt parses a large file.
    static Result parse(const QByteArray &bytes, Workspace *out, const QString &source, QByteArray *fingerprint);

    QString m_path;
    QByteArray m_fingerprint; // SHA-256 of the bytes we last read or wrote
};

} // namespace cmic
