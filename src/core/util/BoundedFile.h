#pragma once

// The one way the console reads a file a user named (a workspace, its backup's source): regular files only, decided
// before any byte is read and checked again on the opened file, so a named pipe cannot block the caller and a
// device (/dev/zero, /dev/urandom) cannot feed it without end; and never more than |maxBytes|, however large the
// file says it is or grows while it is read.
//
// And the one way it writes a whole file a user named (a report, an export, the demo sandbox's workspace and CA):
// atomically, and only over a regular file or nothing. A folder, a named pipe, a device or a socket at the path is
// refused before anything is written: the new file is renamed over the path, which would replace such a node
// instead of writing to it, and opening a pipe to write to it would wait for a reader.

#include <QByteArray>
#include <QFileDevice>
#include <QString>

#include <optional>

namespace cmic {

struct BoundedRead
{
    enum class Error {
        None,
        NotFound,   // nothing at the path (a dangling symbolic link included)
        Directory,  // a folder
        NotRegular, // a named pipe, a device, a socket: |kind| says which
        TooLarge,   // more than maxBytes (|size| is what was seen, at least maxBytes + 1)
        Unreadable, // the system refused or failed: |systemError|
    };
    Error error = Error::None;
    QString kind;        // NotRegular: "a named pipe (FIFO)", "a character device", ... (translated)
    QString systemError; // Unreadable: the system's own text
    qint64 size = 0;     // bytes read, or the size seen for TooLarge

    bool ok() const { return error == Error::None; }
};

// Reads the regular file at |path| (symbolic links followed) into |*out|, at most |maxBytes|.
BoundedRead readRegularFile(const QString &path, qint64 maxBytes, QByteArray *out);
// What went wrong, as the start of a sentence naming |path| ("x.pem is a named pipe (FIFO), not a file"; translated,
// no full stop): for callers that add what to do next. Empty when |read| is ok.
QString describeReadProblem(const BoundedRead &read, const QString &path, qint64 maxBytes);

struct BoundedWrite
{
    enum class Error {
        None,
        NoFolder,   // the folder the file would go in does not exist
        Directory,  // a folder is at the path
        NotRegular, // a named pipe, a device, a socket (a symbolic link to one included): |kind| says which
        Failed,     // the system refused or failed (permissions, a full disk): |systemError|
    };
    Error error = Error::None;
    QString kind;        // NotRegular: "a named pipe (FIFO)", "a character device", ... (translated)
    QString systemError; // Failed: the system's own text

    bool ok() const { return error == Error::None; }
};

// Who may read the file written. OwnerOnly (mode 0600) for a file that holds a secret: the new file gets that mode
// before its first byte is written, whatever the umask and whatever mode the file it replaces had.
enum class FileAccess { Default, OwnerOnly };

// Replaces the file at |path| (a symbolic link's target, when it is one) with |bytes|, atomically: on any failure
// the file that was there stays as it was, and nothing is half written.
// |permissions|: the mode the file gets, set on the new file before any byte is written to it (an export holding a
// secret: ReadOwner | WriteOwner, 0600), whatever the file it replaces had. Without it, a new file gets the usual
// mode (0666 less the umask) and a replaced file keeps its own.
BoundedWrite writeRegularFile(const QString &path, const QByteArray &bytes,
                              std::optional<QFileDevice::Permissions> permissions = std::nullopt);
// The same with a FileAccess: OwnerOnly is ReadOwner | WriteOwner (0600).
inline BoundedWrite writeRegularFile(const QString &path, const QByteArray &bytes, FileAccess access)
{
    return writeRegularFile(path, bytes,
                            access == FileAccess::OwnerOnly ? std::optional<QFileDevice::Permissions>(
                                QFileDevice::ReadOwner | QFileDevice::WriteOwner)
                                                            : std::nullopt);
}

// Whether |path| names something other than a regular file or a folder (a FIFO, a device, a socket); false when
// nothing is there. |kind| receives the translated name of what it is.
bool isSpecialFile(const QString &path, QString *kind = nullptr);

} // namespace cmic
