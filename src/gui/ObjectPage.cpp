#include "ObjectPage.h"

#include "ObjectForms.h"
#include "ObjectTableModels.h"
#include "validation/ValidationStatusStyle.h"

#include <QEvent>
#include <QGuiApplication>

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>

#include <algorithm>
#include <array>
#include <memory>

namespace cmic {

namespace {

// The form's finding marks, in the colours of the current theme (ValidationStatusStyle's, so the wizard and the
// forms agree); secondary notes in a text colour derived from the palette.
QString formStyleSheet(const QPalette &palette)
{
    using validation::StepStatus;
    const QString error = ValidationStatusStyle::color(StepStatus::Failed, palette).name();
    const QString warning = ValidationStatusStyle::color(StepStatus::Warning, palette).name();
    const QString errorText = ValidationStatusStyle::errorTextColor(palette).name();
    const QColor window = palette.color(QPalette::Window), text = palette.color(QPalette::WindowText);
    const QString notes =
        QColor::fromRgbF(0.25f * window.redF() + 0.75f * text.redF(), 0.25f * window.greenF() + 0.75f * text.greenF(),
                         0.25f * window.blueF() + 0.75f * text.blueF())
            .name();
    return QStringLiteral(
               "QLineEdit[cmicFinding=\"error\"], QComboBox[cmicFinding=\"error\"], "
               "QPlainTextEdit[cmicFinding=\"error\"],"
               " QCheckBox[cmicFinding=\"error\"], cmic--OptionalDateEdit[cmicFinding=\"error\"],"
               " cmic--StringListEdit[cmicFinding=\"error\"], QWidget#presetParameters[cmicFinding=\"error\"]"
               " { border: 2px solid %1; border-radius: 3px; padding: 1px; }\n"
               "QLineEdit[cmicFinding=\"warning\"], QComboBox[cmicFinding=\"warning\"],"
               " QPlainTextEdit[cmicFinding=\"warning\"], QCheckBox[cmicFinding=\"warning\"],"
               " cmic--OptionalDateEdit[cmicFinding=\"warning\"], cmic--StringListEdit[cmicFinding=\"warning\"],"
               " QWidget#presetParameters[cmicFinding=\"warning\"] { border: 2px solid %2; border-radius: 3px; "
               "padding: 1px; }\n"
               "QLabel[cmicFinding=\"error\"] { color: %3; }\n"
               "QLabel#presetNotes { color: %4; }\n")
        .arg(error, warning, errorText, notes);
}

// Keeps a form's style sheet in the colours of the application's palette when the theme changes.
class FormThemeFollower final : public QObject
{
public:
    explicit FormThemeFollower(QWidget *form) : QObject(form), m_form(form)
    {
        apply();
        QCoreApplication::instance()->installEventFilter(this);
    }

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        // The application object hears of a new application palette (a widget with a style sheet does not).
        if (watched == QCoreApplication::instance() && event->type() == QEvent::ApplicationPaletteChange)
            apply();
        return false;
    }

private:
    void apply()
    {
        const QString sheet = formStyleSheet(QGuiApplication::palette());
        if (m_form->styleSheet() != sheet) // setting the same sheet again would only restyle every child
            m_form->setStyleSheet(sheet);
    }

    QWidget *m_form;
};

template <typename Model>
ObjectTableModel *createModel(WorkspaceDocument *document, QObject *parent)
{
    return new Model(document, parent);
}

ObjectForm *prepared(ObjectForm *form, ObjectTableModel *model)
{
    new FormThemeFollower(form);
    form->setModel(model);
    return form;
}

template <typename Form>
ObjectForm *createForm(ObjectTableModel *model, const FormContext &)
{
    return prepared(new Form, model);
}

template <>
ObjectForm *createForm<RegistrationForm>(ObjectTableModel *model, const FormContext &context)
{
    auto *form = new RegistrationForm;
    form->setSecretStore(context.secretStore);
    prepared(form, model);
    form->setReferenceModels(context.environments, context.serviceUsers);
    return form;
}

const std::array<ObjectPageSpec, 3> kSpecs = {{
    {ObjectKind::Environment, "environment", QT_TRANSLATE_NOOP("cmic::ObjectPage", "Environments"),
     QT_TRANSLATE_NOOP("cmic::ObjectPage", "The CMiC environments and how their OAuth filter is configured"),
     IconId::Environment, QT_TRANSLATE_NOOP("cmic::ObjectPage", "Environments"),
     QT_TRANSLATE_NOOP("cmic::ObjectPage", "Filter environments by name, URL…"),
     QT_TRANSLATE_NOOP("cmic::ObjectPage", "Select an environment, or add one with Add Environment."),
     QT_TRANSLATE_NOOP("cmic::ObjectPage", "Environment"), false, &createModel<EnvironmentModel>,
     &createForm<EnvironmentForm>},
    {ObjectKind::ServiceUser, "serviceUser", QT_TRANSLATE_NOOP("cmic::ObjectPage", "Service users"),
     QT_TRANSLATE_NOOP("cmic::ObjectPage", "The CMiC users API calls run as"), IconId::ServiceUser,
     QT_TRANSLATE_NOOP("cmic::ObjectPage", "Service users"),
     QT_TRANSLATE_NOOP("cmic::ObjectPage", "Filter service users by name, e-mail…"),
     QT_TRANSLATE_NOOP("cmic::ObjectPage", "Select a service user, or add one with Add Service User."),
     QT_TRANSLATE_NOOP("cmic::ObjectPage", "Service User"), false, &createModel<ServiceUserModel>,
     &createForm<ServiceUserForm>},
    {ObjectKind::Registration, "registration", QT_TRANSLATE_NOOP("cmic::ObjectPage", "Registrations"),
     QT_TRANSLATE_NOOP("cmic::ObjectPage", "The app registrations CMiC API Security holds: App ID, Issuer, JWKS URI"),
     IconId::Registration, QT_TRANSLATE_NOOP("cmic::ObjectPage", "Registrations"),
     QT_TRANSLATE_NOOP("cmic::ObjectPage", "Filter registrations by name, App ID, issuer…"),
     QT_TRANSLATE_NOOP("cmic::ObjectPage", "Select a registration, or add one with Add Registration."),
     QT_TRANSLATE_NOOP("cmic::ObjectPage", "Registration"), true, &createModel<RegistrationModel>,
     &createForm<RegistrationForm>},
}};

} // namespace

std::span<const ObjectPageSpec> objectPageSpecs() { return kSpecs; }

int objectPageIndex(ObjectKind kind)
{
    const auto found =
        std::find_if(kSpecs.begin(), kSpecs.end(), [kind](const auto &spec) { return spec.kind == kind; });
    Q_ASSERT(found != kSpecs.end());
    return int(found - kSpecs.begin());
}

const ObjectPageSpec &objectPageSpec(ObjectKind kind) { return kSpecs.at(objectPageIndex(kind)); }

namespace {

// A table whose rows are what is selected: bringing another row into view (a click, the arrow keys, a finding jumped
// to, another object selected) scrolls vertically only, so the columns the user scrolled to stay in view. A plain
// QTableView scrolls back to the current index's column, column 0 for a selected row.
class RowTableView final : public QTableView
{
public:
    using QTableView::QTableView;
    void scrollTo(const QModelIndex &index, ScrollHint hint = EnsureVisible) override
    {
        const int columns = horizontalScrollBar()->value();
        QTableView::scrollTo(index, hint);
        horizontalScrollBar()->setValue(columns);
    }
};

} // namespace

// ---------------------------------------------------------------------------------------------------------------
ObjectPage::ObjectPage(const ObjectPageSpec &spec, ObjectTableModel *model, const FormContext &formContext,
                       QWidget *parent)
    : QWidget(parent), m_spec(spec), m_model(model), m_formContext(formContext)
{
    setObjectName(QString::fromLatin1(spec.name) + QStringLiteral("FilterPage"));
}

ObjectPage::~ObjectPage() = default;

QString ObjectPage::navigationLabel() const { return tr(m_spec.navigationLabel); }

QString ObjectPage::objectLabel() const { return tr(m_spec.objectLabel); }

void ObjectPage::ensureBuilt()
{
    if (!m_built)
        build();
}

void ObjectPage::build()
{
    m_built = true;
    const QString name = QString::fromLatin1(m_spec.name);
    m_proxy = new ObjectFilterModel(m_model, this, /*summaryColumnsOnly=*/true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 0);

    auto *filterRow = new QHBoxLayout;
    // Alt+L: Alt+F is the File menu's.
    auto *filterLabel = new QLabel(tr("Fi&lter:"), this);
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(name + QStringLiteral("Filter"));
    // The clear button shows only over text; its icon is created (and decoded) when the first text is typed, not at
    // startup.
    connect(m_filter, &QLineEdit::textChanged, m_filter, [filter = m_filter](const QString &text) {
        if (!text.isEmpty() && !filter->isClearButtonEnabled())
            filter->setClearButtonEnabled(true);
    });
    m_filter->setAccessibleName(tr("Filter"));
    m_filter->setPlaceholderText(tr(m_spec.filterPlaceholder));
    m_filter->setToolTip(tr("Shows only the rows with this text in a visible column (not case-sensitive)."));
    filterLabel->setBuddy(m_filter);
    filterRow->addWidget(filterLabel);
    filterRow->addWidget(m_filter, 1);
    layout->addLayout(filterRow);

    m_table = new RowTableView(this);
    m_table->setObjectName(name + QStringLiteral("Table"));
    m_table->setAccessibleName(tr(m_spec.tableAccessibleName));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setTabKeyNavigation(false); // Tab goes on to the form (the arrows move within the table)
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(-1, Qt::AscendingOrder);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setDefaultSectionSize(150);
    m_table->setMinimumWidth(220);
    if (m_spec.contextMenu) {
        m_table->setContextMenuPolicy(Qt::CustomContextMenu);
        connect(m_table, &QWidget::customContextMenuRequested, this,
                [this](const QPoint &pos) { emit contextMenuRequested(m_table->viewport()->mapToGlobal(pos)); });
    }

    // The detail form is built when the first object is shown (see ensureForm), not at startup.
    m_scroll = new QScrollArea(this);
    m_scroll->setObjectName(name + QStringLiteral("FormScroll"));
    m_scroll->setFocusPolicy(Qt::NoFocus); // Tab goes from the table to the form's first field, not to the area
    auto *placeholder = new QLabel(tr(m_spec.emptyText));
    placeholder->setAlignment(Qt::AlignCenter);
    // One line that fits the form's minimum width: no word wrap, so laying out the window needs no height-for-width
    // text measurement for the three pages.
    m_scroll->setWidget(placeholder);
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setMinimumWidth(kFormMinimumWidth);

    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setObjectName(name + QStringLiteral("Splitter"));
    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_scroll);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setSizes({400, 880}); // proportions kept on resize: the form gets its width first on a small screen
    layout->addWidget(m_splitter, 1);
    m_emptyState = buildEmptyState();
    layout->addWidget(m_emptyState, 1);
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_model, signal, this, &ObjectPage::updateEmptyState);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ObjectPage::updateEmptyState);
    updateEmptyState();
    if (!m_splitterState.isEmpty())
        m_splitter->restoreState(m_splitterState);

    connect(m_filter, &QLineEdit::textChanged, m_proxy, &ObjectFilterModel::setFilterText);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                const int row = current.isValid() ? m_proxy->mapToSource(current).row() : -1;
                if (row >= 0)
                    ensureForm()->setCurrentRow(row);
                else if (m_form)
                    m_form->setCurrentRow(-1);
                emit selectionChanged();
            });
    connect(m_model, &QAbstractItemModel::modelReset, this, &ObjectPage::selectionChanged);
    // Sensible initial column widths, once per table, when it first has rows (never at startup, where they are
    // empty): each summary column as wide as its header and its first rows need, within limits (the name may take
    // more), the last one filling the rest. Widths the user sets by hand are kept after that.
    QTableView *table = m_table;
    table->verticalHeader()->setResizeContentsPrecision(100); // measure at most 100 rows, even with 10,000
    auto fitted = std::make_shared<bool>(false);
    auto fitColumns = [table, fitted] {
        if (*fitted || table->model()->rowCount() == 0)
            return;
        *fitted = true;
        for (int column = 0; column + 1 < table->model()->columnCount(); ++column) {
            table->resizeColumnToContents(column);
            table->setColumnWidth(column, qBound(90, table->columnWidth(column) + 12, column == 0 ? 300 : 220));
        }
    };
    connect(m_model, &QAbstractItemModel::modelReset, table, fitColumns);
    connect(m_model, &QAbstractItemModel::rowsInserted, table, fitColumns);
    fitColumns();
    // Like selectFirstRow() for the pages that were built when the document was loaded.
    if (m_proxy->rowCount() > 0)
        m_table->setCurrentIndex(m_proxy->index(0, 0));
}

// What the page says while its list is empty: what the object is for and what to create first, with the button.
QWidget *ObjectPage::buildEmptyState()
{
    auto *box = new QWidget(this);
    box->setObjectName(QString::fromLatin1(m_spec.name) + QStringLiteral("EmptyState"));
    auto *label = new QLabel(box);
    label->setObjectName(QString::fromLatin1(m_spec.name) + QStringLiteral("EmptyText"));
    label->setWordWrap(true);
    label->setAlignment(Qt::AlignCenter);
    switch (m_spec.kind) {
    case ObjectKind::Environment:
        label->setText(tr("No environment yet. Start here: an environment is the CMiC system the calls go to (its API "
                          "base URL) and how its OAuth filter reads the user."));
        break;
    case ObjectKind::ServiceUser:
        label->setText(tr("No service user yet. Add the dedicated CMiC user the API calls run as (step 1 of the "
                          "setup); no person should sign in with it."));
        break;
    case ObjectKind::Registration:
        label->setText(tr("No registration yet. A registration is the app in your identity provider as CMiC API "
                          "Security knows it: App ID, Issuer, JWKS URI. Add the environment and the service user "
                          "first; the setup checklist below shows the steps."));
        break;
    }
    auto *add = new QPushButton(tr("&Add %1").arg(objectLabel()), box);
    add->setObjectName(QString::fromLatin1(m_spec.name) + QStringLiteral("EmptyAdd"));
    add->setAccessibleName(tr("Add %1").arg(objectLabel()));
    connect(add, &QPushButton::clicked, this, &ObjectPage::addRequested);
    auto *layout = new QVBoxLayout(box);
    layout->addStretch(1);
    layout->addWidget(label);
    layout->addWidget(add, 0, Qt::AlignHCenter);
    layout->addStretch(2);
    layout->setContentsMargins(40, 0, 40, 0);
    return box;
}

void ObjectPage::updateEmptyState()
{
    const bool empty = m_model->rowCount() == 0;
    m_emptyState->setVisible(empty);
    m_splitter->setVisible(!empty);
}

ObjectForm *ObjectPage::ensureForm()
{
    ensureBuilt();
    if (m_form)
        return m_form;
    ObjectForm *built = m_spec.createForm(m_model, m_formContext);
    m_scroll->setWidget(built); // replaces (and deletes) the placeholder
    // Narrower than the form wants scrolls it sideways: the window still fits a 1024-pixel screen (and 200 %).
    m_form = built;
    emit formBuilt(built);
    return built;
}

int ObjectPage::currentSourceRow() const { return m_form ? m_form->currentRow() : -1; }

bool ObjectPage::select(const QString &id)
{
    ensureBuilt();
    const QModelIndex source = m_model->indexOfId(id);
    if (!source.isValid())
        return false;
    QModelIndex proxyIndex = m_proxy->mapFromSource(source);
    if (!proxyIndex.isValid()) {
        m_filter->clear(); // the filter hid it
        proxyIndex = m_proxy->mapFromSource(source);
    }
    m_table->setCurrentIndex(proxyIndex);
    m_table->scrollTo(proxyIndex);
    return true;
}

void ObjectPage::selectFirstRow()
{
    if (!m_built)
        return; // selects its first row when it is built
    if (m_proxy->rowCount() > 0)
        m_table->setCurrentIndex(m_proxy->index(0, 0));
    else if (m_form)
        m_form->setCurrentRow(-1);
}

QByteArray ObjectPage::splitterState() const { return m_built ? m_splitter->saveState() : m_splitterState; }

void ObjectPage::restoreSplitterState(const QByteArray &state)
{
    m_splitterState = state;
    if (m_built)
        m_splitter->restoreState(state);
}

} // namespace cmic
