// The probe-endpoint list: the "Common endpoints" menu offers core's catalogue, and choosing an entry adds its
// path once, as one change (so the form's undo step is one edit).
#include "core/model/CmicEndpoints.h"
#include "gui/StringListEdit.h"

#include <QApplication>
#include <QMenu>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>

using namespace cmic;

class TestStringListEdit : public QObject
{
    Q_OBJECT

private slots:
    void commonEndpointsMenuAddsEachPathOnce()
    {
        StringListEdit edit;
        edit.setItems({QStringLiteral("sys-rest-api/rest/1/sdcompanyaccess")});
        QSignalSpy changed(&edit, &StringListEdit::itemsChanged);
        QMenu *menu = edit.commonButton()->menu();
        QVERIFY(menu);
        const QList<CmicEndpoint> catalogue = commonCmicEndpoints();
        QVERIFY(catalogue.size() >= 3);
        QCOMPARE(menu->actions().size(), catalogue.size());
        for (int i = 0; i < catalogue.size(); ++i) {
            QCOMPARE(menu->actions().at(i)->data().toString(), catalogue.at(i).path);
            QVERIFY(menu->actions().at(i)->text().contains(catalogue.at(i).description));
        }
        // The one already listed is not added twice; the others are added, each as one change.
        menu->actions().at(0)->trigger();
        QCOMPARE(changed.count(), 0);
        menu->actions().at(1)->trigger();
        QCOMPARE(changed.count(), 1);
        QCOMPARE(edit.items(),
                 (QStringList{QStringLiteral("sys-rest-api/rest/1/sdcompanyaccess"), catalogue.at(1).path}));
        menu->actions().at(1)->trigger();
        QCOMPARE(changed.count(), 1);
        // A path listed with a leading slash (as the demo writes it) is the same path.
        edit.setItems({QLatin1Char('/') + catalogue.at(2).path});
        changed.clear();
        menu->actions().at(2)->trigger();
        QCOMPARE(changed.count(), 0);
        QVERIFY(!edit.commonButton()->accessibleName().isEmpty());
    }

    void catalogueHoldsRelativeCollectionPaths()
    {
        for (const CmicEndpoint &endpoint : commonCmicEndpoints()) {
            QVERIFY2(!endpoint.path.startsWith(QLatin1Char('/')) && !endpoint.path.contains(QLatin1String("://")),
                     qPrintable(endpoint.path));
            QVERIFY(endpoint.path.contains(QLatin1String("/rest/")));
            QVERIFY(!endpoint.description.isEmpty());
        }
    }
};

QTEST_MAIN(TestStringListEdit)
#include "tst_stringlistedit.moc"
