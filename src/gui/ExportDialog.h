#pragma once

#include "core/model/Workspace.h"
#include "core/storage/SecretBuffer.h"
#include "core/util/BoundedFile.h"

#include <QAbstractListModel>
#include <QDialog>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

class QCheckBox;
class QComboBox;
class QLabel;
class QListView;
class QPlainTextEdit;
class QPushButton;
class QVBoxLayout;

namespace cmic {

class CredentialSlot;
class Exporter;
class SecretStore;
class UserPrompts;

// The formats of the Export dialog, in the registry's order: the name shown, the description as tooltip and
// accessible description, the id under IdRole.
class ExportFormatModel final : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role { IdRole = Qt::UserRole + 1, DescriptionRole, SupportsSecretRole };

    explicit ExportFormatModel(QList<const Exporter *> exporters, QObject *parent = nullptr);
    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    const Exporter *exporter(int row) const;
    int rowOf(const QString &id) const;

private:
    QList<const Exporter *> m_exporters;
};

// File ▸ Export: one registration as a file for a server, CMiC or the IdP. The admin picks the format (each with
// its description), reads the rendered file and what it warns about, and saves or copies it. The secret goes in
// only when the format can hold it and the admin ticks "Include the secret" and confirms; it is then read from the
// secret store, never shown (the preview masks it), and the file is written with mode 0600.
class ExportDialog : public QDialog
{
    Q_OBJECT
public:
    // How much of a file the preview shows.
    static constexpr qsizetype kPreviewLimit = 256 * 1024;
    // What the preview shows in place of the secret.
    static constexpr char kSecretMask[] = "********";
    // QSettings key of the folder the last export went to.
    static QString folderSettingsKey();

    // |workspace| is copied: the dialog is window-modal, nothing edits the workspace meanwhile. |registrationId|:
    // the one chosen first (the first registration when it is not found). |store| is where the secret is read from
    // (may be null: the secret cannot be included). |exporters|: the formats listed; empty means every format of
    // ExporterRegistry. |fallbackFolder|: where Save… suggests the file when no export was saved before.
    ExportDialog(const Workspace &workspace, const QString &registrationId, SecretStore *store, UserPrompts &prompts,
                 const QString &fallbackFolder, QWidget *parent = nullptr, QList<const Exporter *> exporters = {});
    ~ExportDialog() override;

    // A secret kept for this session only (in the registration form's field, not in the store), by keychain key;
    // asked before the store.
    void setSessionSecretLookup(std::function<SecretBuffer(const QString &key)> lookup);

    ExportFormatModel *formatModel() const { return m_formats; }
    const Exporter *currentExporter() const;
    QString currentRegistrationId() const;
    bool selectFormat(const QString &id);
    bool selectRegistration(const QString &id);

    // What the preview and the warning area show now.
    QString previewText() const;
    QStringList warnings() const;
    // The secret has been read and goes into the file that Save… writes.
    bool secretIncluded() const { return !m_secret.isEmpty(); }
    // The secret is being read from the store (Save and Copy wait for it).
    bool isReadingSecret() const;

    // Save…: asks for the file name and writes it; false when cancelled or the write failed (explained through the
    // prompts; the dialog stays as it was). The path written is lastSavedPath().
    bool save();
    QString lastSavedPath() const { return m_lastSaved; }
    // Copy: the whole rendered file to the clipboard (never while the secret is included, nor for a binary file).
    bool copyToClipboard();

    // The sentence explaining a failed write of |path|, as File ▸ Export has always worded it.
    static QString writeErrorText(const QString &path, const BoundedWrite &written);
    // The text the preview shows for |content|: the file itself up to |limit| bytes (cut at a character boundary,
    // with a note), or a note that a binary file (a NUL byte, or not UTF-8) cannot be previewed.
    static QString previewFor(const QByteArray &content, qsizetype limit = kPreviewLimit);

signals:
    // A file was written; |withSecret| when it holds the secret (mode 0600).
    void exported(const QString &path, bool withSecret);

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void buildUi();
    void fillRegistrations(const QString &selectedId);
    void formatChanged();
    void registrationChanged();
    void secretToggled(bool checked);
    void secretAnswered();
    void dropSecret();
    void refresh();
    void showWarnings(const QStringList &warnings);
    void updateButtons();
    const AppRegistration *currentRegistration() const;
    QString suggestedPath(const Exporter &exporter, const AppRegistration &registration) const;

    Workspace m_workspace;
    UserPrompts &m_prompts;
    QString m_fallbackFolder;
    std::function<SecretBuffer(const QString &)> m_sessionLookup;
    CredentialSlot *m_credential;
    SecretBuffer m_secret;
    ExportFormatModel *m_formats;
    QByteArray m_rendered; // the preview's render (with the mask in place of the secret)
    QStringList m_warnings;
    bool m_binary = false;
    QString m_lastSaved;

    QComboBox *m_registrationCombo = nullptr;
    QListView *m_formatList = nullptr;
    QLabel *m_description = nullptr;
    QCheckBox *m_secretCheck = nullptr;
    QLabel *m_secretNote = nullptr;
    QWidget *m_warningBox = nullptr;
    QVBoxLayout *m_warningLayout = nullptr;
    QLabel *m_previewNote = nullptr;
    QPlainTextEdit *m_preview = nullptr;
    QLabel *m_savedNote = nullptr;
    QPushButton *m_saveButton = nullptr;
    QPushButton *m_copyButton = nullptr;
    QPushButton *m_closeButton = nullptr;
};

} // namespace cmic
