// A findings-heavy workspace (every registration incomplete) in the main window: the window is shown and takes the
// user's typing while its findings are still being checked off the main thread, the findings dock fills in batches
// with input handled between them, and ends with every finding. No timing: the order of events is what is checked.
#include "core/model/Workspace.h"
#include "core/rules/FindingsIndex.h"
#include "core/rules/SetupRules.h"
#include "core/storage/MemorySecretStore.h"
#include "core/storage/WorkspaceFile.h"
#include "core/util/Clock.h"
#include "gui/FindingsModel.h"
#include "gui/MainWindow.h"
#include "gui/ObjectPage.h"
#include "gui/ObjectTableModels.h"

#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace cmic;

namespace {

Workspace incompleteWorkspace(int registrations)
{
    Workspace w;
    w.id = QStringLiteral("large-incomplete");
    Environment e;
    e.id = QStringLiteral("env-1");
    e.name = QStringLiteral("cmicprod");
    e.apiBaseUrl = QStringLiteral("https://erp.example.com/cmicprod");
    w.environments << e;
    for (int i = 0; i < registrations; ++i) {
        AppRegistration r;
        r.id = QStringLiteral("reg-%1").arg(i);
        r.name = QStringLiteral("Draft integration %1").arg(i);
        r.environmentId = e.id;
        r.idpPreset = QStringLiteral("entra-v1");
        w.registrations << r;
    }
    return w;
}

// Types |text| as the keyboard would: key events queued behind whatever the event loop has to do already.
void postTyping(QWidget *target, const QString &text)
{
    for (const QChar c : text) {
        QCoreApplication::postEvent(target, new QKeyEvent(QEvent::KeyPress, 0, Qt::NoModifier, QString(c)));
        QCoreApplication::postEvent(target, new QKeyEvent(QEvent::KeyRelease, 0, Qt::NoModifier, QString(c)));
    }
}

class PaintCounter : public QObject
{
public:
    explicit PaintCounter(QWidget *w) { w->installEventFilter(this); }
    int paints = 0;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            ++paints;
        return QObject::eventFilter(watched, event);
    }
};

} // namespace

class TestLargeWorkspace : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void windowTakesInputWhileFindingsAreCheckedAndListed()
    {
        FixedClock clock(QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC));
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("incomplete.cmic-oauth.json"));
        {
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(WorkspaceFile::serialize(incompleteWorkspace(4000)));
        }
        Workspace loaded;
        WorkspaceFile file;
        QVERIFY(file.open(path, &loaded).ok());
        const int expected = static_cast<int>(SetupRules(clock).check(loaded).size());
        QVERIFY2(expected > 2 * FindingsModel::kBatchSize, "the workspace must need several batches");
        qInfo("4000 incomplete registrations, %d findings", expected);

        MemorySecretStore secrets;
        MainWindow window(&secrets, &clock);
        // The findings under test are the rules' alone: the credential inventory's look-ups (4,000 keys answered one
        // by one, each batch starting a new check) would make the count and the batches depend on their timing.
        window.document()->setSecretStore(nullptr);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        FindingsModel *findings = window.findingsModel();
        QTRY_VERIFY(findings->isComplete()); // the empty workspace's
        QTableView *table = window.table(ObjectKind::Registration);
        auto *filter = window.findChild<QLineEdit *>(QStringLiteral("registrationFilter"));
        QVERIFY(filter);
        PaintCounter painted(table->viewport());

        // Typing that arrives once the check has started is handled while it runs: the findings are not in yet.
        const QString typed = QStringLiteral("integration 17");
        bool typedWhileChecking = false;
        int paintsWhileChecking = 0;
        connect(
            window.document(), &WorkspaceDocument::findingsCheckStarted, this, [&] { postTyping(filter, typed); },
            Qt::SingleShotConnection);
        connect(filter, &QLineEdit::textChanged, this, [&](const QString &text) {
            if (text == typed) {
                typedWhileChecking = window.document()->findingsPending() && findings->rowCount() == 0;
                table->viewport()->update();
                paintsWhileChecking = painted.paints;
            }
        });
        // Once the first rows are listed, more typing (a Backspace) is handled before the last batch arrives.
        bool firstBatchPartial = false;
        bool erasedBeforeLastBatch = false;
        connect(findings, &QAbstractItemModel::modelReset, this, [&] {
            if (findings->rowCount() > 0 && !firstBatchPartial) {
                firstBatchPartial = findings->rowCount() < expected;
                QCoreApplication::postEvent(filter, new QKeyEvent(QEvent::KeyPress, Qt::Key_Backspace, Qt::NoModifier));
                QCoreApplication::postEvent(filter,
                                            new QKeyEvent(QEvent::KeyRelease, Qt::Key_Backspace, Qt::NoModifier));
            }
        });
        connect(findings, &QAbstractItemModel::rowsInserted, this, [&] {
            if (findings->rowCount() == expected)
                erasedBeforeLastBatch = filter->text() == typed.chopped(1);
        });

        filter->setFocus();
        QVERIFY(window.openFile(path));
        QCOMPARE(window.model(ObjectKind::Registration)->rowCount(), 4000); // the table has the rows at once
        QCOMPARE(window.findChild<QLabel *>(QStringLiteral("findingsSummary"))->text(), findings->summary());
        QVERIFY(window.document()->findingsPending());

        QTRY_VERIFY_WITH_TIMEOUT(findings->isComplete(), 120000);
        QVERIFY2(typedWhileChecking, "the typing waited for the findings");
        QVERIFY(paintsWhileChecking > 0);
        QVERIFY2(firstBatchPartial, "the findings arrived all at once");
        QVERIFY2(erasedBeforeLastBatch, "the Backspace waited for the last batch");

        // The dock ends with every finding, errors first, and the status bar counts them.
        QCOMPARE(findings->rowCount(), expected);
        QCOMPARE(findings->totalCount(), expected);
        QVERIFY(findings->finding(0).severity == Severity::Error);
        for (int r = 1; r < expected; ++r)
            QVERIFY(findings->finding(r - 1).severity >= findings->finding(r).severity);
        auto *summary = window.findChild<QLabel *>(QStringLiteral("findingsSummary"));
        QTRY_COMPARE(summary->text(), findings->summary());
        QVERIFY2(summary->text().contains(QString::number(findings->count(Severity::Error))),
                 qPrintable(summary->text()));
        // The filter the user typed applies: only the matching registrations are listed.
        QVERIFY(table->model()->rowCount() > 0);
        QVERIFY(table->model()->rowCount() < 4000);
        for (int r = 0; r < table->model()->rowCount(); ++r)
            QVERIFY(table->model()->index(r, 0).data().toString().contains(typed.chopped(1), Qt::CaseInsensitive));
    }

    void anEditSupersedesARunningCheck()
    {
        FixedClock clock(QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC));
        WorkspaceDocument doc(nullptr, &clock);
        doc.reset(incompleteWorkspace(3000), QString());
        int published = 0;
        connect(&doc, &WorkspaceDocument::findingsChanged, this, [&] { ++published; });
        // Edit the first registration as soon as the check of the opened workspace starts: its result is dropped.
        connect(
            &doc, &WorkspaceDocument::findingsCheckStarted, this,
            [&] {
                AppRegistration r = doc.object<AppRegistration>(0);
                r.appId = QStringLiteral("11111111-2222-3333-4444-555555555555");
                doc.replaceObject(0, r);
            },
            Qt::SingleShotConnection);
        QTRY_VERIFY_WITH_TIMEOUT(!doc.findingsPending(), 120000);
        QCOMPARE(published, 1); // only the findings of the edited workspace were published
        QCOMPARE(doc.published()->findings(), SetupRules(clock).check(doc.workspace()));
        QCOMPARE(doc.findings(), doc.published()->findings());
        const Findings first = doc.findingsFor(SubjectKind::Registration, QStringLiteral("reg-0"));
        QVERIFY(std::none_of(first.cbegin(), first.cend(),
                             [](const Finding &f) { return f.field == QLatin1String("appId"); }));
        QVERIFY(!doc.findingsFor(SubjectKind::Registration, QStringLiteral("reg-1")).isEmpty());
    }
};

QTEST_MAIN(TestLargeWorkspace)
#include "tst_largeworkspace.moc"
