#pragma once

// Where a server reads a registration's secret from, named in a portable config (docs/export-format.md):
// "env:NAME" (an environment variable), "file:PATH" (a file only its owner can read) or "keychain" (the OS keychain
// entry the console stores it under). The file is read here, once, for every caller.

#include "SecretBuffer.h"

#include <QCoreApplication>
#include <QString>

namespace cmic {

struct SecretReference
{
    Q_DECLARE_TR_FUNCTIONS(cmic::SecretReference)

public:
    enum class Kind { Invalid, Environment, File, Keychain };
    Kind kind = Kind::Invalid;
    QString value; // Environment: the variable's name; File: the path as written

    static inline const QString kDefault = QStringLiteral("env:CMIC_CLIENT_SECRET");

    bool isValid() const { return kind != Kind::Invalid; }
    // "env:NAME", "file:PATH", "keychain"; empty for an invalid reference.
    QString toString() const;
    // Strict: "env:" needs a portable variable name (A-Z, a-z, 0-9, _; not starting with a digit), "file:" a path.
    // *error says what is wrong and what to write instead (translated).
    static SecretReference parse(const QString &text, QString *error = nullptr);
};

struct SecretFileRead
{
    bool ok = false;
    QString problem; // translated, a whole sentence that says what to do; empty when ok
    SecretBuffer secret;
};

// Reads the secret in |path|: a regular file that neither its group nor others may read or write (mode 0600 or
// stricter), at most |maxBytes|, its final line ends dropped. An empty file is a problem too.
SecretFileRead readSecretFile(const QString &path, qint64 maxBytes = 64 * 1024);

} // namespace cmic
