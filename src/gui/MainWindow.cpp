#include "MainWindow.h"

#include "FindingsModel.h"
#include "LazyStyleIcon.h"
#include "ObjectForms.h"
#include "ObjectTableModels.h"
#include "PrivateKeyField.h"
#include "SecretField.h"
#include "UserPrompts.h"
#include "ValidateSetupWizard.h"
#include "core/export/Exporter.h"
#include "core/storage/CredentialKind.h"
#include "core/storage/KeychainSecretStore.h"
#include "core/storage/WorkspaceFile.h"
#include "core/util/Clock.h"
#include "core/util/FileNames.h"
#include "sandbox/CmicStandIn.h"
#include "sandbox/DemoIdentityProvider.h"
#include "sandbox/DemoSandbox.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLoggingCategory>
#include <QMenu>
#include <QMenuBar>
#include <QSaveFile>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>

#include <memory>

namespace cmic {

Q_LOGGING_CATEGORY(lcGui, "cmic.gui")

namespace {

constexpr int pageIndex(ObjectKind kind) { return static_cast<int>(kind); }

const char *const kStyleSheet = R"(
QLineEdit[cmicFinding="error"], QComboBox[cmicFinding="error"], QPlainTextEdit[cmicFinding="error"],
QCheckBox[cmicFinding="error"], cmic--OptionalDateEdit[cmicFinding="error"], cmic--StringListEdit[cmicFinding="error"],
QWidget#presetParameters[cmicFinding="error"] {
    border: 2px solid #c62828; border-radius: 3px; padding: 1px;
}
QLineEdit[cmicFinding="warning"], QComboBox[cmicFinding="warning"], QPlainTextEdit[cmicFinding="warning"],
QCheckBox[cmicFinding="warning"], cmic--OptionalDateEdit[cmicFinding="warning"],
cmic--StringListEdit[cmicFinding="warning"], QWidget#presetParameters[cmicFinding="warning"] {
    border: 2px solid #e08a00; border-radius: 3px; padding: 1px;
}
QLabel[cmicFinding="error"] { color: #b71c1c; }
QLabel#presetNotes { color: #505860; }
)";

QString stripMnemonic(QString text)
{
    return text.remove(QLatin1Char('&')).remove(QStringLiteral("…")).remove(QStringLiteral("...")).trimmed();
}

} // namespace

MainWindow::MainWindow(SecretStore *secretStore, const Clock *clock, QWidget *parent)
    : QMainWindow(parent), m_document(new WorkspaceDocument(this, clock)), m_secretStore(secretStore),
      m_prompts(std::make_unique<DialogPrompts>()), m_clock(clock ? clock : &Clock::system())
{
    setObjectName(QStringLiteral("mainWindow"));
    if (!m_secretStore)
        m_secretStore = new KeychainSecretStore(this);
    setMinimumSize(900, 600);
    resize(1400, 900);

    createPages();
    createFindingsDock();
    createActions();

    m_findingsLabel = new QLabel(this);
    m_findingsLabel->setObjectName(QStringLiteral("findingsSummary"));
    statusBar()->addPermanentWidget(m_findingsLabel);

    connect(m_document, &WorkspaceDocument::modifiedChanged, this, &MainWindow::updateTitle);
    connect(m_document, &WorkspaceDocument::filePathChanged, this, &MainWindow::updateTitle);
    connect(m_document, &WorkspaceDocument::findingsChanged, this, &MainWindow::updateFindingsSummary);
    connect(m_document, &WorkspaceDocument::resetDone, this, [this] {
        // Another document (or the saved one again): registrations removed but never saved still exist in their
        // file, so their secrets stay.
        m_secretsToDelete.clear();
        m_secretsDeleted.clear();
        updateTitle();
        updateFindingsSummary();
        selectFirstRows();
    });
    connect(m_document, &WorkspaceDocument::objectInserted, this, [this](ObjectKind kind, int row) {
        if (kind != ObjectKind::Registration)
            return;
        const QString id = m_document->objectId(kind, row);
        if (m_secretsToDelete.remove(id))
            statusBar()->showMessage(tr("The registration is back, with its secret."), 5000);
        else if (m_secretsDeleted.remove(id))
            statusBar()->showMessage(tr("The registration is back, but its secret was deleted from the keychain when "
                                        "the removal was saved: enter it again."),
                                     15000);
    });

    restoreSettings();
    updateTitle();
    updateFindingsSummary();
    updateActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::setPrompts(std::unique_ptr<UserPrompts> prompts)
{
    m_prompts = std::move(prompts);
    if (m_validateWizard)
        m_validateWizard->setPrompts(m_prompts.get());
}

// ---------------------------------------------------------------------------------------------------------------
void MainWindow::createPages()
{
    m_navigation = new QListWidget(this);
    m_navigation->setObjectName(QStringLiteral("navigation"));
    m_navigation->setAccessibleName(tr("Sections"));
    m_navigation->setIconSize(QSize(22, 22));
    QFont navFont = m_navigation->font();
    navFont.setPointSizeF(navFont.pointSizeF() * 1.15);
    m_navigation->setFont(navFont);
    m_navigation->setMinimumWidth(170);
    m_navigation->setMaximumWidth(260);
    auto *envItem = new QListWidgetItem(lazyStyleIcon(QStyle::SP_DriveNetIcon), tr("Environments"), m_navigation);
    auto *userItem = new QListWidgetItem(lazyStyleIcon(QStyle::SP_DirHomeIcon), tr("Service users"), m_navigation);
    auto *regItem =
        new QListWidgetItem(lazyStyleIcon(QStyle::SP_FileDialogDetailedView), tr("Registrations"), m_navigation);
    for (QListWidgetItem *item : {envItem, userItem, regItem})
        item->setSizeHint(QSize(0, m_navigation->fontMetrics().height() + 18));
    envItem->setToolTip(tr("The CMiC environments and how their OAuth filter is configured"));
    userItem->setToolTip(tr("The CMiC users API calls run as"));
    regItem->setToolTip(tr("The app registrations CMiC API Security holds: App ID, Issuer, JWKS URI"));

    m_stack = new QStackedWidget(this);
    m_stack->setObjectName(QStringLiteral("pages"));

    auto *envModel = new EnvironmentModel(m_document, this);
    auto *userModel = new ServiceUserModel(m_document, this);
    auto *regModel = new RegistrationModel(m_document, this);
    m_pages[0] = createPage(ObjectKind::Environment, envModel, QStringLiteral("environment"));
    m_pages[1] = createPage(ObjectKind::ServiceUser, userModel, QStringLiteral("serviceUser"));
    m_pages[2] = createPage(ObjectKind::Registration, regModel, QStringLiteral("registration"));

    m_mainSplitter = new QSplitter(Qt::Horizontal, this);
    m_mainSplitter->setObjectName(QStringLiteral("mainSplitter"));
    m_mainSplitter->addWidget(m_navigation);
    m_mainSplitter->addWidget(m_stack);
    m_mainSplitter->setStretchFactor(1, 1);
    m_mainSplitter->setChildrenCollapsible(false);
    m_mainSplitter->setSizes({190, 1200});
    setCentralWidget(m_mainSplitter);

    connect(m_navigation, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0) {
            ensurePage(static_cast<ObjectKind>(row));
            m_stack->setCurrentIndex(row);
        }
        updateActions();
    });
    auto updateCounts = [this] {
        const QStringList names = {tr("Environments"), tr("Service users"), tr("Registrations")};
        for (int i = 0; i < 3; ++i)
            m_navigation->item(i)->setText(
                QStringLiteral("%1  (%2)").arg(names.at(i)).arg(m_pages[i].model->rowCount()));
    };
    for (const Page &p : m_pages) {
        connect(p.model, &QAbstractItemModel::rowsInserted, this, updateCounts);
        connect(p.model, &QAbstractItemModel::rowsRemoved, this, updateCounts);
        connect(p.model, &QAbstractItemModel::modelReset, this, updateCounts);
    }
    updateCounts();
    m_navigation->setCurrentRow(pageIndex(ObjectKind::Registration));
}

MainWindow::Page MainWindow::createPage(ObjectKind kind, ObjectTableModel *model, const QString &name)
{
    Page page;
    page.kind = kind;
    page.name = name;
    page.model = model;
    page.widget = new QWidget;
    page.widget->setObjectName(name + QStringLiteral("FilterPage"));
    m_stack->addWidget(page.widget);
    return page;
}

MainWindow::Page &MainWindow::ensurePage(ObjectKind kind)
{
    Page &page = m_pages[pageIndex(kind)];
    if (!page.built)
        buildPage(page);
    return page;
}

void MainWindow::buildPage(Page &page)
{
    page.built = true;
    const ObjectKind kind = page.kind;
    ObjectTableModel *model = page.model;
    const QString filterName = page.name + QStringLiteral("Filter");
    page.proxy = new ObjectFilterModel(model, this, /*summaryColumnsOnly=*/true);
    auto *layout = new QVBoxLayout(page.widget);
    layout->setContentsMargins(6, 6, 6, 0);

    auto *filterRow = new QHBoxLayout;
    auto *filterLabel = new QLabel(tr("&Filter:"), page.widget);
    page.filter = new QLineEdit(page.widget);
    page.filter->setObjectName(filterName);
    // The clear button shows only over text; its icon is created (and decoded) when the first text is typed, not at
    // startup.
    connect(page.filter, &QLineEdit::textChanged, page.filter, [filter = page.filter](const QString &text) {
        if (!text.isEmpty() && !filter->isClearButtonEnabled())
            filter->setClearButtonEnabled(true);
    });
    page.filter->setAccessibleName(tr("Filter"));
    page.filter->setPlaceholderText(kind == ObjectKind::Environment ? tr("Filter environments by name, URL…")
                                    : kind == ObjectKind::ServiceUser
                                        ? tr("Filter service users by name, e-mail…")
                                        : tr("Filter registrations by name, App ID, issuer…"));
    page.filter->setToolTip(tr("Shows only the rows with this text in a visible column (not case-sensitive)."));
    filterLabel->setBuddy(page.filter);
    filterRow->addWidget(filterLabel);
    filterRow->addWidget(page.filter, 1);
    layout->addLayout(filterRow);

    page.table = new QTableView(page.widget);
    page.table->setObjectName(page.name + QStringLiteral("Table"));
    page.table->setAccessibleName(kind == ObjectKind::Environment   ? tr("Environments")
                                  : kind == ObjectKind::ServiceUser ? tr("Service users")
                                                                    : tr("Registrations"));
    page.table->setModel(page.proxy);
    page.table->setSelectionBehavior(QAbstractItemView::SelectRows);
    page.table->setSelectionMode(QAbstractItemView::SingleSelection);
    page.table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    page.table->setSortingEnabled(true);
    page.table->sortByColumn(-1, Qt::AscendingOrder);
    page.table->setAlternatingRowColors(true);
    page.table->setWordWrap(false);
    page.table->verticalHeader()->hide();
    page.table->verticalHeader()->setDefaultSectionSize(page.table->fontMetrics().height() + 10);
    page.table->horizontalHeader()->setStretchLastSection(true);
    page.table->horizontalHeader()->setDefaultSectionSize(150);
    page.table->setMinimumWidth(280);
    if (kind == ObjectKind::Registration) {
        page.table->setContextMenuPolicy(Qt::CustomContextMenu);
        connect(page.table, &QWidget::customContextMenuRequested, this, [this, table = page.table](const QPoint &pos) {
            QMenu menu(this);
            menu.addAction(m_validateAction);
            menu.addAction(m_exportAction);
            menu.addSeparator();
            menu.addAction(m_removeAction);
            menu.exec(table->viewport()->mapToGlobal(pos));
        });
    }

    // The detail form is built when the first object is shown (see ensureForm), not at startup.
    auto *scroll = new QScrollArea(page.widget);
    scroll->setObjectName(page.name + QStringLiteral("FormScroll"));
    auto *placeholder =
        new QLabel(kind == ObjectKind::Environment   ? tr("Select an environment, or add one with Add Environment.")
                   : kind == ObjectKind::ServiceUser ? tr("Select a service user, or add one with Add Service User.")
                                                     : tr("Select a registration, or add one with Add Registration."));
    placeholder->setAlignment(Qt::AlignCenter);
    // One line that fits the form's minimum width: no word wrap, so laying out the window needs no height-for-width
    // text measurement for the three pages.
    scroll->setWidget(placeholder);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setMinimumWidth(560);
    page.scroll = scroll;

    page.splitter = new QSplitter(Qt::Horizontal, page.widget);
    page.splitter->setObjectName(page.name + QStringLiteral("Splitter"));
    page.splitter->addWidget(page.table);
    page.splitter->addWidget(scroll);
    page.splitter->setStretchFactor(0, 1);
    page.splitter->setStretchFactor(1, 1);
    page.splitter->setChildrenCollapsible(false);
    page.splitter->setSizes({520, 760});
    layout->addWidget(page.splitter, 1);
    if (!page.splitterState.isEmpty())
        page.splitter->restoreState(page.splitterState);

    ObjectFilterModel *proxy = page.proxy;
    connect(page.filter, &QLineEdit::textChanged, proxy, &ObjectFilterModel::setFilterText);
    connect(page.table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this, proxy, kind](const QModelIndex &current) {
                const int row = current.isValid() ? proxy->mapToSource(current).row() : -1;
                if (row >= 0)
                    form(kind)->setCurrentRow(row);
                else if (ObjectForm *built = m_pages[pageIndex(kind)].form)
                    built->setCurrentRow(-1);
                updateActions();
            });
    connect(model, &QAbstractItemModel::modelReset, this, &MainWindow::updateActions);
    // Sensible initial column widths, once per table, when it first has rows (never at startup, where they are
    // empty): each summary column as wide as its header and its first rows need, within limits (the name may take
    // more), the last one filling the rest. Widths the user sets by hand are kept after that.
    QTableView *table = page.table;
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
    connect(model, &QAbstractItemModel::modelReset, table, fitColumns);
    connect(model, &QAbstractItemModel::rowsInserted, table, fitColumns);
    fitColumns();
    // Like selectFirstRows() for the pages that were built when the document was loaded.
    if (page.proxy->rowCount() > 0)
        page.table->setCurrentIndex(page.proxy->index(0, 0));
}

void MainWindow::createFindingsDock()
{
    m_findingsModel = new FindingsModel(m_document, this);
    auto *dock = new QDockWidget(tr("Findings"), this);
    dock->setObjectName(QStringLiteral("findingsDock"));
    dock->setAccessibleName(tr("Findings"));
    m_findingsView = new QTableView(dock);
    m_findingsView->setObjectName(QStringLiteral("findingsView"));
    m_findingsView->setAccessibleName(tr("Findings"));
    m_findingsView->setToolTip(tr("Problems in the setup. Click one to go to the field it is about."));
    m_findingsView->setModel(m_findingsModel);
    m_findingsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_findingsView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_findingsView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_findingsView->setWordWrap(true);
    m_findingsView->setAlternatingRowColors(true);
    m_findingsView->verticalHeader()->hide();
    m_findingsView->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    QHeaderView *header = m_findingsView->horizontalHeader();
    header->setSectionResizeMode(FindingsModel::SeverityColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(FindingsModel::SubjectColumn, QHeaderView::Interactive);
    header->setSectionResizeMode(FindingsModel::MessageColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(FindingsModel::FixColumn, QHeaderView::Stretch);
    header->resizeSection(FindingsModel::SubjectColumn, 260); // "Registration <name>" on one line
    dock->setWidget(m_findingsView);
    addDockWidget(Qt::BottomDockWidgetArea, dock);
    resizeDocks({dock}, {170}, Qt::Vertical);
    auto jump = [this](const QModelIndex &index) {
        if (index.isValid())
            jumpToFinding(m_findingsModel->finding(index.row()));
    };
    connect(m_findingsView, &QTableView::clicked, this, jump);
    connect(m_findingsView, &QTableView::activated, this, jump);
}

void MainWindow::createActions()
{
    auto make = [this](const QString &name, const QString &text, const QIcon &icon, const QKeySequence &key,
                       const QString &tip) {
        auto *a = new QAction(icon, text, this);
        a->setObjectName(name);
        if (!key.isEmpty())
            a->setShortcut(key);
        a->setStatusTip(tip);
        a->setToolTip(
            stripMnemonic(text)
            + (key.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(key.toString(QKeySequence::NativeText))));
        return a;
    };
    auto *newAction = make(QStringLiteral("actionNew"), tr("&New"), lazyStyleIcon(QStyle::SP_FileIcon),
                           QKeySequence::New, tr("Start an empty workspace"));
    auto *openAction = make(QStringLiteral("actionOpen"), tr("&Open…"), lazyStyleIcon(QStyle::SP_DialogOpenButton),
                            QKeySequence::Open, tr("Open a workspace file"));
    m_saveAction = make(QStringLiteral("actionSave"), tr("&Save"), lazyStyleIcon(QStyle::SP_DialogSaveButton),
                        QKeySequence::Save, tr("Save the workspace (no secrets are written to it)"));
    auto *saveAsAction = make(QStringLiteral("actionSaveAs"), tr("Save &As…"), QIcon(), QKeySequence::SaveAs,
                              tr("Save the workspace under another name"));
    m_exportAction = make(QStringLiteral("actionExport"), tr("&Export…"), lazyStyleIcon(QStyle::SP_ArrowRight),
                          QKeySequence(tr("Ctrl+E")),
                          tr("Write the selected registration as a configuration file (never with its secret)"));
    m_validateAction = make(QStringLiteral("actionValidateSetup"), tr("&Validate Setup…"),
                            lazyStyleIcon(QStyle::SP_DialogApplyButton), QKeySequence(tr("Ctrl+R")),
                            tr("Prove the selected registration end to end: token from the identity provider, CMiC's "
                               "checks, a call to CMiC"));
    auto *quitAction =
        make(QStringLiteral("actionQuit"), tr("&Quit"), QIcon(), QKeySequence::Quit, tr("Close the console"));
    QAction *undoAction = m_document->undoStack()->createUndoAction(this, tr("&Undo"));
    undoAction->setObjectName(QStringLiteral("actionUndo"));
    undoAction->setShortcut(QKeySequence::Undo);
    undoAction->setIcon(lazyStyleIcon(QStyle::SP_ArrowBack));
    QAction *redoAction = m_document->undoStack()->createRedoAction(this, tr("&Redo"));
    redoAction->setObjectName(QStringLiteral("actionRedo"));
    redoAction->setShortcut(QKeySequence::Redo);
    redoAction->setIcon(lazyStyleIcon(QStyle::SP_ArrowForward));
    m_addAction = make(QStringLiteral("actionAdd"), tr("&Add"), lazyStyleIcon(QStyle::SP_FileDialogNewFolder),
                       QKeySequence(tr("Ctrl+Shift+A")), tr("Add an object to the current list"));
    m_removeAction = make(QStringLiteral("actionRemove"), tr("Re&move"), lazyStyleIcon(QStyle::SP_TrashIcon),
                          QKeySequence(tr("Ctrl+Del")), tr("Remove the selected object (undoable)"));

    connect(newAction, &QAction::triggered, this, &MainWindow::newDocument);
    connect(openAction, &QAction::triggered, this, [this] {
        if (!maybeSave())
            return;
        const QString path = m_prompts->openFileName(this, suggestedDirectory());
        if (!path.isEmpty())
            openWithoutAsking(path);
    });
    connect(m_saveAction, &QAction::triggered, this, &MainWindow::save);
    connect(saveAsAction, &QAction::triggered, this, &MainWindow::saveAs);
    connect(m_exportAction, &QAction::triggered, this, &MainWindow::exportCurrentRegistration);
    connect(m_validateAction, &QAction::triggered, this, &MainWindow::validateSetup);
    connect(quitAction, &QAction::triggered, this, &QWidget::close);
    connect(m_addAction, &QAction::triggered, this, &MainWindow::addObject);
    connect(m_removeAction, &QAction::triggered, this, &MainWindow::removeObject);

    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->setObjectName(QStringLiteral("menuFile"));
    file->addAction(newAction);
    file->addAction(openAction);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("menuRecent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
    file->addSeparator();
    file->addAction(m_saveAction);
    file->addAction(saveAsAction);
    file->addAction(m_exportAction);
    file->addSeparator();
    file->addAction(quitAction);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->setObjectName(QStringLiteral("menuEdit"));
    edit->addAction(undoAction);
    edit->addAction(redoAction);
    edit->addSeparator();
    edit->addAction(m_addAction);
    edit->addAction(m_removeAction);

    QMenu *tools = menuBar()->addMenu(tr("&Tools"));
    tools->setObjectName(QStringLiteral("menuTools"));
    tools->addAction(m_validateAction);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("menuView"));
    QAction *toggleFindings = findChild<QDockWidget *>(QStringLiteral("findingsDock"))->toggleViewAction();
    toggleFindings->setObjectName(QStringLiteral("actionShowFindings"));
    view->addAction(toggleFindings);

    auto *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolBar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->setMovable(false);
    for (QAction *a : {newAction, openAction, m_saveAction})
        toolbar->addAction(a);
    toolbar->addSeparator();
    toolbar->addAction(undoAction);
    toolbar->addAction(redoAction);
    toolbar->addSeparator();
    toolbar->addAction(m_addAction);
    toolbar->addAction(m_removeAction);
    toolbar->addSeparator();
    toolbar->addAction(m_exportAction);
    toolbar->addAction(m_validateAction);
    for (QAction *a : toolbar->actions()) {
        if (auto *button = qobject_cast<QToolButton *>(toolbar->widgetForAction(a))) {
            button->setObjectName(QStringLiteral("toolButton_") + a->objectName());
            button->setAccessibleName(stripMnemonic(a->text()));
            connect(a, &QAction::changed, button, [button, a] { button->setAccessibleName(stripMnemonic(a->text())); });
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
ObjectForm *MainWindow::form(ObjectKind kind)
{
    Page &page = ensurePage(kind);
    if (page.form)
        return page.form;
    ObjectForm *built = nullptr;
    switch (kind) {
    case ObjectKind::Environment: built = new EnvironmentForm; break;
    case ObjectKind::ServiceUser: built = new ServiceUserForm; break;
    case ObjectKind::Registration:
        m_registrationForm = new RegistrationForm;
        m_registrationForm->setSecretStore(m_secretStore);
        built = m_registrationForm;
        break;
    }
    built->setStyleSheet(QString::fromLatin1(kStyleSheet));
    built->setModel(page.model);
    if (m_registrationForm == built)
        m_registrationForm->setReferenceModels(m_pages[0].model, m_pages[1].model);
    page.scroll->setWidget(built); // replaces (and deletes) the placeholder
    page.scroll->setMinimumWidth(qMax(560, built->minimumSizeHint().width() + 24));
    page.form = built;
    return built;
}
QTableView *MainWindow::table(ObjectKind kind) const
{
    return const_cast<MainWindow *>(this)->ensurePage(kind).table; // built on first use, like showing it would
}
ObjectTableModel *MainWindow::model(ObjectKind kind) const { return m_pages[pageIndex(kind)].model; }

void MainWindow::showPage(ObjectKind kind) { m_navigation->setCurrentRow(pageIndex(kind)); }

ObjectKind MainWindow::currentKind() const { return static_cast<ObjectKind>(qMax(0, m_stack->currentIndex())); }

int MainWindow::currentSourceRow(ObjectKind kind) const
{
    const ObjectForm *built = m_pages[pageIndex(kind)].form;
    return built ? built->currentRow() : -1;
}

bool MainWindow::selectObject(ObjectKind kind, const QString &id)
{
    const Page &page = ensurePage(kind);
    const QModelIndex source = page.model->indexOfId(id);
    if (!source.isValid())
        return false;
    showPage(kind);
    QModelIndex proxyIndex = page.proxy->mapFromSource(source);
    if (!proxyIndex.isValid()) {
        page.filter->clear(); // the filter hid it
        proxyIndex = page.proxy->mapFromSource(source);
    }
    page.table->setCurrentIndex(proxyIndex);
    page.table->scrollTo(proxyIndex);
    return true;
}

bool MainWindow::jumpToFinding(const Finding &finding)
{
    ObjectKind kind;
    switch (finding.subjectKind) {
    case SubjectKind::Environment: kind = ObjectKind::Environment; break;
    case SubjectKind::ServiceUser: kind = ObjectKind::ServiceUser; break;
    case SubjectKind::Registration: kind = ObjectKind::Registration; break;
    default: return false;
    }
    if (!selectObject(kind, finding.subjectId))
        return false;
    form(kind)->focusField(finding.field);
    statusBar()->showMessage(finding.fix, 10000);
    return true;
}

void MainWindow::selectFirstRows()
{
    for (const Page &page : m_pages) {
        if (!page.built)
            continue; // selects its first row when it is built
        if (page.proxy->rowCount() > 0)
            page.table->setCurrentIndex(page.proxy->index(0, 0));
        else if (page.form)
            page.form->setCurrentRow(-1);
    }
    updateActions();
}

void MainWindow::addObject()
{
    const ObjectKind kind = currentKind();
    Page &page = ensurePage(kind);
    page.filter->clear();
    const int row = page.model->addObject();
    selectObject(kind, page.model->index(row, 0).data(ObjectTableModel::IdRole).toString());
    form(kind)->focusField(page.model->fieldName(0));
}

void MainWindow::removeObject()
{
    const ObjectKind kind = currentKind();
    const Page &page = m_pages[pageIndex(kind)];
    const int row = currentSourceRow(kind);
    if (row < 0)
        return;
    const QString id = page.form->currentId();
    page.model->removeObject(row);
    if (kind == ObjectKind::Registration) {
        // Its secret (or private key) leaves the keychain when the removal is saved, so Undo until then brings both
        // back, and a removal that is never saved loses nothing.
        m_secretsToDelete.insert(id);
        statusBar()->showMessage(tr("Registration removed. Its secret stays in the keychain until you save, so Undo "
                                    "brings both back."),
                                 15000);
    }
}

void MainWindow::updateActions()
{
    if (!m_removeAction)
        return;
    const ObjectKind kind = currentKind();
    m_removeAction->setEnabled(currentSourceRow(kind) >= 0);
    m_exportAction->setEnabled(currentSourceRow(ObjectKind::Registration) >= 0);
    m_validateAction->setEnabled(currentSourceRow(ObjectKind::Registration) >= 0);
    const QStringList names = {tr("Environment"), tr("Service User"), tr("Registration")};
    m_addAction->setText(tr("&Add %1").arg(names.at(pageIndex(kind))));
    m_removeAction->setText(tr("Re&move %1").arg(names.at(pageIndex(kind))));
}

void MainWindow::updateTitle()
{
    setWindowTitle(tr("%1[*] — CMiC OAuth Console").arg(m_document->displayName()));
    setWindowModified(m_document->isModified());
}

void MainWindow::updateFindingsSummary() { m_findingsLabel->setText(m_findingsModel->summary()); }

// ---------------------------------------------------------------------------------------------------------------
bool MainWindow::maybeSave()
{
    if (!m_document->isModified())
        return true;
    switch (m_prompts->askSaveChanges(this, m_document->displayName())) {
    case UserPrompts::SaveChoice::Save: return save();
    case UserPrompts::SaveChoice::Discard: return true;
    case UserPrompts::SaveChoice::Cancel: return false;
    }
    return false;
}

bool MainWindow::newDocument()
{
    if (!maybeSave())
        return false;
    m_document->file().clear();
    Workspace workspace;
    workspace.id = Workspace::newId();
    m_document->reset(workspace, QString());
    statusBar()->showMessage(tr("New workspace. Start with an environment, then a service user and a registration."),
                             8000);
    return true;
}

bool MainWindow::openFile(const QString &path)
{
    if (!maybeSave())
        return false;
    return openWithoutAsking(path);
}

bool MainWindow::openWithoutAsking(const QString &path)
{
    WorkspaceFile file;
    Workspace workspace;
    const WorkspaceFile::Result result = file.open(path, &workspace);
    if (!result.ok()) {
        m_prompts->error(this, tr("Could not open the workspace"), result.message);
        return false;
    }
    m_document->file() = file;
    m_document->reset(workspace, QFileInfo(path).absoluteFilePath(), result.upgraded);
    addRecentFile(path);
    statusBar()->showMessage(tr("Opened %1.").arg(QDir::toNativeSeparators(path)), 5000);
    return true;
}

bool MainWindow::save()
{
    if (m_document->filePath().isEmpty())
        return saveAs();
    return saveTo(m_document->filePath(), false);
}

bool MainWindow::saveAs()
{
    QString suggested = m_document->filePath();
    if (suggested.isEmpty())
        suggested = QDir(suggestedDirectory()).filePath(tr("workspace") + WorkspaceFile::kSuffix);
    QString path = m_prompts->saveFileName(this, tr("Save workspace as"), suggested,
                                           tr("CMiC OAuth workspaces (*.cmic-oauth.json);;All files (*)"));
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path += WorkspaceFile::kSuffix;
    // The file dialog already asked before replacing an existing file.
    return saveTo(path, true);
}

bool MainWindow::saveTo(const QString &path, bool force)
{
    const WorkspaceFile::Result result = m_document->file().save(path, m_document->workspace(), force);
    if (result.error == WorkspaceFile::Error::ChangedOnDisk) {
        switch (m_prompts->askChangedOnDisk(this, QDir::toNativeSeparators(path))) {
        case UserPrompts::DiskChoice::Reload: openWithoutAsking(path); return false; // not saved
        case UserPrompts::DiskChoice::Overwrite: return saveTo(path, true);
        case UserPrompts::DiskChoice::SaveAs: return saveAs();
        case UserPrompts::DiskChoice::Cancel: return false;
        }
        return false;
    }
    if (!result.ok()) {
        m_prompts->error(this, tr("Could not save the workspace"), result.message);
        return false;
    }
    m_document->setFilePath(QFileInfo(path).absoluteFilePath());
    m_document->markSaved();
    deleteSecretsOfRemovedRegistrations();
    addRecentFile(path);
    statusBar()->showMessage(tr("Saved %1 (secrets stay in the keychain).").arg(QDir::toNativeSeparators(path)), 5000);
    return true;
}

void MainWindow::deleteSecretsOfRemovedRegistrations()
{
    const QString workspaceId = m_document->workspace().id;
    if (!m_registrationForm) { // only that page removes registrations, so it exists when there is anything to do
        m_secretsToDelete.clear();
        return;
    }
    for (const QString &id : std::as_const(m_secretsToDelete)) {
        if (m_document->workspace().registration(id))
            continue; // back through undo/redo since
        m_registrationForm->secretField()->forget(credentialKey(workspaceId, id, CredentialKind::ClientSecret));
        m_registrationForm->privateKeyField()->forget(credentialKey(workspaceId, id, CredentialKind::PrivateKey));
        m_secretsDeleted.insert(id);
    }
    m_secretsToDelete.clear();
}

bool MainWindow::loadDemo()
{
    QFile demo(QStringLiteral(":/cmic/examples/demo.cmic-oauth.json"));
    Workspace workspace;
    if (!demo.open(QIODevice::ReadOnly)) {
        m_prompts->error(this, tr("Demo unavailable"),
                         tr("The built-in example workspace is missing from this "
                            "build. Reinstall the console."));
        return false;
    }
    const WorkspaceFile::Result result = WorkspaceFile::parse(demo.readAll(), &workspace, tr("the demo workspace"));
    if (!result.ok()) {
        m_prompts->error(this, tr("Demo unavailable"), result.message);
        return false;
    }
    if (!maybeSave())
        return false;
    m_document->file().clear();
    m_document->reset(workspace, QString()); // untitled: Save asks where to put it
    showPage(ObjectKind::Registration);
    statusBar()->showMessage(tr("Demo workspace loaded. It is untitled: Save asks where to keep it."), 8000);
    return true;
}

bool MainWindow::loadSandbox(const sandbox::DemoSandbox &sandbox)
{
    if (!sandbox.isRunning() || !maybeSave())
        return false;
    m_document->file().clear();
    m_document->reset(sandbox.workspace(), QString()); // untitled: Save asks where to put it
    sandbox.storeSecrets(*m_secretStore);
    showPage(ObjectKind::Registration);
    statusBar()->showMessage(
        tr("Demo sandbox: IdP %1, CMiC stand-in %2. Secrets are kept for this session only; the servers stop "
           "with the console.")
            .arg(sandbox.identityProvider()->issuer(), sandbox.cmic()->apiBaseUrl()));
    return true;
}

bool MainWindow::exportCurrentRegistration()
{
    const QString id = m_registrationForm ? m_registrationForm->currentId() : QString();
    const AppRegistration *registration = m_document->workspace().registration(id);
    if (!registration) {
        m_prompts->error(this, tr("Nothing to export"),
                         tr("Select a registration on the Registrations page first, then choose Export again."));
        return false;
    }
    const QList<const Exporter *> exporters = ExporterRegistry::instance().exporters();
    QStringList names;
    for (const Exporter *e : exporters)
        names.append(e->displayName());
    const int chosen =
        m_prompts->chooseItem(this, tr("Export registration"), tr("Format for \"%1\":").arg(registration->name), names);
    if (chosen < 0 || chosen >= exporters.size())
        return false;
    const Exporter *exporter = exporters.at(chosen);
    const QString base = safeFileStem(registration->name, QStringLiteral("registration"));
    const QString suggested = QDir(suggestedDirectory()).filePath(base + QLatin1Char('.') + exporter->fileSuffix());
    const QString path =
        m_prompts->saveFileName(this, tr("Export %1").arg(exporter->displayName()), suggested,
                                tr("%1 (*.%2);;All files (*)").arg(exporter->displayName(), exporter->fileSuffix()));
    if (path.isEmpty())
        return false;
    QSaveFile out(path);
    if (!out.open(QIODevice::WriteOnly) || out.write(exporter->render(m_document->workspace(), *registration)) < 0
        || !out.commit()) {
        m_prompts->error(this, tr("Export failed"),
                         tr("Could not write %1: %2. Choose a folder you can write to and export again.")
                             .arg(QDir::toNativeSeparators(path), out.errorString()));
        return false;
    }
    statusBar()->showMessage(tr("Exported %1 (without secrets).").arg(QDir::toNativeSeparators(path)), 5000);
    return true;
}

ValidateSetupWizard *MainWindow::validateSetup()
{
    const QString id = m_registrationForm ? m_registrationForm->currentId() : QString();
    if (id.isEmpty())
        return nullptr;
    // The secret field saves when it loses focus: a secret typed just before is stored before the wizard reads it.
    if (QLineEdit *secret = m_registrationForm->secretField()->lineEdit(); secret->hasFocus())
        secret->clearFocus();
    if (!m_validateWizard) {
        m_validateWizard = new ValidateSetupWizard(m_document, m_secretStore, *m_clock, this);
        // "Keep for this session only" keeps the secret in the field, not in the window's store.
        m_validateWizard->setSessionSecretLookup([this](const QString &key) {
            const SecretField *field = m_registrationForm ? m_registrationForm->secretField() : nullptr;
            return field && field->key() == key && field->state() == SecretField::State::SessionOnly
                       ? field->lineEdit()->text()
                       : QString();
        });
        connect(m_validateWizard, &ValidateSetupWizard::findingActivated, this, [this](const Finding &finding) {
            if (jumpToFinding(finding))
                activateWindow();
        });
        connect(m_validateWizard, &ValidateSetupWizard::credentialEntryRequested, this,
                [this](const QString &regId, const QString &field) {
                    Finding credential;
                    credential.subjectKind = SubjectKind::Registration;
                    credential.subjectId = regId;
                    credential.field = field;
                    credential.fix = field == QLatin1String("privateKey")
                                         ? tr("Import the private key, then return to Validate Setup.")
                                         : tr("Enter the client secret and press Enter, then return to "
                                              "Validate Setup.");
                    if (jumpToFinding(credential))
                        activateWindow();
                });
    }
    m_validateWizard->setPrompts(m_prompts.get());
    if (!m_validateWizard->isRunning()) {
        m_validateWizard->restart();
        m_validateWizard->setRegistration(id);
    }
    m_validateWizard->show();
    m_validateWizard->raise();
    m_validateWizard->activateWindow();
    return m_validateWizard;
}

// ---------------------------------------------------------------------------------------------------------------
QString MainWindow::suggestedDirectory() const
{
    if (!m_document->filePath().isEmpty())
        return QFileInfo(m_document->filePath()).absolutePath();
    const QStringList recent = recentFiles();
    if (!recent.isEmpty())
        return QFileInfo(recent.constFirst()).absolutePath();
    return QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
}

QStringList MainWindow::recentFiles() const { return QSettings().value(QStringLiteral("recentFiles")).toStringList(); }

void MainWindow::addRecentFile(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList files = recentFiles();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > kMaxRecentFiles)
        files.removeLast();
    QSettings().setValue(QStringLiteral("recentFiles"), files);
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = recentFiles();
    int n = 0;
    for (const QString &path : files) {
        ++n;
        QAction *a = m_recentMenu->addAction(QStringLiteral("&%1 %2").arg(n).arg(QFileInfo(path).fileName()));
        a->setToolTip(QDir::toNativeSeparators(path));
        a->setStatusTip(QDir::toNativeSeparators(path));
        connect(a, &QAction::triggered, this, [this, path] { openRecent(path); });
    }
    if (files.isEmpty())
        m_recentMenu->addAction(tr("(no recent files)"))->setEnabled(false);
}

void MainWindow::openRecent(const QString &path)
{
    if (!QFileInfo::exists(path)) {
        QStringList files = recentFiles();
        files.removeAll(path);
        QSettings().setValue(QStringLiteral("recentFiles"), files);
        m_prompts->information(this, tr("File not found"),
                               tr("%1 no longer exists, so it was removed from the recent files. If it was moved, "
                                  "open it from its new place with File > Open.")
                                   .arg(QDir::toNativeSeparators(path)));
        return;
    }
    openFile(path);
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("mainWindow"));
    restoreGeometry(settings.value(QStringLiteral("geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("state")).toByteArray());
    m_mainSplitter->restoreState(settings.value(QStringLiteral("mainSplitter")).toByteArray());
    for (int i = 0; i < 3; ++i) {
        Page &page = m_pages[i];
        page.splitterState = settings.value(QStringLiteral("pageSplitter%1").arg(i)).toByteArray();
        if (page.built)
            page.splitter->restoreState(page.splitterState);
    }
    settings.endGroup();
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("mainWindow"));
    settings.setValue(QStringLiteral("geometry"), saveGeometry());
    settings.setValue(QStringLiteral("state"), saveState());
    settings.setValue(QStringLiteral("mainSplitter"), m_mainSplitter->saveState());
    for (int i = 0; i < 3; ++i) {
        const Page &page = m_pages[i];
        settings.setValue(QStringLiteral("pageSplitter%1").arg(i),
                          page.built ? page.splitter->saveState() : page.splitterState);
    }
    settings.endGroup();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    saveSettings();
    event->accept();
}

} // namespace cmic
