// The cold-start baselines. Without arguments: the least a Qt Widgets program does to show a main window (it draws
// no text, so it never loads a font). With --text: the same program with what any real main window shows and the
// bare one does not: a menu bar, a toolbar with text beside its buttons, a status bar, and a QTableView with a
// header over a small model. Both end after their first painted frame when CMIC_QUIT_AFTER_SHOW is set, through the
// same code as the console (src/app/FirstFrameExit.h).
#include "FirstFrameExit.h"

#include <QAction>
#include <QApplication>
#include <QHeaderView>
#include <QMainWindow>
#include <QMenuBar>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>

#include <cstring>

namespace {

void addText(QMainWindow &window)
{
    for (const char *title : {"&File", "&Edit", "&View"}) {
        QMenu *menu = window.menuBar()->addMenu(QString::fromLatin1(title));
        for (const char *text : {"&New", "&Open…", "&Save", "Save &As…", "&Quit"})
            menu->addAction(QString::fromUtf8(text));
    }
    QToolBar *toolbar = window.addToolBar(QStringLiteral("Main"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    for (const char *text : {"New", "Open", "Save", "Undo", "Redo", "Add", "Remove", "Export"})
        toolbar->addAction(QString::fromLatin1(text));
    auto *model = new QStandardItemModel(0, 5, &window);
    model->setHorizontalHeaderLabels({QStringLiteral("Name"), QStringLiteral("Environment"), QStringLiteral("App ID"),
                                      QStringLiteral("Issuer"), QStringLiteral("Service user")});
    auto *table = new QTableView(&window);
    table->setModel(model);
    table->horizontalHeader()->setStretchLastSection(true);
    window.setCentralWidget(table);
    window.statusBar()->showMessage(QStringLiteral("Ready"));
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QMainWindow window;
    if (argc > 1 && std::strcmp(argv[1], "--text") == 0)
        addText(window);
    window.resize(1200, 800);
    cmic::FirstFrameExit::installIfRequested(&window);
    window.show();
    return app.exec();
}
