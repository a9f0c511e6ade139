// The verdict on a whole report (ReportVerdict), writing a report to a file (ReportFile) and the one JSON shape
// of a finding, on reports built by hand.
#include "core/rules/Finding.h"
#include "core/validation/ReportFile.h"
#include "core/validation/ReportVerdict.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace cmic;
using namespace cmic::validation;

#define QCOMPARE_WORDS(actual, expected) QCOMPARE(toString(actual), toString(expected))

namespace {

Finding finding(Severity severity, const QString &code, const QString &fix)
{
    Finding f;
    f.severity = severity;
    f.subjectKind = SubjectKind::Registration;
    f.subjectId = QStringLiteral("reg-1");
    f.subjectName = QStringLiteral("Payroll export");
    f.field = QStringLiteral("issuer");
    f.code = code;
    f.message = QStringLiteral("Something about ") + code + QLatin1Char('.');
    f.fix = fix;
    return f;
}

// Every step passed, the CMiC call included.
ValidationReport allPassed()
{
    ValidationReport r = ValidationReport::empty();
    r.registrationId = QStringLiteral("reg-1");
    r.registrationName = QStringLiteral("Payroll export / nightly");
    r.environmentName = QStringLiteral("cmicprod");
    r.startedAt = QDateTime(QDate(2026, 5, 28), QTime(20, 40), Qt::UTC);
    r.finishedAt = r.startedAt.addSecs(2);
    for (StepResult &s : r.steps)
        s.status = StepStatus::Passed;
    r.step(StepId::CmicCall).summary = QStringLiteral("CMiC accepted the token on 1 probe endpoint.");
    return r;
}

ValidationReport cmicSkipped()
{
    ValidationReport r = allPassed();
    StepResult &call = r.step(StepId::CmicCall);
    call.status = StepStatus::Skipped;
    call.skipReason = QStringLiteral("Not requested: this run stops before calling CMiC.");
    call.summary = call.skipReason;
    return r;
}

ValidationReport failedAtToken()
{
    ValidationReport r = allPassed();
    StepResult &token = r.step(StepId::Token);
    token.status = StepStatus::Failed;
    token.layer = Layer::Idp;
    token.summary = QStringLiteral("The IdP refused the client (invalid_client).");
    token.findings << finding(Severity::Warning, QStringLiteral("token.note"), QStringLiteral("A warning's fix."))
                   << finding(Severity::Error, QStringLiteral("token.invalid_client"),
                              QStringLiteral("Check the client secret."));
    for (StepId id : {StepId::Signature, StepId::Claims, StepId::ServiceUser, StepId::CmicCall})
        r.step(id).status = StepStatus::Skipped;
    return r;
}

QStringList sortedKeys(const QJsonObject &object)
{
    QStringList keys = object.keys();
    keys.sort();
    return keys;
}

} // namespace

class TestReportVerdict : public QObject
{
    Q_OBJECT

private slots:
    void passedEndToEnd()
    {
        const ValidationReport r = allPassed();
        const ReportVerdict v = ReportVerdict::of(r);
        QCOMPARE(toString(v.outcome), QStringLiteral("passed"));
        QCOMPARE_WORDS(v.look, StepStatus::Passed);
        QVERIFY(v.ok());
        QVERIFY(!v.warnings);
        QCOMPARE(v.exitCode(), 0);
        QVERIFY(r.passed());
        QVERIFY2(v.headline.startsWith(QLatin1String("Passed")), qPrintable(v.headline));
        QVERIFY(v.headline.contains(QLatin1String("end to end")));
        QVERIFY(v.sentence.contains(QLatin1String("CMiC accepts")));
        QVERIFY(v.fix.isEmpty());
        QVERIFY(!v.failedStep);
        QVERIFY(v.resultLine().startsWith(QLatin1String("Result: PASSED")));
        QVERIFY(r.toText().contains(v.resultLine()));
        QCOMPARE(r.toJson().value(QLatin1String("verdict")).toObject().value(QLatin1String("outcome")).toString(),
                 QStringLiteral("passed"));
    }

    // A CMiC call that only warns because every probe was rate limited (429) never proves CMiC accepts the token.
    void rateLimitedCallIsNotPassed()
    {
        ValidationReport r = allPassed();
        StepResult &call = r.step(StepId::CmicCall);
        call.status = StepStatus::Warning;
        call.summary = QStringLiteral("CMiC did not judge the token: HTTP 429");
        net::HttpExchange limited;
        limited.status = 429;
        call.exchanges = {limited, limited};
        QCOMPARE(toString(ReportVerdict::of(r).outcome), QStringLiteral("ready-up-to-cmic-call"));
        net::HttpExchange accepted;
        accepted.status = 200;
        call.exchanges << accepted; // a retry CMiC answered
        QCOMPARE(toString(ReportVerdict::of(r).outcome), QStringLiteral("passed"));
    }

    void passedWithWarnings()
    {
        ValidationReport r = allPassed();
        r.step(StepId::Discovery).status = StepStatus::Warning;
        const ReportVerdict v = ReportVerdict::of(r);
        QCOMPARE(toString(v.outcome), QStringLiteral("passed"));
        QCOMPARE_WORDS(v.look, StepStatus::Warning);
        QVERIFY(v.warnings);
        QCOMPARE(v.exitCode(), 0);
        QVERIFY(v.headline.contains(QLatin1String("with warnings")));
        QVERIFY(v.sentence.contains(QLatin1String("warnings")));
        QVERIFY(v.statusLine().contains(QLatin1String("with warnings")));
        QCOMPARE(r.toJson().value(QLatin1String("verdict")).toObject().value(QLatin1String("warnings")).toBool(), true);
    }

    // With the CMiC call skipped the verdict is "ready up to the CMiC call", never that CMiC accepts the token.
    void cmicSkippedIsReadyUpToTheCmicCall()
    {
        const ValidationReport r = cmicSkipped();
        const ReportVerdict v = ReportVerdict::of(r);
        QCOMPARE(toString(v.outcome), QStringLiteral("ready-up-to-cmic-call"));
        QCOMPARE_WORDS(v.look, StepStatus::Passed);
        QVERIFY(v.ok());
        QCOMPARE(v.exitCode(), 0);
        QVERIFY(r.passed()); // the report's "passed" member stays what it was
        QCOMPARE(v.headline, QStringLiteral("Ready up to the CMiC call"));
        QVERIFY2(v.sentence.contains(QLatin1String("not requested")), qPrintable(v.sentence));
        QVERIFY2(v.statusLine().contains(QLatin1String("READY UP TO THE CMiC CALL")), qPrintable(v.statusLine()));
        const QString text = r.toText();
        const QString html = r.toHtml();
        const QString json = QString::fromUtf8(QJsonDocument(r.toJson()).toJson());
        for (const QString &written : {v.headline, v.sentence, v.statusLine(), text, html, json}) {
            QVERIFY2(!written.contains(QLatin1String("should accept")), qPrintable(written));
            QVERIFY2(!written.contains(QLatin1String("CMiC accepts")), qPrintable(written));
            QVERIFY2(!written.contains(QLatin1String("Result: PASSED")), qPrintable(written));
        }
        QVERIFY(text.contains(QLatin1String("Result: READY UP TO THE CMiC CALL")));
        QVERIFY(html.contains(QLatin1String("class=\"verdict ready-up-to-cmic-call\"")));
        const QJsonObject verdict = r.toJson().value(QLatin1String("verdict")).toObject();
        QCOMPARE(verdict.value(QLatin1String("outcome")).toString(), QStringLiteral("ready-up-to-cmic-call"));
        QCOMPARE(verdict.value(QLatin1String("headline")).toString(), v.headline);
        QCOMPARE(verdict.value(QLatin1String("sentence")).toString(), v.sentence);
        QCOMPARE(verdict.value(QLatin1String("exitCode")).toInt(-1), 0);

        ValidationReport warned = r;
        warned.step(StepId::Keys).status = StepStatus::Warning;
        const ReportVerdict w = ReportVerdict::of(warned);
        QCOMPARE(toString(w.outcome), QStringLiteral("ready-up-to-cmic-call"));
        QCOMPARE_WORDS(w.look, StepStatus::Warning);
        QVERIFY(w.headline.contains(QLatin1String("with warnings")));
    }

    void failedNamesTheStepTheLayerAndTheFix()
    {
        const ValidationReport r = failedAtToken();
        const ReportVerdict v = ReportVerdict::of(r);
        QCOMPARE(toString(v.outcome), QStringLiteral("failed"));
        QCOMPARE_WORDS(v.look, StepStatus::Failed);
        QVERIFY(!v.ok());
        QCOMPARE(v.exitCode(), 1);
        QVERIFY(v.failedStep);
        QCOMPARE_WORDS(*v.failedStep, StepId::Token);
        QCOMPARE_WORDS(v.failedLayer, Layer::Idp);
        QCOMPARE(v.headline, QStringLiteral("Failed at the Token step"));
        QVERIFY2(v.sentence.contains(QLatin1String("identity provider")), qPrintable(v.sentence));
        QVERIFY2(v.sentence.contains(QLatin1String("the IdP refused the client")), qPrintable(v.sentence));
        QCOMPARE(v.fix, QStringLiteral("Check the client secret.")); // the first error's fix, not the warning's
        QVERIFY(v.details().contains(QLatin1String("What to do: Check the client secret.")));
        QVERIFY2(v.statusLine().startsWith(QLatin1String("FAILED at the Token step (identity provider)")),
                 qPrintable(v.statusLine()));
        const QJsonObject verdict = r.toJson().value(QLatin1String("verdict")).toObject();
        QCOMPARE(verdict.value(QLatin1String("outcome")).toString(), QStringLiteral("failed"));
        QCOMPARE(verdict.value(QLatin1String("step")).toString(), QStringLiteral("token"));
        QCOMPARE(verdict.value(QLatin1String("layer")).toString(), QStringLiteral("idp"));
        QCOMPARE(verdict.value(QLatin1String("fix")).toString(), QStringLiteral("Check the client secret."));
        QCOMPARE(verdict.value(QLatin1String("exitCode")).toInt(), 1);
        QCOMPARE(r.toJson().value(QLatin1String("passed")).toBool(true), false);
    }

    void cancelled()
    {
        ValidationReport r = allPassed();
        r.cancelled = true;
        for (StepId id : {StepId::Keys, StepId::Signature, StepId::Claims, StepId::ServiceUser, StepId::CmicCall})
            r.step(id).status = StepStatus::Cancelled;
        const ReportVerdict v = ReportVerdict::of(r);
        QCOMPARE(toString(v.outcome), QStringLiteral("cancelled"));
        QCOMPARE_WORDS(v.look, StepStatus::Cancelled);
        QCOMPARE(v.exitCode(), 1);
        QCOMPARE(v.headline, QStringLiteral("Validation cancelled"));
        QVERIFY(v.statusLine().startsWith(QLatin1String("CANCELLED")));
        QVERIFY(r.toText().contains(QLatin1String("Result: CANCELLED")));
    }

    void incomplete()
    {
        const ValidationReport r = ValidationReport::empty();
        const ReportVerdict v = ReportVerdict::of(r);
        QCOMPARE(toString(v.outcome), QStringLiteral("incomplete"));
        QVERIFY(!v.ok());
        QCOMPARE(v.exitCode(), 1);
        QVERIFY(!v.headline.isEmpty());
    }

    // The verdict's exit code and the report's "passed" member always agree.
    void exitCodeAgreesWithPassed()
    {
        for (const ValidationReport &r : {allPassed(), cmicSkipped(), failedAtToken(), ValidationReport::empty()})
            QCOMPARE(ReportVerdict::of(r).exitCode() == 0, r.passed());
    }

    void writeReportJsonRoundTrip()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const ValidationReport r = failedAtToken();
        const QString path = dir.filePath(QStringLiteral("report.JSON"));
        QCOMPARE(toString(reportFormatForPath(path)), QStringLiteral("json"));
        QString error;
        QVERIFY2(writeReport(r, path, reportFormatForPath(path), &error), qPrintable(error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonDocument doc = QJsonDocument::fromJson(file.readAll());
        QVERIFY(doc.isObject());
        QCOMPARE(doc.object(), r.toJson());
    }

    void writeReportHtmlRoundTrip()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const ValidationReport r = cmicSkipped();
        const QString path = dir.filePath(QStringLiteral("report.html"));
        QCOMPARE(toString(reportFormatForPath(path)), QStringLiteral("html"));
        QCOMPARE(toString(reportFormatForPath(dir.filePath(QStringLiteral("report")))), QStringLiteral("html"));
        QVERIFY(writeReport(r, path, ReportFormat::Html));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(file.readAll()), r.toHtml());

        const QString textPath = dir.filePath(QStringLiteral("report.txt"));
        QVERIFY(writeReport(r, textPath, ReportFormat::Text));
        QFile text(textPath);
        QVERIFY(text.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(text.readAll()), r.toText());
        QCOMPARE(renderReport(r, ReportFormat::Text), r.toText().toUtf8());
    }

    void unwritablePathSaysWhatToDo()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString bad = dir.filePath(QStringLiteral("missing-folder/report.html"));
        QString error;
        QVERIFY(!writeReport(allPassed(), bad, ReportFormat::Html, &error));
        QVERIFY2(error.contains(QLatin1String("Choose a folder you can write to")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("report.html")), qPrintable(error));
        QVERIFY(!QFile::exists(bad));
        QVERIFY(!writeReport(allPassed(), bad, ReportFormat::Json)); // no error wanted: still false
    }

    void formatWords()
    {
        for (ReportFormat format : {ReportFormat::Text, ReportFormat::Json, ReportFormat::Html})
            QVERIFY(reportFormatFromString(toString(format)) == format);
        QVERIFY(!reportFormatFromString(u"pdf"));
    }

    void suggestedFileName()
    {
        ValidationReport r = allPassed();
        QCOMPARE(suggestedReportFileName(r, QDateTime()),
                 QStringLiteral("validation-Payroll-export-nightly-20260528-2040.html"));
        r.finishedAt = QDateTime();
        r.registrationName.clear();
        QCOMPARE(suggestedReportFileName(r, QDateTime(QDate(2026, 1, 2), QTime(3, 4), Qt::UTC)),
                 QStringLiteral("validation-registration-20260102-0304.html"));
    }

    // One JSON shape for a finding: the report's findings are Finding::toJson(), every member always present.
    void findingJsonShape()
    {
        const Finding f = finding(Severity::Error, QStringLiteral("claims.iss"), QStringLiteral("Register it."));
        const QJsonObject json = f.toJson();
        QCOMPARE(sortedKeys(json), (QStringList{QStringLiteral("code"), QStringLiteral("field"), QStringLiteral("fix"),
                                                QStringLiteral("message"), QStringLiteral("severity"),
                                                QStringLiteral("subject"), QStringLiteral("subjectId"),
                                                QStringLiteral("subjectKind"), QStringLiteral("subjectName")}));
        QCOMPARE(json.value(QLatin1String("severity")).toString(), QStringLiteral("error"));
        QCOMPARE(json.value(QLatin1String("subject")).toString(), QStringLiteral("registration \"Payroll export\""));
        QCOMPARE(json.value(QLatin1String("subjectName")).toString(), QStringLiteral("Payroll export"));
        QCOMPARE(json.value(QLatin1String("subjectKind")).toString(), QStringLiteral("registration"));
        QCOMPARE(sortedKeys(Finding().toJson()), sortedKeys(json)); // empty members are there too

        StepResult step;
        step.findings << f;
        const QJsonObject inReport = step.toJson().value(QLatin1String("findings")).toArray().first().toObject();
        QCOMPARE(inReport, json);
    }
};

QTEST_GUILESS_MAIN(TestReportVerdict)
#include "tst_reportverdict.moc"
