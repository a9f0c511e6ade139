// The main window's layout on a small screen (1024 x 700) and, run again by CTest as tst_windowlayout200, on a
// 1600 x 1000 screen at QT_SCALE_FACTOR=2 (CMIC_LAYOUT_SCREEN sizes the offscreen platform's screen): the window and a
// restored oversized geometry fit the screen; every toolbar button shows at the screen's width, Undo and Redo with a
// short text and the command in their tool tips; preset-filled URLs show their beginning; the App ID claim line
// wraps instead of clipping; the tables keep their horizontal scroll when the selection changes; a form with nothing
// selected shows no values; the sidebar's names start, and its counts end, at the same place on every line.
#include "GuiTestKit.h"
#include "core/storage/MemorySecretStore.h"
#include "core/util/Clock.h"
#include "gui/MainWindow.h"
#include "gui/ObjectForms.h"
#include "gui/ObjectTableModels.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QDateEdit>
#include <QFile>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPixmap>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QScreen>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>
#include <QtMath>

using namespace cmic;
using namespace cmic::test;

namespace {

QString text(const QRect &r)
{
    return QStringLiteral("%1,%2 %3x%4").arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height());
}

QRect available(const QWidget &w)
{
    return (w.screen() ? w.screen() : QGuiApplication::primaryScreen())->availableGeometry();
}

} // namespace

class TestWindowLayout : public QObject
{
    Q_OBJECT
    MemorySecretStore m_secrets;
    FixedClock m_clock{QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC)};

    std::unique_ptr<MainWindow> makeWindow()
    {
        auto w = std::make_unique<MainWindow>(&m_secrets, &m_clock);
        w->setPrompts(std::make_unique<ScriptedPrompts>());
        w->show();
        return w;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCOMPARE(QGuiApplication::primaryScreen()->size() * QGuiApplication::primaryScreen()->devicePixelRatio(),
                 QSize(qEnvironmentVariable("CMIC_LAYOUT_SCREEN").section(QLatin1Char('x'), 0, 0).toInt(),
                       qEnvironmentVariable("CMIC_LAYOUT_SCREEN").section(QLatin1Char('x'), 1, 1).toInt()));
    }
    void init() { QSettings().clear(); }

    void windowFitsTheScreen()
    {
        auto w = makeWindow();
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        QVERIFY2(available(*w).contains(w->frameGeometry()),
                 qPrintable(text(w->frameGeometry()) + QStringLiteral(" on ") + text(available(*w))));
        // The layout itself fits: nothing is squeezed below what it needs.
        QVERIFY(w->minimumSizeHint().width() <= available(*w).width());
        QVERIFY(w->minimumSizeHint().height() <= available(*w).height());
    }

    void restoredGeometryIsFittedToTheScreen()
    {
        {
            // A geometry saved on a larger screen (or at another scale factor).
            auto big = makeWindow();
            big->setGeometry(QRect(QPoint(40, 30), available(*big).size() * 2));
            QVERIFY(big->close());
        }
        QVERIFY(!QSettings().value(QStringLiteral("mainWindow/geometry")).toByteArray().isEmpty());
        auto w = makeWindow();
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        QVERIFY2(available(*w).contains(w->frameGeometry()),
                 qPrintable(text(w->frameGeometry()) + QStringLiteral(" on ") + text(available(*w))));
    }

    void fittedGeometryStaysOnTheScreen_data()
    {
        QTest::addColumn<QRect>("geometry");
        QTest::addColumn<QRect>("expected");
        const QRect screen(0, 0, 1024, 700);
        QTest::newRow("fits") << QRect(10, 20, 800, 500) << QRect(10, 20, 800, 500);
        QTest::newRow("too large") << QRect(0, 0, 2800, 1800) << QRect(0, 0, 1024, 700);
        QTest::newRow("off to the right") << QRect(900, 100, 800, 500) << QRect(224, 100, 800, 500);
        QTest::newRow("above the screen") << QRect(10, -300, 800, 500) << QRect(10, 0, 800, 500);
        QTest::newRow("below its minimum") << QRect(0, 0, 2800, 300) << QRect(0, 0, 1024, 480);
    }
    void fittedGeometryStaysOnTheScreen()
    {
        QFETCH(QRect, geometry);
        QFETCH(QRect, expected);
        QCOMPARE(MainWindow::fittedGeometry(geometry, geometry, QRect(0, 0, 1024, 700), QSize(760, 480)), expected);
        // With a frame: the frame is kept on the screen too.
        const QRect framed = MainWindow::fittedGeometry(QRect(0, 0, 2800, 1800), QRect(-4, -30, 2808, 1834),
                                                        QRect(0, 0, 1024, 700), QSize(760, 480));
        QCOMPARE(framed, QRect(4, 30, 1016, 666));
    }

    void toolbarShowsEveryActionAtTheScreenWidth()
    {
        auto w = makeWindow();
        w->resize(available(*w).width() - (w->frameGeometry().width() - w->width()), w->height());
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        QVERIFY(w->loadDemo());
        // A long undo command: "Undo Change Name" in the menu.
        ObjectForm *form = w->form(ObjectKind::Registration);
        QVERIFY(typeInto(form, QStringLiteral("name"), QStringLiteral("Payroll export, renamed")));
        QVERIFY(w->document()->undoStack()->canUndo());
        QCoreApplication::processEvents();
        auto *toolbar = w->findChild<QToolBar *>(QStringLiteral("mainToolBar"));
        QVERIFY(toolbar);
        QTRY_VERIFY(toolbar->isVisible());
        auto *extension = toolbar->findChild<QToolButton *>(QStringLiteral("qt_toolbar_ext_button"));
        QVERIFY2(!extension || !extension->isVisible(), "some toolbar buttons went into the overflow menu");
        for (QAction *a : toolbar->actions()) {
            if (a->isSeparator())
                continue;
            QWidget *button = toolbar->widgetForAction(a);
            QVERIFY2(button && button->isVisible(), qPrintable(a->objectName()));
            QVERIFY2(toolbar->rect().contains(button->geometry()), qPrintable(a->objectName()));
        }
        // Text beside the icons on a 1024-pixel-wide window; icons only (text in the tool tips) when narrower.
        if (w->width() >= 1000)
            QCOMPARE(toolbar->toolButtonStyle(), Qt::ToolButtonTextBesideIcon);
        auto *undo = w->findChild<QToolButton *>(QStringLiteral("toolButton_actionUndo"));
        QVERIFY(undo);
        QCOMPARE(undo->text(), QStringLiteral("Undo"));
        auto *undoAction = w->findChild<QAction *>(QStringLiteral("actionUndo"));
        QVERIFY2(undoAction->text().contains(QLatin1String("Name")), qPrintable(undoAction->text()));
        QVERIFY2(undoAction->toolTip().contains(QLatin1String("Name")), qPrintable(undoAction->toolTip()));
        QCOMPARE(w->findChild<QToolButton *>(QStringLiteral("toolButton_actionAdd"))->text(), QStringLiteral("Add"));
        QVERIFY(
            w->findChild<QAction *>(QStringLiteral("actionAdd"))->toolTip().contains(QLatin1String("Registration")));
    }

    void presetFilledUrlsShowTheirBeginning()
    {
        auto w = makeWindow();
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        QVERIFY(w->loadDemo());
        auto *form = static_cast<RegistrationForm *>(w->form(ObjectKind::Registration));
        // Another registration shown: its URLs start at their beginning.
        QTableView *table = w->table(ObjectKind::Registration);
        table->setFocus();
        QTest::keyClick(table, Qt::Key_Down);
        for (const char *field : {"issuer", "jwksUri", "tokenEndpoint"}) {
            auto *edit = form->findChild<QLineEdit *>(QString::fromLatin1(field));
            QVERIFY2(edit && !edit->text().isEmpty(), field);
            QCOMPARE(edit->cursorPosition(), 0);
        }
        // A preset chosen from the keyboard fills the URLs; they too show their beginning.
        auto *preset = form->findChild<QComboBox *>(QStringLiteral("idpPreset"));
        QVERIFY(preset);
        preset->setFocus();
        const QString before = form->findChild<QLineEdit *>(QStringLiteral("tokenEndpoint"))->text();
        QTest::keyClick(preset, Qt::Key_Up);
        const QString after = form->findChild<QLineEdit *>(QStringLiteral("tokenEndpoint"))->text();
        QVERIFY2(after != before || preset->currentIndex() == 0, qPrintable(after));
        for (const char *field : {"issuer", "jwksUri", "tokenEndpoint"}) {
            auto *edit = form->findChild<QLineEdit *>(QString::fromLatin1(field));
            if (!edit->text().isEmpty())
                QCOMPARE(edit->cursorPosition(), 0);
        }
    }

    void appIdClaimLineWraps()
    {
        auto w = makeWindow();
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        QVERIFY(w->loadDemo());
        ObjectForm *form = w->form(ObjectKind::Registration);
        auto *claim = form->findChild<QLabel *>(QStringLiteral("appIdClaim"));
        QVERIFY(claim);
        QTRY_VERIFY(!claim->text().isEmpty());
        QVERIFY(claim->wordWrap());
        QCoreApplication::processEvents();
        // All of the text is inside the label: its height is what the text needs at its width.
        QVERIFY2(claim->height() >= claim->heightForWidth(claim->width()),
                 qPrintable(QStringLiteral("%1 < %2").arg(claim->height()).arg(claim->heightForWidth(claim->width()))));
    }

    void tableKeepsItsHorizontalScrollWhenTheSelectionChanges()
    {
        auto w = makeWindow();
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        QVERIFY(w->loadDemo());
        QTableView *table = w->table(ObjectKind::Registration);
        for (int c = 0; c < table->model()->columnCount(); ++c)
            table->setColumnWidth(c, 400);
        QCoreApplication::processEvents();
        QScrollBar *columns = table->horizontalScrollBar();
        QVERIFY(columns->maximum() > 0);
        columns->setValue(columns->maximum());
        const int scrolled = columns->value();
        table->setFocus();
        QTest::keyClick(table, Qt::Key_Down);
        QCOMPARE(columns->value(), scrolled);
        QTest::keyClick(table, Qt::Key_Up);
        QCOMPARE(columns->value(), scrolled);
        // Another page and back, and an object selected by the program (as a finding jumped to).
        w->showPage(ObjectKind::Environment);
        w->showPage(ObjectKind::Registration);
        QVERIFY(w->selectObject(ObjectKind::Registration, w->document()->workspace().registrations.at(2).id));
        QCOMPARE(columns->value(), scrolled);
    }

    void formWithNothingSelectedShowsNoValues()
    {
        auto w = makeWindow();
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        QVERIFY(w->loadDemo());
        for (ObjectKind kind : {ObjectKind::Environment, ObjectKind::Registration}) {
            w->showPage(kind);
            ObjectForm *form = w->form(kind);
            QTRY_VERIFY(form->isEnabled());
            // A filter that matches nothing: no object is selected.
            auto *filter =
                w->findChild<QLineEdit *>(kind == ObjectKind::Environment ? QStringLiteral("environmentFilter")
                                                                          : QStringLiteral("registrationFilter"));
            QVERIFY(filter);
            filter->setFocus();
            QTest::keyClicks(filter, QStringLiteral("no such object anywhere"));
            QCOMPARE(w->table(kind)->model()->rowCount(), 0);
            QVERIFY(!form->isEnabled());
            for (auto *edit : form->findChildren<QLineEdit *>()) {
                if (qobject_cast<QAbstractSpinBox *>(edit->parentWidget()))
                    continue; // the date's own line edit: below
                QVERIFY2(edit->text().isEmpty(), qPrintable(edit->objectName() + QLatin1Char('=') + edit->text()));
            }
            for (auto *date : form->findChildren<QDateEdit *>())
                QVERIFY2(!date->text().contains(QRegularExpression(QStringLiteral("[0-9]"))), qPrintable(date->text()));
            for (auto *text : form->findChildren<QPlainTextEdit *>())
                QVERIFY2(text->toPlainText().isEmpty(), qPrintable(text->objectName()));
            for (auto *button : form->findChildren<QAbstractButton *>()) {
                if (button->isCheckable() && w->model(kind)->columnOf(button->objectName()) >= 0)
                    QVERIFY2(!button->isChecked(), qPrintable(button->objectName()));
            }
            for (auto *combo : form->findChildren<QComboBox *>()) {
                if (w->model(kind)->columnOf(combo->objectName()) >= 0)
                    QVERIFY2(combo->currentIndex() == -1, qPrintable(combo->objectName()));
            }
            filter->clear();
        }
    }

    void sidebarNamesAndCountsLineUp()
    {
        auto w = makeWindow();
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        // Counts of one and two digits, so a count placed after its name (or centred) would show.
        Workspace ws;
        ws.id = Workspace::newId();
        for (int i = 0; i < 12; ++i) {
            Environment e;
            e.id = Workspace::newId();
            e.name = QStringLiteral("Environment %1").arg(i);
            ws.environments.append(e);
        }
        ServiceUser u;
        u.id = Workspace::newId();
        u.username = QStringLiteral("SVC_API");
        ws.serviceUsers.append(u);
        for (int i = 0; i < 3; ++i) {
            AppRegistration r;
            r.id = Workspace::newId();
            r.name = QStringLiteral("App %1").arg(i);
            ws.registrations.append(r);
        }
        w->document()->reset(ws, QString());
        auto *navigation = w->findChild<QListWidget *>(QStringLiteral("navigation"));
        QVERIFY(navigation);
        QCOMPARE(navigation->count(), 3);
        // Blank icons of the same size keep the room the icons take, so what is drawn on a line is its two texts.
        QPixmap blank(navigation->iconSize());
        blank.fill(Qt::transparent);
        for (int i = 0; i < navigation->count(); ++i)
            navigation->item(i)->setIcon(QIcon(blank));
        QCoreApplication::processEvents();
        const QImage shot = navigation->viewport()->grab().toImage();
        const qreal dpr = shot.devicePixelRatio();
        const int tolerance = qCeil(2 * dpr); // glyphs' side bearings differ by a pixel or two
        QList<int> starts, ends;
        for (int i = 0; i < navigation->count(); ++i) {
            const QRect line = navigation->visualItemRect(navigation->item(i));
            const int y0 = qRound(line.top() * dpr), y1 = qRound(line.bottom() * dpr);
            const QRgb background = shot.pixel(qRound((line.right() - 1) * dpr), qRound(line.center().y() * dpr));
            QList<bool> ink(shot.width(), false);
            for (int y = y0; y <= y1 && y < shot.height(); ++y) {
                for (int x = 0; x < shot.width(); ++x) {
                    if (qAbs(qGray(shot.pixel(x, y)) - qGray(background)) > 60)
                        ink[x] = true;
                }
            }
            const int first = ink.indexOf(true), last = ink.lastIndexOf(true);
            QVERIFY2(first >= 0, qPrintable(QStringLiteral("line %1 draws nothing").arg(i)));
            // Name and count stay apart: at least a space of background between them.
            int widestGap = 0, gap = 0;
            for (int x = first; x <= last; ++x) {
                gap = ink[x] ? 0 : gap + 1;
                widestGap = std::max(widestGap, gap);
            }
            QVERIFY2(widestGap >= navigation->fontMetrics().horizontalAdvance(QLatin1Char(' ')) * dpr,
                     qPrintable(QStringLiteral("line %1: name and count touch").arg(i)));
            QVERIFY2(first >= navigation->iconSize().width() * dpr,
                     qPrintable(QStringLiteral("line %1: text where the icon goes (x=%2)").arg(i).arg(first)));
            starts << first;
            ends << last;
        }
        const auto spread = [](const QList<int> &v) {
            return *std::max_element(v.begin(), v.end()) - *std::min_element(v.begin(), v.end());
        };
        const auto list = [](const QList<int> &v) {
            QStringList out;
            for (int x : v)
                out << QString::number(x);
            return out.join(QLatin1Char(' '));
        };
        QVERIFY2(spread(starts) <= tolerance, qPrintable(QStringLiteral("names start at %1").arg(list(starts))));
        QVERIFY2(spread(ends) <= tolerance, qPrintable(QStringLiteral("counts end at %1").arg(list(ends))));
    }
};

int main(int argc, char *argv[])
{
    // The screen of the offscreen platform, in device pixels, from CMIC_LAYOUT_SCREEN ("1024x700").
    QTemporaryDir dir;
    const QString screen = qEnvironmentVariable("CMIC_LAYOUT_SCREEN", QStringLiteral("1024x700"));
    qputenv("CMIC_LAYOUT_SCREEN", screen.toLatin1());
    const QString config = dir.filePath(QStringLiteral("offscreen.json"));
    QFile file(config);
    if (!file.open(QIODevice::WriteOnly))
        return 2;
    file.write(
        QStringLiteral("{\"screens\": [{\"name\": \"layout\", \"x\": 0, \"y\": 0, \"width\": %1, \"height\": %2, "
                       "\"logicalDpi\": 96, \"logicalBaseDpi\": 96, \"dpr\": 1}]}")
            .arg(screen.section(QLatin1Char('x'), 0, 0), screen.section(QLatin1Char('x'), 1, 1))
            .toUtf8());
    file.close();
    qputenv("QT_QPA_PLATFORM", QByteArray("offscreen:configfile=") + config.toLocal8Bit());
    QApplication app(argc, argv);
    TestWindowLayout test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_windowlayout.moc"
