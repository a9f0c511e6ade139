#include "Icons.h"

#include <QFile>
#include <QGuiApplication>
#include <QHash>
#include <QIconEngine>
#include <QPainter>
#include <QPalette>
#include <QPixmapCache>
#include <QSvgRenderer>

namespace cmic {

namespace {

// The stroke colour the line icons are drawn with in their files; replaced by the palette's text colour.
constexpr char kInk[] = "#010203";

struct IconFile
{
    const char *name;
    bool inked; // drawn with kInk, recoloured from the palette
};

IconFile iconFile(IconId id)
{
    switch (id) {
    case IconId::Environment: return {"environment", true};
    case IconId::ServiceUser: return {"service-user", true};
    case IconId::Registration: return {"registration", true};
    case IconId::Validate: return {"validate", true};
    case IconId::Export: return {"export", true};
    case IconId::Save: return {"save", true};
    case IconId::Open: return {"open", true};
    case IconId::New: return {"new", true};
    case IconId::Undo: return {"undo", true};
    case IconId::Redo: return {"redo", true};
    case IconId::Add: return {"add", true};
    case IconId::Remove: return {"remove", true};
    case IconId::StatusError: return {"status-error", false};
    case IconId::StatusWarning: return {"status-warning", false};
    case IconId::StatusInfo: return {"status-info", false};
    case IconId::StatusPassed: return {"status-passed", false};
    }
    return {"status-info", false};
}

QByteArray svgSource(IconId id)
{
    static QHash<int, QByteArray> sources; // GUI thread only, like every QIcon
    const auto it = sources.constFind(static_cast<int>(id));
    if (it != sources.cend())
        return *it;
    QFile file(iconPath(id));
    const QByteArray bytes = file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    sources.insert(static_cast<int>(id), bytes);
    return bytes;
}

QColor inkFor(QIcon::Mode mode)
{
    const QPalette palette = QGuiApplication::palette();
    switch (mode) {
    case QIcon::Disabled: return palette.color(QPalette::Disabled, QPalette::WindowText);
    case QIcon::Selected: return palette.color(QPalette::Active, QPalette::HighlightedText);
    default: return palette.color(QPalette::Active, QPalette::WindowText);
    }
}

class SvgIconEngine final : public QIconEngine
{
public:
    explicit SvgIconEngine(IconId id) : m_id(id) {}

    QIconEngine *clone() const override { return new SvgIconEngine(*this); }
    QString key() const override { return QStringLiteral("cmic.SvgIcon"); }
    bool isNull() override { return svgSource(m_id).isEmpty(); }
    QSize actualSize(const QSize &size, QIcon::Mode, QIcon::State) override { return size; }
    QList<QSize> availableSizes(QIcon::Mode, QIcon::State) override
    {
        return {QSize(16, 16), QSize(22, 22), QSize(24, 24), QSize(32, 32), QSize(48, 48)};
    }
    QString iconName() override { return QString::fromLatin1(iconFile(m_id).name); }

    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        return scaledPixmap(size, mode, state, 1.0);
    }

    // |size| is in device pixels (QIcon::pixmap(size, dpr) passes size * dpr); |scale| is the ratio to set.
    QPixmap scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State, qreal scale) override
    {
        const QSize device = size;
        if (device.isEmpty())
            return {};
        const IconFile file = iconFile(m_id);
        const QColor ink = file.inked ? inkFor(mode) : QColor();
        const QString cacheKey = QStringLiteral("cmic-icon-%1-%2x%3-%4-%5")
                                     .arg(file.name ? QString::fromLatin1(file.name) : QString())
                                     .arg(device.width())
                                     .arg(device.height())
                                     .arg(ink.isValid() ? ink.name(QColor::HexArgb) : QStringLiteral("own"))
                                     .arg(int(mode));
        QPixmap pixmap;
        if (!QPixmapCache::find(cacheKey, &pixmap)) {
            pixmap = render(device, mode, ink);
            QPixmapCache::insert(cacheKey, pixmap);
        }
        pixmap.setDevicePixelRatio(scale);
        return pixmap;
    }

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State state) override
    {
        const qreal dpr = painter->device() ? painter->device()->devicePixelRatio() : 1.0;
        const QPixmap pm = scaledPixmap((QSizeF(rect.size()) * dpr).toSize(), mode, state, dpr);
        painter->drawPixmap(rect, pm);
    }

private:
    QPixmap render(const QSize &device, QIcon::Mode mode, const QColor &ink) const
    {
        QByteArray source = svgSource(m_id);
        if (ink.isValid())
            source.replace(kInk, ink.name(QColor::HexRgb).toLatin1());
        QSvgRenderer renderer(source);
        QImage image(device, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        if (!ink.isValid() && mode == QIcon::Disabled)
            painter.setOpacity(0.45); // the coloured status icons, greyed out as Qt greys a pixmap
        renderer.render(&painter, QRectF(QPointF(0, 0), QSizeF(device)));
        painter.end();
        return QPixmap::fromImage(image);
    }

    IconId m_id;
};

} // namespace

QString iconPath(IconId id)
{
    return QStringLiteral(":/cmic/icons/%1.svg").arg(QString::fromLatin1(iconFile(id).name));
}

QIcon icon(IconId id) { return QIcon(new SvgIconEngine(id)); }

} // namespace cmic
