#include "CmicEndpoints.h"

#include <QCoreApplication>

namespace cmic {

QList<CmicEndpoint> commonCmicEndpoints()
{
    const auto tr = [](const char *text) { return QCoreApplication::translate("cmic::CmicEndpoints", text); };
    // The documented examples of CMiC's endpoint shape <app>-rest-api/rest/<version>/<resource>; glrestapi is
    // CMiC's own irregular app name.
    return {
        {QStringLiteral("sys-rest-api/rest/1/sdcompanyaccess"),
         tr("the companies the service user may access (system)")},
        {QStringLiteral("jc-rest-api/rest/1/jcjob"), tr("jobs (job costing)")},
        {QStringLiteral("glrestapi/rest/v1/glcompany"), tr("general ledger companies")},
    };
}

} // namespace cmic
