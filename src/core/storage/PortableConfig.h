#pragma once

// The portable config (docs/export-format.md): one registration with its environment, its service user and the
// workspace settings a server needs, in one self-contained JSON file that names where the secret comes from
// (SecretReference) and never holds it. `cmic-oauth validate` reads it as it reads a workspace.
//
//     {"format": "cmic-oauth-portable", "schema": 1, "workspaceId": ..., "secret": "env:CMIC_CLIENT_SECRET",
//      "settings": {...}, "environment": {...}, "serviceUser": {...}, "registration": {...}}

#include "SecretReference.h"

#include "core/model/Workspace.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

namespace cmic {

class PortableConfig
{
    Q_DECLARE_TR_FUNCTIONS(cmic::PortableConfig)

public:
    static constexpr int kSchema = 1;
    static inline const QString kFormat = QStringLiteral("cmic-oauth-portable");
    static inline const QString kSuffix = QStringLiteral(".cmic-oauth-portable.json");
    // One registration fits in far less; anything larger is not a portable config and is not read into memory.
    static constexpr qint64 kMaxFileSize = qint64(1024) * 1024;

    struct Content
    {
        Workspace workspace; // the one registration, its environment and service user (when it has them), settings
        SecretReference secret;
    };

    struct Result
    {
        bool ok = false;
        QString message; // what is wrong and what to do; empty on success
    };

    // The portable config of |registration| in |workspace|. |secret| must be valid (SecretReference::parse).
    static QByteArray serialize(const Workspace &workspace, const AppRegistration &registration,
                                const SecretReference &secret);
    // Whether |bytes| is a JSON object whose "format" is kFormat (whatever else it holds): how a reader that also
    // takes workspaces tells the two apart.
    static bool isPortableConfig(const QByteArray &bytes);
    static Result parse(const QByteArray &bytes, Content *out, const QString &source = {});
    // Reads |path| (a regular file, at most kMaxFileSize) and parses it.
    static Result open(const QString &path, Content *out);
};

} // namespace cmic
