// The translation pipeline at run time: the language decision, the compiled catalogue embedded under :/i18n, the
// contexts the code translates in (each must be one the catalogue files the source under), and French reaching the
// user through the rules, the exports, the models and cmic-oauth --help. tests/i18n/check_catalogue.py checks the
// catalogue against the sources.
#include "core/export/Exporter.h"
#include "core/model/IdpPreset.h"
#include "core/model/ModelEnums.h"
#include "core/model/Workspace.h"
#include "core/rules/SetupRules.h"
#include "core/util/Clock.h"
#include "core/util/Translations.h"
#include "core/validation/ValidationReport.h"
#include "gui/ObjectTableModels.h"
#include "gui/WorkspaceDocument.h"

#include <QApplication>
#include <QFile>
#include <QProcess>
#include <QSet>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

using namespace cmic;

namespace {

using Key = QPair<QString, QString>; // context, source

// Installed before the French catalogue, so Qt asks it last: it sees exactly the look-ups nothing answered.
class MissRecorder final : public QTranslator
{
public:
    QString translate(const char *context, const char *sourceText, const char *, int) const override
    {
        if (context && sourceText)
            misses.insert({QString::fromUtf8(context), QString::fromUtf8(sourceText)});
        return {};
    }
    bool isEmpty() const override { return false; }
    mutable QSet<Key> misses;
};

struct CatalogueEntry
{
    QString context;
    QString source;
    QString comment;
    bool numerus = false;
    bool finished = false;
    QStringList forms;
};

QList<CatalogueEntry> readCatalogue(const QString &path)
{
    QList<CatalogueEntry> entries;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return entries;
    QXmlStreamReader xml(&file);
    QString context;
    CatalogueEntry entry;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (name == QLatin1String("message")) {
            entry =
                CatalogueEntry{context, {}, {}, xml.attributes().value(QLatin1String("numerus")) == u"yes", false, {}};
        } else if (name == QLatin1String("source")) {
            entry.source = xml.readElementText();
        } else if (name == QLatin1String("comment")) {
            entry.comment = xml.readElementText();
        } else if (name == QLatin1String("translation")) {
            entry.finished = xml.attributes().value(QLatin1String("type")).isEmpty();
            if (!entry.numerus)
                entry.forms << xml.readElementText();
            else {
                while (xml.readNextStartElement())
                    entry.forms << xml.readElementText();
            }
            entries << entry;
        }
    }
    return entries;
}

QString catalogueDir() { return qEnvironmentVariable("CMIC_SOURCE_DIR") + QStringLiteral("/translations/"); }

Workspace brokenWorkspace()
{
    Workspace w;
    w.id = QStringLiteral("ws");
    Environment e;
    e.id = QStringLiteral("env-1");
    e.deployment = Deployment::Cloud; // no name, no tenant, no base URL: several findings
    w.environments.append(e);
    ServiceUser u;
    u.id = QStringLiteral("user-1");
    w.serviceUsers.append(u);
    AppRegistration r;
    r.id = QStringLiteral("reg-1");
    r.name = QStringLiteral(" Payroll ");
    r.environmentId = e.id;
    r.serviceUserId = u.id;
    r.issuer = QStringLiteral("http://idp.example.com/");
    w.registrations.append(r);
    AppRegistration orphan;
    orphan.id = QStringLiteral("reg-2");
    w.registrations.append(orphan);
    return w;
}

} // namespace

class tst_Translations : public QObject
{
    Q_OBJECT

private:
    MissRecorder *m_misses = nullptr;
    QList<CatalogueEntry> m_catalogue;
    QSet<Key> m_catalogueKeys;
    QHash<QString, QSet<QString>> m_frenchForms; // per context, the finished translations
    QTranslator m_french;
    FixedClock m_clock{QDateTime(QDate(2026, 1, 15), QTime(12, 0), Qt::UTC)};

    QString french(const char *context, const char *source) const { return m_french.translate(context, source); }

    // Every look-up the French catalogue did not answer must at least be a (context, source) the catalogue files:
    // otherwise the code translates in a context lupdate did not extract it under, and it can never be translated.
    void verifyNoForeignContexts()
    {
        QStringList foreign;
        for (const Key &miss : std::as_const(m_misses->misses)) {
            if (!m_catalogueKeys.contains(miss)
                && (miss.first.startsWith(QLatin1String("cmic")) || miss.first.endsWith(QLatin1String("Form"))
                    || miss.first == QLatin1String("main")))
                foreign << QStringLiteral("[%1] %2").arg(miss.first, miss.second.left(80));
        }
        foreign.sort();
        QVERIFY2(foreign.isEmpty(), qPrintable(QStringLiteral("translated in a context the catalogue lacks:\n")
                                               + foreign.join(QLatin1Char('\n'))));
    }

private slots:
    void initTestCase()
    {
        m_catalogue = readCatalogue(catalogueDir() + QStringLiteral("cmic-oauth-console_fr_CA.ts"));
        QVERIFY2(m_catalogue.size() > 1000, "the fr_CA catalogue was not read (CMIC_SOURCE_DIR)");
        for (const CatalogueEntry &e : std::as_const(m_catalogue)) {
            m_catalogueKeys.insert({e.context, e.source});
            if (e.finished)
                m_frenchForms[e.context].insert(e.forms.value(0));
        }
        m_misses = new MissRecorder;
        QCoreApplication::installTranslator(m_misses);
        // The real path both mains take, with the test override.
        qputenv("CMIC_UI_LANGUAGE", "fr_CA");
        QCOMPARE(installTranslations(*qApp), QStringLiteral("fr_CA"));
        QVERIFY(m_french.load(QStringLiteral(":/i18n/cmic-oauth-console_fr_CA.qm")));
    }

    void chooseUiLanguage_data()
    {
        QTest::addColumn<QString>("requested");
        QTest::addColumn<QStringList>("system");
        QTest::addColumn<QString>("expected");
        const QStringList frCa{QStringLiteral("fr-CA"), QStringLiteral("en-CA")};
        const QStringList enUs{QStringLiteral("en-US")};
        QTest::newRow("system French Canada") << QString() << frCa << QStringLiteral("fr_CA");
        QTest::newRow("system French France")
            << QStringLiteral("system") << QStringList{QStringLiteral("fr-FR")} << QStringLiteral("fr_CA");
        QTest::newRow("system English") << QStringLiteral("system") << enUs << QStringLiteral("en");
        QTest::newRow("system German then French")
            << QString() << QStringList{QStringLiteral("de-DE"), QStringLiteral("fr-CH")} << QStringLiteral("fr_CA");
        QTest::newRow("system untranslated")
            << QString() << QStringList{QStringLiteral("ja-JP")} << QStringLiteral("en");
        QTest::newRow("no system language") << QString() << QStringList() << QStringLiteral("en");
        QTest::newRow("setting en over French system") << QStringLiteral("en") << frCa << QStringLiteral("en");
        QTest::newRow("setting fr_CA over English system")
            << QStringLiteral("fr_CA") << enUs << QStringLiteral("fr_CA");
        QTest::newRow("unknown setting follows system") << QStringLiteral("klingon") << frCa << QStringLiteral("fr_CA");
    }

    void chooseUiLanguage()
    {
        QFETCH(QString, requested);
        QFETCH(QStringList, system);
        QFETCH(QString, expected);
        QCOMPARE(cmic::chooseUiLanguage(requested, system), expected);
        QVERIFY(availableUiLanguages().contains(expected));
    }

    void environmentOverridesSetting() { QCOMPARE(requestedUiLanguage(), QStringLiteral("fr_CA")); }

    // lrelease compiled every finished entry of the committed catalogue into the embedded .qm, under its context.
    void compiledCatalogueHasEveryFinishedEntry()
    {
        int checked = 0;
        for (const CatalogueEntry &e : std::as_const(m_catalogue)) {
            if (!e.finished)
                continue;
            const QByteArray context = e.context.toUtf8();
            const QByteArray source = e.source.toUtf8();
            const QByteArray comment = e.comment.toUtf8();
            const QString got =
                m_french.translate(context.constData(), source.constData(),
                                   e.comment.isEmpty() ? nullptr : comment.constData(), e.numerus ? 1 : -1);
            QVERIFY2(!got.isEmpty(), qPrintable(QStringLiteral("[%1] %2").arg(e.context, e.source)));
            QCOMPARE(got, e.forms.value(0));
            ++checked;
        }
        QVERIFY(checked > 0);
    }

    void englishCatalogueGivesPluralForms()
    {
        QTranslator english;
        QVERIFY(english.load(QStringLiteral(":/i18n/cmic-oauth-console_en.qm")));
        QCOMPARE(english.translate("cmic::validation::SetupValidator", "The JWKS holds %n key(s).", nullptr, 1),
                 QStringLiteral("The JWKS holds %n key."));
        QCOMPARE(english.translate("cmic::validation::SetupValidator", "The JWKS holds %n key(s).", nullptr, 3),
                 QStringLiteral("The JWKS holds %n keys."));
    }

    void setupRuleFindingIsFrench()
    {
        const Findings findings = SetupRules(m_clock).check(brokenWorkspace());
        QVERIFY(!findings.isEmpty());
        bool found = false;
        for (const Finding &f : findings) {
            if (f.code == QLatin1String("environment.name.missing")) {
                QCOMPARE(f.message, QStringLiteral("L’environnement n’a pas de nom."));
                found = true;
            }
        }
        QVERIFY(found);
        verifyNoForeignContexts();
    }

    void exportWarningIsFrench()
    {
        const Exporter *properties = ExporterRegistry::instance().find(QStringLiteral("cmicapp-properties"));
        QVERIFY(properties);
        Workspace w = brokenWorkspace();
        AppRegistration r = w.registrations.constFirst();
        r.environmentId = QStringLiteral("nowhere");
        const ExportResult result = properties->render(w, r);
        QVERIFY(result.warnings.contains(
            QStringLiteral("L’enregistrement n’a pas d’environnement\u00a0: ce sont les valeurs par défaut de CMiC.")));
        // Every format, so each exporter's contexts are looked up.
        for (const Exporter *e : ExporterRegistry::instance().exporters()) {
            QVERIFY(!e->displayName().isEmpty());
            e->render(w, w.registrations.constFirst());
            e->render(w, w.registrations.constLast());
        }
        verifyNoForeignContexts();
    }

    void modelEnumLabelsAreFrench()
    {
        QCOMPARE(displayName(ProxyMode::None), QStringLiteral("Aucun serveur mandataire"));
        QCOMPARE(displayName(ProxyMode::Manual), QStringLiteral("Serveur mandataire explicite"));
        QCOMPARE(displayName(ClientAuthMethod::PrivateKeyJwt),
                 QStringLiteral("Assertion JWT signée (private_key_jwt)"));
        verifyNoForeignContexts();
    }

    // Headers listed with QT_TR_NOOP in each subclass come out in that subclass's context.
    void tableHeadersAreFrench()
    {
        WorkspaceDocument document(nullptr, &m_clock);
        document.reset(brokenWorkspace(), QString());
        EnvironmentModel environments(&document);
        ServiceUserModel users(&document);
        RegistrationModel registrations(&document);
        for (ObjectTableModel *model :
             std::initializer_list<ObjectTableModel *>{&environments, &users, &registrations}) {
            for (int c = 0; c < model->columnCount(); ++c) {
                const QString header = model->headerData(c, Qt::Horizontal, Qt::DisplayRole).toString();
                const QString context = QString::fromLatin1(model->metaObject()->className());
                QVERIFY2(
                    m_frenchForms.value(context).contains(header),
                    qPrintable(QStringLiteral("%1 column %2 is not in French: %3").arg(context).arg(c).arg(header)));
            }
            for (int r = 0; r < model->rowCount(); ++r)
                for (int c = 0; c < model->columnCount(); ++c)
                    model->data(model->index(r, c), Qt::DisplayRole);
        }
        QCOMPARE(environments.headerData(0, Qt::Horizontal, Qt::DisplayRole).toString(), QStringLiteral("Nom"));
        QCOMPARE(users.headerData(0, Qt::Horizontal, Qt::DisplayRole).toString(), QStringLiteral("Nom d’utilisateur"));
        verifyNoForeignContexts();
    }

    void validationStepNamesAreFrench()
    {
        QCOMPARE(validation::displayName(validation::StepId::Keys), QStringLiteral("Clés"));
        verifyNoForeignContexts();
    }

    // lupdate cannot read resources/idp-presets.json: its texts reach the catalogue through the generated
    // IdpPresetTexts.cpp, which must list every text the built-in presets show.
    void idpPresetTextsListEveryJsonText()
    {
        const QStringList listed = IdpPresets::translatableTexts();
        QVERIFY(!IdpPresets::builtIn().isEmpty());
        for (const IdpPreset &p : IdpPresets::builtIn()) {
            for (const QString &text : {p.displayName, p.notes, p.audienceHint}) {
                if (!text.isEmpty())
                    QVERIFY2(listed.contains(text), qPrintable(QStringLiteral("%1: not in IdpPresetTexts.cpp (run "
                                                                              "scripts/idp-preset-texts.py): %2")
                                                                   .arg(p.id, text.left(80))));
            }
        }
    }

    // Each preset's name, notes and audience hint come out in French, in the context the catalogue files them under.
    void idpPresetTextsAreFrench()
    {
        const QString context = QString::fromLatin1(IdpPreset::kTextContext);
        for (const IdpPreset &p : IdpPresets::builtIn()) {
            const QString name = p.displayedName();
            QVERIFY2(!name.isEmpty() && m_frenchForms.value(context).contains(name), qPrintable(p.id));
            QVERIFY2(!p.notes.isEmpty(), qPrintable(p.id));
            const QString notes = p.displayedNotes();
            QVERIFY2(!notes.isEmpty() && notes != p.notes,
                     qPrintable(QStringLiteral("%1 notes not in French: %2").arg(p.id, notes.left(80))));
            if (!p.audienceHint.isEmpty()) {
                const QString hint = p.displayedAudienceHint();
                QVERIFY2(!hint.isEmpty() && hint != p.audienceHint,
                         qPrintable(QStringLiteral("%1 audience hint not in French").arg(p.id)));
                QVERIFY(p.displayedGuidance().contains(hint));
            }
            QVERIFY(p.displayedGuidance().startsWith(notes));
        }
        QCOMPARE(IdpPresets::find(QStringLiteral("generic"))->displayedName(),
                 QStringLiteral("Fournisseur OpenID Connect générique"));
        verifyNoForeignContexts();
    }

    void qtOwnStringsAreFrench()
    {
        // qtbase_fr (Debian: qt6-translations-l10n) is installed beside ours.
        QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), QStringLiteral("Annuler"));
    }

    void cliHelpIsFrench()
    {
        QProcess cli;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("CMIC_UI_LANGUAGE"), QStringLiteral("fr_CA"));
        cli.setProcessEnvironment(env);
        cli.start(QStringLiteral(CMIC_CLI_PATH), {QStringLiteral("--help")});
        QVERIFY(cli.waitForFinished(30000));
        QCOMPARE(cli.exitCode(), 0);
        const QString out = QString::fromUtf8(cli.readAllStandardOutput());
        QVERIFY2(out.startsWith(QStringLiteral("Utilisation\u00a0: cmic-oauth <commande> [options]")), qPrintable(out));
        QVERIFY2(out.contains(french("cmic::cli::Command", "check a workspace file for setup mistakes (no network)")),
                 qPrintable(out));

        QProcess english;
        env.insert(QStringLiteral("CMIC_UI_LANGUAGE"), QStringLiteral("en"));
        english.setProcessEnvironment(env);
        english.start(QStringLiteral(CMIC_CLI_PATH), {QStringLiteral("--help")});
        QVERIFY(english.waitForFinished(30000));
        QVERIFY(QString::fromUtf8(english.readAllStandardOutput()).startsWith(QStringLiteral("Usage: cmic-oauth")));
    }
};

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    tst_Translations test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_translations.moc"
