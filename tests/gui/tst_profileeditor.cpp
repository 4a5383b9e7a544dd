// Server profiles: the editor round-trips through QSettings, the sign-in dialog offers them, and
// no password or token is ever written to the settings file.
#include "chatclient.h"
#include "mainwindow.h"
#include "mockserver.h"
#include "profileeditor.h"
#include "profilesettings.h"
#include "sessioncontroller.h"
#include "signindialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
// A throwaway self-signed certificate (public data only; its key was never kept).
constexpr char TestCa[] = "-----BEGIN CERTIFICATE-----\n"
                          "MIIBijCCAS+gAwIBAgIUJU8VpDB7TNSHgvsNDzfD+hg5pBkwCgYIKoZIzj0EAwIw\n"
                          "GTEXMBUGA1UEAwwOcXRjaGF0IHRlc3QgQ0EwIBcNMjYxMTIzMTIxODE5WhgPMjEy\n"
                          "NjEwMzAxMjE4MTlaMBkxFzAVBgNVBAMMDnF0Y2hhdCB0ZXN0IENBMFkwEwYHKoZI\n"
                          "zj0CAQYIKoZIzj0DAQcDQgAE/Tq1Y+0SF/k1TcomyiECATZLu6Uj+7PDfPYf6Ndi\n"
                          "oFZ47SJzRCglUiBYUd3dA0pmRwz9EPnYZ2aolwaH0Xi6xKNTMFEwHQYDVR0OBBYE\n"
                          "FCU4/SXPwdXixGjCC6CqmBLFHvy8MB8GA1UdIwQYMBaAFCU4/SXPwdXixGjCC6Cq\n"
                          "mBLFHvy8MA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSQAwRgIhANdPD5is\n"
                          "+fY7y4vULQbylZ/VurctA/XMpdDQpX0G19mSAiEAzZnzJzsinHyym84YtQHUmczv\n"
                          "1MLYPoyCOOejQFWn1BE=\n"
                          "-----END CERTIFICATE-----\n";

void typeInto(QWidget *parent, const QString &name, const QString &text)
{
    auto *edit = parent->findChild<QLineEdit *>(name);
    QVERIFY2(edit, qPrintable(name));
    edit->selectAll();
    QTest::keyClicks(edit, text);
}
} // namespace

class TestProfileEditor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTripsThroughSettings()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"settings.ini"_s);
        const QString caPath = dir.filePath(u"staging-ca.pem"_s);
        QFile ca(caPath);
        QVERIFY(ca.open(QIODevice::WriteOnly));
        ca.write(TestCa);
        ca.close();
        {
            QSettings settings(path, QSettings::IniFormat);
            ProfileEditor editor(&settings);
            editor.open();
            QTest::mouseClick(editor.findChild<QPushButton *>(u"addProfileButton"_s), Qt::LeftButton);
            typeInto(&editor, u"profileNameEdit"_s, u"Staging"_s);
            typeInto(&editor, u"profileUrlEdit"_s, u"http://staging.example.com:8000"_s);
            typeInto(&editor, u"profileWebSocketEdit"_s, u"ws://ws.staging.example.com:9000"_s);
            typeInto(&editor, u"profileCaFileEdit"_s, caPath);
            typeInto(&editor, u"profilePinEdit"_s, u"q6K2iC2Sx8y1Gvpx8l3fIx2Lx6hXy0gOo7N9uYbQm0Q="_s);
            auto *transport = editor.findChild<QComboBox *>(u"profileTransportCombo"_s);
            transport->setCurrentIndex(transport->findData(int(TokenTransport::Header)));

            auto *warning = editor.findChild<QLabel *>(u"profileInsecureWarning"_s);
            QVERIFY(!warning->isVisible());
            // Plain http to a remote host is refused until insecure is allowed, with a warning.
            QTest::mouseClick(editor.findChild<QPushButton *>(u"saveProfilesButton"_s), Qt::LeftButton);
            QVERIFY(editor.isVisible());
            QVERIFY(editor.findChild<QLabel *>(u"profileProblemLabel"_s)->isVisible());
            editor.findChild<QCheckBox *>(u"profileInsecureCheck"_s)->setChecked(true);
            QVERIFY(warning->isVisible());
            QVERIFY(warning->text().contains(u"Insecure"_s));

            QSignalSpy saved(&editor, &ProfileEditor::profilesSaved);
            QTest::mouseClick(editor.findChild<QPushButton *>(u"saveProfilesButton"_s), Qt::LeftButton);
            QVERIFY2(saved.size() == 1,
                     qPrintable(editor.findChild<QLabel *>(u"profileProblemLabel"_s)->text()));
            QVERIFY(!editor.isVisible());
        }
        QSettings settings(path, QSettings::IniFormat);
        const QList<ServerProfile> profiles = ProfileSettings::load(settings);
        QCOMPARE(profiles.size(), 1);
        const ServerProfile &profile = profiles.first();
        QCOMPARE(profile.name, u"Staging"_s);
        QCOMPARE(profile.baseUrl, QUrl(u"http://staging.example.com:8000"_s));
        QCOMPARE(profile.webSocketUrl, QUrl(u"ws://ws.staging.example.com:9000"_s));
        QCOMPARE(profile.transport, TokenTransport::Header);
        QCOMPARE(profile.caFile, caPath);
        QCOMPARE(profile.pinSha256, "q6K2iC2Sx8y1Gvpx8l3fIx2Lx6hXy0gOo7N9uYbQm0Q=");
        QVERIFY(profile.allowInsecure);

        // And back into the editor's fields.
        ProfileEditor again(&settings);
        QCOMPARE(again.findChild<QLineEdit *>(u"profileNameEdit"_s)->text(), u"Staging"_s);
        QVERIFY(again.findChild<QCheckBox *>(u"profileInsecureCheck"_s)->isChecked());
        QCOMPARE(again.findChild<QComboBox *>(u"profileTransportCombo"_s)->currentData().toInt(),
                 int(TokenTransport::Header));
    }

    void makeBeforeBreakTurnedOffStaysOff()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"settings.ini"_s);
        {
            QSettings settings(path, QSettings::IniFormat);
            ServerProfile profile;
            profile.name = u"Quiet server"_s;
            profile.baseUrl = QUrl(u"https://chat.example.com"_s);
            profile.clockSkewToleranceMs = 5000;
            ProfileSettings::save(settings, {profile});
            ProfileEditor editor(&settings);
            editor.open();
            auto *check = editor.findChild<QCheckBox *>(u"makeBeforeBreak"_s);
            QVERIFY(check);
            QVERIFY(check->isChecked());
            QVERIFY(!check->toolTip().isEmpty());
            QTest::mouseClick(check, Qt::LeftButton);
            QVERIFY(!check->isChecked());
            QVERIFY(editor.save());
        }
        QSettings settings(path, QSettings::IniFormat);
        const QList<ServerProfile> profiles = ProfileSettings::load(settings);
        QCOMPARE(profiles.size(), 1);
        QVERIFY(!profiles.first().makeBeforeBreak);
        QCOMPARE(profiles.first().clockSkewToleranceMs, 5000); // kept, though the editor shows no field
        ProfileEditor again(&settings);
        QVERIFY(!again.findChild<QCheckBox *>(u"makeBeforeBreak"_s)->isChecked());
    }

    void aProfileSavedBeforeMakeBeforeBreakExistedHasItOn()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
        // What an earlier version wrote: neither makeBeforeBreak nor clockSkewToleranceMs.
        settings.beginWriteArray(u"profiles"_s, 1);
        settings.setArrayIndex(0);
        settings.setValue(u"name"_s, u"Older"_s);
        settings.setValue(u"baseUrl"_s, u"https://chat.example.com"_s);
        settings.setValue(u"transport"_s, u"subprotocol"_s);
        settings.setValue(u"allowInsecure"_s, false);
        settings.endArray();
        settings.sync();

        const QList<ServerProfile> profiles = ProfileSettings::load(settings);
        QCOMPARE(profiles.size(), 1);
        QVERIFY(profiles.first().makeBeforeBreak);
        QCOMPARE(profiles.first().clockSkewToleranceMs, 30000);
        ProfileEditor editor(&settings);
        QCOMPARE(editor.findChild<QLineEdit *>(u"profileNameEdit"_s)->text(), u"Older"_s);
        QVERIFY(editor.findChild<QCheckBox *>(u"makeBeforeBreak"_s)->isChecked());
    }

    void signingInWithAProfileWritesNoSecret()
    {
        MockServer server;
        QVERIFY(server.listen());
        QTemporaryDir dir;
        const QString path = dir.filePath(u"settings.ini"_s);
        QSettings settings(path, QSettings::IniFormat);
        ServerProfile local;
        local.name = u"Local mock"_s;
        local.baseUrl = server.baseUrl();
        local.transport = TokenTransport::SubprotocolPair;
        ProfileSettings::save(settings, {local});

        ChatClient client(nullptr, &settings);
        SessionController session(&client, {{}, u"alice"_s, {}, {}, &settings});
        session.start();
        SignInDialog *dialog = session.signInDialog();
        QTRY_VERIFY(dialog->isVisible());
        auto *combo = dialog->findChild<QComboBox *>(u"profileCombo"_s);
        const int index = combo->findText(u"Local mock"_s);
        QVERIFY(index > 0);
        combo->setCurrentIndex(index);
        Q_EMIT combo->activated(index);
        QCOMPARE(dialog->findChild<QLineEdit *>(u"serverEdit"_s)->text(), server.baseUrl().toString());
        QCOMPARE(dialog->chosenProfile().transport, TokenTransport::SubprotocolPair);
        QTest::keyClicks(dialog->findChild<QLineEdit *>(u"passwordEdit"_s), u"alice-pass"_s);
        QTest::mouseClick(dialog->findChild<QPushButton *>(u"signInButton"_s), Qt::LeftButton);
        QTRY_VERIFY(session.mainWindow()->isVisible());
        QCOMPARE(client.profile().transport, TokenTransport::SubprotocolPair);
        session.mainWindow()->joinRoom(u"lobby"_s);
        QTRY_COMPARE(client.room(u"lobby"_s)->state(), RoomConnection::State::Open);

        settings.sync();
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray written = file.readAll();
        QVERIFY(written.contains("Local mock"));
        QVERIFY(!written.contains("alice-pass"));
        QVERIFY(!written.contains(client.auth()->accessToken()));
        QVERIFY(!written.contains(client.auth()->refreshToken()));
        QVERIFY(!written.contains("eyJ")); // nothing JWT-shaped at all
    }
};

QTEST_MAIN(TestProfileEditor)
#include "tst_profileeditor.moc"
