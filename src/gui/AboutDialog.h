#pragma once

#include <QDialog>
#include <QString>
#include <QUrl>

class QLabel;

namespace cmic {

// Help ▸ About: the console's version and those of the libraries it runs on (Qt at build and run time, OpenSSL as
// loaded, QtKeychain as built against), selectable so an admin can paste them into a ticket.
class AboutDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AboutDialog(QWidget *parent = nullptr);

    // "CMiC OAuth Console 1.2.3", "Qt 6.4.2 (built with 6.4.2)", "OpenSSL 3.0.x ...", "QtKeychain 0.13.2".
    static QStringList versionLines();
    // Help ▸ Documentation: the installed docs (README.md beside docs/*.md), else the source tree's README.md for
    // a console run from its build tree; an empty URL when neither is there.
    static QUrl documentationUrl();

    QLabel *versionsLabel() const { return m_versions; }

private:
    QLabel *m_versions;
};

} // namespace cmic
