#include "CmicEndpoints.h"

#include <QCoreApplication>

namespace cmic {

namespace {
struct Tr
{
    Q_DECLARE_TR_FUNCTIONS(cmic::CmicEndpoints)
};
} // namespace

QList<CmicEndpoint> commonCmicEndpoints()
{
    // The documented examples of CMiC's endpoint shape <app>-rest-api/rest/<version>/<resource>; glrestapi is
    // CMiC's own irregular app name.
    return {
        {QStringLiteral("sys-rest-api/rest/1/sdcompanyaccess"),
         Tr::tr("the companies the service user may access (system)")},
        {QStringLiteral("jc-rest-api/rest/1/jcjob"), Tr::tr("jobs (job costing)")},
        {QStringLiteral("glrestapi/rest/v1/glcompany"), Tr::tr("general ledger companies")},
    };
}

} // namespace cmic
