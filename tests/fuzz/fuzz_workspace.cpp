// Fuzzes the workspace loader (*.cmic-oauth.json): whatever parses must serialize and parse again.
#include "core/storage/WorkspaceFile.h"

#include <QLoggingCategory>

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerInitialize(int *, char ***)
{
    QLoggingCategory::setFilterRules(QStringLiteral("cmic.*.debug=false"));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    cmic::Workspace workspace;
    const cmic::WorkspaceFile::Result result = cmic::WorkspaceFile::parse(bytes, &workspace, QStringLiteral("fuzz"));
    if (!result.ok()) {
        if (result.message.isEmpty())
            std::abort(); // every refusal must say why
        return 0;
    }
    cmic::Workspace again;
    if (!cmic::WorkspaceFile::parse(cmic::WorkspaceFile::serialize(workspace), &again).ok())
        std::abort(); // what we write we must be able to read
    return 0;
}
