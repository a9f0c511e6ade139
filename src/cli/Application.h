#pragma once

#include <memory>

class QCoreApplication;

namespace cmic::cli {

// The application object of one cmic-oauth run. A QCoreApplication, except for a run that may write a PDF (an
// export or a report whose format names PDF): that needs QtGui's fonts and painting, so it gets a QGuiApplication on
// the offscreen platform (no display is needed or used; a server has none) and the PDF renderer installed.
std::unique_ptr<QCoreApplication> makeApplication(int &argc, char **argv);

// Whether the arguments (without the program name) ask for a run that may write a PDF.
bool mayWritePdf(int argc, const char *const *argv);

} // namespace cmic::cli
