#include "UserPrompts.h"

#include "core/model/Removal.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QInputDialog>
#include <QMessageBox>
#include <QPushButton>

namespace cmic {

UserPrompts::SaveChoice DialogPrompts::askSaveChanges(QWidget *parent, const QString &documentName)
{
    QMessageBox box(QMessageBox::Warning, tr("Unsaved changes"),
                    tr("\"%1\" has changes that are not saved.").arg(documentName),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, parent);
    box.setInformativeText(tr("Save them before you continue? Discarded changes cannot be recovered."));
    box.setDefaultButton(QMessageBox::Save);
    switch (box.exec()) {
    case QMessageBox::Save: return SaveChoice::Save;
    case QMessageBox::Discard: return SaveChoice::Discard;
    default: return SaveChoice::Cancel;
    }
}

UserPrompts::DiskChoice DialogPrompts::askChangedOnDisk(QWidget *parent, const QString &path)
{
    QMessageBox box(QMessageBox::Warning, tr("File changed on disk"),
                    tr("\"%1\" was changed by another program since you opened it.").arg(path), QMessageBox::NoButton,
                    parent);
    box.setInformativeText(tr("Reload it (your unsaved changes are lost), overwrite it with your version, or save "
                              "your version under another name."));
    QPushButton *reload = box.addButton(tr("&Reload"), QMessageBox::DestructiveRole);
    QPushButton *overwrite = box.addButton(tr("&Overwrite"), QMessageBox::AcceptRole);
    QPushButton *saveAs = box.addButton(tr("Save &As…"), QMessageBox::ActionRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(saveAs);
    box.exec();
    if (box.clickedButton() == reload)
        return DiskChoice::Reload;
    if (box.clickedButton() == overwrite)
        return DiskChoice::Overwrite;
    if (box.clickedButton() == saveAs)
        return DiskChoice::SaveAs;
    return DiskChoice::Cancel;
}

QString DialogPrompts::openFileName(QWidget *parent, const QString &directory)
{
    return QFileDialog::getOpenFileName(
        parent, tr("Open workspace"), directory,
        tr("CMiC OAuth workspaces (*.cmic-oauth.json);;JSON files (*.json);;All files (*)"));
}

QString DialogPrompts::saveFileName(QWidget *parent, const QString &title, const QString &suggested,
                                    const QString &filter)
{
    return QFileDialog::getSaveFileName(parent, title, suggested, filter);
}

int DialogPrompts::chooseItem(QWidget *parent, const QString &title, const QString &label, const QStringList &items)
{
    QInputDialog dialog(parent);
    dialog.setWindowTitle(title);
    dialog.setLabelText(label);
    dialog.setComboBoxItems(items);
    dialog.setComboBoxEditable(false);
    // Room for the longest item and for a label quoting a long name (the dialog's layout fixes its own size, so the
    // width goes on the list).
    if (auto *combo = dialog.findChild<QComboBox *>())
        combo->setMinimumWidth(420);
    if (dialog.exec() != QDialog::Accepted)
        return -1;
    return static_cast<int>(items.indexOf(dialog.textValue()));
}

void DialogPrompts::error(QWidget *parent, const QString &title, const QString &text)
{
    QMessageBox::warning(parent, title, text);
}

void DialogPrompts::information(QWidget *parent, const QString &title, const QString &text)
{
    QMessageBox::information(parent, title, text);
}

bool DialogPrompts::confirm(QWidget *parent, const QString &title, const QString &text, const QString &acceptLabel)
{
    QMessageBox box(QMessageBox::Warning, title, text, QMessageBox::Cancel, parent);
    QPushButton *accept = box.addButton(acceptLabel, QMessageBox::AcceptRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    return box.clickedButton() == accept;
}

bool DialogPrompts::confirmRemoval(QWidget *parent, const RemovalQuestion &question, bool *dontAskAgain)
{
    QMessageBox box(QMessageBox::Question, question.title, question.text, QMessageBox::Cancel, parent);
    box.setObjectName(QStringLiteral("removalQuestion"));
    box.setInformativeText(question.detail);
    QPushButton *remove = box.addButton(tr("&Remove"), QMessageBox::DestructiveRole);
    remove->setObjectName(QStringLiteral("removeButton"));
    box.setDefaultButton(QMessageBox::Cancel);
    auto *again = new QCheckBox(tr("&Don't ask again (Edit ▸ Preferences brings the question back)"), &box);
    again->setObjectName(QStringLiteral("dontAskAgain"));
    box.setCheckBox(again);
    box.exec();
    const bool removed = box.clickedButton() == remove;
    if (dontAskAgain)
        *dontAskAgain = removed && again->isChecked();
    return removed;
}

QString DialogPrompts::readFileName(QWidget *parent, const QString &title, const QString &directory,
                                    const QString &filter)
{
    return QFileDialog::getOpenFileName(parent, title, directory, filter);
}

} // namespace cmic
