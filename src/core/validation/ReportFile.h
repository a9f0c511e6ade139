#pragma once

// Rendering a validation report and writing it to a file, once for every face (the wizard's "Save report",
// cmic-oauth validate --format/--output).

#include "ValidationReport.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <optional>

namespace cmic::validation {

enum class ReportFormat { Text, Json, Html, Pdf };

// "text", "json", "html", "pdf". reportFormatFromString knows the first three only: the --format words of
// cmic-oauth validate, which has no PDF renderer.
QString toString(ReportFormat format);
std::optional<ReportFormat> reportFormatFromString(QStringView word);
// The format a file name asks for: ".json" (any case) is JSON, ".pdf" PDF, everything else HTML.
ReportFormat reportFormatForPath(const QString &path);

// The report in |format|, UTF-8: indented JSON, the self-contained HTML page, or the terminal text; Pdf is the HTML
// page rendered by the face's HTML-to-PDF renderer (core/export/PdfRendering.h), empty when none is installed.
QByteArray renderReport(const ValidationReport &report, ReportFormat format);

// Writes the rendered report to |path| atomically (QSaveFile: nothing is half written, an existing file stays as
// it was on failure). On failure returns false and sets |error| to a translated sentence that names the file,
// says why and what to do next.
bool writeReport(const ValidationReport &report, const QString &path, ReportFormat format, QString *error = nullptr);
// Empty when a report may be written to |path|; otherwise why not, as a sentence (translated). Refused: a folder that
// does not exist, a folder as the file, a named pipe, a device or a socket (saving renames a new file over the path,
// which would replace it), and |protectedPath| itself (the workspace being validated). Asked before a run starts, so
// a bad --output is said before the token is fetched; writeReport asks it too.
QString reportTargetProblem(const QString &path, const QString &protectedPath = {});

// "validation-<registration stem>-<yyyyMMdd-HHmm>.html", the time being the report's finishedAt, or |fallback|
// (UTC) when it has none.
QString suggestedReportFileName(const ValidationReport &report, const QDateTime &fallback);

} // namespace cmic::validation
