// The registration sheet as PDF: cmic_pdf's renderer (QTextDocument + QPdfWriter) installed into core's exporter,
// run under QT_QPA_PLATFORM=offscreen as the console would.

#include "core/export/Exporter.h"
#include "core/export/PdfRendering.h"
#include "core/model/Workspace.h"
#include "pdf/PdfRenderer.h"

#include <QRegularExpression>
#include <QTest>

using namespace cmic;

namespace {

Workspace sample()
{
    Workspace w;
    Environment e;
    e.id = QStringLiteral("env");
    e.name = QStringLiteral("cmicprod");
    e.ipCheck = true;
    w.environments << e;
    ServiceUser u;
    u.id = QStringLiteral("su");
    u.username = QStringLiteral("SVC_INTEGRATION");
    w.serviceUsers << u;
    AppRegistration r;
    r.id = QStringLiteral("reg");
    r.name = QString::fromUtf8("Payroll <sync> & \xc3\xa9t\xc3\xa9\nsecond line");
    r.environmentId = e.id;
    r.idpPreset = QStringLiteral("entra-v1");
    r.appId = QStringLiteral("app-123");
    r.issuer = QStringLiteral("https://sts.windows.net/t/");
    r.jwksUri = QStringLiteral("https://login.microsoftonline.com/common/discovery/keys");
    r.serviceUserId = u.id;
    w.registrations << r;
    return w;
}

int pageCount(const QByteArray &pdf)
{
    // "/Type /Page" objects, not "/Type /Pages".
    static const QRegularExpression page(QStringLiteral("/Type\\s*/Page(?![s])"));
    return int(QString::fromLatin1(pdf).count(page));
}

} // namespace

class TestRegistrationPdf : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { pdf::installPdfRenderer(); }

    void sheetIsAValidPdf()
    {
        QVERIFY(htmlToPdfRenderer() != nullptr);
        const Exporter *e = ExporterRegistry::instance().find(QStringLiteral("cmic-registration-pdf"));
        QVERIFY(e);
        const Workspace w = sample();
        const ExportResult result = e->render(w, w.registrations.constFirst());
        QVERIFY2(result.warnings.isEmpty(), qPrintable(result.warnings.join(QLatin1Char(' '))));
        QVERIFY(!result.containsSecret);
        QVERIFY(result.content.startsWith("%PDF-1."));
        QVERIFY(result.content.trimmed().endsWith("%%EOF"));
        QVERIFY(result.content.contains("/Type /Catalog"));
        QCOMPARE(pageCount(result.content), 1);
    }

    void longSheetSpreadsOverPages()
    {
        QString html = QStringLiteral("<html><body>");
        for (int i = 0; i < 400; ++i)
            html += QStringLiteral("<p>line %1</p>").arg(i);
        html += QStringLiteral("</body></html>");
        const QByteArray bytes = pdf::renderHtml(html, QStringLiteral("long"));
        QVERIFY(bytes.startsWith("%PDF-"));
        QVERIFY2(pageCount(bytes) > 1, qPrintable(QString::number(pageCount(bytes))));
    }
};

QTEST_MAIN(TestRegistrationPdf)
#include "tst_registrationpdf.moc"
