#pragma once

// The one way the console reads a file a user named (a workspace, its backup's source): regular files only, decided
// before any byte is read and checked again on the opened file, so a named pipe cannot block the caller and a
// device (/dev/zero, /dev/urandom) cannot feed it without end; and never more than |maxBytes|, however large the
// file says it is or grows while it is read.

#include <QByteArray>
#include <QString>

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

// Whether |path| names something other than a regular file or a folder (a FIFO, a device, a socket); false when
// nothing is there. |kind| receives the translated name of what it is.
bool isSpecialFile(const QString &path, QString *kind = nullptr);

} // namespace cmic
