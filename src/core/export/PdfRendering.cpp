#include "PdfRendering.h"

#include <atomic>

namespace cmic {

namespace {
std::atomic<HtmlToPdfFunction> g_renderer{nullptr};
}

void setHtmlToPdfRenderer(HtmlToPdfFunction function) { g_renderer.store(function); }

HtmlToPdfFunction htmlToPdfRenderer() { return g_renderer.load(); }

} // namespace cmic
