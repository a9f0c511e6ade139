#include "JUnitReport.h"

#include "ReportVerdict.h"

#include "core/jose/Verdict.h"

#include <QCoreApplication>
#include <QXmlStreamWriter>

namespace cmic::validation {

namespace {

struct Msg
{
    Q_DECLARE_TR_FUNCTIONS(cmic::validation::JUnitReport)
};

QString seconds(qint64 ms) { return QString::number(double(ms) / 1000.0, 'f', 3); }

// XML 1.0 cannot hold most C0 controls even escaped; a server's text may contain them.
QString xmlSafe(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if ((u < 0x20 && u != u'\t' && u != u'\n' && u != u'\r') || u == 0xFFFE || u == 0xFFFF)
            out += QStringLiteral("\\u%1").arg(int(u), 4, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}

// The body of a <failure>: every check that did not pass, then every finding with its fix.
QString failureText(const StepResult &step)
{
    QStringList lines;
    for (const StepCheck &check : step.checks) {
        if (check.status == jose::CheckStatus::Fail)
            lines << QStringLiteral("[fail] %1: %2").arg(check.id, check.message);
    }
    for (const Finding &finding : step.findings) {
        lines << QStringLiteral("%1 %2: %3").arg(toString(finding.severity), finding.code, finding.message);
        if (!finding.fix.isEmpty())
            lines << Msg::tr("  Fix: %1").arg(finding.fix);
    }
    return lines.join(QLatin1Char('\n'));
}

} // namespace

QByteArray renderJUnit(const QList<ValidationReport> &reports, const QString &name)
{
    int tests = 0, failures = 0, skipped = 0;
    qint64 totalMs = 0;
    for (const ValidationReport &report : reports) {
        for (const StepResult &step : report.steps) {
            ++tests;
            failures += step.status == StepStatus::Failed;
            skipped += step.status == StepStatus::Skipped || step.status == StepStatus::Cancelled
                       || step.status == StepStatus::Pending || step.status == StepStatus::Running;
            totalMs += step.elapsedMs;
        }
    }
    QByteArray bytes;
    QXmlStreamWriter xml(&bytes);
    xml.setAutoFormatting(true);
    xml.writeStartDocument();
    xml.writeStartElement(QStringLiteral("testsuites"));
    xml.writeAttribute(QStringLiteral("name"), xmlSafe(name));
    xml.writeAttribute(QStringLiteral("tests"), QString::number(tests));
    xml.writeAttribute(QStringLiteral("failures"), QString::number(failures));
    xml.writeAttribute(QStringLiteral("errors"), QStringLiteral("0"));
    xml.writeAttribute(QStringLiteral("skipped"), QString::number(skipped));
    xml.writeAttribute(QStringLiteral("time"), seconds(totalMs));
    int index = 0;
    for (const ValidationReport &report : reports) {
        int suiteFailures = 0, suiteSkipped = 0;
        qint64 suiteMs = 0;
        for (const StepResult &step : report.steps) {
            suiteFailures += step.status == StepStatus::Failed;
            suiteSkipped += step.status != StepStatus::Failed && step.status != StepStatus::Passed
                            && step.status != StepStatus::Warning;
            suiteMs += step.elapsedMs;
        }
        const QString suiteName = report.registrationName.isEmpty() ? report.registrationId : report.registrationName;
        xml.writeStartElement(QStringLiteral("testsuite"));
        xml.writeAttribute(QStringLiteral("name"), xmlSafe(suiteName));
        xml.writeAttribute(QStringLiteral("id"), QString::number(index++));
        xml.writeAttribute(QStringLiteral("tests"), QString::number(report.steps.size()));
        xml.writeAttribute(QStringLiteral("failures"), QString::number(suiteFailures));
        xml.writeAttribute(QStringLiteral("errors"), QStringLiteral("0"));
        xml.writeAttribute(QStringLiteral("skipped"), QString::number(suiteSkipped));
        xml.writeAttribute(QStringLiteral("time"), seconds(suiteMs));
        if (report.startedAt.isValid())
            xml.writeAttribute(QStringLiteral("timestamp"), report.startedAt.toUTC().toString(Qt::ISODate));
        xml.writeStartElement(QStringLiteral("properties"));
        const auto property = [&xml](const QString &key, const QString &value) {
            xml.writeEmptyElement(QStringLiteral("property"));
            xml.writeAttribute(QStringLiteral("name"), key);
            xml.writeAttribute(QStringLiteral("value"), xmlSafe(value));
        };
        property(QStringLiteral("registration.id"), report.registrationId);
        property(QStringLiteral("environment"), report.environmentName);
        property(QStringLiteral("serviceUser"), report.serviceUser);
        property(QStringLiteral("verdict"), ReportVerdict::of(report).statusLine());
        xml.writeEndElement(); // properties
        // The class name groups a registration's steps in the pipelines' views: "cmic-oauth.<registration id>".
        const QString className = QStringLiteral("cmic-oauth.") + xmlSafe(report.registrationId);
        for (const StepResult &step : report.steps) {
            xml.writeStartElement(QStringLiteral("testcase"));
            xml.writeAttribute(QStringLiteral("name"), displayName(step.step));
            xml.writeAttribute(QStringLiteral("classname"), className);
            xml.writeAttribute(QStringLiteral("time"), seconds(step.elapsedMs));
            switch (step.status) {
            case StepStatus::Failed:
                xml.writeStartElement(QStringLiteral("failure"));
                xml.writeAttribute(QStringLiteral("message"), xmlSafe(step.summary));
                xml.writeAttribute(QStringLiteral("type"), toString(step.layer));
                xml.writeCharacters(xmlSafe(failureText(step)));
                xml.writeEndElement();
                break;
            case StepStatus::Passed:
            case StepStatus::Warning:
                if (!step.summary.isEmpty())
                    xml.writeTextElement(QStringLiteral("system-out"), xmlSafe(step.summary));
                break;
            case StepStatus::Skipped:
            case StepStatus::Cancelled:
            case StepStatus::Pending:
            case StepStatus::Running:
                xml.writeEmptyElement(QStringLiteral("skipped"));
                xml.writeAttribute(QStringLiteral("message"),
                                   xmlSafe(step.skipReason.isEmpty() ? toString(step.status) : step.skipReason));
                break;
            }
            xml.writeEndElement(); // testcase
        }
        xml.writeEndElement(); // testsuite
    }
    xml.writeEndElement(); // testsuites
    xml.writeEndDocument();
    return bytes;
}

} // namespace cmic::validation
