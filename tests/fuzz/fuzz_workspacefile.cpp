// Fuzzes the file-opening path of a workspace as `cmic-oauth lint` and the console take it: the input is written to
// a real file and opened through WorkspaceFile::open (BoundedFile's bounded reader), then checked with the setup
// rules and printed the way lint --format json prints (issue 9: "extend the fuzz targets to the file-opening path").
//
// The first byte chooses what the path is: mostly a regular file holding the rest of the input, sometimes a named
// pipe with no writer, a link to it, a folder, a dangling link or a link to the file. Whatever it is, open() must
// answer at once (libFuzzer's -timeout turns a block into a finding), refuse anything but a regular file with a
// message, read a regular file exactly as parse() reads the same bytes, and leave every node as it was (saving and
// writing over a pipe, a folder or a link to a pipe are refused too). The JSON lint would print must be free of
// terminal controls and parse back to the same value; a refusal's message keeps what the file says inside its lines.
#include "core/rules/SetupRules.h"
#include "core/storage/DemoFiles.h"
#include "core/storage/WorkspaceFile.h"
#include "core/util/BoundedFile.h"
#include "core/util/Clock.h"
#include "core/util/TerminalText.h"

#include <QByteArray>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace {

enum class Kind { RegularFile, Fifo, LinkToFifo, Folder, DanglingLink, LinkToFile };

// One folder for the whole run, made once: the pipe, the links and the folder stay; the file is rewritten.
struct Scene
{
    QString dir;
    QString file;
    QString fifo;
    QString linkToFifo;
    QString folder;
    QString dangling;
    QString linkToFile;
};

const Scene &scene()
{
    static const Scene s = [] {
        char pattern[] = "/tmp/fuzz_workspacefile-XXXXXX";
        if (!::mkdtemp(pattern))
            std::abort();
        Scene made;
        made.dir = QFile::decodeName(pattern);
        static char sceneDir[sizeof pattern];
        std::memcpy(sceneDir, pattern, sizeof pattern);
        // libFuzzer ends with exit(): the folder goes with it.
        std::atexit([] { QDir(QFile::decodeName(sceneDir)).removeRecursively(); });
        const QDir dir(made.dir);
        made.file = dir.filePath(QStringLiteral("input.cmic-oauth.json"));
        made.fifo = dir.filePath(QStringLiteral("pipe.cmic-oauth.json"));
        made.linkToFifo = dir.filePath(QStringLiteral("pipe-link.cmic-oauth.json"));
        made.folder = dir.filePath(QStringLiteral("folder.cmic-oauth.json"));
        made.dangling = dir.filePath(QStringLiteral("dangling.cmic-oauth.json"));
        made.linkToFile = dir.filePath(QStringLiteral("file-link.cmic-oauth.json"));
        if (::mkfifo(QFile::encodeName(made.fifo).constData(), 0600) != 0 || !QFile::link(made.fifo, made.linkToFifo)
            || !dir.mkdir(QStringLiteral("folder.cmic-oauth.json"))
            || !QFile::link(dir.filePath(QStringLiteral("nothing-here")), made.dangling)
            || !QFile::link(made.file, made.linkToFile))
            std::abort();
        return made;
    }();
    return s;
}

mode_t nodeType(const QString &path)
{
    struct stat st = {};
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 ? (st.st_mode & S_IFMT) : 0;
}

bool actsOnTerminal(char16_t c)
{
    return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

// A refusal's message: no control character from the file, and no line of its own for anything the file says
// (the loader's list of unreadable members is its only multi-line form: "  - " items, then what to do).
void requireMessageShape(const QString &message)
{
    if (message.isEmpty())
        std::abort(); // every refusal says why
    const QStringList lines = message.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        for (const QChar c : lines.at(i)) {
            if (c.unicode() < 0x20)
                std::abort();
        }
        if (i > 0 && !lines.at(i).startsWith(QLatin1String("  - "))
            && !lines.at(i).startsWith(QLatin1String("Correct them")))
            std::abort();
    }
}

// What `cmic-oauth lint --format json` prints for |workspace|: JSON that holds no terminal control and keeps its
// value (the text format's oneLine() escapes everything terminalSafeJson does, and line feeds).
void printLikeLint(const cmic::Workspace &workspace)
{
    static const cmic::FixedClock clock(QDateTime(QDate(2026, 6, 1), QTime(12, 0), Qt::UTC));
    const cmic::Findings findings = cmic::SetupRules(clock).check(workspace);
    QJsonArray list;
    for (const cmic::Finding &f : findings) {
        list.append(f.toJson());
    }
    const QJsonObject doc{{QStringLiteral("findings"), list}};
    const QString json = cmic::terminalSafeJson(QString::fromUtf8(QJsonDocument(doc).toJson(QJsonDocument::Indented)));
    for (const QChar c : json) {
        if (c != u'\n' && actsOnTerminal(c.unicode()))
            std::abort();
    }
    QJsonParseError error;
    const QJsonDocument back = QJsonDocument::fromJson(json.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || back.object() != doc)
        std::abort(); // the escaped JSON must hold the same value
}

// A path that is not a regular file: open() refuses it with a message and leaves it as it was; so do save() and the
// one writing routine, and the sandbox's check says why. |node|: something is at the path itself (a dangling
// link's target is nothing, and writing through the link would create it).
void requireRefused(const QString &path, const cmic::Workspace &candidate, bool node)
{
    const mode_t before = nodeType(path);
    cmic::Workspace out;
    out.id = QStringLiteral("untouched");
    const cmic::WorkspaceFile::Result opened = cmic::WorkspaceFile().open(path, &out);
    if (opened.ok() || out.id != QLatin1String("untouched"))
        std::abort();
    requireMessageShape(opened.message);
    if (!node)
        return;
    if (cmic::WorkspaceFile().save(path, candidate, true).ok() || cmic::writeRegularFile(path, "x").ok())
        std::abort();
    if (cmic::demoWorkspaceTargetProblem(path).isEmpty())
        std::abort();
    if (nodeType(path) != before)
        std::abort();
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    QLoggingCategory::setFilterRules(QStringLiteral("cmic.*=false"));
    scene();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const Scene &s = scene();
    static const Kind kKinds[] = {Kind::RegularFile, Kind::RegularFile,  Kind::RegularFile,
                                  Kind::RegularFile, Kind::Fifo,         Kind::LinkToFifo,
                                  Kind::Folder,      Kind::DanglingLink, Kind::LinkToFile};
    const Kind kind = kKinds[data[0] % (sizeof kKinds / sizeof kKinds[0])];
    const QByteArray bytes(reinterpret_cast<const char *>(data + 1), static_cast<qsizetype>(size - 1));

    // The file is written through the console's own writing routine (also what the link points at).
    if (!cmic::writeRegularFile(s.file, bytes).ok())
        std::abort();
    cmic::Workspace parsed;
    const cmic::WorkspaceFile::Result fromBytes = cmic::WorkspaceFile::parse(bytes, &parsed, s.file);

    switch (kind) {
    case Kind::Fifo: requireRefused(s.fifo, parsed, true); return 0;
    case Kind::LinkToFifo: requireRefused(s.linkToFifo, parsed, true); return 0;
    case Kind::Folder: requireRefused(s.folder, parsed, true); return 0;
    case Kind::DanglingLink: requireRefused(s.dangling, parsed, false); return 0;
    case Kind::RegularFile:
    case Kind::LinkToFile: break;
    }

    const QString path = kind == Kind::LinkToFile ? s.linkToFile : s.file;
    cmic::Workspace opened;
    cmic::WorkspaceFile file;
    const cmic::WorkspaceFile::Result result = file.open(path, &opened);
    // A regular file is read exactly as its bytes parse: the same verdict, the same workspace.
    if (result.ok() != fromBytes.ok() || result.error != fromBytes.error)
        std::abort();
    if (!result.ok()) {
        requireMessageShape(result.message);
        return 0;
    }
    // (A file without ids gets new random ones on each read.)
    if ((!result.upgraded && !(opened == parsed)) || file.changedOnDisk())
        std::abort();
    printLikeLint(opened);
    return 0;
}
