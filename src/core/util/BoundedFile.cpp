#include "BoundedFile.h"

#include "FileNames.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cmic {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(cmic::BoundedFile)
};
} // namespace

namespace {

QString kindOf(mode_t mode)
{
    if (S_ISFIFO(mode))
        return QCoreApplication::translate("cmic::BoundedFile", "a named pipe (FIFO)");
    if (S_ISCHR(mode))
        return QCoreApplication::translate("cmic::BoundedFile", "a character device");
    if (S_ISBLK(mode))
        return QCoreApplication::translate("cmic::BoundedFile", "a block device");
    if (S_ISSOCK(mode))
        return QCoreApplication::translate("cmic::BoundedFile", "a socket");
    return QCoreApplication::translate("cmic::BoundedFile", "not a regular file");
}

BoundedRead fromStat(const struct stat &st)
{
    BoundedRead r;
    if (S_ISDIR(st.st_mode)) {
        r.error = BoundedRead::Error::Directory;
    } else if (!S_ISREG(st.st_mode)) {
        r.error = BoundedRead::Error::NotRegular;
        r.kind = kindOf(st.st_mode);
    }
    return r;
}

BoundedRead systemFailure(int error)
{
    BoundedRead r;
    r.error = error == ENOENT ? BoundedRead::Error::NotFound : BoundedRead::Error::Unreadable;
    r.systemError = QString::fromLocal8Bit(std::strerror(error));
    return r;
}

} // namespace

BoundedRead readRegularFile(const QString &path, qint64 maxBytes, QByteArray *out)
{
    out->clear();
    const QByteArray native = QFile::encodeName(path);
    struct stat st = {};
    // Decided on the path first: opening a FIFO for reading would wait for a writer.
    if (::stat(native.constData(), &st) != 0)
        return systemFailure(errno);
    if (BoundedRead r = fromStat(st); !r.ok())
        return r;
    if (st.st_size > maxBytes) {
        BoundedRead r;
        r.error = BoundedRead::Error::TooLarge;
        r.size = st.st_size;
        return r;
    }
    // Non-blocking, and checked again on the descriptor: the path may have been swapped for a FIFO meanwhile.
    const int fd = ::open(native.constData(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return systemFailure(errno);
    BoundedRead r;
    if (::fstat(fd, &st) != 0) {
        r = systemFailure(errno);
    } else {
        r = fromStat(st);
    }
    if (r.ok()) {
        QByteArray bytes;
        bytes.reserve(static_cast<qsizetype>(qMin<qint64>(st.st_size, maxBytes)) + 1);
        char chunk[64 * 1024];
        while (true) {
            // At most one byte past the cap (enough to tell the file grew); a count known only at run time also
            // makes glibc check it against the buffer (__read_chk, -D_FORTIFY_SOURCE).
            const auto want = static_cast<size_t>(qMin<qint64>(qint64(sizeof chunk), maxBytes - bytes.size() + 1));
            const ssize_t n = ::read(fd, chunk, want);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0) {
                r = systemFailure(errno);
                break;
            }
            if (n == 0)
                break;
            if (bytes.size() + n > maxBytes) { // it grew while being read
                r.error = BoundedRead::Error::TooLarge;
                r.size = bytes.size() + n;
                break;
            }
            bytes.append(chunk, n);
        }
        if (r.ok()) {
            r.size = bytes.size();
            *out = std::move(bytes);
        }
    }
    ::close(fd);
    return r;
}

QString describeReadProblem(const BoundedRead &read, const QString &path, qint64 maxBytes)
{
    const QString name = pathInMessage(path);
    switch (read.error) {
    case BoundedRead::Error::None: return {};
    case BoundedRead::Error::NotFound: return Tr::tr("%1 does not exist").arg(name);
    case BoundedRead::Error::Directory: return Tr::tr("%1 is a folder, not a file").arg(name);
    case BoundedRead::Error::NotRegular: return Tr::tr("%1 is %2, not a file, so it was not read").arg(name, read.kind);
    case BoundedRead::Error::TooLarge: return Tr::tr("%1 is larger than %2 bytes").arg(name).arg(maxBytes);
    case BoundedRead::Error::Unreadable: return Tr::tr("%1 could not be read: %2").arg(name, read.systemError);
    }
    return {};
}

BoundedWrite writeRegularFile(const QString &path, const QByteArray &bytes,
                              std::optional<QFileDevice::Permissions> permissions)
{
    BoundedWrite w;
    const QFileInfo info(path);
    if (!info.absoluteDir().exists()) {
        w.error = BoundedWrite::Error::NoFolder;
        return w;
    }
    struct stat st = {};
    // stat() follows a link: a link to a device is refused like the device.
    if (::stat(QFile::encodeName(path).constData(), &st) == 0) {
        if (const BoundedRead r = fromStat(st); r.error == BoundedRead::Error::Directory) {
            w.error = BoundedWrite::Error::Directory;
            return w;
        } else if (r.error == BoundedRead::Error::NotRegular) {
            w.error = BoundedWrite::Error::NotRegular;
            w.kind = r.kind;
            return w;
        }
    }
    QSaveFile out(path);
    // The mode goes on the temporary file before the bytes do, so they are never readable by others, not even for a
    // moment; the rename keeps it.
    if (!out.open(QIODevice::WriteOnly) || (permissions && !out.setPermissions(*permissions))
        || out.write(bytes) != bytes.size() || !out.commit()) {
        w.error = BoundedWrite::Error::Failed;
        w.systemError = out.errorString();
    }
    return w;
}

bool isSpecialFile(const QString &path, QString *kind)
{
    struct stat st = {};
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return false;
    const BoundedRead r = fromStat(st);
    if (r.error != BoundedRead::Error::NotRegular)
        return false;
    if (kind)
        *kind = r.kind;
    return true;
}

} // namespace cmic
