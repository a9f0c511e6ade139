#pragma once

// Validation reports as JUnit XML, the format GitLab CI, Jenkins and most pipelines read as test results
// (`cmic-oauth validate --format junit`): one <testsuite> per registration, one <testcase> per step. A failed step
// is a <failure> whose message is the step's summary and whose text holds its failed checks and the fixes; a
// skipped or cancelled step is <skipped> with the reason.

#include "ValidationReport.h"

#include <QByteArray>
#include <QList>

namespace cmic::validation {

// The <testsuites> document (UTF-8, indented) for |reports|, in order. |name| is the <testsuites> name.
QByteArray renderJUnit(const QList<ValidationReport> &reports, const QString &name);

} // namespace cmic::validation
