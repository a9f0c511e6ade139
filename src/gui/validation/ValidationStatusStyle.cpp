#include "ValidationStatusStyle.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QIconEngine>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>

namespace cmic::ValidationStatusStyle {

using validation::StepStatus;

namespace {

QColor blend(const QColor &a, const QColor &b, qreal amountOfB)
{
    return QColor::fromRgbF(float(a.redF() * (1 - amountOfB) + b.redF() * amountOfB),
                            float(a.greenF() * (1 - amountOfB) + b.greenF() * amountOfB),
                            float(a.blueF() * (1 - amountOfB) + b.blueF() * amountOfB));
}

// Draws glyphs for the standard palette of the application; icons have no widget to ask.
class StatusIconEngine final : public QIconEngine
{
public:
    explicit StatusIconEngine(StepStatus status) : m_status(status) {}

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State) override
    {
        painter->save();
        if (mode == QIcon::Disabled)
            painter->setOpacity(0.45);
        const qreal inset = rect.width() / 16.0;
        paintGlyph(*painter, QRectF(rect).adjusted(inset, inset, -inset, -inset), m_status, QGuiApplication::palette());
        painter->restore();
    }
    // The default pixmap() paints on an uninitialised pixmap; the glyph needs a transparent one.
    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        return scaledPixmap(size, mode, state, 1.0);
    }
    QPixmap scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State state, qreal scale) override
    {
        const QSize device = size * scale;
        QImage image(device, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        {
            QPainter painter(&image);
            paint(&painter, QRect(QPoint(0, 0), device), mode, state);
        }
        QPixmap pixmap = QPixmap::fromImage(image);
        pixmap.setDevicePixelRatio(scale);
        return pixmap;
    }
    QIconEngine *clone() const override { return new StatusIconEngine(m_status); }
    QString key() const override { return QStringLiteral("cmic-validation-status"); }

private:
    StepStatus m_status;
};

} // namespace

bool isDark(const QPalette &palette) { return palette.color(QPalette::Window).lightness() < 128; }

// Each colour keeps at least 3:1 against the window (WCAG's non-text contrast) on a light and on a dark theme.
QColor color(StepStatus status, const QPalette &palette)
{
    const bool dark = isDark(palette);
    switch (status) {
    case StepStatus::Passed: return dark ? QColor(0x81, 0xc7, 0x84) : QColor(0x2e, 0x7d, 0x32);
    case StepStatus::Warning: return dark ? QColor(0xff, 0xb7, 0x4d) : QColor(0xb0, 0x6a, 0x00);
    case StepStatus::Failed: return dark ? QColor(0xef, 0x53, 0x50) : QColor(0xc6, 0x28, 0x28);
    case StepStatus::Running: return palette.color(QPalette::Highlight);
    case StepStatus::Skipped: return blend(palette.color(QPalette::Window), palette.color(QPalette::WindowText), 0.45);
    case StepStatus::Cancelled:
        return blend(palette.color(QPalette::Window), palette.color(QPalette::WindowText), 0.65);
    case StepStatus::Pending: break;
    }
    return blend(palette.color(QPalette::Window), palette.color(QPalette::WindowText), 0.3);
}

// Text in the error colour keeps 4.5:1 against the window (WCAG's contrast for text).
QColor errorTextColor(const QPalette &palette)
{
    return isDark(palette) ? QColor(0xff, 0x8a, 0x80) : QColor(0xb7, 0x1c, 0x1c);
}

QString label(StepStatus status)
{
    switch (status) {
    case StepStatus::Pending: return QCoreApplication::translate("cmic::ValidationStatusStyle", "not run yet");
    case StepStatus::Running: return QCoreApplication::translate("cmic::ValidationStatusStyle", "running");
    case StepStatus::Passed: return QCoreApplication::translate("cmic::ValidationStatusStyle", "passed");
    case StepStatus::Warning: return QCoreApplication::translate("cmic::ValidationStatusStyle", "passed with warnings");
    case StepStatus::Failed: return QCoreApplication::translate("cmic::ValidationStatusStyle", "failed");
    case StepStatus::Skipped: return QCoreApplication::translate("cmic::ValidationStatusStyle", "skipped");
    case StepStatus::Cancelled: return QCoreApplication::translate("cmic::ValidationStatusStyle", "cancelled");
    }
    return {};
}

void paintGlyph(QPainter &painter, const QRectF &bounds, StepStatus status, const QPalette &palette)
{
    const qreal side = qMin(bounds.width(), bounds.height());
    const QRectF r(bounds.center().x() - side / 2, bounds.center().y() - side / 2, side, side);
    const QColor c = color(status, palette);
    const QColor mark = Qt::white;
    const qreal stroke = qMax(1.0, side / 8);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    auto pen = [&](const QColor &penColor, qreal width) {
        QPen p(penColor, width);
        p.setCapStyle(Qt::RoundCap);
        p.setJoinStyle(Qt::RoundJoin);
        return p;
    };
    auto at = [&](qreal x, qreal y) { return QPointF(r.left() + x * side, r.top() + y * side); };
    switch (status) {
    case StepStatus::Pending:
        painter.setPen(pen(c, stroke));
        painter.setBrush(Qt::NoBrush);
        painter.drawEllipse(r.adjusted(stroke / 2, stroke / 2, -stroke / 2, -stroke / 2));
        break;
    case StepStatus::Running: {
        const QRectF ring = r.adjusted(stroke, stroke, -stroke, -stroke);
        painter.setPen(pen(blend(palette.color(QPalette::Window), c, 0.35), stroke));
        painter.drawEllipse(ring);
        painter.setPen(pen(c, stroke * 1.6));
        painter.drawArc(ring, 90 * 16, -270 * 16);
        painter.setPen(Qt::NoPen);
        painter.setBrush(c);
        painter.drawEllipse(r.center(), side / 8, side / 8);
        break;
    }
    case StepStatus::Passed: {
        painter.setPen(Qt::NoPen);
        painter.setBrush(c);
        painter.drawEllipse(r);
        QPainterPath check;
        check.moveTo(at(0.27, 0.53));
        check.lineTo(at(0.44, 0.70));
        check.lineTo(at(0.74, 0.33));
        painter.setPen(pen(mark, stroke * 1.3));
        painter.setBrush(Qt::NoBrush);
        painter.drawPath(check);
        break;
    }
    case StepStatus::Warning: {
        QPainterPath triangle;
        triangle.moveTo(at(0.5, 0.04));
        triangle.lineTo(at(0.98, 0.94));
        triangle.lineTo(at(0.02, 0.94));
        triangle.closeSubpath();
        painter.setPen(pen(c, stroke / 2));
        painter.setBrush(c);
        painter.drawPath(triangle);
        painter.setPen(pen(Qt::black, stroke * 1.2));
        painter.drawLine(at(0.5, 0.36), at(0.5, 0.62));
        painter.setPen(Qt::NoPen);
        painter.setBrush(Qt::black);
        painter.drawEllipse(at(0.5, 0.79), stroke * 0.7, stroke * 0.7);
        break;
    }
    case StepStatus::Failed:
        painter.setPen(Qt::NoPen);
        painter.setBrush(c);
        painter.drawEllipse(r);
        painter.setPen(pen(mark, stroke * 1.3));
        painter.drawLine(at(0.32, 0.32), at(0.68, 0.68));
        painter.drawLine(at(0.68, 0.32), at(0.32, 0.68));
        break;
    case StepStatus::Skipped:
        painter.setPen(pen(c, stroke));
        painter.setBrush(Qt::NoBrush);
        painter.drawEllipse(r.adjusted(stroke / 2, stroke / 2, -stroke / 2, -stroke / 2));
        painter.setPen(pen(c, stroke * 1.3));
        painter.drawLine(at(0.3, 0.5), at(0.7, 0.5));
        break;
    case StepStatus::Cancelled:
        painter.setPen(Qt::NoPen);
        painter.setBrush(c);
        painter.drawRoundedRect(r, side / 5, side / 5);
        painter.setBrush(mark);
        painter.drawRect(QRectF(at(0.33, 0.33), at(0.67, 0.67)));
        break;
    }
    painter.restore();
}

QIcon icon(StepStatus status) { return QIcon(new StatusIconEngine(status)); }

StepStatus combined(const QList<StepStatus> &statuses)
{
    for (StepStatus dominant : {StepStatus::Failed, StepStatus::Cancelled, StepStatus::Running}) {
        if (statuses.contains(dominant))
            return dominant;
    }
    const bool anyPending = statuses.contains(StepStatus::Pending);
    const bool anyFinished = statuses.contains(StepStatus::Passed) || statuses.contains(StepStatus::Warning)
                             || statuses.contains(StepStatus::Skipped);
    if (anyPending)
        return anyFinished ? StepStatus::Running : StepStatus::Pending;
    if (statuses.contains(StepStatus::Warning))
        return StepStatus::Warning;
    if (statuses.contains(StepStatus::Passed))
        return StepStatus::Passed;
    return statuses.isEmpty() ? StepStatus::Pending : StepStatus::Skipped;
}

QString formatElapsed(qint64 ms)
{
    if (ms < 1000)
        return QCoreApplication::translate("cmic::ValidationStatusStyle", "%1 ms").arg(ms);
    if (ms < 60000)
        return QCoreApplication::translate("cmic::ValidationStatusStyle", "%1 s")
            .arg(QLocale().toString(ms / 1000.0, 'f', 1));
    return QCoreApplication::translate("cmic::ValidationStatusStyle", "%1 min %2 s")
        .arg(ms / 60000)
        .arg((ms / 1000) % 60, 2, 10, QLatin1Char('0'));
}

} // namespace cmic::ValidationStatusStyle
