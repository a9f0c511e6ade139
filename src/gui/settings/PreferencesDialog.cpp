#include "PreferencesDialog.h"

#include "Preferences.h"
#include "gui/Theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace cmic {

PreferencesDialog::PreferencesDialog(QWidget *parent) : QDialog(parent), m_initialTheme(preferences::theme())
{
    setObjectName(QStringLiteral("preferencesDialog"));
    setWindowTitle(tr("Preferences"));
    setAccessibleName(tr("Preferences"));

    m_language = new QComboBox(this);
    m_language->setObjectName(QStringLiteral("language"));
    m_language->setAccessibleName(tr("Language"));
    m_language->addItem(tr("System language"), QStringLiteral("system"));
    // Each language is named in itself, so it can be found whatever the current one is.
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("Fran\u00E7ais (Canada)"), QStringLiteral("fr_CA"));
    m_language->setCurrentIndex(qMax(0, m_language->findData(preferences::language())));
    m_languageNote = new QLabel(tr("A new language applies the next time the console starts."), this);
    m_languageNote->setObjectName(QStringLiteral("languageNote"));
    m_languageNote->setWordWrap(true);
    m_languageNote->setForegroundRole(QPalette::PlaceholderText);

    m_theme = new QComboBox(this);
    m_theme->setObjectName(QStringLiteral("theme"));
    m_theme->setAccessibleName(tr("Theme"));
    m_theme->addItem(tr("System"), toString(Theme::System));
    m_theme->addItem(tr("Light"), toString(Theme::Light));
    m_theme->addItem(tr("Dark"), toString(Theme::Dark));
    m_theme->setCurrentIndex(qMax(0, m_theme->findData(m_initialTheme)));

    m_exportFolder = new QLineEdit(QDir::toNativeSeparators(preferences::defaultExportFolder()), this);
    m_exportFolder->setObjectName(QStringLiteral("defaultExportFolder"));
    m_exportFolder->setAccessibleName(tr("Default export folder"));
    m_exportFolder->setPlaceholderText(tr("The workspace's folder, or your home folder"));
    m_exportFolder->setClearButtonEnabled(true);
    m_exportFolder->setToolTip(tr("Where File \u25B8 Export saves until you have saved an export somewhere else"));
    m_browseFolder = new QPushButton(tr("C&hoose…"), this);
    m_browseFolder->setObjectName(QStringLiteral("defaultExportFolderBrowse"));
    m_browseFolder->setAccessibleName(tr("Choose the default export folder"));
    m_exportFolderMessage = new QLabel(this);
    m_exportFolderMessage->setObjectName(QStringLiteral("defaultExportFolderMessage"));
    m_exportFolderMessage->setWordWrap(true);
    m_exportFolderMessage->hide();
    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(m_exportFolder, 1);
    folderRow->addWidget(m_browseFolder);

    m_confirmRemovals = new QCheckBox(tr("&Ask before removing an environment, service user, registration or probe "
                                         "endpoint"),
                                      this);
    m_confirmRemovals->setObjectName(QStringLiteral("confirmRemovals"));
    m_confirmRemovals->setChecked(preferences::confirmRemovals());

    auto *form = new QFormLayout;
    form->addRow(tr("&Language:"), m_language);
    form->addRow(QString(), m_languageNote);
    form->addRow(tr("&Theme:"), m_theme);
    auto *folderLabel = new QLabel(tr("Default &export folder:"), this);
    folderLabel->setBuddy(m_exportFolder);
    form->addRow(folderLabel, folderRow);
    form->addRow(QString(), m_exportFolderMessage);
    form->addRow(QString(), m_confirmRemovals);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &PreferencesDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &PreferencesDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addStretch(1);
    layout->addWidget(m_buttons);

    connect(m_theme, &QComboBox::currentIndexChanged, this,
            [this] { applyTheme(themeFromString(m_theme->currentData().toString())); });
    connect(m_exportFolder, &QLineEdit::textChanged, this, &PreferencesDialog::updateValidity);
    connect(m_browseFolder, &QPushButton::clicked, this, [this] {
        const QString folder = QFileDialog::getExistingDirectory(
            this, tr("Default export folder"),
            m_exportFolder->text().isEmpty() ? QDir::homePath() : QDir::fromNativeSeparators(m_exportFolder->text()));
        if (!folder.isEmpty())
            m_exportFolder->setText(QDir::toNativeSeparators(folder));
    });
    updateValidity();
    resize(620, sizeHint().height());
}

PreferencesDialog::~PreferencesDialog() = default;

QPushButton *PreferencesDialog::okButton() const { return m_buttons->button(QDialogButtonBox::Ok); }

void PreferencesDialog::updateValidity()
{
    const QString folder = QDir::fromNativeSeparators(m_exportFolder->text().trimmed());
    const bool ok = folder.isEmpty() || QFileInfo(folder).isDir();
    m_exportFolderMessage->setText(
        ok ? QString()
           : tr("%1 is not a folder. Choose an existing folder, or clear the field to use the workspace's folder.")
                 .arg(m_exportFolder->text().trimmed()));
    m_exportFolderMessage->setVisible(!ok);
    okButton()->setEnabled(ok);
}

void PreferencesDialog::accept()
{
    preferences::setLanguage(m_language->currentData().toString());
    preferences::setTheme(m_theme->currentData().toString());
    preferences::setDefaultExportFolder(QDir::fromNativeSeparators(m_exportFolder->text().trimmed()));
    preferences::setConfirmRemovals(m_confirmRemovals->isChecked());
    QDialog::accept();
}

void PreferencesDialog::reject()
{
    if (m_theme->currentData().toString() != m_initialTheme)
        applyTheme(themeFromString(m_initialTheme));
    QDialog::reject();
}

} // namespace cmic
