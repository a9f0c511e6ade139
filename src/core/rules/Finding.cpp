#include "Finding.h"

#include "core/util/Elide.h"

#include <QCoreApplication>

namespace cmic {

QString toString(Severity severity)
{
    switch (severity) {
    case Severity::Info: return QStringLiteral("info");
    case Severity::Warning: return QStringLiteral("warning");
    case Severity::Error: return QStringLiteral("error");
    }
    return {};
}

QString toString(SubjectKind subjectKind)
{
    switch (subjectKind) {
    case SubjectKind::Workspace: return QStringLiteral("workspace");
    case SubjectKind::Environment: return QStringLiteral("environment");
    case SubjectKind::ServiceUser: return QStringLiteral("service-user");
    case SubjectKind::Registration: return QStringLiteral("registration");
    }
    return {};
}

QString subjectLabel(const Finding &f)
{
    // subjectName is cut where the finding is made; an id from a file is cut here.
    const QString name = f.subjectName.isEmpty() ? elide(f.subjectId) : f.subjectName;
    switch (f.subjectKind) {
    case SubjectKind::Environment: return QStringLiteral("environment \"%1\"").arg(name);
    case SubjectKind::ServiceUser: return QStringLiteral("service user \"%1\"").arg(name);
    case SubjectKind::Registration: return QStringLiteral("registration \"%1\"").arg(name);
    case SubjectKind::Workspace: break;
    }
    return QStringLiteral("workspace");
}

QJsonObject Finding::toJson() const
{
    return {{QStringLiteral("severity"), cmic::toString(severity)},
            {QStringLiteral("code"), code},
            {QStringLiteral("message"), message},
            {QStringLiteral("fix"), fix},
            {QStringLiteral("field"), field},
            {QStringLiteral("subjectKind"), cmic::toString(subjectKind)},
            {QStringLiteral("subjectId"), subjectId},
            {QStringLiteral("subjectName"), subjectName},
            {QStringLiteral("subject"), subjectLabel(*this)}};
}

QString fieldLabel(SubjectKind kind, const QString &field)
{
    struct Label
    {
        SubjectKind kind;
        const char *field;
        const char *label;
    };
    // The labels of ui/EnvironmentForm.ui, ui/ServiceUserForm.ui and ui/RegistrationForm.ui (and the rows the
    // registration form adds), without their mnemonics and colons.
    static const Label labels[] = {
        {SubjectKind::Environment, "name", QT_TRANSLATE_NOOP("cmic::FieldLabels", "Name")},
        {SubjectKind::Environment, "deployment", QT_TRANSLATE_NOOP("cmic::FieldLabels", "Deployment")},
        {SubjectKind::Environment, "cloudTenant", QT_TRANSLATE_NOOP("cmic::FieldLabels", "Cloud tenant")},
        {SubjectKind::Environment, "apiBaseUrl", QT_TRANSLATE_NOOP("cmic::FieldLabels", "API base URL")},
        {SubjectKind::Environment, "patchLevel", QT_TRANSLATE_NOOP("cmic::FieldLabels", "CMiC patch level")},
        {SubjectKind::Environment, "userSource", QT_TRANSLATE_NOOP("cmic::FieldLabels", "Service user from")},
        {SubjectKind::Environment, "userClaim", QT_TRANSLATE_NOOP("cmic::FieldLabels", "User claim name")},
        {SubjectKind::Environment, "removeDomainFromUser",
         QT_TRANSLATE_NOOP("cmic::FieldLabels", "Remove the domain from the user name")},
        {SubjectKind::Environment, "ipCheck", QT_TRANSLATE_NOOP("cmic::FieldLabels", "Check the caller's IP address")},
        {SubjectKind::Environment, "probeEndpoints", QT_TRANSLATE_NOOP("cmic::FieldLabels", "Probe endpoints")},
        {SubjectKind::ServiceUser, "username", QT_TRANSLATE_NOOP("cmic::FieldLabels", "Username")},
        {SubjectKind::ServiceUser, "emailUsername", QT_TRANSLATE_NOOP("cmic::FieldLabels", "E-mail username")},
        {SubjectKind::ServiceUser, "displayName", QT_TRANSLATE_NOOP("cmic::FieldLabels", "Display name")},
        {SubjectKind::ServiceUser, "dedicatedConfirmed", QT_TRANSLATE_NOOP("cmic::FieldLabels", "Dedicated")},
        {SubjectKind::ServiceUser, "notes", QT_TRANSLATE_NOOP("cmic::FieldLabels", "Notes")},
        {SubjectKind::Registration, "name", QT_TRANSLATE_NOOP("cmic::FieldLabels", "Name")},
        {SubjectKind::Registration, "environmentId", QT_TRANSLATE_NOOP("cmic::FieldLabels", "Environment")},
        {SubjectKind::Registration, "serviceUserId", QT_TRANSLATE_NOOP("cmic::FieldLabels", "Service user")},
        {SubjectKind::Registration, "idpPreset", QT_TRANSLATE_NOOP("cmic::FieldLabels", "Preset")},
        {SubjectKind::Registration, "presetParameters", QT_TRANSLATE_NOOP("cmic::FieldLabels", "Parameters")},
        {SubjectKind::Registration, "appId", QT_TRANSLATE_NOOP("cmic::FieldLabels", "App ID")},
        {SubjectKind::Registration, "issuer", QT_TRANSLATE_NOOP("cmic::FieldLabels", "Issuer")},
        {SubjectKind::Registration, "jwksUri", QT_TRANSLATE_NOOP("cmic::FieldLabels", "JWKS URI")},
        {SubjectKind::Registration, "tokenEndpoint", QT_TRANSLATE_NOOP("cmic::FieldLabels", "Token endpoint")},
        {SubjectKind::Registration, "discoveryUrl", QT_TRANSLATE_NOOP("cmic::FieldLabels", "Discovery URL")},
        {SubjectKind::Registration, "scope", QT_TRANSLATE_NOOP("cmic::FieldLabels", "Scope")},
        {SubjectKind::Registration, "audience", QT_TRANSLATE_NOOP("cmic::FieldLabels", "Audience")},
        {SubjectKind::Registration, "resource", QT_TRANSLATE_NOOP("cmic::FieldLabels", "Resource")},
        {SubjectKind::Registration, "authMethod", QT_TRANSLATE_NOOP("cmic::FieldLabels", "Client authentication")},
        {SubjectKind::Registration, "clientSecret", QT_TRANSLATE_NOOP("cmic::FieldLabels", "Client secret")},
        {SubjectKind::Registration, "privateKey", QT_TRANSLATE_NOOP("cmic::FieldLabels", "Private key")},
        {SubjectKind::Registration, "secretExpiry", QT_TRANSLATE_NOOP("cmic::FieldLabels", "Secret expires")},
        {SubjectKind::Registration, "assertionAlgorithm",
         QT_TRANSLATE_NOOP("cmic::FieldLabels", "Assertion algorithm")},
        {SubjectKind::Registration, "assertionKeyId", QT_TRANSLATE_NOOP("cmic::FieldLabels", "Key ID (kid)")},
        {SubjectKind::Registration, "assertionCertificate", QT_TRANSLATE_NOOP("cmic::FieldLabels", "Certificate")},
        {SubjectKind::Registration, "assertionThumbprint", QT_TRANSLATE_NOOP("cmic::FieldLabels", "Thumbprint")},
        {SubjectKind::Registration, "notes", QT_TRANSLATE_NOOP("cmic::FieldLabels", "Notes")},
    };
    for (const Label &l : labels) {
        if (l.kind == kind && field == QLatin1String(l.field))
            return QCoreApplication::translate("cmic::FieldLabels", l.label);
    }
    return field;
}

} // namespace cmic
