#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QWidget>

class QLabel;
class QTreeWidget;
class QTreeWidgetItem;

namespace cmic {

class TokenTimeline;

// The access token as an admin compares it with the registration: the decoded header and claims as a tree (times
// also in readable form, each known member with what it means to CMiC), and the lifetime on a time line. Works
// from a report's decoded header and claims only: the compact token is never shown or kept here.
class TokenInspector : public QWidget
{
    Q_OBJECT
public:
    explicit TokenInspector(QWidget *parent = nullptr);

    // |userClaim|: the environment's service-user claim; |appIdClaim|: the claim compared with the App ID
    // (jose::appIdClaimIn); each marked as such in the tree.
    void setToken(const QJsonObject &header, const QJsonObject &claims, const QDateTime &now, int skewSeconds,
                  const QString &userClaim = {}, const QString &appIdClaim = {});
    void clear();

    QTreeWidget *tree() const { return m_tree; }
    TokenTimeline *timeline() const { return m_timeline; }
    // The top-level item of |section| ("header" or "claims") or, with |name|, the member below it; nullptr when
    // absent.
    QTreeWidgetItem *item(const QString &section, const QString &name = {}) const;

private:
    QTreeWidget *m_tree;
    TokenTimeline *m_timeline;
    QLabel *m_lifetime;
};

} // namespace cmic
