// The colours the console draws itself (status marks, the forms' finding borders and messages) read on a light and
// on a dark theme: WCAG 2.1 contrast against the window (3:1 for marks, 4.5:1 for text), and a theme change while
// the window is open recolours the forms.
#include "core/storage/MemorySecretStore.h"
#include "gui/MainWindow.h"
#include "gui/ObjectForms.h"
#include "gui/ObjectPage.h"
#include "gui/validation/ValidationStatusStyle.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>
#include <QTest>

#include <cmath>
#include <memory>

using namespace cmic;
using validation::StepStatus;

namespace {

double luminance(const QColor &c)
{
    const auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QPalette lightPalette()
{
    std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
    return fusion->standardPalette();
}

// A dark palette as dark themes have it (window #2b2b2b, text #e6e6e6).
QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    p.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    p.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
    p.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
    p.setColor(QPalette::Highlight, QColor(0x3d, 0x8e, 0xe6));
    return p;
}

} // namespace

class TestThemeColours : public QObject
{
    Q_OBJECT

private slots:
    void coloursKeepTheirContrast_data()
    {
        QTest::addColumn<QPalette>("palette");
        QTest::addColumn<bool>("dark");
        QTest::newRow("light") << lightPalette() << false;
        QTest::newRow("dark") << darkPalette() << true;
    }
    void coloursKeepTheirContrast()
    {
        QFETCH(QPalette, palette);
        QFETCH(bool, dark);
        QCOMPARE(ValidationStatusStyle::isDark(palette), dark);
        const QColor window = palette.color(QPalette::Window);
        for (const StepStatus status : {StepStatus::Passed, StepStatus::Warning, StepStatus::Failed}) {
            const QColor c = ValidationStatusStyle::color(status, palette);
            QVERIFY2(
                contrast(c, window) >= 3.0,
                qPrintable(
                    QStringLiteral("%1 on %2: %3:1").arg(c.name(), window.name()).arg(contrast(c, window), 0, 'f', 2)));
        }
        const QColor errorText = ValidationStatusStyle::errorTextColor(palette);
        QVERIFY2(contrast(errorText, window) >= 4.5, qPrintable(errorText.name()));
        // The colours differ per theme (a single colour cannot keep both contrasts for all three).
        QVERIFY(ValidationStatusStyle::color(StepStatus::Failed, lightPalette())
                != ValidationStatusStyle::color(StepStatus::Failed, darkPalette()));
    }

    void formsFollowATheme()
    {
        QApplication::setPalette(lightPalette());
        MemorySecretStore store;
        MainWindow window(&store);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QList<ObjectForm *> forms;
        for (ObjectPage *page : window.findChildren<ObjectPage *>()) {
            page->ensureBuilt();
            forms << page->ensureForm();
        }
        QCOMPARE(forms.size(), 3); // environments, service users, registrations
        const QString lightError = ValidationStatusStyle::color(StepStatus::Failed, lightPalette()).name();
        const QString darkError = ValidationStatusStyle::color(StepStatus::Failed, darkPalette()).name();
        for (const ObjectForm *form : forms)
            QVERIFY2(form->styleSheet().contains(lightError), qPrintable(form->styleSheet()));
        QApplication::setPalette(darkPalette());
        QCoreApplication::processEvents();
        for (const ObjectForm *form : forms) {
            QVERIFY2(form->styleSheet().contains(darkError), qPrintable(form->styleSheet()));
            QVERIFY(!form->styleSheet().contains(lightError));
        }
        QApplication::setPalette(lightPalette());
        QCoreApplication::processEvents();
        for (const ObjectForm *form : forms)
            QVERIFY(form->styleSheet().contains(lightError));
    }
};

QTEST_MAIN(TestThemeColours)
#include "tst_themecolours.moc"
