#include "Application.h"

#include "pdf/PdfRenderer.h"

#include <QByteArrayView>
#include <QGuiApplication>

namespace cmic::cli {

bool mayWritePdf(int argc, const char *const *argv)
{
    int first = 0;
    while (first < argc && QByteArrayView(argv[first]) == "--verbose")
        ++first;
    if (first >= argc)
        return false;
    const QByteArrayView word(argv[first]);
    if (word != "export" && word != "validate")
        return false;
    for (int i = first + 1; i < argc; ++i) {
        if (QByteArray(argv[i]).toLower().contains("pdf"))
            return true;
    }
    return false;
}

std::unique_ptr<QCoreApplication> makeApplication(int &argc, char **argv)
{
    if (!mayWritePdf(argc - 1, argv + 1))
        return std::make_unique<QCoreApplication>(argc, argv);
    // Offscreen whatever the environment says: rendering a PDF must not depend on (or open) a display.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    auto app = std::make_unique<QGuiApplication>(argc, argv);
    pdf::installPdfRenderer();
    return app;
}

} // namespace cmic::cli
