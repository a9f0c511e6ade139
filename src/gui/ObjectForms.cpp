#include "ObjectForms.h"

#include "ObjectTableModels.h"
#include "OptionalDateEdit.h"
#include "PrivateKeyField.h"
#include "SecretField.h"
#include "StringListEdit.h"
#include "WorkspaceDocument.h"
#include "core/model/IdpPreset.h"
#include "core/net/Certificate.h"
#include "core/rules/AssertionRules.h"
#include "core/storage/CredentialKind.h"
#include "core/storage/SecretStore.h"
#include "core/util/BoundedFile.h"

#include "ui_EnvironmentForm.h"
#include "ui_RegistrationForm.h"
#include "ui_ServiceUserForm.h"

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QDataWidgetMapper>
#include <QDateTime>
#include <QDir>
#include <QEvent>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMetaProperty>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QStyle>
#include <QTimer>
#include <QWheelEvent>

namespace cmic {

// ---------------------------------------------------------------------------------------------------------------
void FormDelegate::setEditorData(QWidget *editor, const QModelIndex &index) const
{
    const QVariant value = index.data(Qt::EditRole);
    if (auto *combo = qobject_cast<QComboBox *>(editor)) {
        const int i = combo->findData(value.toString());
        if (i != combo->currentIndex())
            combo->setCurrentIndex(i);
        return;
    }
    const QMetaProperty user = editor->metaObject()->userProperty();
    if (!user.isValid())
        return;
    const QVariant current = user.read(editor);
    if (current != value)
        user.write(editor, value);
}

void FormDelegate::setModelData(QWidget *editor, QAbstractItemModel *model, const QModelIndex &index) const
{
    if (auto *combo = qobject_cast<QComboBox *>(editor)) {
        if (combo->currentIndex() >= 0) // an unknown reference stays as it is
            model->setData(index, combo->currentData());
        return;
    }
    const QMetaProperty user = editor->metaObject()->userProperty();
    if (user.isValid())
        model->setData(index, user.read(editor));
}

// ---------------------------------------------------------------------------------------------------------------
ObjectForm::ObjectForm(QWidget *parent) : QWidget(parent), m_mapper(new QDataWidgetMapper(this))
{
    m_mapper->setItemDelegate(new FormDelegate(m_mapper));
    m_mapper->setSubmitPolicy(QDataWidgetMapper::AutoSubmit);
    setEnabled(false);
}

ObjectForm::~ObjectForm() = default;

void ObjectForm::setModel(ObjectTableModel *model)
{
    m_model = model;
    m_mapper->setModel(model);
    bindWidgets();
    connect(model->document(), &WorkspaceDocument::findingsChanged, this, &ObjectForm::updateMarks);
    connect(model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles) {
                if (m_row >= topLeft.row() && m_row <= bottomRight.row()
                    && (roles.isEmpty() || roles.contains(Qt::EditRole) || roles.contains(Qt::DisplayRole))) {
                    showStartOfLines(); // after the mapper wrote the new values
                    refreshExtras();
                }
            });
    connect(model, &QAbstractItemModel::modelReset, this, [this] { setCurrentRow(-1); });
    connect(model, &QAbstractItemModel::rowsRemoved, this, [this](const QModelIndex &, int first, int last) {
        if (m_row >= first && m_row <= last)
            setCurrentRow(-1);
        else if (m_row > last)
            m_row -= last - first + 1;
    });
    connect(model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int first, int last) {
        if (m_row >= first)
            m_row += last - first + 1;
    });
}

QString ObjectForm::currentId() const
{
    if (!m_model || m_row < 0)
        return {};
    return m_model->index(m_row, 0).data(ObjectTableModel::IdRole).toString();
}

namespace {

// Scrolling a form with the wheel must never change a value under the pointer: a combo box, spin box or date edit
// only takes the wheel once it has focus (clicked or tabbed into). Otherwise the event is ignored, so QApplication
// passes it on to the parents and the scroll area scrolls.
class WheelGuard : public QObject
{
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Wheel) {
            auto *widget = qobject_cast<QWidget *>(watched);
            if (widget && !widget->hasFocus()) {
                event->ignore();
                return true;
            }
        }
        return QObject::eventFilter(watched, event);
    }
};

} // namespace

void ObjectForm::guardWheel()
{
    if (!m_wheelGuard)
        m_wheelGuard = new WheelGuard(this);
    QList<QWidget *> guarded;
    for (auto *combo : findChildren<QComboBox *>())
        guarded.append(combo);
    for (auto *spin : findChildren<QAbstractSpinBox *>())
        guarded.append(spin);
    for (QWidget *widget : std::as_const(guarded)) {
        if (widget->focusPolicy() == Qt::WheelFocus)
            widget->setFocusPolicy(Qt::StrongFocus);
        widget->installEventFilter(m_wheelGuard); // installing again moves it, never doubles it
    }
}

void ObjectForm::bindWidgets()
{
    guardWheel();
    auto *delegate = static_cast<FormDelegate *>(m_mapper->itemDelegate());
    for (int c = 0; c < m_model->columnCount(); ++c) {
        QWidget *w = fieldWidget(m_model->fieldName(c));
        if (!w || w->metaObject() == &QWidget::staticMetaObject || qobject_cast<QLabel *>(w)
            || w->property("cmicManual").toBool())
            continue;
        m_mapper->addMapping(w, c);
        auto submit = [this, w, delegate] {
            if (!m_model || m_row < 0)
                return;
            const int section = m_mapper->mappedSection(w);
            delegate->setModelData(w, m_model, m_model->index(m_row, section));
        };
        if (auto *edit = qobject_cast<QLineEdit *>(w))
            connect(edit, &QLineEdit::textEdited, this, submit);
        else if (auto *combo = qobject_cast<QComboBox *>(w))
            connect(combo, &QComboBox::activated, this, submit);
        else if (auto *button = qobject_cast<QAbstractButton *>(w))
            connect(button, &QAbstractButton::toggled, this, submit);
        else if (auto *text = qobject_cast<QPlainTextEdit *>(w))
            connect(text, &QPlainTextEdit::textChanged, this, submit);
        else if (auto *date = qobject_cast<OptionalDateEdit *>(w))
            connect(date, &OptionalDateEdit::dateChanged, this, submit);
        else if (auto *list = qobject_cast<StringListEdit *>(w))
            connect(list, &StringListEdit::itemsChanged, this, submit);
    }
    // Screen readers: every field is named after its label when the form did not name it.
    const auto layouts = findChildren<QFormLayout *>();
    for (QFormLayout *layout : layouts) {
        for (int r = 0; r < layout->rowCount(); ++r) {
            auto *label = qobject_cast<QLabel *>(layout->itemAt(r, QFormLayout::LabelRole)
                                                     ? layout->itemAt(r, QFormLayout::LabelRole)->widget()
                                                     : nullptr);
            QLayoutItem *fieldItem = layout->itemAt(r, QFormLayout::FieldRole);
            QWidget *field = fieldItem ? fieldItem->widget() : nullptr;
            if (label && field && field->accessibleName().isEmpty())
                field->setAccessibleName(label->text().remove(QLatin1Char('&')).remove(QLatin1Char(':')));
        }
    }
    // One label column across the form's groups, so their fields line up.
    int labelWidth = 0;
    QList<QLabel *> labels;
    for (QFormLayout *layout : layouts) {
        if (layout->parentWidget() && layout->parentWidget()->objectName() == QLatin1String("presetParameters"))
            continue;
        for (int r = 0; r < layout->rowCount(); ++r) {
            QLayoutItem *item = layout->itemAt(r, QFormLayout::LabelRole);
            if (auto *label = qobject_cast<QLabel *>(item ? item->widget() : nullptr)) {
                labels.append(label);
                labelWidth = qMax(labelWidth, label->sizeHint().width());
            }
        }
    }
    for (QLabel *label : std::as_const(labels)) {
        label->setMinimumWidth(labelWidth);
        label->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    }
    const auto widgets = findChildren<QWidget *>();
    for (QWidget *w : widgets)
        m_baseToolTips.insert(w, w->toolTip());
}

QWidget *ObjectForm::fieldWidget(const QString &field) const
{
    if (field.isEmpty())
        return nullptr;
    return findChild<QWidget *>(field);
}

void ObjectForm::setCurrentRow(int sourceRow)
{
    m_row = sourceRow;
    setEnabled(sourceRow >= 0);
    if (sourceRow >= 0) {
        m_mapper->setCurrentIndex(sourceRow);
        showStartOfLines();
    } else {
        // Nothing selected: no value of the last object stays in the disabled form (m_row is -1, so the fields'
        // submit handlers ignore these changes).
        for (int c = 0; c < (m_model ? m_model->columnCount() : 0); ++c) {
            QWidget *w = m_mapper->mappedWidgetAt(c);
            if (auto *edit = qobject_cast<QLineEdit *>(w))
                edit->clear();
            else if (auto *text = qobject_cast<QPlainTextEdit *>(w))
                text->clear();
            else if (auto *combo = qobject_cast<QComboBox *>(w))
                combo->setCurrentIndex(-1);
            else if (auto *button = qobject_cast<QAbstractButton *>(w); button && button->isCheckable())
                button->setChecked(false);
            else if (auto *date = qobject_cast<OptionalDateEdit *>(w))
                date->setDate(QDate());
            else if (auto *list = qobject_cast<StringListEdit *>(w))
                list->setItems({});
        }
    }
    refreshExtras();
    updateMarks();
}

// A value filled in by the program (another object shown, a preset applied) shows its beginning, as a typed one
// would after Home: a long URL's host, not its tail. The field being typed into (its text modified by the user
// since the program last set it) keeps its cursor.
void ObjectForm::showStartOfLines()
{
    for (int c = 0; c < (m_model ? m_model->columnCount() : 0); ++c) {
        if (auto *edit = qobject_cast<QLineEdit *>(m_mapper->mappedWidgetAt(c));
            edit && !edit->hasFocus() && !edit->isModified())
            edit->setCursorPosition(0);
    }
}

bool ObjectForm::focusField(const QString &field)
{
    QWidget *w = fieldWidget(field);
    if (!w)
        return false;
    if (!w->isEnabled() || w->metaObject() == &QWidget::staticMetaObject) {
        // A container (e.g. the preset parameters): focus its first editor.
        const auto edits = w->findChildren<QLineEdit *>();
        if (!edits.isEmpty())
            w = edits.constFirst();
    }
    for (QWidget *p = w->parentWidget(); p; p = p->parentWidget()) {
        if (auto *scroll = qobject_cast<QScrollArea *>(p)) {
            scroll->ensureWidgetVisible(w);
            break;
        }
    }
    w->setFocus(Qt::OtherFocusReason);
    return true;
}

void ObjectForm::updateMarks()
{
    if (!m_model)
        return;
    const Findings findings =
        m_row >= 0 ? m_model->document()->findingsFor(toSubjectKind(m_model->kind()), currentId()) : Findings();
    QHash<QString, QPair<int, QStringList>> byField;
    for (const Finding &f : findings) {
        auto &entry = byField[f.field];
        if (entry.second.isEmpty())
            entry.first = -1;
        entry.first = qMax(entry.first, static_cast<int>(f.severity));
        entry.second.append(f.message + QLatin1Char(' ') + f.fix);
    }
    QSet<QString> fields;
    for (int c = 0; c < m_model->columnCount(); ++c)
        fields.insert(m_model->fieldName(c));
    for (auto it = byField.cbegin(); it != byField.cend(); ++it)
        fields.insert(it.key());
    for (const QString &field : std::as_const(fields)) {
        QWidget *w = fieldWidget(field);
        if (!w)
            continue;
        const auto entry = byField.value(field, {-1, {}});
        QString mark;
        if (entry.first == static_cast<int>(Severity::Error))
            mark = QStringLiteral("error");
        else if (entry.first == static_cast<int>(Severity::Warning))
            mark = QStringLiteral("warning");
        else if (entry.first == static_cast<int>(Severity::Info))
            mark = QStringLiteral("info");
        QString tip = m_baseToolTips.value(w);
        if (!entry.second.isEmpty())
            tip = (tip.isEmpty() ? QString() : tip + QStringLiteral("\n\n")) + entry.second.join(QLatin1Char('\n'));
        w->setToolTip(tip);
        if (w->property("cmicFinding").toString() != mark) {
            w->setProperty("cmicFinding", mark);
            w->style()->unpolish(w);
            w->style()->polish(w);
            w->update();
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
namespace {
template <typename E>
void fillEnumCombo(QComboBox *combo, std::initializer_list<E> values)
{
    combo->clear();
    for (E v : values)
        combo->addItem(displayName(v), toString(v));
}
} // namespace

EnvironmentForm::EnvironmentForm(QWidget *parent) : ObjectForm(parent), m_ui(std::make_unique<Ui::EnvironmentForm>())
{
    m_ui->setupUi(this);
    fillEnumCombo(m_ui->deployment, {Deployment::Enterprise, Deployment::Cloud});
    fillEnumCombo(m_ui->userSource, {UserSource::TokenClaim, UserSource::Registration});
    // The patch level as the rules need it; the data is the number as text (FormDelegate compares text).
    m_ui->patchLevel->addItem(tr("Unknown"), QString::number(Environment::kPatchUnknown));
    m_ui->patchLevel->addItem(tr("Patch 18 or earlier"), QStringLiteral("18"));
    for (int level = 19; level <= 22; ++level)
        m_ui->patchLevel->addItem(tr("Patch %1").arg(level), QString::number(level));
    m_ui->patchLevel->addItem(tr("Patch 23 or later"), QStringLiteral("23"));
    // Scrolling the form must not change the patch level: the wheel only acts once the combo has focus.
    m_ui->patchLevel->setFocusPolicy(Qt::StrongFocus);
    m_ui->patchLevel->installEventFilter(this);
}

bool EnvironmentForm::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_ui->patchLevel && event->type() == QEvent::Wheel && !m_ui->patchLevel->hasFocus()) {
        event->ignore();
        return true;
    }
    return ObjectForm::eventFilter(watched, event);
}

EnvironmentForm::~EnvironmentForm() = default;

void EnvironmentForm::setModel(ObjectTableModel *model) { ObjectForm::setModel(model); }

ServiceUserForm::ServiceUserForm(QWidget *parent) : ObjectForm(parent), m_ui(std::make_unique<Ui::ServiceUserForm>())
{
    m_ui->setupUi(this);
}

ServiceUserForm::~ServiceUserForm() = default;

// ---------------------------------------------------------------------------------------------------------------
namespace {
QString parameterLabel(const QString &name)
{
    if (name == QLatin1String("tenant"))
        return RegistrationForm::tr("Tenant (directory) ID:");
    if (name == QLatin1String("domain"))
        return RegistrationForm::tr("Domain:");
    if (name == QLatin1String("realm"))
        return RegistrationForm::tr("Realm:");
    if (name == QLatin1String("region"))
        return RegistrationForm::tr("Region:");
    if (name == QLatin1String("authServerId"))
        return RegistrationForm::tr("Authorization server ID:");
    if (name == QLatin1String("userPoolId"))
        return RegistrationForm::tr("User pool ID:");
    return name + QLatin1Char(':');
}
} // namespace

RegistrationForm::RegistrationForm(QWidget *parent) : ObjectForm(parent), m_ui(std::make_unique<Ui::RegistrationForm>())
{
    m_ui->setupUi(this);
    fillEnumCombo(m_ui->authMethod, {ClientAuthMethod::ClientSecretBasic, ClientAuthMethod::ClientSecretPost,
                                     ClientAuthMethod::PrivateKeyJwt});
    // private_key_jwt: the private key's row, right under the client secret's; one of the two is shown.
    m_privateKey = new PrivateKeyField(this);
    m_privateKey->setObjectName(QStringLiteral("privateKey"));
    m_privateKey->setAccessibleName(tr("Private key"));
    m_privateKeyLabel = new QLabel(tr("Private &key:"), this);
    m_privateKeyLabel->setObjectName(QStringLiteral("privateKeyLabel"));
    m_privateKeyLabel->setBuddy(m_privateKey);
    if (auto *form = qobject_cast<QFormLayout *>(m_ui->clientSecret->parentWidget()->layout())) {
        int row = -1;
        QFormLayout::ItemRole role;
        form->getWidgetPosition(m_ui->clientSecret, &row, &role);
        form->insertRow(row + 1, m_privateKeyLabel, m_privateKey);
        form->setRowVisible(m_privateKey, false);
        // The client assertion's settings, under the private key; named after their model members so that
        // bindWidgets maps them and edits go through the model's undo stack like every other field.
        auto *algorithm = new QComboBox(this);
        algorithm->setObjectName(QStringLiteral("assertionAlgorithm"));
        algorithm->addItem(tr("As the IdP's discovery lists (else the key's default)"), QString());
        for (const char *name : {"PS256", "RS256", "ES256"})
            algorithm->addItem(QString::fromLatin1(name), QString::fromLatin1(name));
        auto *keyId = new QLineEdit(this);
        keyId->setObjectName(QStringLiteral("assertionKeyId"));
        keyId->setPlaceholderText(tr("optional kid"));
        m_certificate = new QPlainTextEdit(this);
        m_certificate->setObjectName(QStringLiteral("assertionCertificate"));
        m_certificate->setPlaceholderText(tr("Paste the public certificate uploaded to the IdP (-----BEGIN "
                                             "CERTIFICATE-----); optional"));
        m_certificate->setTabChangesFocus(true);
        m_certificate->setFixedHeight(m_certificate->fontMetrics().lineSpacing() * 4 + 12);
        m_certificateSummary = new QLabel(this);
        m_certificateSummary->setObjectName(QStringLiteral("assertionCertificateSummary"));
        m_certificateSummary->setWordWrap(true);
        m_certificateSummary->setTextInteractionFlags(Qt::TextSelectableByMouse);
        auto *thumbprint = new QComboBox(this);
        thumbprint->setObjectName(QStringLiteral("assertionThumbprint"));
        thumbprint->addItem(tr("None"), toString(AssertionThumbprint::None));
        thumbprint->addItem(tr("x5t#S256 (SHA-256; Entra, current docs)"), toString(AssertionThumbprint::X5tS256));
        thumbprint->addItem(tr("x5t (SHA-1; Entra, older docs)"), toString(AssertionThumbprint::X5t));
        // The certificate: pasted PEM, or a file (PEM, or PKCS#12 with the key) through the button beside it.
        auto *certificateRow = new QWidget(this);
        auto *certificateLayout = new QHBoxLayout(certificateRow);
        certificateLayout->setContentsMargins(0, 0, 0, 0);
        certificateLayout->addWidget(m_certificate, 1);
        m_certificateFile = new QPushButton(tr("Certificate file…"), certificateRow);
        m_certificateFile->setObjectName(QStringLiteral("importCertificate"));
        m_certificateFile->setAccessibleName(tr("Import certificate file"));
        m_certificate->setAccessibleName(tr("Certificate"));
        m_certificateFile->setToolTip(tr("Import the certificate from a PEM file (.pem, .crt, .cer), or from a "
                                         "PKCS#12 file (.pfx, .p12) with its private key, which goes to the "
                                         "keychain."));
        certificateLayout->addWidget(m_certificateFile, 0, Qt::AlignTop);
        connect(m_certificateFile, &QPushButton::clicked, this, [this] {
            const QString path =
                m_pickCertificate
                    ? m_pickCertificate(this)
                    : QFileDialog::getOpenFileName(this, tr("Import certificate"), QString(),
                                                   tr("Certificates (*.pem *.crt *.cer *.pfx *.p12);;All files (*)"));
            if (!path.isEmpty())
                importCertificateFile(path);
        });
        connect(m_certificate, &QPlainTextEdit::textChanged, this, [this] { m_certificateProblem.clear(); });
        const std::pair<QString, QWidget *> rows[] = {{tr("Assertion al&gorithm:"), algorithm},
                                                      {tr("Key ID (kid):"), keyId},
                                                      {tr("Ce&rtificate:"), certificateRow},
                                                      {QString(), m_certificateSummary},
                                                      {tr("Thum&bprint:"), thumbprint}};
        int at = row + 2;
        for (const auto &[text, widget] : rows) {
            auto *label = new QLabel(text, this);
            label->setBuddy(widget == certificateRow ? static_cast<QWidget *>(m_certificate) : widget);
            form->insertRow(at++, label, widget);
            form->setRowVisible(widget, false);
            m_assertionRows.append(widget);
        }
    }
    m_ui->idpPreset->setProperty("cmicManual", true); // applied through RegistrationModel::applyPreset
    m_ui->idpPreset->addItem(tr("(none)"), QString());
    m_parameterLayout = new QFormLayout(m_ui->presetParameters);
    m_parameterLayout->setContentsMargins(0, 0, 0, 0);
    m_parameterLayout->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_ui->presetNotes->setMinimumWidth(300);
    m_ui->presetNotes->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    // A word-wrapped label in a form layout asks for the height of its "nice" width, not of the width it gets; its
    // height is set from the real width instead (see eventFilter), so no empty band appears under the notes.
    m_ui->presetNotes->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
    m_ui->presetNotes->installEventFilter(this);
    m_ui->presetNotes->setObjectName(QStringLiteral("presetNotes"));
    QFont small = m_ui->presetNotes->font();
    small.setPointSizeF(small.pointSizeF() * 0.92);
    m_ui->presetNotes->setFont(small);

    // Choosing from the open list (click, or Enter in it) applies the preset; moving through the closed list with the
    // arrow keys or the wheel only chooses one, applied with Enter or the Apply button (see eventFilter), so an
    // admin passing over presets does not apply each in turn.
    connect(m_ui->idpPreset, &QComboBox::activated, this, [this] {
        if (!m_presetKeySearch) // typing a name in the closed list chooses, like the arrow keys
            applyChosenPreset();
    });
    m_ui->idpPreset->installEventFilter(this);
    m_applyPreset = new QPushButton(tr("Appl&y"), this);
    m_applyPreset->setObjectName(QStringLiteral("applyPreset"));
    m_applyPreset->setAccessibleName(tr("Apply the chosen preset"));
    m_applyPreset->setToolTip(tr("Apply the preset chosen in the list (Enter in the list does the same); undoable."));
    connect(m_applyPreset, &QPushButton::clicked, this, &RegistrationForm::applyChosenPreset);
    connect(m_ui->idpPreset, &QComboBox::currentIndexChanged, this, &RegistrationForm::updateApplyPreset);
    if (auto *presetForm = qobject_cast<QFormLayout *>(m_ui->idpPreset->parentWidget()->layout())) {
        int presetRow = -1;
        QFormLayout::ItemRole presetRole;
        presetForm->getWidgetPosition(m_ui->idpPreset, &presetRow, &presetRole);
        auto *presetLine = new QWidget(m_ui->idpPreset->parentWidget());
        auto *presetLayout = new QHBoxLayout(presetLine);
        presetLayout->setContentsMargins(0, 0, 0, 0);
        delete presetForm->takeAt(presetForm->indexOf(m_ui->idpPreset));
        presetLayout->addWidget(m_ui->idpPreset, 1);
        presetLayout->addWidget(m_applyPreset);
        presetForm->setWidget(presetRow, QFormLayout::FieldRole, presetLine);
    }
    for (QLineEdit *edit : {m_ui->issuer, m_ui->jwksUri, m_ui->tokenEndpoint, m_ui->discoveryUrl, m_ui->scope})
        m_basePlaceholders.insert(edit, edit->placeholderText());
    updateApplyPreset();
}

QString RegistrationForm::modelPreset() const
{
    return m_model && m_row >= 0 ? m_model->index(m_row, RegistrationModel::IdpPreset).data(Qt::EditRole).toString()
                                 : QString();
}

void RegistrationForm::updateApplyPreset()
{
    m_applyPreset->setEnabled(m_model && m_row >= 0 && m_ui->idpPreset->currentIndex() >= 0
                              && m_ui->idpPreset->currentData().toString() != modelPreset());
}

void RegistrationForm::applyChosenPreset()
{
    if (!m_model || m_row < 0)
        return;
    const QString id = m_ui->idpPreset->currentData().toString();
    if (id == modelPreset())
        return;
    if (id.isEmpty()) {
        m_model->setData(m_model->index(m_row, RegistrationModel::IdpPreset), QString());
        return;
    }
    // A switch: core decides what each field keeps (IdpPreset::appliedTo); the parameter fields then show what it
    // carried over.
    rebuildParameterFields(id);
    static_cast<RegistrationModel *>(m_model)->applyPreset(m_row, id, {});
    // New parameter fields are shown by their layout on the next turn of the event loop; focus them then.
    if (!m_parameterEdits.isEmpty()) {
        QTimer::singleShot(0, m_parameterEdits.constFirst(), [edit = m_parameterEdits.constFirst()] {
            edit->setFocus(Qt::OtherFocusReason);
            edit->selectAll();
        });
    }
}

RegistrationForm::~RegistrationForm() = default;

SecretField *RegistrationForm::secretField() const { return m_ui->clientSecret; }

void RegistrationForm::setSecretStore(SecretStore *store)
{
    m_ui->clientSecret->setStore(store);
    m_privateKey->setStore(store);
}

void RegistrationForm::updateCredentialRows()
{
    const QString id = m_row >= 0 && m_model ? currentId() : QString();
    const bool jwt = !id.isEmpty()
                     && m_model->index(m_row, RegistrationModel::AuthMethod).data(Qt::EditRole).toString()
                            == toString(ClientAuthMethod::PrivateKeyJwt);
    auto *form = qobject_cast<QFormLayout *>(m_ui->clientSecret->parentWidget()->layout());
    if (form) {
        form->setRowVisible(m_ui->clientSecret, !jwt);
        form->setRowVisible(m_privateKey, jwt);
        for (QWidget *w : std::as_const(m_assertionRows))
            form->setRowVisible(w, jwt);
    }
    if (m_certificateSummary) {
        const QString pem =
            id.isEmpty() ? QString()
                         : m_model->index(m_row, RegistrationModel::AssertionCertificate).data(Qt::EditRole).toString();
        m_certificateSummary->setText(m_certificateProblem.isEmpty()
                                          ? AssertionRules::certificateSummary(pem, QDateTime::currentDateTimeUtc())
                                          : m_certificateProblem);
    }
    // The expiry date means the key's (or its certificate's) for private_key_jwt.
    m_ui->secretExpiryLabel->setText(jwt ? tr("Key e&xpires:") : tr("Secret e&xpires:"));
    const QString workspaceId = m_model ? m_model->document()->workspace().id : QString();
    m_ui->clientSecret->setKey(id.isEmpty() || jwt ? QString()
                                                   : credentialKey(workspaceId, id, CredentialKind::ClientSecret));
    m_privateKey->setKey(id.isEmpty() || !jwt ? QString() : credentialKey(workspaceId, id, CredentialKind::PrivateKey));
}

bool RegistrationForm::importCertificateFile(const QString &path)
{
    if (!m_certificate || !m_model || m_row < 0)
        return false;
    const QString shown = QDir::toNativeSeparators(path);
    const auto refuse = [this](const QString &why) {
        m_certificateProblem = why;
        updateCredentialRows();
        return false;
    };
    // PEM certificates and PKCS#12 files are a few KiB: the same bound as a PKCS#12 file, regular files only.
    QByteArray bytes;
    const BoundedRead read = readRegularFile(path, net::Certificate::kMaxPkcs12Bytes, &bytes);
    if (!read.ok()) {
        return refuse(describeReadProblem(read, path, net::Certificate::kMaxPkcs12Bytes) + QStringLiteral(". ")
                      + tr("Choose the certificate file (.pem, .crt, .cer, or .pfx/.p12 with the key)."));
    }
    QString error;
    if (!net::Certificate::looksLikePkcs12(path, bytes)) {
        const net::Certificate certificate = net::Certificate::fromPem(bytes, &error);
        if (!certificate.isValid())
            return refuse(tr("%1 was not imported: %2").arg(shown, error));
        m_certificateProblem.clear();
        m_certificate->setPlainText(QString::fromLatin1(certificate.toPem())); // through the model: undoable
        updateCredentialRows();
        return true;
    }
    const std::optional<QString> password =
        m_promptPassword ? m_promptPassword(this, shown) : [this, &shown]() -> std::optional<QString> {
        bool ok = false;
        const QString typed = QInputDialog::getText(this, tr("Certificate password"),
                                                    tr("The password %1 was exported with (empty if none):").arg(shown),
                                                    QLineEdit::Password, QString(), &ok);
        return ok ? std::optional<QString>(typed) : std::nullopt;
    }();
    if (!password)
        return false;
    const QByteArray utf8 = password->toUtf8();
    net::Pkcs12Contents contents;
    const bool ok = net::Certificate::fromPkcs12(bytes, utf8, QDateTime::currentDateTimeUtc(), &contents, &error);
    wipeInPlace(utf8);
    wipeInPlace(*password);
    wipeInPlace(bytes);
    if (!ok)
        return refuse(tr("%1 was not imported: %2").arg(shown, error));
    // The key first: if the keychain refuses it, the field says so and the certificate stays as it was.
    if (!m_privateKey->storeKey(std::move(contents.privateKeyPem), shown))
        return refuse(m_privateKey->stateText());
    m_certificateProblem.clear();
    m_certificate->setPlainText(QString::fromLatin1(contents.certificate.toPem()));
    updateCredentialRows();
    return true;
}

void RegistrationForm::setModel(ObjectTableModel *model) { ObjectForm::setModel(model); }

void RegistrationForm::setReferenceModels(ObjectTableModel *environments, ObjectTableModel *serviceUsers)
{
    m_environments = environments;
    m_serviceUsers = serviceUsers;
    for (ObjectTableModel *m : {environments, serviceUsers}) {
        connect(m, &QAbstractItemModel::rowsInserted, this, &RegistrationForm::refillReferences);
        connect(m, &QAbstractItemModel::rowsRemoved, this, &RegistrationForm::refillReferences);
        connect(m, &QAbstractItemModel::modelReset, this, &RegistrationForm::refillReferences);
        connect(m, &QAbstractItemModel::dataChanged, this,
                [this](const QModelIndex &, const QModelIndex &, const QList<int> &roles) {
                    if (roles.isEmpty() || roles.contains(Qt::DisplayRole))
                        refillReferences();
                });
    }
    refillReferences();
}

void RegistrationForm::refillReferences()
{
    auto fill = [](QComboBox *combo, ObjectTableModel *model, const QString &none) {
        const QString current = combo->currentData().toString();
        combo->blockSignals(true);
        combo->clear();
        combo->addItem(none, QString());
        if (model) {
            for (int r = 0; r < model->rowCount(); ++r) {
                QString label = model->index(r, 0).data().toString().trimmed();
                if (label.isEmpty())
                    label = tr("(unnamed)");
                combo->addItem(label, model->index(r, 0).data(ObjectTableModel::IdRole));
            }
        }
        combo->setCurrentIndex(combo->findData(current));
        combo->blockSignals(false);
    };
    fill(m_ui->environmentId, m_environments, tr("(choose an environment)"));
    fill(m_ui->serviceUserId, m_serviceUsers, tr("(none)"));
    if (m_row >= 0)
        m_mapper->revert(); // show the model's value again
}

void RegistrationForm::setCurrentRow(int sourceRow)
{
    if (m_ui->idpPreset->count() == 1) { // presets are loaded the first time a registration is shown
        for (const IdpPreset &p : IdpPresets::builtIn())
            m_ui->idpPreset->addItem(p.displayedName(), p.id);
    }
    if (sourceRow != m_row)
        m_certificateProblem.clear(); // another registration: the last import's failure was not about it
    ObjectForm::setCurrentRow(sourceRow);
    updateCredentialRows();
}

void RegistrationForm::rebuildParameterFields(const QString &presetId)
{
    if (presetId == m_parametersFor)
        return;
    m_parametersFor = presetId;
    while (m_parameterLayout->rowCount() > 0)
        m_parameterLayout->removeRow(0);
    m_parameterEdits.clear();
    const IdpPreset *preset = IdpPresets::find(presetId);
    const QStringList names = preset ? preset->parameters : QStringList();
    QWidget *previous = m_ui->idpPreset;
    for (const QString &name : names) {
        auto *edit = new QLineEdit(m_ui->presetParameters);
        edit->setObjectName(QStringLiteral("presetParameter_") + name);
        edit->setProperty("cmicParameter", name);
        const QString label = parameterLabel(name);
        edit->setAccessibleName(QString(label).remove(QLatin1Char(':')));
        edit->setToolTip(tr("Fills {%1} in the preset's URL templates; the URLs below update as you type.").arg(name));
        edit->setPlaceholderText(QStringLiteral("{%1}").arg(name));
        m_parameterLayout->addRow(label, edit);
        connect(edit, &QLineEdit::textEdited, this, &RegistrationForm::applyPresetFromForm);
        setTabOrder(previous, edit);
        previous = edit;
        m_parameterEdits.append(edit);
    }
    m_ui->presetParameters->setVisible(!names.isEmpty());
    m_ui->presetParametersLabel->setVisible(!names.isEmpty());
}

void RegistrationForm::applyPresetFromForm()
{
    if (!m_model || m_row < 0)
        return;
    QMap<QString, QString> values;
    for (QLineEdit *edit : std::as_const(m_parameterEdits))
        values.insert(edit->property("cmicParameter").toString(), edit->text());
    static_cast<RegistrationModel *>(m_model)->applyPreset(m_row, m_parametersFor, values);
}

void RegistrationForm::refreshExtras()
{
    if (!m_model || m_row < 0) {
        rebuildParameterFields(QString());
        m_ui->idpPreset->setCurrentIndex(-1);
        m_ui->appIdClaim->setText(QString());
        m_ui->presetNotes->setText(QString());
        updateCredentialRows();
        return;
    }
    updateCredentialRows();
    const QString presetId = m_model->index(m_row, RegistrationModel::IdpPreset).data(Qt::EditRole).toString();
    const int i = m_ui->idpPreset->findData(presetId);
    if (i != m_ui->idpPreset->currentIndex())
        m_ui->idpPreset->setCurrentIndex(i);
    rebuildParameterFields(presetId);
    const QVariantMap params = m_model->index(m_row, RegistrationModel::PresetParameters).data(Qt::EditRole).toMap();
    for (QLineEdit *edit : std::as_const(m_parameterEdits)) {
        const QString v = params.value(edit->property("cmicParameter").toString()).toString();
        if (edit->text() != v && !(edit->hasFocus() && edit->isModified()))
            edit->setText(v);
    }
    const IdpPreset *preset = IdpPresets::find(presetId);
    // Empty fields show what the preset would put there, as a grey hint, never as a value (core words it).
    const AppRegistration &registration = m_model->document()->object<AppRegistration>(m_row);
    for (auto it = m_basePlaceholders.cbegin(); it != m_basePlaceholders.cend(); ++it) {
        const QString hint = preset ? preset->placeholderFor(it.key()->objectName(), registration) : QString();
        it.key()->setPlaceholderText(hint.isEmpty() ? it.value() : hint);
    }
    updateApplyPreset();
    if (preset) {
        m_ui->appIdClaim->setText(
            tr("%1 — CMiC compares this claim in the token with the App ID.").arg(preset->appIdClaim));
        m_ui->presetNotes->setText(preset->displayedGuidance());
    } else {
        m_ui->appIdClaim->setText(tr("Choose a preset to see which claim carries the client id."));
        m_ui->presetNotes->setText(QString());
    }
    m_ui->presetNotes->setVisible(!m_ui->presetNotes->text().isEmpty());
    fitNotesHeight();
}

void RegistrationForm::fitNotesHeight()
{
    QLabel *notes = m_ui->presetNotes;
    const int height = notes->text().isEmpty() ? 0 : notes->heightForWidth(qMax(200, notes->width()));
    if (height != notes->height())
        notes->setFixedHeight(height);
}

bool RegistrationForm::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_ui->presetNotes && event->type() == QEvent::Resize)
        fitNotesHeight();
    if (watched == m_ui->idpPreset && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        QComboBox *combo = m_ui->idpPreset;
        const int last = combo->count() - 1;
        int to = -1;
        switch (key->key()) {
        case Qt::Key_Up: to = qMax(0, combo->currentIndex() - 1); break;
        case Qt::Key_Down: to = qMin(last, combo->currentIndex() + 1); break;
        case Qt::Key_PageUp:
        case Qt::Key_Home: to = 0; break;
        case Qt::Key_PageDown:
        case Qt::Key_End: to = last; break;
        case Qt::Key_Return:
        case Qt::Key_Enter:
            if (key->modifiers() == Qt::NoModifier || key->modifiers() == Qt::KeypadModifier) {
                applyChosenPreset();
                return true;
            }
            break;
        default:
            if (!key->text().isEmpty() && key->text().at(0).isPrint()) {
                // The combo box's own search picks the item and reports it as activated: not an apply.
                m_presetKeySearch = true;
                QTimer::singleShot(0, this, [this] { m_presetKeySearch = false; });
            }
            break;
        }
        // Alt+Down and F4 still open the list.
        if (to >= 0 && !(key->modifiers() & Qt::AltModifier)) {
            combo->setCurrentIndex(to); // chosen, not applied
            return true;
        }
    }
    if (watched == m_ui->idpPreset && event->type() == QEvent::Wheel && m_ui->idpPreset->hasFocus()) {
        const int delta = static_cast<QWheelEvent *>(event)->angleDelta().y();
        QComboBox *combo = m_ui->idpPreset;
        if (delta != 0)
            combo->setCurrentIndex(qBound(0, combo->currentIndex() + (delta > 0 ? -1 : 1), combo->count() - 1));
        return true;
    }
    return ObjectForm::eventFilter(watched, event);
}

} // namespace cmic
