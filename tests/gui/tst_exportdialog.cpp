// File ▸ Export's dialog: every registered format listed with its description, a live preview of exactly the bytes
// Save writes, the format's warnings, the secret only after a tick and a confirmation (masked in the preview, the
// file 0600), the folder remembered, a file name without trailing punctuation, and a refused or failed write
// explained with the dialog kept open (issue 11; the write errors are issue 9's, item 6).
#include "GuiTestKit.h"

#include "core/export/Exporter.h"
#include "core/model/Workspace.h"
#include "core/storage/CredentialKind.h"
#include "core/storage/MemorySecretStore.h"
#include "gui/ExportDialog.h"
#include "gui/MainWindow.h"
#include "gui/WorkspaceFileController.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFontDatabase>
#include <QLabel>
#include <QListView>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace cmic;
using namespace cmic::test;

namespace {

const QByteArray kSecret = QByteArrayLiteral("s3cr3t-'quoted'-value");

// A format of the test's own, so warnings, secrets and binary or large content can be shown whatever the real
// formats do today.
class FakeExporter final : public Exporter
{
public:
    enum class Kind { Text, Binary, Large };
    FakeExporter(QString id, bool secret, QStringList warnings, Kind kind = Kind::Text)
        : m_id(std::move(id)), m_secret(secret), m_warnings(std::move(warnings)), m_kind(kind)
    {}
    QString id() const override { return m_id; }
    QString displayName() const override { return QStringLiteral("Fake ") + m_id; }
    QString description() const override { return QStringLiteral("Description of ") + m_id; }
    QString fileSuffix() const override { return QStringLiteral("fake"); }
    ExportEscaping escaping() const override { return ExportEscaping::PlainText; }
    bool supportsSecret() const override { return m_secret; }
    ExportResult render(const Workspace &, const AppRegistration &registration,
                        const ExportOptions &options) const override
    {
        ExportResult r;
        r.warnings = m_warnings;
        switch (m_kind) {
        case Kind::Binary: r.content = QByteArray("%PDF-1.4\n\0\x01\x02\xff\xfe binary", 23); break;
        case Kind::Large: r.content = QByteArray(300 * 1024, 'x') + "\nend\n"; break;
        case Kind::Text:
            r.content = "format=" + m_id.toUtf8() + "\nname=" + registration.name.toUtf8() + "\n";
            if (m_secret && options.includeSecret) {
                r.content += "# This file holds the secret.\nsecret=" + options.secret + "\n";
                r.containsSecret = true;
            } else {
                r.content += "secret=env:CMIC_CLIENT_SECRET\n";
            }
            break;
        }
        return r;
    }

private:
    QString m_id;
    bool m_secret;
    QStringList m_warnings;
    Kind m_kind;
};

Workspace twoRegistrations()
{
    Workspace w;
    w.id = QStringLiteral("ws-export");
    AppRegistration r;
    r.id = QStringLiteral("reg-1");
    r.name = QStringLiteral("Payroll sync!");
    r.appId = QStringLiteral("payroll-sync");
    r.issuer = QStringLiteral("https://idp.example.com/");
    w.registrations << r;
    r.id = QStringLiteral("reg-2");
    r.name = QStringLiteral("Timesheets_");
    r.appId = QStringLiteral("timesheets");
    w.registrations << r;
    return w;
}

mode_t nodeType(const QString &path)
{
    struct stat st = {};
    return ::lstat(QFile::encodeName(path).constData(), &st) == 0 ? (st.st_mode & S_IFMT) : 0;
}

mode_t currentUmask()
{
    const mode_t mask = ::umask(022);
    ::umask(mask);
    return mask;
}

mode_t modeOf(const QString &path)
{
    struct stat st = {};
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? (st.st_mode & 07777) : mode_t(0);
}

QByteArray contentOf(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QStringList shownTexts(const QWidget &dialog)
{
    QStringList texts;
    for (const QLabel *label : dialog.findChildren<QLabel *>())
        texts << label->text();
    texts << dialog.findChild<QPlainTextEdit *>(QStringLiteral("exportPreview"))->toPlainText();
    return texts;
}

} // namespace

class TestExportDialog : public QObject
{
    Q_OBJECT

private:
    FakeExporter m_plain{QStringLiteral("plain"), false, {}};
    FakeExporter m_warned{QStringLiteral("warned"),
                          false,
                          {QStringLiteral("Cloud environment: these properties apply to Enterprise app servers "
                                          "only."),
                           QStringLiteral("Second warning.")}};
    FakeExporter m_secretive{QStringLiteral("secretive"), true, {}};
    FakeExporter m_binary{QStringLiteral("binary"), false, {}, FakeExporter::Kind::Binary};
    FakeExporter m_large{QStringLiteral("large"), false, {}, FakeExporter::Kind::Large};
    MemorySecretStore m_store;

    QList<const Exporter *> fakes() const { return {&m_plain, &m_warned, &m_secretive, &m_binary, &m_large}; }

    std::unique_ptr<ExportDialog> fakeDialog(ScriptedPrompts &prompts, const QString &fallback = {},
                                             const QString &registrationId = QStringLiteral("reg-1"))
    {
        auto dialog = std::make_unique<ExportDialog>(twoRegistrations(), registrationId, &m_store, prompts, fallback,
                                                     nullptr, fakes());
        dialog->show();
        return dialog;
    }

    void storeSecret(const QString &registrationId)
    {
        SecretRequest *request =
            m_store.write(credentialKey(QStringLiteral("ws-export"), registrationId, CredentialKind::ClientSecret),
                          SecretBuffer(QByteArrayView(kSecret)));
        QSignalSpy done(request, &SecretRequest::finished);
        QVERIFY(done.wait(5000));
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { QSettings().remove(ExportDialog::folderSettingsKey()); }

    void listsEveryRegisteredFormat()
    {
        ScriptedPrompts prompts;
        ExportDialog dialog(twoRegistrations(), QStringLiteral("reg-1"), &m_store, prompts, QString());
        const QList<const Exporter *> registered = ExporterRegistry::instance().exporters();
        QVERIFY(registered.size() >= 4);
        ExportFormatModel *model = dialog.formatModel();
        QCOMPARE(model->rowCount(), int(registered.size()));
        auto *list = dialog.findChild<QListView *>(QStringLiteral("exportFormats"));
        QCOMPARE(list->model(), model);
        for (int row = 0; row < registered.size(); ++row) {
            const QModelIndex index = model->index(row);
            QCOMPARE(index.data().toString(), registered.at(row)->displayName());
            QCOMPARE(index.data(ExportFormatModel::IdRole).toString(), registered.at(row)->id());
            QCOMPARE(index.data(Qt::ToolTipRole).toString(), registered.at(row)->description());
            QVERIFY(dialog.selectFormat(registered.at(row)->id()));
            QCOMPARE(dialog.findChild<QLabel *>(QStringLiteral("exportDescription"))->text(),
                     registered.at(row)->description());
        }
        QVERIFY(!dialog.selectFormat(QStringLiteral("no-such-format")));
    }

    void switchingFormatUpdatesThePreview()
    {
        ScriptedPrompts prompts;
        const Workspace ws = twoRegistrations();
        ExportDialog dialog(ws, QStringLiteral("reg-1"), &m_store, prompts, QString());
        QStringList seen;
        for (const Exporter *e : ExporterRegistry::instance().exporters()) {
            QVERIFY(dialog.selectFormat(e->id()));
            QCOMPARE(dialog.currentExporter(), e);
            const QString expected = QString::fromUtf8(e->render(ws, ws.registrations.at(0)).content);
            QCOMPARE(dialog.previewText(), expected);
            seen << dialog.previewText();
        }
        seen.removeDuplicates();
        QCOMPARE(seen.size(), ExporterRegistry::instance().exporters().size());
        auto *preview = dialog.findChild<QPlainTextEdit *>(QStringLiteral("exportPreview"));
        QVERIFY(preview->isReadOnly());
        QCOMPARE(preview->font().family(), QFontDatabase::systemFont(QFontDatabase::FixedFont).family());
    }

    void registrationChooserStartsOnTheSelectedOne()
    {
        ScriptedPrompts prompts;
        auto dialog = fakeDialog(prompts, {}, QStringLiteral("reg-2"));
        QCOMPARE(dialog->currentRegistrationId(), QStringLiteral("reg-2"));
        QVERIFY(dialog->previewText().contains(QLatin1String("name=Timesheets_")));
        auto *combo = dialog->findChild<QComboBox *>(QStringLiteral("exportRegistration"));
        QVERIFY(combo->isEnabled());
        QCOMPARE(combo->count(), 2);
        QVERIFY(dialog->selectRegistration(QStringLiteral("reg-1")));
        QVERIFY(dialog->previewText().contains(QLatin1String("name=Payroll sync!")));

        Workspace one = twoRegistrations();
        one.registrations.removeLast();
        ExportDialog single(one, QStringLiteral("gone"), &m_store, prompts, QString(), nullptr, fakes());
        QCOMPARE(single.currentRegistrationId(), QStringLiteral("reg-1"));
        QVERIFY(!single.findChild<QComboBox *>(QStringLiteral("exportRegistration"))->isEnabled());
    }

    void warningsAppearWithAnIcon()
    {
        ScriptedPrompts prompts;
        auto dialog = fakeDialog(prompts);
        auto *box = dialog->findChild<QWidget *>(QStringLiteral("exportWarnings"));
        QVERIFY(dialog->selectFormat(QStringLiteral("plain")));
        QVERIFY(!box->isVisible());
        QVERIFY(dialog->selectFormat(QStringLiteral("warned")));
        QCOMPARE(dialog->warnings(), m_warned.render({}, {}, {}).warnings);
        QVERIFY(box->isVisible());
        const QList<QLabel *> labels = box->findChildren<QLabel *>(QStringLiteral("exportWarning"));
        QCOMPARE(labels.size(), 2);
        QVERIFY(labels.at(0)->text().contains(QLatin1String("Cloud environment")));
        QVERIFY(labels.at(0)->text().startsWith(QLatin1String("Warning:"))); // not colour alone
        int icons = 0;
        for (const QLabel *label : box->findChildren<QLabel *>())
            icons += label->pixmap().isNull() ? 0 : 1;
        QCOMPARE(icons, 2);
        QVERIFY(dialog->selectFormat(QStringLiteral("plain")));
        QVERIFY(!box->isVisible());
        QVERIFY(box->findChildren<QLabel *>(QStringLiteral("exportWarning")).isEmpty());
    }

    void saveWritesExactlyTheRenderedBytes()
    {
        QTemporaryDir dir;
        ScriptedPrompts prompts;
        const Workspace ws = twoRegistrations();
        ExportDialog dialog(ws, QStringLiteral("reg-1"), &m_store, prompts, dir.path());
        for (const Exporter *e : ExporterRegistry::instance().exporters()) {
            QVERIFY(dialog.selectFormat(e->id()));
            const QString path = dir.filePath(e->id() + QLatin1Char('.') + e->fileSuffix());
            prompts.saveNames << path;
            QVERIFY2(dialog.save(), qPrintable(prompts.errors.join(QLatin1Char('\n'))));
            QCOMPARE(dialog.lastSavedPath(), path);
            QCOMPARE(contentOf(path), e->render(ws, ws.registrations.at(0)).content);
            QCOMPARE(modeOf(path), mode_t(0666 & ~currentUmask())); // 0600 is for a file with the secret
        }
        QVERIFY(prompts.errors.isEmpty());
        QCOMPARE(prompts.unexpected, 0);
        QVERIFY(prompts.confirmQuestions.isEmpty());
    }

    void suggestsTheRegistrationNameAndTheFormatSuffix()
    {
        QTemporaryDir dir;
        ScriptedPrompts prompts;
        auto dialog = fakeDialog(prompts, dir.path());
        QVERIFY(dialog->selectFormat(QStringLiteral("plain")));
        prompts.saveNames << QString(); // cancelled
        QVERIFY(!dialog->save());
        QCOMPARE(prompts.saveSuggestions.constLast(), QDir(dir.path()).filePath(QStringLiteral("Payroll-sync.fake")));
        QVERIFY(dialog->selectRegistration(QStringLiteral("reg-2")));
        prompts.saveNames << QString();
        QVERIFY(!dialog->save());
        QCOMPARE(prompts.saveSuggestions.constLast(), QDir(dir.path()).filePath(QStringLiteral("Timesheets.fake")));
        // A name typed without a suffix gets the format's.
        prompts.saveNames << dir.filePath(QStringLiteral("typed"));
        QVERIFY(dialog->save());
        QCOMPARE(dialog->lastSavedPath(), dir.filePath(QStringLiteral("typed.fake")));
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("typed.fake"))));
    }

    void remembersTheFolderOfTheLastExport()
    {
        QTemporaryDir fallback;
        QTemporaryDir chosen;
        ScriptedPrompts prompts;
        {
            auto dialog = fakeDialog(prompts, fallback.path());
            prompts.saveNames << chosen.filePath(QStringLiteral("first.fake"));
            QVERIFY(dialog->save());
            QVERIFY(prompts.saveSuggestions.constLast().startsWith(fallback.path() + QLatin1Char('/')));
        }
        auto again = fakeDialog(prompts, fallback.path());
        prompts.saveNames << QString();
        QVERIFY(!again->save());
        QCOMPARE(prompts.saveSuggestions.constLast(),
                 QDir(chosen.path()).filePath(QStringLiteral("Payroll-sync.fake")));
        QCOMPARE(QSettings().value(ExportDialog::folderSettingsKey()).toString(), chosen.path());
    }

    void secretNeedsTickAndConfirmAndIsNeverShown()
    {
        storeSecret(QStringLiteral("reg-1"));
        QTemporaryDir dir;
        ScriptedPrompts prompts;
        auto dialog = fakeDialog(prompts, dir.path());
        auto *check = dialog->findChild<QCheckBox *>(QStringLiteral("exportIncludeSecret"));
        auto *copy = dialog->findChild<QPushButton *>(QStringLiteral("exportCopy"));

        QVERIFY(dialog->selectFormat(QStringLiteral("plain")));
        QVERIFY(!check->isEnabled()); // the format cannot hold it

        QVERIFY(dialog->selectFormat(QStringLiteral("secretive")));
        QVERIFY(check->isEnabled());
        // Saved without the tick: no secret, the usual mode.
        prompts.saveNames << dir.filePath(QStringLiteral("without.fake"));
        QVERIFY(dialog->save());
        QVERIFY(!contentOf(dir.filePath(QStringLiteral("without.fake"))).contains(kSecret));

        // Ticked, then the confirmation declined.
        prompts.confirmations << false;
        check->click();
        QCOMPARE(prompts.confirmQuestions.size(), 1);
        QVERIFY(!check->isChecked());
        QVERIFY(!dialog->secretIncluded());
        QTest::qWait(50);
        QVERIFY(!dialog->secretIncluded());

        // Ticked and confirmed: read from the store, masked in the preview.
        prompts.confirmations << true;
        check->click();
        QVERIFY(check->isChecked());
        QTRY_VERIFY(dialog->secretIncluded());
        QVERIFY(dialog->previewText().contains(QLatin1String("secret=") + QLatin1String(ExportDialog::kSecretMask)));
        for (const QString &text : shownTexts(*dialog))
            QVERIFY2(!text.contains(QString::fromUtf8(kSecret)), qPrintable(text));
        QVERIFY(!copy->isEnabled());
        QVERIFY(!dialog->copyToClipboard());
        QVERIFY(
            dialog->findChild<QLabel *>(QStringLiteral("exportSecretNote"))->text().contains(QLatin1String("0600")));

        const QString path = dir.filePath(QStringLiteral("with.fake"));
        prompts.saveNames << path;
        QVERIFY(dialog->save());
        const QByteArray written = contentOf(path);
        QVERIFY(written.contains(QByteArray("secret=" + kSecret + "\n")));
        QCOMPARE(modeOf(path), mode_t(0600));
        QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("exportSavedNote"))->text().contains(QLatin1String("0600")));
        for (const QString &text : shownTexts(*dialog))
            QVERIFY2(!text.contains(QString::fromUtf8(kSecret)), qPrintable(text));

        // Another registration: the secret is dropped, the tick too.
        QVERIFY(dialog->selectRegistration(QStringLiteral("reg-2")));
        QVERIFY(!dialog->secretIncluded());
        QVERIFY(!check->isChecked());
        QVERIFY(copy->isEnabled());
        QCOMPARE(prompts.unexpected, 0);
        QVERIFY(prompts.errors.isEmpty());
    }

    void missingSecretIsExplainedAndUnticked()
    {
        ScriptedPrompts prompts;
        auto dialog = fakeDialog(prompts, {}, QStringLiteral("reg-2")); // nothing stored for reg-2
        QVERIFY(dialog->selectFormat(QStringLiteral("secretive")));
        auto *check = dialog->findChild<QCheckBox *>(QStringLiteral("exportIncludeSecret"));
        prompts.confirmations << true;
        check->click();
        QTRY_COMPARE(prompts.errors.size(), 1);
        QVERIFY2(prompts.errors.constFirst().contains(QLatin1String("Enter it on the registration's form")),
                 qPrintable(prompts.errors.constFirst()));
        QVERIFY(!check->isChecked());
        QVERIFY(!dialog->secretIncluded());
    }

    void binaryContentIsNotPreviewed()
    {
        QTemporaryDir dir;
        ScriptedPrompts prompts;
        auto dialog = fakeDialog(prompts, dir.path());
        QVERIFY(dialog->selectFormat(QStringLiteral("binary")));
        const QByteArray bytes = m_binary.render({}, {}, {}).content;
        QCOMPARE(dialog->previewText(),
                 QStringLiteral("Binary file (%1 bytes), preview not available.").arg(bytes.size()));
        QVERIFY(!dialog->findChild<QPushButton *>(QStringLiteral("exportCopy"))->isEnabled());
        prompts.saveNames << dir.filePath(QStringLiteral("sheet.fake"));
        QVERIFY(dialog->save());
        QCOMPARE(contentOf(dir.filePath(QStringLiteral("sheet.fake"))), bytes);
        // Not UTF-8, or a NUL byte: binary either way.
        QVERIFY(ExportDialog::previewFor(QByteArray("caf\xc3", 4)).startsWith(QLatin1String("Binary file (4 bytes)")));
        QVERIFY(ExportDialog::previewFor(QByteArray("ab\0c", 4)).startsWith(QLatin1String("Binary file (4 bytes)")));
    }

    void largeContentIsPreviewedInPart()
    {
        QTemporaryDir dir;
        ScriptedPrompts prompts;
        auto dialog = fakeDialog(prompts, dir.path());
        QVERIFY(dialog->selectFormat(QStringLiteral("large")));
        QCOMPARE(dialog->previewText().size(), ExportDialog::kPreviewLimit);
        QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("exportPreviewNote"))
                    ->text()
                    .contains(QLatin1String("256 KiB")));
        prompts.saveNames << dir.filePath(QStringLiteral("large.fake"));
        QVERIFY(dialog->save());
        QCOMPARE(contentOf(dir.filePath(QStringLiteral("large.fake"))), m_large.render({}, {}, {}).content);
        // Never cut inside a character: "é" is two bytes.
        const QByteArray accented = QByteArray("ab") + QByteArray("\xc3\xa9", 2);
        QCOMPARE(ExportDialog::previewFor(accented, 3), QStringLiteral("ab"));
        QCOMPARE(ExportDialog::previewFor(accented, 4), QString::fromUtf8(accented));
    }

    void copyPutsTheWholeFileOnTheClipboard()
    {
        ScriptedPrompts prompts;
        auto dialog = fakeDialog(prompts);
        QVERIFY(dialog->selectFormat(QStringLiteral("warned")));
        QGuiApplication::clipboard()->clear();
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("exportCopy")), Qt::LeftButton);
        QCOMPARE(QGuiApplication::clipboard()->text(), dialog->previewText());
        QVERIFY(dialog->previewText().startsWith(QLatin1String("format=warned\n")));
    }

    void enterDoesNotCloseEscDoes()
    {
        ScriptedPrompts prompts;
        auto dialog = fakeDialog(prompts);
        QVERIFY(QTest::qWaitForWindowExposed(dialog.get()));
        auto *list = dialog->findChild<QListView *>(QStringLiteral("exportFormats"));
        list->setFocus();
        QTest::keyClick(list, Qt::Key_Return);
        QTest::keyClick(dialog->findChild<QComboBox *>(QStringLiteral("exportRegistration")), Qt::Key_Enter,
                        Qt::KeypadModifier);
        QVERIFY(dialog->isVisible());
        QCOMPARE(prompts.unexpected, 0); // nothing asked for a file name
        QTest::keyClick(list, Qt::Key_Escape);
        QVERIFY(!dialog->isVisible());
    }

    void refusedWriteIsExplainedAndTheDialogStays_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("mustSay");
        QTest::newRow("named pipe") << QStringLiteral("fifo")
                                    << QStringLiteral("it is a named pipe (FIFO), not a file");
        QTest::newRow("link to a named pipe")
            << QStringLiteral("fifo-link") << QStringLiteral("it is a named pipe (FIFO), not a file");
        QTest::newRow("folder") << QStringLiteral("folder") << QStringLiteral("it is a folder");
        QTest::newRow("missing folder") << QStringLiteral("missing") << QStringLiteral("its folder does not exist");
    }
    void refusedWriteIsExplainedAndTheDialogStays()
    {
        QFETCH(QString, kind);
        QFETCH(QString, mustSay);
        QTemporaryDir dir;
        QString path = dir.filePath(QStringLiteral("out.export"));
        const QString fifo = dir.filePath(QStringLiteral("pipe"));
        if (kind == QLatin1String("fifo")) {
            QVERIFY(::mkfifo(QFile::encodeName(path).constData(), 0600) == 0);
        } else if (kind == QLatin1String("fifo-link")) {
            QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
            QVERIFY(QFile::link(fifo, path));
        } else if (kind == QLatin1String("folder")) {
            QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("out.export")));
        } else {
            path = dir.filePath(QStringLiteral("no/such/out.export"));
        }
        const mode_t before = nodeType(path);
        ScriptedPrompts prompts;
        auto dialog = fakeDialog(prompts, dir.path());
        QVERIFY(dialog->selectFormat(QStringLiteral("warned")));
        const QString preview = dialog->previewText();
        prompts.saveNames << path;
        QVERIFY(!dialog->save());
        QCOMPARE(prompts.errors.size(), 1);
        QVERIFY2(prompts.errors.constFirst().contains(mustSay), qPrintable(prompts.errors.constFirst()));
        QVERIFY(prompts.errors.constFirst().contains(QLatin1String("export again")));
        QCOMPARE(nodeType(path), before);
        if (kind == QLatin1String("fifo-link"))
            QCOMPARE(nodeType(fifo), mode_t(S_IFIFO));
        // Nothing lost: the dialog is open as it was, and saving elsewhere works.
        QVERIFY(dialog->isVisible());
        QCOMPARE(dialog->currentExporter(), &m_warned);
        QCOMPARE(dialog->previewText(), preview);
        QVERIFY(QSettings().value(ExportDialog::folderSettingsKey()).toString().isEmpty());
        prompts.saveNames << dir.filePath(QStringLiteral("elsewhere.fake"));
        QVERIFY(dialog->save());
        QCOMPARE(contentOf(dir.filePath(QStringLiteral("elsewhere.fake"))), preview.toUtf8());
    }

    void mainWindowExportActionOpensTheDialog()
    {
        QTemporaryDir dir;
        MainWindow window(&m_store);
        auto owned = std::make_unique<ScriptedPrompts>();
        ScriptedPrompts *prompts = owned.get();
        window.setPrompts(std::move(owned));
        window.show();
        QVERIFY(window.files()->replaceWithUntitled(twoRegistrations()));
        QVERIFY(window.selectObject(ObjectKind::Registration, QStringLiteral("reg-2")));
        auto *action = window.findChild<QAction *>(QStringLiteral("actionExport"));
        QVERIFY(action && action->isEnabled());
        action->trigger();
        auto *dialog = window.findChild<ExportDialog *>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->isModal());
        QCOMPARE(dialog->currentRegistrationId(), QStringLiteral("reg-2"));
        QCOMPARE(dialog->formatModel()->rowCount(), int(ExporterRegistry::instance().exporters().size()));
        const QString path = dir.filePath(QStringLiteral("from-window.txt"));
        prompts->saveNames << path;
        QVERIFY(dialog->save());
        QVERIFY(QFile::exists(path));
        QPointer<ExportDialog> guard(dialog);
        dialog->close();
        QTRY_VERIFY(guard.isNull()); // deleted on close
        QCOMPARE(prompts->unexpected, 0);
    }
};

QTEST_MAIN(TestExportDialog)
#include "tst_exportdialog.moc"
