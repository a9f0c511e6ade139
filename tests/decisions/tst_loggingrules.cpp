// applyDefaultLoggingRules(): the one decision about the internal log lines (core/util/Logging.h), used by both
// mains. Every cmic.* category, at every level, is off unless verbose; other categories are left as Qt has them.
// (That QT_LOGGING_RULES decides over it is checked on the real binary: tests/cli/tst_clilogging.cpp.)
#include "core/util/Logging.h"

#include <QLoggingCategory>
#include <QTest>

using namespace cmic;

namespace {

// The categories the product logs to (Q_LOGGING_CATEGORY in src/), and one of Qt's own.
const char *const kProductCategories[] = {"cmic.storage",      "cmic.net",        "cmic.gui",
                                          "cmic.gui.validate", "cmic.validation", "cmic.identity",
                                          "cmic.presets",      "cmic.jose",       "cmic.sandbox"};

} // namespace

class TestLoggingRules : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY2(qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"), "run without QT_LOGGING_RULES"); }

    void productCategoriesAreOffByDefault()
    {
        applyDefaultLoggingRules(false);
        for (const char *name : kProductCategories) {
            QLoggingCategory category(name);
            for (QtMsgType type : {QtDebugMsg, QtInfoMsg, QtWarningMsg, QtCriticalMsg})
                QVERIFY2(!category.isEnabled(type), name);
        }
        // Qt's own warnings stay as they are.
        QVERIFY(QLoggingCategory("qt.network.ssl").isWarningEnabled());
    }

    void verboseTurnsThemOnAtEveryLevel()
    {
        applyDefaultLoggingRules(true);
        for (const char *name : kProductCategories) {
            QLoggingCategory category(name);
            for (QtMsgType type : {QtDebugMsg, QtInfoMsg, QtWarningMsg, QtCriticalMsg})
                QVERIFY2(category.isEnabled(type), name);
        }
        QVERIFY(!QLoggingCategory("qt.network.ssl").isDebugEnabled());
        applyDefaultLoggingRules(false);
        QVERIFY(!QLoggingCategory("cmic.storage").isDebugEnabled());
    }
};

QTEST_GUILESS_MAIN(TestLoggingRules)
#include "tst_loggingrules.moc"
