#include "RegistrationExport.h"

#include "UserPrompts.h"
#include "core/export/Exporter.h"
#include "core/model/Workspace.h"
#include "core/util/BoundedFile.h"
#include "core/util/FileNames.h"

#include <QDir>

namespace cmic {

QString RegistrationExport::run(const Workspace &workspace, const QString &registrationId, const QString &directory,
                                UserPrompts &prompts, QWidget *parent)
{
    const AppRegistration *registration = workspace.registration(registrationId);
    if (!registration) {
        prompts.error(parent, tr("Nothing to export"),
                      tr("Select a registration on the Registrations page first, then choose Export again."));
        return {};
    }
    const QList<const Exporter *> exporters = ExporterRegistry::instance().exporters();
    QStringList names;
    for (const Exporter *e : exporters)
        names.append(e->displayName());
    const int chosen =
        prompts.chooseItem(parent, tr("Export registration"), tr("Format for \"%1\":").arg(registration->name), names);
    if (chosen < 0 || chosen >= exporters.size())
        return {};
    const Exporter *exporter = exporters.at(chosen);
    const QString base = safeFileStem(registration->name, QStringLiteral("registration"));
    const QString suggested = QDir(directory).filePath(base + QLatin1Char('.') + exporter->fileSuffix());
    const QString path =
        prompts.saveFileName(parent, tr("Export %1").arg(exporter->displayName()), suggested,
                             tr("%1 (*.%2);;All files (*)").arg(exporter->displayName(), exporter->fileSuffix()));
    if (path.isEmpty())
        return {};
    const BoundedWrite written = writeRegularFile(path, exporter->render(workspace, *registration).content);
    if (!written.ok()) {
        const QString name = QDir::toNativeSeparators(path);
        QString why;
        switch (written.error) {
        case BoundedWrite::Error::None:
        case BoundedWrite::Error::Failed: why = written.systemError; break;
        case BoundedWrite::Error::NoFolder: why = tr("its folder does not exist"); break;
        case BoundedWrite::Error::Directory: why = tr("it is a folder"); break;
        // Writing would replace the pipe or device with a file; it is left as it is.
        case BoundedWrite::Error::NotRegular: why = tr("it is %1, not a file").arg(written.kind); break;
        }
        prompts.error(parent, tr("Export failed"),
                      tr("Could not write %1: %2. Choose a folder you can write to and export again.").arg(name, why));
        return {};
    }
    return path;
}

} // namespace cmic
