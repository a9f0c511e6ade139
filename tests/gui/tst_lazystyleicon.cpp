// LazyStyleIcon: the console's toolbar and navigation icons decode only when painted, and must look exactly like the
// style's own standard icons.
#include "gui/LazyStyleIcon.h"

#include <QApplication>
#include <QPainter>
#include <QStyle>
#include <QTest>

using namespace cmic;

namespace {

// Pixels that differ by more than a rounding step (premultiplied alpha conversions).
int differingPixels(const QImage &a, const QImage &b)
{
    if (a.size() != b.size())
        return a.width() * a.height() + 1;
    const QImage x = a.convertToFormat(QImage::Format_ARGB32);
    const QImage y = b.convertToFormat(QImage::Format_ARGB32);
    int bad = 0;
    for (int row = 0; row < x.height(); ++row) {
        for (int col = 0; col < x.width(); ++col) {
            const QRgb p = x.pixel(col, row);
            const QRgb q = y.pixel(col, row);
            if (qAbs(qAlpha(p) - qAlpha(q)) > 8
                || (qAlpha(p) > 16
                    && (qAbs(qRed(p) - qRed(q)) > 8 || qAbs(qGreen(p) - qGreen(q)) > 8
                        || qAbs(qBlue(p) - qBlue(q)) > 8)))
                ++bad;
        }
    }
    return bad;
}

QImage painted(const QIcon &icon, int edge, QIcon::Mode mode)
{
    QImage image(edge, edge, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    icon.paint(&painter, QRect(0, 0, edge, edge), Qt::AlignCenter, mode);
    painter.end();
    return image;
}

} // namespace

class TestLazyStyleIcon : public QObject
{
    Q_OBJECT
private slots:
    void looksLikeTheStyleIcon_data()
    {
        QTest::addColumn<int>("which");
        QTest::addColumn<int>("edge");
        const QList<QStyle::StandardPixmap> icons = {QStyle::SP_FileIcon,
                                                     QStyle::SP_DialogOpenButton,
                                                     QStyle::SP_DialogSaveButton,
                                                     QStyle::SP_ArrowRight,
                                                     QStyle::SP_ArrowBack,
                                                     QStyle::SP_ArrowForward,
                                                     QStyle::SP_FileDialogNewFolder,
                                                     QStyle::SP_TrashIcon,
                                                     QStyle::SP_DriveNetIcon,
                                                     QStyle::SP_DirHomeIcon,
                                                     QStyle::SP_FileDialogDetailedView,
                                                     QStyle::SP_MessageBoxWarning};
        for (QStyle::StandardPixmap which : icons) {
            for (int edge : {16, 22, 24, 32, 48})
                QTest::addRow("%d@%d", int(which), edge) << int(which) << edge;
        }
    }
    void looksLikeTheStyleIcon()
    {
        QFETCH(int, which);
        QFETCH(int, edge);
        const auto sp = static_cast<QStyle::StandardPixmap>(which);
        const QIcon reference = QApplication::style()->standardIcon(sp);
        const QIcon lazy = lazyStyleIcon(sp);
        QVERIFY(!lazy.isNull());
        QCOMPARE(lazy.actualSize(QSize(edge, edge)), reference.actualSize(QSize(edge, edge)));
        for (QIcon::Mode mode : {QIcon::Normal, QIcon::Disabled}) {
            const QImage want = painted(reference, edge, mode);
            const QImage got = painted(lazy, edge, mode);
            // A pixel or two of rounding is fine; a different picture or size is not.
            QVERIFY2(differingPixels(want, got) <= edge * edge / 50,
                     qPrintable(QStringLiteral("mode %1: %2 of %3 pixels differ")
                                    .arg(int(mode))
                                    .arg(differingPixels(want, got))
                                    .arg(edge * edge)));
            const QPixmap pixmap = lazy.pixmap(QSize(edge, edge), 1.0, mode);
            QCOMPARE(pixmap.size(), reference.pixmap(QSize(edge, edge), 1.0, mode).size());
        }
    }
};

QTEST_MAIN(TestLazyStyleIcon)
#include "tst_lazystyleicon.moc"
