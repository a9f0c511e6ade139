#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QWidget>

namespace cmic {

// The token's lifetime drawn on a time line: when it was issued (iat), from when it is valid (nbf, or issue time
// when there is no nbf), when it expires (exp), the clock skew CMiC allows around those edges (hatched) and now.
// statusText() says the same in words ("Expired 62 min ago ...") for a label beside it; it is also the widget's
// accessible description.
class TokenTimeline : public QWidget
{
    Q_OBJECT
public:
    enum class State {
        NoToken,           // no claims
        NotYetValid,       // now is before nbf (beyond the skew)
        Valid,             // between nbf and exp
        ExpiredWithinSkew, // past exp, but inside the allowed clock skew
        Expired,           // past exp and the skew
        NoExpiry,          // no exp claim: CMiC refuses such tokens
    };
    Q_ENUM(State)

    struct Marker
    {
        QString name; // "iat", "nbf", "exp", "now"
        QDateTime at; // UTC
    };

    explicit TokenTimeline(QWidget *parent = nullptr);

    void setToken(const QJsonObject &claims, const QDateTime &now, int skewSeconds);
    void clear();

    State state() const { return m_state; }
    QString statusText() const;
    bool hasNotBefore() const { return m_nbf.isValid(); }
    // The markers drawn, in time order ("now" included).
    QList<Marker> markers() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    // "45 s", "58 min", "2 h 05 min", "3 d 4 h".
    static QString formatDuration(qint64 seconds);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void updateState();

    QDateTime m_iat;
    QDateTime m_nbf;
    QDateTime m_exp;
    QDateTime m_now;
    int m_skew = 0;
    bool m_hasToken = false;
    State m_state = State::NoToken;
};

} // namespace cmic
