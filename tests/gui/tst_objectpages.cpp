// The table of object pages: one row per ObjectKind, and the window's navigation, pages and actions follow it.
#include "core/storage/MemorySecretStore.h"
#include "gui/MainWindow.h"
#include "gui/ObjectPage.h"
#include "gui/ObjectTableModels.h"
#include "gui/UserPrompts.h"

#include <QAction>
#include <QListWidget>
#include <QSet>
#include <QSettings>
#include <QStackedWidget>
#include <QTableView>
#include <QTest>

using namespace cmic;

class tst_ObjectPages : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QSettings().clear(); }

    void everyKindHasExactlyOneRow()
    {
        const auto specs = objectPageSpecs();
        QCOMPARE(int(specs.size()), 3);
        QSet<QString> names;
        for (ObjectKind kind : {ObjectKind::Environment, ObjectKind::ServiceUser, ObjectKind::Registration}) {
            int rows = 0;
            for (const ObjectPageSpec &spec : specs)
                rows += spec.kind == kind ? 1 : 0;
            QCOMPARE(rows, 1);
            const ObjectPageSpec &spec = objectPageSpec(kind);
            QCOMPARE(spec.kind, kind);
            QCOMPARE(&specs[objectPageIndex(kind)], &spec);
            names.insert(QString::fromLatin1(spec.name));
            QVERIFY(spec.navigationLabel && *spec.navigationLabel);
            QVERIFY(spec.tableAccessibleName && *spec.tableAccessibleName);
            QVERIFY(spec.filterPlaceholder && *spec.filterPlaceholder);
            QVERIFY(spec.emptyText && *spec.emptyText);
            QVERIFY(spec.objectLabel && *spec.objectLabel);
            QVERIFY(spec.createModel && spec.createForm);
        }
        QCOMPARE(names.size(), 3);

        // Each row's model is of its kind.
        WorkspaceDocument document;
        for (const ObjectPageSpec &spec : specs) {
            std::unique_ptr<ObjectTableModel> model(spec.createModel(&document, nullptr));
            QCOMPARE(model->kind(), spec.kind);
        }
    }

    void navigationAndPagesFollowTheTable()
    {
        MemorySecretStore secrets;
        MainWindow window(&secrets);
        window.setPrompts(std::make_unique<DialogPrompts>());
        auto *navigation = window.findChild<QListWidget *>(QStringLiteral("navigation"));
        auto *stack = window.findChild<QStackedWidget *>(QStringLiteral("pages"));
        QVERIFY(navigation && stack);
        const auto specs = objectPageSpecs();
        QCOMPARE(navigation->count(), int(specs.size()));
        QCOMPARE(stack->count(), int(specs.size()));
        QAction *add = window.findChild<QAction *>(QStringLiteral("actionAdd"));
        QVERIFY(add);
        for (int i = 0; i < int(specs.size()); ++i) {
            const ObjectPageSpec &spec = specs[i];
            QCOMPARE(navigation->item(i)->text(), ObjectPage::tr(spec.navigationLabel) + QStringLiteral("  (0)"));
            QCOMPARE(navigation->item(i)->toolTip(), ObjectPage::tr(spec.navigationToolTip));
            QCOMPARE(stack->widget(i)->objectName(), QString::fromLatin1(spec.name) + QStringLiteral("FilterPage"));
            window.showPage(spec.kind);
            QCOMPARE(navigation->currentRow(), i);
            QCOMPARE(stack->currentIndex(), i);
            QCOMPARE(window.currentKind(), spec.kind);
            QCOMPARE(window.model(spec.kind)->kind(), spec.kind);
            QCOMPARE(window.table(spec.kind)->objectName(), QString::fromLatin1(spec.name) + QStringLiteral("Table"));
            QCOMPARE(add->text(), QStringLiteral("&Add ") + ObjectPage::tr(spec.objectLabel));
        }
    }
};

QTEST_MAIN(tst_ObjectPages)
#include "tst_objectpages.moc"
