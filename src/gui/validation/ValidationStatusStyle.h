#pragma once

// How a validation step's status looks everywhere in the wizard (step list, flow diagram, headline): a colour, a
// glyph whose shape differs per status (so nothing is told by colour alone) and a word. One place, so the list and
// the diagram never disagree.

#include "core/validation/ValidationReport.h"

#include <QColor>
#include <QIcon>
#include <QString>

class QPainter;
class QPalette;
class QRectF;

namespace cmic {

namespace ValidationStatusStyle {

// A palette whose window is dark (a dark theme): the status colours are then the lighter ones.
bool isDark(const QPalette &palette);
// Passed green, warning amber, failed red (the form's finding colours), running the palette's highlight,
// pending/skipped/cancelled greys derived from the palette so they read on light and dark themes; the three
// status colours keep 3:1 against the window on either theme.
QColor color(validation::StepStatus status, const QPalette &palette);
// The colour of an error message's text (4.5:1 against the window on either theme).
QColor errorTextColor(const QPalette &palette);
// Translated word for people: "passed", "warning", "failed", "skipped", "cancelled", "running", "not run yet".
QString label(validation::StepStatus status);
// Paints the status glyph (a disc with a check, "!", a cross, a dash, a stop square, an arc; an empty ring for
// pending) inside |rect|, at any size.
void paintGlyph(QPainter &painter, const QRectF &rect, validation::StepStatus status, const QPalette &palette);
// The glyph as an icon that renders sharply at every size and device pixel ratio.
QIcon icon(validation::StepStatus status);

// The status standing for several steps (a box or arrow of the diagram): failed over cancelled over running
// over warning; a mix of finished and pending steps is a run in progress (running); passed when at least one
// passed and the others were skipped.
validation::StepStatus combined(const QList<validation::StepStatus> &statuses);

// "85 ms", "1.2 s", "1 min 05 s".
QString formatElapsed(qint64 ms);

} // namespace ValidationStatusStyle

} // namespace cmic
