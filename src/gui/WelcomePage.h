#pragma once

#include <QStringList>
#include <QWidget>

class QListWidget;
class QPushButton;

namespace cmic {

// What the window shows while no workspace is open (an untitled, empty one nobody asked for): the five steps in one
// sentence each, and the ways in: Try the demo, New workspace (the setup checklist then says what to add first),
// Open…, and the recent files.
class WelcomePage : public QWidget
{
    Q_OBJECT
public:
    explicit WelcomePage(QWidget *parent = nullptr);

    void setRecentFiles(const QStringList &paths);
    QListWidget *recentList() const { return m_recent; }

signals:
    void demoRequested();
    void newRequested();
    void openRequested();
    void recentRequested(const QString &path);

private:
    QListWidget *m_recent;
    QWidget *m_recentBox;
};

} // namespace cmic
