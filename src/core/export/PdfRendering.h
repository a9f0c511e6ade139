#pragma once

// The registration sheet's PDF is made from its HTML by QTextDocument and QPdfWriter, which live in QtGui; core
// never links QtGui. The PDF exporter in core (id "cmic-registration-pdf") therefore renders through a function a
// face installs at start-up: the console calls cmic::pdf::installPdfRenderer() (src/pdf, library cmic_pdf). Where
// none is installed the exporter returns no content and a warning that says to use the HTML sheet instead.

#include <QByteArray>
#include <QString>

namespace cmic {

// A self-contained HTML document to PDF bytes; empty on failure.
using HtmlToPdfFunction = QByteArray (*)(const QString &html, const QString &title);

void setHtmlToPdfRenderer(HtmlToPdfFunction function);
HtmlToPdfFunction htmlToPdfRenderer();

} // namespace cmic
