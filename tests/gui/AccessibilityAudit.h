#pragma once

// Keyboard and screen-reader checks shared by tst_accessibility (the object forms, the menus) and
// tst_accessibility_dialogs (dialogs, the wizard, the welcome page, the docks): what a screen reader announces for a
// widget, the inputs a user can Tab to, the Tab cycle as real key presses walk it, visual reading order, mnemonic
// clashes and what a password field exposes. Header-only test support; each function returns its problems as
// sentences (empty when none) so a test can list them all at once.
// CTest runs both audits twice: in English, and in French (Canada) (CMIC_UI_LANGUAGE=fr_CA, auditLanguage()), where
// the mnemonics are other letters and the names other words.
#include "core/util/Translations.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QApplication>
#include <QComboBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QMap>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QSet>
#include <QTabBar>
#include <QTest>
#include <QTextBrowser>
#include <QTextEdit>

namespace cmic::test {

// The language the audit runs in: the console's catalogue for CMIC_UI_LANGUAGE installed (as the console does at
// start), or "en" when it is not set. Call before any widget is made.
inline QString auditLanguage()
{
    if (qEnvironmentVariableIsEmpty("CMIC_UI_LANGUAGE"))
        return QStringLiteral("en");
    return installTranslations(*QCoreApplication::instance());
}

inline bool isInput(const QWidget *w)
{
    return qobject_cast<const QLineEdit *>(w) || qobject_cast<const QComboBox *>(w)
           || qobject_cast<const QAbstractSpinBox *>(w) || qobject_cast<const QAbstractButton *>(w)
           || qobject_cast<const QPlainTextEdit *>(w);
}

// What a screen reader announces for |w|: its accessible name (Qt takes a label buddy's text when none is set).
inline QString spokenName(QWidget *w)
{
    QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(w);
    return iface ? iface->text(QAccessible::Name).trimmed() : QString();
}

inline QString describe(const QWidget *w)
{
    if (!w)
        return QStringLiteral("(nothing)");
    return QStringLiteral("%1 '%2' in %3")
        .arg(QString::fromLatin1(w->metaObject()->className()), w->objectName(),
             w->parentWidget() ? QString::fromLatin1(w->parentWidget()->metaObject()->className()) : QString());
}

// The inputs a user can Tab to inside |form|, in the focus chain's order.
inline QList<QWidget *> tabChain(QWidget *form)
{
    QList<QWidget *> chain;
    QWidget *w = form;
    for (int guard = 0; guard < 500; ++guard) {
        w = w->nextInFocusChain();
        if (w == form)
            break;
        // A combo box's or spin box's own line edit takes the focus for its owner.
        const QWidget *owner = w->parentWidget();
        if (qobject_cast<const QAbstractSpinBox *>(owner) || qobject_cast<const QComboBox *>(owner))
            continue;
        if (form->isAncestorOf(w) && w->isVisibleTo(form) && w->isEnabled() && (w->focusPolicy() & Qt::TabFocus))
            chain << w;
    }
    return chain;
}

// The widget a user sees as focused when |w| has the focus: a combo box's or spin box's own line edit stands for
// its owner.
inline QWidget *focusOwner(QWidget *w)
{
    if (!w)
        return nullptr;
    QWidget *owner = w->parentWidget();
    if (qobject_cast<QAbstractSpinBox *>(owner) || qobject_cast<QComboBox *>(owner))
        return owner;
    return w;
}

// Whether |w| is a part Qt builds into another widget (a combo box's line edit and list, a spin box's line edit,
// a view's editors and headers): those take the focus on their owner's behalf or not at all.
inline bool isInternalPart(const QWidget *w, const QWidget *root)
{
    for (const QWidget *p = w->parentWidget(); p && p != root; p = p->parentWidget()) {
        if (qobject_cast<const QComboBox *>(p) || qobject_cast<const QAbstractSpinBox *>(p)
            || qobject_cast<const QAbstractItemView *>(p) || qobject_cast<const QLineEdit *>(p))
            return true;
    }
    return false;
}

// Every widget inside |root| that Tab should reach: shown, enabled, taking Tab focus itself (not through a proxy).
inline QList<QWidget *> tabStops(QWidget *root)
{
    QList<QWidget *> stops;
    for (QWidget *w : root->findChildren<QWidget *>()) {
        if (!w->isVisibleTo(root->window()) || !w->isVisible() || !w->isEnabled() || !(w->focusPolicy() & Qt::TabFocus)
            || w->focusProxy() || isInternalPart(w, root))
            continue;
        stops << w;
    }
    return stops;
}

// Whether Tab moves between the parts of |w| before it leaves (a text browser's or a label's links, a date edit's
// sections): Qt's way to reach each from the keyboard, so several presses on it count as one visit.
inline bool tabsThroughLinks(const QWidget *w)
{
    if (qobject_cast<const QTextBrowser *>(w) || w->inherits("QDateTimeEdit")) // a date edit: through its sections
        return true;
    const auto *label = qobject_cast<const QLabel *>(w);
    return label && (label->textInteractionFlags() & Qt::LinksAccessibleByKeyboard);
}

// What pressing Tab does from |start|, as a user would: the focused widget after each press (owners, see
// focusOwner), until the focus is back on |start| or |presses| keys were pressed. The last entry is |start| when
// the cycle came back. A press that leaves the focus where it was (a table moving between its cells) ends the walk
// with that widget twice in a row, except on a widget that tabs through its links.
inline QList<QWidget *> pressTabAround(QWidget *start, int presses = 150)
{
    QList<QWidget *> visited;
    start->setFocus(Qt::TabFocusReason);
    QWidget *target = focusOwner(start);
    QWidget *previous = target;
    int linkPresses = 0;
    for (int i = 0; i < presses; ++i) {
        QWidget *focused = start->window()->focusWidget();
        if (!focused)
            break;
        QTest::keyClick(focused, Qt::Key_Tab);
        QWidget *now = focusOwner(start->window()->focusWidget());
        if (now == previous) {
            if (tabsThroughLinks(now) && ++linkPresses < 20)
                continue;
            visited << now << now;
            break;
        }
        linkPresses = 0;
        visited << now;
        previous = now;
        if (now == target)
            break;
    }
    return visited;
}

// Reading order: |b| follows |a| when it is to the right in the same row (their extents overlap vertically) or
// below. Rectangles in the window's coordinates.
inline QRect windowRect(const QWidget *w) { return QRect(w->mapTo(w->window(), QPoint(0, 0)), w->size()); }

inline bool followsInReadingOrder(const QWidget *a, const QWidget *b)
{
    const QRect ra = windowRect(a);
    const QRect rb = windowRect(b);
    const bool sameRow = rb.top() < ra.bottom() && ra.top() < rb.bottom();
    return sameRow ? rb.left() >= ra.left() - 4 : rb.top() >= ra.top();
}

// The first stop of |stops| in reading order (the top-left one).
inline QWidget *firstInReadingOrder(const QList<QWidget *> &stops)
{
    QWidget *first = nullptr;
    for (QWidget *w : stops) {
        if (!first || !followsInReadingOrder(first, w))
            first = w;
    }
    return first;
}

// Audits the Tab cycle over |stops| (a window's, or one part's when the cycle goes through the rest of the window):
// from the first stop in reading order, Tab reaches every stop exactly once, in reading order, and comes back.
// |surface| names what is audited in the messages. Only the stops listed take part in the order check; the cycle
// may pass through other widgets of the window on its way back, not through |root|'s (when given) twice.
inline QStringList tabCycleProblems(const QString &surface, const QList<QWidget *> &stops, int presses = 150,
                                    const QWidget *root = nullptr)
{
    QStringList problems;
    QWidget *start = firstInReadingOrder(stops);
    if (!start)
        return {QStringLiteral("%1: nothing takes the keyboard focus").arg(surface)};
    const QList<QWidget *> visited = pressTabAround(start, presses);
    if (stops.size() == 1 && visited.size() == 2 && visited.constFirst() == start && visited.constLast() == start)
        return problems; // the only stop keeps the focus
    if (visited.size() >= 2 && visited.at(visited.size() - 1) == visited.at(visited.size() - 2)) {
        problems << QStringLiteral("%1: Tab does not leave %2 (it moves inside it)")
                        .arg(surface, describe(visited.constLast()));
        return problems;
    }
    if (visited.isEmpty() || visited.constLast() != start) {
        QStringList names;
        for (QWidget *w : visited.mid(0, 12))
            names << describe(w);
        problems << QStringLiteral("%1: Tab from %2 never comes back to it; it goes %3…")
                        .arg(surface, describe(start), names.join(QStringLiteral(" -> ")));
        return problems;
    }
    const QSet<QWidget *> expected(stops.cbegin(), stops.cend());
    QList<QWidget *> order{start};
    QSet<QWidget *> seen{start};
    for (QWidget *w : visited.mid(0, visited.size() - 1)) {
        if (!expected.contains(w))
            continue;
        if (seen.contains(w))
            problems << QStringLiteral("%1: Tab reaches %2 twice in one cycle").arg(surface, describe(w));
        seen.insert(w);
        order << w;
    }
    for (QWidget *w : stops) {
        if (!seen.contains(w))
            problems << QStringLiteral("%1: Tab never reaches %2").arg(surface, describe(w));
    }
    // Within the surface (|root|, else its stops) the stops come one after the other: the cycle does not leave it
    // and come back. |visited| is the whole cycle (it ends where it started), so it is counted round.
    const auto inside = [&](QWidget *w) { return root ? root->isAncestorOf(w) : expected.contains(w); };
    int runs = 0;
    for (qsizetype i = 0; i < visited.size(); ++i) {
        const bool here = inside(visited.at(i));
        const bool before = inside(visited.at((i + visited.size() - 1) % visited.size()));
        runs += here && !before;
    }
    if (runs > 1)
        problems << QStringLiteral("%1: Tab leaves it and comes back %2 times in one cycle").arg(surface).arg(runs - 1);
    for (qsizetype i = 1; i < order.size(); ++i) {
        if (!followsInReadingOrder(order.at(i - 1), order.at(i))) {
            const QRect a = windowRect(order.at(i - 1));
            const QRect b = windowRect(order.at(i));
            problems << QStringLiteral("%1: Tab goes from %2 (%3,%4) back to %5 (%6,%7)")
                            .arg(surface, describe(order.at(i - 1)))
                            .arg(a.x())
                            .arg(a.y())
                            .arg(describe(order.at(i)))
                            .arg(b.x())
                            .arg(b.y());
        }
    }
    return problems;
}

// The roles a screen reader should hear for a tab stop of |w|'s kind; empty when any role but the generic ones does.
inline QList<QAccessible::Role> expectedRoles(const QWidget *w)
{
    if (qobject_cast<const QLineEdit *>(w) || qobject_cast<const QPlainTextEdit *>(w)
        || qobject_cast<const QTextEdit *>(w))
        return {QAccessible::EditableText, QAccessible::StaticText, QAccessible::Document};
    if (qobject_cast<const QComboBox *>(w))
        return {QAccessible::ComboBox};
    if (qobject_cast<const QAbstractSpinBox *>(w))
        return {QAccessible::SpinBox};
    if (w->inherits("QCheckBox"))
        return {QAccessible::CheckBox};
    if (w->inherits("QRadioButton"))
        return {QAccessible::RadioButton};
    if (qobject_cast<const QAbstractButton *>(w))
        return {QAccessible::Button, QAccessible::ButtonMenu, QAccessible::ButtonDropDown};
    if (qobject_cast<const QTabBar *>(w))
        return {QAccessible::PageTabList};
    if (w->inherits("QTableView"))
        return {QAccessible::Table};
    if (w->inherits("QTreeView"))
        return {QAccessible::Tree, QAccessible::Table};
    if (w->inherits("QListView"))
        return {QAccessible::List};
    if (qobject_cast<const QLabel *>(w))
        return {QAccessible::StaticText, QAccessible::Link};
    return {};
}

// Each tab stop has a non-empty accessible name and the role of its kind (never a bare pane or client area).
inline QStringList nameAndRoleProblems(const QString &surface, const QList<QWidget *> &stops)
{
    QStringList problems;
    for (QWidget *w : stops) {
        QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(w);
        if (!iface) {
            problems << QStringLiteral("%1: %2 has no accessible interface").arg(surface, describe(w));
            continue;
        }
        if (spokenName(w).isEmpty())
            problems << QStringLiteral("%1: %2 has no accessible name").arg(surface, describe(w));
        const QAccessible::Role role = iface->role();
        const QList<QAccessible::Role> roles = expectedRoles(w);
        const bool generic = role == QAccessible::NoRole || role == QAccessible::Client || role == QAccessible::Pane
                             || role == QAccessible::Grouping || role == QAccessible::Window;
        if (generic || (!roles.isEmpty() && !roles.contains(role)))
            problems << QStringLiteral("%1: %2 has role 0x%3, not one of its kind")
                            .arg(surface, describe(w), QString::number(int(role), 16));
    }
    return problems;
}

// The mnemonic letter of a text ("Save &As…" -> 'a'); null without one ("&&" is a literal ampersand).
inline QChar mnemonicOf(const QString &text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('&'))
            continue;
        if (text.at(i + 1) == QLatin1Char('&')) {
            ++i;
            continue;
        }
        return text.at(i + 1).toLower();
    }
    return {};
}

// Every mnemonic shown in |window| at once: its buttons, labels with a buddy, group boxes, tab bars and (for a main
// window) the menu bar's titles. Two uses of one letter are a clash: Alt+letter then picks one of them, or neither.
// A label with a mnemonic but no buddy is a problem too: its letter does nothing.
inline QStringList mnemonicProblems(const QString &surface, QWidget *window, const QList<QWidget *> &extraRoots = {})
{
    QMap<QChar, QString> owners;
    QStringList problems;
    auto note = [&](const QString &text, const QString &where) {
        const QChar c = mnemonicOf(text);
        if (c.isNull())
            return;
        if (owners.contains(c))
            problems
                << QStringLiteral("%1: '%2' repeats the mnemonic '%3' of %4").arg(surface, where, c, owners.value(c));
        else
            owners.insert(c, where);
    };
    QList<QWidget *> roots = extraRoots.isEmpty() ? QList<QWidget *>{window} : extraRoots;
    QSet<QWidget *> done;
    for (QWidget *root : roots) {
        QList<QWidget *> widgets = root->findChildren<QWidget *>();
        widgets.prepend(root);
        for (QWidget *w : widgets) {
            if (done.contains(w) || !w->isVisible())
                continue;
            done.insert(w);
            if (auto *b = qobject_cast<QAbstractButton *>(w)) {
                note(b->text(), QStringLiteral("button '%1'").arg(b->text()));
            } else if (auto *label = qobject_cast<QLabel *>(w)) {
                if (label->textFormat() == Qt::RichText || Qt::mightBeRichText(label->text()))
                    continue;
                if (!mnemonicOf(label->text()).isNull() && !label->buddy())
                    problems
                        << QStringLiteral("%1: label '%2' has a mnemonic but no buddy").arg(surface, label->text());
                else
                    note(label->text(), QStringLiteral("label '%1'").arg(label->text()));
            } else if (auto *group = qobject_cast<QGroupBox *>(w)) {
                if (group->isCheckable())
                    note(group->title(), QStringLiteral("group '%1'").arg(group->title()));
            } else if (auto *bar = qobject_cast<QTabBar *>(w)) {
                for (int i = 0; i < bar->count(); ++i)
                    note(bar->tabText(i), QStringLiteral("tab '%1'").arg(bar->tabText(i)));
            } else if (auto *menuBar = qobject_cast<QMenuBar *>(w)) {
                for (QAction *a : menuBar->actions())
                    note(a->text(), QStringLiteral("menu '%1'").arg(a->text()));
            }
        }
    }
    return problems;
}

// A password field as a screen reader meets it: an editable text with the password state, its value never in its
// name, description or value, nor in what its text interface hands out. |secret| is what the field holds.
inline QStringList passwordFieldProblems(QLineEdit *edit, const QString &secret)
{
    QStringList problems;
    QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(edit);
    if (!iface)
        return {QStringLiteral("%1 has no accessible interface").arg(describe(edit))};
    if (iface->role() != QAccessible::EditableText)
        problems << QStringLiteral("%1 is not announced as an editable text").arg(describe(edit));
    if (!iface->state().passwordEdit)
        problems << QStringLiteral("%1 is not announced as a password field").arg(describe(edit));
    for (QAccessible::Text t : {QAccessible::Name, QAccessible::Description, QAccessible::Value, QAccessible::Help,
                                QAccessible::Accelerator}) {
        if (iface->text(t).contains(secret))
            problems << QStringLiteral("%1 speaks its secret as text %2").arg(describe(edit)).arg(int(t));
    }
    if (QAccessibleTextInterface *text = iface->textInterface()) {
        if (text->text(0, text->characterCount()).contains(secret)
            || text->text(0, secret.size() + 64).contains(secret))
            problems << QStringLiteral("%1 hands out its secret through its text interface").arg(describe(edit));
    }
    if (QAccessibleValueInterface *value = iface->valueInterface()) {
        if (value->currentValue().toString().contains(secret))
            problems << QStringLiteral("%1 hands out its secret as its value").arg(describe(edit));
    }
    return problems;
}

// What |iface| says: its name, description, value, help and text. |withChildren|: its children's too (a view's cells).
inline QString accessibleSays(QAccessibleInterface *iface, bool withChildren, int depth = 0)
{
    if (!iface || depth > 8)
        return {};
    QString said;
    for (QAccessible::Text t : {QAccessible::Name, QAccessible::Description, QAccessible::Value, QAccessible::Help})
        said += iface->text(t) + QLatin1Char('\n');
    if (QAccessibleTextInterface *text = iface->textInterface())
        said += text->text(0, text->characterCount()) + QLatin1Char('\n');
    if (withChildren) {
        for (int i = 0; i < iface->childCount() && i < 2000; ++i) {
            QAccessibleInterface *child = iface->child(i);
            if (child && !child->object()) // cells and items; widgets are asked on their own
                said += accessibleSays(child, true, depth + 1);
        }
    }
    return said;
}

// Which widgets of |root| (itself included) say |needle| to a screen reader, for secrets: every widget's accessible
// interface, and every cell of every view.
inline QStringList accessibleTreeSays(QWidget *root, const QString &needle)
{
    QStringList where;
    QList<QWidget *> widgets = root->findChildren<QWidget *>();
    widgets.prepend(root);
    for (QWidget *w : widgets) {
        QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(w);
        if (accessibleSays(iface, qobject_cast<QAbstractItemView *>(w) != nullptr).contains(needle))
            where << describe(w);
    }
    return where;
}

} // namespace cmic::test
