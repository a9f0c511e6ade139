// Form encoding for client authentication, the masking of secrets in traces, "copy as curl", the URL rules.
#include "core/model/Workspace.h"
#include "core/net/FormEncoding.h"
#include "core/net/HttpExchange.h"
#include "core/net/HttpPolicy.h"

#include <QTest>

using namespace cmic::net;

class TestHttpExchange : public QObject
{
    Q_OBJECT

private slots:
    void basicAuthorizationFormEncodesIdAndSecret_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("secret");
        QTest::addColumn<QByteArray>("expectedPair");
        QTest::newRow("plain") << QStringLiteral("client") << QStringLiteral("secret") << QByteArray("client:secret");
        QTest::newRow("special chars") << QStringLiteral("my client") << QStringLiteral("s3cr+t/with=chars&%")
                                       << QByteArray("my+client:s3cr%2Bt%2Fwith%3Dchars%26%25");
        QTest::newRow("colon in id") << QStringLiteral("a:b") << QStringLiteral("x") << QByteArray("a%3Ab:x");
        QTest::newRow("unicode") << QStringLiteral("ü") << QStringLiteral("~*") << QByteArray("%C3%BC:%7E*");
    }

    void basicAuthorizationFormEncodesIdAndSecret()
    {
        QFETCH(QString, id);
        QFETCH(QString, secret);
        QFETCH(QByteArray, expectedPair);
        const QByteArray header = basicAuthorization(id, secret);
        QCOMPARE(header, QByteArray("Basic ") + expectedPair.toBase64());
        QString parsedId;
        QString parsedSecret;
        QVERIFY(parseBasicAuthorization(header, &parsedId, &parsedSecret));
        QCOMPARE(parsedId, id);
        QCOMPARE(parsedSecret, secret);
    }

    // The encoders that take a secret's bytes (no QString, each allocated once) write exactly what the QString ones
    // write, for every byte value.
    void secretEncodersMatchTheTextOnes()
    {
        QByteArray everyByte;
        for (int c = 1; c < 256; ++c)
            everyByte += char(c);
        const QString asText = QString::fromLatin1(everyByte);
        const QByteArray utf8 = asText.toUtf8();
        QCOMPARE(basicAuthorization(QStringLiteral("my client"), QByteArrayView(utf8)),
                 basicAuthorization(QStringLiteral("my client"), asText));
        for (const QString &secret : {QString(), QStringLiteral("s"), QStringLiteral("s3cr+t/with=chars&% ~*"),
                                      QStringLiteral("ab"), QStringLiteral("abc")}) {
            const QByteArray bytes = secret.toUtf8();
            QCOMPARE(basicAuthorization(QStringLiteral("id"), QByteArrayView(bytes)),
                     basicAuthorization(QStringLiteral("id"), secret));
        }

        const FormFields before{{QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
                                {QStringLiteral("client_id"), QStringLiteral("my client")}};
        const FormFields after{{QStringLiteral("scope"), QStringLiteral("api://x/.default openid")}};
        const QByteArray body = formEncodeWithSecret(before, QStringLiteral("client_secret"), utf8, after);
        QCOMPARE(body, formEncode(before + FormFields{{QStringLiteral("client_secret"), asText}} + after));
        QCOMPARE(formEncodeWithSecret({}, QStringLiteral("client_secret"), QByteArrayView("x y"), {}),
                 QByteArray("client_secret=x+y"));
        QCOMPARE(formValue(formDecodeFields(body), QStringLiteral("client_secret")), asText);
    }

    void formFieldsRoundTrip()
    {
        const FormFields fields{{QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
                                {QStringLiteral("scope"), QStringLiteral("api://x/.default openid")},
                                {QStringLiteral("client_secret"), QStringLiteral("s3cr+t/with=chars&%")}};
        const QByteArray body = formEncode(fields);
        QVERIFY(body.contains("scope=api%3A%2F%2Fx%2F.default+openid"));
        QCOMPARE(formDecodeFields(body), fields);
    }

    void masksSecretsInHeadersAndBodies()
    {
        const HeaderList headers{{"Authorization", "Basic Y2xpZW50OnNlY3JldA=="}, {"Accept", "application/json"}};
        const HeaderList masked = HttpExchange::maskHeaders(headers);
        QCOMPARE(masked.at(0).second, QByteArray("Basic ***"));
        QCOMPARE(masked.at(1).second, QByteArray("application/json"));
        QCOMPARE(HttpExchange::maskHeaders({{"authorization", "Bearer eyJabc.def.ghi"}}).at(0).second,
                 QByteArray("Bearer ***"));

        const QByteArray form = "grant_type=client_credentials&client_secret=s3cr%2Bt&client_assertion=eyJ.a.b&scope=x";
        QCOMPARE(HttpExchange::maskFormBody(form),
                 QByteArray("grant_type=client_credentials&client_secret=***&client_assertion=***&scope=x"));

        const QByteArray json = R"({"access_token":"eyJhbGciOi.x.y","token_type":"Bearer","expires_in":3599})";
        const QByteArray maskedJson = HttpExchange::maskJsonTokens(json);
        QVERIFY(!maskedJson.contains("eyJhbGciOi"));
        QVERIFY(maskedJson.contains(R"("access_token":"***")"));
        QVERIFY(maskedJson.contains("expires_in"));
    }

    void masksJsonTokensWhateverTheirSpelling_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("secret");
        QTest::newRow("spaced") << QByteArray("{ \"access_token\" :\n \"SECRETVALUE1\" }")
                                << QByteArray("SECRETVALUE1");
        QTest::newRow("escaped name") << QByteArray("{\"access\\u005ftoken\":\"SECRETVALUE2\",\"x\":1}")
                                      << QByteArray("SECRETVALUE2");
        QTest::newRow("escaped quote in value")
            << QByteArray("{\"id_token\":\"SECRET\\\"VALUE3\",\"token_type\":\"Bearer\"}") << QByteArray("VALUE3");
        QTest::newRow("nested") << QByteArray("{\"a\":{\"b\":[{\"refresh_token\":\"SECRETVALUE4\"}]}}")
                                << QByteArray("SECRETVALUE4");
        QTest::newRow("cut inside the value")
            << QByteArray("{\"token_type\":\"Bearer\",\"access_token\":\"eyJSECRETVAL") << QByteArray("eyJSECRETVAL");
        QTest::newRow("second of two") << QByteArray(
            "{\"access_token\":\"ONE_SECRET\",\"access_token\":\"TWO_SECRET\"}")
                                       << QByteArray("TWO_SECRET");
    }

    void masksJsonTokensWhateverTheirSpelling()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, secret);
        const QByteArray masked = HttpExchange::maskJsonTokens(body);
        QVERIFY2(!masked.contains(secret), masked.constData());
        QVERIFY2(masked.contains("\"***\""), masked.constData());
    }

    void leavesOtherJsonAlone()
    {
        // A string value that names a secret member is not a member; other members and non-JSON text pass.
        const QByteArray body =
            "{\"fields\":[\"access_token\",\"scope\"],\"token_type\":\"Bearer\",\"expires_in\":3599}";
        QCOMPARE(HttpExchange::maskJsonTokens(body), body);
        QCOMPARE(HttpExchange::maskJsonTokens("<html>access_token: x</html>"),
                 QByteArray("<html>access_token: x</html>"));
        QCOMPARE(HttpExchange::maskJsonTokens("{\"access_token\":42}"), QByteArray("{\"access_token\":42}"));
        const QByteArray quoted = "{\"a\":\"\\\"access_token\\\":\\\"x\\\"\"}"; // {"a":"\"access_token\":\"x\""}
        QCOMPARE(HttpExchange::maskJsonTokens(quoted), quoted);
    }

    void masksSecretsInUrls()
    {
        const QUrl url(QStringLiteral("https://user:pw@cmic.example.com/x?limit=1&access_token=eyJ.a.b&q=ok"));
        const QString masked = HttpExchange::maskUrl(url).toString();
        QVERIFY(!masked.contains(QLatin1String("eyJ")));
        QVERIFY(!masked.contains(QLatin1String(":pw@")));
        QVERIFY(masked.contains(QLatin1String("limit=1")));
        QVERIFY(masked.contains(QLatin1String("q=ok")));
        QCOMPARE(HttpExchange::maskUrl(QUrl(QStringLiteral("https://a/b?c=d"))),
                 QUrl(QStringLiteral("https://a/b?c=d")));
    }

    void curlReadsSecretsFromEnvironment()
    {
        HttpExchange exchange;
        exchange.method = QStringLiteral("POST");
        exchange.url = QUrl(QStringLiteral("https://idp.example.com/token"));
        exchange.basicClientId = QStringLiteral("my client");
        exchange.requestHeaders = HttpExchange::maskHeaders(
            {{"Authorization", basicAuthorization(QStringLiteral("my client"), QStringLiteral("s3cr+t"))},
             {"Content-Type", "application/x-www-form-urlencoded"}});
        exchange.requestBody = "grant_type=client_credentials&scope=api%3A%2F%2Fx%2F.default";
        const QString curl = exchange.toCurl();
        QVERIFY2(curl.contains(QLatin1String("-u 'my+client:'\"$CMIC_CLIENT_SECRET\"")), qPrintable(curl));
        QVERIFY(curl.contains(QLatin1String("--data-urlencode 'scope=api://x/.default'")));
        QVERIFY(curl.contains(QLatin1String("-X POST")));
        QVERIFY(!curl.contains(QLatin1String("s3cr")));

        HttpExchange post;
        post.method = QStringLiteral("POST");
        post.url = exchange.url;
        post.requestHeaders = {{"Content-Type", "application/x-www-form-urlencoded"}};
        post.requestBody = HttpExchange::maskFormBody("client_id=c&client_secret=topsecret");
        const QString postCurl = post.toCurl();
        QVERIFY(postCurl.contains(QLatin1String("--data-urlencode \"client_secret=$CMIC_CLIENT_SECRET\"")));
        QVERIFY(!postCurl.contains(QLatin1String("topsecret")));

        HttpExchange probe;
        probe.method = QStringLiteral("GET");
        probe.url =
            QUrl(QStringLiteral("https://cmic.example.com/cmicprod/sys-rest-api/rest/1/sdcompanyaccess?limit=1"));
        probe.requestHeaders = HttpExchange::maskHeaders({{"Authorization", "Bearer eyJ.x.y"}});
        const QString probeCurl = probe.toCurl();
        QVERIFY(probeCurl.contains(QLatin1String("-H \"Authorization: Bearer $CMIC_ACCESS_TOKEN\"")));
        QVERIFY(!probeCurl.contains(QLatin1String("eyJ")));
        QVERIFY(!probeCurl.contains(QLatin1String("-X")));
    }

    void exchangeJsonCarriesTraceFields()
    {
        HttpExchange exchange;
        exchange.method = QStringLiteral("GET");
        exchange.url = QUrl(QStringLiteral("https://idp.example.com/jwks"));
        exchange.status = 200;
        exchange.peerSubject = QStringLiteral("idp.example.com");
        exchange.serverDate = QDateTime(QDate(2026, 1, 2), QTime(3, 4, 5), Qt::UTC);
        const QJsonObject json = exchange.toJson();
        QCOMPARE(json.value(QLatin1String("status")).toInt(), 200);
        QCOMPARE(json.value(QLatin1String("serverDate")).toString(), QStringLiteral("2026-01-02T03:04:05Z"));
        QCOMPARE(json.value(QLatin1String("tlsPeer")).toObject().value(QLatin1String("subject")).toString(),
                 QStringLiteral("idp.example.com"));
    }

    void loopbackRules_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("https remote") << QStringLiteral("https://login.microsoftonline.com/t/oauth2/v2.0/token")
                                      << true;
        QTest::newRow("http remote") << QStringLiteral("http://login.example.com/token") << false;
        QTest::newRow("http 127.0.0.1") << QStringLiteral("http://127.0.0.1:8080/token") << true;
        QTest::newRow("http 127.1.2.3") << QStringLiteral("http://127.1.2.3/token") << true;
        QTest::newRow("http ::1") << QStringLiteral("http://[::1]:9000/token") << true;
        QTest::newRow("http localhost") << QStringLiteral("http://localhost:9000/token") << true;
        QTest::newRow("http localhost lookalike") << QStringLiteral("http://localhost.example.com/token") << false;
        QTest::newRow("http 10.x") << QStringLiteral("http://10.0.0.1/token") << false;
        QTest::newRow("ftp") << QStringLiteral("ftp://127.0.0.1/x") << false;
        QTest::newRow("no host") << QStringLiteral("https:///x") << false;
    }

    void loopbackRules()
    {
        QFETCH(QString, url);
        QFETCH(bool, allowed);
        HttpPolicy policy;
        const QString problem = policy.checkUrl(QUrl(url));
        QCOMPARE(problem.isEmpty(), allowed);
    }

    void applySettingsReportsUnreadableBundleAndKeepsProxy()
    {
        HttpPolicy policy;
        cmic::WorkspaceSettings settings;
        settings.caBundlePath = QStringLiteral("/nonexistent/ca-bundle.pem");
        settings.proxyMode = cmic::ProxyMode::None;
        QString error;
        QVERIFY(!policy.applySettings(settings, QString(), &error));
        QVERIFY(error.contains(QLatin1String("/nonexistent/ca-bundle.pem")));
        QVERIFY(policy.extraCaCertificates().isEmpty());
        QVERIFY(policy.proxyMode() == cmic::ProxyMode::None);

        settings.caBundlePath.clear();
        settings.proxyMode = cmic::ProxyMode::Manual;
        settings.proxyUrl = QStringLiteral("not a proxy");
        QVERIFY(!policy.applySettings(settings, QString(), &error));
        QVERIFY(policy.proxyMode() == cmic::ProxyMode::System); // falls back to the default, and says so
    }

    void manualProxyNeedsHostAndPort()
    {
        HttpPolicy policy;
        QString error;
        QVERIFY(!policy.setProxy(cmic::ProxyMode::Manual, QUrl(QStringLiteral("http://proxy")), &error));
        QVERIFY(error.contains(QLatin1String("3128")));
        QVERIFY(policy.setProxy(cmic::ProxyMode::Manual, QUrl(QStringLiteral("http://proxy:3128"))));
        QVERIFY(policy.proxyMode() == cmic::ProxyMode::Manual);
    }
};

QTEST_GUILESS_MAIN(TestHttpExchange)
#include "tst_httpexchange.moc"
