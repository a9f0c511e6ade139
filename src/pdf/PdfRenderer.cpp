#include "PdfRenderer.h"

#include "core/export/PdfRendering.h"

#include <QBuffer>
#include <QGuiApplication>
#include <QMarginsF>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QTextDocument>

namespace cmic::pdf {

QByteArray renderHtml(const QString &html, const QString &title)
{
    if (!qobject_cast<QGuiApplication *>(QCoreApplication::instance()))
        return {};
    QByteArray bytes;
    {
        QBuffer buffer(&bytes);
        if (!buffer.open(QIODevice::WriteOnly))
            return {};
        QPdfWriter writer(&buffer);
        writer.setTitle(title);
        writer.setCreator(QStringLiteral("CMiC OAuth Console"));
        writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(15, 15, 15, 15),
                                         QPageLayout::Millimeter));
        QTextDocument document;
        document.setHtml(html);
        document.setMetaInformation(QTextDocument::DocumentTitle, title);
        document.print(&writer);
    }
    return bytes.startsWith("%PDF-") ? bytes : QByteArray();
}

void installPdfRenderer() { setHtmlToPdfRenderer(&renderHtml); }

} // namespace cmic::pdf
