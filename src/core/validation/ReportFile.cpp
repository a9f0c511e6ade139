#include "ReportFile.h"

#include "core/export/PdfRendering.h"
#include "core/util/BoundedFile.h"
#include "core/util/FileNames.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>

namespace cmic::validation {

namespace {

struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(cmic::validation::ReportFile)
};

} // namespace

QString toString(ReportFormat format)
{
    switch (format) {
    case ReportFormat::Text: return QStringLiteral("text");
    case ReportFormat::Json: return QStringLiteral("json");
    case ReportFormat::Html: return QStringLiteral("html");
    case ReportFormat::Pdf: return QStringLiteral("pdf");
    }
    return {};
}

std::optional<ReportFormat> reportFormatFromString(QStringView word)
{
    for (ReportFormat format : {ReportFormat::Text, ReportFormat::Json, ReportFormat::Html}) {
        if (word == toString(format))
            return format;
    }
    return std::nullopt;
}

ReportFormat reportFormatForPath(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix();
    if (suffix.compare(QLatin1String("json"), Qt::CaseInsensitive) == 0)
        return ReportFormat::Json;
    if (suffix.compare(QLatin1String("pdf"), Qt::CaseInsensitive) == 0)
        return ReportFormat::Pdf;
    return ReportFormat::Html;
}

QByteArray renderReport(const ValidationReport &report, ReportFormat format)
{
    switch (format) {
    case ReportFormat::Json: return QJsonDocument(report.toJson()).toJson(QJsonDocument::Indented);
    case ReportFormat::Html: return report.toHtml().toUtf8();
    case ReportFormat::Text: return report.toText().toUtf8();
    case ReportFormat::Pdf: {
        const HtmlToPdfFunction renderer = htmlToPdfRenderer();
        return renderer ? renderer(report.toHtml(), Tr::tr("Validation report: %1").arg(report.registrationName))
                        : QByteArray();
    }
    }
    return {};
}

QString reportTargetProblem(const QString &path, const QString &protectedPath)
{
    const QString name = pathInMessage(path);
    const QFileInfo info(path);
    if (!info.absoluteDir().exists())
        return Tr::tr(
                   "Could not write the report to %1: its folder does not exist. Choose a folder you can write to, or "
                   "create that one first.")
            .arg(name);
    if (info.isDir())
        return Tr::tr("%1 is a folder. Give a file name inside it.").arg(name);
    QString kind;
    if (isSpecialFile(path, &kind))
        return Tr::tr("%1 is %2, not a file; a report is only written to a file, which would replace it. Choose a file "
                      "name.")
            .arg(name, kind);
    if (!protectedPath.isEmpty() && info.exists()) {
        const QString target = info.canonicalFilePath();
        if (!target.isEmpty() && target == QFileInfo(protectedPath).canonicalFilePath())
            return Tr::tr("%1 is the workspace being validated; the report would replace it. Choose another file name.")
                .arg(name);
    }
    return {};
}

bool writeReport(const ValidationReport &report, const QString &path, ReportFormat format, QString *error)
{
    if (const QString problem = reportTargetProblem(path); !problem.isEmpty()) {
        if (error)
            *error = problem;
        return false;
    }
    const QByteArray bytes = renderReport(report, format);
    if (format == ReportFormat::Pdf && bytes.isEmpty()) {
        if (error)
            *error =
                Tr::tr("Could not make the PDF for %1: this program cannot render PDF. Save the report as HTML and "
                       "print it to PDF, or save it from the console.")
                    .arg(pathInMessage(path));
        return false;
    }
    const BoundedWrite written = writeRegularFile(path, bytes);
    if (written.ok())
        return true;
    if (error) {
        // Not a failure of the system: the path became a folder or a pipe after it was checked; say which.
        const QString changed = written.error == BoundedWrite::Error::Failed ? QString() : reportTargetProblem(path);
        *error = !changed.isEmpty()
                     ? changed
                     : Tr::tr("Could not write the report to %1: %2. Choose a folder you can write to, such as your "
                              "Documents folder, and save it again.")
                           .arg(pathInMessage(path), written.systemError);
    }
    return false;
}

QString suggestedReportFileName(const ValidationReport &report, const QDateTime &fallback)
{
    const QString stem = safeFileStem(report.registrationName, QStringLiteral("registration"));
    const QString stamp =
        (report.finishedAt.isValid() ? report.finishedAt : fallback).toUTC().toString(QStringLiteral("yyyyMMdd-HHmm"));
    return Tr::tr("validation-%1-%2.html").arg(stem, stamp);
}

} // namespace cmic::validation
