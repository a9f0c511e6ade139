#pragma once

// Helpers for driving the main window like a user: scripted answers to its questions, typing into form fields.
#include "core/model/Removal.h"
#include "gui/ObjectForms.h"
#include "gui/UserPrompts.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QList>
#include <QQueue>
#include <QTest>

namespace cmic::test {

// Answers the window's questions from queues filled by the test; an unexpected question fails loudly.
class ScriptedPrompts final : public UserPrompts
{
public:
    QQueue<SaveChoice> saveChoices;
    QQueue<DiskChoice> diskChoices;
    QQueue<QString> openNames;
    QQueue<QString> saveNames;
    QQueue<int> itemChoices;
    QQueue<bool> confirmations;
    QStringList confirmQuestions; // the text of every confirm() asked
    QStringList errors;
    QStringList informations;
    int unexpected = 0;

    SaveChoice askSaveChanges(QWidget *, const QString &) override
    {
        if (saveChoices.isEmpty()) {
            ++unexpected;
            return SaveChoice::Cancel;
        }
        return saveChoices.dequeue();
    }
    DiskChoice askChangedOnDisk(QWidget *, const QString &) override
    {
        if (diskChoices.isEmpty()) {
            ++unexpected;
            return DiskChoice::Cancel;
        }
        return diskChoices.dequeue();
    }
    QString openFileName(QWidget *, const QString &) override
    {
        return openNames.isEmpty() ? (++unexpected, QString()) : openNames.dequeue();
    }
    QStringList saveSuggestions; // the suggested path of every saveFileName() asked
    QString saveFileName(QWidget *, const QString &, const QString &suggested, const QString &) override
    {
        saveSuggestions.append(suggested);
        return saveNames.isEmpty() ? (++unexpected, QString()) : saveNames.dequeue();
    }
    int chooseItem(QWidget *, const QString &, const QString &, const QStringList &) override
    {
        return itemChoices.isEmpty() ? (++unexpected, -1) : itemChoices.dequeue();
    }
    void error(QWidget *, const QString &, const QString &text) override { errors.append(text); }
    void information(QWidget *, const QString &, const QString &text) override { informations.append(text); }
    bool confirm(QWidget *, const QString &, const QString &text, const QString &) override
    {
        confirmQuestions.append(text);
        return confirmations.isEmpty() ? (++unexpected, false) : confirmations.dequeue();
    }
    // Answers to confirmRemoval(): remove or not, and whether "Don't ask again" was ticked.
    struct RemovalAnswer
    {
        bool remove = false;
        bool dontAskAgain = false;
    };
    QQueue<RemovalAnswer> removalAnswers;
    QStringList removalQuestions; // the text of every removal question asked
    bool confirmRemoval(QWidget *, const RemovalQuestion &question, bool *dontAskAgain) override
    {
        removalQuestions.append(question.text);
        const RemovalAnswer answer =
            removalAnswers.isEmpty() ? (++unexpected, RemovalAnswer{}) : removalAnswers.dequeue();
        if (dontAskAgain)
            *dontAskAgain = answer.remove && answer.dontAskAgain;
        return answer.remove;
    }
    QQueue<QString> readNames; // answers to readFileName(parent, title, directory, filter)
    QString readFileName(QWidget *, const QString &, const QString &, const QString &) override
    {
        return readNames.isEmpty() ? (++unexpected, QString()) : readNames.dequeue();
    }
};

// Replaces the text of the line edit named |field| in |form| by typing |text|, as a user would.
inline QLineEdit *typeInto(QWidget *form, const QString &field, const QString &text)
{
    auto *edit = form->findChild<QLineEdit *>(field);
    if (!edit)
        return nullptr;
    edit->setFocus();
    edit->selectAll();
    if (text.isEmpty())
        QTest::keyClick(edit, Qt::Key_Backspace);
    else
        QTest::keyClicks(edit, text);
    return edit;
}

} // namespace cmic::test
