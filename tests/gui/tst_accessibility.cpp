// Keyboard and screen-reader access to every form (issue 13): each input has an accessible name (its label buddy
// or an explicit one) and a role; a secret field reports itself as a password field and never exposes its value;
// Tab walks every input of a form once, in the order of the form, before it leaves; the menus have no clashing
// shortcut or mnemonic, and every menu command can be reached from the keyboard.
#include "AccessibilityAudit.h"

#include "core/storage/MemorySecretStore.h"
#include "gui/MainWindow.h"
#include "gui/ObjectForms.h"
#include "gui/ObjectPage.h"

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QStackedWidget>
#include <QTest>

#include <memory>

using namespace cmic;
using namespace cmic::test;

class TestAccessibility : public QObject
{
    Q_OBJECT

private:
    MemorySecretStore m_store;
    std::unique_ptr<MainWindow> m_window;

    QList<ObjectForm *> forms()
    {
        QList<ObjectForm *> out;
        for (ObjectPage *page : m_window->findChildren<ObjectPage *>()) {
            page->ensureBuilt();
            page->selectFirstRow();
            out << page->ensureForm();
        }
        return out;
    }

    // Shows the page |form| is on (the pages are in a stack) and gives it.
    static QWidget *showPageOf(ObjectForm *form)
    {
        QWidget *page = form;
        while (page && !qobject_cast<ObjectPage *>(page))
            page = page->parentWidget();
        if (!page)
            return nullptr;
        if (auto *stack = qobject_cast<QStackedWidget *>(page->parentWidget()))
            stack->setCurrentWidget(page);
        QCoreApplication::processEvents();
        return page;
    }

private slots:
    void initTestCase()
    {
        const QString wanted = qEnvironmentVariable("CMIC_UI_LANGUAGE", QStringLiteral("en"));
        QCOMPARE(auditLanguage(), wanted);
        m_window = std::make_unique<MainWindow>(&m_store);
        m_window->resize(1400, 900);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        const QString demo =
            qEnvironmentVariable("CMIC_SOURCE_DIR") + QStringLiteral("/resources/examples/demo.cmic-oauth.json");
        QVERIFY2(m_window->openFile(demo), qPrintable(demo));
    }

    void everyInputHasANameAndARole()
    {
        QStringList missing;
        for (ObjectForm *form : forms()) {
            for (QWidget *w : form->findChildren<QWidget *>()) {
                if (!isInput(w) || !(w->focusPolicy() & Qt::TabFocus) || qobject_cast<QLineEdit *>(w->parentWidget()))
                    continue;
                // A combo box's or spin box's own line edit is announced through its owner.
                if (qobject_cast<QComboBox *>(w->parentWidget()) || qobject_cast<QAbstractSpinBox *>(w->parentWidget()))
                    continue;
                QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(w);
                if (!iface || iface->role() == QAccessible::NoRole || spokenName(w).isEmpty())
                    missing << describe(w);
            }
        }
        QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QLatin1Char('\n'))));
    }

    void secretFieldsAreReportedAsPasswords()
    {
        int secrets = 0;
        for (ObjectForm *form : forms()) {
            for (QLineEdit *edit : form->findChildren<QLineEdit *>()) {
                if (edit->echoMode() == QLineEdit::Normal)
                    continue;
                ++secrets;
                edit->setText(QStringLiteral("s3cret-value"));
                QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(edit);
                QVERIFY(iface);
                QVERIFY2(iface->state().passwordEdit, qPrintable(describe(edit)));
                QVERIFY2(!iface->text(QAccessible::Value).contains(QLatin1String("s3cret")),
                         qPrintable(describe(edit)));
                edit->clear();
            }
        }
        QVERIFY2(secrets >= 1, "the registration form has a client secret field");
    }

    void tabWalksEveryInputOnceInFormOrder()
    {
        for (ObjectForm *form : forms()) {
            // Laid out as the user sees it: its page current in the window.
            QWidget *page = showPageOf(form);
            QVERIFY(page);
            QVERIFY(form->isVisible());
            const QList<QWidget *> chain = tabChain(form);
            QVERIFY2(chain.size() >= 3, form->metaObject()->className());
            QSet<QWidget *> seen;
            for (QWidget *w : chain)
                QVERIFY2(!seen.contains(w) && (seen.insert(w), true), qPrintable(describe(w)));
            // In the form's order: top to bottom (a row's widgets left to right), never back up a row.
            QWidget *previous = nullptr;
            for (QWidget *w : chain) {
                if (previous) {
                    const QPoint a = previous->mapTo(form, QPoint(0, 0));
                    const QPoint b = w->mapTo(form, QPoint(0, 0));
                    const bool sameRow = std::abs(a.y() - b.y()) < qMin(previous->height(), w->height()) / 2;
                    QVERIFY2(sameRow ? b.x() >= a.x() - 4 : b.y() > a.y(),
                             qPrintable(QStringLiteral("%3: Tab goes from %1 to %2, back up the form (%4,%5 -> %6,%7)")
                                            .arg(describe(previous), describe(w),
                                                 QString::fromLatin1(form->metaObject()->className()))
                                            .arg(a.x())
                                            .arg(a.y())
                                            .arg(b.x())
                                            .arg(b.y())));
                }
                previous = w;
            }
        }
    }

    // The same walk with real key presses: Tab leaves each field of each form (a notes field does not take the Tab
    // as a character, a date edit lets go after its last section) and goes round the window back to the form.
    void tabKeyLeavesEveryFieldOfEachForm()
    {
        for (ObjectForm *form : forms()) {
            QVERIFY(showPageOf(form));
            QApplication::setActiveWindow(m_window.get());
            QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
            const QStringList problems =
                tabCycleProblems(QString::fromLatin1(form->metaObject()->className()), tabStops(form), 400, form);
            QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        }
    }

    // Every stop of each page (filter, table, form fields) has a name and a role: no bare area is a Tab stop.
    void everyTabStopOfEachPageHasANameAndARole()
    {
        QStringList problems;
        for (ObjectForm *form : forms()) {
            QWidget *page = showPageOf(form);
            QVERIFY(page);
            problems << nameAndRoleProblems(page->objectName(), tabStops(page));
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    // A form's mnemonics and the menu bar's share Alt: no letter twice on one page.
    void formMnemonicsDoNotClashWithTheMenus()
    {
        QStringList problems;
        for (ObjectForm *form : forms()) {
            QWidget *page = showPageOf(form);
            QVERIFY(page);
            problems << mnemonicProblems(page->objectName(), m_window.get(), {page, m_window->menuBar()});
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void menusHaveNoClashes()
    {
        QMap<QKeySequence, QString> shortcuts;
        QStringList problems;
        const QList<QMenu *> menus = m_window->menuBar()->findChildren<QMenu *>();
        QVERIFY(menus.size() >= 3);
        QSet<QChar> topMnemonics;
        for (QAction *top : m_window->menuBar()->actions()) {
            const QString text = top->text();
            const qsizetype amp = text.indexOf(QLatin1Char('&'));
            if (amp < 0 || amp + 1 >= text.size())
                problems << QStringLiteral("menu '%1' has no mnemonic").arg(text);
            else if (topMnemonics.contains(text.at(amp + 1).toLower()))
                problems << QStringLiteral("menu '%1' repeats a mnemonic").arg(text);
            else
                topMnemonics.insert(text.at(amp + 1).toLower());
        }
        for (QMenu *menu : menus) {
            QSet<QChar> mnemonics;
            for (QAction *a : menu->actions()) {
                if (a->isSeparator() || !a->isVisible())
                    continue;
                const QString text = a->text();
                const qsizetype amp = text.indexOf(QLatin1Char('&'));
                const bool hasMnemonic = amp >= 0 && amp + 1 < text.size() && text.at(amp + 1) != QLatin1Char('&');
                if (hasMnemonic) {
                    const QChar c = text.at(amp + 1).toLower();
                    if (mnemonics.contains(c))
                        problems
                            << QStringLiteral("'%1' repeats mnemonic '%2' in menu '%3'").arg(text, c, menu->title());
                    mnemonics.insert(c);
                }
                if (!hasMnemonic && a->shortcut().isEmpty() && !a->menu())
                    problems << QStringLiteral("'%1' in menu '%2' has neither a mnemonic nor a shortcut")
                                    .arg(text, menu->title());
                for (const QKeySequence &key : a->shortcuts()) {
                    if (shortcuts.contains(key) && shortcuts.value(key) != text)
                        problems << QStringLiteral("%1 is both '%2' and '%3'")
                                        .arg(key.toString(), shortcuts.value(key), text);
                    shortcuts.insert(key, text);
                }
            }
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }
};

QTEST_MAIN(TestAccessibility)
#include "tst_accessibility.moc"
