// The cold-start baseline: the least a Qt Widgets program does to show a main window. It quits after its first
// shown frame when CMIC_QUIT_AFTER_SHOW is set, exactly like the console does.
#include <QApplication>
#include <QMainWindow>
#include <QTimer>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QMainWindow window;
    window.resize(1200, 800);
    window.show();
    if (qEnvironmentVariableIsSet("CMIC_QUIT_AFTER_SHOW"))
        QTimer::singleShot(0, &app, &QCoreApplication::quit);
    return app.exec();
}
