#pragma once

#include <QIcon>

namespace cmic {

// The console's own icon set: hand-drawn SVGs in resources/icons (:/cmic/icons/<name>.svg), one consistent stroke
// style. Each icon is rendered from its SVG at the exact device-pixel size it is painted at (crisp at 200 %), only when
// first painted; the line icons take the palette's text colour at that moment (light and dark palettes alike, the
// disabled text colour for a disabled icon), the status icons keep their own colours.
enum class IconId {
    Environment,
    ServiceUser,
    Registration,
    Validate,
    Export,
    Save,
    Open,
    New,
    Undo,
    Redo,
    Add,
    Remove,
    StatusError,
    StatusWarning,
    StatusInfo,
    StatusPassed,
};

QIcon icon(IconId id);
// The resource path of the icon's SVG.
QString iconPath(IconId id);

} // namespace cmic
