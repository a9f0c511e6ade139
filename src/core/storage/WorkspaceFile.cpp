#include "WorkspaceFile.h"

#include "StorageLog.h"
#include "core/util/Memory.h"

#include "core/jose/StrictJson.h"
#include "core/util/BoundedFile.h"
#include "core/util/Elide.h"
#include "core/util/FileNames.h"
#include "core/util/TerminalText.h"
#include <QCoreApplication>
#include <QDir>

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QLocale>
#include <QSaveFile>
#include <QSet>

#include <openssl/sha.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <future>

namespace cmic {

namespace {

// Files above this size leave enough parser garbage behind to be worth returning to the system after opening.
constexpr qsizetype kReleaseMemoryAbove = 1024 * 1024;
// Files from this size are parsed by Qt on another thread while they are checked against the strict rules (below it
// a thread costs more than it saves; the fuzzer parses small inputs by the million).
constexpr qsizetype kParallelCheckAbove = 256 * 1024;

// The order members are written in (docs/workspace-format.md lists them the same way). Members not listed here --
// unknown ones, or ones a model type gained without this list being updated -- follow, sorted by name.
const QStringList &topLevelOrder()
{
    static const QStringList order{QStringLiteral("format"),       QStringLiteral("version"),
                                   QStringLiteral("id"),           QStringLiteral("settings"),
                                   QStringLiteral("environments"), QStringLiteral("serviceUsers"),
                                   QStringLiteral("registrations")};
    return order;
}

const QStringList &settingsOrder()
{
    static const QStringList order{QStringLiteral("clockSkewSeconds"), QStringLiteral("caBundlePath"),
                                   QStringLiteral("proxyMode"), QStringLiteral("proxyUrl")};
    return order;
}

const QStringList &environmentOrder()
{
    static const QStringList order{QStringLiteral("id"),
                                   QStringLiteral("name"),
                                   QStringLiteral("deployment"),
                                   QStringLiteral("cloudTenant"),
                                   QStringLiteral("apiBaseUrl"),
                                   QStringLiteral("userSource"),
                                   QStringLiteral("userClaim"),
                                   QStringLiteral("removeDomainFromUser"),
                                   QStringLiteral("ipCheck"),
                                   QStringLiteral("patchLevel"),
                                   QStringLiteral("probeEndpoints")};
    return order;
}

const QStringList &serviceUserOrder()
{
    static const QStringList order{
        QStringLiteral("id"),          QStringLiteral("username"),           QStringLiteral("emailUsername"),
        QStringLiteral("displayName"), QStringLiteral("dedicatedConfirmed"), QStringLiteral("notes")};
    return order;
}

const QStringList &registrationOrder()
{
    static const QStringList order{QStringLiteral("id"),
                                   QStringLiteral("name"),
                                   QStringLiteral("environmentId"),
                                   QStringLiteral("idpPreset"),
                                   QStringLiteral("presetParameters"),
                                   QStringLiteral("appId"),
                                   QStringLiteral("issuer"),
                                   QStringLiteral("jwksUri"),
                                   QStringLiteral("tokenEndpoint"),
                                   QStringLiteral("discoveryUrl"),
                                   QStringLiteral("scope"),
                                   QStringLiteral("audience"),
                                   QStringLiteral("resource"),
                                   QStringLiteral("authMethod"),
                                   QStringLiteral("serviceUserId"),
                                   QStringLiteral("secretExpiry"),
                                   QStringLiteral("assertionAlgorithm"),
                                   QStringLiteral("assertionKeyId"),
                                   QStringLiteral("assertionCertificate"),
                                   QStringLiteral("assertionThumbprint"),
                                   QStringLiteral("notes")};
    return order;
}

// --- writing -------------------------------------------------------------------------------------------------

// A small JSON writer: QJsonDocument always sorts members, which scatters related fields in diffs.
class OrderedWriter
{
public:
    QByteArray take() { return std::move(m_out); }

    void indent(int level) { m_out.append(level * 2, ' '); }

    void string(const QString &text)
    {
        const QByteArray utf8 = text.toUtf8();
        m_out.append('"');
        const bool plain = std::none_of(utf8.cbegin(), utf8.cend(), [](char c) {
            return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
        });
        if (plain) { // the common case: nothing to escape
            m_out.append(utf8);
            m_out.append('"');
            return;
        }
        for (const char c : utf8) {
            switch (c) {
            case '"': m_out.append("\\\""); break;
            case '\\': m_out.append("\\\\"); break;
            case '\b': m_out.append("\\b"); break;
            case '\f': m_out.append("\\f"); break;
            case '\n': m_out.append("\\n"); break;
            case '\r': m_out.append("\\r"); break;
            case '\t': m_out.append("\\t"); break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    m_out.append("\\u00");
                    m_out.append(QByteArray::number(static_cast<unsigned char>(c), 16).rightJustified(2, '0'));
                } else {
                    m_out.append(c);
                }
            }
        }
        m_out.append('"');
    }

    void number(double d)
    {
        if (!std::isfinite(d)) {
            m_out.append("null");
        } else if (d == std::floor(d) && std::fabs(d) < 9007199254740992.0) { // 2^53: exact as an integer
            m_out.append(QByteArray::number(static_cast<qint64>(d)));
        } else {
            m_out.append(QByteArray::number(d, 'g', QLocale::FloatingPointShortest));
        }
    }

    void value(const QJsonValue &v, int level)
    {
        switch (v.type()) {
        case QJsonValue::Null:
        case QJsonValue::Undefined: m_out.append("null"); break;
        case QJsonValue::Bool: m_out.append(v.toBool() ? "true" : "false"); break;
        case QJsonValue::Double: number(v.toDouble()); break;
        case QJsonValue::String: string(v.toString()); break;
        case QJsonValue::Array: array(v.toArray(), level); break;
        case QJsonValue::Object: object(v.toObject(), {}, level); break;
        }
    }

    void array(const QJsonArray &a, int level, const QStringList &elementOrder = {})
    {
        if (a.isEmpty()) {
            m_out.append("[]");
            return;
        }
        m_out.append("[\n");
        for (qsizetype i = 0; i < a.size(); ++i) {
            indent(level + 1);
            const QJsonValue item = a.at(i);
            if (item.isObject())
                object(item.toObject(), elementOrder, level + 1);
            else
                value(item, level + 1);
            m_out.append(i + 1 < a.size() ? ",\n" : "\n");
        }
        indent(level);
        m_out.append(']');
    }

    // Members named in |order| first (in that order), then the rest sorted (QJsonObject iterates sorted).
    // |nested| can write a member's value itself (returns false to fall back to value()).
    using NestedWriter = std::function<bool(OrderedWriter &, const QString &key, const QJsonValue &, int level)>;
    void object(const QJsonObject &o, const QStringList &order, int level, const NestedWriter &nested = {})
    {
        if (o.isEmpty()) {
            m_out.append("{}");
            return;
        }
        QStringList keys;
        keys.reserve(o.size());
        for (const QString &k : order) {
            if (o.contains(k))
                keys << k;
        }
        for (auto it = o.begin(); it != o.end(); ++it) {
            if (!order.contains(it.key()))
                keys << it.key();
        }
        m_out.append("{\n");
        for (qsizetype i = 0; i < keys.size(); ++i) {
            const QString &k = keys.at(i);
            indent(level + 1);
            string(k);
            m_out.append(": ");
            const QJsonValue v = o.value(k);
            if (!nested || !nested(*this, k, v, level + 1))
                value(v, level + 1);
            m_out.append(i + 1 < keys.size() ? ",\n" : "\n");
        }
        indent(level);
        m_out.append('}');
    }

private:
    QByteArray m_out;
};

template <typename T>
QJsonArray toJsonArray(const QList<T> &items)
{
    QJsonArray out;
    for (const T &item : items)
        out.append(item.toJson());
    return out;
}

// --- reading -------------------------------------------------------------------------------------------------

QString displayPath(const QString &source)
{
    return source.isEmpty() ? WorkspaceFile::tr("The workspace data") : pathInMessage(source);
}

// OpenSSL's SHA-256 (hardware-accelerated where the CPU has it) is several times faster than Qt 6.4's own, which
// mattered for large workspaces: the fingerprint is taken on every open and save.
QByteArray sha256(const QByteArray &bytes)
{
    QByteArray digest(SHA256_DIGEST_LENGTH, Qt::Uninitialized);
    SHA256(reinterpret_cast<const unsigned char *>(bytes.constData()), static_cast<size_t>(bytes.size()),
           reinterpret_cast<unsigned char *>(digest.data()));
    return digest;
}

WorkspaceFile::Result failure(WorkspaceFile::Error error, const QString &message)
{
    WorkspaceFile::Result r;
    r.error = error;
    r.message = message;
    return r;
}

// "Restore ... .bak" only makes sense for a real file.
QString restoreHint(const QString &source)
{
    if (source.isEmpty())
        return WorkspaceFile::tr("Fix it in a text editor or restore a copy from version control, then open it again.");
    return WorkspaceFile::tr(
               "Fix it in a text editor, or restore %1 (the copy kept at the last save) or a copy from version "
               "control, then open it again. The file was not changed.")
        .arg(pathInMessage(WorkspaceFile::backupPath(source)));
}

void lineAndColumn(const QByteArray &bytes, qsizetype offset, int *line, int *column)
{
    offset = qBound<qsizetype>(0, offset, bytes.size());
    const QByteArrayView before(bytes.constData(), offset);
    *line = static_cast<int>(before.count('\n')) + 1;
    const qsizetype lastNewline = before.lastIndexOf('\n');
    *column = static_cast<int>(offset - lastNewline); // 1-based: lastNewline is -1 on the first line
}

class ErrorList
{
public:
    void add(const QString &prefix, const QString &lines)
    {
        for (const QString &line : lines.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
            m_lines << (prefix.isEmpty() ? line : prefix + QLatin1String(": ") + line);
    }
    bool isEmpty() const { return m_lines.isEmpty(); }
    QString text() const
    {
        constexpr int kShown = 20;
        QStringList shown = m_lines.mid(0, kShown);
        for (QString &line : shown)
            line.prepend(QLatin1String("  - "));
        if (m_lines.size() > kShown)
            shown << WorkspaceFile::tr("  - ... and %n more.", nullptr, static_cast<int>(m_lines.size() - kShown));
        return shown.join(QLatin1Char('\n'));
    }

private:
    QStringList m_lines;
};

QString itemLabel(const char *listName, qsizetype index, const QJsonObject &object)
{
    const QString name =
        object.value(QLatin1String("name")).toString(object.value(QLatin1String("username")).toString());
    if (name.isEmpty())
        return QStringLiteral("%1[%2]").arg(QLatin1String(listName)).arg(index);
    // Quoted inside a line of the message: a line feed or an escape sequence in the name stays a visible escape.
    return QStringLiteral("%1[%2] \"%3\"")
        .arg(QLatin1String(listName))
        .arg(index)
        .arg(terminalSafe(elide(name), LineFeeds::Escape));
}

// Reads one of the three lists; fills ids that are missing, reports wrong types and duplicate ids.
template <typename T>
QList<T> readList(const QJsonObject &root, const char *listName, ErrorList *errors, bool *assignedIds)
{
    QList<T> out;
    const QJsonValue v = root.value(QLatin1String(listName));
    if (v.isUndefined() || v.isNull())
        return out;
    if (!v.isArray()) {
        errors->add(QString(),
                    WorkspaceFile::tr("member \"%1\" must be an array of objects.").arg(QLatin1String(listName)));
        return out;
    }
    const QJsonArray array = v.toArray();
    out.reserve(array.size());
    QHash<QString, qsizetype> firstIndexOfId;
    firstIndexOfId.reserve(array.size());
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonValue item = array.at(i);
        if (!item.isObject()) {
            errors->add(QStringLiteral("%1[%2]").arg(QLatin1String(listName)).arg(i),
                        WorkspaceFile::tr("must be an object."));
            continue;
        }
        const QJsonObject object = item.toObject();
        QString itemError;
        T value = T::fromJson(object, &itemError);
        if (!itemError.isEmpty())
            errors->add(itemLabel(listName, i, object), itemError);
        if (value.id.isEmpty()) {
            value.id = Workspace::newId();
            *assignedIds = true;
        } else {
            // One hash lookup: the slot is new (and takes this index) unless an earlier item has the id.
            const qsizetype idsBefore = firstIndexOfId.size();
            qsizetype &first = firstIndexOfId[value.id];
            if (firstIndexOfId.size() > idsBefore) {
                first = i;
            } else {
                errors->add(itemLabel(listName, i, object),
                            WorkspaceFile::tr(
                                "has the same id \"%1\" as %2[%3]; each id must be unique. Give one of them a new id "
                                "(or delete the \"id\" member and one is made on open).")
                                .arg(terminalSafe(elide(value.id), LineFeeds::Escape), QLatin1String(listName))
                                .arg(first));
            }
        }
        out.append(std::move(value));
    }
    return out;
}

// The error as one word, for the debug log.
const char *errorWord(WorkspaceFile::Error error)
{
    switch (error) {
    case WorkspaceFile::Error::None: return "none";
    case WorkspaceFile::Error::NotFound: return "not-found";
    case WorkspaceFile::Error::Unreadable: return "unreadable";
    case WorkspaceFile::Error::NotJson: return "not-json";
    case WorkspaceFile::Error::WrongFormat: return "wrong-format";
    case WorkspaceFile::Error::NewerVersion: return "newer-version";
    case WorkspaceFile::Error::InvalidMembers: return "invalid-members";
    case WorkspaceFile::Error::ChangedOnDisk: return "changed-on-disk";
    case WorkspaceFile::Error::WriteFailed: return "write-failed";
    }
    return "unknown";
}

QString sameFileKey(const QString &path)
{
    const QFileInfo info(path);
    const QString canonical = info.canonicalFilePath();
    return canonical.isEmpty() ? info.absoluteFilePath() : canonical;
}

} // namespace

Q_LOGGING_CATEGORY(lcStorage, "cmic.storage")

QString WorkspaceFile::backupPath(const QString &path) { return path + QLatin1String(".bak"); }

void WorkspaceFile::clear()
{
    m_path.clear();
    m_fingerprint.clear();
}

QByteArray WorkspaceFile::serialize(const Workspace &workspace)
{
    QJsonObject root = workspace.unknownMembers;
    root.insert(QStringLiteral("format"), kFormat);
    root.insert(QStringLiteral("version"), kCurrentVersion);
    root.insert(QStringLiteral("id"), workspace.id);
    root.insert(QStringLiteral("settings"), workspace.settings.toJson());
    root.insert(QStringLiteral("environments"), toJsonArray(workspace.environments));
    root.insert(QStringLiteral("serviceUsers"), toJsonArray(workspace.serviceUsers));
    root.insert(QStringLiteral("registrations"), toJsonArray(workspace.registrations));

    OrderedWriter w;
    w.object(root, topLevelOrder(), 0, [](OrderedWriter &writer, const QString &key, const QJsonValue &v, int level) {
        if (key == QLatin1String("settings") && v.isObject())
            writer.object(v.toObject(), settingsOrder(), level);
        else if (key == QLatin1String("environments") && v.isArray())
            writer.array(v.toArray(), level, environmentOrder());
        else if (key == QLatin1String("serviceUsers") && v.isArray())
            writer.array(v.toArray(), level, serviceUserOrder());
        else if (key == QLatin1String("registrations") && v.isArray())
            writer.array(v.toArray(), level, registrationOrder());
        else
            return false;
        return true;
    });
    QByteArray out = w.take();
    out.append('\n');
    return out;
}

WorkspaceFile::Result WorkspaceFile::parse(const QByteArray &bytes, Workspace *out, const QString &source)
{
    return parse(bytes, out, source, nullptr);
}

WorkspaceFile::Result WorkspaceFile::parse(const QByteArray &rawBytes, Workspace *out, const QString &source,
                                           QByteArray *fingerprint)
{
    const QString name = displayPath(source);
    QByteArray bytes = rawBytes;
    if (bytes.startsWith("\xEF\xBB\xBF")) // a UTF-8 byte order mark some editors add
        bytes.remove(0, 3);

    // Only whitespace (QByteArray::trimmed()'s): found without copying the file, which trimmed() would.
    const bool blank = std::all_of(bytes.cbegin(), bytes.cend(), [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
    });
    if (blank) {
        return failure(Error::NotJson,
                       WorkspaceFile::tr("%1 is empty, so it holds no workspace. It may have been cut short while "
                                         "being written. %2")
                           .arg(name, restoreHint(source)));
    }

    // The strict rules first: QJsonDocument keeps the last of two members with one name (a second "registrations"
    // would silently drop the first on the next save) and accepts raw NUL and lone surrogates in strings.
    // The two read the same bytes independently: for a large file Qt parses on a thread of its own while this one
    // checks, so the file's size costs one pass of wall time, not two. The parse tree's many small blocks are then
    // also allocated apart from the workspace's strings (glibc gives each thread its own arena): once the tree is
    // freed its memory can go back to the system instead of staying in holes between the strings.
    QJsonParseError parseError;
    const auto parseJson = [&bytes, &parseError] { return QJsonDocument::fromJson(bytes, &parseError); };
    std::future<QJsonDocument> parsing;
    if (bytes.size() >= kParallelCheckAbove)
        parsing = std::async(std::launch::async, parseJson);
    jose::StrictJsonProblem strict;
    const bool isStrict = jose::isStrictJson(bytes, &strict);
    if (fingerprint)
        *fingerprint = sha256(rawBytes); // of the file as read; usually done before Qt's parse is
    const QJsonDocument doc = parsing.valid() ? parsing.get() : parseJson();
    if (!isStrict) {
        const QJsonParseError &syntax = parseError;
        if (strict.earlierOffset >= 0 || syntax.error == QJsonParseError::NoError) {
            Result r;
            r.error = Error::NotJson;
            lineAndColumn(bytes, strict.offset, &r.line, &r.column);
            if (strict.earlierOffset >= 0) {
                int firstLine = 0;
                int firstColumn = 0;
                lineAndColumn(bytes, strict.earlierOffset, &firstLine, &firstColumn);
                r.message = WorkspaceFile::tr("%1 could not be read: %2, at line %3, column %4 and at line %5, "
                                              "column %6. A workspace gives each member once: keep the one you "
                                              "mean and remove the other. %7")
                                .arg(name, strict.what)
                                .arg(firstLine)
                                .arg(firstColumn)
                                .arg(r.line)
                                .arg(r.column)
                                .arg(restoreHint(source));
            } else {
                r.message = WorkspaceFile::tr("%1 could not be read: %2 (line %3, column %4). Workspace files are "
                                              "UTF-8 text without control characters in their strings. %5")
                                .arg(name, strict.what)
                                .arg(r.line)
                                .arg(r.column)
                                .arg(restoreHint(source));
            }
            return r;
        }
        // Otherwise a plain syntax error: Qt's own description below names it the way editors do.
    }

    if (parseError.error != QJsonParseError::NoError) {
        Result r;
        r.error = Error::NotJson;
        lineAndColumn(bytes, parseError.offset, &r.line, &r.column);
        const bool truncated = parseError.offset >= bytes.trimmed().size()
                               || parseError.error == QJsonParseError::UnterminatedObject
                               || parseError.error == QJsonParseError::UnterminatedArray
                               || parseError.error == QJsonParseError::UnterminatedString;
        const QString what = truncated ? WorkspaceFile::tr("it ends too early and looks cut short")
                                       : WorkspaceFile::tr("it is damaged or is not a JSON file");
        r.message = WorkspaceFile::tr("%1 could not be read: %2 (%3 at line %4, column %5). %6")
                        .arg(name, what, parseError.errorString())
                        .arg(r.line)
                        .arg(r.column)
                        .arg(restoreHint(source));
        return r;
    }

    const QString notWorkspace =
        WorkspaceFile::tr("Check that you chose the right file: a CMiC OAuth Console workspace starts with "
                          "\"format\": \"cmic-oauth-workspace\" and its name usually ends with .cmic-oauth.json.");
    if (!doc.isObject()) {
        return failure(
            Error::WrongFormat,
            WorkspaceFile::tr("%1 is JSON but not a CMiC OAuth Console workspace (its top level is not an object). %2")
                .arg(name, notWorkspace));
    }
    const QJsonObject root = doc.object();
    const QJsonValue format = root.value(QLatin1String("format"));
    if (format.toString() != kFormat) {
        const QString found =
            format.isUndefined()
                ? WorkspaceFile::tr("it has no \"format\" member")
                : WorkspaceFile::tr("its \"format\" is %1")
                      .arg(elide(QString::fromUtf8(
                          QJsonDocument(QJsonArray{format}).toJson(QJsonDocument::Compact).chopped(1).mid(1))));
        return failure(Error::WrongFormat,
                       WorkspaceFile::tr("%1 is JSON but not a CMiC OAuth Console workspace (%2). %3")
                           .arg(name, found, notWorkspace));
    }

    const QJsonValue versionValue = root.value(QLatin1String("version"));
    const double version = versionValue.toDouble(-1);
    if (!versionValue.isDouble() || version != std::floor(version) || version < 1) {
        return failure(
            Error::InvalidMembers,
            WorkspaceFile::tr("%1 has no valid \"version\" member (it must be a whole number, 1 or higher). Add "
                              "\"version\": %2 in a text editor if the file was written by hand, then open it again. "
                              "The file was not changed.")
                .arg(name)
                .arg(kCurrentVersion));
    }
    if (version > kCurrentVersion) {
        return failure(
            Error::NewerVersion,
            WorkspaceFile::tr("%1 was written by a newer CMiC OAuth Console (workspace format version %2; this console "
                              "reads versions up to %3). Open it with the newer console, or update this one. The file "
                              "was not changed.")
                .arg(name, QString::number(version, 'g', QLocale::FloatingPointShortest))
                .arg(kCurrentVersion));
    }
    // Version 1 is the only version so far; a future version migrates older layouts here.

    ErrorList errors;
    Workspace ws;
    bool upgraded = false;

    const QJsonValue id = root.value(QLatin1String("id"));
    if (id.isString()) {
        ws.id = id.toString();
    } else if (!id.isUndefined() && !id.isNull()) {
        errors.add(QString(), WorkspaceFile::tr("member \"id\" must be a string."));
    }
    if (ws.id.isEmpty()) {
        ws.id = Workspace::newId();
        upgraded = true;
    }

    const QJsonValue settings = root.value(QLatin1String("settings"));
    if (settings.isObject()) {
        QString settingsError;
        ws.settings = WorkspaceSettings::fromJson(settings.toObject(), &settingsError);
        errors.add(QString(), settingsError);
    } else if (!settings.isUndefined() && !settings.isNull()) {
        errors.add(QString(), WorkspaceFile::tr("member \"settings\" must be an object."));
    }

    ws.environments = readList<Environment>(root, "environments", &errors, &upgraded);
    ws.serviceUsers = readList<ServiceUser>(root, "serviceUsers", &errors, &upgraded);
    ws.registrations = readList<AppRegistration>(root, "registrations", &errors, &upgraded);

    if (!errors.isEmpty()) {
        return failure(
            Error::InvalidMembers,
            WorkspaceFile::tr("%1 is a workspace, but some of its members cannot be read:\n%2\nCorrect them in a text "
                              "editor, or restore an earlier copy, then open it again. The file was not changed.")
                .arg(name, errors.text()));
    }

    ws.unknownMembers = root;
    for (const QString &known : topLevelOrder())
        ws.unknownMembers.remove(known);

    if (out)
        *out = std::move(ws);
    Result r;
    r.upgraded = upgraded;
    return r;
}

WorkspaceFile::Result WorkspaceFile::open(const QString &path, Workspace *out)
{
    const QString name = pathInMessage(path);
    // For developers (--verbose); the user reads the message where the caller shows it.
    const auto failed = [&path](const Result &r) {
        qCDebug(lcStorage) << "could not open" << path << errorWord(r.error);
        return r;
    };
    QByteArray bytes;
    const BoundedRead read = readRegularFile(path, kMaxFileSize, &bytes);
    switch (read.error) {
    case BoundedRead::Error::None: break;
    case BoundedRead::Error::NotFound:
        return failed(
            failure(Error::NotFound,
                    WorkspaceFile::tr("%1 does not exist. It may have been moved, renamed or deleted. Use Open "
                                      "to look for it.")
                        .arg(name)));
    case BoundedRead::Error::Directory:
        return failed(
            failure(Error::Unreadable,
                    WorkspaceFile::tr("%1 is a folder, not a workspace file. Choose a .cmic-oauth.json file inside it.")
                        .arg(name)));
    case BoundedRead::Error::NotRegular:
        return failed(
            failure(Error::Unreadable, WorkspaceFile::tr("%1 is %2, not a workspace file, so it was not read. Choose a "
                                                         ".cmic-oauth.json file.")
                                           .arg(name, read.kind)));
    case BoundedRead::Error::TooLarge:
        return failed(failure(Error::Unreadable,
                              WorkspaceFile::tr("%1 is %2 MiB, far larger than any workspace; it is probably not one. "
                                                "Check that you chose the right file.")
                                  .arg(name)
                                  .arg(read.size / (1024 * 1024))));
    case BoundedRead::Error::Unreadable:
        return failed(failure(Error::Unreadable,
                              WorkspaceFile::tr("%1 could not be read: %2. Check that you may read it (permissions, "
                                                "a disconnected drive), then try again.")
                                  .arg(name, read.systemError)));
    }
    QByteArray fingerprint;
    Result r = parse(bytes, out, path, &fingerprint);
    if (r.ok()) {
        m_path = path;
        m_fingerprint = fingerprint.isEmpty() ? sha256(bytes) : fingerprint;
        qCDebug(lcStorage) << "opened" << path << bytes.size() << "bytes";
    } else {
        static_cast<void>(failed(r));
    }
    if (bytes.size() > kReleaseMemoryAbove) {
        bytes = QByteArray();
        releaseFreedMemory();
    }
    return r;
}

WorkspaceFile::Result WorkspaceFile::save(const QString &path, const Workspace &workspace, bool force)
{
    const QString name = pathInMessage(path);
    const QFileInfo info(path);
    const QString nothingSaved = WorkspaceFile::tr("Nothing was saved and the file on disk was not changed.");
    if (info.isDir()) {
        return failure(
            Error::WriteFailed,
            WorkspaceFile::tr("Could not save to %1: it is a folder. Choose a file name, for example with Save As. %2")
                .arg(name, nothingSaved));
    }

    QString special;
    if (isSpecialFile(path, &special)) {
        // Saving renames a new file over the path: a pipe or a device there would be replaced, not written.
        return failure(Error::WriteFailed,
                       WorkspaceFile::tr("Could not save to %1: it is %2, not a file. Use Save As to choose a file "
                                         "name. %3")
                           .arg(name, special, nothingSaved));
    }
    const bool exists = info.exists();
    QByteArray current;
    if (exists) {
        // A short read would become a truncated .bak.
        const BoundedRead read = readRegularFile(path, kMaxFileSize, &current);
        if (!read.ok()) {
            return failure(Error::WriteFailed,
                           WorkspaceFile::tr("Could not read %1 to keep a backup of it: %2. Check its "
                                             "permissions and the drive, or use Save As to save somewhere else. %3")
                               .arg(name,
                                    read.error == BoundedRead::Error::TooLarge
                                        ? WorkspaceFile::tr("it is larger than any workspace")
                                        : read.systemError,
                                    nothingSaved));
        }
    }

    const bool sameFile = !m_path.isEmpty() && sameFileKey(path) == sameFileKey(m_path);
    if (!force && exists && sameFile && !m_fingerprint.isEmpty() && sha256(current) != m_fingerprint) {
        return failure(Error::ChangedOnDisk,
                       WorkspaceFile::tr(
                           "%1 was changed by another program (or another window) since it was opened or last saved. "
                           "Your changes were not saved. Reload it to see the other changes (yours are lost), use "
                           "Save As to keep yours in a new file, or save again with Overwrite to replace the other "
                           "changes with yours.")
                           .arg(name));
    }

    const QByteArray bytes = serialize(workspace);
    if (exists && current == bytes) { // nothing to write; keeps the previous .bak meaningful
        m_path = path;
        m_fingerprint = sha256(bytes);
        return {};
    }

    // Open the target first: if its folder is not writable nothing is touched, not even the .bak.
    QSaveFile target(path);
    if (!target.open(QIODevice::WriteOnly)) {
        return failure(Error::WriteFailed,
                       WorkspaceFile::tr("Could not save %1: %2. Check that the folder exists and you may write "
                                         "to it, or use Save As to save somewhere else. %3")
                           .arg(name, target.errorString(), nothingSaved));
    }

    // Write the new bytes out (not yet in place) before the .bak is refreshed: a full disk fails here and the
    // previous .bak survives.
    const QString writeFailed = WorkspaceFile::tr("Could not save %1: %2. Check the free space and permissions, or use "
                                                  "Save As to save somewhere else. %3");
    if (target.write(bytes) != bytes.size() || !target.flush()) {
        const QString reason = target.errorString();
        target.cancelWriting();
        return failure(Error::WriteFailed, writeFailed.arg(name, reason, nothingSaved));
    }

    if (exists) {
        const QString bakPath = backupPath(path);
        // The backup is the console's own file beside the workspace: a symbolic link there is replaced by the file,
        // never followed (its target is not the console's to overwrite); a pipe or a device there stops the save.
        QString bakSpecial;
        if (isSpecialFile(bakPath, &bakSpecial)) {
            target.cancelWriting();
            return failure(Error::WriteFailed,
                           WorkspaceFile::tr("Could not keep a backup of %1: %2 is %3, not a file. Move it away, or "
                                             "use Save As to save somewhere else. %4")
                               .arg(name, pathInMessage(bakPath), bakSpecial, nothingSaved));
        }
        if (QFileInfo(bakPath).isSymLink() && !QFile::remove(bakPath)) {
            target.cancelWriting();
            return failure(Error::WriteFailed,
                           WorkspaceFile::tr("Could not keep a backup of %1: %2 is a link that could not be replaced. "
                                             "Remove it, or use Save As to save somewhere else. %3")
                               .arg(name, pathInMessage(bakPath), nothingSaved));
        }
        QSaveFile bak(bakPath);
        // A new .bak would get the default (umask) permissions; it holds what the file held, so it gets the file's.
        if (!bak.open(QIODevice::WriteOnly) || !bak.setPermissions(info.permissions())
            || bak.write(current) != current.size() || !bak.commit()) {
            target.cancelWriting();
            return failure(
                Error::WriteFailed,
                WorkspaceFile::tr("Could not keep a backup of %1 at %2: %3. Check the folder's permissions and free "
                                  "space, or use Save As to save somewhere else. %4")
                    .arg(name, pathInMessage(bakPath), bak.errorString(), nothingSaved));
        }
    }

    if (!target.commit())
        return failure(Error::WriteFailed, writeFailed.arg(name, target.errorString(), nothingSaved));
    m_path = path;
    m_fingerprint = sha256(bytes);
    qCDebug(lcStorage) << "saved" << path << bytes.size() << "bytes";
    return {};
}

bool WorkspaceFile::changedOnDisk() const
{
    if (m_path.isEmpty())
        return false;
    QByteArray bytes;
    if (!readRegularFile(m_path, kMaxFileSize, &bytes).ok())
        return true;
    return sha256(bytes) != m_fingerprint;
}

} // namespace cmic
