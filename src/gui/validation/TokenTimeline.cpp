#include "TokenTimeline.h"

#include "ValidationStatusStyle.h"

#include <QJsonValue>
#include <QLocale>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace cmic {

using validation::StepStatus;

namespace {

// A NumericDate claim (seconds since 1970, possibly fractional); invalid when absent, not a number or implausible.
QDateTime numericDate(const QJsonObject &claims, const QString &name)
{
    const QJsonValue v = claims.value(name);
    if (!v.isDouble())
        return {};
    const double seconds = v.toDouble();
    if (!std::isfinite(seconds) || seconds < 0 || seconds > 253402300799.0) // up to 9999-12-31
        return {};
    return QDateTime::fromSecsSinceEpoch(static_cast<qint64>(seconds), Qt::UTC);
}

QString timeLabel(const QDateTime &at, const QDateTime &now)
{
    const QDateTime local = at.toLocalTime();
    const QLocale locale;
    if (local.date() == now.toLocalTime().date())
        return locale.toString(local.time(), QStringLiteral("HH:mm:ss"));
    return locale.toString(local.date(), QLocale::ShortFormat) + QLatin1Char(' ')
           + locale.toString(local.time(), QStringLiteral("HH:mm"));
}

} // namespace

TokenTimeline::TokenTimeline(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("tokenTimeline"));
    setAccessibleName(tr("Token lifetime"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    updateState();
}

void TokenTimeline::setToken(const QJsonObject &claims, const QDateTime &now, int skewSeconds)
{
    m_hasToken = !claims.isEmpty();
    m_iat = numericDate(claims, QStringLiteral("iat"));
    m_nbf = numericDate(claims, QStringLiteral("nbf"));
    m_exp = numericDate(claims, QStringLiteral("exp"));
    m_now = now.toUTC();
    m_skew = qMax(0, skewSeconds);
    updateState();
}

void TokenTimeline::clear()
{
    m_hasToken = false;
    m_iat = m_nbf = m_exp = QDateTime();
    updateState();
}

void TokenTimeline::updateState()
{
    const QDateTime start = m_nbf.isValid() ? m_nbf : m_iat;
    if (!m_hasToken)
        m_state = State::NoToken;
    else if (start.isValid() && m_now.addSecs(m_skew) < start)
        m_state = State::NotYetValid;
    else if (!m_exp.isValid())
        m_state = State::NoExpiry;
    else if (m_now.addSecs(-m_skew) >= m_exp)
        m_state = State::Expired;
    else if (m_now >= m_exp)
        m_state = State::ExpiredWithinSkew;
    else
        m_state = State::Valid;
    setAccessibleDescription(statusText());
    setToolTip(statusText());
    update();
}

QString TokenTimeline::formatDuration(qint64 seconds)
{
    seconds = qAbs(seconds);
    if (seconds < 60)
        return tr("%n s", nullptr, int(seconds));
    const qint64 minutes = seconds / 60;
    if (minutes < 60)
        return tr("%n min", nullptr, int(minutes));
    const qint64 hours = minutes / 60;
    if (hours < 48)
        return tr("%1 h %2 min").arg(hours).arg(minutes % 60, 2, 10, QLatin1Char('0'));
    return tr("%1 d %2 h").arg(hours / 24).arg(hours % 24);
}

QString TokenTimeline::statusText() const
{
    const QString skew = tr("clock skew allowed: %1").arg(formatDuration(m_skew));
    const QString noNbf = m_nbf.isValid() || !m_hasToken ? QString()
                                                         : tr(" The token has no nbf claim: it is valid "
                                                              "from the moment it was issued.");
    switch (m_state) {
    case State::NoToken: return tr("No token was obtained, so there is no lifetime to show.");
    case State::NotYetValid:
        return tr("Not valid yet: it becomes valid in %1 (%2). Check the clocks of this machine and the identity "
                  "provider.")
                   .arg(formatDuration(m_now.secsTo(m_nbf.isValid() ? m_nbf : m_iat)), skew)
               + noNbf;
    case State::Valid: return tr("Valid for another %1 (%2).").arg(formatDuration(m_now.secsTo(m_exp)), skew) + noNbf;
    case State::ExpiredWithinSkew:
        return tr("Expired %1 ago, still accepted within the clock skew (%2). Request a new token.")
                   .arg(formatDuration(m_exp.secsTo(m_now)), skew)
               + noNbf;
    case State::Expired:
        return tr("Expired %1 ago (%2): CMiC refuses it. Request a new token; if it was just issued, check the "
                  "clocks of this machine and the identity provider.")
                   .arg(formatDuration(m_exp.secsTo(m_now)), skew)
               + noNbf;
    case State::NoExpiry:
        return tr("The token has no exp claim: CMiC refuses tokens that never expire. Configure the identity "
                  "provider to set a lifetime.")
               + noNbf;
    }
    return {};
}

QList<TokenTimeline::Marker> TokenTimeline::markers() const
{
    QList<Marker> list;
    if (!m_hasToken)
        return list;
    if (m_iat.isValid())
        list.append({QStringLiteral("iat"), m_iat});
    if (m_nbf.isValid())
        list.append({QStringLiteral("nbf"), m_nbf});
    if (m_exp.isValid())
        list.append({QStringLiteral("exp"), m_exp});
    list.append({QStringLiteral("now"), m_now});
    std::stable_sort(list.begin(), list.end(), [](const Marker &a, const Marker &b) { return a.at < b.at; });
    return list;
}

QSize TokenTimeline::sizeHint() const
{
    const int line = fontMetrics().height();
    return {line * 36, qRound(line * 3.9)};
}

QSize TokenTimeline::minimumSizeHint() const
{
    const int line = fontMetrics().height();
    return {line * 20, qRound(line * 3.9)};
}

void TokenTimeline::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette pal = palette();
    const QFontMetricsF fm(font());
    const qreal line = fm.height();
    const QRectF area = QRectF(rect()).adjusted(line * 0.5, line * 0.2, -line * 0.5, -line * 0.2);

    const QList<Marker> marks = markers();
    if (marks.size() < 2) { // nothing but "now"
        painter.setPen(pal.color(QPalette::PlaceholderText));
        painter.drawText(area, Qt::AlignCenter | Qt::TextWordWrap, statusText());
        return;
    }

    // The span shown: every marker, the skew around the edges, and a margin.
    QDateTime first = marks.constFirst().at;
    QDateTime last = marks.constLast().at;
    const QDateTime start = m_nbf.isValid() ? m_nbf : m_iat;
    if (start.isValid())
        first = std::min(first, start.addSecs(-m_skew));
    if (m_exp.isValid())
        last = std::max(last, m_exp.addSecs(m_skew));
    const qint64 span = qMax<qint64>(60, first.secsTo(last));
    first = first.addSecs(-span / 12);
    last = last.addSecs(span / 12);
    const qreal total = qMax<qint64>(1, first.secsTo(last));
    const qreal left = area.left() + line;
    const qreal right = area.right() - line;
    auto xOf = [&](const QDateTime &t) { return left + (right - left) * (first.secsTo(t) / total); };

    const qreal barTop = area.top() + line * 1.3;
    const qreal barHeight = line * 0.9;
    const qreal axisY = barTop + barHeight;

    // Axis.
    painter.setPen(QPen(pal.color(QPalette::Mid), 1));
    painter.drawLine(QPointF(area.left(), axisY), QPointF(area.right(), axisY));

    StepStatus barStatus = StepStatus::Passed;
    if (m_state == State::Expired || m_state == State::NotYetValid || m_state == State::NoExpiry)
        barStatus = StepStatus::Failed;
    else if (m_state == State::ExpiredWithinSkew)
        barStatus = StepStatus::Warning;
    const QColor barColor = ValidationStatusStyle::color(barStatus, pal);

    // Validity window and the skew bands around its edges.
    const qreal validFrom = start.isValid() ? xOf(start) : left;
    const qreal validTo = m_exp.isValid() ? xOf(m_exp) : right;
    QColor fill = barColor;
    fill.setAlphaF(0.28f);
    painter.setPen(QPen(barColor, 1.5));
    painter.setBrush(fill);
    painter.drawRect(QRectF(QPointF(validFrom, barTop), QPointF(validTo, axisY)));
    const QColor skewColor = ValidationStatusStyle::color(StepStatus::Warning, pal);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QBrush(skewColor, Qt::BDiagPattern));
    if (m_skew > 0) {
        if (start.isValid())
            painter.drawRect(QRectF(QPointF(xOf(start.addSecs(-m_skew)), barTop), QPointF(validFrom, axisY)));
        if (m_exp.isValid())
            painter.drawRect(QRectF(QPointF(validTo, barTop), QPointF(xOf(m_exp.addSecs(m_skew)), axisY)));
    }

    // Markers: the token's times above the bar (equal times share one label), now below the axis.
    QList<QPair<qreal, QString>> labels;
    for (const Marker &m : marks) {
        if (m.name == QLatin1String("now"))
            continue;
        const qreal x = xOf(m.at);
        painter.setPen(QPen(pal.color(QPalette::Text), 1.5));
        painter.drawLine(QPointF(x, barTop - line * 0.2), QPointF(x, axisY + line * 0.15));
        if (!labels.isEmpty() && qAbs(labels.last().first - x) < 1.0)
            labels.last().second = labels.last().second.section(QLatin1Char(' '), 0, 0) + QStringLiteral(" = ") + m.name
                                   + QLatin1Char(' ') + timeLabel(m.at, m_now);
        else
            labels.append({x, m.name + QLatin1Char(' ') + timeLabel(m.at, m_now)});
    }
    qreal lastRight = -1e9;
    for (const auto &[x, text] : labels) {
        const qreal width = fm.horizontalAdvance(text);
        // Centred on its tick, kept inside the widget and clear of the label before it.
        const qreal lx = std::max(std::clamp(x - width / 2, area.left(), area.right() - width), lastRight + line * 0.5);
        painter.setPen(pal.color(QPalette::Text));
        painter.drawText(QRectF(lx, area.top(), width, line), Qt::AlignLeft | Qt::AlignVCenter, text);
        lastRight = lx + width;
    }
    const qreal nowX = xOf(m_now);
    const QColor nowColor = ValidationStatusStyle::color(StepStatus::Running, pal);
    painter.setPen(QPen(nowColor, 2, Qt::DashLine));
    painter.drawLine(QPointF(nowX, barTop - line * 0.3), QPointF(nowX, axisY + line * 0.4));
    const QString nowText = tr("now %1").arg(timeLabel(m_now, m_now));
    const qreal nowWidth = fm.horizontalAdvance(nowText);
    painter.setPen(pal.color(QPalette::Text));
    painter.drawText(QRectF(std::clamp(nowX - nowWidth / 2, area.left(), area.right() - nowWidth), axisY + line * 0.4,
                            nowWidth, line),
                     Qt::AlignLeft | Qt::AlignVCenter, nowText);
}

} // namespace cmic
