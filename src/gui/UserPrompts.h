#pragma once

#include <QCoreApplication>
#include <QString>
#include <QStringList>

class QWidget;

namespace cmic {

struct RemovalQuestion;

// Every question the main window asks the user, behind an interface so tests can script the answers
// (DialogPrompts is the real, modal one).
class UserPrompts
{
public:
    enum class SaveChoice { Save, Discard, Cancel };
    enum class DiskChoice { Reload, Overwrite, SaveAs, Cancel };

    virtual ~UserPrompts() = default;
    virtual SaveChoice askSaveChanges(QWidget *parent, const QString &documentName) = 0;
    virtual DiskChoice askChangedOnDisk(QWidget *parent, const QString &path) = 0;
    virtual QString openFileName(QWidget *parent, const QString &directory) = 0;
    // Empty when cancelled.
    virtual QString saveFileName(QWidget *parent, const QString &title, const QString &suggested,
                                 const QString &filter) = 0;
    // Index into |items|, or -1 when cancelled.
    virtual int chooseItem(QWidget *parent, const QString &title, const QString &label, const QStringList &items) = 0;
    virtual void error(QWidget *parent, const QString &title, const QString &text) = 0;
    virtual void information(QWidget *parent, const QString &title, const QString &text) = 0;
    // A yes-or-no question about something that needs care (a secret going into a file): true only when the user
    // chose |acceptLabel|; Cancel is the default answer.
    virtual bool confirm(QWidget *parent, const QString &title, const QString &text, const QString &acceptLabel) = 0;
    // Asked before an object is removed (core's removalQuestion): true to remove. Cancel is the default answer.
    // *dontAskAgain is set when the user ticked "Don't ask again" (and removed).
    virtual bool confirmRemoval(QWidget *parent, const RemovalQuestion &question, bool *dontAskAgain) = 0;
    // A file to read (a CA bundle); empty when cancelled.
    virtual QString readFileName(QWidget *parent, const QString &title, const QString &directory,
                                 const QString &filter) = 0;
};

class DialogPrompts final : public UserPrompts
{
    Q_DECLARE_TR_FUNCTIONS(cmic::DialogPrompts)
public:
    SaveChoice askSaveChanges(QWidget *parent, const QString &documentName) override;
    DiskChoice askChangedOnDisk(QWidget *parent, const QString &path) override;
    QString openFileName(QWidget *parent, const QString &directory) override;
    QString saveFileName(QWidget *parent, const QString &title, const QString &suggested,
                         const QString &filter) override;
    int chooseItem(QWidget *parent, const QString &title, const QString &label, const QStringList &items) override;
    void error(QWidget *parent, const QString &title, const QString &text) override;
    void information(QWidget *parent, const QString &title, const QString &text) override;
    bool confirm(QWidget *parent, const QString &title, const QString &text, const QString &acceptLabel) override;
    bool confirmRemoval(QWidget *parent, const RemovalQuestion &question, bool *dontAskAgain) override;
    QString readFileName(QWidget *parent, const QString &title, const QString &directory,
                         const QString &filter) override;
};

} // namespace cmic
