// Issue 12, item 8: the words and layers the console shows, driven as an admin would and read in English as the
// console runs (the English catalogue installed the way main() installs it, so plural forms are real). On the demo
// sandbox: an issuer that differs from discovery is the registration's problem, not the identity provider's; a run
// whose steps warn never says "Every check passed."; the run page's title follows the run; a token endpoint whose
// host does not resolve is named, not the issuer's host; fix links name fields as the form labels them; a wrong
// secret links to the secret field. Widget level: the token inspector marks the claim the preset compares, and the
// findings, the expiry view and the removal question say "1 day" / "2 days", never "day(s)".
#include "GuiTestKit.h"
#include "WizardTestKit.h"

#include "core/rules/Finding.h"
#include "core/storage/MemorySecretStore.h"
#include "core/util/Clock.h"
#include "core/util/Translations.h"
#include "core/validation/ReportVerdict.h"
#include "gui/ExpiryView.h"
#include "gui/MainWindow.h"
#include "gui/ObjectForms.h"
#include "gui/SecretField.h"
#include "gui/ValidateSetupWizard.h"
#include "gui/WorkspaceFileController.h"
#include "gui/validation/TokenInspector.h"
#include "gui/validation/ValidateResultPage.h"
#include "gui/validation/ValidationFlowDiagram.h"
#include "gui/validation/ValidationStepDetails.h"
#include "gui/validation/ValidationStepModel.h"
#include "sandbox/DemoIdentityProvider.h"
#include "sandbox/DemoSandbox.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QHelpEvent>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTextBlock>
#include <QTextBrowser>
#include <QTextDocument>
#include <QToolTip>
#include <QTreeWidget>

using namespace cmic;
using namespace cmic::test;
using namespace cmic::validation;

namespace {

// A link of a QTextBrowser as the admin sees it: its text and where it is in the document.
struct Link
{
    QString text;
    int position = 0;
    int length = 0;
};

QList<Link> linksOf(const QTextBrowser *browser)
{
    QList<Link> links;
    for (QTextBlock block = browser->document()->begin(); block.isValid(); block = block.next()) {
        for (auto it = block.begin(); !it.atEnd(); ++it) {
            const QTextFragment fragment = it.fragment();
            if (fragment.isValid() && fragment.charFormat().isAnchor())
                links.append({fragment.text(), fragment.position(), fragment.length()});
        }
    }
    return links;
}

QStringList linkTexts(const QTextBrowser *browser)
{
    QStringList texts;
    for (const Link &l : linksOf(browser))
        texts << l.text;
    return texts;
}

// Clicks the link whose text is |text| with the mouse, where it is drawn.
bool clickLink(QTextBrowser *browser, const QString &text)
{
    for (const Link &l : linksOf(browser)) {
        if (l.text != text)
            continue;
        QTextCursor cursor(browser->document());
        cursor.setPosition(l.position + l.length / 2);
        browser->setTextCursor(cursor);
        browser->ensureCursorVisible();
        const QPoint at = browser->cursorRect(cursor).center();
        QTest::mouseClick(browser->viewport(), Qt::LeftButton, {}, at);
        return true;
    }
    return false;
}

// "day(s)", "error(s)", "registration(s)": a source text shown where the English plural form belongs.
const QRegularExpression kUnresolvedPlural(QStringLiteral("\\w\\(s\\)"));

// Every text the admin can read under |root|: labels, text browsers, tree and table cells.
QStringList shownTexts(const QWidget *root)
{
    QStringList texts;
    for (const QLabel *label : root->findChildren<QLabel *>())
        texts << label->text();
    for (const QTextBrowser *browser : root->findChildren<QTextBrowser *>())
        texts << browser->toPlainText();
    for (const QAbstractItemView *view : root->findChildren<QAbstractItemView *>()) {
        const QAbstractItemModel *model = view->model();
        if (!model)
            continue;
        QList<QModelIndex> pending{QModelIndex()};
        while (!pending.isEmpty()) {
            const QModelIndex parent = pending.takeLast();
            for (int r = 0; r < model->rowCount(parent); ++r) {
                for (int c = 0; c < model->columnCount(parent); ++c) {
                    const QModelIndex cell = model->index(r, c, parent);
                    texts << cell.data(Qt::DisplayRole).toString();
                    if (c == 0 && model->hasChildren(cell))
                        pending.append(cell);
                }
            }
        }
    }
    return texts;
}

QStringList unresolvedPlurals(const QWidget *root)
{
    QStringList bad;
    for (const QString &text : shownTexts(root)) {
        if (text.contains(kUnresolvedPlural))
            bad << text;
    }
    return bad;
}

// The meaning column of the token inspector's claim row |name|.
QString meaningOf(const TokenInspector *inspector, const QString &name)
{
    const QTreeWidgetItem *item = inspector->item(QStringLiteral("claims"), name);
    return item ? item->text(2) : QStringLiteral("(no row %1)").arg(name);
}

const QString kComparedMeaning =
    QStringLiteral("The client id; CMiC compares this claim with the registration's App ID");

} // namespace

class tst_Wording : public QObject
{
    Q_OBJECT

private:
    FixedClock m_clock{QDateTime(QDate(2026, 11, 1), QTime(9, 0), Qt::UTC)};

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
        const AppRegistration *registration(const QString &id) const
        {
            return window->document()->workspace().registration(id);
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
        QVERIFY(QTest::qWaitForWindowExposed(demo.window.get()));
    }

    // Selects the registration in the window and types |text| at the end of the form's |field|.
    static QLineEdit *appendToField(Demo &demo, const QString &registrationId, const QString &field,
                                    const QString &text)
    {
        if (!demo.window->selectObject(ObjectKind::Registration, registrationId))
            return nullptr;
        auto *edit = demo.window->form(ObjectKind::Registration)->findChild<QLineEdit *>(field);
        if (!edit)
            return nullptr;
        edit->setFocus();
        QTest::keyClick(edit, Qt::Key_End);
        QTest::keyClicks(edit, text);
        return edit;
    }

    // Clicks the step's row in the run page's step list.
    static void clickStep(ValidateSetupWizard *wizard, StepId step)
    {
        auto *table = wizard->findChild<QTableView *>(QStringLiteral("stepTable"));
        QVERIFY(table);
        const QModelIndex index = table->model()->index(int(step), ValidationStepModel::StepColumn);
        table->scrollTo(index);
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(index).center());
        QCOMPARE(table->currentIndex().row(), int(step));
    }

    static QString stepSummary(ValidateSetupWizard *wizard)
    {
        return wizard->findChild<QLabel *>(QStringLiteral("stepSummary"))->text();
    }

    static QTextBrowser *stepFindings(ValidateSetupWizard *wizard)
    {
        return wizard->findChild<QTextBrowser *>(QStringLiteral("stepFindings"));
    }

    static QString runStatus(ValidateSetupWizard *wizard)
    {
        return wizard->findChild<QLabel *>(QStringLiteral("runStatus"))->text();
    }

    // No fix link in any step, nor on the result page, names a field by its internal name.
    static void verifyLinksUseLabels(ValidateSetupWizard *wizard)
    {
        static const QRegularExpression internalName(QStringLiteral("\u201c[a-z]+[A-Z][A-Za-z]*\u201d"));
        for (int i = 0; i < kStepCount; ++i) {
            clickStep(wizard, StepId(i));
            for (const QString &link : linkTexts(stepFindings(wizard)))
                QVERIFY2(!link.contains(internalName), qPrintable(link));
        }
    }

    static void verifyNoUnresolvedPlural(const QWidget *root)
    {
        const QStringList bad = unresolvedPlurals(root);
        QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QLatin1Char('\n'))));
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("cmic-oauth-wordingtest"));
        QSettings().clear();
        // As the console starts: the English catalogue holds the plural forms ("1 day", "2 days").
        qputenv(kUiLanguageEnvironment, "en");
        QCOMPARE(installTranslations(*qApp), QStringLiteral("en"));
    }

    // The registration's issuer has a trailing slash the IdP's discovery document does not: the Discovery step
    // says the problem is in the configuration (where the fix is), its link names the Issuer field and leads there.
    void discoveryIssuerMismatchIsTheRegistrationsProblem()
    {
        Demo demo;
        startDemo(demo);
        if (QTest::currentTestFailed())
            return;
        QLineEdit *issuer =
            appendToField(demo, sandbox::DemoSandbox::kBasicId, QStringLiteral("issuer"), QStringLiteral("/"));
        QVERIFY(issuer);
        QCOMPARE(demo.registration(sandbox::DemoSandbox::kBasicId)->issuer,
                 demo.sandbox->identityProvider()->issuer() + QLatin1Char('/'));
        ValidateSetupWizard *wizard = openWizard(*demo.window, sandbox::DemoSandbox::kBasicId);
        QVERIFY(wizard);
        runToEnd(wizard);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(toString(wizard->report().step(StepId::Discovery).status), toString(StepStatus::Warning));

        clickStep(wizard, StepId::Discovery);
        const QString summary = stepSummary(wizard);
        QVERIFY2(summary.endsWith(QStringLiteral("(problem in: %1)").arg(displayName(Layer::Configuration))),
                 qPrintable(summary));
        QVERIFY2(!summary.contains(displayName(Layer::Idp)), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("issuer")), qPrintable(summary));

        const QString link = QStringLiteral("Show the field \u201cIssuer\u201d of the registration");
        QVERIFY2(linkTexts(stepFindings(wizard)).contains(link),
                 qPrintable(linkTexts(stepFindings(wizard)).join(QLatin1Char('\n'))));
        issuer->clearFocus();
        QVERIFY(clickLink(stepFindings(wizard), link));
        QTRY_COMPARE(demo.window->focusWidget(), issuer);
        QCOMPARE(demo.window->form(ObjectKind::Registration)->currentId(), sandbox::DemoSandbox::kBasicId);
        verifyLinksUseLabels(wizard);
        wizard->close();
    }

    // A clean run says "Every check passed." under "Checks finished"; the same run with warning steps says how
    // many warned (an English plural), under a title that says so, and never "Every check passed.".
    void aRunWithWarningsNeverSaysEveryCheckPassed()
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
        QVERIFY2(wizard->report().passed(), qPrintable(wizard->report().toText()));
        QCOMPARE(runStatus(wizard), QStringLiteral("Every check passed."));
        QCOMPARE(wizard->currentPage()->title(), QStringLiteral("Checks finished"));
        wizard->close();

        QVERIFY(appendToField(demo, sandbox::DemoSandbox::kBasicId, QStringLiteral("issuer"), QStringLiteral("/")));
        QCOMPARE(openWizard(*demo.window, sandbox::DemoSandbox::kBasicId), wizard);
        runToEnd(wizard);
        if (QTest::currentTestFailed())
            return;
        const ValidationReport &report = wizard->report();
        QCOMPARE(toString(ReportVerdict::of(report).outcome), toString(ReportVerdict::Outcome::Passed));
        const int warned = int(std::count_if(report.steps.cbegin(), report.steps.cend(),
                                             [](const StepResult &s) { return s.status == StepStatus::Warning; }));
        QVERIFY(warned >= 2); // Discovery, and the Claims and Reconciliation steps CMiC's acceptance overruled
        const QString status = runStatus(wizard);
        QVERIFY2(!status.contains(QStringLiteral("Every check passed")), qPrintable(status));
        QVERIFY2(status.startsWith(QStringLiteral("No check failed, but %1 steps warned").arg(warned)),
                 qPrintable(status));
        QCOMPARE(wizard->currentPage()->title(), QStringLiteral("Checks finished, with warnings"));
        verifyNoUnresolvedPlural(wizard);
        wizard->close();
    }

    // "Running the checks" only while they run: a cancelled run and a failed one each get their own title.
    void runPageTitleFollowsTheRun()
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
        QTest::mouseClick(wizard->button(QWizard::NextButton), Qt::LeftButton);
        QVERIFY(wizard->isRunning());
        QCOMPARE(wizard->currentPage()->title(), QStringLiteral("Running the checks"));
        QTest::mouseClick(wizard->findChild<QPushButton *>(QStringLiteral("cancelRunButton")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 10000);
        QCOMPARE(wizard->currentPage()->title(), QStringLiteral("Checks cancelled"));
        wizard->close();

        demo.sandbox->identityProvider()->setFault(sandbox::IdpFault::None);
        QSignalSpy written(
            demo.secrets->write(SecretStore::key(demo.sandbox->workspace().id, sandbox::DemoSandbox::kPostId),
                                QStringLiteral("not-the-secret")),
            &SecretRequest::finished);
        QVERIFY(written.wait());
        QCOMPARE(openWizard(*demo.window, sandbox::DemoSandbox::kPostId), wizard);
        runToEnd(wizard);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(wizard->currentPage()->title(),
                 QStringLiteral("Checks finished: failed at the %1 step").arg(displayName(StepId::Token)));
        QVERIFY(!wizard->currentPage()->title().contains(QStringLiteral("Running")));
        wizard->close();
    }

    // The token endpoint is on another host than the issuer, and that host does not resolve: the flow diagram's
    // identity provider box (its tool tip, as the admin hovers it) and the finding name that host, not the issuer's.
    void dnsFailureNamesTheHostThatFailed()
    {
        Demo demo;
        startDemo(demo);
        if (QTest::currentTestFailed())
            return;
        const QString failingHost = QStringLiteral("token.wording-test.invalid");
        const QString issuerHost = QUrl(demo.sandbox->identityProvider()->issuer()).host();
        QVERIFY(failingHost != issuerHost);
        QVERIFY(demo.window->selectObject(ObjectKind::Registration, sandbox::DemoSandbox::kBasicId));
        QVERIFY(typeInto(demo.window->form(ObjectKind::Registration), QStringLiteral("tokenEndpoint"),
                         QStringLiteral("https://%1/oauth2/token").arg(failingHost)));
        QCOMPARE(QUrl(demo.registration(sandbox::DemoSandbox::kBasicId)->tokenEndpoint).host(), failingHost);
        ValidateSetupWizard *wizard = openWizard(*demo.window, sandbox::DemoSandbox::kBasicId);
        QVERIFY(wizard);
        runToEnd(wizard);
        if (QTest::currentTestFailed())
            return;
        const StepResult &token = wizard->report().step(StepId::Token);
        QCOMPARE(toString(token.status), toString(StepStatus::Failed));
        QCOMPARE(toString(token.layer), toString(Layer::Network));

        auto *diagram = wizard->findChild<ValidationFlowDiagram *>(QStringLiteral("validationFlowDiagram"));
        QVERIFY(diagram);
        const QPoint at = diagram->elementRect(ValidationFlowDiagram::Element::IdentityProvider).center().toPoint();
        QHelpEvent help(QEvent::ToolTip, at, diagram->mapToGlobal(at));
        QCoreApplication::sendEvent(diagram, &help);
        QTextDocument tip;
        tip.setHtml(QToolTip::text());
        const QString shown = tip.toPlainText();
        QToolTip::hideText();
        QVERIFY2(shown.startsWith(QStringLiteral("Identity provider at %1 (unreachable): failed").arg(failingHost)),
                 qPrintable(shown));
        QVERIFY2(!shown.contains(issuerHost), qPrintable(shown));
        QVERIFY2(diagram->accessibleDescription().contains(failingHost), qPrintable(diagram->accessibleDescription()));

        // The step the run selected (the failed one) names the host too, and links to the Token endpoint field.
        QCOMPARE(wizard->findChild<QTableView *>(QStringLiteral("stepTable"))->currentIndex().row(),
                 int(StepId::Token));
        const QString findings = stepFindings(wizard)->toPlainText();
        QVERIFY2(findings.contains(failingHost), qPrintable(findings));
        QVERIFY2(linkTexts(stepFindings(wizard))
                     .contains(QStringLiteral("Show the field \u201cToken endpoint\u201d of the registration")),
                 qPrintable(linkTexts(stepFindings(wizard)).join(QLatin1Char('\n'))));
        verifyLinksUseLabels(wizard);
        // The result page's verdict names it as well.
        QTest::mouseClick(wizard->button(QWizard::NextButton), Qt::LeftButton);
        QCOMPARE(wizard->currentId(), int(ValidateSetupWizard::ResultPageId));
        const QString verdict = wizard->findChild<QLabel *>(QStringLiteral("resultHeadline"))->text() + u'\n'
                                + wizard->findChild<QLabel *>(QStringLiteral("resultDetail"))->text();
        QVERIFY2(verdict.contains(failingHost), qPrintable(verdict));
        QVERIFY2(!verdict.contains(issuerHost), qPrintable(verdict));
        wizard->close();
    }

    // A link names a field as the form's own label does ("Token endpoint", not "tokenEndpoint"), for every field a
    // finding of the validation can be about.
    void fixLinksShowTheFormsLabel_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("label");
        QTest::newRow("appId") << QStringLiteral("appId") << QStringLiteral("App ID");
        QTest::newRow("issuer") << QStringLiteral("issuer") << QStringLiteral("Issuer");
        QTest::newRow("jwksUri") << QStringLiteral("jwksUri") << QStringLiteral("JWKS URI");
        QTest::newRow("tokenEndpoint") << QStringLiteral("tokenEndpoint") << QStringLiteral("Token endpoint");
        QTest::newRow("discoveryUrl") << QStringLiteral("discoveryUrl") << QStringLiteral("Discovery URL");
        QTest::newRow("scope") << QStringLiteral("scope") << QStringLiteral("Scope");
        QTest::newRow("authMethod") << QStringLiteral("authMethod") << QStringLiteral("Client authentication");
        QTest::newRow("clientSecret") << QStringLiteral("clientSecret") << QStringLiteral("Client secret");
    }

    void fixLinksShowTheFormsLabel()
    {
        QFETCH(QString, field);
        QFETCH(QString, label);
        // The label the form shows beside the field (its buddy), without the mnemonic and the colon.
        MemorySecretStore secrets;
        MainWindow window(&secrets, &m_clock);
        window.setPrompts(std::make_unique<ScriptedPrompts>());
        Workspace ws;
        ws.id = Workspace::newId();
        AppRegistration reg;
        reg.id = QStringLiteral("reg-1");
        reg.name = QStringLiteral("Payroll");
        ws.registrations = {reg};
        QVERIFY(window.files()->replaceWithUntitled(ws));
        QVERIFY(window.selectObject(ObjectKind::Registration, reg.id));
        ObjectForm *form = window.form(ObjectKind::Registration);
        QWidget *widget = form->fieldWidget(field);
        QVERIFY2(widget, qPrintable(field));
        QString formLabel;
        for (const QLabel *l : form->findChildren<QLabel *>()) {
            if (l->buddy() && (l->buddy() == widget || widget->isAncestorOf(l->buddy())))
                formLabel = l->text().remove(QLatin1Char('&')).remove(QLatin1Char(':')).trimmed();
        }
        QCOMPARE(formLabel, label);

        StepResult step;
        step.step = StepId::Token;
        step.status = StepStatus::Failed;
        step.layer = Layer::Idp;
        Finding f;
        f.severity = Severity::Error;
        f.subjectKind = SubjectKind::Registration;
        f.subjectId = reg.id;
        f.field = field;
        f.code = QStringLiteral("token.test");
        f.message = QStringLiteral("Something is wrong.");
        f.fix = QStringLiteral("Fix it.");
        step.findings = {f};
        ValidationStepDetails details;
        details.setResult(step);
        details.show();
        auto *browser = details.findChild<QTextBrowser *>(QStringLiteral("stepFindings"));
        QCOMPARE(linkTexts(browser),
                 QStringList{QStringLiteral("Show the field \u201c%1\u201d of the registration").arg(label)});
        QSignalSpy activated(&details, &ValidationStepDetails::findingActivated);
        QVERIFY(clickLink(browser, linkTexts(browser).constFirst()));
        QCOMPARE(activated.size(), 1);
        QCOMPARE(activated.at(0).at(0).value<Finding>().field, field);
    }

    // The admin types a wrong secret into the registration's secret field; Validate Setup fails at the Token step
    // with invalid_client and its link goes to the Client secret field (where the fix is), not to the App ID.
    void wrongSecretLinksToTheSecretField()
    {
        Demo demo;
        startDemo(demo);
        if (QTest::currentTestFailed())
            return;
        const QString id = sandbox::DemoSandbox::kPostId;
        QVERIFY(demo.window->selectObject(ObjectKind::Registration, id));
        auto *field =
            demo.window->form(ObjectKind::Registration)->findChild<SecretField *>(QStringLiteral("clientSecret"));
        QVERIFY(field);
        const QString key = SecretStore::key(demo.sandbox->workspace().id, id);
        QTRY_VERIFY(field->state() == SecretField::State::Stored);
        QSignalSpy changed(demo.secrets.get(), &SecretStore::changed);
        field->lineEdit()->setFocus();
        field->lineEdit()->selectAll();
        QTest::keyClicks(field->lineEdit(), QStringLiteral("not-the-secret"));
        QTest::keyClick(field->lineEdit(), Qt::Key_Return);
        QTRY_VERIFY(!changed.isEmpty());
        QCOMPARE(changed.constLast().at(0).toString(), key);

        ValidateSetupWizard *wizard = openWizard(*demo.window, id);
        QVERIFY(wizard);
        runToEnd(wizard);
        if (QTest::currentTestFailed())
            return;
        const StepResult &token = wizard->report().step(StepId::Token);
        QCOMPARE(toString(token.status), toString(StepStatus::Failed));
        QVERIFY(std::any_of(token.findings.cbegin(), token.findings.cend(),
                            [](const Finding &f) { return f.code == QLatin1String("token.invalid_client"); }));
        clickStep(wizard, StepId::Token);
        const QStringList links = linkTexts(stepFindings(wizard));
        const QString toSecret = QStringLiteral("Show the field \u201cClient secret\u201d of the registration");
        QVERIFY2(links.contains(toSecret), qPrintable(links.join(QLatin1Char('\n'))));
        QVERIFY2(!links.contains(QStringLiteral("Show the field \u201cApp ID\u201d of the registration")),
                 qPrintable(links.join(QLatin1Char('\n'))));
        field->lineEdit()->clearFocus();
        QVERIFY(clickLink(stepFindings(wizard), toSecret));
        QTRY_COMPARE(demo.window->focusWidget(), field->lineEdit());
        QCOMPARE(demo.window->form(ObjectKind::Registration)->currentId(), id);
        wizard->close();
    }

    // The token holds every claim that can carry the App ID; the inspector says "CMiC compares" on the one the
    // registration's preset compares, and Entra v1's appid is not said to be compared when another is.
    void tokenInspectorMarksTheClaimThePresetCompares_data()
    {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<QString>("compared");
        QTest::newRow("generic") << QStringLiteral("generic") << QStringLiteral("client_id");
        QTest::newRow("entra-v1") << QStringLiteral("entra-v1") << QStringLiteral("appid");
        QTest::newRow("entra-v2") << QStringLiteral("entra-v2") << QStringLiteral("azp");
        QTest::newRow("okta") << QStringLiteral("okta") << QStringLiteral("cid");
    }

    void tokenInspectorMarksTheClaimThePresetCompares()
    {
        QFETCH(QString, preset);
        QFETCH(QString, compared);
        Workspace ws;
        ws.id = QStringLiteral("ws");
        AppRegistration reg;
        reg.id = QStringLiteral("reg-1");
        reg.name = QStringLiteral("Payroll");
        reg.idpPreset = preset;
        ws.registrations = {reg};
        WorkspaceDocument document;
        document.reset(ws, QString());
        MemorySecretStore secrets;
        ValidateSetupWizard wizard(&document, &secrets, m_clock);
        ValidationReport report = ValidationReport::empty();
        report.registrationId = reg.id;
        report.registrationName = reg.name;
        const qint64 now = m_clock.now().toSecsSinceEpoch();
        report.tokenHeader = {{QStringLiteral("alg"), QStringLiteral("RS256")}};
        const QString appId = QStringLiteral("11111111-2222-3333-4444-555555555555");
        report.tokenClaims = {{QStringLiteral("iss"), QStringLiteral("https://idp.example.com/")},
                              {QStringLiteral("iat"), double(now - 60)},
                              {QStringLiteral("exp"), double(now + 3540)},
                              {QStringLiteral("appid"), appId},
                              {QStringLiteral("azp"), appId},
                              {QStringLiteral("client_id"), appId},
                              {QStringLiteral("cid"), appId}};
        wizard.resultPage()->showResult(report);
        auto *inspector = wizard.findChild<TokenInspector *>(QStringLiteral("tokenInspector"));
        QVERIFY(inspector);
        for (const QString &claim :
             {QStringLiteral("appid"), QStringLiteral("azp"), QStringLiteral("client_id"), QStringLiteral("cid")}) {
            const QString meaning = meaningOf(inspector, claim);
            QVERIFY2((meaning == kComparedMeaning) == (claim == compared),
                     qPrintable(QStringLiteral("%1: %2").arg(claim, meaning)));
        }
        if (compared != QLatin1String("appid"))
            QVERIFY2(meaningOf(inspector, QStringLiteral("appid")).contains(QStringLiteral("not the claim")),
                     qPrintable(meaningOf(inspector, QStringLiteral("appid"))));
    }

    // The same on the demo (the generic preset compares client_id) after a real run: the token's appid row is not
    // what CMiC compares.
    void tokenInspectorOnTheDemoFollowsItsPreset()
    {
        Demo demo;
        startDemo(demo);
        if (QTest::currentTestFailed())
            return;
        QCOMPARE(demo.registration(sandbox::DemoSandbox::kBasicId)->idpPreset, QStringLiteral("generic"));
        ValidateSetupWizard *wizard = openWizard(*demo.window, sandbox::DemoSandbox::kBasicId);
        QVERIFY(wizard);
        runToEnd(wizard);
        if (QTest::currentTestFailed())
            return;
        QTest::mouseClick(wizard->button(QWizard::NextButton), Qt::LeftButton);
        QCOMPARE(wizard->currentId(), int(ValidateSetupWizard::ResultPageId));
        auto *inspector = wizard->findChild<TokenInspector *>(QStringLiteral("tokenInspector"));
        QVERIFY(wizard->report().tokenClaims.contains(QStringLiteral("appid")));
        QCOMPARE(meaningOf(inspector, QStringLiteral("client_id")), kComparedMeaning);
        QVERIFY2(meaningOf(inspector, QStringLiteral("appid")).contains(QStringLiteral("not the claim")),
                 qPrintable(meaningOf(inspector, QStringLiteral("appid"))));
        verifyNoUnresolvedPlural(wizard);
        wizard->close();
    }

    // What the window says with 1 and with 2: the secret's expiry in the findings and in the expiry view, the
    // counts in the status bar, the removal question; and no "(s)" anywhere in the window.
    void pluralFormsInEnglish_data()
    {
        QTest::addColumn<int>("n");
        QTest::newRow("one") << 1;
        QTest::newRow("two") << 2;
    }

    void pluralFormsInEnglish()
    {
        QFETCH(int, n);
        const auto unit = [n](const char *singular) {
            return QStringLiteral("%1 %2%3").arg(n).arg(QLatin1String(singular),
                                                        n == 1 ? QString() : QStringLiteral("s"));
        };
        MemorySecretStore secrets;
        MainWindow window(&secrets, &m_clock);
        auto prompts = std::make_unique<ScriptedPrompts>();
        ScriptedPrompts *answers = prompts.get();
        window.setPrompts(std::move(prompts));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        Workspace ws;
        ws.id = Workspace::newId();
        Environment env;
        env.id = QStringLiteral("env-1");
        env.name = QStringLiteral("Prod");
        env.apiBaseUrl = QStringLiteral("https://cmic.example.com/cmicprod");
        ws.environments = {env};
        for (int i = 0; i < n; ++i) {
            AppRegistration reg;
            reg.id = QStringLiteral("reg-%1").arg(i);
            reg.name = QStringLiteral("Payroll %1").arg(i);
            reg.environmentId = env.id;
            reg.secretExpiry = m_clock.now().date().addDays(n);
            ws.registrations << reg;
        }
        QVERIFY(window.files()->replaceWithUntitled(ws));

        // The findings dock: the expiring secret, in n days.
        auto *findings = window.findChild<QTableView *>(QStringLiteral("findingsView"));
        QVERIFY(findings);
        const QString inDays = QStringLiteral("in %1, on").arg(unit("day"));
        QTRY_VERIFY2(shownTexts(findings).join(QLatin1Char('\n')).contains(inDays),
                     qPrintable(shownTexts(findings).join(QLatin1Char('\n'))));

        // The status bar's counts: each number agrees with its noun.
        auto *summary = window.findChild<QLabel *>(QStringLiteral("findingsSummary"));
        QTRY_VERIFY(summary->text().contains(QStringLiteral("error")));
        static const QRegularExpression count(QStringLiteral("(\\d+) (error|warning|note)(s?)\\b"));
        int counted = 0;
        for (auto it = count.globalMatch(summary->text()); it.hasNext(); ++counted) {
            const QRegularExpressionMatch m = it.next();
            QVERIFY2((m.captured(1) == QLatin1String("1")) == m.captured(3).isEmpty(), qPrintable(summary->text()));
        }
        QCOMPARE(counted, 3);

        // The expiry view: "expires in 1 day" / "expires in 2 days".
        window.findChild<QAction *>(QStringLiteral("actionShowExpiry"))->trigger();
        QTreeWidget *tree = window.expiryView()->tree();
        QTRY_COMPARE(tree->topLevelItem(0)->childCount(), n);
        const QString status = tree->topLevelItem(0)->child(0)->text(ExpiryView::StatusColumn);
        QVERIFY2(status.startsWith(QStringLiteral("expires in %1 (").arg(unit("day"))), qPrintable(status));

        // The removal question for the environment the n registrations use (Ctrl+Del; Cancel keeps it).
        QVERIFY(window.selectObject(ObjectKind::Environment, env.id));
        QApplication::setActiveWindow(&window);
        QVERIFY(QTest::qWaitForWindowActive(&window));
        answers->removalAnswers.enqueue({false, false});
        QTest::keyClick(&window, Qt::Key_Delete, Qt::ControlModifier);
        QCOMPARE(answers->removalQuestions.size(), 1);
        QVERIFY2(answers->removalQuestions.constFirst().startsWith(
                     QStringLiteral("%1 %2 environment")
                         .arg(unit("registration"), n == 1 ? QStringLiteral("uses") : QStringLiteral("use"))),
                 qPrintable(answers->removalQuestions.constFirst()));
        QCOMPARE(window.document()->workspace().environments.size(), 1);

        verifyNoUnresolvedPlural(&window);
    }
};

QTEST_MAIN(tst_Wording)
#include "tst_wording.moc"
