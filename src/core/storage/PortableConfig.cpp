#include "PortableConfig.h"

#include "core/jose/StrictJson.h"
#include "core/util/BoundedFile.h"
#include "core/util/Elide.h"
#include "core/util/FileNames.h"
#include "core/util/TerminalText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace cmic {

namespace {

// A member's value as indented JSON, its lines indented one level further (it sits inside the top-level object).
QByteArray nested(const QJsonObject &object)
{
    QByteArray text = QJsonDocument(object).toJson(QJsonDocument::Indented).trimmed();
    text.replace("\n", "\n    ");
    return text;
}

QByteArray jsonText(const QString &text)
{
    const QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

QString quoted(const QString &name) { return terminalSafe(elide(name), LineFeeds::Escape); }

} // namespace

QByteArray PortableConfig::serialize(const Workspace &workspace, const AppRegistration &registration,
                                     const SecretReference &secret)
{
    // The members in the order docs/export-format.md lists them; each object's own members sorted by name.
    QByteArray out = "{\n";
    out += "    \"format\": " + jsonText(kFormat) + ",\n";
    out += "    \"schema\": " + QByteArray::number(kSchema) + ",\n";
    out += "    \"workspaceId\": " + jsonText(workspace.id) + ",\n";
    out += "    \"secret\": " + jsonText(secret.isValid() ? secret.toString() : SecretReference::kDefault) + ",\n";
    QJsonObject settings = workspace.settings.toJson();
    out += "    \"settings\": " + nested(settings) + ",\n";
    if (const Environment *env = workspace.environment(registration.environmentId))
        out += "    \"environment\": " + nested(env->toJson()) + ",\n";
    if (const ServiceUser *user = workspace.serviceUser(registration.serviceUserId))
        out += "    \"serviceUser\": " + nested(user->toJson()) + ",\n";
    out += "    \"registration\": " + nested(registration.toJson()) + "\n";
    out += "}\n";
    return out;
}

bool PortableConfig::isPortableConfig(const QByteArray &bytes)
{
    if (bytes.size() > kMaxFileSize)
        return false;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes);
    return doc.isObject() && doc.object().value(QLatin1String("format")).toString() == kFormat;
}

PortableConfig::Result PortableConfig::parse(const QByteArray &rawBytes, Content *out, const QString &source)
{
    const QString name = source.isEmpty() ? tr("The portable config") : pathInMessage(source);
    const auto fail = [](const QString &message) { return Result{false, message}; };
    QByteArray bytes = rawBytes;
    if (bytes.startsWith("\xEF\xBB\xBF"))
        bytes.remove(0, 3);
    if (bytes.size() > kMaxFileSize)
        return fail(tr("%1 is larger than %2 bytes, far more than one registration needs: it is not a portable "
                       "config. Export the portable config again.")
                        .arg(name)
                        .arg(kMaxFileSize));
    jose::StrictJsonProblem strict;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return fail(tr("%1 is not a JSON object (%2). Export the portable config again, or check that the whole "
                       "file was copied.")
                        .arg(name, parseError.error != QJsonParseError::NoError
                                       ? parseError.errorString()
                                       : tr("its top level is not an object")));
    if (!jose::isStrictJson(bytes, &strict))
        return fail(tr("%1 could not be read: %2. Give each member once and keep strings free of control "
                       "characters.")
                        .arg(name, strict.what));
    const QJsonObject root = doc.object();
    if (root.value(QLatin1String("format")).toString() != kFormat)
        return fail(tr("%1 is not a portable config: its \"format\" is not \"%2\". Give a file exported as "
                       "\"Portable config\", or a workspace.")
                        .arg(name, kFormat));
    const QJsonValue schemaValue = root.value(QLatin1String("schema"));
    const double schema = schemaValue.toDouble(-1);
    if (!schemaValue.isDouble() || schema != std::floor(schema) || schema < 1)
        return fail(tr("%1 has no valid \"schema\" member (a whole number, 1 or higher). Export the portable config "
                       "again.")
                        .arg(name));
    if (schema > kSchema)
        return fail(tr("%1 uses portable config schema %2; this cmic-oauth reads schema %3 and earlier. Update "
                       "cmic-oauth on this computer, or export with the matching console version.")
                        .arg(name, QString::number(schema, 'g', 15))
                        .arg(kSchema));

    QStringList errors;
    const auto objectMember = [&](const char *key, bool required) -> std::optional<QJsonObject> {
        const QJsonValue v = root.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull()) {
            if (required)
                errors << tr("member \"%1\" is missing.").arg(QLatin1String(key));
            return std::nullopt;
        }
        if (!v.isObject()) {
            errors << tr("member \"%1\" must be an object.").arg(QLatin1String(key));
            return std::nullopt;
        }
        return v.toObject();
    };
    const auto addError = [&errors](const QString &error) {
        if (!error.isEmpty())
            errors << error;
    };

    Content content;
    const QJsonValue workspaceId = root.value(QLatin1String("workspaceId"));
    if (workspaceId.isString())
        content.workspace.id = workspaceId.toString();
    else if (!workspaceId.isUndefined())
        errors << tr("member \"workspaceId\" must be a string.");

    const QJsonValue secretValue = root.value(QLatin1String("secret"));
    if (secretValue.isUndefined()) {
        content.secret = SecretReference::parse(SecretReference::kDefault);
    } else if (!secretValue.isString()) {
        errors << tr("member \"secret\" must be a string: env:NAME, file:PATH or keychain (never the secret "
                     "itself).");
    } else {
        QString error;
        content.secret = SecretReference::parse(secretValue.toString(), &error);
        addError(error);
    }

    if (const auto settings = objectMember("settings", false)) {
        QString error;
        content.workspace.settings = WorkspaceSettings::fromJson(*settings, &error);
        addError(error);
    }
    if (const auto env = objectMember("environment", false)) {
        QString error;
        content.workspace.environments << Environment::fromJson(*env, &error);
        addError(error);
    }
    if (const auto user = objectMember("serviceUser", false)) {
        QString error;
        content.workspace.serviceUsers << ServiceUser::fromJson(*user, &error);
        addError(error);
    }
    if (const auto reg = objectMember("registration", true)) {
        QString error;
        content.workspace.registrations << AppRegistration::fromJson(*reg, &error);
        addError(error);
    }

    if (errors.isEmpty() && !content.workspace.registrations.isEmpty()) {
        AppRegistration &r = content.workspace.registrations.first();
        if (r.id.isEmpty())
            r.id = Workspace::newId();
        if (content.workspace.id.isEmpty())
            content.workspace.id = Workspace::newId();
        // The references must point inside the file: it is all a server has.
        if (!content.workspace.environments.isEmpty()) {
            Environment &env = content.workspace.environments.first();
            if (env.id.isEmpty())
                env.id = r.environmentId.isEmpty() ? Workspace::newId() : r.environmentId;
            if (r.environmentId.isEmpty())
                r.environmentId = env.id;
            if (r.environmentId != env.id)
                errors << tr("the registration's \"environmentId\" (%1) is not the \"id\" of the file's environment "
                             "(%2). Export the portable config again.")
                              .arg(quoted(r.environmentId), quoted(env.id));
        } else if (!r.environmentId.isEmpty()) {
            errors << tr("the registration names environment %1, but the file has no \"environment\" member. Export "
                         "the portable config again.")
                          .arg(quoted(r.environmentId));
        }
        if (!content.workspace.serviceUsers.isEmpty()) {
            ServiceUser &user = content.workspace.serviceUsers.first();
            if (user.id.isEmpty())
                user.id = r.serviceUserId.isEmpty() ? Workspace::newId() : r.serviceUserId;
            if (r.serviceUserId.isEmpty())
                r.serviceUserId = user.id;
            if (r.serviceUserId != user.id)
                errors << tr("the registration's \"serviceUserId\" (%1) is not the \"id\" of the file's service user "
                             "(%2). Export the portable config again.")
                              .arg(quoted(r.serviceUserId), quoted(user.id));
        } else if (!r.serviceUserId.isEmpty()) {
            errors << tr("the registration names service user %1, but the file has no \"serviceUser\" member. "
                         "Export the portable config again.")
                          .arg(quoted(r.serviceUserId));
        }
    }

    if (!errors.isEmpty()) {
        QStringList lines;
        for (const QString &e : errors.mid(0, 20))
            lines << QStringLiteral("  - ") + terminalSafe(e, LineFeeds::Escape);
        return fail(tr("%1 is a portable config, but some of its members cannot be used:\n%2\nCorrect them in a "
                       "text editor or export the portable config again.")
                        .arg(name, lines.join(QLatin1Char('\n'))));
    }
    if (out)
        *out = std::move(content);
    return {true, {}};
}

PortableConfig::Result PortableConfig::open(const QString &path, Content *out)
{
    QByteArray bytes;
    const BoundedRead read = readRegularFile(path, kMaxFileSize, &bytes);
    if (!read.ok()) {
        const QString what = describeReadProblem(read, path, kMaxFileSize);
        return {false, tr("%1. Give the path of the exported portable config.").arg(what)};
    }
    return parse(bytes, out, path);
}

} // namespace cmic
