#include "core/net/JwtSigner.h"
#include "core/storage/MemorySecretStore.h"
#include "gui/CredentialSlot.h"
#include "gui/PrivateKeyField.h"
#include "gui/SecretField.h"

#include <QApplication>
#include <QFile>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include <memory>
#include <sys/stat.h>

using namespace cmic;

// The one credential state machine (CredentialSlot), each transition directly, then the same transitions through
// the two views over it, SecretField and PrivateKeyField.
class TestCredentialSlot : public QObject
{
    Q_OBJECT

private:
    const QString m_key = QStringLiteral("ws/reg/client-secret");
    const QString m_keyPem = QStringLiteral("ws/reg/private-key");
    QTemporaryDir m_dir;
    std::shared_ptr<std::atomic<bool>> m_watchdogDone = std::make_shared<std::atomic<bool>>(false);

    static void store(MemorySecretStore &memory, const QString &key, const QString &secret)
    {
        bool done = false;
        QObject context;
        connect(memory.write(key, secret), &SecretRequest::finished, &context,
                [&done](SecretRequest *) { done = true; });
        QTRY_VERIFY(done);
    }

    QString pemFile(const QString &name)
    {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (file.open(QIODevice::WriteOnly))
            file.write(net::JwtSigner::generateEc().privateKeyPem());
        return path;
    }

private slots:
    void noKeyUntilAKeyAndAStoreAreSet()
    {
        CredentialSlot slot;
        QCOMPARE(slot.state(), CredentialSlot::State::NoKey);
        slot.read();
        QCOMPARE(slot.state(), CredentialSlot::State::NoKey);
        MemorySecretStore memory;
        slot.setStore(&memory);
        slot.read();
        QCOMPARE(slot.state(), CredentialSlot::State::NoKey);
    }

    void readFound()
    {
        MemorySecretStore memory;
        store(memory, m_key, QStringLiteral("found"));
        CredentialSlot slot;
        slot.setStore(&memory);
        slot.setKey(m_key);
        QSignalSpy changed(&slot, &CredentialSlot::stateChanged);
        slot.read();
        QCOMPARE(slot.state(), CredentialSlot::State::Reading); // answered later, never from inside read()
        QTRY_COMPARE(slot.state(), CredentialSlot::State::Present);
        QVERIFY(slot.secret() == QStringLiteral("found"));
        QCOMPARE(changed.size(), 2);
        QCOMPARE(slot.takeSecret().toString(), QStringLiteral("found"));
        QVERIFY(slot.secret().isEmpty());
    }

    void readNotFound()
    {
        MemorySecretStore memory;
        CredentialSlot slot;
        slot.setStore(&memory);
        slot.setKey(m_key);
        slot.read();
        QTRY_COMPARE(slot.state(), CredentialSlot::State::Absent);
        QCOMPARE(slot.status(), SecretStore::Status::Ok);
        QVERIFY(slot.secret().isEmpty());
    }

    void readOfALockedKeychainFails()
    {
        MemorySecretStore memory;
        store(memory, m_key, QStringLiteral("kept"));
        memory.simulateFailure(SecretStore::Status::AccessDenied);
        CredentialSlot slot;
        slot.setStore(&memory);
        slot.setKey(m_key);
        slot.read();
        QTRY_COMPARE(slot.state(), CredentialSlot::State::Failed);
        QCOMPARE(slot.status(), SecretStore::Status::AccessDenied);
        QCOMPARE(slot.errorText(), SecretStore::explain(SecretStore::Status::AccessDenied));
        QVERIFY(slot.secret().isEmpty());
    }

    void writeOkThenRemove()
    {
        MemorySecretStore memory;
        CredentialSlot slot;
        slot.setStore(&memory);
        slot.setKey(m_key);
        slot.write(SecretBuffer(QStringView(u"written")));
        QCOMPARE(slot.state(), CredentialSlot::State::Writing);
        QVERIFY(slot.pending() == QStringLiteral("written"));
        QTRY_COMPARE(slot.state(), CredentialSlot::State::Present);
        QVERIFY(slot.secret() == QStringLiteral("written"));
        QVERIFY(slot.pending().isEmpty());
        QVERIFY(memory.contains(m_key));
        slot.write(SecretBuffer()); // empty: removes
        QCOMPARE(slot.state(), CredentialSlot::State::Writing);
        QTRY_COMPARE(slot.state(), CredentialSlot::State::Absent);
        QVERIFY(!memory.contains(m_key));
    }

    void writeFailedKeepsNothingAndSaysWhy()
    {
        MemorySecretStore memory;
        memory.simulateFailure(SecretStore::Status::Unavailable);
        CredentialSlot slot;
        slot.setStore(&memory);
        slot.setKey(m_key);
        slot.write(SecretBuffer(QStringView(u"lost?")));
        QTRY_COMPARE(slot.state(), CredentialSlot::State::Failed);
        QCOMPARE(slot.status(), SecretStore::Status::Unavailable);
        QVERIFY(slot.secret().isEmpty());
        QVERIFY(slot.pending().isEmpty());
        QCOMPARE(memory.count(), 0);
    }

    void forgetRemovesAndWipes()
    {
        MemorySecretStore memory;
        store(memory, m_key, QStringLiteral("to forget"));
        store(memory, QStringLiteral("ws/other/client-secret"), QStringLiteral("other"));
        CredentialSlot slot;
        slot.setStore(&memory);
        slot.setKey(m_key);
        slot.read();
        QTRY_COMPARE(slot.state(), CredentialSlot::State::Present);
        slot.forget(QStringLiteral("ws/other/client-secret")); // another key: the state stays
        QCOMPARE(slot.state(), CredentialSlot::State::Present);
        slot.forget(m_key);
        QCOMPARE(slot.state(), CredentialSlot::State::Absent);
        QVERIFY(slot.secret().isEmpty());
        QTRY_COMPARE(memory.count(), 0);
    }

    void aNewKeyDropsTheLateAnswerOfTheOldOne()
    {
        MemorySecretStore memory;
        store(memory, m_key, QStringLiteral("old key's secret"));
        CredentialSlot slot;
        slot.setStore(&memory);
        slot.setKey(m_key);
        slot.read();
        QSignalSpy answered(&slot, &CredentialSlot::answered);
        slot.setKey(QStringLiteral("ws/new/client-secret"));
        QCOMPARE(slot.state(), CredentialSlot::State::NoKey);
        slot.read();
        QTRY_COMPARE(slot.state(), CredentialSlot::State::Absent);
        QTest::qWait(20);
        QCOMPARE(answered.size(), 1); // only the new key's answer
        QVERIFY(slot.secret().isEmpty());
    }

    void aSlotDestroyedBeforeTheAnswerIsNotCalled()
    {
        MemorySecretStore memory;
        store(memory, m_key, QStringLiteral("late"));
        auto slot = std::make_unique<CredentialSlot>();
        slot->setStore(&memory);
        slot->setKey(m_key);
        slot->read();
        slot.reset();
        QTest::qWait(20); // no crash, nobody answered
        QVERIFY(memory.findChildren<SecretRequest *>().isEmpty());
    }

    // The reveal toggle is clicked as a user would (the line edit's trailing button); another registration or
    // workspace (another key) starts hidden again.
    void revealToggleResetsOnAnotherKey()
    {
        MemorySecretStore memory;
        SecretField field;
        field.setStore(&memory);
        field.setKey(m_key);
        field.show();
        QVERIFY(QTest::qWaitForWindowExposed(&field));
        auto *toggle = field.findChild<QAction *>(QStringLiteral("showClientSecret"));
        QVERIFY(toggle);
        QToolButton *button = nullptr;
        for (auto *candidate : field.lineEdit()->findChildren<QToolButton *>())
            if (candidate->defaultAction() == toggle)
                button = candidate;
        QVERIFY(button);
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(field.lineEdit()->echoMode(), QLineEdit::Normal);
        field.setKey(QStringLiteral("ws/other-registration/client-secret"));
        QCOMPARE(field.lineEdit()->echoMode(), QLineEdit::Password);
        QVERIFY(!toggle->isChecked());
        QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(field.lineEdit()->echoMode(), QLineEdit::Normal);
        field.setKey(QStringLiteral("other-workspace/registration/client-secret"));
        QCOMPARE(field.lineEdit()->echoMode(), QLineEdit::Password);
    }

    // The same transitions through SecretField.
    void secretFieldShowsEachTransition()
    {
        MemorySecretStore memory;
        SecretField field;
        field.setStore(&memory);
        QCOMPARE(field.state(), SecretField::State::NoRegistration);
        field.setKey(m_key); // read, not found
        QCOMPARE(field.state(), SecretField::State::Reading);
        QTRY_COMPARE(field.state(), SecretField::State::NotStored);

        field.lineEdit()->setText(QStringLiteral("typed")); // write ok
        emit field.lineEdit()->editingFinished();
        QCOMPARE(field.state(), SecretField::State::Writing);
        QTRY_COMPARE(field.state(), SecretField::State::Stored);
        emit field.lineEdit()->editingFinished(); // unchanged: not written again
        QCOMPARE(field.state(), SecretField::State::Stored);

        field.setKey(QString()); // read found
        field.setKey(m_key);
        QTRY_COMPARE(field.state(), SecretField::State::Stored);
        QCOMPARE(field.lineEdit()->text(), QStringLiteral("typed"));

        memory.simulateFailure(SecretStore::Status::AccessDenied); // write failed
        field.lineEdit()->setText(QStringLiteral("changed"));
        emit field.lineEdit()->editingFinished();
        QTRY_COMPARE(field.state(), SecretField::State::Failed);
        QCOMPARE(field.lineEdit()->text(), QStringLiteral("changed")); // nothing typed is lost
        QVERIFY(field.stateText().contains(SecretStore::explain(SecretStore::Status::AccessDenied)));

        field.setKey(QString()); // read of a locked keychain
        field.setKey(m_key);
        QTRY_COMPARE(field.state(), SecretField::State::Failed);
        QVERIFY(field.lineEdit()->text().isEmpty());

        memory.simulateFailure(std::nullopt); // forget
        field.forget(m_key);
        QCOMPARE(field.state(), SecretField::State::NotStored);
        QVERIFY(field.lineEdit()->text().isEmpty());
        QTRY_COMPARE(memory.count(), 0);
    }

    // QLineEdit holds the secret as a QString (Qt gives no other way): the field overwrites that storage when it
    // lets go of it (another registration, forget(), destruction). A copy taken from text() shares the field's own
    // storage, so it shows the wipe.
    void secretFieldWipesTheTextItLetsGoOf()
    {
        const auto isWiped = [](const QString &text) {
            return std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.unicode() == 0; });
        };
        MemorySecretStore memory;
        store(memory, m_key, QStringLiteral("kept-in-the-field"));
        auto field = std::make_unique<SecretField>();
        field->setStore(&memory);
        field->setKey(m_key);
        QTRY_COMPARE(field->state(), SecretField::State::Stored);
        const QString read = field->lineEdit()->text();
        QCOMPARE(read, QStringLiteral("kept-in-the-field"));
        field->setKey(QStringLiteral("ws/other/client-secret"));
        QCOMPARE(read.size(), 17);
        QVERIFY2(isWiped(read), qPrintable(read));

        field->setKey(m_key);
        QTRY_COMPARE(field->state(), SecretField::State::Stored);
        const QString again = field->lineEdit()->text();
        QCOMPARE(again, QStringLiteral("kept-in-the-field"));
        field->forget(m_key);
        QVERIFY(isWiped(again));

        field->lineEdit()->setText(QString::fromLatin1("typed-then-closed")); // heap storage, as typing makes
        const QString typed = field->lineEdit()->text();
        field.reset();
        QVERIFY(isWiped(typed));
    }

    // A file far larger than any key is refused before a byte of it is kept.
    void privateKeyFieldRefusesAnOversizedFile()
    {
        MemorySecretStore memory;
        PrivateKeyField field;
        field.setStore(&memory);
        field.setKey(m_keyPem);
        QTRY_COMPARE(field.state(), PrivateKeyField::State::NotStored);
        const QString path = m_dir.filePath(QStringLiteral("huge.pem"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(65 * 1024, 'A'));
        file.close();
        QVERIFY(!field.importFile(path));
        QCOMPARE(field.state(), PrivateKeyField::State::Failed);
        QVERIFY2(field.stateText().contains(QLatin1String("too large for a PEM private key")),
                 qPrintable(field.stateText()));
        QCOMPARE(memory.count(), 0);
    }

    // A named pipe chosen as the key file is refused at once (opening it would wait for a writer).
    void privateKeyFieldRefusesANamedPipe()
    {
        MemorySecretStore memory;
        PrivateKeyField field;
        field.setStore(&memory);
        field.setKey(m_keyPem);
        QTRY_COMPARE(field.state(), PrivateKeyField::State::NotStored);
        const QString path = m_dir.filePath(QStringLiteral("key.pem"));
        QVERIFY(::mkfifo(QFile::encodeName(path).constData(), 0600) == 0);
        // Watchdog: a regression blocks in open(); writing to the pipe from another thread would unblock it, so
        // instead the test process is ended after 10 s, which fails the test.
        std::thread watchdog([done = m_watchdogDone] {
            for (int i = 0; i < 100 && !done->load(); ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            if (!done->load()) {
                std::fputs("importFile blocked on a named pipe\n", stderr);
                std::_Exit(1);
            }
        });
        const bool imported = field.importFile(path);
        m_watchdogDone->store(true);
        watchdog.join();
        m_watchdogDone->store(false);
        QVERIFY(!imported);
        QCOMPARE(field.state(), PrivateKeyField::State::Failed);
        QVERIFY2(field.stateText().contains(QLatin1String("named pipe")), qPrintable(field.stateText()));
        QCOMPARE(memory.count(), 0);
    }

    // The same transitions through PrivateKeyField.
    void privateKeyFieldShowsEachTransition()
    {
        MemorySecretStore memory;
        PrivateKeyField field;
        field.setStore(&memory);
        QCOMPARE(field.state(), PrivateKeyField::State::NoRegistration);
        field.setKey(m_keyPem); // read, not found
        QCOMPARE(field.state(), PrivateKeyField::State::Reading);
        QTRY_COMPARE(field.state(), PrivateKeyField::State::NotStored);

        QVERIFY(field.importFile(pemFile(QStringLiteral("a.pem")))); // write ok
        QCOMPARE(field.state(), PrivateKeyField::State::Writing);
        QTRY_COMPARE(field.state(), PrivateKeyField::State::Stored);
        const QString jwk = field.publicJwk();
        QVERIFY(jwk.contains(QLatin1String("\"crv\":\"P-256\"")));

        field.setKey(QString()); // read found
        field.setKey(m_keyPem);
        QTRY_COMPARE(field.state(), PrivateKeyField::State::Stored);
        QCOMPARE(field.publicJwk(), jwk);

        memory.simulateFailure(SecretStore::Status::AccessDenied); // write failed
        QVERIFY(field.importFile(pemFile(QStringLiteral("b.pem"))));
        QTRY_COMPARE(field.state(), PrivateKeyField::State::Failed);
        QCOMPARE(field.stateText(), SecretStore::explain(SecretStore::Status::AccessDenied));

        field.setKey(QString()); // read of a locked keychain
        field.setKey(m_keyPem);
        QTRY_COMPARE(field.state(), PrivateKeyField::State::Failed);
        QVERIFY(field.publicJwk().isEmpty());

        memory.simulateFailure(std::nullopt); // forget
        field.forget(m_keyPem);
        QCOMPARE(field.state(), PrivateKeyField::State::NotStored);
        QTRY_COMPARE(memory.count(), 0);
    }
};

QTEST_MAIN(TestCredentialSlot)
#include "tst_credentialslot.moc"
