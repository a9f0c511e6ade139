#pragma once

#include <QIcon>
#include <QStyle>

namespace cmic {

// A style's standard icon that costs nothing until it is painted, and then decodes only the size it is painted at.
// QStyle::standardIcon() decodes every size it has (16, 32 and 128 px PNGs) when it is called; the console asks
// for a dozen of them while building its window, which was a quarter of its start-up. Looks the same as the
// style's own icon; when the style's icon could differ (an icon theme is set, right-to-left layout, an unknown
// icon) it simply loads the style's icon on first use.
QIcon lazyStyleIcon(QStyle::StandardPixmap which);

} // namespace cmic
