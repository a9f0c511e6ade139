#pragma once

#include "core/rules/Finding.h"

#include <QStyledItemDelegate>
#include <QWidget>

#include <functional>
#include <memory>
#include <optional>

class QComboBox;
class QDataWidgetMapper;
class QFormLayout;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QLineEdit;

namespace Ui {
class EnvironmentForm;
class ServiceUserForm;
class RegistrationForm;
} // namespace Ui

namespace cmic {

class ObjectTableModel;
class RegistrationModel;
class PrivateKeyField;
class SecretField;
class SecretStore;

// The mapper's delegate: combo boxes are read and written by item data (enum words, ids); other editors through
// their user property, and only when the value differs, so a refresh never moves the cursor of the field being
// typed in.
class FormDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void setEditorData(QWidget *editor, const QModelIndex &index) const override;
    void setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const override;
};

// A detail form bound to one row of an ObjectTableModel with QDataWidgetMapper. Each widget whose objectName is a
// column's field name is mapped to that column; every change is submitted at once (the model turns it into an
// undoable, merging command). Fields with findings get a "cmicFinding" property ("error", "warning", "info") that
// the style sheet marks, and the findings' messages in their tool tip.
class ObjectForm : public QWidget
{
    Q_OBJECT
public:
    explicit ObjectForm(QWidget *parent = nullptr);
    ~ObjectForm() override;

    virtual void setModel(ObjectTableModel *model);
    ObjectTableModel *model() const { return m_model; }
    // Shows |sourceRow| of the model (-1: nothing; the form is disabled).
    virtual void setCurrentRow(int sourceRow);
    int currentRow() const { return m_row; }
    QString currentId() const;

    // Focuses the widget for |field| (a Finding::field); returns false when there is none.
    bool focusField(const QString &field);
    // Refreshes the finding marks from the document's findings.
    void updateMarks();
    QWidget *fieldWidget(const QString &field) const;

protected:
    // Called once the Ui is set up: maps the widgets, names unnamed accessibles from their buddy labels.
    void bindWidgets();
    // Combo boxes, spin boxes and date edits of the form take the wheel only when focused (see WheelGuard).
    void guardWheel();
    virtual void refreshExtras() {}
    void submitSoon();
    // Puts the cursor of every line edit without focus at its start (after a value was filled in by the program).
    void showStartOfLines();

    ObjectTableModel *m_model = nullptr; // not owned
    QDataWidgetMapper *m_mapper;
    int m_row = -1;
    bool m_populating = false;
    QHash<QWidget *, QString> m_baseToolTips;
    QObject *m_wheelGuard = nullptr;
};

class EnvironmentForm final : public ObjectForm
{
    Q_OBJECT
public:
    explicit EnvironmentForm(QWidget *parent = nullptr);
    ~EnvironmentForm() override;
    void setModel(ObjectTableModel *model) override;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    std::unique_ptr<Ui::EnvironmentForm> m_ui;
};

class ServiceUserForm final : public ObjectForm
{
    Q_OBJECT
public:
    explicit ServiceUserForm(QWidget *parent = nullptr);
    ~ServiceUserForm() override;

private:
    std::unique_ptr<Ui::ServiceUserForm> m_ui;
};

class RegistrationForm final : public ObjectForm
{
    Q_OBJECT
public:
    explicit RegistrationForm(QWidget *parent = nullptr);
    ~RegistrationForm() override;
    void setModel(ObjectTableModel *model) override;
    void setCurrentRow(int sourceRow) override;
    // The reference lists (environments, service users) for the combo boxes.
    void setReferenceModels(ObjectTableModel *environments, ObjectTableModel *serviceUsers);
    void setSecretStore(SecretStore *store);
    SecretField *secretField() const;
    PrivateKeyField *privateKeyField() const { return m_privateKey; }

    // The certificate of private_key_jwt from a file: PEM (.pem/.crt/.cer: the public certificate only), or
    // PKCS#12 (.pfx/.p12, after a password prompt: the private key goes to the keychain as Import does, the public
    // certificate into the registration). A bad file changes nothing; the summary line says why and what to do.
    // Returns whether the certificate (and, for PKCS#12, the key's write) was taken.
    bool importCertificateFile(const QString &path);
    // Tests replace the file dialog and the password prompt (nullopt: cancelled).
    void setCertificateFilePicker(std::function<QString(QWidget *)> picker) { m_pickCertificate = std::move(picker); }
    void setPasswordPrompt(std::function<std::optional<QString>(QWidget *, const QString &file)> prompt)
    {
        m_promptPassword = std::move(prompt);
    }

protected:
    void refreshExtras() override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void fitNotesHeight();
    void refillReferences();
    void rebuildParameterFields(const QString &presetId);
    void applyPresetFromForm();
    // The preset chosen in the list: applied on activation, Enter or Apply (never while moving through the list).
    void applyChosenPreset();
    void updateApplyPreset();
    QString modelPreset() const;
    // Shows the client secret or, for private_key_jwt, the private key row, keyed to the current registration.
    void updateCredentialRows();

    std::unique_ptr<Ui::RegistrationForm> m_ui;
    ObjectTableModel *m_environments = nullptr;
    ObjectTableModel *m_serviceUsers = nullptr;
    QFormLayout *m_parameterLayout = nullptr;
    QString m_parametersFor; // preset id the parameter fields were built for
    QList<QLineEdit *> m_parameterEdits;
    QPushButton *m_applyPreset = nullptr;
    bool m_presetKeySearch = false;
    QHash<QLineEdit *, QString> m_basePlaceholders; // the form's own hints, shown when no preset has one
    PrivateKeyField *m_privateKey = nullptr;
    QLabel *m_privateKeyLabel = nullptr;
    // private_key_jwt: assertion algorithm, key id, certificate (PEM, with a summary line) and header thumbprint.
    QList<QWidget *> m_assertionRows;
    QPlainTextEdit *m_certificate = nullptr;
    QLabel *m_certificateSummary = nullptr;
    QPushButton *m_certificateFile = nullptr;
    QString m_certificateProblem; // the last import's failure, shown instead of the summary until the next change
    std::function<QString(QWidget *)> m_pickCertificate;
    std::function<std::optional<QString>(QWidget *, const QString &)> m_promptPassword;
};

} // namespace cmic
