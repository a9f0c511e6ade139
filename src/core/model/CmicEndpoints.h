#pragma once

#include <QList>
#include <QString>

namespace cmic {

// Common read-only CMiC REST endpoints, for probing a registration's access (GET only). Paths are relative to an
// environment's API base URL (https://host/cmicprod); each is a collection that answers with a small page at
// limit=1. From CMiC's public documentation (docs/validation.md names the source).
struct CmicEndpoint
{
    QString path;        // e.g. "sys-rest-api/rest/1/sdcompanyaccess"
    QString description; // what it lists (translated)
};

QList<CmicEndpoint> commonCmicEndpoints();

} // namespace cmic
