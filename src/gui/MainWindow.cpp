#include "MainWindow.h"

#include "AboutDialog.h"
#include "ExpiryView.h"
#include "ExportDialog.h"
#include "FindingsModel.h"
#include "Icons.h"
#include "ObjectForms.h"
#include "ObjectPage.h"
#include "ObjectTableModels.h"
#include "PrivateKeyField.h"
#include "SecretField.h"
#include "SetupChecklistView.h"
#include "StringListEdit.h"
#include "UserPrompts.h"
#include "ValidateSetupWizard.h"
#include "WelcomePage.h"
#include "core/model/Removal.h"
#include "core/rules/SettingsRules.h"
#include "core/storage/CredentialKind.h"
#include "core/storage/DemoFiles.h"
#include "core/storage/KeychainSecretStore.h"
#include "core/storage/SecretStore.h"
#include "core/util/Clock.h"
#include "core/validation/SetupChecklist.h"
#include "core/validation/ValidationHistory.h"
#include "sandbox/CmicStandIn.h"
#include "sandbox/DemoIdentityProvider.h"
#include "sandbox/DemoSandbox.h"
#include "settings/Preferences.h"
#include "settings/PreferencesDialog.h"
#include "settings/WorkspaceSettingsDialog.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QLoggingCategory>
#include <QMenu>
#include <QMenuBar>
#include <QPainter>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QToolBar>
#include <QToolButton>
#include <QUndoStack>
#include <QUrl>

#include <algorithm>
#include <memory>

namespace cmic {

Q_LOGGING_CATEGORY(lcGui, "cmic.gui")

namespace {

QString stripMnemonic(QString text)
{
    return text.remove(QLatin1Char('&')).remove(QStringLiteral("…")).remove(QStringLiteral("...")).trimmed();
}

// The navigation's entries: icon, the section's name left-aligned beside it, its count right-aligned in the same
// place on every line, so names and numbers line up (the item's text, "Registrations  (3)", stays for screen readers).
class NavigationDelegate final : public QStyledItemDelegate
{
public:
    static constexpr int LabelRole = Qt::UserRole + 1;
    static constexpr int CountRole = Qt::UserRole + 2;
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QStyleOptionViewItem opt = option;
        initStyleOption(&opt, index);
        const QString label = index.data(LabelRole).toString();
        const QString count = index.data(CountRole).toString();
        const QWidget *widget = opt.widget;
        QStyle *style = widget ? widget->style() : QApplication::style();
        opt.text = label;
        const int textLeft = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget).left();
        opt.text.clear();
        style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
        // From where the style starts the text to the item's right edge.
        const QRect text = QRect(QPoint(textLeft, opt.rect.top()), opt.rect.bottomRight()).adjusted(4, 0, -8, 0);
        const QFontMetrics metrics(opt.font);
        const int countWidth = metrics.horizontalAdvance(count);
        const QRect countRect(text.right() - countWidth + 1, text.top(), countWidth, text.height());
        QRect labelRect = text;
        labelRect.setRight(countRect.left() - metrics.horizontalAdvance(QLatin1Char(' ')) * 2);
        const QPalette::ColorGroup group = opt.state & QStyle::State_Enabled ? QPalette::Normal : QPalette::Disabled;
        painter->save();
        painter->setFont(opt.font);
        painter->setPen(
            opt.palette.color(group, opt.state & QStyle::State_Selected ? QPalette::HighlightedText : QPalette::Text));
        painter->drawText(labelRect, Qt::AlignLeft | Qt::AlignVCenter,
                          metrics.elidedText(label, Qt::ElideRight, labelRect.width()));
        painter->drawText(countRect, Qt::AlignRight | Qt::AlignVCenter, count);
        painter->restore();
    }

    // The width |view| needs to show |label| and |count| on one line without eliding either, as paint() lays them
    // out: the style's margins around the text, our own insets and the gap between the two.
    static int widthFor(const QListView *view, const QString &label, const QString &count)
    {
        QStyleOptionViewItem opt;
        opt.initFrom(view);
        opt.font = view->font();
        opt.decorationSize = view->iconSize();
        opt.features = QStyleOptionViewItem::HasDisplay | QStyleOptionViewItem::HasDecoration;
        opt.rect = QRect(0, 0, 1000, view->fontMetrics().height() + 18);
        opt.widget = view;
        opt.text = label;
        opt.icon = QIcon(QPixmap(view->iconSize())); // where the entries' icons push the text to
        const int textLeft = view->style()->subElementRect(QStyle::SE_ItemViewItemText, &opt, view).left();
        const int textMargins = textLeft + 4 + 8;
        const QFontMetrics metrics(view->font());
        return textMargins + metrics.horizontalAdvance(label) + metrics.horizontalAdvance(QLatin1Char(' ')) * 2
               + metrics.horizontalAdvance(count) + 2 * view->frameWidth() + 2;
    }
};

} // namespace

MainWindow::MainWindow(SecretStore *secretStore, const Clock *clock, QWidget *parent)
    : QMainWindow(parent), m_document(new WorkspaceDocument(this, clock)), m_secretStore(secretStore),
      m_prompts(std::make_unique<DialogPrompts>()), m_clock(clock ? clock : &Clock::system())
{
    setObjectName(QStringLiteral("mainWindow"));
    if (!m_secretStore)
        m_secretStore = new KeychainSecretStore(this);
    m_document->setSecretStore(m_secretStore); // credential.missing: which registrations have no secret stored
    m_files = new WorkspaceFileController(m_document, m_secretStore, this, this);
    m_files->setPrompts(m_prompts.get());
    m_files->setCredentialForgetter([this](CredentialKind kind, const QString &key) { forgetCredential(kind, key); });
    setMinimumSize(760, 480); // fits a 1024 x 700 screen, and 1600 x 1000 at 200 %
    resize(1400, 900);        // fitted to the screen by restoreSettings()

    m_history = new validation::ValidationHistory(QString(), this);
    createPages();
    createFindingsDock();
    createActions();
    createGuidance();

    m_findingsLabel = new QLabel(this);
    m_findingsLabel->setObjectName(QStringLiteral("findingsSummary"));
    // --demo: secrets go to a session-only store; the window says so while a workspace is open (core words it).
    auto *sessionNotice = new QLabel(this);
    sessionNotice->setObjectName(QStringLiteral("sessionSecretsNotice"));
    sessionNotice->setWordWrap(true);
    const auto updateSessionNotice = [this, sessionNotice] {
        sessionNotice->setText(sessionOnlySecretsNotice(m_document->workspace(), m_secretStore->isPersistent()));
        sessionNotice->setVisible(!sessionNotice->text().isEmpty());
    };
    updateSessionNotice();
    connect(m_document, &WorkspaceDocument::resetDone, sessionNotice, updateSessionNotice);
    statusBar()->addPermanentWidget(sessionNotice, 1);
    statusBar()->addPermanentWidget(m_findingsLabel);
    connect(m_files, &WorkspaceFileController::statusMessage, statusBar(), &QStatusBar::showMessage);

    connect(m_document, &WorkspaceDocument::modifiedChanged, this, &MainWindow::updateTitle);
    connect(m_document, &WorkspaceDocument::filePathChanged, this, &MainWindow::updateTitle);
    connect(m_document, &WorkspaceDocument::findingsChanged, this, &MainWindow::updateFindingsSummary);
    connect(m_document, &WorkspaceDocument::resetDone, this, [this] {
        updateTitle();
        updateFindingsSummary();
        selectFirstRows();
    });

    restoreSettings();
    updateWelcome(); // after the docks' saved state: the welcome page hides them
    updateTitle();
    updateFindingsSummary();
    updateActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::setPrompts(std::unique_ptr<UserPrompts> prompts)
{
    m_prompts = std::move(prompts);
    m_files->setPrompts(m_prompts.get());
    if (m_validateWizard)
        m_validateWizard->setPrompts(m_prompts.get());
}

// ---------------------------------------------------------------------------------------------------------------
ObjectPage *MainWindow::page(ObjectKind kind) const { return m_pages.at(objectPageIndex(kind)); }

RegistrationForm *MainWindow::registrationForm() const
{
    return static_cast<RegistrationForm *>(page(ObjectKind::Registration)->form());
}

void MainWindow::createPages()
{
    m_navigation = new QListWidget(this);
    m_navigation->setObjectName(QStringLiteral("navigation"));
    m_navigation->setAccessibleName(tr("Sections"));
    m_navigation->setIconSize(QSize(22, 22));
    QFont navFont = m_navigation->font();
    navFont.setPointSizeF(navFont.pointSizeF() * 1.15);
    m_navigation->setFont(navFont);
    // Sized from its entries in updateCounts (the widest translated name: French ones are longer).
    m_navigation->setMinimumWidth(140);
    m_navigation->setItemDelegate(new NavigationDelegate(m_navigation));
    m_stack = new QStackedWidget(this);
    m_stack->setObjectName(QStringLiteral("pages"));

    QList<ObjectTableModel *> models; // in table order
    for (const ObjectPageSpec &spec : objectPageSpecs())
        models.append(spec.createModel(m_document, this));
    const FormContext formContext{m_secretStore, models.at(objectPageIndex(ObjectKind::Environment)),
                                  models.at(objectPageIndex(ObjectKind::ServiceUser))};
    for (const ObjectPageSpec &spec : objectPageSpecs()) {
        auto *item = new QListWidgetItem(icon(spec.icon), ObjectPage::tr(spec.navigationLabel), m_navigation);
        item->setSizeHint(QSize(0, m_navigation->fontMetrics().height() + 18));
        item->setToolTip(ObjectPage::tr(spec.navigationToolTip));
        auto *objectPage = new ObjectPage(spec, models.at(m_pages.size()), formContext);
        m_stack->addWidget(objectPage);
        m_pages.append(objectPage);
        connect(objectPage, &ObjectPage::selectionChanged, this, &MainWindow::updateActions);
        connect(objectPage, &ObjectPage::contextMenuRequested, this, &MainWindow::showContextMenu);
        connect(objectPage, &ObjectPage::addRequested, this, &MainWindow::addObject);
        connect(objectPage, &ObjectPage::formBuilt, this, &MainWindow::guardProbeEndpointRemoval);
    }

    m_mainSplitter = new QSplitter(Qt::Horizontal, this);
    m_mainSplitter->setObjectName(QStringLiteral("mainSplitter"));
    m_mainSplitter->addWidget(m_navigation);
    m_mainSplitter->addWidget(m_stack);
    m_mainSplitter->setStretchFactor(1, 1);
    m_mainSplitter->setChildrenCollapsible(false);
    m_mainSplitter->setSizes({170, 1200});
    setCentralWidget(m_mainSplitter);

    connect(m_navigation, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0) {
            m_pages.at(row)->ensureBuilt();
            m_stack->setCurrentIndex(row);
        }
        updateActions();
    });
    auto updateCounts = [this] {
        for (int i = 0; i < m_pages.size(); ++i) {
            QListWidgetItem *item = m_navigation->item(i);
            const int count = m_pages.at(i)->model()->rowCount();
            item->setText(QStringLiteral("%1  (%2)").arg(m_pages.at(i)->navigationLabel()).arg(count));
            item->setData(NavigationDelegate::LabelRole, m_pages.at(i)->navigationLabel());
            item->setData(NavigationDelegate::CountRole, QLocale().toString(count));
        }
        // Every name whole, with room for a three-digit count; never narrower than 140 px, never much wider than
        // the widest entry needs.
        int needed = 140;
        for (int i = 0; i < m_navigation->count(); ++i) {
            const QListWidgetItem *item = m_navigation->item(i);
            const QString count = item->data(NavigationDelegate::CountRole).toString();
            const QString roomFor = count.size() < 3 ? QLocale().toString(999) : count;
            needed = qMax(needed, NavigationDelegate::widthFor(
                                      m_navigation, item->data(NavigationDelegate::LabelRole).toString(), roomFor));
        }
        m_navigation->setMinimumWidth(needed);
        m_navigation->setMaximumWidth(needed + 100);
    };
    for (const ObjectPage *p : std::as_const(m_pages)) {
        connect(p->model(), &QAbstractItemModel::rowsInserted, this, updateCounts);
        connect(p->model(), &QAbstractItemModel::rowsRemoved, this, updateCounts);
        connect(p->model(), &QAbstractItemModel::modelReset, this, updateCounts);
    }
    updateCounts();
    m_navigation->setCurrentRow(objectPageIndex(ObjectKind::Registration));
}

void MainWindow::showContextMenu(const QPoint &globalPos)
{
    QMenu menu(this);
    menu.addAction(m_validateAction);
    menu.addAction(m_exportAction);
    menu.addSeparator();
    menu.addAction(m_removeAction);
    menu.exec(globalPos);
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
    m_findingsView->setTabKeyNavigation(false); // Tab leaves the list (the arrows move within it)
    // One line per finding, every row the same height (the whole text is in the tool tip): a row height measured
    // from its contents costs a text layout per row for every row, seconds for 100,000 findings.
    m_findingsView->setWordWrap(false);
    m_findingsView->setTextElideMode(Qt::ElideRight);
    m_findingsView->setAlternatingRowColors(true);
    m_findingsView->verticalHeader()->hide();
    m_findingsView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_findingsView->verticalHeader()->setDefaultSectionSize(m_findingsView->fontMetrics().height() + 8);
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
    auto *newAction = make(QStringLiteral("actionNew"), tr("&New"), icon(IconId::New), QKeySequence::New,
                           tr("Start an empty workspace"));
    auto *openAction = make(QStringLiteral("actionOpen"), tr("&Open…"), icon(IconId::Open), QKeySequence::Open,
                            tr("Open a workspace file"));
    m_saveAction = make(QStringLiteral("actionSave"), tr("&Save"), icon(IconId::Save), QKeySequence::Save,
                        tr("Save the workspace (no secrets are written to it)"));
    auto *saveAsAction = make(QStringLiteral("actionSaveAs"), tr("Save &As…"), QIcon(), QKeySequence::SaveAs,
                              tr("Save the workspace under another name"));
    m_exportAction =
        make(QStringLiteral("actionExport"), tr("&Export…"), icon(IconId::Export), QKeySequence(tr("Ctrl+E")),
             tr("Write the selected registration as a file for a server, CMiC or the IdP (with its secret "
                "only when you ask)"));
    m_validateAction = make(QStringLiteral("actionValidateSetup"), tr("&Validate Setup…"), icon(IconId::Validate),
                            QKeySequence(tr("Ctrl+R")),
                            tr("Prove the selected registration end to end: token from the identity provider, CMiC's "
                               "checks, a call to CMiC"));
    auto *quitAction =
        make(QStringLiteral("actionQuit"), tr("&Quit"), QIcon(), QKeySequence::Quit, tr("Close the console"));
    QAction *undoAction = m_document->undoStack()->createUndoAction(this, tr("&Undo"));
    undoAction->setObjectName(QStringLiteral("actionUndo"));
    undoAction->setShortcut(QKeySequence::Undo);
    undoAction->setIcon(icon(IconId::Undo));
    QAction *redoAction = m_document->undoStack()->createRedoAction(this, tr("&Redo"));
    redoAction->setObjectName(QStringLiteral("actionRedo"));
    redoAction->setShortcut(QKeySequence::Redo);
    redoAction->setIcon(icon(IconId::Redo));
    // The menu says "Undo Change Issuer"; the toolbar button only "Undo" (its icon text), the command in its tool tip.
    undoAction->setIconText(tr("Undo"));
    redoAction->setIconText(tr("Redo"));
    auto commandTip = [](QAction *action) {
        action->setToolTip(stripMnemonic(action->text())
                           + QStringLiteral(" (%1)").arg(action->shortcut().toString(QKeySequence::NativeText)));
    };
    for (QAction *a : {undoAction, redoAction}) {
        commandTip(a);
        connect(a, &QAction::changed, a, [a, commandTip] {
            if (a->toolTip()
                != stripMnemonic(a->text())
                       + QStringLiteral(" (%1)").arg(a->shortcut().toString(QKeySequence::NativeText)))
                commandTip(a);
        });
    }
    m_addAction = make(QStringLiteral("actionAdd"), tr("&Add"), icon(IconId::Add), QKeySequence(tr("Ctrl+Shift+A")),
                       tr("Add an object to the current list"));
    m_removeAction = make(QStringLiteral("actionRemove"), tr("Re&move"), icon(IconId::Remove),
                          QKeySequence(tr("Ctrl+Del")), tr("Remove the selected object (undoable)"));

    auto *settingsAction = make(
        QStringLiteral("actionWorkspaceSettings"), tr("&Workspace Settings…"), QIcon(), QKeySequence(tr("Ctrl+Alt+S")),
        tr("The workspace's CA bundle, proxy and clock skew (saved in the workspace, undoable)"));
    auto *preferencesAction =
        make(QStringLiteral("actionPreferences"), tr("&Preferences…"), QIcon(), QKeySequence(tr("Ctrl+,")),
             tr("Language, theme, export folder and confirmations on this computer"));
    preferencesAction->setMenuRole(QAction::PreferencesRole);
    connect(settingsAction, &QAction::triggered, this, [this] { openWorkspaceSettings(); });
    connect(preferencesAction, &QAction::triggered, this, &MainWindow::openPreferences);

    connect(newAction, &QAction::triggered, this, &MainWindow::newDocument);
    connect(openAction, &QAction::triggered, m_files, &WorkspaceFileController::openFromDialog);
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
    edit->addSeparator();
    edit->addAction(settingsAction);
    edit->addAction(preferencesAction);

    QMenu *tools = menuBar()->addMenu(tr("&Tools"));
    tools->setObjectName(QStringLiteral("menuTools"));
    tools->addAction(m_validateAction);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->setObjectName(QStringLiteral("menuView"));
    QAction *toggleFindings = findChild<QDockWidget *>(QStringLiteral("findingsDock"))->toggleViewAction();
    toggleFindings->setObjectName(QStringLiteral("actionShowFindings"));
    toggleFindings->setText(tr("&Findings")); // the dock's title without a mnemonic otherwise
    view->addAction(toggleFindings);

    auto *toolbar = m_toolBar = addToolBar(tr("Main"));
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
ObjectForm *MainWindow::form(ObjectKind kind) { return page(kind)->ensureForm(); }

QTableView *MainWindow::table(ObjectKind kind) const
{
    ObjectPage *p = page(kind);
    p->ensureBuilt(); // built on first use, like showing it would
    return p->table();
}

ObjectTableModel *MainWindow::model(ObjectKind kind) const { return page(kind)->model(); }

void MainWindow::showPage(ObjectKind kind) { m_navigation->setCurrentRow(objectPageIndex(kind)); }

ObjectKind MainWindow::currentKind() const { return m_pages.at(qMax(0, m_stack->currentIndex()))->kind(); }

bool MainWindow::selectObject(ObjectKind kind, const QString &id)
{
    ObjectPage *p = page(kind);
    p->ensureBuilt();
    if (!p->model()->indexOfId(id).isValid())
        return false;
    showPage(kind);
    return p->select(id);
}

bool MainWindow::jumpToFinding(const Finding &finding)
{
    if (isSettingFinding(finding)) {
        openWorkspaceSettings(finding.field);
        statusBar()->showMessage(finding.fix, 10000);
        return true;
    }
    const auto specs = objectPageSpecs();
    const auto spec = std::find_if(specs.begin(), specs.end(), [&finding](const ObjectPageSpec &s) {
        return toSubjectKind(s.kind) == finding.subjectKind;
    });
    if (spec == specs.end() || !selectObject(spec->kind, finding.subjectId))
        return false;
    form(spec->kind)->focusField(finding.field);
    statusBar()->showMessage(finding.fix, 10000);
    return true;
}

void MainWindow::selectFirstRows()
{
    for (ObjectPage *p : std::as_const(m_pages))
        p->selectFirstRow();
    updateActions();
}

void MainWindow::addObject()
{
    m_welcomeDismissed = true;
    updateWelcome();
    ObjectPage *p = page(currentKind());
    p->ensureBuilt();
    p->filter()->clear();
    const int row = p->model()->addObject();
    selectObject(p->kind(), p->model()->index(row, 0).data(ObjectTableModel::IdRole).toString());
    // The name is selected, so typing replaces "New environment" at once.
    ObjectForm *form = p->ensureForm();
    form->focusField(p->model()->fieldName(0));
    if (auto *name = qobject_cast<QLineEdit *>(form->fieldWidget(p->model()->fieldName(0))))
        name->selectAll();
}

void MainWindow::removeObject()
{
    const ObjectPage *p = page(currentKind());
    const int row = p->currentSourceRow();
    if (row < 0)
        return;
    const QString id = p->form()->currentId();
    if (!confirmRemoval(removalQuestion(m_document->workspace(), toSubjectKind(p->kind()), id)))
        return;
    p->model()->removeObject(row);
    if (p->kind() == ObjectKind::Registration)
        m_files->registrationRemoved(id);
}

bool MainWindow::confirmRemoval(const RemovalQuestion &question)
{
    if (!preferences::confirmRemovals())
        return true;
    bool dontAskAgain = false;
    if (!m_prompts->confirmRemoval(this, question, &dontAskAgain))
        return false;
    if (dontAskAgain) {
        preferences::setConfirmRemovals(false);
        statusBar()->showMessage(
            tr("Removals no longer ask first; Edit \u25B8 Preferences turns the question back on."), 8000);
    }
    return true;
}

void MainWindow::guardProbeEndpointRemoval(ObjectForm *form)
{
    auto *list = form->findChild<StringListEdit *>(QStringLiteral("probeEndpoints"));
    if (!list)
        return;
    list->setRemovalGuard([this, form](const QString &path) {
        const Environment *environment = m_document->workspace().environment(form->currentId());
        return !environment || confirmRemoval(probeEndpointRemovalQuestion(*environment, path));
    });
}

void MainWindow::updateActions()
{
    if (!m_removeAction)
        return;
    const ObjectPage *current = page(currentKind());
    const int registrationRow = page(ObjectKind::Registration)->currentSourceRow();
    m_removeAction->setEnabled(current->currentSourceRow() >= 0);
    m_exportAction->setEnabled(registrationRow >= 0);
    m_validateAction->setEnabled(registrationRow >= 0);
    // The menus name the kind; the toolbar buttons stay short (icon text), the kind in their tool tips.
    m_addAction->setText(tr("&Add %1").arg(current->objectLabel()));
    m_removeAction->setText(tr("Re&move %1").arg(current->objectLabel()));
    m_addAction->setIconText(tr("Add"));
    m_removeAction->setIconText(tr("Remove"));
    for (QAction *a : {m_addAction, m_removeAction})
        a->setToolTip(stripMnemonic(a->text())
                      + QStringLiteral(" (%1)").arg(a->shortcut().toString(QKeySequence::NativeText)));
}

void MainWindow::updateTitle()
{
    setWindowTitle(tr("%1[*] — CMiC OAuth Console").arg(m_document->displayName()));
    setWindowModified(m_document->isModified());
}

void MainWindow::updateFindingsSummary() { m_findingsLabel->setText(m_findingsModel->summary()); }

// ---------------------------------------------------------------------------------------------------------------
bool MainWindow::newDocument()
{
    const bool created = m_files->newDocument();
    if (created) {
        m_welcomeDismissed = true; // an empty workspace asked for: the setup checklist guides from here
        updateWelcome();
    }
    return created;
}
bool MainWindow::openFile(const QString &path) { return m_files->openFile(path); }
bool MainWindow::save() { return m_files->save(); }
bool MainWindow::saveAs() { return m_files->saveAs(); }

void MainWindow::forgetCredential(CredentialKind kind, const QString &key)
{
    // Through the form's fields, which also drop a session-only copy and clear themselves when showing it. Only
    // the registrations' page removes registrations, so its form exists whenever there is anything to forget.
    RegistrationForm *form = registrationForm();
    if (!form)
        return;
    switch (kind) {
    case CredentialKind::ClientSecret: form->secretField()->forget(key); break;
    case CredentialKind::PrivateKey: form->privateKeyField()->forget(key); break;
    }
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
    if (!m_files->replaceWithUntitled(workspace))
        return false;
    m_welcomeDismissed = true;
    updateWelcome();
    showPage(ObjectKind::Registration);
    statusBar()->showMessage(tr("Demo workspace loaded. It is untitled: Save asks where to keep it."), 8000);
    return true;
}

bool MainWindow::loadSandbox(const sandbox::DemoSandbox &sandbox)
{
    if (!sandbox.isRunning())
        return false;
    // Stored first: the form reads the selected registration's secret as the workspace is shown, and a read asked
    // before the writes would find none.
    sandbox.storeSecrets(*m_secretStore);
    if (!m_files->replaceWithUntitled(sandbox.workspace()))
        return false;
    showPage(ObjectKind::Registration);
    statusBar()->showMessage(
        tr("Demo sandbox: IdP %1, CMiC stand-in %2. Secrets are kept for this session only; the servers stop "
           "with the console.")
            .arg(sandbox.identityProvider()->issuer(), sandbox.cmic()->apiBaseUrl()));
    return true;
}

ExportDialog *MainWindow::exportCurrentRegistration()
{
    const QString id = registrationForm() ? registrationForm()->currentId() : QString();
    if (!m_document->workspace().registration(id)) {
        m_prompts->error(this, tr("Nothing to export"),
                         tr("Select a registration on the Registrations page first, then choose Export again."));
        return nullptr;
    }
    // The secret field saves when it loses focus: a secret typed just before is stored before the dialog reads it.
    if (QLineEdit *secret = registrationForm()->secretField()->lineEdit(); secret->hasFocus())
        secret->clearFocus();
    delete m_exportDialog; // one at a time, always over the workspace as it is now
    m_exportDialog =
        new ExportDialog(m_document->workspace(), id, m_secretStore, *m_prompts, m_files->suggestedDirectory(), this);
    m_exportDialog->setAttribute(Qt::WA_DeleteOnClose);
    // "Keep for this session only" keeps the secret in the field, not in the window's store.
    m_exportDialog->setSessionSecretLookup([this](const QString &key) {
        const RegistrationForm *form = registrationForm();
        const SecretField *field = form ? form->secretField() : nullptr;
        return field && field->key() == key && field->state() == SecretField::State::SessionOnly
                   ? SecretBuffer(field->lineEdit()->text())
                   : SecretBuffer();
    });
    connect(m_exportDialog, &ExportDialog::exported, this, [this](const QString &path, bool withSecret) {
        statusBar()->showMessage(
            withSecret ? tr("Exported %1 with the secret (readable only by you).").arg(QDir::toNativeSeparators(path))
                       : tr("Exported %1 (without secrets).").arg(QDir::toNativeSeparators(path)),
            5000);
    });
    m_exportDialog->open();
    return m_exportDialog;
}

WorkspaceSettingsDialog *MainWindow::openWorkspaceSettings(const QString &field, QWidget *over)
{
    QWidget *parent = over ? over : this;
    if (m_settingsParent != parent)
        delete m_settingsDialog.data(); // one at a time, over the window that asked
    WorkspaceSettingsDialog *dialog = m_settingsDialog.data();
    if (!dialog) {
        dialog = new WorkspaceSettingsDialog(m_document, *m_prompts, *m_clock, parent);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->setWindowModality(Qt::WindowModal);
        m_settingsDialog = dialog;
        m_settingsParent = parent;
    }
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
    if (!field.isEmpty())
        dialog->focusField(field);
    return dialog;
}

PreferencesDialog *MainWindow::openPreferences()
{
    auto *dialog = new PreferencesDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowModality(Qt::WindowModal);
    dialog->show();
    return dialog;
}

ValidateSetupWizard *MainWindow::validateSetup()
{
    const QString id = registrationForm() ? registrationForm()->currentId() : QString();
    if (id.isEmpty())
        return nullptr;
    // The secret field saves when it loses focus: a secret typed just before is stored before the wizard reads it.
    if (QLineEdit *secret = registrationForm()->secretField()->lineEdit(); secret->hasFocus())
        secret->clearFocus();
    if (!m_validateWizard) {
        m_validateWizard = new ValidateSetupWizard(m_document, m_secretStore, *m_clock, this);
        // "Keep for this session only" keeps the secret in the field, not in the window's store.
        m_validateWizard->setSessionSecretLookup([this](const QString &key) {
            const RegistrationForm *form = registrationForm();
            const SecretField *field = form ? form->secretField() : nullptr;
            // text() shares the field's own storage; the buffer takes the UTF-8 of it and wipes its temporary.
            return field && field->key() == key && field->state() == SecretField::State::SessionOnly
                       ? SecretBuffer(field->lineEdit()->text())
                       : SecretBuffer();
        });
        connect(m_validateWizard, &ValidateSetupWizard::runFinished, this, &MainWindow::recordValidation);
        connect(m_validateWizard, &ValidateSetupWizard::findingActivated, this, [this](const Finding &finding) {
            if (isSettingFinding(finding))
                openWorkspaceSettings(finding.field, m_validateWizard); // over the wizard, where the link was
            else if (jumpToFinding(finding))
                activateWindow();
        });
        connect(m_validateWizard, &ValidateSetupWizard::workspaceSettingsRequested, this,
                [this] { openWorkspaceSettings({}, m_validateWizard); });
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
void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = m_files->recentFiles();
    int n = 0;
    for (const QString &path : files) {
        ++n;
        QAction *a = m_recentMenu->addAction(QStringLiteral("&%1 %2").arg(n).arg(QFileInfo(path).fileName()));
        a->setToolTip(QDir::toNativeSeparators(path));
        a->setStatusTip(QDir::toNativeSeparators(path));
        connect(a, &QAction::triggered, m_files, [this, path] { m_files->openRecent(path); });
    }
    if (files.isEmpty())
        m_recentMenu->addAction(tr("(no recent files)"))->setEnabled(false);
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("mainWindow"));
    restoreGeometry(settings.value(QStringLiteral("geometry")).toByteArray());
    fitToScreen();
    restoreState(settings.value(QStringLiteral("state")).toByteArray());
    m_mainSplitter->restoreState(settings.value(QStringLiteral("mainSplitter")).toByteArray());
    for (int i = 0; i < m_pages.size(); ++i)
        m_pages.at(i)->restoreSplitterState(settings.value(QStringLiteral("pageSplitter%1").arg(i)).toByteArray());
    settings.endGroup();
}

void MainWindow::fitToScreen()
{
    // A geometry saved at another scale factor, on a larger screen, or the default size on a small one: never larger
    // than the screen's available area (maximized and full-screen windows are sized by the window manager).
    if (isMaximized() || isFullScreen())
        return;
    QScreen *target = QGuiApplication::screenAt(geometry().center());
    if (!target)
        target = screen() ? screen() : QGuiApplication::primaryScreen();
    if (!target)
        return;
    const QRect fitted = fittedGeometry(geometry(), frameGeometry(), target->availableGeometry(), minimumSize());
    if (fitted != geometry())
        setGeometry(fitted);
}

QRect MainWindow::fittedGeometry(const QRect &geometry, const QRect &frame, const QRect &available,
                                 const QSize &minimum)
{
    // The frame (title bar, borders) around the client area, as far as the window system has said.
    const QMargins margins(geometry.left() - frame.left(), geometry.top() - frame.top(),
                           frame.right() - geometry.right(), frame.bottom() - geometry.bottom());
    const QRect room = available.marginsRemoved(margins);
    QRect out = geometry;
    out.setWidth(qMax(qMin(geometry.width(), room.width()), qMin(minimum.width(), room.width())));
    out.setHeight(qMax(qMin(geometry.height(), room.height()), qMin(minimum.height(), room.height())));
    out.moveLeft(qBound(room.left(), out.left(), qMax(room.left(), room.right() - out.width() + 1)));
    out.moveTop(qBound(room.top(), out.top(), qMax(room.top(), room.bottom() - out.height() + 1)));
    return out;
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("mainWindow"));
    settings.setValue(QStringLiteral("geometry"), saveGeometry());
    settings.setValue(QStringLiteral("state"), saveState());
    settings.setValue(QStringLiteral("mainSplitter"), m_mainSplitter->saveState());
    for (int i = 0; i < m_pages.size(); ++i)
        settings.setValue(QStringLiteral("pageSplitter%1").arg(i), m_pages.at(i)->splitterState());
    settings.endGroup();
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (!m_shownOnce) {
        m_shownOnce = true;
        fitToScreen(); // again, now that the window's frame is known
    }
}

void MainWindow::resizeEvent(QResizeEvent *event)
{
    QMainWindow::resizeEvent(event);
    fitToolBar();
}

// Text beside the icons when every button fits so; on a narrower window (1024 px at 200 %) icons only, the text in
// their tool tips, rather than buttons hidden in the overflow menu.
void MainWindow::fitToolBar()
{
    if (!m_toolBar)
        return;
    if (m_toolBar->toolButtonStyle() == Qt::ToolButtonTextBesideIcon)
        m_toolBarTextWidth = m_toolBar->sizeHint().width();
    m_toolBar->setToolButtonStyle(width() >= m_toolBarTextWidth ? Qt::ToolButtonTextBesideIcon
                                                                : Qt::ToolButtonIconOnly);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_files->maybeSave()) {
        event->ignore();
        return;
    }
    m_welcomeDismissed = true; // the docks the welcome page hid are saved as they were
    updateWelcome();
    saveSettings();
    event->accept();
}

} // namespace cmic
