#pragma once

#include <QCoreApplication>
#include <QString>

class QWidget;

namespace cmic {

class UserPrompts;
struct Workspace;

// File ▸ Export: writes one registration of |workspace| as a configuration file, never with its secret.
class RegistrationExport
{
    Q_DECLARE_TR_FUNCTIONS(cmic::RegistrationExport)
public:
    // Asks for the format and the file name (suggested in |directory|) and writes the file atomically. Returns the
    // path written; empty when there is no such registration, the user cancelled or writing failed (each error
    // was shown through |prompts|).
    static QString run(const Workspace &workspace, const QString &registrationId, const QString &directory,
                       UserPrompts &prompts, QWidget *parent);
};

} // namespace cmic
