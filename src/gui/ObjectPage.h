#pragma once

#include "Icons.h"
#include "WorkspaceDocument.h"

#include <QByteArray>
#include <QWidget>

#include <span>

class QLineEdit;
class QScrollArea;
class QSplitter;
class QTableView;

namespace cmic {

class ObjectFilterModel;
class ObjectForm;
class ObjectTableModel;
class SecretStore;

// What a detail form may need besides its own model.
struct FormContext
{
    SecretStore *secretStore = nullptr;       // the registration's client secret and private key
    ObjectTableModel *environments = nullptr; // reference lists of the registration form
    ObjectTableModel *serviceUsers = nullptr;
};

// One row per ObjectKind: everything the main window shows differently for a kind. The texts are translated in
// the cmic::ObjectPage context.
struct ObjectPageSpec
{
    ObjectKind kind;
    const char *name;            // object-name stem: "<name>FilterPage", "<name>Filter", "<name>Table", ...
    const char *navigationLabel; // the navigation entry, before its count
    const char *navigationToolTip;
    IconId icon; // the navigation entry's
    const char *tableAccessibleName;
    const char *filterPlaceholder;
    const char *emptyText;   // the detail area before an object is selected
    const char *objectLabel; // "&Add %1", "Re&move %1"
    bool contextMenu;        // the table offers the main window's actions for the selected object
    ObjectTableModel *(*createModel)(WorkspaceDocument *document, QObject *parent);
    ObjectForm *(*createForm)(ObjectTableModel *model, const FormContext &context);
};

// The table, in navigation order.
std::span<const ObjectPageSpec> objectPageSpecs();
// The row of |kind| and its position in objectPageSpecs().
const ObjectPageSpec &objectPageSpec(ObjectKind kind);
int objectPageIndex(ObjectKind kind);

// The page of one kind: a filter box, the table and the detail form. The widget exists from the start (an empty
// container); its contents are built when it is first shown or used (ensureBuilt), the form when the first object is
// shown (ensureForm), so startup builds only the visible page.
class ObjectPage : public QWidget
{
    Q_OBJECT
public:
    ObjectPage(const ObjectPageSpec &spec, ObjectTableModel *model, const FormContext &formContext,
               QWidget *parent = nullptr);
    ~ObjectPage() override;

    const ObjectPageSpec &spec() const { return m_spec; }
    ObjectKind kind() const { return m_spec.kind; }
    ObjectTableModel *model() const { return m_model; }
    QString navigationLabel() const;
    QString objectLabel() const;

    bool isBuilt() const { return m_built; }
    void ensureBuilt();
    ObjectForm *ensureForm();
    // Null until built.
    ObjectForm *form() const { return m_form; }
    QLineEdit *filter() const { return m_filter; }
    QTableView *table() const { return m_table; }

    // The model row shown in the form, -1 for none.
    int currentSourceRow() const;
    // Selects and shows the object (clearing a filter that hides it); false when there is none with |id|.
    bool select(const QString &id);
    // The first row, or none when the table is empty; nothing before the page is built (it does so then).
    void selectFirstRow();

    // The detail area's narrowest: the window fits a 1024-pixel-wide screen, and 800 at 200 %.
    static constexpr int kFormMinimumWidth = 400;

    QByteArray splitterState() const;
    void restoreSplitterState(const QByteArray &state);

signals:
    // The current object changed, or the model was reset.
    void selectionChanged();
    void contextMenuRequested(const QPoint &globalPos);
    // The empty page's "Add <object>" button (the page shows what to create first instead of an empty table and a
    // disabled form while it has no object).
    void addRequested();
    // The detail form was just built (on first use).
    void formBuilt(cmic::ObjectForm *form);

private:
    void build();
    QWidget *buildEmptyState();
    void updateEmptyState();

    const ObjectPageSpec &m_spec;
    ObjectTableModel *m_model;
    FormContext m_formContext;
    bool m_built = false;
    QByteArray m_splitterState; // restored state waiting for the page to be built
    QLineEdit *m_filter = nullptr;
    QTableView *m_table = nullptr;
    QSplitter *m_splitter = nullptr;
    QScrollArea *m_scroll = nullptr;
    ObjectFilterModel *m_proxy = nullptr;
    ObjectForm *m_form = nullptr;
    QWidget *m_emptyState = nullptr;
};

} // namespace cmic
