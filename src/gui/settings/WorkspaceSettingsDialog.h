#pragma once

#include "core/model/Workspace.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTreeWidget;

namespace cmic {

class Clock;
class UserPrompts;
class WorkspaceDocument;

namespace net {
struct CaBundleInspection;
}

// Edit ▸ Workspace Settings…: the workspace's CA bundle (chosen with a file picker, "Test this bundle" lists its
// certificates), proxy (system / none / manual URL) and clock skew. What the values mean and whether they are usable
// is core's (checkWorkspaceSettings, inspectCaBundle); the dialog shows it beside each field and keeps OK off while
// a value cannot be used. OK pushes one ChangeSettingsCommand ("Change workspace settings") on the document's undo
// stack; Cancel changes nothing.
class WorkspaceSettingsDialog : public QDialog
{
    Q_OBJECT
public:
    WorkspaceSettingsDialog(WorkspaceDocument *document, UserPrompts &prompts, const Clock &clock,
                            QWidget *parent = nullptr);
    ~WorkspaceSettingsDialog() override;

    // The values as edited (trimmed), with the members this version does not know kept.
    WorkspaceSettings settings() const;
    // Focuses the widget of a setting (settingsField: caBundlePath, proxyMode, proxyUrl, clockSkewSeconds).
    bool focusField(const QString &field);
    // "Test this bundle": inspects the file the CA bundle field names and lists its certificates.
    void testBundle();
    // "Choose…": the file picker (through the prompts).
    void chooseBundle();

    QLineEdit *caBundleEdit() const { return m_caBundle; }
    QTreeWidget *certificatesView() const { return m_certificates; }
    QLabel *caBundleMessage() const { return m_caBundleMessage; }
    QComboBox *proxyModeCombo() const { return m_proxyMode; }
    QLineEdit *proxyUrlEdit() const { return m_proxyUrl; }
    QLabel *proxyMessage() const { return m_proxyMessage; }
    QSpinBox *clockSkewSpin() const { return m_clockSkew; }
    QPushButton *okButton() const;

    void accept() override;

private:
    void updateValidity();
    void showInspection(const net::CaBundleInspection &inspection);
    QString resolvedBundlePath() const;

    WorkspaceDocument *m_document;
    UserPrompts &m_prompts;
    const Clock &m_clock;
    WorkspaceSettings m_initial;
    QLineEdit *m_caBundle = nullptr;
    QPushButton *m_browse = nullptr;
    QPushButton *m_test = nullptr;
    QTreeWidget *m_certificates = nullptr;
    QLabel *m_caBundleMessage = nullptr;
    QComboBox *m_proxyMode = nullptr;
    QLineEdit *m_proxyUrl = nullptr;
    QLabel *m_proxyMessage = nullptr;
    QSpinBox *m_clockSkew = nullptr;
    QLabel *m_clockSkewMessage = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace cmic
