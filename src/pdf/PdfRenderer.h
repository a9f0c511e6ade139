#pragma once

#include <QByteArray>
#include <QString>

namespace cmic::pdf {

// An HTML document (the subset QTextDocument reads) as PDF bytes: A4, 15 mm margins, |title| in the document
// information. Needs a QGuiApplication (fonts); returns an empty array without one or when writing fails.
QByteArray renderHtml(const QString &html, const QString &title);

// Makes renderHtml the renderer of core's PDF exports (setHtmlToPdfRenderer). Call once after the QGuiApplication
// exists.
void installPdfRenderer();

} // namespace cmic::pdf
