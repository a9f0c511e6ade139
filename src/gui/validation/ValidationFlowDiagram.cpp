#include "ValidationFlowDiagram.h"

#include "ValidationStatusStyle.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QToolTip>

namespace cmic {

using namespace validation;

namespace {

constexpr ValidationFlowDiagram::Element kArrowElements[4] = {
    ValidationFlowDiagram::Element::DiscoveryArrow, ValidationFlowDiagram::Element::TokenArrow,
    ValidationFlowDiagram::Element::KeysArrow, ValidationFlowDiagram::Element::CmicArrow};

QString elementName(ValidationFlowDiagram::Element element)
{
    using E = ValidationFlowDiagram::Element;
    switch (element) {
    case E::IdentityProvider: return ValidationFlowDiagram::tr("Identity provider");
    case E::Console: return ValidationFlowDiagram::tr("This console");
    case E::Cmic: return ValidationFlowDiagram::tr("CMiC");
    case E::DiscoveryArrow: return displayName(StepId::Discovery);
    case E::TokenArrow: return displayName(StepId::Token);
    case E::KeysArrow: return displayName(StepId::Keys);
    case E::CmicArrow: return displayName(StepId::CmicCall);
    }
    return {};
}

bool isDashed(StepStatus status)
{
    return status == StepStatus::Pending || status == StepStatus::Skipped || status == StepStatus::Cancelled;
}

} // namespace

ValidationFlowDiagram::ValidationFlowDiagram(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("validationFlowDiagram"));
    setAccessibleName(tr("Validation flow"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    setMouseTracking(false);
    clear();
}

QList<StepId> ValidationFlowDiagram::steps(Element element)
{
    switch (element) {
    case Element::IdentityProvider: return {StepId::Discovery, StepId::Token, StepId::Keys};
    case Element::Console: return {StepId::Configuration, StepId::Signature, StepId::Claims, StepId::ServiceUser};
    case Element::Cmic: return {StepId::CmicCall, StepId::Reconciliation};
    case Element::DiscoveryArrow: return {StepId::Discovery};
    case Element::TokenArrow: return {StepId::Token};
    case Element::KeysArrow: return {StepId::Keys};
    case Element::CmicArrow: return {StepId::CmicCall};
    }
    return {};
}

void ValidationFlowDiagram::clear()
{
    for (int i = 0; i < kStepCount; ++i) {
        m_status[i] = StepStatus::Pending;
        m_summary[i].clear();
    }
    updateDescription();
    update();
}

void ValidationFlowDiagram::setReport(const ValidationReport &report)
{
    for (int i = 0; i < kStepCount; ++i) {
        m_status[i] = StepStatus::Pending;
        m_summary[i].clear();
    }
    for (const StepResult &r : report.steps) {
        const int i = static_cast<int>(r.step);
        if (i >= 0 && i < kStepCount) {
            m_status[i] = r.status;
            m_summary[i] = r.status == StepStatus::Skipped && !r.skipReason.isEmpty() ? r.skipReason : r.summary;
        }
    }
    updateDescription();
    update();
}

void ValidationFlowDiagram::setStepRunning(StepId step)
{
    const int i = static_cast<int>(step);
    if (i < 0 || i >= kStepCount)
        return;
    m_status[i] = StepStatus::Running;
    m_summary[i].clear();
    updateDescription();
    update();
}

void ValidationFlowDiagram::setStepResult(const StepResult &result)
{
    const int i = static_cast<int>(result.step);
    if (i < 0 || i >= kStepCount)
        return;
    m_status[i] = result.status;
    // The IdP box names the host that failed (core decides which), not always the issuer's.
    if (const QString host = unreachableHost(result);
        !host.isEmpty() && steps(Element::IdentityProvider).contains(result.step))
        m_idpHost = tr("%1 (unreachable)").arg(host);
    m_summary[i] =
        result.status == StepStatus::Skipped && !result.skipReason.isEmpty() ? result.skipReason : result.summary;
    updateDescription();
    update();
}

void ValidationFlowDiagram::setHosts(const QString &identityProvider, const QString &cmic)
{
    m_idpHost = identityProvider;
    m_cmicHost = cmic;
    updateDescription();
    update();
}

StepStatus ValidationFlowDiagram::stepStatus(StepId step) const { return m_status[static_cast<int>(step)]; }

StepStatus ValidationFlowDiagram::status(Element element) const
{
    QList<StepStatus> statuses;
    for (StepId step : steps(element))
        statuses.append(stepStatus(step));
    return ValidationStatusStyle::combined(statuses);
}

QColor ValidationFlowDiagram::color(Element element) const
{
    return ValidationStatusStyle::color(status(element), palette());
}

QString ValidationFlowDiagram::description(Element element) const
{
    const QList<StepId> covered = steps(element);
    if (covered.size() == 1) {
        const int i = static_cast<int>(covered.constFirst());
        const QString head = tr("%1: %2").arg(elementName(element), ValidationStatusStyle::label(m_status[i]));
        return m_summary[i].isEmpty() ? head : tr("%1 (%2)").arg(head, m_summary[i]);
    }
    QStringList parts;
    for (StepId step : covered)
        parts.append(tr("%1 %2").arg(displayName(step), ValidationStatusStyle::label(stepStatus(step))));
    // A box says the host it shows under its title (the one that failed, when a step could not reach it), so the
    // tool tip and a screen reader name it too.
    const QString host = element == Element::IdentityProvider ? m_idpHost
                         : element == Element::Cmic           ? m_cmicHost
                                                              : QString();
    const QString name =
        host.isEmpty() ? elementName(element)
                       : tr("%1 at %2", "a box of the validation flow and its host").arg(elementName(element), host);
    return tr("%1: %2 (%3)").arg(name, ValidationStatusStyle::label(status(element)), parts.join(tr(", ")));
}

void ValidationFlowDiagram::updateDescription()
{
    QStringList lines;
    for (Element e : {Element::IdentityProvider, Element::Console, Element::Cmic})
        lines.append(description(e));
    setAccessibleDescription(lines.join(QLatin1Char('\n')));
}

QSize ValidationFlowDiagram::sizeHint() const
{
    const int line = fontMetrics().height();
    return {line * 44, line * 9};
}

QSize ValidationFlowDiagram::minimumSizeHint() const
{
    const int line = fontMetrics().height();
    return {line * 28, qRound(line * 8.2)};
}

ValidationFlowDiagram::Geometry ValidationFlowDiagram::geometry() const
{
    const qreal line = fontMetrics().height();
    const QRectF area = QRectF(rect()).adjusted(line * 0.3, line * 0.3, -line * 0.3, -line * 0.3);
    const qreal w = area.width();
    const qreal widths[3] = {w * 0.2, w * 0.23, w * 0.15};
    const qreal free = w - widths[0] - widths[1] - widths[2];
    const qreal gaps[2] = {free * 0.6, free * 0.4};
    Geometry g;
    qreal x = area.left();
    for (int i = 0; i < 3; ++i) {
        g.boxes[i] = QRectF(x, area.top(), widths[i], area.height());
        x += widths[i] + (i < 2 ? gaps[i] : 0);
    }
    const qreal pad = line * 0.35;
    const qreal slot = area.height() / 3;
    for (int i = 0; i < 3; ++i) {
        const qreal y = area.top() + slot * i + slot * 0.5;
        g.arrows[i] = QLineF(g.boxes[0].right() + pad, y, g.boxes[1].left() - pad, y);
        g.arrowHits[i] = QRectF(g.boxes[0].right(), area.top() + slot * i, gaps[0], slot);
    }
    const qreal y = area.center().y();
    g.arrows[3] = QLineF(g.boxes[1].right() + pad, y, g.boxes[2].left() - pad, y);
    g.arrowHits[3] = QRectF(g.boxes[1].right(), y - slot / 2, gaps[1], slot);
    return g;
}

QRectF ValidationFlowDiagram::elementRect(Element element) const
{
    const Geometry g = geometry();
    switch (element) {
    case Element::IdentityProvider: return g.boxes[0];
    case Element::Console: return g.boxes[1];
    case Element::Cmic: return g.boxes[2];
    case Element::DiscoveryArrow: return g.arrowHits[0];
    case Element::TokenArrow: return g.arrowHits[1];
    case Element::KeysArrow: return g.arrowHits[2];
    case Element::CmicArrow: return g.arrowHits[3];
    }
    return {};
}

int ValidationFlowDiagram::elementAt(const QPoint &pos) const
{
    for (int i = 0; i < kElementCount; ++i) {
        if (elementRect(static_cast<Element>(i)).contains(pos))
            return i;
    }
    return -1;
}

void ValidationFlowDiagram::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const Geometry g = geometry();
    paintBox(painter, g.boxes[0], Element::IdentityProvider, elementName(Element::IdentityProvider), m_idpHost);
    paintBox(painter, g.boxes[1], Element::Console, elementName(Element::Console), tr("local checks"));
    paintBox(painter, g.boxes[2], Element::Cmic, elementName(Element::Cmic), m_cmicHost);
    for (int i = 0; i < 4; ++i)
        paintArrow(painter, g.arrows[i], kArrowElements[i]);
}

void ValidationFlowDiagram::paintBox(QPainter &painter, const QRectF &rect, Element element, const QString &title,
                                     const QString &host) const
{
    const QPalette pal = palette();
    const StepStatus st = status(element);
    const qreal line = fontMetrics().height();
    const qreal border = st == StepStatus::Pending ? 1.0 : qMax(2.0, line / 8);
    const QRectF box = rect.adjusted(border / 2, border / 2, -border / 2, -border / 2);
    painter.save();
    painter.setPen(QPen(color(element), border));
    painter.setBrush(pal.color(QPalette::Base));
    painter.drawRoundedRect(box, line * 0.4, line * 0.4);

    const qreal inner = line * 0.4;
    const QRectF content = box.adjusted(inner, inner * 0.6, -inner, -inner * 0.6);
    // Title with the element's glyph.
    const QRectF glyph(content.left(), content.top() + line * 0.08, line * 0.85, line * 0.85);
    ValidationStatusStyle::paintGlyph(painter, glyph, st, pal);
    QFont bold = font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.setPen(pal.color(QPalette::Text));
    const QRectF titleRect(glyph.right() + line * 0.3, content.top(), content.right() - glyph.right() - line * 0.3,
                           line);
    painter.drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter,
                     QFontMetricsF(bold).elidedText(title, Qt::ElideRight, titleRect.width()));
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.9);
    painter.setFont(small);
    const QFontMetricsF smallMetrics(small);
    painter.setPen(pal.color(QPalette::PlaceholderText));
    const QRectF hostRect(content.left(), content.top() + line, content.width(), smallMetrics.height());
    painter.drawText(hostRect, Qt::AlignLeft | Qt::AlignVCenter,
                     smallMetrics.elidedText(host, Qt::ElideMiddle, hostRect.width()));

    painter.setFont(font());
    painter.setPen(pal.color(QPalette::Text));
    const QFontMetricsF fm(font());
    qreal y = hostRect.bottom() + line * 0.35;
    if (element == Element::Console) {
        // The local steps, one row each.
        const qreal row = qMin(line * 1.2, (content.bottom() - y) / 4);
        for (StepId step : steps(element)) {
            const QRectF g(content.left(), y + (row - line * 0.8) / 2, line * 0.8, line * 0.8);
            ValidationStatusStyle::paintGlyph(painter, g, stepStatus(step), pal);
            const QRectF text(g.right() + line * 0.3, y, content.right() - g.right() - line * 0.3, row);
            painter.drawText(text, Qt::AlignLeft | Qt::AlignVCenter,
                             fm.elidedText(displayName(step), Qt::ElideRight, text.width()));
            y += row;
        }
    } else {
        // What this party does in the flow, in the room left above the status word.
        const QRectF statusRect(content.left(), content.bottom() - line, content.width(), line);
        const QString role = element == Element::IdentityProvider
                                 ? tr("Issues and signs the access token; publishes its keys.")
                                 : tr("Checks the token and runs the call as the service user.");
        const QRectF roleRect(content.left(), y, content.width(), statusRect.top() - y - line * 0.2);
        painter.setFont(small);
        painter.setPen(pal.color(QPalette::Text));
        if (roleRect.height() >= smallMetrics.height()) {
            // Only whole lines: a role that does not fit is left out rather than cut.
            const QRectF needed = smallMetrics.boundingRect(roleRect, Qt::TextWordWrap, role);
            if (needed.height() <= roleRect.height() + 1)
                painter.drawText(roleRect, Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, role);
        }
        painter.setFont(font());
        painter.drawText(statusRect, Qt::AlignLeft | Qt::AlignVCenter,
                         fm.elidedText(ValidationStatusStyle::label(st), Qt::ElideRight, statusRect.width()));
    }
    painter.restore();
}

void ValidationFlowDiagram::paintArrow(QPainter &painter, const QLineF &line, Element element) const
{
    const QPalette pal = palette();
    const StepStatus st = status(element);
    const qreal lineHeight = fontMetrics().height();
    const QColor c = color(element);
    const qreal width =
        (st == StepStatus::Running || st == StepStatus::Failed) ? qMax(3.0, lineHeight / 5) : qMax(2.0, lineHeight / 9);
    const qreal head = lineHeight * 0.45;
    painter.save();
    QPen pen(c, width);
    pen.setCapStyle(Qt::FlatCap);
    if (isDashed(st))
        pen.setStyle(Qt::DashLine);
    painter.setPen(pen);
    painter.drawLine(QLineF(line.p1() + QPointF(head, 0), line.p2() - QPointF(head, 0)));
    // Heads at both ends: a request goes out and an answer comes back.
    painter.setPen(Qt::NoPen);
    painter.setBrush(c);
    for (int end = 0; end < 2; ++end) {
        const QPointF tip = end == 0 ? line.p1() : line.p2();
        const qreal dir = end == 0 ? 1 : -1;
        QPainterPath arrow;
        arrow.moveTo(tip);
        arrow.lineTo(tip + QPointF(dir * head, -head * 0.55));
        arrow.lineTo(tip + QPointF(dir * head, head * 0.55));
        arrow.closeSubpath();
        painter.drawPath(arrow);
    }

    // Label above: glyph and step name; the status word below, so the state is readable without colour.
    const QFontMetricsF fm(font());
    const qreal glyphSide = lineHeight * 0.8;
    const qreal available = line.length();
    const QString name = elementName(element);
    const qreal textWidth = qMin(fm.horizontalAdvance(name), available - glyphSide - lineHeight * 0.3);
    const qreal total = glyphSide + lineHeight * 0.3 + textWidth;
    const qreal left = line.center().x() - total / 2;
    const qreal top = line.y1() - width / 2 - lineHeight * 1.1;
    ValidationStatusStyle::paintGlyph(painter, QRectF(left, top + (lineHeight - glyphSide) / 2, glyphSide, glyphSide),
                                      st, pal);
    painter.setPen(pal.color(QPalette::Text));
    painter.drawText(QRectF(left + glyphSide + lineHeight * 0.3, top, textWidth, lineHeight),
                     Qt::AlignLeft | Qt::AlignVCenter, fm.elidedText(name, Qt::ElideRight, textWidth));
    QFont small = font();
    small.setPointSizeF(font().pointSizeF() * 0.9);
    painter.setFont(small);
    const QFontMetricsF smallMetrics(small);
    painter.setPen(pal.color(QPalette::PlaceholderText));
    const QRectF below(line.x1(), line.y1() + width / 2 + lineHeight * 0.1, available, smallMetrics.height());
    painter.drawText(below, Qt::AlignHCenter | Qt::AlignTop,
                     smallMetrics.elidedText(ValidationStatusStyle::label(st), Qt::ElideRight, below.width()));
    painter.restore();
}

void ValidationFlowDiagram::mousePressEvent(QMouseEvent *event)
{
    const int hit = elementAt(event->position().toPoint());
    if (hit < 0 || event->button() != Qt::LeftButton) {
        QWidget::mousePressEvent(event);
        return;
    }
    const QList<StepId> covered = steps(static_cast<Element>(hit));
    // A box selects the step that needs attention: the first failed one, else the first.
    StepId chosen = covered.constFirst();
    for (StepId step : covered) {
        if (stepStatus(step) == StepStatus::Failed) {
            chosen = step;
            break;
        }
    }
    emit stepClicked(chosen);
}

bool ValidationFlowDiagram::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int hit = elementAt(help->pos());
        if (hit >= 0) // escaped: a tooltip that looks like markup is rendered as HTML, and summaries quote servers
            QToolTip::showText(help->globalPos(),
                               QStringLiteral("<p>%1</p>").arg(description(static_cast<Element>(hit)).toHtmlEscaped()),
                               this);
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

} // namespace cmic
