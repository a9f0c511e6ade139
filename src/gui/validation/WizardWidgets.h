#pragma once

// Small builders the Validate-setup wizard's pages share, so every page makes its labels and buttons alike.

#include "core/validation/ValidationReport.h"

#include <QPixmap>
#include <QString>

class QLabel;
class QPushButton;
class QWidget;

namespace cmic::wizardui {

// A wrapped, selectable, top-aligned label. Plain text: these show what servers and tokens said (an IdP's
// error_description, claims), never markup.
QLabel *valueLabel(const QString &name, const QString &accessible, QWidget *parent);
// A button that is not the page's default.
QPushButton *pushButton(const QString &name, const QString &text, const QString &accessible, QWidget *parent);
// Shows |text| in |label|, hiding the label when there is none.
void showMessage(QLabel *label, const QString &text);
// A step's sentence continuing another after a colon: "...refused the client: the IdP answered ..." (an
// abbreviation such as "IdP" or "CMiC" keeps its capital).
QString continued(QString sentence);
// The status glyph at |side| logical pixels.
QPixmap glyph(validation::StepStatus status, int side, qreal dpr);

} // namespace cmic::wizardui
