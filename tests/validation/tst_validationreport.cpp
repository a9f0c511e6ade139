// The report's words, verdict and writers (JSON, HTML, text) on a report built by hand.
#include "core/validation/ValidationReport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace cmic;
using namespace cmic::validation;

// QCOMPARE cannot print these enums (their toString returns a QString); compare their stable words instead.
#define QCOMPARE_WORDS(actual, expected) QCOMPARE(toString(actual), toString(expected))

namespace {

Finding finding(Severity severity, const QString &code, const QString &message, const QString &fix)
{
    Finding f;
    f.severity = severity;
    f.subjectKind = SubjectKind::Registration;
    f.subjectId = QStringLiteral("reg-1");
    f.subjectName = QStringLiteral("Payroll export");
    f.code = code;
    f.message = message;
    f.fix = fix;
    return f;
}

// Configuration passed, Discovery warning, Token passed, Keys passed, Signature passed, Claims failed (token
// layer), Service user skipped, CMiC call skipped.
ValidationReport handBuilt()
{
    ValidationReport r = ValidationReport::empty();
    r.registrationId = QStringLiteral("reg-1");
    r.registrationName = QStringLiteral("Payroll export");
    r.environmentName = QStringLiteral("cmicprod");
    r.startedAt = QDateTime(QDate(2026, 5, 28), QTime(20, 40), Qt::UTC);
    r.finishedAt = r.startedAt.addSecs(2);
    r.serverDate = r.startedAt.addSecs(-120);
    r.serverClockOffsetSeconds = -120;
    r.tokenHeader = {{QStringLiteral("alg"), QStringLiteral("RS256")}, {QStringLiteral("kid"), QStringLiteral("k1")}};
    r.tokenClaims = {{QStringLiteral("iss"), QStringLiteral("https://idp.example/")},
                     {QStringLiteral("note"), QStringLiteral("<script>alert(1)</script> & \"quotes\"")},
                     {QStringLiteral("evil"), QStringLiteral("\x1b[31mred\x1b[0m \u202Ereversed")}};
    for (StepResult &s : r.steps)
        s.status = StepStatus::Passed;

    StepResult &discovery = r.step(StepId::Discovery);
    discovery.status = StepStatus::Warning;
    discovery.findings << finding(Severity::Warning, QStringLiteral("discovery.issuer-mismatch"),
                                  QStringLiteral("The IdP's discovery says issuer A, but the registration has B."),
                                  QStringLiteral("Register exactly A."));
    net::HttpExchange exchange;
    exchange.method = QStringLiteral("POST");
    exchange.url = QUrl(QStringLiteral("https://idp.example/token"));
    exchange.requestHeaders = {{"Authorization", "Basic ***"}};
    exchange.requestBody = "grant_type=client_credentials&client_secret=***";
    exchange.status = 200;
    exchange.responseBodyExcerpt = R"({"access_token":"***","token_type":"Bearer"})";
    exchange.elapsedMs = 42;
    r.step(StepId::Token).exchanges << exchange;
    r.step(StepId::Token).summary = QStringLiteral("Token obtained (Bearer, expires in 1 h).");
    r.step(StepId::Token).checks << StepCheck{QStringLiteral("token.request"), jose::CheckStatus::Pass,
                                              QStringLiteral("The IdP issued a Bearer token.")};

    StepResult &claims = r.step(StepId::Claims);
    claims.status = StepStatus::Failed;
    claims.layer = Layer::Token;
    claims.summary = QStringLiteral("iss is wrong.");
    claims.checks << StepCheck{QStringLiteral("claims.iss"), jose::CheckStatus::Fail, QStringLiteral("iss <b>x</b>")};
    claims.findings << finding(Severity::Error, QStringLiteral("claims.iss"), QStringLiteral("iss is \"<b>x</b>\"."),
                               QStringLiteral("Register the issuer exactly."));

    for (StepId id : {StepId::ServiceUser, StepId::CmicCall}) {
        r.step(id).status = StepStatus::Skipped;
        r.step(id).skipReason = QStringLiteral("Not requested.");
    }
    return r;
}

} // namespace

class TestValidationReport : public QObject
{
    Q_OBJECT

private slots:
    void stableWords()
    {
        const QStringList steps{
            QStringLiteral("configuration"), QStringLiteral("discovery"), QStringLiteral("token"),
            QStringLiteral("keys"),          QStringLiteral("signature"), QStringLiteral("claims"),
            QStringLiteral("service-user"),  QStringLiteral("cmic-call"), QStringLiteral("reconciliation")};
        for (int i = 0; i < kStepCount; ++i) {
            QCOMPARE(toString(StepId(i)), steps.at(i));
            QVERIFY(!displayName(StepId(i)).isEmpty());
        }
        const QStringList layers{QStringLiteral("configuration"), QStringLiteral("network"), QStringLiteral("idp"),
                                 QStringLiteral("keys"),          QStringLiteral("token"),   QStringLiteral("cmic")};
        for (int i = 0; i < layers.size(); ++i) {
            QCOMPARE(toString(Layer(i)), layers.at(i));
            QVERIFY(!displayName(Layer(i)).isEmpty());
        }
        QCOMPARE(displayName(Layer::Network), QStringLiteral("network / TLS"));
        QCOMPARE(displayName(StepId::ServiceUser), QStringLiteral("Service user"));
        const QStringList statuses{QStringLiteral("pending"),  QStringLiteral("running"), QStringLiteral("passed"),
                                   QStringLiteral("warning"),  QStringLiteral("failed"),  QStringLiteral("skipped"),
                                   QStringLiteral("cancelled")};
        for (int i = 0; i < statuses.size(); ++i)
            QCOMPARE(toString(StepStatus(i)), statuses.at(i));
        QCOMPARE_WORDS(defaultLayer(StepId::Token), Layer::Idp);
        QCOMPARE_WORDS(defaultLayer(StepId::Keys), Layer::Keys);
        QCOMPARE_WORDS(defaultLayer(StepId::Signature), Layer::Token);
        QCOMPARE_WORDS(defaultLayer(StepId::CmicCall), Layer::Cmic);
        QCOMPARE_WORDS(defaultLayer(StepId::Configuration), Layer::Configuration);
    }

    // The step table decides the count, the order, the words, the names, the default layers and the needs.
    void stepTable()
    {
        QCOMPARE(kStepCount, int(std::size(kSteps)));
        QCOMPARE(ValidationReport::empty().steps.size(), qsizetype(kStepCount));
        QStringList words;
        QStringList names;
        for (int i = 0; i < kStepCount; ++i) {
            const StepInfo &info = kSteps[i];
            QCOMPARE_WORDS(info.id, StepId(i));
            QCOMPARE(toString(info.id), QLatin1String(info.word));
            QCOMPARE_WORDS(defaultLayer(info.id), info.defaultLayer);
            QVERIFY(stepFromString(toString(info.id)) == info.id);
            words << toString(info.id);
            names << displayName(info.id);
            for (StepId need : stepNeeds(info.id))
                QVERIFY2(int(need) < i, info.word); // a step needs only steps that run before it
        }
        QCOMPARE(QSet<QString>(words.cbegin(), words.cend()).size(), kStepCount);
        QCOMPARE(QSet<QString>(names.cbegin(), names.cend()).size(), kStepCount);
        QVERIFY(!stepFromString(u"no-such-step"));
        QVERIFY(stepNeeds(StepId::Configuration).isEmpty());
        QVERIFY(stepNeeds(StepId::Signature) == (QList<StepId>{StepId::Token, StepId::Keys}));
        QCOMPARE_WORDS(stepStatusOf(jose::CheckStatus::Warn), StepStatus::Warning);
        QCOMPARE_WORDS(stepStatusOf(jose::CheckStatus::Fail), StepStatus::Failed);
    }

    void emptyReportHasEveryStepPending()
    {
        const ValidationReport r = ValidationReport::empty();
        QCOMPARE(r.steps.size(), kStepCount);
        for (int i = 0; i < kStepCount; ++i) {
            QCOMPARE_WORDS(r.steps.at(i).step, StepId(i));
            QCOMPARE_WORDS(r.steps.at(i).status, StepStatus::Pending);
        }
        QVERIFY(!r.passed()); // nothing ran yet
        QVERIFY(!r.firstFailure());
        QVERIFY(r.allFindings().isEmpty());
    }

    void verdict()
    {
        ValidationReport r = handBuilt();
        QVERIFY(!r.passed());
        QVERIFY(r.firstFailure());
        QCOMPARE_WORDS(r.firstFailure()->step, StepId::Claims);
        const Findings all = r.allFindings();
        QCOMPARE(all.size(), 2);
        QCOMPARE(all.at(0).code, QStringLiteral("discovery.issuer-mismatch")); // in step order
        QCOMPARE(all.at(1).code, QStringLiteral("claims.iss"));

        r.step(StepId::Claims).status = StepStatus::Passed;
        QVERIFY(r.passed()); // warnings and "not applicable" skips are fine
        QVERIFY(!r.firstFailure());
        r.cancelled = true;
        QVERIFY(!r.passed());
        r.cancelled = false;
        r.step(StepId::CmicCall).status = StepStatus::Cancelled;
        QVERIFY(!r.passed());
    }

    // The environment is described with its CMiC patch level (issue 10, item 5): text, HTML and JSON.
    void environmentPatchLevelIsShown_data()
    {
        QTest::addColumn<int>("patch");
        QTest::addColumn<QString>("words");
        QTest::newRow("unknown") << 0 << QStringLiteral("(environment cmicprod, CMiC patch level unknown)");
        QTest::newRow("18") << 18 << QStringLiteral("(environment cmicprod, Patch 18 or earlier)");
        QTest::newRow("20") << 20 << QStringLiteral("(environment cmicprod, Patch 20)");
    }

    void environmentPatchLevelIsShown()
    {
        QFETCH(int, patch);
        QFETCH(QString, words);
        ValidationReport r = handBuilt();
        r.environmentPatchLevel = patch;
        QVERIFY2(r.toText().section(QLatin1Char('\n'), 0, 0).endsWith(words), qPrintable(r.toText()));
        QCOMPARE(r.toJson().value(QLatin1String("registration")).toObject().value(QLatin1String("patchLevel")).toInt(),
                 patch);
        QVERIFY(r.toHtml().contains(words.mid(13).chopped(1).toHtmlEscaped()));
    }

    void jsonCarriesEverything()
    {
        const ValidationReport r = handBuilt();
        const QJsonObject json = r.toJson();
        QCOMPARE(json.value(QLatin1String("passed")).toBool(true), false);
        QCOMPARE(json.value(QLatin1String("cancelled")).toBool(true), false);
        QCOMPARE(json.value(QLatin1String("registration")).toObject().value(QLatin1String("name")).toString(),
                 QStringLiteral("Payroll export"));
        QCOMPARE(json.value(QLatin1String("registration")).toObject().value(QLatin1String("environment")).toString(),
                 QStringLiteral("cmicprod"));
        QCOMPARE(json.value(QLatin1String("registration")).toObject().value(QLatin1String("patchLevel")).toInt(-1), 0);
        QCOMPARE(json.value(QLatin1String("firstFailure")).toObject().value(QLatin1String("step")).toString(),
                 QStringLiteral("claims"));
        QCOMPARE(json.value(QLatin1String("firstFailure")).toObject().value(QLatin1String("layer")).toString(),
                 QStringLiteral("token"));
        QCOMPARE(json.value(QLatin1String("startedAt")).toString(), QStringLiteral("2026-05-28T20:40:00Z"));
        QVERIFY(json.value(QLatin1String("serviceUser")).isNull());
        QCOMPARE(json.value(QLatin1String("serverClock")).toObject().value(QLatin1String("offsetSeconds")).toInt(),
                 -120);
        QCOMPARE(json.value(QLatin1String("token"))
                     .toObject()
                     .value(QLatin1String("header"))
                     .toObject()
                     .value(QLatin1String("kid"))
                     .toString(),
                 QStringLiteral("k1"));

        const QJsonArray steps = json.value(QLatin1String("steps")).toArray();
        QCOMPARE(steps.size(), kStepCount);
        const QJsonObject claims = steps.at(int(StepId::Claims)).toObject();
        QCOMPARE(claims.value(QLatin1String("step")).toString(), QStringLiteral("claims"));
        QCOMPARE(claims.value(QLatin1String("status")).toString(), QStringLiteral("failed"));
        QCOMPARE(claims.value(QLatin1String("layer")).toString(), QStringLiteral("token"));
        const QJsonObject f = claims.value(QLatin1String("findings")).toArray().first().toObject();
        QCOMPARE(f.value(QLatin1String("code")).toString(), QStringLiteral("claims.iss"));
        QCOMPARE(f.value(QLatin1String("severity")).toString(), QStringLiteral("error"));
        QCOMPARE(f.value(QLatin1String("fix")).toString(), QStringLiteral("Register the issuer exactly."));
        QCOMPARE(claims.value(QLatin1String("checks")).toArray().first().toObject().value(QLatin1String("id")),
                 QJsonValue(QStringLiteral("claims.iss")));
        QCOMPARE(claims.value(QLatin1String("checks")).toArray().first().toObject().value(QLatin1String("status")),
                 QJsonValue(QStringLiteral("fail")));
        const QJsonObject verdict = json.value(QLatin1String("verdict")).toObject();
        QCOMPARE(verdict.value(QLatin1String("outcome")).toString(), QStringLiteral("failed"));
        QCOMPARE(verdict.value(QLatin1String("step")).toString(), QStringLiteral("claims"));
        QCOMPARE(verdict.value(QLatin1String("layer")).toString(), QStringLiteral("token"));
        QVERIFY(!verdict.value(QLatin1String("headline")).toString().isEmpty());
        QVERIFY(!verdict.value(QLatin1String("sentence")).toString().isEmpty());
        const QJsonObject skipped = steps.at(int(StepId::CmicCall)).toObject();
        QCOMPARE(skipped.value(QLatin1String("skipReason")).toString(), QStringLiteral("Not requested."));
        const QJsonObject exchange =
            steps.at(int(StepId::Token)).toObject().value(QLatin1String("exchanges")).toArray().first().toObject();
        QCOMPARE(exchange.value(QLatin1String("status")).toInt(), 200);
        QVERIFY(exchange.value(QLatin1String("curl")).toString().startsWith(QLatin1String("curl")));
    }

    void htmlIsSelfContainedAndEscaped()
    {
        const QString html = handBuilt().toHtml();
        QVERIFY(html.startsWith(QLatin1String("<!DOCTYPE html>")));
        QVERIFY(html.contains(QLatin1String("<style>")));
        QVERIFY(!html.contains(QLatin1String("<script"), Qt::CaseInsensitive));
        QVERIFY(!html.contains(QLatin1String("<link"), Qt::CaseInsensitive));
        QVERIFY(!html.contains(QLatin1String("src="), Qt::CaseInsensitive));
        QVERIFY(!html.contains(QLatin1String("<b>x</b>")));
        QVERIFY(html.contains(QLatin1String("&lt;script&gt;alert(1)&lt;/script&gt; &amp;")));
        QVERIFY(html.contains(QLatin1String("iss &lt;b&gt;x&lt;/b&gt;")));
        QVERIFY(html.contains(QLatin1String("Payroll export")));
        QVERIFY(html.contains(QLatin1String("claims.iss")));
        QVERIFY(html.contains(QLatin1String("Register the issuer exactly.")));
        QVERIFY(html.contains(QLatin1String("Not requested.")));
        QVERIFY(html.contains(QLatin1String("class=\"failed\" id=\"step-claims\"")));
        QVERIFY(html.trimmed().endsWith(QLatin1String("</html>")));
    }

    void textHasNoTerminalControls()
    {
        const QString text = handBuilt().toText();
        QVERIFY(!text.contains(QChar(0x1b)));
        QVERIFY(!text.contains(QChar(0x202e)));
        QVERIFY(text.contains(QLatin1String("\\u001b[31mred")));
        QVERIFY(text.contains(QLatin1String("\\u202ereversed")));
        QVERIFY(text.contains(QLatin1String("FAILED")));
        QVERIFY(text.contains(QLatin1String("Claims")));
        QVERIFY(text.contains(QLatin1String("layer: token")));
        QVERIFY(text.contains(QLatin1String("fix: Register the issuer exactly.")));
        QVERIFY(text.contains(QLatin1String("POST https://idp.example/token -> HTTP 200 (42 ms)")));
        QVERIFY(text.contains(QLatin1String("120 s behind")));
        // One block per step, in order.
        qsizetype at = 0;
        for (int i = 0; i < kStepCount; ++i) {
            const qsizetype next = text.indexOf(QStringLiteral("%1. %2").arg(i + 1).arg(displayName(StepId(i))), at);
            QVERIFY2(next > at, qPrintable(displayName(StepId(i))));
            at = next;
        }
    }

    // A line feed in what a server said (here an IdP's error_description) stays inside its line: it cannot add a
    // line of its own, such as a made-up verdict.
    void textKeepsServerLineFeedsInTheirLine()
    {
        ValidationReport r = handBuilt();
        const QString fake = QStringLiteral("Result: PASSED. CMiC should accept this registration's tokens.");
        StepResult &token = r.step(StepId::Token);
        token.status = StepStatus::Failed;
        token.layer = Layer::Idp;
        token.summary = QStringLiteral("The IdP refused the client (\"bad\n") + fake + QStringLiteral("\").");
        token.findings << finding(Severity::Error, QStringLiteral("token.invalid_client"), token.summary,
                                  QStringLiteral("Check the secret."));
        const QString text = r.toText();
        QVERIFY2(text.contains(QLatin1String("bad\\u000aResult: PASSED")), qPrintable(text));
        for (const QString &line : text.split(QLatin1Char('\n')))
            QVERIFY2(!line.trimmed().startsWith(QLatin1String("Result: PASSED")), qPrintable(line));
    }
};

QTEST_GUILESS_MAIN(TestValidationReport)
#include "tst_validationreport.moc"
