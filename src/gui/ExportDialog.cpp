#include "ExportDialog.h"

#include "CredentialSlot.h"
#include "Icons.h"
#include "UserPrompts.h"
#include "core/export/Exporter.h"
#include "core/storage/CredentialKind.h"
#include "core/storage/SecretStore.h"
#include "core/util/FileNames.h"
#include "settings/Preferences.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QFrame>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QListView>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStyle>
#include <QVBoxLayout>

namespace cmic {

namespace {

constexpr QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

bool isBinary(const QByteArray &content) { return content.contains('\0') || !content.isValidUtf8(); }

// safeFileStem keeps '.', '_' and '-' inside a name; at its end they read as punctuation ("Payroll_.env").
QString exportFileStem(const QString &registrationName)
{
    QString stem = safeFileStem(registrationName, QString());
    while (!stem.isEmpty() && !stem.back().isLetterOrNumber())
        stem.chop(1);
    return stem.isEmpty() ? QStringLiteral("registration") : stem;
}

QString registrationLabel(const AppRegistration &registration)
{
    return registration.name.isEmpty() ? ExportDialog::tr("(unnamed registration %1)").arg(registration.id)
                                       : registration.name;
}

} // namespace

// ---------------------------------------------------------------------------------------------------------------
ExportFormatModel::ExportFormatModel(QList<const Exporter *> exporters, QObject *parent)
    : QAbstractListModel(parent), m_exporters(std::move(exporters))
{}

int ExportFormatModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_exporters.size());
}

QVariant ExportFormatModel::data(const QModelIndex &index, int role) const
{
    const Exporter *e = exporter(index.row());
    if (!index.isValid() || !e)
        return {};
    switch (role) {
    case Qt::DisplayRole: return e->displayName();
    case Qt::ToolTipRole:
    case Qt::AccessibleDescriptionRole:
    case DescriptionRole: return e->description();
    case IdRole: return e->id();
    case SupportsSecretRole: return e->supportsSecret();
    default: return {};
    }
}

const Exporter *ExportFormatModel::exporter(int row) const
{
    return row >= 0 && row < m_exporters.size() ? m_exporters.at(row) : nullptr;
}

int ExportFormatModel::rowOf(const QString &id) const
{
    for (int row = 0; row < m_exporters.size(); ++row) {
        if (m_exporters.at(row)->id() == id)
            return row;
    }
    return -1;
}

// ---------------------------------------------------------------------------------------------------------------
QString ExportDialog::folderSettingsKey() { return QStringLiteral("export/folder"); }

ExportDialog::ExportDialog(const Workspace &workspace, const QString &registrationId, SecretStore *store,
                           UserPrompts &prompts, const QString &fallbackFolder, QWidget *parent,
                           QList<const Exporter *> exporters)
    : QDialog(parent), m_workspace(workspace), m_prompts(prompts), m_fallbackFolder(fallbackFolder),
      m_credential(new CredentialSlot(this)),
      m_formats(new ExportFormatModel(exporters.isEmpty() ? ExporterRegistry::instance().exporters() : exporters, this))
{
    setObjectName(QStringLiteral("exportDialog"));
    setWindowTitle(tr("Export Registration"));
    m_credential->setStore(store);
    connect(m_credential, &CredentialSlot::answered, this, &ExportDialog::secretAnswered);
    buildUi();
    fillRegistrations(registrationId);
    if (m_formats->rowCount() > 0)
        m_formatList->setCurrentIndex(m_formats->index(0));
    m_formatList->setFocus(); // what the admin chooses first; no button looks like Enter's default
    refresh();
}

ExportDialog::~ExportDialog()
{
    m_credential->setKey(QString());
    m_secret.clear();
}

void ExportDialog::buildUi()
{
    auto *main = new QVBoxLayout(this);

    auto *top = new QFormLayout;
    m_registrationCombo = new QComboBox(this);
    m_registrationCombo->setObjectName(QStringLiteral("exportRegistration"));
    m_registrationCombo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_registrationCombo->setMinimumContentsLength(24);
    auto *registrationLabelWidget = new QLabel(tr("&Registration:"), this);
    registrationLabelWidget->setBuddy(m_registrationCombo);
    top->addRow(registrationLabelWidget, m_registrationCombo);
    main->addLayout(top);

    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setChildrenCollapsible(false);

    // Left: the formats, the chosen one's description, the secret.
    auto *left = new QWidget(splitter);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    auto *formatLabel = new QLabel(tr("&Format:"), left);
    m_formatList = new QListView(left);
    m_formatList->setObjectName(QStringLiteral("exportFormats"));
    m_formatList->setModel(m_formats);
    m_formatList->setSelectionMode(QAbstractItemView::SingleSelection);
    m_formatList->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_formatList->setUniformItemSizes(true);
    m_formatList->setAccessibleName(tr("Format")); // a view takes no name from its label's buddy
    formatLabel->setBuddy(m_formatList);
    m_description = new QLabel(left);
    m_description->setObjectName(QStringLiteral("exportDescription"));
    m_description->setWordWrap(true);
    m_description->setTextFormat(Qt::PlainText);
    m_description->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_description->setMinimumHeight(m_description->fontMetrics().lineSpacing() * 3);
    m_secretCheck = new QCheckBox(tr("&Include the secret"), left);
    m_secretCheck->setObjectName(QStringLiteral("exportIncludeSecret"));
    m_secretNote = new QLabel(left);
    m_secretNote->setObjectName(QStringLiteral("exportSecretNote"));
    m_secretNote->setWordWrap(true);
    m_secretNote->setTextFormat(Qt::PlainText);
    m_secretNote->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    leftLayout->addWidget(formatLabel);
    leftLayout->addWidget(m_formatList, 1);
    leftLayout->addWidget(m_description);
    leftLayout->addSpacing(style()->pixelMetric(QStyle::PM_LayoutVerticalSpacing));
    leftLayout->addWidget(m_secretCheck);
    leftLayout->addWidget(m_secretNote);

    // Right: what the file warns about, then the file.
    auto *right = new QWidget(splitter);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    m_warningBox = new QFrame(right);
    m_warningBox->setObjectName(QStringLiteral("exportWarnings"));
    static_cast<QFrame *>(m_warningBox)->setFrameShape(QFrame::StyledPanel);
    m_warningLayout = new QVBoxLayout(m_warningBox);
    auto *previewHeader = new QHBoxLayout;
    auto *previewLabel = new QLabel(tr("Pre&view:"), right);
    m_previewNote = new QLabel(right);
    m_previewNote->setObjectName(QStringLiteral("exportPreviewNote"));
    m_previewNote->setTextFormat(Qt::PlainText);
    m_previewNote->setWordWrap(true);
    previewHeader->addWidget(previewLabel);
    previewHeader->addWidget(m_previewNote, 1);
    m_preview = new QPlainTextEdit(right);
    m_preview->setObjectName(QStringLiteral("exportPreview"));
    m_preview->setReadOnly(true);
    m_preview->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_preview->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_preview->setTabChangesFocus(true);
    m_preview->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    previewLabel->setBuddy(m_preview);
    rightLayout->addWidget(m_warningBox);
    rightLayout->addLayout(previewHeader);
    rightLayout->addWidget(m_preview, 1);

    splitter->addWidget(left);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    // The list as wide as its longest name (within reason: the French names are the longest, up to ~65
    // characters), the preview the rest.
    const int charWidth = fontMetrics().averageCharWidth();
    int longest = 0;
    for (int row = 0; row < m_formats->rowCount(); ++row)
        longest = qMax(longest, fontMetrics().horizontalAdvance(m_formats->index(row).data().toString()));
    const int chrome =
        2 * m_formatList->frameWidth() + style()->pixelMetric(QStyle::PM_ScrollBarExtent) + 2 * charWidth;
    const int leftWidth = qBound(charWidth * 30, longest + chrome, charWidth * 76);
    left->setMinimumWidth(charWidth * 24);
    m_preview->setMinimumWidth(charWidth * 40);
    splitter->setSizes({leftWidth, charWidth * 90});
    main->addWidget(splitter, 1);

    m_savedNote = new QLabel(this);
    m_savedNote->setObjectName(QStringLiteral("exportSavedNote"));
    m_savedNote->setTextFormat(Qt::PlainText);
    m_savedNote->setWordWrap(true);
    m_savedNote->setTextInteractionFlags(Qt::TextSelectableByMouse);
    main->addWidget(m_savedNote);

    auto *buttons = new QDialogButtonBox(this);
    m_saveButton = buttons->addButton(tr("&Save…"), QDialogButtonBox::ActionRole);
    m_saveButton->setObjectName(QStringLiteral("exportSave"));
    m_copyButton = buttons->addButton(tr("&Copy"), QDialogButtonBox::ActionRole);
    m_copyButton->setObjectName(QStringLiteral("exportCopy"));
    m_closeButton = buttons->addButton(QDialogButtonBox::Close);
    m_closeButton->setObjectName(QStringLiteral("exportClose"));
    // No default button: Enter does nothing (keyPressEvent), so a key meant for the chooser or the list never saves
    // or closes by accident; Space presses the focused button, the mnemonics and Esc work as usual.
    for (QPushButton *b : {m_saveButton, m_copyButton, m_closeButton}) {
        b->setAutoDefault(false);
        b->setDefault(false);
    }
    main->addWidget(buttons);

    connect(m_saveButton, &QPushButton::clicked, this, &ExportDialog::save);
    connect(m_copyButton, &QPushButton::clicked, this, &ExportDialog::copyToClipboard);
    connect(m_closeButton, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_formatList->selectionModel(), &QItemSelectionModel::currentChanged, this, &ExportDialog::formatChanged);
    connect(m_registrationCombo, &QComboBox::currentIndexChanged, this, &ExportDialog::registrationChanged);
    connect(m_secretCheck, &QCheckBox::clicked, this, &ExportDialog::secretToggled);

    setTabOrder(m_registrationCombo, m_formatList);
    setTabOrder(m_formatList, m_secretCheck);
    setTabOrder(m_secretCheck, m_preview);
    // The buttons follow in the button box's own order: chaining them again here looped Tab among them.

    // Room for a preview of 80 columns beside the list, within the screen (1024x700 included, or QT_SCALE_FACTOR=2
    // on a larger one).
    QSize wanted(fontMetrics().averageCharWidth() * 156, fontMetrics().lineSpacing() * 36);
    const QScreen *screen = parentWidget() ? parentWidget()->screen() : QGuiApplication::primaryScreen();
    if (screen) {
        const QSize room = screen->availableGeometry().size() * 0.92;
        wanted = wanted.boundedTo(room);
    }
    resize(wanted);
}

void ExportDialog::fillRegistrations(const QString &selectedId)
{
    const QSignalBlocker blocker(m_registrationCombo);
    for (const AppRegistration &r : std::as_const(m_workspace.registrations)) {
        m_registrationCombo->addItem(registrationLabel(r), r.id);
        m_registrationCombo->setItemData(m_registrationCombo->count() - 1, r.appId, Qt::ToolTipRole);
    }
    const int row = m_registrationCombo->findData(selectedId);
    m_registrationCombo->setCurrentIndex(row >= 0 ? row : 0);
    // One registration: the chooser only names it.
    m_registrationCombo->setEnabled(m_registrationCombo->count() > 1);
}

void ExportDialog::setSessionSecretLookup(std::function<SecretBuffer(const QString &)> lookup)
{
    m_sessionLookup = std::move(lookup);
}

const Exporter *ExportDialog::currentExporter() const
{
    return m_formats->exporter(m_formatList->currentIndex().row());
}

QString ExportDialog::currentRegistrationId() const { return m_registrationCombo->currentData().toString(); }

const AppRegistration *ExportDialog::currentRegistration() const
{
    return m_workspace.registration(currentRegistrationId());
}

bool ExportDialog::selectFormat(const QString &id)
{
    const int row = m_formats->rowOf(id);
    if (row < 0)
        return false;
    m_formatList->setCurrentIndex(m_formats->index(row));
    return true;
}

bool ExportDialog::selectRegistration(const QString &id)
{
    const int row = m_registrationCombo->findData(id);
    if (row < 0)
        return false;
    m_registrationCombo->setCurrentIndex(row);
    return true;
}

QString ExportDialog::previewText() const { return m_preview->toPlainText(); }

QStringList ExportDialog::warnings() const { return m_warnings; }

bool ExportDialog::isReadingSecret() const { return m_credential->state() == CredentialSlot::State::Reading; }

void ExportDialog::formatChanged()
{
    const Exporter *exporter = currentExporter();
    if (!exporter || !exporter->supportsSecret())
        dropSecret(); // a format that cannot hold it: ticking again (and confirming) is needed for the next one
    m_savedNote->clear();
    refresh();
}

void ExportDialog::registrationChanged()
{
    dropSecret(); // the secret is the other registration's
    m_savedNote->clear();
    refresh();
}

void ExportDialog::dropSecret()
{
    m_credential->setKey(QString()); // an answer still to come is dropped
    m_secret.clear();
    const QSignalBlocker blocker(m_secretCheck);
    m_secretCheck->setChecked(false);
}

void ExportDialog::secretToggled(bool checked)
{
    const Exporter *exporter = currentExporter();
    const AppRegistration *registration = currentRegistration();
    if (!checked || !exporter || !registration || !exporter->supportsSecret()) {
        dropSecret();
        refresh();
        return;
    }
    const CredentialKind kind = credentialKindFor(*registration);
    const bool confirmed = m_prompts.confirm(
        this, tr("Include the secret?"),
        tr("The %1 of \"%2\" will be written into the %3 file in clear. Anyone who can read the file can get tokens "
           "as this registration.\n\nThe file is written readable only by you (mode 0600). Keep it out of version "
           "control and delete it once the server has the secret.")
            .arg(displayName(kind), registrationLabel(*registration), exporter->displayName()),
        tr("&Include the Secret"));
    if (!confirmed) {
        dropSecret();
        refresh();
        return;
    }
    const QString key = credentialKey(m_workspace.id, registration->id, kind);
    if (m_sessionLookup) {
        SecretBuffer session = m_sessionLookup(key);
        if (!session.isEmpty()) {
            m_secret = std::move(session);
            refresh();
            return;
        }
    }
    if (!m_credential->store()) {
        m_prompts.error(this, tr("Secret not available"),
                        tr("No secret store is available, so the %1 cannot be included. Export without it and "
                           "supply the secret on the server.")
                            .arg(displayName(kind)));
        dropSecret();
        refresh();
        return;
    }
    m_credential->setKey(key);
    m_credential->read();
    refresh();
}

void ExportDialog::secretAnswered()
{
    const AppRegistration *registration = currentRegistration();
    const CredentialKind kind = registration ? credentialKindFor(*registration) : CredentialKind::ClientSecret;
    switch (m_credential->state()) {
    case CredentialSlot::State::Present:
        m_secret = m_credential->takeSecret();
        if (m_secret.isEmpty())
            dropSecret();
        break;
    case CredentialSlot::State::Absent:
        m_prompts.error(this, tr("No secret stored"),
                        tr("No %1 is stored for \"%2\". Enter it on the registration's form, then tick \"Include "
                           "the secret\" again.")
                            .arg(displayName(kind), registration ? registrationLabel(*registration) : QString()));
        dropSecret();
        break;
    case CredentialSlot::State::Failed:
        m_prompts.error(this, tr("Secret not read"),
                        tr("The %1 could not be read: %2").arg(displayName(kind), m_credential->errorText()));
        dropSecret();
        break;
    default: return;
    }
    refresh();
}

QString ExportDialog::previewFor(const QByteArray &content, qsizetype limit)
{
    if (isBinary(content))
        return tr("Binary file (%1 bytes), preview not available.").arg(QLocale().toString(content.size()));
    if (content.size() <= limit)
        return QString::fromUtf8(content);
    qsizetype cut = limit;
    while (cut > 0 && (static_cast<unsigned char>(content.at(cut)) & 0xC0) == 0x80)
        --cut; // not inside a character
    return QString::fromUtf8(content.left(cut));
}

void ExportDialog::refresh()
{
    const Exporter *exporter = currentExporter();
    const AppRegistration *registration = currentRegistration();
    const bool supportsSecret = exporter && exporter->supportsSecret();
    m_description->setText(exporter ? exporter->description() : QString());
    m_description->setVisible(!m_description->text().isEmpty());
    m_secretCheck->setEnabled(supportsSecret && registration);

    if (!supportsSecret)
        m_secretNote->setText(exporter ? tr("This format never holds the secret.") : QString());
    else if (isReadingSecret())
        m_secretNote->setText(tr("Reading the secret from %1…").arg(m_credential->store()->backendName()));
    else if (secretIncluded())
        m_secretNote->setText(tr("The file holds the secret, so it is written readable only by you (mode 0600). "
                                 "The preview shows %1 in its place; Copy is off.")
                                  .arg(QLatin1String(kSecretMask)));
    else
        m_secretNote->setText(tr("The file says how the server supplies the secret; it does not hold it."));

    m_rendered.clear();
    m_warnings.clear();
    m_binary = false;
    if (exporter && registration) {
        ExportOptions options;
        if (secretIncluded()) {
            // The preview is rendered with the mask, so the secret is never in it, however the format escapes it.
            options.includeSecret = true;
            options.secret = QByteArray(kSecretMask);
        }
        const ExportResult result = exporter->render(m_workspace, *registration, options);
        m_rendered = result.content;
        m_warnings = result.warnings;
        m_binary = isBinary(m_rendered);
    }
    m_preview->setPlainText(previewFor(m_rendered));
    if (!m_binary && m_rendered.size() > kPreviewLimit)
        m_previewNote->setText(tr("the first %1 KiB of %2 bytes; Save writes the whole file.")
                                   .arg(kPreviewLimit / 1024)
                                   .arg(QLocale().toString(m_rendered.size())));
    else
        m_previewNote->clear();
    showWarnings(m_warnings);
    updateButtons();
}

void ExportDialog::showWarnings(const QStringList &warnings)
{
    while (QLayoutItem *item = m_warningLayout->takeAt(0)) {
        if (QLayout *row = item->layout()) {
            while (QLayoutItem *inner = row->takeAt(0)) {
                delete inner->widget();
                delete inner;
            }
        }
        delete item->widget();
        delete item;
    }
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize, nullptr, this);
    const QIcon icon = cmic::icon(IconId::StatusWarning);
    for (const QString &warning : warnings) {
        auto *row = new QHBoxLayout;
        auto *iconLabel = new QLabel(m_warningBox);
        iconLabel->setPixmap(icon.pixmap(iconSize, iconSize));
        iconLabel->setAlignment(Qt::AlignTop);
        iconLabel->setAccessibleName(tr("Warning"));
        auto *text = new QLabel(tr("Warning: %1").arg(warning), m_warningBox);
        text->setObjectName(QStringLiteral("exportWarning"));
        text->setTextFormat(Qt::PlainText);
        text->setWordWrap(true);
        text->setTextInteractionFlags(Qt::TextSelectableByMouse);
        row->addWidget(iconLabel);
        row->addWidget(text, 1);
        m_warningLayout->addLayout(row);
    }
    m_warningBox->setVisible(!warnings.isEmpty());
}

void ExportDialog::updateButtons()
{
    const bool ready = currentExporter() && currentRegistration() && !isReadingSecret();
    m_saveButton->setEnabled(ready);
    m_copyButton->setEnabled(ready && !secretIncluded() && !m_binary);
    m_copyButton->setToolTip(secretIncluded() ? tr("Copy is off while the secret is included: save the file instead.")
                             : m_binary       ? tr("A binary file cannot be copied as text: save it instead.")
                                              : tr("Copy the whole file to the clipboard"));
}

QString ExportDialog::suggestedPath(const Exporter &exporter, const AppRegistration &registration) const
{
    QString folder = QSettings().value(folderSettingsKey()).toString();
    if (folder.isEmpty() || !QFileInfo(folder).isDir())
        folder = preferences::defaultExportFolder(); // Edit ▸ Preferences, until an export is saved elsewhere
    if (folder.isEmpty() || !QFileInfo(folder).isDir())
        folder = m_fallbackFolder.isEmpty() ? QDir::homePath() : m_fallbackFolder;
    return QDir(folder).filePath(exportFileStem(registration.name) + QLatin1Char('.') + exporter.fileSuffix());
}

QString ExportDialog::writeErrorText(const QString &path, const BoundedWrite &written)
{
    QString why;
    switch (written.error) {
    case BoundedWrite::Error::None:
    case BoundedWrite::Error::Failed: why = written.systemError; break;
    case BoundedWrite::Error::NoFolder: why = tr("its folder does not exist"); break;
    case BoundedWrite::Error::Directory: why = tr("it is a folder"); break;
    // Writing would replace the pipe or device with a file; it is left as it is.
    case BoundedWrite::Error::NotRegular: why = tr("it is %1, not a file").arg(written.kind); break;
    }
    return tr("Could not write %1: %2. Choose a folder you can write to and export again.")
        .arg(pathInMessage(path), why);
}

bool ExportDialog::save()
{
    const Exporter *exporter = currentExporter();
    const AppRegistration *registration = currentRegistration();
    if (!exporter || !registration || isReadingSecret())
        return false;
    QString path = m_prompts.saveFileName(
        this, tr("Export %1").arg(exporter->displayName()), suggestedPath(*exporter, *registration),
        tr("%1 (*.%2);;All files (*)").arg(exporter->displayName(), exporter->fileSuffix()));
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path += QLatin1Char('.') + exporter->fileSuffix();

    ExportOptions options;
    if (secretIncluded()) {
        options.includeSecret = true;
        options.secret = QByteArray(m_secret.data(), m_secret.size());
    }
    ExportResult result = exporter->render(m_workspace, *registration, options);
    const bool withSecret = secretIncluded() || result.containsSecret;
    const BoundedWrite written =
        writeRegularFile(path, result.content, withSecret ? std::optional(kOwnerOnly) : std::nullopt);
    wipeInPlace(options.secret);
    if (withSecret)
        wipeInPlace(result.content);
    if (!written.ok()) {
        m_prompts.error(this, tr("Export failed"), writeErrorText(path, written));
        return false;
    }
    QSettings().setValue(folderSettingsKey(), QFileInfo(path).absolutePath());
    m_lastSaved = path;
    m_savedNote->setText(
        withSecret ? tr("Saved %1 with the secret, readable only by you (mode 0600).").arg(pathInMessage(path))
                   : tr("Saved %1.").arg(pathInMessage(path)));
    emit exported(path, withSecret);
    return true;
}

bool ExportDialog::copyToClipboard()
{
    if (!m_copyButton->isEnabled())
        return false;
    QGuiApplication::clipboard()->setText(QString::fromUtf8(m_rendered));
    m_savedNote->setText(tr("Copied the %1 file to the clipboard.").arg(currentExporter()->displayName()));
    return true;
}

void ExportDialog::keyPressEvent(QKeyEvent *event)
{
    // Esc closes (QDialog); Enter away from a button does nothing rather than pressing one.
    if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter)
        && (event->modifiers() & ~Qt::KeypadModifier) == Qt::NoModifier) {
        event->accept();
        return;
    }
    QDialog::keyPressEvent(event);
}

} // namespace cmic
