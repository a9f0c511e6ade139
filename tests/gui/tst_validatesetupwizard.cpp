// Validate setup in the console. Widget level: the step model under QAbstractItemModelTester, status colours and
// glyph words, the flow diagram coloured by the steps each element stands for, the token time line (no nbf,
// expired, not yet valid, no exp), the token inspector, a step's findings and "copy as curl". End to end on the demo
// sandbox: a registration passes and names its service user, a wrong secret fails at the Token step with the
// identity provider named, a run is cancelled while the IdP is slow, the report is saved without a secret or the
// token, and a missing secret leads to the form and back without losing what was typed.
//
// CMIC_WIZARD_SCREENSHOTS=<folder> saves each page of the end-to-end runs as PNG there (for docs/screenshots).
#include "GuiTestKit.h"
#include "WizardTestKit.h"

#include "core/storage/MemorySecretStore.h"
#include "core/util/Clock.h"
#include "core/validation/ReportVerdict.h"
#include "core/validation/SetupValidator.h"
#include "gui/MainWindow.h"
#include "gui/ObjectForms.h"
#include "gui/SecretField.h"
#include "gui/ValidateSetupWizard.h"
#include "gui/validation/TokenInspector.h"
#include "gui/validation/TokenTimeline.h"
#include "gui/validation/ValidateResultPage.h"
#include "gui/validation/ValidateRunPage.h"
#include "gui/validation/ValidateStartPage.h"
#include "gui/validation/ValidationFlowDiagram.h"
#include "gui/validation/ValidationStatusStyle.h"
#include "gui/validation/ValidationStepDetails.h"
#include "gui/validation/ValidationStepModel.h"
#include "sandbox/DemoIdentityProvider.h"
#include "sandbox/DemoSandbox.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTextBrowser>
#include <QTextDocument>
#include <QToolTip>
#include <QTreeWidget>

using namespace cmic;
using namespace cmic::test;
using namespace cmic::validation;

Q_DECLARE_METATYPE(cmic::validation::StepStatus)
Q_DECLARE_METATYPE(QList<cmic::validation::StepStatus>)
Q_DECLARE_METATYPE(cmic::TokenTimeline::State)
Q_DECLARE_METATYPE(std::optional<qint64>)

namespace {

StepResult step(StepId id, StepStatus status, const QString &summary = {}, const QString &skipReason = {})
{
    StepResult r;
    r.step = id;
    r.layer = defaultLayer(id);
    r.status = status;
    r.summary = summary;
    r.skipReason = skipReason;
    r.elapsedMs = 85;
    return r;
}

// A run that failed at the Token step: the IdP refused the client, everything after it skipped.
ValidationReport failedAtToken()
{
    ValidationReport report = ValidationReport::empty();
    report.registrationId = QStringLiteral("reg-1");
    report.registrationName = QStringLiteral("Payroll");
    report.step(StepId::Configuration) = step(StepId::Configuration, StepStatus::Passed, QStringLiteral("ok"));
    report.step(StepId::Discovery) = step(StepId::Discovery, StepStatus::Passed, QStringLiteral("read"));
    StepResult token = step(StepId::Token, StepStatus::Failed, QStringLiteral("invalid_client"));
    token.layer = Layer::Idp;
    report.step(StepId::Token) = token;
    report.step(StepId::Keys) = step(StepId::Keys, StepStatus::Passed, QStringLiteral("2 keys"));
    for (StepId id : {StepId::Signature, StepId::Claims, StepId::ServiceUser, StepId::CmicCall})
        report.step(id) = step(id, StepStatus::Skipped, {}, QStringLiteral("the token step failed"));
    return report;
}

// A run where every step passed; |probed| false: CMiC was not called (the CMiC call skipped), the rest passed.
ValidationReport passedReport(bool probed)
{
    ValidationReport report = ValidationReport::empty();
    report.registrationId = QStringLiteral("reg-1");
    report.registrationName = QStringLiteral("Payroll");
    report.serviceUser = QStringLiteral("SVC_PAYROLL");
    for (int i = 0; i < kStepCount; ++i) {
        const auto id = static_cast<StepId>(i);
        report.step(id) = step(id, StepStatus::Passed, QStringLiteral("ok"));
    }
    if (!probed)
        report.step(StepId::CmicCall) =
            step(StepId::CmicCall, StepStatus::Skipped, {}, QStringLiteral("the CMiC call was not requested"));
    return report;
}

// The text a tooltip shows: QToolTip renders it as HTML when it looks like markup.
QString shownTooltip(const QString &tip)
{
    if (!Qt::mightBeRichText(tip))
        return tip;
    QTextDocument document;
    document.setHtml(tip);
    return document.toPlainText();
}

bool imageHasColor(const QImage &image, const QRectF &logical, const QColor &color)
{
    const qreal dpr = image.devicePixelRatio();
    const QRect r = QRectF(logical.topLeft() * dpr, logical.size() * dpr).toAlignedRect() & image.rect();
    for (int y = r.top(); y <= r.bottom(); ++y) {
        for (int x = r.left(); x <= r.right(); ++x) {
            if (image.pixelColor(x, y).rgb() == color.rgb())
                return true;
        }
    }
    return false;
}

QJsonObject claimsAt(const QDateTime &now, qint64 iatOffset, std::optional<qint64> nbfOffset,
                     std::optional<qint64> expOffset)
{
    QJsonObject claims{{QStringLiteral("iss"), QStringLiteral("https://idp.example.com/")},
                       {QStringLiteral("iat"), double(now.toSecsSinceEpoch() + iatOffset)}};
    if (nbfOffset)
        claims.insert(QStringLiteral("nbf"), double(now.toSecsSinceEpoch() + *nbfOffset));
    if (expOffset)
        claims.insert(QStringLiteral("exp"), double(now.toSecsSinceEpoch() + *expOffset));
    return claims;
}

} // namespace

class tst_ValidateSetupWizard : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    // The demo sandbox and a main window on its workspace, as `cmic-oauth-console --demo` opens it.
    struct Demo
    {
        std::unique_ptr<sandbox::DemoSandbox> sandbox;
        std::unique_ptr<MemorySecretStore> secrets;
        std::unique_ptr<MainWindow> window;
        ScriptedPrompts *prompts = nullptr;

        ~Demo()
        {
            window.reset(); // the wizard (a child) before the store it reads
            secrets.reset();
        }
        QString secretOf(const QString &registrationId, const QString &kind = QStringLiteral("client-secret")) const
        {
            const QString key = SecretStore::key(sandbox->workspace().id, registrationId, kind);
            for (const sandbox::DemoSecret &s : sandbox->secrets()) {
                if (s.key == key)
                    return s.value;
            }
            return {};
        }
    };

    void startDemo(Demo &demo)
    {
        demo.sandbox = std::make_unique<sandbox::DemoSandbox>(Clock::system());
        QString error;
        QVERIFY2(demo.sandbox->start({}, &error), qPrintable(error));
        demo.secrets = std::make_unique<MemorySecretStore>();
        demo.window = std::make_unique<MainWindow>(demo.secrets.get());
        auto prompts = std::make_unique<ScriptedPrompts>();
        demo.prompts = prompts.get();
        demo.window->setPrompts(std::move(prompts));
        QVERIFY(demo.window->loadSandbox(*demo.sandbox));
        QTRY_COMPARE(demo.secrets->count(), int(demo.sandbox->secrets().size()));
        demo.window->show();
    }

    static void screenshot(QWidget *widget, const QString &name)
    {
        const QString folder = qEnvironmentVariable("CMIC_WIZARD_SCREENSHOTS");
        if (folder.isEmpty())
            return;
        QDir().mkpath(folder);
        widget->grab().save(QDir(folder).filePath(name + QStringLiteral(".png")));
    }

    template <typename T>
    static T *child(QWidget *parent, const char *name)
    {
        return parent->findChild<T *>(QString::fromLatin1(name));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("cmic-oauth-wizardtest"));
        QSettings().clear();
    }

    // ---- widgets, from hand-built results ----------------------------------------------------------------------

    void stepModelFollowsARunUnderModelTester()
    {
        ValidationStepModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), kStepCount);
        QCOMPARE(model.columnCount(), int(ValidationStepModel::ColumnCount));
        for (int row = 0; row < kStepCount; ++row)
            QCOMPARE(model.index(row, 0).data(ValidationStepModel::StatusRole).toInt(), int(StepStatus::Pending));
        QCOMPARE(model.index(int(StepId::Token), 0).data().toString(), displayName(StepId::Token));

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setStepRunning(StepId::Configuration);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(model.index(0, 0).data(ValidationStepModel::StatusRole).toInt(), int(StepStatus::Running));
        model.setStepResult(step(StepId::Configuration, StepStatus::Passed, QStringLiteral("All rules pass")));
        QCOMPARE(model.index(0, ValidationStepModel::SummaryColumn).data().toString(),
                 QStringLiteral("All rules pass"));
        QCOMPARE(model.index(0, ValidationStepModel::ElapsedColumn).data().toString(), QStringLiteral("85 ms"));
        QVERIFY(!model.index(0, 0).data(Qt::DecorationRole).value<QIcon>().isNull());
        QVERIFY(model.index(0, 0)
                    .data(Qt::AccessibleTextRole)
                    .toString()
                    .contains(ValidationStatusStyle::label(StepStatus::Passed)));

        model.setReport(failedAtToken());
        const QModelIndex token = model.indexOf(StepId::Token);
        QCOMPARE(token.data(ValidationStepModel::StatusRole).toInt(), int(StepStatus::Failed));
        QCOMPARE(model.indexOf(StepId::Claims, ValidationStepModel::SummaryColumn).data().toString(),
                 QStringLiteral("Skipped: the token step failed"));
        QCOMPARE(model.indexOf(StepId::Claims, ValidationStepModel::ElapsedColumn).data().toString(), QString());
        model.clear();
        QCOMPARE(model.indexOf(StepId::Token).data(ValidationStepModel::StatusRole).toInt(), int(StepStatus::Pending));
    }

    void everyStatusHasItsOwnColourGlyphAndWord()
    {
        const QPalette palette = QApplication::palette();
        const QList<StepStatus> all = {StepStatus::Pending,  StepStatus::Running, StepStatus::Passed,
                                       StepStatus::Warning,  StepStatus::Failed,  StepStatus::Skipped,
                                       StepStatus::Cancelled};
        QSet<QString> words;
        QSet<QRgb> glyphs;
        for (StepStatus s : all) {
            words.insert(ValidationStatusStyle::label(s));
            QImage image(32, 32, QImage::Format_ARGB32);
            image.fill(Qt::transparent);
            QPainter painter(&image);
            ValidationStatusStyle::paintGlyph(painter, QRectF(0, 0, 32, 32), s, palette);
            painter.end();
            glyphs.insert(qHash(QByteArray(reinterpret_cast<const char *>(image.constBits()), image.sizeInBytes())));
        }
        QCOMPARE(words.size(), all.size());  // a word per status: never colour alone
        QCOMPARE(glyphs.size(), all.size()); // and a different drawing
        QCOMPARE(ValidationStatusStyle::color(StepStatus::Failed, palette), QColor(0xc6, 0x28, 0x28));
        QCOMPARE(ValidationStatusStyle::color(StepStatus::Passed, palette), QColor(0x2e, 0x7d, 0x32));
        QCOMPARE(ValidationStatusStyle::color(StepStatus::Warning, palette), QColor(0xb0, 0x6a, 0x00)); // 3:1 on white
        QCOMPARE(ValidationStatusStyle::color(StepStatus::Running, palette), palette.color(QPalette::Highlight));
        QVERIFY(ValidationStatusStyle::color(StepStatus::Pending, palette)
                != ValidationStatusStyle::color(StepStatus::Cancelled, palette));
    }

    void combinedStatus_data()
    {
        QTest::addColumn<QList<StepStatus>>("statuses");
        QTest::addColumn<StepStatus>("expected");
        using S = StepStatus;
        QTest::newRow("all pending") << QList<S>{S::Pending, S::Pending} << S::Pending;
        QTest::newRow("a failure wins") << QList<S>{S::Passed, S::Failed, S::Skipped} << S::Failed;
        QTest::newRow("failure over cancel") << QList<S>{S::Cancelled, S::Failed} << S::Failed;
        QTest::newRow("cancelled") << QList<S>{S::Passed, S::Cancelled} << S::Cancelled;
        QTest::newRow("running") << QList<S>{S::Passed, S::Running, S::Pending} << S::Running;
        QTest::newRow("half done is running") << QList<S>{S::Passed, S::Pending} << S::Running;
        QTest::newRow("warning") << QList<S>{S::Passed, S::Warning} << S::Warning;
        QTest::newRow("passed with skips") << QList<S>{S::Passed, S::Skipped} << S::Passed;
        QTest::newRow("all skipped") << QList<S>{S::Skipped} << S::Skipped;
    }
    void combinedStatus()
    {
        QFETCH(QList<StepStatus>, statuses);
        QFETCH(StepStatus, expected);
        QCOMPARE(toString(ValidationStatusStyle::combined(statuses)), toString(expected));
    }

    void diagramColoursEachElementByItsSteps()
    {
        ValidationFlowDiagram diagram;
        diagram.resize(820, diagram.sizeHint().height());
        using E = ValidationFlowDiagram::Element;
        QCOMPARE(toString(diagram.status(E::IdentityProvider)), toString(StepStatus::Pending));

        diagram.setStepRunning(StepId::Configuration);
        QCOMPARE(toString(diagram.status(E::Console)), toString(StepStatus::Running));
        QCOMPARE(toString(diagram.status(E::IdentityProvider)), toString(StepStatus::Pending));

        diagram.setReport(failedAtToken());
        QCOMPARE(toString(diagram.status(E::IdentityProvider)), toString(StepStatus::Failed));
        QCOMPARE(toString(diagram.status(E::TokenArrow)), toString(StepStatus::Failed));
        QCOMPARE(toString(diagram.status(E::DiscoveryArrow)), toString(StepStatus::Passed));
        QCOMPARE(toString(diagram.status(E::KeysArrow)), toString(StepStatus::Passed));
        QCOMPARE(toString(diagram.status(E::Console)),
                 toString(StepStatus::Passed)); // configuration passed, the rest skipped
        QCOMPARE(toString(diagram.status(E::CmicArrow)), toString(StepStatus::Skipped));
        QCOMPARE(diagram.color(E::TokenArrow), ValidationStatusStyle::color(StepStatus::Failed, diagram.palette()));
        QVERIFY(diagram.description(E::IdentityProvider).contains(QStringLiteral("Token failed")));
        QVERIFY(diagram.description(E::TokenArrow).contains(QStringLiteral("invalid_client")));
        QVERIFY(diagram.accessibleDescription().contains(QStringLiteral("Identity provider: failed")));

        // What is painted: red on the token arrow, green and no red on the keys arrow.
        const QImage image = diagram.grab().toImage();
        const QColor red = ValidationStatusStyle::color(StepStatus::Failed, diagram.palette());
        const QColor green = ValidationStatusStyle::color(StepStatus::Passed, diagram.palette());
        QVERIFY(imageHasColor(image, diagram.elementRect(E::TokenArrow), red));
        QVERIFY(imageHasColor(image, diagram.elementRect(E::KeysArrow), green));
        QVERIFY(!imageHasColor(image, diagram.elementRect(E::KeysArrow), red));
        QVERIFY(!imageHasColor(image, diagram.elementRect(E::Cmic), red));
    }

    void diagramClickSelectsTheStep()
    {
        ValidationFlowDiagram diagram;
        diagram.resize(820, diagram.sizeHint().height());
        diagram.setReport(failedAtToken());
        QSignalSpy clicked(&diagram, &ValidationFlowDiagram::stepClicked);
        using E = ValidationFlowDiagram::Element;
        QTest::mouseClick(&diagram, Qt::LeftButton, {}, diagram.elementRect(E::KeysArrow).center().toPoint());
        QTest::mouseClick(&diagram, Qt::LeftButton, {}, diagram.elementRect(E::IdentityProvider).center().toPoint());
        QCOMPARE(clicked.size(), 2);
        QCOMPARE(toString(clicked.at(0).at(0).value<StepId>()), toString(StepId::Keys));
        QCOMPARE(toString(clicked.at(1).at(0).value<StepId>()), toString(StepId::Token)); // the box: its failed step
    }

    void timeline_data()
    {
        QTest::addColumn<qint64>("iat");
        QTest::addColumn<std::optional<qint64>>("nbf");
        QTest::addColumn<std::optional<qint64>>("exp");
        QTest::addColumn<TokenTimeline::State>("state");
        QTest::addColumn<QStringList>("markers");
        QTest::addColumn<QString>("text");
        using O = std::optional<qint64>;
        const QStringList all = {QStringLiteral("iat"), QStringLiteral("nbf"), QStringLiteral("now"),
                                 QStringLiteral("exp")};
        QTest::newRow("valid") << qint64(-60) << O(-60) << O(3540) << TokenTimeline::State::Valid << all
                               << QStringLiteral("Valid for another 59 min");
        QTest::newRow("no nbf") << qint64(-60) << O() << O(3540) << TokenTimeline::State::Valid
                                << QStringList{QStringLiteral("iat"), QStringLiteral("now"), QStringLiteral("exp")}
                                << QStringLiteral("no nbf claim");
        QTest::newRow("expired") << qint64(-7200) << O(-7200) << O(-3600) << TokenTimeline::State::Expired
                                 << QStringList{QStringLiteral("iat"), QStringLiteral("nbf"), QStringLiteral("exp"),
                                                QStringLiteral("now")}
                                 << QStringLiteral("Expired 1 h 00 min ago");
        QTest::newRow("expired within skew")
            << qint64(-3630) << O(-3630) << O(-30) << TokenTimeline::State::ExpiredWithinSkew
            << QStringList{QStringLiteral("iat"), QStringLiteral("nbf"), QStringLiteral("exp"), QStringLiteral("now")}
            << QStringLiteral("still accepted within the clock skew");
        QTest::newRow("not yet valid") << qint64(0) << O(600) << O(4200) << TokenTimeline::State::NotYetValid
                                       << QStringList{QStringLiteral("iat"), QStringLiteral("now"),
                                                      QStringLiteral("nbf"), QStringLiteral("exp")}
                                       << QStringLiteral("becomes valid in 10 min");
        QTest::newRow("no exp") << qint64(-60) << O() << O() << TokenTimeline::State::NoExpiry
                                << QStringList{QStringLiteral("iat"), QStringLiteral("now")}
                                << QStringLiteral("no exp claim");
    }
    void timeline()
    {
        QFETCH(qint64, iat);
        QFETCH(std::optional<qint64>, nbf);
        QFETCH(std::optional<qint64>, exp);
        QFETCH(TokenTimeline::State, state);
        QFETCH(QStringList, markers);
        QFETCH(QString, text);
        const QDateTime now(QDate(2026, 11, 1), QTime(9, 0), Qt::UTC);
        TokenTimeline timeline;
        timeline.resize(700, timeline.sizeHint().height());
        QCOMPARE(timeline.state(), TokenTimeline::State::NoToken);
        timeline.setToken(claimsAt(now, iat, nbf, exp), now, 60);
        QCOMPARE(timeline.state(), state);
        QCOMPARE(timeline.hasNotBefore(), nbf.has_value());
        QStringList names;
        for (const TokenTimeline::Marker &m : timeline.markers())
            names.append(m.name);
        QCOMPARE(names, markers);
        QVERIFY2(timeline.statusText().contains(text), qPrintable(timeline.statusText()));
        QCOMPARE(timeline.accessibleDescription(), timeline.statusText());
        QVERIFY(!timeline.grab().isNull()); // paints every shape without asserting
    }

    void inspectorShowsHeaderAndClaimsAsATree()
    {
        const QDateTime now(QDate(2026, 11, 1), QTime(9, 0), Qt::UTC);
        TokenInspector inspector;
        const QJsonObject header{{QStringLiteral("alg"), QStringLiteral("RS256")},
                                 {QStringLiteral("kid"), QStringLiteral("key-1")}};
        QJsonObject claims = claimsAt(now, -60, std::nullopt, 3540);
        claims.insert(QStringLiteral("aud"), QJsonArray{QStringLiteral("api://a"), QStringLiteral("api://b")});
        claims.insert(QStringLiteral("cmicuser"), QStringLiteral("SVC_DEMO"));
        claims.insert(QStringLiteral("extra"), QJsonObject{{QStringLiteral("nested"), true}});
        inspector.setToken(header, claims, now, 60, QStringLiteral("cmicuser"));
        QVERIFY(inspector.item(QStringLiteral("header")));
        QCOMPARE(inspector.item(QStringLiteral("header"), QStringLiteral("alg"))->text(1), QStringLiteral("RS256"));
        QCOMPARE(inspector.item(QStringLiteral("claims"), QStringLiteral("aud"))->text(1),
                 QStringLiteral("[api://a, api://b]"));
        const QString exp = inspector.item(QStringLiteral("claims"), QStringLiteral("exp"))->text(1);
        QVERIFY2(exp.startsWith(QString::number(now.toSecsSinceEpoch() + 3540) + QStringLiteral(" (")),
                 qPrintable(exp));
        QVERIFY(inspector.item(QStringLiteral("claims"), QStringLiteral("cmicuser"))
                    ->text(2)
                    .contains(QStringLiteral("CMiC user")));
        QTreeWidgetItem *extra = inspector.item(QStringLiteral("claims"), QStringLiteral("extra"));
        QCOMPARE(extra->childCount(), 1);
        QCOMPARE(extra->child(0)->text(1), QStringLiteral("true"));
        QCOMPARE(inspector.timeline()->state(), TokenTimeline::State::Valid);
        QVERIFY(
            inspector.findChild<QLabel *>(QStringLiteral("tokenLifetime"))->text().contains(QStringLiteral("no nbf")));
        inspector.clear();
        QCOMPARE(inspector.tree()->topLevelItemCount(), 0);
        QCOMPARE(inspector.timeline()->state(), TokenTimeline::State::NoToken);
    }

    void stepDetailsListFindingsChecksAndCopyAsCurl()
    {
        ValidationStepDetails details;
        StepResult r = step(StepId::Discovery, StepStatus::Failed, QStringLiteral("issuer differs"));
        r.layer = Layer::Idp;
        Finding withField;
        withField.severity = Severity::Error;
        withField.subjectKind = SubjectKind::Registration;
        withField.subjectId = QStringLiteral("reg-1");
        withField.field = QStringLiteral("issuer");
        withField.code = QStringLiteral("discovery.issuer");
        withField.message = QStringLiteral("The issuer <b>differs</b>.");
        withField.fix = QStringLiteral("Copy the issuer from discovery.");
        Finding noField = withField;
        noField.field.clear();
        noField.severity = Severity::Warning;
        noField.code = QStringLiteral("discovery.slow");
        r.findings = {withField, noField};
        r.checks = {{QStringLiteral("discovery.read"), jose::CheckStatus::Pass, QStringLiteral("Read")},
                    {QStringLiteral("discovery.issuer"), jose::CheckStatus::Fail, QStringLiteral("Issuer differs")}};
        net::HttpExchange x;
        x.method = QStringLiteral("GET");
        x.url = QUrl(QStringLiteral("https://idp.example.com/.well-known/openid-configuration"));
        x.status = 200;
        x.elapsedMs = 42;
        r.exchanges = {x};
        details.setResult(r);

        QCOMPARE(details.tabs()->tabText(0), QStringLiteral("Findings (2)"));
        QCOMPARE(details.checksView()->topLevelItemCount(), 2);
        QCOMPARE(details.exchangesView()->topLevelItemCount(), 1);
        QCOMPARE(details.exchangesView()->topLevelItem(0)->text(2), QStringLiteral("200"));
        const QString html = details.findingsView()->toHtml();
        QVERIFY(!html.contains(QStringLiteral("<b>differs</b>"))); // escaped
        QVERIFY(html.contains(QStringLiteral("finding:0")));
        QVERIFY(!html.contains(QStringLiteral("finding:1"))); // no field, no link

        QSignalSpy activated(&details, &ValidationStepDetails::findingActivated);
        emit details.findingsView()->anchorClicked(QUrl(QStringLiteral("finding:0")));
        QCOMPARE(activated.size(), 1);
        QCOMPARE(activated.at(0).at(0).value<Finding>(), withField);

        auto *copy = details.findChild<QPushButton *>(QStringLiteral("copyCurlButton"));
        QVERIFY(copy && copy->isEnabled());
        QGuiApplication::clipboard()->clear();
        QTest::mouseClick(copy, Qt::LeftButton);
        QCOMPARE(QGuiApplication::clipboard()->text(), x.toCurl());

        details.setResult(step(StepId::Signature, StepStatus::Skipped, {}, QStringLiteral("no token")));
        QVERIFY(!copy->isEnabled());
        QVERIFY(details.findingsView()->toPlainText().contains(QStringLiteral("no token")));
    }

    // A check's message carries what servers and tokens said (e.g. the iss claim); its tooltip shows it as written.
    void checkTooltipShowsServerTextAsWritten()
    {
        ValidationStepDetails details;
        StepResult r = step(StepId::Claims, StepStatus::Failed, QStringLiteral("iss differs"));
        const QString message = QStringLiteral("iss is \"<b>trusted</b> issuer\", not the registered issuer.");
        r.checks = {{QStringLiteral("claims.iss"), jose::CheckStatus::Fail, message}};
        details.setResult(r);
        QCOMPARE(details.checksView()->topLevelItemCount(), 1);
        QCOMPARE(shownTooltip(details.checksView()->topLevelItem(0)->toolTip(1)), message);
    }

    // And a step's tooltip in the step list, which carries its summary.
    void stepListTooltipShowsTheSummaryAsWritten()
    {
        ValidationStepModel model;
        const QString summary = QStringLiteral("iss is \"<b>trusted</b> issuer\".");
        model.setStepResult(step(StepId::Claims, StepStatus::Failed, summary));
        const QString tip =
            model.index(int(StepId::Claims), ValidationStepModel::SummaryColumn).data(Qt::ToolTipRole).toString();
        QVERIFY2(shownTooltip(tip).contains(summary), qPrintable(shownTooltip(tip)));
    }

    // And the flow diagram's tooltip, which carries the step's summary.
    void diagramTooltipShowsTheSummaryAsWritten()
    {
        ValidationFlowDiagram diagram;
        diagram.resize(820, diagram.sizeHint().height());
        diagram.show();
        QVERIFY(QTest::qWaitForWindowExposed(&diagram));
        ValidationReport report = failedAtToken();
        const QString summary = QStringLiteral("The IdP said \"<b>all is well</b>\".");
        report.step(StepId::Token).summary = summary;
        diagram.setReport(report);
        const QPoint at = diagram.elementRect(ValidationFlowDiagram::Element::TokenArrow).center().toPoint();
        QHelpEvent help(QEvent::ToolTip, at, diagram.mapToGlobal(at));
        QCoreApplication::sendEvent(&diagram, &help);
        QVERIFY2(shownTooltip(QToolTip::text()).contains(summary), qPrintable(QToolTip::text()));
        QToolTip::hideText();
    }

    // So does a claim's in the token inspector: the IdP chose it.
    void inspectorTooltipShowsClaimAsWritten()
    {
        const QDateTime now(QDate(2026, 11, 1), QTime(9, 0), Qt::UTC);
        TokenInspector inspector;
        QJsonObject claims = claimsAt(now, -60, std::nullopt, 3540);
        const QString sub = QStringLiteral("<b>trusted</b> client");
        claims.insert(QStringLiteral("sub"), sub);
        inspector.setToken({{QStringLiteral("alg"), QStringLiteral("RS256")}}, claims, now, 60, QString());
        QTreeWidgetItem *item = inspector.item(QStringLiteral("claims"), QStringLiteral("sub"));
        QVERIFY(item);
        QCOMPARE(item->text(1), sub);
        QCOMPARE(shownTooltip(item->toolTip(1)), sub);
    }

    void eachPageIsItsOwnClassAndTheHeadlineIsTheReportVerdict()
    {
        Workspace ws;
        ws.id = QStringLiteral("ws");
        WorkspaceDocument document;
        document.reset(ws, QString());
        MemorySecretStore secrets;
        ValidateSetupWizard wizard(&document, &secrets, Clock::system());
        auto *start = qobject_cast<ValidateStartPage *>(wizard.page(ValidateSetupWizard::StartPageId));
        auto *run = qobject_cast<ValidateRunPage *>(wizard.page(ValidateSetupWizard::RunPageId));
        auto *result = qobject_cast<ValidateResultPage *>(wizard.page(ValidateSetupWizard::ResultPageId));
        QVERIFY(start);
        QVERIFY(run);
        QVERIFY(result);
        QCOMPARE(start, wizard.startPage());
        QCOMPARE(run, wizard.runPage());
        QCOMPARE(result, wizard.resultPage());
        QCOMPARE(start->objectName(), QStringLiteral("validateStartPage"));
        QCOMPARE(run->objectName(), QStringLiteral("validateRunPage"));
        QCOMPARE(result->objectName(), QStringLiteral("validateResultPage"));
        QVERIFY(!start->isComplete()); // no registration
        QVERIFY(!run->isComplete());   // no run yet

        auto *headline = child<QLabel>(result, "resultHeadline");
        QVERIFY(headline);
        const QList<ValidationReport> reports{passedReport(true), passedReport(false), failedAtToken()};
        const QList<ReportVerdict::Outcome> outcomes{
            ReportVerdict::Outcome::Passed, ReportVerdict::Outcome::ReadyUpToCmicCall, ReportVerdict::Outcome::Failed};
        for (qsizetype i = 0; i < reports.size(); ++i) {
            const ReportVerdict verdict = ReportVerdict::of(reports.at(i));
            QCOMPARE(toString(verdict.outcome), toString(outcomes.at(i)));
            result->showResult(reports.at(i));
            QCOMPARE(headline->text(), verdict.headline);
            QCOMPARE(child<QLabel>(result, "resultDetail")->text(), verdict.details());
        }
    }

    void wizardFitsIn800x600AndNamesItsWidgets()
    {
        Workspace ws;
        ws.id = QStringLiteral("ws");
        AppRegistration reg;
        reg.id = QStringLiteral("reg");
        reg.name = QStringLiteral("Registration with a rather long name to check the layout");
        ws.registrations.append(reg);
        WorkspaceDocument document;
        document.reset(ws, QString());
        MemorySecretStore secrets;
        ValidateSetupWizard wizard(&document, &secrets, Clock::system());
        wizard.setRegistration(reg.id);
        QTRY_COMPARE(wizard.credentialState(), ValidateSetupWizard::CredentialState::Missing);
        QVERIFY(!wizard.button(QWizard::NextButton)->isEnabled()); // nothing to run with
        const QSize minimum = wizard.minimumSizeHint();
        QVERIFY2(minimum.width() <= 800 && minimum.height() <= 600,
                 qPrintable(QStringLiteral("%1x%2").arg(minimum.width()).arg(minimum.height())));
        const QList<QWidget *> widgets = wizard.findChildren<QWidget *>();
        for (QWidget *w : widgets) {
            const bool interactive = qobject_cast<QAbstractButton *>(w) || qobject_cast<QLineEdit *>(w)
                                     || qobject_cast<QComboBox *>(w) || qobject_cast<QAbstractItemView *>(w);
            if (!interactive || w->objectName().startsWith(QLatin1String("qt_")) || !w->parent()
                || w->parent()->objectName().startsWith(QLatin1String("qt_")))
                continue;
            // Popup lists, headers, scroll and clear buttons: the parts Qt builds into its widgets.
            bool internal = false;
            for (QWidget *p = w->parentWidget(); p && !internal; p = p->parentWidget())
                internal = qobject_cast<QComboBox *>(p) || qobject_cast<QTabBar *>(p) || qobject_cast<QLineEdit *>(p)
                           || qobject_cast<QAbstractScrollArea *>(p);
            if (internal)
                continue;
            QVERIFY2(!w->objectName().isEmpty(), w->metaObject()->className());
            QVERIFY2(!w->accessibleName().isEmpty(), qPrintable(w->objectName()));
        }
    }

    // ---- end to end on the demo sandbox -------------------------------------------------------------------------

    void demoRegistrationPassesAndNamesItsServiceUser()
    {
        Demo demo;
        startDemo(demo);
        if (QTest::currentTestFailed())
            return;
        ValidateSetupWizard *wizard = openWizard(*demo.window, sandbox::DemoSandbox::kBasicId);
        QVERIFY(wizard);
        QVERIFY(wizard->isVisible());
        QCOMPARE(wizard->registrationId(), sandbox::DemoSandbox::kBasicId);
        QTRY_COMPARE(wizard->credentialState(), ValidateSetupWizard::CredentialState::Present);
        QVERIFY(child<QLabel>(wizard, "serviceUserValue")->text().contains(QStringLiteral("SVC_DEMO")));
        screenshot(wizard, QStringLiteral("wizard-1-start"));
        runToEnd(wizard);
        if (QTest::currentTestFailed())
            return;
        screenshot(wizard, QStringLiteral("wizard-2-run"));
        const ValidationReport &report = wizard->report();
        QVERIFY2(report.passed(), qPrintable(report.toText()));
        QCOMPARE(report.serviceUser, QStringLiteral("SVC_DEMO"));
        auto *diagram = child<ValidationFlowDiagram>(wizard, "validationFlowDiagram");
        QCOMPARE(toString(diagram->status(ValidationFlowDiagram::Element::Cmic)), toString(StepStatus::Passed));
        QCOMPARE(toString(diagram->status(ValidationFlowDiagram::Element::IdentityProvider)),
                 toString(StepStatus::Passed));
        auto *steps = child<QTableView>(wizard, "stepTable");
        QCOMPARE(steps->model()->index(int(StepId::CmicCall), 0).data(ValidationStepModel::StatusRole).toInt(),
                 int(StepStatus::Passed));

        wizard->next();
        QCOMPARE(wizard->currentId(), int(ValidateSetupWizard::ResultPageId));
        screenshot(wizard, QStringLiteral("wizard-3-result"));
        QVERIFY2(child<QLabel>(wizard, "resultHeadline")->text().startsWith(QStringLiteral("Passed")),
                 qPrintable(child<QLabel>(wizard, "resultHeadline")->text()));
        QVERIFY(child<QLabel>(wizard, "serviceUserResult")->text().contains(QStringLiteral("SVC_DEMO")));
        // The permissions matrix: the demo's probe endpoint, allowed (HTTP 200), its meaning in words.
        auto *matrix = child<QTableWidget>(wizard, "permissionsMatrix");
        QCOMPARE(matrix->rowCount(), 1);
        QVERIFY(matrix->item(0, 0)->text().endsWith(sandbox::DemoSandbox::kProbePath));
        QCOMPARE(matrix->item(0, 1)->text(), QStringLiteral("HTTP 200"));
        QVERIFY(!matrix->item(0, 1)->icon().isNull());
        QVERIFY(matrix->item(0, 2)->text().startsWith(QStringLiteral("allowed")));
        QCOMPARE(child<QTabWidget>(wizard, "resultTabs")->tabText(2), QStringLiteral("&Permissions (1)"));
        auto *inspector = child<TokenInspector>(wizard, "tokenInspector");
        QVERIFY(inspector->item(QStringLiteral("claims"), QStringLiteral("iss")));
        QCOMPARE(inspector->item(QStringLiteral("claims"), QStringLiteral("iss"))->text(1),
                 demo.sandbox->identityProvider()->issuer());
        QCOMPARE(inspector->timeline()->state(), TokenTimeline::State::Valid);

        // Copy token: the access token, from memory, to the clipboard.
        QGuiApplication::clipboard()->clear();
        QTest::mouseClick(child<QPushButton>(wizard, "copyTokenButton"), Qt::LeftButton);
        QVERIFY(!wizard->validator()->accessToken().isEmpty());
        QCOMPARE(QGuiApplication::clipboard()->text(), wizard->validator()->accessToken());
        QGuiApplication::clipboard()->clear();

        // Run again goes back to the run page and passes again.
        QSignalSpy again(wizard, &ValidateSetupWizard::runFinished);
        QTest::mouseClick(child<QPushButton>(wizard, "runAgainButton"), Qt::LeftButton);
        QCOMPARE(wizard->currentId(), int(ValidateSetupWizard::RunPageId));
        QTRY_COMPARE_WITH_TIMEOUT(again.size(), 1, 60000);
        QCOMPARE(again.at(0).at(0).toBool(), true);
        wizard->close();
        QVERIFY(!wizard->validator()); // the token went with the run
    }

    void wrongSecretFailsAtTheTokenStepNamingTheIdentityProvider()
    {
        Demo demo;
        startDemo(demo);
        if (QTest::currentTestFailed())
            return;
        QSignalSpy written(
            demo.secrets->write(SecretStore::key(demo.sandbox->workspace().id, sandbox::DemoSandbox::kPostId),
                                QStringLiteral("not-the-secret")),
            &SecretRequest::finished);
        QVERIFY(written.wait());
        ValidateSetupWizard *wizard = openWizard(*demo.window, sandbox::DemoSandbox::kPostId);
        QVERIFY(wizard);
        runToEnd(wizard);
        if (QTest::currentTestFailed())
            return;
        const ValidationReport &report = wizard->report();
        QVERIFY(!report.passed());
        QVERIFY(report.firstFailure());
        QCOMPARE(toString(report.firstFailure()->step), toString(StepId::Token));
        wizard->next();
        screenshot(wizard, QStringLiteral("wizard-4-failed"));
        const QString headline = child<QLabel>(wizard, "resultHeadline")->text();
        const QString detail = child<QLabel>(wizard, "resultDetail")->text();
        QVERIFY2(headline.contains(displayName(StepId::Token)), qPrintable(headline));
        QVERIFY2(detail.contains(QStringLiteral("identity provider")), qPrintable(detail));
        QCOMPARE(toString(child<ValidationFlowDiagram>(wizard, "validationFlowDiagram")
                              ->status(ValidationFlowDiagram::Element::TokenArrow)),
                 toString(StepStatus::Failed));
        QVERIFY(!child<QPushButton>(wizard, "copyTokenButton")->isEnabled()); // no token to copy
        auto *tabs = child<QTabWidget>(wizard, "resultTabs");
        QVERIFY(!tabs->isTabEnabled(0)); // nor to inspect: the findings are shown
        QCOMPARE(tabs->currentWidget()->objectName(), QStringLiteral("resultFindings"));
    }

    void cancelWhileTheIdentityProviderIsSlow()
    {
        Demo demo;
        startDemo(demo);
        if (QTest::currentTestFailed())
            return;
        demo.sandbox->identityProvider()->setSlowMs(60000);
        demo.sandbox->identityProvider()->setFault(sandbox::IdpFault::Slow);
        ValidateSetupWizard *wizard = openWizard(*demo.window, sandbox::DemoSandbox::kBasicId);
        QVERIFY(wizard);
        QTRY_COMPARE(wizard->credentialState(), ValidateSetupWizard::CredentialState::Present);
        QSignalSpy finished(wizard, &ValidateSetupWizard::runFinished);
        wizard->next();
        QVERIFY(wizard->isRunning());
        QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled());
        auto *steps = child<QTableView>(wizard, "stepTable")->model();
        // The discovery request is waiting for the slow IdP.
        QTRY_COMPARE(steps->index(int(StepId::Discovery), 0).data(ValidationStepModel::StatusRole).toInt(),
                     int(StepStatus::Running));
        screenshot(wizard, QStringLiteral("wizard-5-running"));
        auto *cancel = child<QPushButton>(wizard, "cancelRunButton");
        QVERIFY(cancel->isEnabled());
        QTest::mouseClick(cancel, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        screenshot(wizard, QStringLiteral("wizard-6-cancelled"));
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        QVERIFY(wizard->report().cancelled);
        QVERIFY(!wizard->isRunning());
        QCOMPARE(steps->index(int(StepId::Discovery), 0).data(ValidationStepModel::StatusRole).toInt(),
                 int(StepStatus::Cancelled));
        QVERIFY(child<QLabel>(wizard, "runStatus")->text().startsWith(QStringLiteral("Cancelled")));
        QCOMPARE(child<QProgressBar>(wizard, "runProgress")->value(), 1); // only the configuration step finished
        QCOMPARE(steps->index(int(StepId::CmicCall), ValidationStepModel::ElapsedColumn).data().toString(), QString());
        wizard->next();
        QCOMPARE(child<QLabel>(wizard, "resultHeadline")->text(), QStringLiteral("Validation cancelled"));
        wizard->close();
    }

    void closingDuringARunCancelsIt()
    {
        Demo demo;
        startDemo(demo);
        if (QTest::currentTestFailed())
            return;
        demo.sandbox->identityProvider()->setSlowMs(60000);
        demo.sandbox->identityProvider()->setFault(sandbox::IdpFault::Slow);
        ValidateSetupWizard *wizard = openWizard(*demo.window, sandbox::DemoSandbox::kBasicId);
        QVERIFY(wizard);
        QTRY_COMPARE(wizard->credentialState(), ValidateSetupWizard::CredentialState::Present);
        wizard->next();
        QVERIFY(wizard->isRunning());
        SetupValidator *validator = wizard->validator();
        QSignalSpy gone(validator, &QObject::destroyed);
        wizard->reject();
        QVERIFY(!wizard->isVisible());
        QVERIFY(gone.wait(10000)); // cancelled, then released with its policy
        // Opening again starts over on the start page.
        QCOMPARE(openWizard(*demo.window, sandbox::DemoSandbox::kPostId), wizard);
        QCOMPARE(wizard->currentId(), int(ValidateSetupWizard::StartPageId));
        QCOMPARE(wizard->registrationId(), sandbox::DemoSandbox::kPostId);
        wizard->close();
    }

    // Closed, the wizard holds no credential: a secret saved on the form afterwards is not read into it.
    void closedWizardDoesNotReadTheSecretAgain()
    {
        Demo demo;
        startDemo(demo);
        if (QTest::currentTestFailed())
            return;
        ValidateSetupWizard *wizard = openWizard(*demo.window, sandbox::DemoSandbox::kBasicId);
        QVERIFY(wizard);
        QTRY_COMPARE(wizard->credentialState(), ValidateSetupWizard::CredentialState::Present);
        wizard->reject();
        QVERIFY(!wizard->isVisible());
        const QString key = SecretStore::key(demo.sandbox->workspace().id, sandbox::DemoSandbox::kBasicId);
        // The findings' credential inventory looks a changed key up again; only the wizard is under test here.
        demo.window->document()->setSecretStore(nullptr);
        // Reads asked before the wizard closed (the inventory's, the checklist's) may still be in flight on a
        // loaded machine: they end first, so every read counted below was asked after the close.
        const auto openReads = [&demo] {
            const QList<SecretRequest *> open = demo.secrets->findChildren<SecretRequest *>();
            return int(std::count_if(open.cbegin(), open.cend(), [](const SecretRequest *r) {
                return r->operation() == SecretRequest::Operation::Read;
            }));
        };
        QTRY_COMPARE_WITH_TIMEOUT(openReads(), 0, 20000);
        QSignalSpy written(demo.secrets->write(key, QStringLiteral("typed-after-closing")), &SecretRequest::finished);
        QVERIFY(written.wait());
        // A read of our own, answered after any the wizard may have asked for; the wizard asked for none (a
        // request lives as the store's child until it has answered).
        SecretRequest *ours = demo.secrets->read(key);
        QCOMPARE(openReads(), 1);
        QSignalSpy read(ours, &SecretRequest::finished);
        QVERIFY(read.wait());
        QCOMPARE(read.size(), 1);
        QVERIFY(wizard->credentialState() != ValidateSetupWizard::CredentialState::Present);
        // Opened again, it reads the secret as usual.
        QCOMPARE(openWizard(*demo.window, sandbox::DemoSandbox::kBasicId), wizard);
        QTRY_COMPARE(wizard->credentialState(), ValidateSetupWizard::CredentialState::Present);
        wizard->close();
    }

    void savedReportHoldsNoSecretAndNoToken()
    {
        Demo demo;
        startDemo(demo);
        if (QTest::currentTestFailed())
            return;
        ValidateSetupWizard *wizard = openWizard(*demo.window, sandbox::DemoSandbox::kBasicId);
        QVERIFY(wizard);
        runToEnd(wizard);
        if (QTest::currentTestFailed())
            return;
        wizard->next();
        const QString token = wizard->validator()->accessToken();
        QVERIFY(token.count(QLatin1Char('.')) == 2);
        const QString secret = demo.secretOf(sandbox::DemoSandbox::kBasicId);
        QVERIFY(!secret.isEmpty());

        const QString htmlPath = m_dir.filePath(QStringLiteral("report.html"));
        demo.prompts->saveNames.enqueue(htmlPath);
        QTest::mouseClick(child<QPushButton>(wizard, "saveReportButton"), Qt::LeftButton);
        QCOMPARE(demo.prompts->unexpected, 0);
        QFile html(htmlPath);
        QVERIFY(html.open(QIODevice::ReadOnly));
        const QString page = QString::fromUtf8(html.readAll());
        QVERIFY(page.contains(QStringLiteral("<html"), Qt::CaseInsensitive));
        QVERIFY(page.contains(wizard->report().registrationName.toHtmlEscaped()));
        QVERIFY(!page.contains(secret));
        QVERIFY(!page.contains(secret.toHtmlEscaped()));
        QVERIFY(!page.contains(token));
        QVERIFY(!page.contains(token.section(QLatin1Char('.'), 2))); // not even the signature
        QVERIFY(child<QLabel>(wizard, "resultMessage")->text().contains(QStringLiteral("no secret and no token")));

        const QString jsonPath = m_dir.filePath(QStringLiteral("report.json"));
        demo.prompts->saveNames.enqueue(jsonPath);
        QVERIFY(wizard->saveReport());
        QFile json(jsonPath);
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QByteArray bytes = json.readAll();
        QVERIFY(QJsonDocument::fromJson(bytes).object().value(QStringLiteral("passed")).toBool());
        QVERIFY(!bytes.contains(secret.toUtf8()));
        QVERIFY(!bytes.contains(token.toUtf8()));

        // A folder that cannot be written: the error says what to do, nothing is half written.
        const QString bad = m_dir.filePath(QStringLiteral("missing-folder/report.html"));
        demo.prompts->saveNames.enqueue(bad);
        QVERIFY(!wizard->saveReport());
        QCOMPARE(demo.prompts->errors.size(), 1);
        QVERIFY2(demo.prompts->errors.constFirst().contains(QStringLiteral("Choose a folder you can write to")),
                 qPrintable(demo.prompts->errors.constFirst()));
        QVERIFY(!QFile::exists(bad));
        // Cancelling the file dialog writes nothing and says nothing.
        demo.prompts->saveNames.enqueue(QString());
        QVERIFY(!wizard->saveReport());
        QCOMPARE(demo.prompts->errors.size(), 1);
    }

    void missingSecretLeadsToTheFormAndBackKeepingWhatWasTyped()
    {
        Demo demo;
        startDemo(demo);
        if (QTest::currentTestFailed())
            return;
        const QString key = SecretStore::key(demo.sandbox->workspace().id, sandbox::DemoSandbox::kPostId);
        QSignalSpy removed(demo.secrets->remove(key), &SecretRequest::finished);
        QVERIFY(removed.wait());
        ValidateSetupWizard *wizard = openWizard(*demo.window, sandbox::DemoSandbox::kPostId);
        QVERIFY(wizard);
        QTRY_COMPARE(wizard->credentialState(), ValidateSetupWizard::CredentialState::Missing);
        QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled());
        QVERIFY(child<QLabel>(wizard, "credentialStatus")->text().contains(QStringLiteral("Enter the client secret")));
        screenshot(wizard, QStringLiteral("wizard-0-missing-secret"));
        auto *expected = child<QLineEdit>(wizard, "expectedUserEdit");
        QTest::keyClicks(expected, QStringLiteral("SVC_DEMO"));
        auto *way = child<QPushButton>(wizard, "enterSecretButton");
        QVERIFY(way->isVisibleTo(wizard));
        QTest::mouseClick(way, Qt::LeftButton);
        QVERIFY(wizard->isVisible()); // still open
        QCOMPARE(demo.window->currentKind(), ObjectKind::Registration);
        auto *form = demo.window->form(ObjectKind::Registration);
        QCOMPARE(form->currentId(), sandbox::DemoSandbox::kPostId);
        QVERIFY(demo.window->statusBar()->currentMessage().contains(QStringLiteral("Enter the client secret")));

        // The admin types the secret on the form and presses Enter: the wizard sees it.
        auto *field = form->findChild<SecretField *>(QStringLiteral("clientSecret"));
        QVERIFY(field);
        QTest::keyClicks(field->lineEdit(), demo.secretOf(sandbox::DemoSandbox::kPostId));
        QTest::keyClick(field->lineEdit(), Qt::Key_Return);
        QTRY_COMPARE(wizard->credentialState(), ValidateSetupWizard::CredentialState::Present);
        QCOMPARE(expected->text(), QStringLiteral("SVC_DEMO"));
        QVERIFY(!way->isVisibleTo(wizard));
        runToEnd(wizard);
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(wizard->report().passed(), qPrintable(wizard->report().toText()));
        QCOMPARE(wizard->report().serviceUser, QStringLiteral("SVC_DEMO"));
    }

    // The registration shown on the result page is removed: the combo moves on to its neighbour, whose secret is
    // stored. Run again must not validate that other registration under the old result; it goes back to the start
    // page, where the registration to validate is shown and chosen.
    void runAgainAfterTheRegistrationWasRemovedDoesNotValidateAnother()
    {
        Demo demo;
        startDemo(demo);
        if (QTest::currentTestFailed())
            return;
        ValidateSetupWizard *wizard = openWizard(*demo.window, sandbox::DemoSandbox::kBasicId);
        QVERIFY(wizard);
        runToEnd(wizard);
        if (QTest::currentTestFailed())
            return;
        wizard->next();
        QCOMPARE(wizard->currentId(), int(ValidateSetupWizard::ResultPageId));
        QVERIFY(demo.window->selectObject(ObjectKind::Registration, sandbox::DemoSandbox::kBasicId));
        demo.prompts->removalAnswers.enqueue({true, false}); // "Remove registration …?" Remove
        demo.window->removeObject();
        QVERIFY(!demo.window->document()->workspace().registration(sandbox::DemoSandbox::kBasicId));
        QVERIFY(wizard->registrationId() != sandbox::DemoSandbox::kBasicId);
        QTRY_COMPARE(wizard->credentialState(), ValidateSetupWizard::CredentialState::Present);
        QTest::mouseClick(child<QPushButton>(wizard, "runAgainButton"), Qt::LeftButton);
        QCOMPARE(wizard->currentId(), int(ValidateSetupWizard::StartPageId));
        QVERIFY(!wizard->isRunning());
        QCOMPARE(wizard->report().registrationId, sandbox::DemoSandbox::kBasicId);
        wizard->close();
    }

    // What the IdP put in the token (here the iss claim) reaches the step summary and the verdict's sentence; a
    // label showing it must not render it as HTML.
    void serverTextInLabelsIsPlainText()
    {
        Demo demo;
        startDemo(demo);
        if (QTest::currentTestFailed())
            return;
        const AppRegistration *reg = demo.window->document()->workspace().registration(sandbox::DemoSandbox::kBasicId);
        QVERIFY(reg);
        const QString markup = QStringLiteral("<b>trusted</b> issuer");
        sandbox::DemoClient client;
        client.clientId = reg->appId; // the demo's client, again, with the claim
        client.authMethod = ClientAuthMethod::ClientSecretBasic;
        client.secret = demo.secretOf(sandbox::DemoSandbox::kBasicId);
        client.cmicUser = QStringLiteral("SVC_DEMO");
        client.extraClaims.insert(QStringLiteral("iss"), markup);
        demo.sandbox->identityProvider()->addClient(client);
        ValidateSetupWizard *wizard = openWizard(*demo.window, sandbox::DemoSandbox::kBasicId);
        QVERIFY(wizard);
        runToEnd(wizard);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(wizard->report().firstFailure());
        QCOMPARE(toString(wizard->report().firstFailure()->step), toString(StepId::Claims));
        auto *summary = child<QLabel>(wizard, "stepSummary");
        QVERIFY2(summary->text().contains(markup), qPrintable(summary->text()));
        QCOMPARE(summary->textFormat(), Qt::PlainText);
        wizard->next();
        auto *detail = child<QLabel>(wizard, "resultDetail");
        QVERIFY2(detail->text().contains(markup), qPrintable(detail->text()));
        QCOMPARE(detail->textFormat(), Qt::PlainText);
        wizard->close();
    }

    void findingLinkSelectsTheFieldInTheMainWindow()
    {
        Demo demo;
        startDemo(demo);
        if (QTest::currentTestFailed())
            return;
        ValidateSetupWizard *wizard = openWizard(*demo.window, sandbox::DemoSandbox::kBasicId);
        QVERIFY(wizard);
        demo.window->showPage(ObjectKind::Environment);
        Finding f;
        f.subjectKind = SubjectKind::Registration;
        f.subjectId = sandbox::DemoSandbox::kPostId;
        f.field = QStringLiteral("issuer");
        f.fix = QStringLiteral("Copy the issuer from the discovery document.");
        emit wizard->findingActivated(f);
        QCOMPARE(demo.window->currentKind(), ObjectKind::Registration);
        QCOMPARE(demo.window->form(ObjectKind::Registration)->currentId(), sandbox::DemoSandbox::kPostId);
        QCOMPARE(demo.window->statusBar()->currentMessage(), f.fix);
    }
    // Issue 12, item 6: the admin selects the Keys step's request and clicks "Copy as curl"; the clipboard's text,
    // run with /bin/sh from an unrelated folder, gets HTTP 200 from the HTTPS sandbox, whose certificate only the
    // workspace's CA bundle verifies (without --cacert curl exits 60).
    void copiedCurlLineGets200FromTheSandboxWithItsCa()
    {
        Demo demo;
        startDemo(demo);
        if (QTest::currentTestFailed())
            return;
        ValidateSetupWizard *wizard = openWizard(*demo.window, sandbox::DemoSandbox::kBasicId);
        QVERIFY(wizard);
        runToEnd(wizard);
        if (QTest::currentTestFailed())
            return;
        auto *steps = child<QTableView>(wizard, "stepTable");
        const QModelIndex keys = steps->model()->index(int(StepId::Keys), 0);
        QTest::mouseClick(steps->viewport(), Qt::LeftButton, {}, steps->visualRect(keys).center());
        QCOMPARE(steps->currentIndex().row(), int(StepId::Keys));
        auto *tabs = child<QTabWidget>(wizard, "stepDetailTabs");
        tabs->setCurrentWidget(child<QWidget>(wizard, "stepExchangesPage"));
        auto *exchanges = child<QTreeWidget>(wizard, "stepExchanges");
        QCOMPARE(exchanges->topLevelItemCount(), 1);
        QTest::mouseClick(exchanges->viewport(), Qt::LeftButton, {},
                          exchanges->visualItemRect(exchanges->topLevelItem(0)).center());
        QGuiApplication::clipboard()->clear();
        QTest::mouseClick(child<QPushButton>(wizard, "copyCurlButton"), Qt::LeftButton);
        const QString curl = QGuiApplication::clipboard()->text();
        QGuiApplication::clipboard()->clear();
        QVERIFY2(curl.startsWith(QLatin1String("curl")) && curl.contains(QLatin1String("--cacert")), qPrintable(curl));

        const auto runShell = [this](const QString &command) {
            QDir(m_dir.path()).mkpath(QStringLiteral("elsewhere"));
            QProcess sh;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.remove(QStringLiteral("https_proxy"));
            env.remove(QStringLiteral("HTTPS_PROXY"));
            sh.setProcessEnvironment(env);
            sh.setWorkingDirectory(m_dir.filePath(QStringLiteral("elsewhere")));
            QSignalSpy done(&sh, &QProcess::finished);
            sh.start(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), command});
            // The sandbox answers from this thread's event loop, which the spy runs while curl does.
            done.wait(60000);
            return std::make_pair(sh.exitCode(),
                                  QString::fromUtf8(sh.readAllStandardOutput() + sh.readAllStandardError()));
        };
        const auto [code, out] = runShell(curl + QStringLiteral(" -sS -o /dev/null -w '%{http_code}'"));
        QVERIFY2(code == 0 && out == QLatin1String("200"), qPrintable(curl + u'\n' + out));
        // The same request without the bundle: the certificate is refused.
        QString withoutBundle = curl;
        withoutBundle.remove(QRegularExpression(QStringLiteral("--cacert '[^']*'")));
        QVERIFY(!withoutBundle.contains(QLatin1String("--cacert")));
        QCOMPARE(runShell(withoutBundle + QStringLiteral(" -sS -o /dev/null")).first, 60);
        wizard->close();
    }
};

QTEST_MAIN(tst_ValidateSetupWizard)
#include "tst_validatesetupwizard.moc"
