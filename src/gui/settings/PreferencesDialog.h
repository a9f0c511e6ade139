#pragma once

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace cmic {

// Edit ▸ Preferences… (Ctrl+,): this computer's preferences for the console (QSettings, settings/Preferences.h):
// language (applies at the next start), theme (applied as soon as it is chosen; Cancel puts the previous one back),
// the default export folder and whether removals ask first. OK stores them.
class PreferencesDialog : public QDialog
{
    Q_OBJECT
public:
    explicit PreferencesDialog(QWidget *parent = nullptr);
    ~PreferencesDialog() override;

    QComboBox *languageCombo() const { return m_language; }
    QComboBox *themeCombo() const { return m_theme; }
    QLineEdit *exportFolderEdit() const { return m_exportFolder; }
    QCheckBox *confirmRemovalsCheck() const { return m_confirmRemovals; }
    QLabel *exportFolderMessage() const { return m_exportFolderMessage; }
    QPushButton *okButton() const;

    void accept() override;
    void reject() override;

private:
    void updateValidity();

    QString m_initialTheme;
    QComboBox *m_language = nullptr;
    QLabel *m_languageNote = nullptr;
    QComboBox *m_theme = nullptr;
    QLineEdit *m_exportFolder = nullptr;
    QPushButton *m_browseFolder = nullptr;
    QLabel *m_exportFolderMessage = nullptr;
    QCheckBox *m_confirmRemovals = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace cmic
