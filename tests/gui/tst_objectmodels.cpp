// Every table model checked by QAbstractItemModelTester (Fatal) while objects are added, edited, removed, undone and
// filtered; edits go through the undo stack and typing into one field merges into one step.
#include "core/model/IdpPreset.h"
#include "core/util/Clock.h"
#include "gui/FindingsModel.h"
#include "gui/ObjectTableModels.h"
#include "gui/WorkspaceDocument.h"

#include <QAbstractItemModelTester>
#include <QIcon>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

using namespace cmic;

class tst_ObjectModels : public QObject
{
    Q_OBJECT

private:
    FixedClock m_clock{QDateTime(QDate(2026, 1, 15), QTime(12, 0), Qt::UTC)};

    static Workspace sample()
    {
        Workspace w;
        w.id = QStringLiteral("ws");
        Environment e;
        e.id = QStringLiteral("env-1");
        e.name = QStringLiteral("Production");
        e.apiBaseUrl = QStringLiteral("https://cmic.example.com/cmicprod");
        w.environments.append(e);
        ServiceUser u;
        u.id = QStringLiteral("user-1");
        u.username = QStringLiteral("SVC_API");
        w.serviceUsers.append(u);
        AppRegistration r;
        r.id = QStringLiteral("reg-1");
        r.name = QStringLiteral("Payroll sync");
        r.environmentId = e.id;
        r.serviceUserId = u.id;
        r.appId = QStringLiteral("0oa123");
        r.issuer = QStringLiteral("https://idp.example.com/oauth2/default");
        w.registrations.append(r);
        return w;
    }

    static void exercise(ObjectTableModel &model, WorkspaceDocument &doc)
    {
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        ObjectFilterModel proxy(&model);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
        proxy.sort(0);
        // The main window's tables: only the summary columns, in source order, filtered and sorted alike.
        ObjectFilterModel summary(&model, nullptr, /*summaryColumnsOnly=*/true);
        QAbstractItemModelTester summaryTester(&summary, QAbstractItemModelTester::FailureReportingMode::Fatal);
        summary.sort(0);
        const QList<int> summaryColumns = model.summaryColumns();
        QVERIFY(summaryColumns.size() < model.columnCount());
        QCOMPARE(summary.columnCount(), summaryColumns.size());
        for (int c = 0; c < summary.columnCount(); ++c) {
            QCOMPARE(summary.headerData(c, Qt::Horizontal), model.headerData(summaryColumns.at(c), Qt::Horizontal));
            QCOMPARE(summary.mapToSource(summary.index(0, c)).column(), summaryColumns.at(c));
        }

        const int before = model.rowCount();
        const int row = model.addObject();
        QCOMPARE(model.rowCount(), before + 1);
        QCOMPARE(proxy.rowCount(), before + 1);
        QVERIFY(!model.index(row, 0).data(ObjectTableModel::IdRole).toString().isEmpty());

        // Edit every text column of the new row, then undo everything.
        for (int c = 0; c < model.columnCount(); ++c) {
            const QVariant v = model.index(row, c).data(Qt::EditRole);
            if (v.typeId() == QMetaType::QString && model.fieldName(c) != QLatin1String("deployment")
                && model.fieldName(c) != QLatin1String("userSource")
                && model.fieldName(c) != QLatin1String("authMethod")
                && model.fieldName(c) != QLatin1String("assertionAlgorithm")
                && model.fieldName(c) != QLatin1String("assertionThumbprint"))
                QVERIFY(model.setData(model.index(row, c), QStringLiteral("zz-%1").arg(c)));
        }
        QCoreApplication::processEvents(); // findings recomputed
        QVERIFY(doc.isModified());

        proxy.setFilterText(QStringLiteral("ZZ-0"));
        QCOMPARE(proxy.rowCount(), 1);
        summary.setFilterText(QStringLiteral("ZZ-0"));
        QCOMPARE(summary.rowCount(), 1);
        QCOMPARE(summary.index(0, 0).data(Qt::EditRole).toString(), QStringLiteral("zz-0"));
        proxy.setFilterText(QString());
        QCOMPARE(proxy.rowCount(), before + 1);
        summary.setFilterText(QString());
        QCOMPARE(summary.rowCount(), before + 1);

        model.removeObject(row);
        QCOMPARE(model.rowCount(), before);
        while (doc.undoStack()->canUndo())
            doc.undoStack()->undo();
        QCOMPARE(model.rowCount(), before);
        while (doc.undoStack()->canRedo())
            doc.undoStack()->redo();
        QCOMPARE(model.rowCount(), before);
        doc.undoStack()->undo(); // the removal
        QCOMPARE(model.rowCount(), before + 1);
        QCOMPARE(model.index(row, 0).data(Qt::EditRole).toString(), QStringLiteral("zz-0"));
        QCoreApplication::processEvents();
        doc.reset(sample(), QString());
        QCOMPARE(model.rowCount(), 1);
    }

private slots:
    void environmentModelPassesTester()
    {
        WorkspaceDocument doc(nullptr, &m_clock);
        doc.reset(sample(), QString());
        EnvironmentModel model(&doc);
        exercise(model, doc);
    }

    void serviceUserModelPassesTester()
    {
        WorkspaceDocument doc(nullptr, &m_clock);
        doc.reset(sample(), QString());
        ServiceUserModel model(&doc);
        exercise(model, doc);
    }

    void registrationModelPassesTester()
    {
        WorkspaceDocument doc(nullptr, &m_clock);
        doc.reset(sample(), QString());
        RegistrationModel model(&doc);
        exercise(model, doc);
    }

    void setDataPushesMergingCommandsPerField()
    {
        WorkspaceDocument doc(nullptr, &m_clock);
        doc.reset(sample(), QString());
        RegistrationModel model(&doc);
        const QModelIndex issuer = model.index(0, RegistrationModel::Issuer);
        for (const QString &text : {QStringLiteral("h"), QStringLiteral("ht"), QStringLiteral("htt")})
            QVERIFY(model.setData(issuer, text));
        QCOMPARE(doc.undoStack()->count(), 1);
        QVERIFY(model.setData(model.index(0, RegistrationModel::AppId), QStringLiteral("x")));
        QCOMPARE(doc.undoStack()->count(), 2);
        QVERIFY(model.setData(issuer, QStringLiteral("https://a/")));
        QCOMPARE(doc.undoStack()->count(), 3);
        doc.undoStack()->undo();
        doc.undoStack()->undo();
        QCOMPARE(doc.workspace().registrations.at(0).issuer, QStringLiteral("htt"));
        doc.undoStack()->undo();
        QCOMPARE(doc.workspace(), sample());
        QVERIFY(!doc.isModified());
    }

    void unchangedValuePushesNothing()
    {
        WorkspaceDocument doc(nullptr, &m_clock);
        doc.reset(sample(), QString());
        EnvironmentModel model(&doc);
        QVERIFY(model.setData(model.index(0, EnvironmentModel::Name), QStringLiteral("Production")));
        QCOMPARE(doc.undoStack()->count(), 0);
        QVERIFY(!model.setData(model.index(0, EnvironmentModel::Deployment), QStringLiteral("mainframe")));
        QCOMPARE(doc.undoStack()->count(), 0);
    }

    void assertionWordsOutsideTheFileFormatAreRefused()
    {
        WorkspaceDocument doc(nullptr, &m_clock);
        doc.reset(sample(), QString());
        RegistrationModel model(&doc);
        QVERIFY(!model.setData(model.index(0, RegistrationModel::AssertionAlgorithm), QStringLiteral("HS256")));
        QVERIFY(!model.setData(model.index(0, RegistrationModel::AssertionThumbprint), QStringLiteral("sha1")));
        QCOMPARE(doc.undoStack()->count(), 0);
        QVERIFY(model.setData(model.index(0, RegistrationModel::AssertionAlgorithm), QStringLiteral("PS256")));
        QVERIFY(model.setData(model.index(0, RegistrationModel::AssertionThumbprint), QStringLiteral("x5t#S256")));
        QCOMPARE(doc.undoStack()->count(), 2);
        QCOMPARE(doc.workspace().registrations.at(0).assertionAlgorithm, QStringLiteral("PS256"));
        QVERIFY(doc.workspace().registrations.at(0).assertionThumbprint == AssertionThumbprint::X5tS256);
        doc.undoStack()->undo();
        doc.undoStack()->undo();
        QVERIFY(doc.workspace().registrations.at(0).assertionAlgorithm.isEmpty());
        QVERIFY(doc.workspace().registrations.at(0).assertionThumbprint == AssertionThumbprint::None);
    }

    void narrowingFilterMatchesAFreshFilterAfterEdits()
    {
        // A keystroke that extends the filter text tests only the rows the previous text accepted; an edit in
        // between must not leave a row out that now matches.
        WorkspaceDocument doc(nullptr, &m_clock);
        Workspace w = sample();
        for (const char *name : {"Payroll export", "Billing", "PAYROLL archive"}) {
            AppRegistration r = w.registrations.constFirst();
            r.id = QLatin1String("reg-") + QLatin1String(name);
            r.name = QLatin1String(name);
            w.registrations.append(r);
        }
        doc.reset(w, QString());
        RegistrationModel model(&doc);
        ObjectFilterModel proxy(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
        const auto freshCount = [&model](const QString &text) {
            ObjectFilterModel fresh(&model);
            fresh.setFilterText(text);
            return fresh.rowCount();
        };
        const auto type = [&](const QString &text, int expected) {
            proxy.setFilterText(text);
            QCOMPARE(proxy.rowCount(), expected);
            QCOMPARE(proxy.rowCount(), freshCount(text));
        };
        type(QStringLiteral("p"), freshCount(QStringLiteral("p")));
        type(QStringLiteral("pay"), 3);
        type(QStringLiteral("payROLL "), 3);
        type(QStringLiteral("payroll e"), 1);
        // "Billing" renamed while the filter shows one row: the proxy follows, and so does the next keystroke.
        const int billing = doc.indexOf<AppRegistration>(QStringLiteral("reg-Billing"));
        QVERIFY(model.setData(model.index(billing, RegistrationModel::Name), QStringLiteral("Payroll extra")));
        QCOMPARE(proxy.rowCount(), 2);
        type(QStringLiteral("payroll ex"), 2);
        type(QStringLiteral("payroll exp"), 1);
        // An added row, then a longer text again.
        doc.undoStack()->undo();
        type(QStringLiteral("payroll"), 3);
        const int added = model.addObject();
        QVERIFY(model.setData(model.index(added, RegistrationModel::Name), QStringLiteral("payroll new")));
        type(QStringLiteral("payroll n"), 1);
        type(QStringLiteral("payroll"), 4); // shorter: every row tested again
        type(QString(), model.rowCount());
    }

    void displayShowsReferencedNamesAndEditShowsIds()
    {
        WorkspaceDocument doc(nullptr, &m_clock);
        doc.reset(sample(), QString());
        RegistrationModel regs(&doc);
        EnvironmentModel envs(&doc);
        QCOMPARE(regs.index(0, RegistrationModel::EnvironmentId).data().toString(), QStringLiteral("Production"));
        QCOMPARE(regs.index(0, RegistrationModel::EnvironmentId).data(Qt::EditRole).toString(),
                 QStringLiteral("env-1"));
        QSignalSpy changed(&regs, &QAbstractItemModel::dataChanged);
        QVERIFY(envs.setData(envs.index(0, EnvironmentModel::Name), QStringLiteral("Prod")));
        QVERIFY(!changed.isEmpty());
        QCOMPARE(regs.index(0, RegistrationModel::EnvironmentId).data().toString(), QStringLiteral("Prod"));
    }

    void findingsMarkTheFieldAndTheRow()
    {
        WorkspaceDocument doc(nullptr, &m_clock);
        doc.reset(sample(), QString());
        RegistrationModel model(&doc);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        const QModelIndex issuer = model.index(0, RegistrationModel::Issuer);
        QTRY_VERIFY(doc.findingsKnown() && !doc.findingsPending()); // checked off the main thread
        QCOMPARE(issuer.data(ObjectTableModel::SeverityRole).toInt(), -1);
        QVERIFY(model.setData(issuer, QStringLiteral("http://idp.example.com/oauth2/default")));
        // The marks follow once the background check of the edit is published.
        QTRY_COMPARE(issuer.data(ObjectTableModel::SeverityRole).toInt(), static_cast<int>(Severity::Error));
        QVERIFY(!issuer.data(Qt::ToolTipRole).toString().isEmpty());
        QCOMPARE(model.index(0, 0).data(ObjectTableModel::SeverityRole).toInt(), static_cast<int>(Severity::Error));
        QVERIFY(!model.index(0, 0).data(Qt::DecorationRole).value<QIcon>().isNull());
        doc.undoStack()->undo();
        QTRY_COMPARE(issuer.data(ObjectTableModel::SeverityRole).toInt(), -1);
    }

    void referencedNamesFollowRowChanges()
    {
        // The registration table shows its service user's name through the document's id index; that index must
        // follow inserts, removals and undo.
        WorkspaceDocument doc(nullptr, &m_clock);
        doc.reset(sample(), QString());
        RegistrationModel regs(&doc);
        ServiceUserModel users(&doc);
        const QModelIndex cell = regs.index(0, RegistrationModel::ServiceUserId);
        QCOMPARE(cell.data().toString(), QStringLiteral("SVC_API"));

        users.addObject(-1); // appended: no row moves
        doc.insertObject<ServiceUser>(0, [] {
            ServiceUser u;
            u.id = QStringLiteral("user-0");
            u.username = QStringLiteral("SVC_FIRST");
            return u;
        }());
        QCOMPARE(cell.data().toString(), QStringLiteral("SVC_API"));
        const int row = doc.indexOf<ServiceUser>(QStringLiteral("user-1"));
        QCOMPARE(doc.object<ServiceUser>(row).username, QStringLiteral("SVC_API"));

        users.removeObject(row);
        QCOMPARE(cell.data().toString(), QString());
        doc.undoStack()->undo();
        QCOMPARE(cell.data().toString(), QStringLiteral("SVC_API"));
    }

    void findingsModelFollowsEditsAndUndo()
    {
        WorkspaceDocument doc(nullptr, &m_clock);
        doc.reset(sample(), QString());
        FindingsModel findings(&doc);
        QAbstractItemModelTester tester(&findings, QAbstractItemModelTester::FailureReportingMode::Fatal);
        RegistrationModel model(&doc);
        QTRY_VERIFY(doc.findingsKnown() && findings.isComplete()); // the first check, off the main thread
        const int errorsBefore = findings.count(Severity::Error);

        QVERIFY(model.setData(model.index(0, RegistrationModel::Issuer), QStringLiteral("http://idp.example.com/")));
        QTRY_COMPARE(findings.count(Severity::Error), errorsBefore + 1);
        int row = -1;
        for (int r = 0; r < findings.rowCount(); ++r) {
            if (findings.finding(r).field == QLatin1String("issuer"))
                row = r;
        }
        QVERIFY(row >= 0);
        QCOMPARE(findings.index(row, FindingsModel::SeverityColumn).data(FindingsModel::SeverityRole).toInt(),
                 static_cast<int>(Severity::Error));
        QVERIFY(!findings.index(row, FindingsModel::FixColumn).data().toString().isEmpty());
        const QString summaryWithError = findings.summary();

        doc.undoStack()->undo();
        QTRY_COMPARE(findings.count(Severity::Error), errorsBefore);
        QVERIFY(findings.summary() != summaryWithError);
        doc.reset(Workspace(), QString());
        QTRY_COMPARE(findings.rowCount(), 0);
    }

    void applyPresetFillsUrlsAsOneStep()
    {
        WorkspaceDocument doc(nullptr, &m_clock);
        doc.reset(sample(), QString());
        RegistrationModel model(&doc);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QVERIFY(model.applyPreset(0, QStringLiteral("entra-v1"),
                                  {{QStringLiteral("tenant"), QStringLiteral("contoso.onmicrosoft.com")}}));
        const AppRegistration &r = doc.workspace().registrations.at(0);
        QCOMPARE(r.issuer, QStringLiteral("https://sts.windows.net/contoso.onmicrosoft.com/"));
        QVERIFY(r.jwksUri.startsWith(QLatin1String("https://")));
        QVERIFY(r.tokenEndpoint.contains(QLatin1String("contoso.onmicrosoft.com")));
        QCOMPARE(doc.undoStack()->count(), 1);
        doc.undoStack()->undo();
        QCOMPARE(doc.workspace(), sample());
        QVERIFY(!model.applyPreset(0, QStringLiteral("no-such-idp"), {}));
    }
};

QTEST_MAIN(tst_ObjectModels)
#include "tst_objectmodels.moc"
