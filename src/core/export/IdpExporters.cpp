#include "Exporter.h"

namespace cmic {

void addIdpExporters(ExporterList &) {}

} // namespace cmic
