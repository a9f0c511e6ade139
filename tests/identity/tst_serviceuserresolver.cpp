#include "core/identity/ServiceUserResolver.h"
#include "core/model/AppRegistration.h"
#include "core/model/Environment.h"
#include "core/model/ServiceUser.h"

#include <QJsonArray>
#include <QTest>

using namespace cmic;

namespace {
using Source = ResolvedServiceUser::Source;

struct Setup
{
    Deployment deployment = Deployment::Enterprise;
    QString tenant;
    UserSource userSource = UserSource::TokenClaim;
    bool removeDomain = false;
    QString userClaim = QStringLiteral("cmicuser");
};

QJsonObject claim(const QString &value) { return {{QStringLiteral("cmicuser"), value}}; }

const QString kSvc = QStringLiteral("SVC_INTEGRATION");
const QString kMail = QStringLiteral("svc.integration@acme.com");
} // namespace

Q_DECLARE_METATYPE(Deployment)
Q_DECLARE_METATYPE(UserSource)
Q_DECLARE_METATYPE(ResolvedServiceUser::Source)

class TestServiceUserResolver : public QObject
{
    Q_OBJECT

private slots:
    void resolvesEveryBranch_data()
    {
        QTest::addColumn<Deployment>("deployment");
        QTest::addColumn<QString>("tenant");
        QTest::addColumn<UserSource>("userSource");
        QTest::addColumn<QString>("userClaim");
        QTest::addColumn<bool>("removeDomain");
        QTest::addColumn<bool>(
            "hasUser"); // the registration's service user: SVC_INTEGRATION / svc.integration@acme.com
        QTest::addColumn<QJsonObject>("claims");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("username");
        QTest::addColumn<Source>("source");
        QTest::addColumn<QString>("reasonContains");
        QTest::addColumn<QString>("fixContains"); // "" = fix must be empty, "*" = any non-empty fix

        const auto E = Deployment::Enterprise;
        const auto C = Deployment::Cloud;
        const auto T = UserSource::TokenClaim;
        const auto R = UserSource::Registration;
        const QString cu = QStringLiteral("cmicuser");
        const QString acme = QStringLiteral("ACME");

        // Enterprise: the claim is the username.
        QTest::newRow("enterpriseUsername")
            << E << QString() << T << cu << false << true << claim(kSvc) << true << kSvc << Source::TokenClaim
            << QStringLiteral("runs the call as SVC_INTEGRATION") << "";
        QTest::newRow("enterpriseRejectsTenantForm")
            << E << QString() << T << cu << false << true << claim(QStringLiteral("ACME||SVC_INTEGRATION")) << false
            << QString() << Source::None << QStringLiteral("Enterprise") << QStringLiteral("\"SVC_INTEGRATION\"");
        QTest::newRow("enterpriseRemoveDomainStripsDomain")
            << E << QString() << T << cu << true << false << claim(QStringLiteral("svc_integration@acme.com")) << true
            << QStringLiteral("svc_integration") << Source::TokenClaim << QStringLiteral("remove-domain") << "";
        QTest::newRow("enterpriseEmailKeptWithoutRemoveDomain")
            << E << QString() << T << cu << false << false << claim(kMail) << true << kMail << Source::TokenClaim
            << QStringLiteral("e-mail form") << "";
        QTest::newRow("removeDomainLeavingNothingFails")
            << E << QString() << T << cu << true << false << claim(QStringLiteral("@acme.com")) << false << QString()
            << Source::None << QStringLiteral("empty once") << "*";

        // Cloud: tenant||username or the e-mail username.
        QTest::newRow("cloudTenantForm") << C << acme << T << cu << false << true
                                         << claim(QStringLiteral("ACME||SVC_INTEGRATION")) << true << kSvc
                                         << Source::TokenClaim << QStringLiteral("in tenant ACME") << "";
        QTest::newRow("cloudTenantComparedIgnoringCase")
            << C << acme << T << cu << false << true << claim(QStringLiteral("acme||SVC_INTEGRATION")) << true << kSvc
            << Source::TokenClaim << QStringLiteral("letter case") << "";
        QTest::newRow("cloudWrongTenantRejected")
            << C << acme << T << cu << false << true << claim(QStringLiteral("OTHER||SVC_INTEGRATION")) << false
            << QString() << Source::None << QStringLiteral("tenant \"OTHER\"")
            << QStringLiteral("ACME||SVC_INTEGRATION");
        QTest::newRow("cloudTenantUncheckedWithoutEnvironmentTenant")
            << C << QString() << T << cu << false << false << claim(QStringLiteral("ACME||SVC_INTEGRATION")) << true
            << kSvc << Source::TokenClaim << QStringLiteral("could not check") << QStringLiteral("Cloud tenant");
        QTest::newRow("cloudEmptyTenantPartRejected")
            << C << acme << T << cu << false << false << claim(QStringLiteral("||SVC_INTEGRATION")) << false
            << QString() << Source::None << QStringLiteral("exactly one tenant") << "*";
        QTest::newRow("cloudEmptyUserPartRejected")
            << C << acme << T << cu << false << false << claim(QStringLiteral("ACME||")) << false << QString()
            << Source::None << QStringLiteral("exactly one tenant") << QStringLiteral("ACME||USERNAME");
        QTest::newRow("cloudEmailUsername") << C << acme << T << cu << false << true << claim(kMail) << true << kMail
                                            << Source::TokenClaim << QStringLiteral("e-mail username") << "";
        QTest::newRow("cloudPlainNameRejected")
            << C << acme << T << cu << false << true << claim(kSvc) << false << QString() << Source::None
            << QStringLiteral("plain username") << QStringLiteral("ACME||SVC_INTEGRATION");
        QTest::newRow("cloudPlainNameWithoutTenantRejected")
            << C << QString() << T << cu << false << false << claim(kSvc) << false << QString() << Source::None
            << QStringLiteral("plain username") << QStringLiteral("TENANT||SVC_INTEGRATION");
        QTest::newRow("cloudRemoveDomainBreaksEmail")
            << C << acme << T << cu << true << false << claim(kMail) << false << QString() << Source::None
            << QStringLiteral("remove-domain strips it to \"svc.integration\"")
            << QStringLiteral("Turn remove-domain off");
        QTest::newRow("cloudRemoveDomainOnTenantForm")
            << C << acme << T << cu << true << false << claim(QStringLiteral("ACME||svc@acme.com")) << true
            << QStringLiteral("svc") << Source::TokenClaim << QStringLiteral("in tenant ACME") << "";

        // The claim itself (Patch 22 and earlier: required).
        QTest::newRow("claimMissing") << E << QString() << T << cu << false << true << QJsonObject() << false
                                      << QString() << Source::None << QStringLiteral("no \"cmicuser\" claim")
                                      << QStringLiteral("value \"SVC_INTEGRATION\"");
        QTest::newRow("claimMissingCloudSuggestsTenantForm")
            << C << acme << T << cu << false << true << QJsonObject() << false << QString() << Source::None
            << QStringLiteral("Patch 22") << QStringLiteral("\"ACME||SVC_INTEGRATION\"");
        QTest::newRow("claimEmpty") << E << QString() << T << cu << false << true << claim(QString()) << false
                                    << QString() << Source::None << QStringLiteral("is empty")
                                    << QStringLiteral("cmicuser");
        QTest::newRow("claimNotAString") << E << QString() << T << cu << false << true << QJsonObject{{cu, 42}} << false
                                         << QString() << Source::None << QStringLiteral("not a string")
                                         << QStringLiteral("cmicuser");
        QTest::newRow("claimArrayNotAString")
            << E << QString() << T << cu << false << false << QJsonObject{{cu, QJsonArray{kSvc}}} << false << QString()
            << Source::None << QStringLiteral("not a string") << "*";
        QTest::newRow("claimWithSpacesRejected")
            << E << QString() << T << cu << false << true << claim(QStringLiteral(" SVC_INTEGRATION")) << false
            << QString() << Source::None << QStringLiteral("spaces") << QStringLiteral("Remove");
        QTest::newRow("customClaimNameRead") << E << QString() << T << QStringLiteral("upn_user") << false << true
                                             << QJsonObject{{QStringLiteral("upn_user"), kSvc}} << true << kSvc
                                             << Source::TokenClaim << QStringLiteral("\"upn_user\" claim") << "";
        QTest::newRow("customClaimNameIgnoresCmicuser")
            << E << QString() << T << QStringLiteral("upn_user") << false << true << claim(kSvc) << false << QString()
            << Source::None << QStringLiteral("no \"upn_user\" claim") << QStringLiteral("upn_user");
        QTest::newRow("emptyClaimNameMeansCmicuser")
            << E << QString() << T << QString() << false << true << claim(kSvc) << true << kSvc << Source::TokenClaim
            << QStringLiteral("cmicuser") << "";
        QTest::newRow("claimNamesSomeoneElseThanRegistrationUser")
            << E << QString() << T << cu << false << true << claim(QStringLiteral("JDOE")) << true
            << QStringLiteral("JDOE") << Source::TokenClaim << QStringLiteral("not SVC_INTEGRATION")
            << QStringLiteral("\"SVC_INTEGRATION\"");
        QTest::newRow("claimEmailMatchesRegistrationUser")
            << C << acme << T << cu << false << true << claim(kMail) << true << kMail << Source::TokenClaim
            << QStringLiteral("e-mail") << "";

        // After Patch 22: the registration's service user wins.
        QTest::newRow("registrationUserWins")
            << E << QString() << R << cu << false << true << QJsonObject() << true << kSvc << Source::Registration
            << QStringLiteral("set on the registration") << "";
        QTest::newRow("registrationUserWinsOverOtherClaim")
            << C << acme << R << cu << false << true << claim(QStringLiteral("ACME||JDOE")) << true << kSvc
            << Source::Registration << QStringLiteral("someone else") << QStringLiteral("Remove the \"cmicuser\"");
        QTest::newRow("registrationUserWithMatchingClaimNoNote")
            << C << acme << R << cu << false << true << claim(QStringLiteral("ACME||SVC_INTEGRATION")) << true << kSvc
            << Source::Registration << QStringLiteral("not needed") << "";
        // After Patch 22 the registration's user *overrides* the claim (source document); a registration without one
        // still runs as the claim's user, and without the claim the call fails.
        QTest::newRow("registrationWithoutUserReadsTheClaim")
            << E << QString() << R << cu << false << false << claim(kSvc) << true << kSvc << Source::TokenClaim
            << QStringLiteral("has no service user") << QStringLiteral("Set the service user on the registration");
        QTest::newRow("registrationWithoutUserCloudClaim")
            << C << acme << R << cu << false << false << claim(QStringLiteral("ACME||SVC_INTEGRATION")) << true << kSvc
            << Source::TokenClaim << QStringLiteral("has no service user") << QStringLiteral("Set the service user");
        QTest::newRow("registrationWithoutUserOrClaimFails")
            << E << QString() << R << cu << false << false << QJsonObject() << false << QString() << Source::None
            << QStringLiteral("has no service user") << QStringLiteral("Set the service user on the registration");
    }

    void resolvesEveryBranch()
    {
        QFETCH(Deployment, deployment);
        QFETCH(QString, tenant);
        QFETCH(UserSource, userSource);
        QFETCH(QString, userClaim);
        QFETCH(bool, removeDomain);
        QFETCH(bool, hasUser);
        QFETCH(QJsonObject, claims);
        QFETCH(bool, ok);
        QFETCH(QString, username);
        QFETCH(Source, source);
        QFETCH(QString, reasonContains);
        QFETCH(QString, fixContains);

        Environment env;
        env.deployment = deployment;
        env.cloudTenant = tenant;
        env.userSource = userSource;
        env.userClaim = userClaim;
        env.removeDomainFromUser = removeDomain;
        ServiceUser user;
        user.username = kSvc;
        user.emailUsername = kMail;
        AppRegistration reg;

        const ResolvedServiceUser r = ServiceUserResolver::resolve(env, reg, hasUser ? &user : nullptr, claims);
        QCOMPARE(r.ok, ok);
        QCOMPARE(r.username, username);
        QCOMPARE(r.source, source);
        QVERIFY2(r.reason.contains(reasonContains), qPrintable(r.reason));
        if (fixContains.isEmpty())
            QVERIFY2(r.fix.isEmpty(), qPrintable(r.fix));
        else if (fixContains == QLatin1String("*"))
            QVERIFY(!r.fix.isEmpty());
        else
            QVERIFY2(r.fix.contains(fixContains), qPrintable(r.fix));
        if (!ok)
            QVERIFY2(!r.fix.isEmpty(), "a rejection must say how to fix it");
        if (source == Source::TokenClaim)
            QCOMPARE(r.claimValue,
                     claims.value(userClaim.isEmpty() ? QStringLiteral("cmicuser") : userClaim).toString());
    }

    void expectedClaimValueFollowsDeployment_data()
    {
        QTest::addColumn<Deployment>("deployment");
        QTest::addColumn<QString>("tenant");
        QTest::addColumn<bool>("removeDomain");
        QTest::addColumn<QString>("username");
        QTest::addColumn<QString>("email");
        QTest::addColumn<QString>("expected");

        const auto E = Deployment::Enterprise;
        const auto C = Deployment::Cloud;
        QTest::newRow("enterpriseUsername") << E << QString() << false << kSvc << kMail << kSvc;
        QTest::newRow("enterpriseIgnoresTenant") << E << QStringLiteral("ACME") << false << kSvc << QString() << kSvc;
        QTest::newRow("enterpriseTrimsUsername")
            << E << QString() << false << QStringLiteral(" SVC ") << QString() << QStringLiteral("SVC");
        QTest::newRow("enterpriseTenantFormCannotBeFormed")
            << E << QString() << false << QStringLiteral("ACME||SVC") << QString() << QString();
        QTest::newRow("enterpriseRemoveDomainCutsEmailUsername")
            << E << QString() << true << QStringLiteral("svc@acme.com") << QString() << QString();
        QTest::newRow("enterpriseEmptyUsername") << E << QString() << false << QString() << QString() << QString();
        QTest::newRow("cloudTenantForm") << C << QStringLiteral("ACME") << false << kSvc << kMail
                                         << QStringLiteral("ACME||SVC_INTEGRATION");
        QTest::newRow("cloudEmailWithoutTenant") << C << QString() << false << kSvc << kMail << kMail;
        QTest::newRow("cloudNeitherTenantNorEmail") << C << QString() << false << kSvc << QString() << QString();
        QTest::newRow("cloudEmailUnusableWithRemoveDomain") << C << QString() << true << kSvc << kMail << QString();
        QTest::newRow("cloudTenantFormWithRemoveDomain")
            << C << QStringLiteral("ACME") << true << kSvc << kMail << QStringLiteral("ACME||SVC_INTEGRATION");
        QTest::newRow("cloudUsernameAlreadyHoldsTenantFallsBackToEmail")
            << C << QStringLiteral("ACME") << false << QStringLiteral("ACME||SVC") << kMail << kMail;
        QTest::newRow("cloudMalformedEmailNotUsed")
            << C << QString() << false << kSvc << QStringLiteral("svc") << QString();
        // Issue 10, item 2: without a tenant the username alone can be the claim value.
        QTest::newRow("cloudNoTenantUsernameTypedWhole")
            << C << QString() << false << QStringLiteral("ACME||SVC_INTEGRATION") << QString()
            << QStringLiteral("ACME||SVC_INTEGRATION");
        QTest::newRow("cloudNoTenantUsernameTypedWholeRemoveDomain")
            << C << QString() << true << QStringLiteral("ACME||SVC_INTEGRATION") << QString()
            << QStringLiteral("ACME||SVC_INTEGRATION");
        QTest::newRow("cloudNoTenantEmailFieldWinsOverTypedWhole")
            << C << QString() << false << QStringLiteral("ACME||SVC_INTEGRATION") << kMail << kMail;
        QTest::newRow("cloudNoTenantUsernameIsEmail") << C << QString() << false << kMail << QString() << kMail;
        QTest::newRow("cloudNoTenantUsernameIsEmailRemoveDomain")
            << C << QString() << true << kMail << QString() << QString();
        QTest::newRow("cloudNoTenantEmptyTenantPart")
            << C << QString() << false << QStringLiteral("||SVC") << QString() << QString();
        QTest::newRow("cloudNoTenantEmptyUserPart")
            << C << QString() << false << QStringLiteral("ACME||") << QString() << QString();
        QTest::newRow("cloudNoTenantTwoSeparators")
            << C << QString() << false << QStringLiteral("ACME||X||SVC") << QString() << QString();
    }

    void expectedClaimValueFollowsDeployment()
    {
        QFETCH(Deployment, deployment);
        QFETCH(QString, tenant);
        QFETCH(bool, removeDomain);
        QFETCH(QString, username);
        QFETCH(QString, email);
        QFETCH(QString, expected);
        Environment env;
        env.deployment = deployment;
        env.cloudTenant = tenant;
        env.removeDomainFromUser = removeDomain;
        ServiceUser user;
        user.username = username;
        user.emailUsername = email;
        QCOMPARE(ServiceUserResolver::expectedClaimValue(env, user), expected);
    }

    // The username typed whole resolves to itself through the claim (no note, no other-user error).
    void usernameTypedWholeResolvesWithoutTenant()
    {
        Environment env;
        env.deployment = Deployment::Cloud;
        ServiceUser user;
        user.username = QStringLiteral("ACME||SVC_INTEGRATION");
        const QString value = ServiceUserResolver::expectedClaimValue(env, user);
        QCOMPARE(value, user.username);
        const ResolvedServiceUser r = ServiceUserResolver::resolve(env, AppRegistration(), &user, claim(value));
        QVERIFY2(r.ok, qPrintable(r.reason));
        QVERIFY(!r.otherUser);
        QCOMPARE(r.username, kSvc);
    }

    // Issue 10, items 3 and 5: the patch level decides whether the registration's user exists (after Patch 22), and
    // a claim naming someone other than the registration's service user is flagged as such.
    void patchLevelAndOtherUser_data()
    {
        QTest::addColumn<int>("patch");
        QTest::addColumn<UserSource>("userSource");
        QTest::addColumn<Deployment>("deployment");
        QTest::addColumn<QJsonObject>("claims");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<Source>("source");
        QTest::addColumn<QString>("username");
        QTest::addColumn<bool>("otherUser");
        QTest::addColumn<QStringList>("fixNames"); // each must be in the fix

        const auto R = UserSource::Registration;
        const auto T = UserSource::TokenClaim;
        const auto E = Deployment::Enterprise;
        const auto C = Deployment::Cloud;
        const QJsonObject none;
        const QJsonObject svc = claim(kSvc);
        const QJsonObject jdoe = claim(QStringLiteral("JDOE"));
        const QJsonObject cloudJdoe = claim(QStringLiteral("ACME||JDOE"));
        const QString cmicuser = QStringLiteral("\"cmicuser\"");
        const QString tokenClaim = QStringLiteral("token claim");

        for (int patch : {0, 19, 20, 22, 23}) {
            const QByteArray p = QByteArray::number(patch);
            const bool before23 = patch > 0 && patch <= 22;
            // Registration mode, no claim: works only where the registration's user exists (after Patch 22, or
            // an unknown patch, which SetupRules flags as a warning).
            QTest::newRow(QByteArray("registration-no-claim-" + p).constData())
                << patch << R << E << none << !before23 << (before23 ? Source::None : Source::Registration)
                << (before23 ? QString() : kSvc) << false
                << (before23 ? QStringList{cmicuser, tokenClaim} : QStringList());
            QTest::newRow(QByteArray("registration-claim-svc-" + p).constData())
                << patch << R << E << svc << true << (before23 ? Source::TokenClaim : Source::Registration) << kSvc
                << false << (before23 ? QStringList{tokenClaim} : QStringList());
            // Before Patch 23 the claim decides: another user is an error with both values in the fix.
            QTest::newRow(QByteArray("registration-claim-other-" + p).constData())
                << patch << R << E << jdoe << true << (before23 ? Source::TokenClaim : Source::Registration)
                << (before23 ? QStringLiteral("JDOE") : kSvc) << before23
                << (before23 ? QStringList{QStringLiteral("\"SVC_INTEGRATION\""), QStringLiteral("JDOE")}
                             : QStringList{QStringLiteral("SVC_INTEGRATION")});
            QTest::newRow(QByteArray("claim-other-enterprise-" + p).constData())
                << patch << T << E << jdoe << true << Source::TokenClaim << QStringLiteral("JDOE") << true
                << QStringList{QStringLiteral("\"SVC_INTEGRATION\""), QStringLiteral("JDOE")};
            QTest::newRow(QByteArray("claim-same-" + p).constData())
                << patch << T << E << svc << true << Source::TokenClaim << kSvc << false << QStringList();
        }
        QTest::newRow("claim-other-cloud")
            << 0 << T << C << cloudJdoe << true << Source::TokenClaim << QStringLiteral("JDOE") << true
            << QStringList{QStringLiteral("\"ACME||SVC_INTEGRATION\""), QStringLiteral("JDOE")};
        QTest::newRow("claim-same-cloud-email")
            << 0 << T << C << claim(kMail) << true << Source::TokenClaim << kMail << false << QStringList();
    }

    void patchLevelAndOtherUser()
    {
        QFETCH(int, patch);
        QFETCH(UserSource, userSource);
        QFETCH(Deployment, deployment);
        QFETCH(QJsonObject, claims);
        QFETCH(bool, ok);
        QFETCH(Source, source);
        QFETCH(QString, username);
        QFETCH(bool, otherUser);
        QFETCH(QStringList, fixNames);
        Environment env;
        env.patchLevel = patch;
        env.userSource = userSource;
        env.deployment = deployment;
        if (deployment == Deployment::Cloud)
            env.cloudTenant = QStringLiteral("ACME");
        ServiceUser user;
        user.username = kSvc;
        user.emailUsername = kMail;
        const ResolvedServiceUser r = ServiceUserResolver::resolve(env, AppRegistration(), &user, claims);
        QCOMPARE(r.ok, ok);
        QCOMPARE(r.source, source);
        QCOMPARE(r.username, username);
        QCOMPARE(r.otherUser, otherUser);
        for (const QString &name : fixNames)
            QVERIFY2(r.fix.contains(name), qPrintable(name + QStringLiteral(" not in: ") + r.fix));
        if (patch > 0 && patch <= 22 && userSource == UserSource::Registration)
            QVERIFY2(r.reason.contains(QStringLiteral("At Patch %1").arg(patch)), qPrintable(r.reason));
    }

    // Whatever expectedClaimValue proposes must resolve, under the claim, to that same user.
    void expectedClaimValueResolvesToTheUser_data()
    {
        QTest::addColumn<Deployment>("deployment");
        QTest::addColumn<QString>("tenant");
        QTest::addColumn<bool>("removeDomain");
        QTest::newRow("enterprise") << Deployment::Enterprise << QString() << false;
        QTest::newRow("enterpriseRemoveDomain") << Deployment::Enterprise << QString() << true;
        QTest::newRow("cloudTenant") << Deployment::Cloud << QStringLiteral("ACME") << false;
        QTest::newRow("cloudTenantRemoveDomain") << Deployment::Cloud << QStringLiteral("ACME") << true;
        QTest::newRow("cloudEmail") << Deployment::Cloud << QString() << false;
    }

    void expectedClaimValueResolvesToTheUser()
    {
        QFETCH(Deployment, deployment);
        QFETCH(QString, tenant);
        QFETCH(bool, removeDomain);
        Environment env;
        env.deployment = deployment;
        env.cloudTenant = tenant;
        env.removeDomainFromUser = removeDomain;
        ServiceUser user;
        user.username = kSvc;
        user.emailUsername = kMail;
        const QString value = ServiceUserResolver::expectedClaimValue(env, user);
        QVERIFY(!value.isEmpty());
        const ResolvedServiceUser r = ServiceUserResolver::resolve(env, AppRegistration(), &user, claim(value));
        QVERIFY2(r.ok, qPrintable(r.reason));
        QVERIFY2(r.fix.isEmpty(), qPrintable(r.fix));
        QVERIFY(r.username == kSvc || r.username == kMail);
    }
};

QTEST_GUILESS_MAIN(TestServiceUserResolver)
#include "tst_serviceuserresolver.moc"
