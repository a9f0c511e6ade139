// Every screen in French (Canada), run by CTest at 1024 x 700, at 1600 x 1000 and at 1600 x 1000 with
// QT_SCALE_FACTOR=2 (CMIC_LAYOUT_SCREEN sizes the offscreen platform's screen, as in tst_windowlayout):
// - no text a widget shows is an English source of the catalogue whose French differs, nor one of Qt's own English
//   button texts (qtbase_fr must be loaded): the main window's pages and menus, Workspace Settings, Preferences,
//   Export, Validate Setup's three pages after a real run on the demo sandbox, About, the welcome page and the
//   removal question;
// - the French sidebar names, toolbar buttons and tabs are whole (their text's width fits the room they have).
// For a person's review, CMIC_REVIEW_DIR=DIR writes each screen checked as DIR/<n>-<screen>.png (run it under Xvfb
// with QT_QPA_PLATFORM=xcb), and CMIC_REVIEW_THEME=dark checks them on the dark palette.
#include "GuiTestKit.h"
#include "core/storage/MemorySecretStore.h"
#include "core/util/Clock.h"
#include "core/util/Translations.h"
#include "gui/AboutDialog.h"
#include "gui/ExportDialog.h"
#include "gui/MainWindow.h"
#include "gui/ObjectForms.h"
#include "gui/ObjectTableModels.h"
#include "gui/Theme.h"
#include "gui/ValidateSetupWizard.h"
#include "gui/WelcomePage.h"
#include "gui/settings/PreferencesDialog.h"
#include "gui/settings/WorkspaceSettingsDialog.h"
#include "sandbox/DemoSandbox.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QRegularExpression>
#include <QScreen>
#include <QSettings>
#include <QStandardPaths>
#include <QStyle>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QWizardPage>
#include <QXmlStreamReader>

using namespace cmic;
using namespace cmic::test;

namespace {

QString stripped(QString text)
{
    text.replace(QStringLiteral("&&"), QStringLiteral("\x01"));
    text.remove(QLatin1Char('&'));
    text.replace(QLatin1Char('\x01'), QLatin1Char('&'));
    return text.trimmed();
}

// The English sources of the fr_CA catalogue whose French differs, as a widget would show them (no accelerator).
// Proper nouns, stable words and URLs ("OAuth", "JWKS", "x5t") translate to themselves, so they are not in the set
// and need no allow-list; a text a widget shows that is in it is English left on a French screen.
QSet<QString> englishSources()
{
    QSet<QString> sources;
    QFile file(qEnvironmentVariable("CMIC_SOURCE_DIR") + QStringLiteral("/translations/cmic-oauth-console_fr_CA.ts"));
    if (!file.open(QIODevice::ReadOnly))
        return sources;
    QXmlStreamReader xml(&file);
    QString source;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        if (xml.name() == u"source") {
            source = xml.readElementText();
        } else if (xml.name() == u"translation") {
            QString translation;
            if (xml.attributes().value(QLatin1String("type")).isEmpty()) {
                // Numerus entries hold <numerusform>s; either way the first form is enough to compare.
                translation = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            }
            const QString english = stripped(source);
            if (english.size() > 1 && stripped(translation) != english && !english.contains(QLatin1Char('%')))
                sources.insert(english);
        }
    }
    return sources;
}

// Qt's own texts on the dialogs' and the wizard's buttons, which qtbase_fr translates.
// ("OK" is French too.)
const QStringList kQtEnglish = {QStringLiteral("Cancel"),
                                QStringLiteral("< Back"),
                                QStringLiteral("Next >"),
                                QStringLiteral("Finish"),
                                QStringLiteral("Help"),
                                QStringLiteral("Close"),
                                QStringLiteral("Apply"),
                                QStringLiteral("Yes"),
                                QStringLiteral("No"),
                                QStringLiteral("Save"),
                                QStringLiteral("Open"),
                                QStringLiteral("Discard"),
                                QStringLiteral("Reset"),
                                QStringLiteral("Restore Defaults"),
                                QStringLiteral("Show Details..."),
                                QStringLiteral("Commit")};

// The texts |top| and its children show: labels, buttons, titles, tabs, combo items, placeholders, tool tips,
// accessible names, table headers and cells, menu entries.
QList<QPair<QString, QString>> textsOf(QWidget *top)
{
    QList<QPair<QString, QString>> texts;
    QList<QWidget *> widgets = top->findChildren<QWidget *>();
    widgets.prepend(top);
    for (QWidget *w : std::as_const(widgets)) {
        QStringList out;
        out << w->windowTitle() << w->toolTip() << w->accessibleName() << w->accessibleDescription() << w->whatsThis();
        if (auto *l = qobject_cast<QLabel *>(w))
            out << l->text();
        if (auto *b = qobject_cast<QAbstractButton *>(w))
            out << b->text();
        if (auto *g = qobject_cast<QGroupBox *>(w))
            out << g->title();
        if (auto *e = qobject_cast<QLineEdit *>(w))
            out << e->placeholderText();
        if (auto *c = qobject_cast<QComboBox *>(w)) {
            for (int i = 0; i < c->count(); ++i)
                out << c->itemText(i) << c->itemData(i, Qt::ToolTipRole).toString();
        }
        if (auto *t = qobject_cast<QTabBar *>(w)) {
            for (int i = 0; i < t->count(); ++i)
                out << t->tabText(i) << t->tabToolTip(i);
        }
        if (auto *p = qobject_cast<QWizardPage *>(w))
            out << p->title() << p->subTitle();
        if (auto *v = qobject_cast<QAbstractItemView *>(w); v && v->model()) {
            const QAbstractItemModel *m = v->model();
            for (int c = 0; c < m->columnCount(); ++c)
                out << m->headerData(c, Qt::Horizontal).toString()
                    << m->headerData(c, Qt::Horizontal, Qt::ToolTipRole).toString();
            for (int r = 0; r < qMin(m->rowCount(), 50); ++r)
                for (int c = 0; c < m->columnCount(); ++c)
                    out << m->index(r, c).data().toString() << m->index(r, c).data(Qt::ToolTipRole).toString();
        }
        for (QAction *a : w->actions())
            out << a->text() << a->iconText() << a->toolTip() << a->statusTip();
        const QString name =
            w->objectName().isEmpty() ? QString::fromLatin1(w->metaObject()->className()) : w->objectName();
        for (const QString &text : std::as_const(out))
            texts.append({name, text});
    }
    return texts;
}

} // namespace

class TestFrenchScreens : public QObject
{
    Q_OBJECT
    MemorySecretStore m_secrets;
    QSet<QString> m_english;
    sandbox::DemoSandbox m_sandbox{Clock::system()};
    std::unique_ptr<MainWindow> m_window;

    // Fails with every text of |top| (under |where|) that is still English.
    void verifyFrench(QWidget *top, const QString &where)
    {
        QVERIFY2(top, qPrintable(where));
        QStringList english;
        for (const auto &[widget, raw] : textsOf(top)) {
            const QString text = stripped(raw);
            if (text.isEmpty())
                continue;
            if (m_english.contains(text) || kQtEnglish.contains(text)
                || (text.endsWith(QLatin1Char(':')) && m_english.contains(text.chopped(1).trimmed())))
                english << QStringLiteral("%1: %2").arg(widget, text.left(100));
        }
        english.removeDuplicates();
        if (const QString review = qEnvironmentVariable("CMIC_REVIEW_DIR");
            !review.isEmpty() && top->window()->isVisible()) {
            QCoreApplication::processEvents();
            static int shot = 0;
            QString name = where;
            name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9]+")), QStringLiteral("-"));
            top->window()->grab().save(
                QStringLiteral("%1/%2-%3.png").arg(review).arg(++shot, 2, 10, QLatin1Char('0')).arg(name));
        }
        QVERIFY2(english.isEmpty(),
                 qPrintable(where + QStringLiteral(" shows English:\n  ") + english.join(QStringLiteral("\n  "))));
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        QCOMPARE(installTranslations(*qApp), QStringLiteral("fr_CA"));
        applyTheme(qEnvironmentVariable("CMIC_REVIEW_THEME") == QLatin1String("dark") ? Theme::Dark : Theme::Light);
        m_english = englishSources();
        QVERIFY2(m_english.size() > 1000, "the fr_CA catalogue was not read (CMIC_SOURCE_DIR)");
        QString error;
        QVERIFY2(m_sandbox.start({}, &error), qPrintable(error));
        m_window = std::make_unique<MainWindow>(&m_secrets);
        m_window->setPrompts(std::make_unique<ScriptedPrompts>());
        QVERIFY(m_window->loadSandbox(m_sandbox));
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QTRY_VERIFY(m_secrets.count() >= int(m_sandbox.secrets().size()));
    }
    void cleanupTestCase() { m_window.reset(); }

    void mainWindowPagesAreFrench_data()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("environments") << int(ObjectKind::Environment);
        QTest::newRow("service users") << int(ObjectKind::ServiceUser);
        QTest::newRow("registrations") << int(ObjectKind::Registration);
    }
    void mainWindowPagesAreFrench()
    {
        QFETCH(int, kind);
        m_window->showPage(ObjectKind(kind));
        QVERIFY(m_window->form(ObjectKind(kind)));
        QCoreApplication::processEvents();
        verifyFrench(m_window.get(), QString::fromLatin1(QTest::currentDataTag()));
        for (QAction *menu : m_window->menuBar()->actions()) {
            verifyFrench(menu->menu(), menu->text());
        }
    }

    void everyPresetIsFrenchInTheRegistrationForm()
    {
        m_window->showPage(ObjectKind::Registration);
        auto *preset = m_window->form(ObjectKind::Registration)->findChild<QComboBox *>(QStringLiteral("idpPreset"));
        QVERIFY(preset);
        const int was = preset->currentIndex();
        for (int i = 1; i < preset->count(); ++i) {
            preset->setCurrentIndex(i);
            QCoreApplication::processEvents();
            auto *notes = m_window->form(ObjectKind::Registration)->findChild<QLabel *>(QStringLiteral("presetNotes"));
            QVERIFY(notes);
            verifyFrench(m_window->form(ObjectKind::Registration), preset->itemText(i));
        }
        preset->setCurrentIndex(was);
    }

    void dialogsAreFrench()
    {
        WorkspaceSettingsDialog *settings = m_window->openWorkspaceSettings();
        verifyFrench(settings, QStringLiteral("Workspace Settings"));
        settings->close();
        PreferencesDialog *preferences = m_window->openPreferences();
        verifyFrench(preferences, QStringLiteral("Preferences"));
        preferences->close();
        QVERIFY(m_window->selectObject(ObjectKind::Registration, sandbox::DemoSandbox::kBasicId));
        ExportDialog *exporter = m_window->exportCurrentRegistration();
        verifyFrench(exporter, QStringLiteral("Export"));
        // The French format names whole in their list.
        auto *formats = exporter->findChild<QListView *>(QStringLiteral("exportFormats"));
        QVERIFY(formats);
        QCoreApplication::processEvents();
        for (int row = 0; row < formats->model()->rowCount(); ++row) {
            const QString name = formats->model()->index(row, 0).data().toString();
            const int needed = formats->fontMetrics().horizontalAdvance(name)
                               + 2 * (formats->style()->pixelMetric(QStyle::PM_FocusFrameHMargin) + 1);
            QVERIFY2(needed <= formats->viewport()->width(), qPrintable(QStringLiteral("\"%1\" needs %2 px, has %3")
                                                                            .arg(name)
                                                                            .arg(needed)
                                                                            .arg(formats->viewport()->width())));
        }
        exporter->close();
        AboutDialog *about = m_window->showAbout();
        verifyFrench(about, QStringLiteral("About"));
        about->close();
        QCoreApplication::processEvents();
    }

    void removalQuestionIsFrench()
    {
        QVERIFY(m_window->selectObject(ObjectKind::Registration, sandbox::DemoSandbox::kBasicId));
        m_window->setPrompts(std::make_unique<DialogPrompts>());
        bool seen = false;
        QTimer::singleShot(0, this, [&] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (!box)
                return;
            seen = true;
            verifyFrench(box, QStringLiteral("removal question"));
            box->reject();
        });
        const int before = m_window->model(ObjectKind::Registration)->rowCount();
        m_window->removeObject();
        m_window->setPrompts(std::make_unique<ScriptedPrompts>());
        QVERIFY(seen);
        QCOMPARE(m_window->model(ObjectKind::Registration)->rowCount(), before);
    }

    void validateSetupIsFrench()
    {
        QVERIFY(m_window->selectObject(ObjectKind::Registration, sandbox::DemoSandbox::kBasicId));
        ValidateSetupWizard *wizard = m_window->validateSetup();
        QVERIFY(wizard);
        QTRY_VERIFY(wizard->button(QWizard::NextButton)->isEnabled());
        verifyFrench(wizard, QStringLiteral("Validate Setup, start page"));
        bool finished = false;
        connect(wizard, &ValidateSetupWizard::runFinished, this, [&] { finished = true; });
        wizard->next();
        QTRY_VERIFY_WITH_TIMEOUT(finished, 60000);
        verifyFrench(wizard, QStringLiteral("Validate Setup, run page"));
        wizard->next();
        auto *tabs = wizard->findChild<QTabWidget *>(QStringLiteral("resultTabs"));
        QVERIFY(tabs);
        for (int i = 0; i < tabs->count(); ++i) {
            tabs->setCurrentIndex(i);
            QCoreApplication::processEvents();
            verifyFrench(wizard, QStringLiteral("Validate Setup, result tab %1").arg(tabs->tabText(i)));
            QVERIFY2(tabs->tabBar()->sizeHint().width() <= tabs->tabBar()->width(),
                     "the result page's tabs are elided");
        }
        wizard->close();
    }

    void welcomePageIsFrench()
    {
        MainWindow empty(&m_secrets);
        empty.setPrompts(std::make_unique<ScriptedPrompts>());
        empty.show();
        QVERIFY(QTest::qWaitForWindowExposed(&empty));
        QVERIFY(empty.isWelcomeShown());
        verifyFrench(empty.welcomePage(), QStringLiteral("welcome page"));
    }

    // Each French section name whole beside its count, laid out as the navigation's delegate paints it.
    void sidebarNamesAreWhole()
    {
        auto *navigation = m_window->findChild<QListWidget *>(QStringLiteral("navigation"));
        QVERIFY(navigation);
        QCoreApplication::processEvents();
        for (int i = 0; i < navigation->count(); ++i) {
            const QModelIndex index = navigation->model()->index(i, 0);
            QStyleOptionViewItem opt;
            opt.initFrom(navigation);
            opt.font = navigation->font();
            opt.decorationSize = navigation->iconSize();
            opt.features = QStyleOptionViewItem::HasDisplay | QStyleOptionViewItem::HasDecoration;
            opt.rect = navigation->visualRect(index);
            opt.widget = navigation;
            opt.text = index.data(Qt::UserRole + 1).toString();
            opt.icon = index.data(Qt::DecorationRole).value<QIcon>();
            const int textLeft =
                navigation->style()->subElementRect(QStyle::SE_ItemViewItemText, &opt, navigation).left();
            // The delegate paints from where the style starts the text to the item's right edge.
            const QRect text(QPoint(textLeft, opt.rect.top()), opt.rect.bottomRight());
            const QFontMetrics metrics(navigation->font());
            const QString label = index.data(Qt::UserRole + 1).toString();
            const QString count = index.data(Qt::UserRole + 2).toString();
            QVERIFY(!label.isEmpty());
            QVERIFY(navigation->viewport()->rect().contains(opt.rect));
            const int room = text.width() - 4 - 8 - metrics.horizontalAdvance(count)
                             - metrics.horizontalAdvance(QLatin1Char(' ')) * 2;
            QVERIFY2(metrics.horizontalAdvance(label) <= room,
                     qPrintable(QStringLiteral("\"%1\" needs %2 px, has %3 (item %4, text %5, view %6)")
                                    .arg(label)
                                    .arg(metrics.horizontalAdvance(label))
                                    .arg(room)
                                    .arg(opt.rect.width())
                                    .arg(text.width())
                                    .arg(navigation->width())));
        }
    }

    void toolbarButtonsAndDockTabsAreWhole()
    {
        m_window->resize(m_window->screen()->availableGeometry().size()
                         - (m_window->frameGeometry().size() - m_window->size()));
        QCoreApplication::processEvents();
        auto *toolbar = m_window->findChild<QToolBar *>(QStringLiteral("mainToolBar"));
        QVERIFY(toolbar);
        for (QAction *a : toolbar->actions()) {
            auto *button = qobject_cast<QToolButton *>(toolbar->widgetForAction(a));
            if (!button || !button->isVisible())
                continue;
            QVERIFY2(button->width() >= button->sizeHint().width(), qPrintable(QStringLiteral("%1: %2 px for %3")
                                                                                   .arg(button->text())
                                                                                   .arg(button->width())
                                                                                   .arg(button->sizeHint().width())));
        }
        // View > Expiry: tabbed with the setup checklist.
        auto *showExpiry = m_window->findChild<QAction *>(QStringLiteral("actionShowExpiry"));
        QVERIFY(showExpiry);
        if (!showExpiry->isChecked())
            showExpiry->trigger();
        QCoreApplication::processEvents();
        int tabbed = 0;
        for (QTabBar *bar : m_window->findChildren<QTabBar *>()) {
            if (!bar->isVisible() || bar->visibleRegion().isEmpty())
                continue; // one the main window keeps for later
            tabbed += bar->count();
            QVERIFY2(bar->sizeHint().width() <= bar->width(),
                     qPrintable(QStringLiteral("tabs %1 | %2 elided: %3 px for %4")
                                    .arg(bar->tabText(0), bar->tabText(1))
                                    .arg(bar->width())
                                    .arg(bar->sizeHint().width())));
        }
        QVERIFY(tabbed >= 2);
    }
};

int main(int argc, char *argv[])
{
    // The screen of the offscreen platform, in device pixels, from CMIC_LAYOUT_SCREEN ("1024x700").
    QTemporaryDir dir;
    const QString screen = qEnvironmentVariable("CMIC_LAYOUT_SCREEN", QStringLiteral("1024x700"));
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
    if (qEnvironmentVariable("QT_QPA_PLATFORM") != QLatin1String("xcb"))
        qputenv("QT_QPA_PLATFORM", QByteArray("offscreen:configfile=") + config.toLocal8Bit());
    qputenv("CMIC_UI_LANGUAGE", "fr_CA");
    QApplication app(argc, argv);
    TestFrenchScreens test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_frenchscreens.moc"
