#include "AboutDialog.h"

#include "cmic/BuildInfo.h"
#include "cmic/Version.h"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QVBoxLayout>

#include <openssl/crypto.h>

namespace cmic {

AboutDialog::AboutDialog(QWidget *parent) : QDialog(parent), m_versions(new QLabel(this))
{
    setObjectName(QStringLiteral("aboutDialog"));
    setWindowTitle(tr("About CMiC OAuth Console"));
    auto *layout = new QVBoxLayout(this);
    auto *title = new QLabel(tr("<b>CMiC OAuth Console</b>"), this);
    auto *text = new QLabel(tr("Describes, checks and proves the OAuth 2.0 client credentials flow between an identity "
                               "provider and CMiC. Secrets stay in the system keychain."),
                            this);
    text->setWordWrap(true);
    m_versions->setObjectName(QStringLiteral("aboutVersions"));
    m_versions->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_versions->setFocusPolicy(Qt::StrongFocus); // selectable from the keyboard once Tab gets there, to copy them
    m_versions->setAccessibleName(tr("Versions"));
    m_versions->setText(versionLines().join(QLatin1Char('\n')));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(title);
    layout->addWidget(text);
    layout->addWidget(m_versions);
    layout->addWidget(buttons);
}

QStringList AboutDialog::versionLines()
{
    return {tr("CMiC OAuth Console %1").arg(QStringLiteral(CMIC_VERSION)),
            tr("Qt %1 (built with %2)").arg(QString::fromLatin1(qVersion()), QStringLiteral(QT_VERSION_STR)),
            QString::fromLatin1(OpenSSL_version(OPENSSL_VERSION)),
            tr("QtKeychain %1").arg(QStringLiteral(CMIC_QTKEYCHAIN_VERSION))};
}

QUrl AboutDialog::documentationUrl()
{
    const QDir appDir(QCoreApplication::applicationDirPath());
    const QString installed = appDir.absoluteFilePath(QStringLiteral(CMIC_INSTALLED_DOCS_DIR "/README.md"));
    if (QFileInfo(installed).isFile())
        return QUrl::fromLocalFile(QDir::cleanPath(installed));
    const QString source = QStringLiteral(CMIC_SOURCE_README);
    if (QFileInfo(source).isFile())
        return QUrl::fromLocalFile(QDir::cleanPath(source));
    return {};
}

} // namespace cmic
