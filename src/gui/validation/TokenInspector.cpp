#include "TokenInspector.h"

#include "TokenTimeline.h"

#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace cmic {

namespace {

enum Column { NameColumn, ValueColumn, MeaningColumn };
constexpr int kNameRole = Qt::UserRole + 1;

bool isTimeClaim(const QString &name)
{
    return name == QLatin1String("exp") || name == QLatin1String("nbf") || name == QLatin1String("iat")
           || name == QLatin1String("auth_time");
}

QString meaning(bool header, const QString &name, const QString &userClaim, const QString &appIdClaim)
{
    if (header) {
        if (name == QLatin1String("alg"))
            return TokenInspector::tr("Signature algorithm; must be on the allow-list and fit the key");
        if (name == QLatin1String("kid"))
            return TokenInspector::tr("Which key of the JWKS signed the token");
        if (name == QLatin1String("typ"))
            return TokenInspector::tr("Token type");
        if (name == QLatin1String("x5t") || name == QLatin1String("x5t#S256"))
            return TokenInspector::tr("Thumbprint of the signing certificate");
        return {};
    }
    if (!userClaim.isEmpty() && name == userClaim)
        return TokenInspector::tr("The CMiC user the calls run as (the environment's user claim)");
    if (!appIdClaim.isEmpty() && name == appIdClaim)
        return TokenInspector::tr("The client id; CMiC compares this claim with the registration's App ID");
    static const QHash<QString, const char *> known = {
        {QStringLiteral("iss"),
         QT_TRANSLATE_NOOP("cmic::TokenInspector", "Issuer; CMiC compares it with the registration's Issuer, exactly")},
        {QStringLiteral("sub"),
         QT_TRANSLATE_NOOP("cmic::TokenInspector", "Subject; for client credentials, the client's identity")},
        {QStringLiteral("aud"), QT_TRANSLATE_NOOP("cmic::TokenInspector", "Audience: the API the token is meant for")},
        {QStringLiteral("exp"), QT_TRANSLATE_NOOP("cmic::TokenInspector", "Expires")},
        {QStringLiteral("nbf"), QT_TRANSLATE_NOOP("cmic::TokenInspector", "Not valid before")},
        {QStringLiteral("iat"), QT_TRANSLATE_NOOP("cmic::TokenInspector", "Issued at")},
        {QStringLiteral("jti"), QT_TRANSLATE_NOOP("cmic::TokenInspector", "Token id")},
        {QStringLiteral("appid"),
         QT_TRANSLATE_NOOP("cmic::TokenInspector",
                           "App ID of Entra v1 tokens (not the claim this registration's preset compares)")},
        {QStringLiteral("azp"), QT_TRANSLATE_NOOP("cmic::TokenInspector", "Authorised party: the client id")},
        {QStringLiteral("cid"), QT_TRANSLATE_NOOP("cmic::TokenInspector", "Client id (Okta)")},
        {QStringLiteral("client_id"), QT_TRANSLATE_NOOP("cmic::TokenInspector", "Client id")},
        {QStringLiteral("scp"), QT_TRANSLATE_NOOP("cmic::TokenInspector", "Scopes granted")},
        {QStringLiteral("scope"), QT_TRANSLATE_NOOP("cmic::TokenInspector", "Scopes granted")},
        {QStringLiteral("roles"), QT_TRANSLATE_NOOP("cmic::TokenInspector", "Application roles granted")},
        {QStringLiteral("ipaddr"),
         QT_TRANSLATE_NOOP("cmic::TokenInspector", "Caller's IP address; CMiC compares it when its IP check is on")},
        {QStringLiteral("tid"), QT_TRANSLATE_NOOP("cmic::TokenInspector", "Tenant id")},
        {QStringLiteral("ver"), QT_TRANSLATE_NOOP("cmic::TokenInspector", "Token format version")},
    };
    const auto it = known.constFind(name);
    return it == known.constEnd() ? QString() : TokenInspector::tr(it.value());
}

QString scalarText(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String: return value.toString();
    case QJsonValue::Bool: return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const double d = value.toDouble();
        if (d == double(qint64(d)))
            return QString::number(qint64(d));
        return QString::number(d, 'g', 17);
    }
    case QJsonValue::Null: return QStringLiteral("null");
    default: break;
    }
    return {};
}

void addValue(QTreeWidgetItem *parent, const QString &name, const QJsonValue &value, bool header,
              const QString &userClaim, const QString &appIdClaim, bool topLevel)
{
    auto *item = new QTreeWidgetItem(parent);
    item->setText(NameColumn, name);
    item->setData(NameColumn, kNameRole, name);
    if (topLevel)
        item->setText(MeaningColumn, meaning(header, name, userClaim, appIdClaim));
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        item->setText(ValueColumn, TokenInspector::tr("{%n member(s)}", nullptr, int(object.size())));
        for (auto it = object.constBegin(); it != object.constEnd(); ++it)
            addValue(item, it.key(), it.value(), header, userClaim, appIdClaim, false);
    } else if (value.isArray()) {
        const QJsonArray array = value.toArray();
        // Short arrays of strings (audiences, roles) read best on one line.
        bool flat = array.size() <= 4;
        QStringList parts;
        for (const QJsonValue &v : array) {
            flat = flat && !v.isArray() && !v.isObject();
            parts.append(scalarText(v));
        }
        if (flat) {
            item->setText(ValueColumn, QStringLiteral("[%1]").arg(parts.join(QStringLiteral(", "))));
        } else {
            item->setText(ValueColumn, TokenInspector::tr("[%n item(s)]", nullptr, int(array.size())));
            for (int i = 0; i < array.size(); ++i)
                addValue(item, QString::number(i), array.at(i), header, userClaim, appIdClaim, false);
        }
    } else {
        QString text = scalarText(value);
        if (topLevel && !header && isTimeClaim(name) && value.isDouble()) {
            const QDateTime at = QDateTime::fromSecsSinceEpoch(qint64(value.toDouble()), Qt::UTC);
            text = TokenInspector::tr("%1 (%2)").arg(
                text, at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss t")));
        }
        item->setText(ValueColumn, text);
    }
    // Escaped: a tooltip that looks like markup is rendered as HTML, and the IdP chose these values.
    item->setToolTip(ValueColumn, QStringLiteral("<p>%1</p>").arg(item->text(ValueColumn).toHtmlEscaped()));
    item->setToolTip(MeaningColumn, QStringLiteral("<p>%1</p>").arg(item->text(MeaningColumn).toHtmlEscaped()));
}

} // namespace

TokenInspector::TokenInspector(QWidget *parent)
    : QWidget(parent), m_tree(new QTreeWidget(this)), m_timeline(new TokenTimeline(this)), m_lifetime(new QLabel(this))
{
    setObjectName(QStringLiteral("tokenInspector"));
    setAccessibleName(tr("Token inspector"));
    m_tree->setObjectName(QStringLiteral("tokenTree"));
    m_tree->setAccessibleName(tr("Token header and claims"));
    m_tree->setHeaderLabels({tr("Name"), tr("Value"), tr("Meaning")});
    m_tree->setAlternatingRowColors(true);
    m_tree->setUniformRowHeights(true);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->header()->setStretchLastSection(true);
    m_tree->header()->setSectionResizeMode(NameColumn, QHeaderView::ResizeToContents);
    m_tree->header()->setSectionResizeMode(ValueColumn, QHeaderView::Interactive);
    m_lifetime->setObjectName(QStringLiteral("tokenLifetime"));
    m_lifetime->setWordWrap(true);
    m_lifetime->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_lifetime->setAccessibleName(tr("Token lifetime"));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tree, 1);
    layout->addWidget(m_timeline);
    layout->addWidget(m_lifetime);
    clear();
}

void TokenInspector::clear()
{
    m_tree->clear();
    m_timeline->clear();
    m_lifetime->setText(m_timeline->statusText());
}

void TokenInspector::setToken(const QJsonObject &header, const QJsonObject &claims, const QDateTime &now,
                              int skewSeconds, const QString &userClaim, const QString &appIdClaim)
{
    m_tree->clear();
    const struct
    {
        QString title;
        const QJsonObject &members;
        bool header;
    } sections[] = {{tr("Header"), header, true}, {tr("Claims"), claims, false}};
    for (const auto &section : sections) {
        auto *top = new QTreeWidgetItem(m_tree);
        top->setText(NameColumn, section.title);
        top->setData(NameColumn, kNameRole, section.header ? QStringLiteral("header") : QStringLiteral("claims"));
        QFont bold = top->font(NameColumn);
        bold.setBold(true);
        top->setFont(NameColumn, bold);
        top->setFirstColumnSpanned(false);
        if (section.members.isEmpty())
            top->setText(ValueColumn, tr("(none)"));
        for (auto it = section.members.constBegin(); it != section.members.constEnd(); ++it)
            addValue(top, it.key(), it.value(), section.header, userClaim, section.header ? QString() : appIdClaim,
                     true);
        top->setExpanded(true);
    }
    m_tree->resizeColumnToContents(ValueColumn);
    m_tree->setColumnWidth(ValueColumn, qMin(m_tree->columnWidth(ValueColumn), fontMetrics().averageCharWidth() * 48));
    m_timeline->setToken(claims, now, skewSeconds);
    m_lifetime->setText(m_timeline->statusText());
}

QTreeWidgetItem *TokenInspector::item(const QString &section, const QString &name) const
{
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem *top = m_tree->topLevelItem(i);
        if (top->data(NameColumn, kNameRole).toString() != section)
            continue;
        if (name.isEmpty())
            return top;
        for (int c = 0; c < top->childCount(); ++c) {
            if (top->child(c)->data(NameColumn, kNameRole).toString() == name)
                return top->child(c);
        }
    }
    return nullptr;
}

} // namespace cmic
