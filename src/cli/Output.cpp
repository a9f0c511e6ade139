#include "Output.h"

#include <QCoreApplication>
#include <QDir>

#include <cstdio>
#include <unistd.h>

namespace cmic::cli {

namespace {

struct Msg
{
    Q_DECLARE_TR_FUNCTIONS(cmic::cli::Output)
};

} // namespace

QString describeWriteProblem(const BoundedWrite &written, const QString &path)
{
    const QString file = oneLine(QDir::toNativeSeparators(path));
    switch (written.error) {
    case BoundedWrite::Error::None: return {};
    case BoundedWrite::Error::NoFolder: return Msg::tr("cannot write %1: its folder does not exist.").arg(file);
    case BoundedWrite::Error::Directory: return Msg::tr("cannot write %1: it is a folder.").arg(file);
    case BoundedWrite::Error::NotRegular:
        return Msg::tr("cannot write %1: it is %2, not a file; it was left as it was.").arg(file, written.kind);
    case BoundedWrite::Error::Failed: return Msg::tr("cannot write %1: %2.").arg(file, oneLine(written.systemError));
    }
    return {};
}

QString writeOutput(const QString &path, const QByteArray &bytes, OutputKind kind, FileAccess access, Io &io)
{
    if (path != QLatin1String("-"))
        return describeWriteProblem(writeRegularFile(path, bytes, access), path);
    switch (kind) {
    case OutputKind::Json: io.out.json(QString::fromUtf8(bytes)); break;
    case OutputKind::Text: io.out << QString::fromUtf8(bytes); break;
    case OutputKind::Exact:
        if (::isatty(STDOUT_FILENO) == 1) {
            io.out << QString::fromUtf8(bytes);
        } else {
            io.out.flush();
            std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
            std::fflush(stdout);
        }
        break;
    }
    io.out.flush();
    return {};
}

} // namespace cmic::cli
