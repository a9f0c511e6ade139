#include "LazyStyleIcon.h"

#include <QApplication>
#include <QFile>
#include <QGuiApplication>
#include <QIconEngine>
#include <QImageReader>
#include <QPaintDevice>
#include <QPainter>

#include <array>

namespace cmic {

namespace {

// The sizes Qt's common style ships its standard icons in, smallest first.
constexpr std::array<int, 3> kFileSizes = {16, 32, 128};

struct StyleFile
{
    QString stem;      // empty: unknown, ask the style
    int largest = 0;   // the largest of kFileSizes the style uses for it
    bool more = false; // the style has larger ones too, from files not known here: above |largest|, ask the style
};

// The files QCommonStyle::standardIcon() (Qt 6) loads for a left-to-right layout and no icon theme.
StyleFile styleFile(QStyle::StandardPixmap which)
{
    switch (which) {
    case QStyle::SP_FileIcon: return {QStringLiteral("file"), 128};
    case QStyle::SP_DialogOpenButton: return {QStringLiteral("standardbutton-open"), 128};
    case QStyle::SP_DialogSaveButton: return {QStringLiteral("standardbutton-save"), 128};
    case QStyle::SP_ArrowRight:
    case QStyle::SP_ArrowForward: return {QStringLiteral("right"), 128};
    case QStyle::SP_ArrowLeft:
    case QStyle::SP_ArrowBack: return {QStringLiteral("left"), 128};
    case QStyle::SP_FileDialogNewFolder: return {QStringLiteral("newdirectory"), 128};
    case QStyle::SP_TrashIcon: return {QStringLiteral("trash"), 128};
    case QStyle::SP_DriveNetIcon: return {QStringLiteral("networkdrive"), 16};
    case QStyle::SP_DirHomeIcon: return {QStringLiteral("dirclosed"), 32, true};
    case QStyle::SP_FileDialogDetailedView: return {QStringLiteral("viewdetailed"), 128};
    default: return {};
    }
}

QString filePath(const QString &stem, int size)
{
    return QStringLiteral(":/qt-project.org/styles/commonstyle/images/%1-%2.png").arg(stem).arg(size);
}

class LazyStyleIconEngine final : public QIconEngine
{
public:
    explicit LazyStyleIconEngine(QStyle::StandardPixmap which) : m_which(which) {}

    QIconEngine *clone() const override { return new LazyStyleIconEngine(*this); }
    QString key() const override { return QStringLiteral("cmic.LazyStyleIcon"); }
    bool isNull() override { return false; }

    QSize actualSize(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        if (useStyleIcon(qMax(size.width(), size.height())))
            return m_icon.actualSize(size, mode, state);
        // Like QPixmapIconEngine: never larger than requested nor than the largest file.
        return size.boundedTo(QSize(m_file.largest, m_file.largest));
    }

    QList<QSize> availableSizes(QIcon::Mode mode, QIcon::State state) override
    {
        if (useStyleIcon(kFileSizes.back()))
            return m_icon.availableSizes(mode, state);
        QList<QSize> sizes;
        for (int s : kFileSizes) {
            if (s <= m_file.largest)
                sizes.append(QSize(s, s));
        }
        return sizes;
    }

    QPixmap pixmap(const QSize &size, QIcon::Mode mode, QIcon::State state) override
    {
        load(qMax(size.width(), size.height()));
        return m_icon.pixmap(size, 1.0, mode, state);
    }

    QPixmap scaledPixmap(const QSize &size, QIcon::Mode mode, QIcon::State state, qreal scale) override
    {
        load(qRound(qMax(size.width(), size.height()) * scale));
        return m_icon.pixmap(size, scale, mode, state);
    }

    void paint(QPainter *painter, const QRect &rect, QIcon::Mode mode, QIcon::State state) override
    {
        const qreal dpr = painter->device() ? painter->device()->devicePixelRatio() : 1.0;
        load(qRound(qMax(rect.width(), rect.height()) * dpr));
        m_icon.paint(painter, rect, Qt::AlignCenter, mode, state);
    }

private:
    // True when the style's own icon is used (loaded on the first call), also from now on when it is needed for an
    // |edge| larger than the files known here.
    bool useStyleIcon(int edge = 0)
    {
        if (m_decided) {
            if (!m_styleIcon && m_file.more && edge > m_file.largest) {
                m_styleIcon = true;
                m_icon = QApplication::style()->standardIcon(m_which);
            }
            return m_styleIcon;
        }
        m_decided = true;
        m_file = styleFile(m_which);
        m_styleIcon = m_file.stem.isEmpty() || !QIcon::themeName().isEmpty()
                      || QGuiApplication::layoutDirection() == Qt::RightToLeft
                      || !QFile::exists(filePath(m_file.stem, m_file.largest));
        if (m_styleIcon)
            m_icon = QApplication::style()->standardIcon(m_which);
        return useStyleIcon(edge);
    }

    // Makes sure the icon holds the file the style would draw |edge| device pixels from: the smallest at least that
    // large (scaled down when painted), else the largest.
    void load(int edge)
    {
        if (useStyleIcon(edge))
            return;
        std::size_t chosen = 0;
        for (std::size_t i = 0; i < kFileSizes.size() && kFileSizes[i] <= m_file.largest; ++i) {
            chosen = i;
            if (kFileSizes[i] >= edge)
                break;
        }
        const unsigned bit = 1U << chosen;
        if (m_loaded & bit)
            return;
        m_loaded |= bit;
        const QImage image = QImageReader(filePath(m_file.stem, kFileSizes[chosen])).read();
        if (!image.isNull())
            m_icon.addPixmap(QPixmap::fromImage(image));
    }

    QStyle::StandardPixmap m_which;
    StyleFile m_file;
    QIcon m_icon;
    unsigned m_loaded = 0; // bit i: kFileSizes[i] added to m_icon
    bool m_decided = false;
    bool m_styleIcon = false;
};

} // namespace

QIcon lazyStyleIcon(QStyle::StandardPixmap which) { return QIcon(new LazyStyleIconEngine(which)); }

} // namespace cmic
