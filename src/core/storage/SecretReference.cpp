#include "SecretReference.h"

#include "core/util/Elide.h"
#include "core/util/FileNames.h"

#include <QFile>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cmic {

namespace {

bool isVariableName(const QString &name)
{
    if (name.isEmpty() || name.size() > 255 || name.at(0).isDigit())
        return false;
    return std::all_of(name.cbegin(), name.cend(), [](QChar c) {
        return (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) || (c >= QLatin1Char('a') && c <= QLatin1Char('z'))
               || (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('_');
    });
}

} // namespace

QString SecretReference::toString() const
{
    switch (kind) {
    case Kind::Environment: return QLatin1String("env:") + value;
    case Kind::File: return QLatin1String("file:") + value;
    case Kind::Keychain: return QStringLiteral("keychain");
    case Kind::Invalid: break;
    }
    return {};
}

SecretReference SecretReference::parse(const QString &text, QString *error)
{
    SecretReference r;
    const auto fail = [&](const QString &message) {
        if (error)
            *error = message;
        return SecretReference{};
    };
    if (text == QLatin1String("keychain")) {
        r.kind = Kind::Keychain;
    } else if (text.startsWith(QLatin1String("env:"))) {
        r.kind = Kind::Environment;
        r.value = text.mid(4);
        if (!isVariableName(r.value))
            return fail(tr("the secret reference \"%1\" does not name an environment variable: after \"env:\" "
                           "write a name made of letters, digits and _, e.g. env:CMIC_CLIENT_SECRET.")
                            .arg(elide(text)));
    } else if (text.startsWith(QLatin1String("file:"))) {
        r.kind = Kind::File;
        r.value = text.mid(5);
        if (r.value.isEmpty() || r.value.contains(QChar(0)))
            return fail(tr("the secret reference \"%1\" names no file: after \"file:\" write the path of a file "
                           "only its owner can read (mode 0600), e.g. file:/etc/cmic/client-secret.")
                            .arg(elide(text)));
    } else {
        return fail(tr("the secret reference \"%1\" is not one this version knows: write env:NAME, file:PATH or "
                       "keychain.")
                        .arg(elide(text)));
    }
    if (error)
        error->clear();
    return r;
}

SecretFileRead readSecretFile(const QString &path, qint64 maxBytes)
{
    SecretFileRead out;
    const QString name = pathInMessage(path);
    // O_NONBLOCK: a named pipe at the path must not block the open; it is refused below as not a regular file.
    const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) {
        const int code = errno;
        out.problem = code == ENOENT ? QCoreApplication::translate("cmic::SecretReference",
                                                                   "The secret file %1 does not exist. Write the "
                                                                   "secret there (mode 0600), or give it another way.")
                                           .arg(name)
                                     : QCoreApplication::translate("cmic::SecretReference",
                                                                   "The secret file %1 cannot be opened (%2). Check "
                                                                   "that this user may read it.")
                                           .arg(name, QString::fromLocal8Bit(::strerror(code)));
        return out;
    }
    QFile file;
    if (!file.open(fd, QIODevice::ReadOnly | QIODevice::Unbuffered, QFileDevice::AutoCloseHandle)) {
        ::close(fd);
        out.problem =
            QCoreApplication::translate("cmic::SecretReference", "The secret file %1 cannot be read.").arg(name);
        return out;
    }
    struct stat st = {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        out.problem = QCoreApplication::translate("cmic::SecretReference",
                                                  "%1 is not a regular file, so it cannot hold the secret. Give the "
                                                  "path of a file.")
                          .arg(name);
        return out;
    }
    if ((st.st_mode & 077) != 0) {
        out.problem =
            QCoreApplication::translate("cmic::SecretReference",
                                        "The secret file %1 has mode %2: others than its owner may read or change it, "
                                        "so it is not used. Run chmod 600 on it and try again.")
                .arg(name)
                .arg(QString::number(st.st_mode & 07777, 8).rightJustified(4, QLatin1Char('0')));
        return out;
    }
    bool tooLong = false;
    out.secret = SecretBuffer::readFrom(file, maxBytes, &tooLong);
    if (tooLong) {
        out.secret.clear();
        out.problem = QCoreApplication::translate("cmic::SecretReference",
                                                  "The secret file %1 holds more than %2 bytes; keep only the secret "
                                                  "in it.")
                          .arg(name)
                          .arg(maxBytes);
        return out;
    }
    out.secret.chopLineEnds();
    if (out.secret.isBlank()) {
        out.secret.clear();
        out.problem =
            QCoreApplication::translate("cmic::SecretReference", "The secret file %1 is empty. Write the secret in it.")
                .arg(name);
        return out;
    }
    out.ok = true;
    return out;
}

} // namespace cmic
