#include "Theme.h"

#include "settings/Preferences.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>
#include <QWidget>

namespace cmic {

namespace {

struct PlatformLook
{
    QString styleName;
    QPalette palette;
    bool known = false;
};

PlatformLook &platformLook()
{
    static PlatformLook look;
    if (!look.known) {
        look.styleName = QApplication::style()->name();
        look.palette = QApplication::palette();
        look.known = true;
    }
    return look;
}

void setColors(QPalette &p, QPalette::ColorGroup group, const QColor &window, const QColor &windowText,
               const QColor &base, const QColor &alternateBase, const QColor &text, const QColor &button,
               const QColor &highlight, const QColor &highlightedText, const QColor &link, const QColor &placeholder)
{
    p.setColor(group, QPalette::Window, window);
    p.setColor(group, QPalette::WindowText, windowText);
    p.setColor(group, QPalette::Base, base);
    p.setColor(group, QPalette::AlternateBase, alternateBase);
    p.setColor(group, QPalette::ToolTipBase, base);
    p.setColor(group, QPalette::ToolTipText, text);
    p.setColor(group, QPalette::Text, text);
    p.setColor(group, QPalette::Button, button);
    p.setColor(group, QPalette::ButtonText, windowText);
    p.setColor(group, QPalette::BrightText, QColor(0xff, 0x55, 0x55));
    p.setColor(group, QPalette::Highlight, highlight);
    p.setColor(group, QPalette::HighlightedText, highlightedText);
    p.setColor(group, QPalette::Link, link);
    p.setColor(group, QPalette::LinkVisited, link.darker(115));
    p.setColor(group, QPalette::PlaceholderText, placeholder);
}

void setShades(QPalette &p, const QColor &button)
{
    p.setColor(QPalette::Light, button.lighter(150));
    p.setColor(QPalette::Midlight, button.lighter(125));
    p.setColor(QPalette::Mid, button.darker(130));
    p.setColor(QPalette::Dark, button.darker(160));
    p.setColor(QPalette::Shadow, QColor(0, 0, 0));
}

} // namespace

QString toString(Theme theme)
{
    switch (theme) {
    case Theme::System: break;
    case Theme::Light: return QStringLiteral("light");
    case Theme::Dark: return QStringLiteral("dark");
    }
    return QStringLiteral("system");
}

Theme themeFromString(const QString &word)
{
    if (word == QLatin1String("light"))
        return Theme::Light;
    if (word == QLatin1String("dark"))
        return Theme::Dark;
    return Theme::System;
}

QPalette lightPalette()
{
    QPalette p;
    const QColor button(0xef, 0xf0, 0xf1);
    for (const auto group : {QPalette::Active, QPalette::Inactive}) {
        setColors(p, group, QColor(0xf3, 0xf4, 0xf6), QColor(0x1f, 0x23, 0x28), QColor(0xff, 0xff, 0xff),
                  QColor(0xf6, 0xf8, 0xfa), QColor(0x1f, 0x23, 0x28), button, QColor(0x1f, 0x6f, 0xc5),
                  QColor(0xff, 0xff, 0xff), QColor(0x0b, 0x5c, 0xad), QColor(0x6a, 0x73, 0x7d));
    }
    setColors(p, QPalette::Disabled, QColor(0xf3, 0xf4, 0xf6), QColor(0x8c, 0x95, 0x9f), QColor(0xf6, 0xf8, 0xfa),
              QColor(0xf3, 0xf4, 0xf6), QColor(0x8c, 0x95, 0x9f), button, QColor(0xc8, 0xd1, 0xdc),
              QColor(0x57, 0x60, 0x6a), QColor(0x8c, 0x95, 0x9f), QColor(0xa0, 0xa8, 0xb0));
    setShades(p, button);
    return p;
}

QPalette darkPalette()
{
    QPalette p;
    const QColor button(0x3a, 0x3f, 0x46);
    for (const auto group : {QPalette::Active, QPalette::Inactive}) {
        setColors(p, group, QColor(0x2b, 0x2f, 0x35), QColor(0xe6, 0xe8, 0xeb), QColor(0x1e, 0x21, 0x25),
                  QColor(0x26, 0x2a, 0x2f), QColor(0xe6, 0xe8, 0xeb), button, QColor(0x3d, 0x8b, 0xe0),
                  QColor(0xff, 0xff, 0xff), QColor(0x6c, 0xb6, 0xff), QColor(0x9a, 0xa2, 0xab));
    }
    setColors(p, QPalette::Disabled, QColor(0x2b, 0x2f, 0x35), QColor(0x7d, 0x84, 0x8c), QColor(0x26, 0x2a, 0x2f),
              QColor(0x2b, 0x2f, 0x35), QColor(0x7d, 0x84, 0x8c), QColor(0x33, 0x37, 0x3d), QColor(0x45, 0x4b, 0x52),
              QColor(0xa0, 0xa6, 0xad), QColor(0x7d, 0x84, 0x8c), QColor(0x6a, 0x70, 0x78));
    setShades(p, button);
    return p;
}

void applyTheme(Theme theme)
{
    const PlatformLook &look = platformLook();
    switch (theme) {
    case Theme::System:
        if (QApplication::style()->name() != look.styleName)
            QApplication::setStyle(QStyleFactory::create(look.styleName));
        QApplication::setPalette(look.palette);
        break;
    case Theme::Light:
    case Theme::Dark:
        if (QApplication::style()->name().compare(QLatin1String("fusion"), Qt::CaseInsensitive) != 0)
            QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(theme == Theme::Dark ? darkPalette() : lightPalette());
        break;
    }
    // A widget with its own style sheet (the detail forms) keeps the palette it was polished with; setting the sheet
    // again polishes it with the new one.
    for (QWidget *widget : QApplication::allWidgets()) {
        if (!widget->styleSheet().isEmpty())
            widget->setStyleSheet(widget->styleSheet());
    }
}

Theme applyStoredTheme()
{
    const Theme theme = themeFromString(preferences::theme());
    if (theme != Theme::System)
        applyTheme(theme);
    else
        platformLook(); // remembered now, before any other theme is applied
    return theme;
}

} // namespace cmic
