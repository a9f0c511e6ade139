// The icon set (gui/Icons.h): every icon exists as an SVG in the resources, is drawn at the exact device-pixel size it
// is painted at (crisp at 200 %, not a scaled-up small bitmap), and its lines take the palette's text colour, so the
// same icon reads on a light and on a dark palette.
#include "gui/Icons.h"

#include <QApplication>
#include <QFile>
#include <QPainter>
#include <QPalette>
#include <QTest>

using namespace cmic;

namespace {

const IconId kAll[] = {IconId::Environment, IconId::ServiceUser,   IconId::Registration, IconId::Validate,
                       IconId::Export,      IconId::Save,          IconId::Open,         IconId::New,
                       IconId::Undo,        IconId::Redo,          IconId::Add,          IconId::Remove,
                       IconId::StatusError, IconId::StatusWarning, IconId::StatusInfo,   IconId::StatusPassed};

const IconId kLineIcons[] = {IconId::Environment, IconId::ServiceUser, IconId::Registration, IconId::Validate,
                             IconId::Export,      IconId::Save,        IconId::Open,         IconId::New,
                             IconId::Undo,        IconId::Redo,        IconId::Add,          IconId::Remove};

// The colour most of the icon's clearly visible pixels have, unpremultiplied.
QColor dominantInk(const QImage &image)
{
    QHash<QRgb, int> counts;
    const QImage argb = image.convertToFormat(QImage::Format_ARGB32);
    for (int y = 0; y < argb.height(); ++y) {
        for (int x = 0; x < argb.width(); ++x) {
            const QRgb p = argb.pixel(x, y);
            if (qAlpha(p) == 255)
                ++counts[p];
        }
    }
    QRgb best = 0;
    int most = 0;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        if (it.value() > most) {
            most = it.value();
            best = it.key();
        }
    }
    return QColor::fromRgba(best);
}

int opaquePixels(const QImage &image)
{
    int n = 0;
    const QImage argb = image.convertToFormat(QImage::Format_ARGB32);
    for (int y = 0; y < argb.height(); ++y)
        for (int x = 0; x < argb.width(); ++x)
            n += qAlpha(argb.pixel(x, y)) > 0 ? 1 : 0;
    return n;
}

} // namespace

class TestIcons : public QObject
{
    Q_OBJECT
private slots:
    void everyIconIsAnSvgResource()
    {
        for (IconId id : kAll) {
            QFile file(iconPath(id));
            QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(iconPath(id)));
            QVERIFY2(file.readAll().contains("<svg"), qPrintable(iconPath(id)));
            QVERIFY(!icon(id).isNull());
        }
    }

    void renderedAtTheDevicePixelSize()
    {
        for (IconId id : kAll) {
            const QPixmap at100 = icon(id).pixmap(QSize(22, 22), 1.0);
            const QPixmap at200 = icon(id).pixmap(QSize(22, 22), 2.0);
            QCOMPARE(at100.size(), QSize(22, 22));
            QCOMPARE(at200.size(), QSize(44, 44));
            QCOMPARE(at200.devicePixelRatio(), 2.0);
            // Drawn again at 44 px, not the 22 px bitmap scaled up: the anti-aliased edge is as thin as at 100 %, so
            // the share of partly transparent pixels is smaller.
            auto partial = [](const QImage &img) {
                int edge = 0;
                const QImage argb = img.convertToFormat(QImage::Format_ARGB32);
                for (int y = 0; y < argb.height(); ++y)
                    for (int x = 0; x < argb.width(); ++x)
                        edge += qAlpha(argb.pixel(x, y)) > 0 && qAlpha(argb.pixel(x, y)) < 255 ? 1 : 0;
                return double(edge) / (argb.width() * argb.height());
            };
            const QImage small = at100.toImage();
            const QImage large = at200.toImage();
            const QImage upscaled = small.scaled(44, 44, Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
            QVERIFY2(partial(large) < partial(upscaled), qPrintable(iconPath(id)));
            QVERIFY(opaquePixels(large) > 0);
        }
    }

    void lineIconsTakeThePaletteTextColour()
    {
        const QPalette original = QGuiApplication::palette();
        for (const QColor text : {QColor(0x20, 0x20, 0x20), QColor(0xee, 0xee, 0xee)}) {
            QPalette palette = original;
            palette.setColor(QPalette::WindowText, text);
            QGuiApplication::setPalette(palette);
            for (IconId id : kLineIcons) {
                const QImage image = icon(id).pixmap(QSize(48, 48), 1.0).toImage();
                QCOMPARE(dominantInk(image).rgb(), text.rgb());
            }
        }
        QGuiApplication::setPalette(original);
    }

    void statusIconsKeepTheirColoursAndDisabledIconsDim()
    {
        const QImage error = icon(IconId::StatusError).pixmap(QSize(48, 48), 1.0).toImage();
        const QColor red = dominantInk(error);
        QVERIFY2(red.red() > 150 && red.green() < 100 && red.blue() < 100, qPrintable(red.name()));
        const QImage disabled = icon(IconId::StatusError).pixmap(QSize(48, 48), 1.0, QIcon::Disabled).toImage();
        QVERIFY(disabled != error);
        const QImage disabledLine = icon(IconId::Save).pixmap(QSize(48, 48), 1.0, QIcon::Disabled).toImage();
        QCOMPARE(dominantInk(disabledLine).rgb(),
                 QGuiApplication::palette().color(QPalette::Disabled, QPalette::WindowText).rgb());
    }
};

QTEST_MAIN(TestIcons)
#include "tst_icons.moc"
