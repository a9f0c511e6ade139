#include "WelcomePage.h"

#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace cmic {

WelcomePage::WelcomePage(QWidget *parent)
    : QWidget(parent), m_recent(new QListWidget(this)), m_recentBox(new QWidget(this))
{
    setObjectName(QStringLiteral("welcomePage"));
    setAccessibleName(tr("Welcome"));
    auto *outer = new QHBoxLayout(this);
    auto *column = new QVBoxLayout;
    outer->addStretch(1);
    outer->addLayout(column, 3);
    outer->addStretch(1);

    auto *title = new QLabel(tr("Welcome to CMiC OAuth Console"), this);
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    title->setFont(big);
    auto *intro = new QLabel(
        tr("Set up CMiC's OAuth 2.0 client credentials flow in five steps: <b>1</b> a dedicated service user in your "
           "CMiC environment, <b>2</b> an app in your identity provider whose token carries the user claim, <b>3</b> "
           "the app registered in CMiC API Security (App ID, Issuer, JWKS URI), <b>4</b> API Security permissions for "
           "the service user, <b>5</b> Validate Setup: a real token and a call to CMiC. A checklist beside each "
           "registration shows what is done and takes you to what is next."),
        this);
    intro->setWordWrap(true);
    intro->setTextFormat(Qt::RichText);

    auto button = [this](const QString &name, const QString &text, QStyle::StandardPixmap icon, const QString &tip) {
        auto *b = new QPushButton(style()->standardIcon(icon), text, this);
        b->setObjectName(name);
        b->setAccessibleName(QString(text).remove(QLatin1Char('&')).remove(QStringLiteral("…")));
        b->setToolTip(tip);
        b->setMinimumHeight(b->sizeHint().height() + 10);
        return b;
    };
    QPushButton *demo = button(QStringLiteral("welcomeDemo"), tr("Try the &demo"), QStyle::SP_MediaPlay,
                               tr("Open an example workspace to look around; nothing is saved until you ask."));
    QPushButton *create = button(QStringLiteral("welcomeNew"), tr("&New workspace"), QStyle::SP_FileIcon,
                                 tr("Start an empty workspace; the setup checklist says what to add first."));
    QPushButton *open = button(QStringLiteral("welcomeOpen"), tr("&Open…"), QStyle::SP_DialogOpenButton,
                               tr("Open a workspace file (*.cmic-oauth.json)."));
    auto *buttons = new QHBoxLayout;
    for (QPushButton *b : {demo, create, open})
        buttons->addWidget(b);
    buttons->addStretch(1);

    auto *recentLayout = new QVBoxLayout(m_recentBox);
    recentLayout->setContentsMargins(0, 0, 0, 0);
    auto *recentLabel = new QLabel(tr("&Recent workspaces:"), m_recentBox);
    recentLabel->setBuddy(m_recent);
    m_recent->setObjectName(QStringLiteral("welcomeRecent"));
    m_recent->setAccessibleName(tr("Recent workspaces"));
    m_recent->setToolTip(tr("Double-click (or press Enter on) a workspace to open it."));
    recentLayout->addWidget(recentLabel);
    recentLayout->addWidget(m_recent);

    column->addStretch(1);
    column->addWidget(title);
    column->addSpacing(8);
    column->addWidget(intro);
    column->addSpacing(16);
    column->addLayout(buttons);
    column->addSpacing(16);
    column->addWidget(m_recentBox, 2);
    column->addStretch(1);

    connect(demo, &QPushButton::clicked, this, &WelcomePage::demoRequested);
    connect(create, &QPushButton::clicked, this, &WelcomePage::newRequested);
    connect(open, &QPushButton::clicked, this, &WelcomePage::openRequested);
    connect(m_recent, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *item) { emit recentRequested(item->data(Qt::UserRole).toString()); });
    setRecentFiles({});
}

void WelcomePage::setRecentFiles(const QStringList &paths)
{
    m_recent->clear();
    for (const QString &path : paths) {
        auto *item = new QListWidgetItem(
            QStringLiteral("%1 — %2").arg(QFileInfo(path).fileName(), QDir::toNativeSeparators(QFileInfo(path).path())),
            m_recent);
        item->setData(Qt::UserRole, path);
        item->setToolTip(QDir::toNativeSeparators(path));
    }
    m_recentBox->setVisible(!paths.isEmpty());
}

} // namespace cmic
