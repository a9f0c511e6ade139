#include "PrivateKeyField.h"

#include "core/util/BoundedFile.h"

#include "CredentialSlot.h"
#include "SecretField.h"

#include "core/net/JwtSigner.h"
#include "core/storage/MemorySecretStore.h"

#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QStyle>

#include <utility>

namespace cmic {

namespace {
constexpr qint64 kMaxPemBytes = 64 * 1024; // a PEM private key is a few KiB; anything larger is not one
}

PrivateKeyField::PrivateKeyField(QWidget *parent)
    : QWidget(parent), m_session(new MemorySecretStore(this)), m_slot(new CredentialSlot(this)),
      m_status(new QLabel(this)), m_import(new QPushButton(this)), m_copy(new QPushButton(this)),
      m_remove(new QPushButton(this))
{
    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_import);
    buttons->addWidget(m_copy);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    layout->addWidget(m_status, 0, 0);
    layout->addLayout(buttons, 1, 0);
    m_status->setObjectName(QStringLiteral("privateKeyState"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_import->setObjectName(QStringLiteral("importPrivateKey"));
    m_copy->setObjectName(QStringLiteral("copyPublicJwk"));
    m_remove->setObjectName(QStringLiteral("removePrivateKey"));
    setFocusProxy(m_import);
    m_pickFile = [](QWidget *parentWidget) {
        return QFileDialog::getOpenFileName(parentWidget, tr("Import the client's private key"), QString(),
                                            tr("PEM private keys (*.pem *.key);;All files (*)"));
    };
    m_slot->setStore(m_session);
    connect(m_slot, &CredentialSlot::answered, this,
            [this](SecretRequest::Operation operation) { onAnswered(operation); });
    connect(m_import, &QPushButton::clicked, this, [this] {
        const QString path = m_pickFile ? m_pickFile(this) : QString();
        if (!path.isEmpty())
            importFile(path);
    });
    connect(m_copy, &QPushButton::clicked, this, [this] {
        if (!m_publicJwk.isEmpty())
            QApplication::clipboard()->setText(m_publicJwk);
    });
    connect(m_remove, &QPushButton::clicked, this, [this] {
        if (m_key.isEmpty())
            return;
        m_pendingSigner = {};
        setState(State::Writing);
        m_slot->remove();
    });
    retranslate();
    setState(State::NoRegistration);
}

PrivateKeyField::~PrivateKeyField() = default;

void PrivateKeyField::retranslate()
{
    m_import->setText(tr("Import PEM…"));
    m_import->setAccessibleName(tr("Import the private key from a PEM file"));
    m_import->setToolTip(tr("Reads an unencrypted PEM private key (RSA 2048 bits or more, or P-256) and keeps it in "
                            "the system keychain only. The file itself is not changed."));
    m_copy->setText(tr("Copy public key"));
    m_copy->setAccessibleName(tr("Copy the public key as a JWK"));
    m_copy->setToolTip(tr("Copies the public half of the key as a JSON Web Key, to register in the identity "
                          "provider's app registration."));
    m_remove->setText(tr("Remove key"));
    m_remove->setAccessibleName(tr("Remove the private key from the keychain"));
    setState(m_state, m_detail);
}

void PrivateKeyField::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

SecretStore *PrivateKeyField::store() const { return m_store ? m_store : m_session; }

void PrivateKeyField::setStore(SecretStore *newStore)
{
    if (m_store == newStore)
        return;
    m_store = newStore;
    read();
}

void PrivateKeyField::setKey(const QString &key)
{
    if (key == m_key)
        return;
    m_key = key;
    m_pendingSigner = {};
    read();
}

void PrivateKeyField::read()
{
    m_slot->setStore(store());
    m_slot->setKey(m_key);
    m_description.clear();
    m_publicJwk.clear();
    if (m_key.isEmpty()) {
        setState(State::NoRegistration);
        return;
    }
    setState(State::Reading);
    m_slot->read();
}

void PrivateKeyField::describe(const net::JwtSigner &signer)
{
    if (!signer.isValid()) {
        m_description.clear();
        m_publicJwk.clear();
        return;
    }
    const QString algorithm = signer.defaultAlgorithm();
    m_description = signer.isRsa() ? tr("an RSA key (signs %1)").arg(algorithm) : tr("a P-256 key (signs ES256)");
    QJsonObject jwk = signer.publicJwk({}, algorithm);
    jwk.insert(QStringLiteral("use"), QStringLiteral("sig"));
    m_publicJwk = QString::fromUtf8(QJsonDocument(jwk).toJson(QJsonDocument::Compact));
}

bool PrivateKeyField::importFile(const QString &path)
{
    if (m_key.isEmpty())
        return false;
    QString special;
    if (isSpecialFile(path, &special)) {
        // Opening a named pipe would wait for a writer; a device would be read without end.
        setState(State::Failed, tr("%1 is %2, not a file. Choose the PEM file that holds the private key.")
                                    .arg(QDir::toNativeSeparators(path), special));
        return false;
    }
    QFile file(path);
    // Unbuffered: the PEM is read straight into its SecretBuffer, no QIODevice buffer keeps a copy.
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        setState(State::Failed, tr("%1 could not be read (%2). Choose the PEM file that holds the private key.")
                                    .arg(QDir::toNativeSeparators(path), file.errorString()));
        return false;
    }
    bool tooLong = file.size() > kMaxPemBytes;
    // A device or a file still growing reports a size that says nothing: the read stops at the cap as well.
    SecretBuffer key = tooLong ? SecretBuffer() : SecretBuffer::readFrom(file, kMaxPemBytes, &tooLong);
    if (tooLong) {
        setState(State::Failed, tr("%1 is %2 KiB, too large for a PEM private key. Choose the .pem or .key file "
                                   "that holds only the key.")
                                    .arg(QDir::toNativeSeparators(path))
                                    .arg(qMax(file.size(), kMaxPemBytes + 1) / 1024));
        return false;
    }
    return storeKey(std::move(key), QDir::toNativeSeparators(path));
}

bool PrivateKeyField::storeKey(SecretBuffer key, const QString &source)
{
    if (m_key.isEmpty())
        return false;
    QString error;
    net::JwtSigner signer = net::JwtSigner::fromPem(key.rawView(), &error); // rawView: no copy of the PEM
    if (!signer.isValid()) {
        setState(State::Failed, tr("%1 was not stored: %2").arg(source, error));
        return false;
    }
    m_pendingSigner = std::move(signer); // described once the store confirms the write
    setState(State::Writing);
    m_slot->write(std::move(key));
    return true;
}

void PrivateKeyField::forget(const QString &key)
{
    if (key.isEmpty())
        return;
    // From the store the slot uses and from the other one (the keychain, or this session's).
    m_slot->forget(key, {m_store, m_session});
    if (key == m_key) {
        m_pendingSigner = {};
        m_description.clear();
        m_publicJwk.clear();
        setState(State::NotStored);
    }
}

void PrivateKeyField::onAnswered(SecretRequest::Operation operation)
{
    const CredentialSlot::State answer = m_slot->state();
    if (operation == SecretRequest::Operation::Read) {
        switch (answer) {
        case CredentialSlot::State::Present:
            describe(net::JwtSigner::fromPem(m_slot->secret().rawView())); // rawView: no copy of the PEM
            m_slot->clearSecret();
            if (m_description.isEmpty())
                setState(State::Failed, tr("The stored key cannot be used any more; import the key again."));
            else
                setState(State::Stored);
            break;
        case CredentialSlot::State::Absent: setState(State::NotStored); break;
        default: setState(State::Failed, m_slot->errorText()); break;
        }
        return;
    }
    m_slot->clearSecret(); // described from the signer decoded at import
    const net::JwtSigner written = std::exchange(m_pendingSigner, net::JwtSigner());
    if (answer == CredentialSlot::State::Failed) {
        setState(State::Failed, m_slot->errorText());
        return;
    }
    if (!written.isValid()) { // removed
        m_description.clear();
        m_publicJwk.clear();
        setState(State::NotStored);
        return;
    }
    describe(written);
    setState(State::Stored);
}

QString PrivateKeyField::stateText() const
{
    const QString where = m_store ? m_store->backendName() : tr("this session only");
    switch (m_state) {
    case State::NoRegistration: return tr("Select a registration to see its private key.");
    case State::Reading: return tr("Reading the keychain…");
    case State::Writing: return tr("Saving…");
    case State::Stored:
        return tr("Stored in %1: %2. Register its public key in the identity provider.").arg(where, m_description);
    case State::NotStored:
        return tr("No private key stored. Import the client's PEM private key; it is kept in %1 only.").arg(where);
    case State::Failed: return m_detail.isEmpty() ? SecretStore::explain(SecretStore::Status::Unavailable) : m_detail;
    }
    return {};
}

void PrivateKeyField::setState(State state, const QString &detail)
{
    const bool changed = state != m_state;
    m_state = state;
    m_detail = detail;
    showSecretState(m_status, stateText(), state == State::Failed);
    const bool busy = state == State::Reading || state == State::Writing;
    m_import->setEnabled(!m_key.isEmpty() && !busy);
    m_copy->setEnabled(!m_publicJwk.isEmpty() && !busy);
    m_remove->setEnabled(!m_description.isEmpty() && !busy);
    if (changed)
        emit stateChanged(state);
}

} // namespace cmic
