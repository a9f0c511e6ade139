#pragma once
// Shared by the console (src/app/main.cpp) and its cold-start baseline (bench/startup/bare_mainwindow.cpp), so that
// both programs are timed to exactly the same point: the first frame of their main window painted and flushed.

#include <QEvent>
#include <QMetaObject>
#include <QObject>
#include <QWidget>

#include <cstdio>
#include <cstdlib>

namespace cmic {

// When CMIC_QUIT_AFTER_SHOW is set, ends the process right after |window|'s first frame: the window's first paint
// event is delivered while the backing store is being synced, and the queued call runs once that sync (paint and
// flush) has returned to the event loop. The process then exits without tearing down (std::_Exit after flushing the
// standard streams), so a benchmark measures start-to-first-frame and not the destructors.
class FirstFrameExit final : public QObject
{
public:
    static void installIfRequested(QWidget *window)
    {
        if (qEnvironmentVariableIsSet("CMIC_QUIT_AFTER_SHOW"))
            window->installEventFilter(new FirstFrameExit(window));
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && !m_painted) {
            m_painted = true;
            QMetaObject::invokeMethod(
                this,
                [] {
                    std::fflush(nullptr);
                    std::_Exit(0);
                },
                Qt::QueuedConnection);
        }
        return QObject::eventFilter(watched, event);
    }

private:
    explicit FirstFrameExit(QObject *parent) : QObject(parent) {}
    bool m_painted = false;
};

} // namespace cmic
