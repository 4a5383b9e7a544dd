// Server profiles: the editor round-trips through QSettings, the sign-in dialog offers them, and
// no password or token is ever written to the settings file. Choosing Socket.IO fills in its
// defaults and shows its settings; a profile saved before Socket.IO existed loads as Channels.
// With QTCHAT_SCREENSHOT=file.png, screenshot() saves the editor with a Socket.IO profile
// (docs/screenshots.sh makes docs/profile-socketio.png).
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
#include <QGroupBox>
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
    if (text.isEmpty())
        QTest::keyClick(edit, Qt::Key_Delete);
    else
        QTest::keyClicks(edit, text);
}

void choose(QComboBox *combo, int data)
{
    QVERIFY(combo);
    const int index = combo->findData(data);
    QVERIFY2(index >= 0, qPrintable(combo->objectName()));
    combo->setCurrentIndex(index);
}

QList<int> offered(const QComboBox *combo)
{
    QList<int> items;
    for (int i = 0; i < combo->count(); ++i)
        items << combo->itemData(i).toInt();
    return items;
}

QString text(const QWidget *parent, const QString &name)
{
    const auto *edit = parent->findChild<QLineEdit *>(name);
    return edit ? edit->text() : u"<no %1>"_s.arg(name);
}

// The first field in which the two differ, or empty; ServerProfile has no operator==.
QString difference(const ServerProfile &a, const ServerProfile &b)
{
    const auto urls = [](const QList<QUrl> &list) {
        QStringList out;
        for (const QUrl &url : list)
            out << url.toString();
        return out.join(u" | "_s);
    };
    const QList<std::pair<const char *, std::pair<QString, QString>>> fields = {
        {"name", {a.name, b.name}},
        {"protocol", {ProfileSettings::protocolKey(a.protocol), ProfileSettings::protocolKey(b.protocol)}},
        {"baseUrl", {a.baseUrl.toString(), b.baseUrl.toString()}},
        {"webSocketUrl", {a.webSocketUrl.toString(), b.webSocketUrl.toString()}},
        {"alternateWebSocketUrls", {urls(a.alternateWebSocketUrls), urls(b.alternateWebSocketUrls)}},
        {"tokenPath", {a.tokenPath, b.tokenPath}},
        {"refreshPath", {a.refreshPath, b.refreshPath}},
        {"roomPath", {a.roomPath, b.roomPath}},
        {"accessField", {a.accessField, b.accessField}},
        {"refreshField", {a.refreshField, b.refreshField}},
        {"hasRefreshEndpoint",
         {QString::number(a.hasRefreshEndpoint), QString::number(b.hasRefreshEndpoint)}},
        {"historyPath", {a.historyPath, b.historyPath}},
        {"hasHistoryEndpoint",
         {QString::number(a.hasHistoryEndpoint), QString::number(b.hasHistoryEndpoint)}},
        {"transport",
         {ProfileSettings::transportKey(a.transport), ProfileSettings::transportKey(b.transport)}},
        {"subprotocolName", {a.subprotocolName, b.subprotocolName}},
        {"socketIo.path", {a.socketIo.path, b.socketIo.path}},
        {"socketIo.nameSpace", {a.socketIo.nameSpace, b.socketIo.nameSpace}},
        {"socketIo.engineIoVersion",
         {QString::number(a.socketIo.engineIoVersion), QString::number(b.socketIo.engineIoVersion)}},
        {"socketIo.roomPerNamespace",
         {QString::number(a.socketIo.roomPerNamespace), QString::number(b.socketIo.roomPerNamespace)}},
        {"socketIo.joinEvent", {a.socketIo.joinEvent, b.socketIo.joinEvent}},
        {"socketIo.leaveEvent", {a.socketIo.leaveEvent, b.socketIo.leaveEvent}},
        {"socketIo.messageEvent", {a.socketIo.messageEvent, b.socketIo.messageEvent}},
        {"socketIo.ackTimeoutMs",
         {QString::number(a.socketIo.ackTimeoutMs), QString::number(b.socketIo.ackTimeoutMs)}},
        {"caFile", {a.caFile, b.caFile}},
        {"pinSha256", {QString::fromLatin1(a.pinSha256), QString::fromLatin1(b.pinSha256)}},
        {"allowInsecure", {QString::number(a.allowInsecure), QString::number(b.allowInsecure)}},
        {"makeBeforeBreak", {QString::number(a.makeBeforeBreak), QString::number(b.makeBeforeBreak)}},
        {"clockSkewToleranceMs",
         {QString::number(a.clockSkewToleranceMs), QString::number(b.clockSkewToleranceMs)}},
    };
    for (const auto &[field, values] : fields) {
        if (values.first != values.second)
            return u"%1: \"%2\" != \"%3\""_s.arg(QLatin1StringView(field), values.first, values.second);
    }
    return {};
}

ServerProfile everySocketIoSettingChanged()
{
    ServerProfile profile = ServerProfile::socketIoDefaults(QUrl(u"https://io.example.com:8443/chat"_s));
    profile.name = u"Team chat"_s;
    profile.webSocketUrl = QUrl(u"wss://rt.example.com"_s);
    profile.tokenPath = u"/auth/login"_s;
    profile.accessField = u"jwt"_s;
    profile.transport = TokenTransport::Header;
    profile.socketIo.path = u"/rt/"_s;
    profile.socketIo.nameSpace = u"/chat"_s;
    profile.socketIo.engineIoVersion = 3;
    profile.socketIo.roomPerNamespace = true;
    profile.socketIo.joinEvent = u"room:join"_s;
    profile.socketIo.leaveEvent = u"room:leave"_s;
    profile.socketIo.messageEvent = u"chat message"_s;
    profile.socketIo.ackTimeoutMs = 4000;
    return profile;
}
} // namespace

Q_DECLARE_METATYPE(ServerProfile)

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

    void profileSettingsKeepEveryField_data()
    {
        QTest::addColumn<ServerProfile>("profile");
        ServerProfile io = ServerProfile::socketIoDefaults(QUrl(u"http://127.0.0.1:3000"_s));
        io.name = u"Local Socket.IO"_s;
        QTest::newRow("the Socket.IO defaults are kept as they are") << io;
        QTest::newRow("a Socket.IO profile with every setting changed keeps them all")
            << everySocketIoSettingChanged();
        ServerProfile login;
        login.name = u"Channels with a login endpoint"_s;
        login.baseUrl = QUrl(u"https://chat.example.com"_s);
        login.tokenPath = u"/login"_s;
        login.accessField = u"token"_s;
        login.refreshField.clear();
        login.hasRefreshEndpoint = false;
        login.roomPath = u"/rooms/{room}/socket"_s;
        QTest::newRow("a Channels profile signing in at /login without refresh keeps that") << login;
        ServerProfile failover;
        failover.name = u"Two daphnes"_s;
        failover.baseUrl = QUrl(u"https://chat.example.com"_s);
        failover.alternateWebSocketUrls = {QUrl(u"wss://ws2.example.com"_s),
                                           QUrl(u"wss://ws3.example.com:8443/a,b"_s)};
        QTest::newRow("fail-over WebSocket URLs are kept, in order") << failover;
        ServerProfile single = failover;
        single.alternateWebSocketUrls = {QUrl(u"wss://ws2.example.com"_s)};
        QTest::newRow("a single fail-over WebSocket URL is kept") << single;
        ServerProfile history;
        history.name = u"Own history path"_s;
        history.baseUrl = QUrl(u"https://chat.example.com"_s);
        history.historyPath = u"/chat/{room}/history"_s;
        QTest::newRow("a history path of its own is kept") << history;
        history.hasHistoryEndpoint = false;
        QTest::newRow("no history endpoint stays off") << history;
    }

    void historyEndpointIsShownAndSaved()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"settings.ini"_s);
        {
            QSettings settings(path, QSettings::IniFormat);
            ServerProfile profile;
            profile.name = u"History"_s;
            profile.baseUrl = QUrl(u"https://chat.example.com"_s);
            ProfileSettings::save(settings, {profile});
            ProfileEditor editor(&settings);
            editor.open();
            auto *check = editor.findChild<QCheckBox *>(u"profileHasHistoryCheck"_s);
            auto *edit = editor.findChild<QLineEdit *>(u"profileHistoryPathEdit"_s);
            QVERIFY(check && edit);
            QVERIFY(check->isChecked());
            QCOMPARE(edit->text(), u"/api/rooms/{room}/messages/"_s);
            edit->clear();
            QTest::keyClicks(edit, u"/history/"_s);
            QVERIFY(!editor.save()); // no {room} in it
            QTest::keyClicks(edit, u"{room}/"_s);
            QVERIFY(editor.save());
            QTest::mouseClick(check, Qt::LeftButton);
            QVERIFY(!edit->isEnabled()); // greyed out, kept for when it is turned back on
            QVERIFY(editor.save());
        }
        QSettings settings(path, QSettings::IniFormat);
        const ServerProfile saved = ProfileSettings::load(settings).first();
        QVERIFY(!saved.hasHistoryEndpoint);
        QCOMPARE(saved.historyPath, u"/history/{room}/"_s);
        QCOMPARE(ServerProfile::socketIoDefaults(QUrl(u"http://127.0.0.1:3000"_s)).hasHistoryEndpoint, false);
    }

    void profileSettingsKeepEveryField()
    {
        QFETCH(ServerProfile, profile);
        QTemporaryDir dir;
        const QString path = dir.filePath(u"settings.ini"_s);
        {
            QSettings settings(path, QSettings::IniFormat);
            ProfileSettings::save(settings, {profile});
        }
        QSettings settings(path, QSettings::IniFormat);
        const QList<ServerProfile> profiles = ProfileSettings::load(settings);
        QCOMPARE(profiles.size(), 1);
        const QString different = difference(profile, profiles.first());
        QVERIFY2(different.isEmpty(), qPrintable(different));
        // And through the editor's form unchanged.
        ProfileEditor editor(&settings);
        QVERIFY(editor.save());
        const QString throughEditor = difference(profile, ProfileSettings::load(settings).value(0));
        QVERIFY2(throughEditor.isEmpty(), qPrintable(throughEditor));
    }

    void aProfileSavedBeforeSocketIoLoadsAsChannels()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
        // Every key an earlier version wrote, and none of the Socket.IO era.
        settings.beginWriteArray(u"profiles"_s, 1);
        settings.setArrayIndex(0);
        settings.setValue(u"name"_s, u"Older"_s);
        settings.setValue(u"baseUrl"_s, u"https://chat.example.com"_s);
        settings.setValue(u"webSocketUrl"_s, QString());
        settings.setValue(u"tokenPath"_s, u"/api/token/"_s);
        settings.setValue(u"refreshPath"_s, u"/api/token/refresh/"_s);
        settings.setValue(u"roomPath"_s, u"/ws/chat/{room}/"_s);
        settings.setValue(u"transport"_s, u"subprotocol-pair"_s);
        settings.setValue(u"subprotocolName"_s, u"access_token"_s);
        settings.setValue(u"allowInsecure"_s, false);
        settings.setValue(u"makeBeforeBreak"_s, true);
        settings.setValue(u"clockSkewToleranceMs"_s, 30000);
        settings.endArray();
        settings.sync();

        const QList<ServerProfile> profiles = ProfileSettings::load(settings);
        QCOMPARE(profiles.size(), 1);
        ServerProfile expected;
        expected.name = u"Older"_s;
        expected.baseUrl = QUrl(u"https://chat.example.com"_s);
        expected.transport = TokenTransport::SubprotocolPair;
        const QString different = difference(expected, profiles.first());
        QVERIFY2(different.isEmpty(), qPrintable(different));

        ProfileEditor editor(&settings);
        editor.open();
        QCOMPARE(editor.findChild<QComboBox *>(u"profileProtocolCombo"_s)->currentData().toInt(),
                 int(ServerProtocol::Channels));
        QVERIFY(editor.findChild<QLineEdit *>(u"profileRoomPathEdit"_s)->isVisible());
        QVERIFY(!editor.findChild<QLineEdit *>(u"profileSocketIoPathEdit"_s)->isVisible());
        QVERIFY(editor.findChild<QCheckBox *>(u"profileHasRefreshCheck"_s)->isChecked());
    }

    void choosingSocketIoFillsInItsDefaults()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"settings.ini"_s);
        {
            QSettings settings(path, QSettings::IniFormat);
            ProfileEditor editor(&settings);
            editor.open();
            QTest::mouseClick(editor.findChild<QPushButton *>(u"addProfileButton"_s), Qt::LeftButton);
            typeInto(&editor, u"profileNameEdit"_s, u"Team chat"_s);
            typeInto(&editor, u"profileUrlEdit"_s, u"http://127.0.0.1:3000"_s);
            auto *protocol = editor.findChild<QComboBox *>(u"profileProtocolCombo"_s);
            auto *transport = editor.findChild<QComboBox *>(u"profileTransportCombo"_s);
            auto *roomPath = editor.findChild<QLineEdit *>(u"profileRoomPathEdit"_s);
            auto *socketIoPath = editor.findChild<QLineEdit *>(u"profileSocketIoPathEdit"_s);
            auto *hasRefresh = editor.findChild<QCheckBox *>(u"profileHasRefreshCheck"_s);
            QVERIFY(protocol && transport && roomPath && socketIoPath && hasRefresh);
            QCOMPARE(protocol->currentData().toInt(), int(ServerProtocol::Channels));
            QVERIFY(roomPath->isVisible());
            QVERIFY(!socketIoPath->isVisible());
            QCOMPARE(offered(transport),
                     (QList<int>{int(TokenTransport::Subprotocol), int(TokenTransport::SubprotocolPair),
                                 int(TokenTransport::Header), int(TokenTransport::Query)}));

            choose(protocol, int(ServerProtocol::SocketIo));
            // socketIoDefaults(): POST /login -> {"token"}, no refresh, the CONNECT auth payload.
            QCOMPARE(text(&editor, u"profileTokenPathEdit"_s), u"/login"_s);
            QCOMPARE(text(&editor, u"profileAccessFieldEdit"_s), u"token"_s);
            QVERIFY(!hasRefresh->isChecked());
            QVERIFY(!editor.findChild<QLineEdit *>(u"profileRefreshPathEdit"_s)->isEnabled());
            QCOMPARE(offered(transport),
                     (QList<int>{int(TokenTransport::AuthPayload), int(TokenTransport::Header),
                                 int(TokenTransport::Query)}));
            QCOMPARE(transport->currentData().toInt(), int(TokenTransport::AuthPayload));
            QVERIFY(!roomPath->isVisible());
            QVERIFY(socketIoPath->isVisible());
            QCOMPARE(socketIoPath->text(), u"/socket.io/"_s);
            QCOMPARE(text(&editor, u"profileNamespaceEdit"_s), u"/"_s);
            QCOMPARE(editor.findChild<QComboBox *>(u"profileEngineIoCombo"_s)->currentData().toInt(), 4);
            QCOMPARE(text(&editor, u"profileJoinEventEdit"_s), u"join"_s);
            QCOMPARE(text(&editor, u"profileLeaveEventEdit"_s), u"leave"_s);
            QCOMPARE(text(&editor, u"profileMessageEventEdit"_s), u"message"_s);
            QVERIFY(!editor.findChild<QCheckBox *>(u"makeBeforeBreak"_s)->isChecked());
            QVERIFY(editor.findChild<QGroupBox *>(u"profileRoomsBox"_s)->title().contains(u"Socket.IO"_s));
            // Where the server is stays.
            QCOMPARE(text(&editor, u"profileNameEdit"_s), u"Team chat"_s);
            QCOMPARE(text(&editor, u"profileUrlEdit"_s), u"http://127.0.0.1:3000"_s);

            // The query warning holds for Socket.IO too.
            auto *warning = editor.findChild<QLabel *>(u"profileInsecureWarning"_s);
            QVERIFY(!warning->isVisible());
            choose(transport, int(TokenTransport::Query));
            QVERIFY(warning->isVisible());
            QVERIFY(warning->text().contains(u"access logs"_s));
            choose(transport, int(TokenTransport::AuthPayload));
            QVERIFY(!warning->isVisible());

            // The Socket.IO settings are the user's to change.
            choose(editor.findChild<QComboBox *>(u"profileEngineIoCombo"_s), 3);
            typeInto(&editor, u"profileMessageEventEdit"_s, u"chat message"_s);
            auto *perNamespace = editor.findChild<QCheckBox *>(u"profileRoomPerNamespaceCheck"_s);
            QTest::mouseClick(perNamespace, Qt::LeftButton);
            QVERIFY(perNamespace->isChecked());
            QVERIFY(!editor.findChild<QLineEdit *>(u"profileJoinEventEdit"_s)->isEnabled());
            QVERIFY(editor.save());
        }
        QSettings settings(path, QSettings::IniFormat);
        const ServerProfile saved = ProfileSettings::load(settings).value(0);
        QCOMPARE(saved.protocol, ServerProtocol::SocketIo);
        QCOMPARE(saved.tokenPath, u"/login"_s);
        QCOMPARE(saved.accessField, u"token"_s);
        QVERIFY(!saved.hasRefreshEndpoint);
        QCOMPARE(saved.transport, TokenTransport::AuthPayload);
        QCOMPARE(saved.socketIo.engineIoVersion, 3);
        QCOMPARE(saved.socketIo.messageEvent, u"chat message"_s);
        QVERIFY(saved.socketIo.roomPerNamespace);
        QCOMPARE(saved.baseUrl, QUrl(u"http://127.0.0.1:3000"_s));

        ProfileEditor again(&settings);
        again.open();
        QCOMPARE(again.findChild<QComboBox *>(u"profileProtocolCombo"_s)->currentData().toInt(),
                 int(ServerProtocol::SocketIo));
        QVERIFY(again.findChild<QLineEdit *>(u"profileSocketIoPathEdit"_s)->isVisible());
        QVERIFY(!again.findChild<QLineEdit *>(u"profileRoomPathEdit"_s)->isVisible());
    }

    void choosingChannelsAgainBringsBackItsDefaults()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
        ProfileSettings::save(settings, {everySocketIoSettingChanged()});
        ProfileEditor editor(&settings);
        editor.open();
        choose(editor.findChild<QComboBox *>(u"profileProtocolCombo"_s), int(ServerProtocol::Channels));
        QCOMPARE(text(&editor, u"profileTokenPathEdit"_s), u"/api/token/"_s);
        QCOMPARE(text(&editor, u"profileAccessFieldEdit"_s), u"access"_s);
        QCOMPARE(text(&editor, u"profileRefreshFieldEdit"_s), u"refresh"_s);
        QVERIFY(editor.findChild<QCheckBox *>(u"profileHasRefreshCheck"_s)->isChecked());
        QCOMPARE(editor.findChild<QComboBox *>(u"profileTransportCombo"_s)->currentData().toInt(),
                 int(TokenTransport::Subprotocol));
        QVERIFY(editor.findChild<QLineEdit *>(u"profileRoomPathEdit"_s)->isVisible());
        QCOMPARE(text(&editor, u"profileWebSocketEdit"_s), u"wss://rt.example.com"_s);
        QVERIFY(editor.save());
        const ServerProfile saved = ProfileSettings::load(settings).value(0);
        QCOMPARE(saved.protocol, ServerProtocol::Channels);
        QCOMPARE(saved.name, u"Team chat"_s);
        QCOMPARE(saved.baseUrl, QUrl(u"https://io.example.com:8443/chat"_s));
    }

    void socketIoSettingsAreCheckedBeforeSaving_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("problem");
        QTest::newRow("an empty join event is refused")
            << u"profileJoinEventEdit"_s << QString() << u"join and message event names"_s;
        QTest::newRow("a namespace without a leading slash is refused")
            << u"profileNamespaceEdit"_s << u"chat"_s << u"must start with /"_s;
        QTest::newRow("a Socket.IO path without a leading slash is refused")
            << u"profileSocketIoPathEdit"_s << u"socket.io/"_s << u"must start with /"_s;
        QTest::newRow("an empty token field is refused")
            << u"profileAccessFieldEdit"_s << QString() << u"token field cannot be empty"_s;
    }

    void socketIoSettingsAreCheckedBeforeSaving()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, problem);
        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
        ServerProfile profile = ServerProfile::socketIoDefaults(QUrl(u"http://127.0.0.1:3000"_s));
        profile.name = u"Local"_s;
        ProfileSettings::save(settings, {profile});
        ProfileEditor editor(&settings);
        editor.open();
        typeInto(&editor, field, value);
        QCOMPARE(text(&editor, field), value);
        QVERIFY(!editor.save());
        auto *label = editor.findChild<QLabel *>(u"profileProblemLabel"_s);
        QVERIFY(label->isVisible());
        QVERIFY2(label->text().contains(problem), qPrintable(label->text()));
        QVERIFY(label->text().startsWith(u"Local: "_s));
    }

    // Not a check: the picture of the editor for docs/ (docs/screenshots.sh).
    void screenshot()
    {
        const QString file = qEnvironmentVariable("QTCHAT_SCREENSHOT");
        if (file.isEmpty())
            QSKIP("set QTCHAT_SCREENSHOT=file.png to save the picture");
        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
        ServerProfile staging;
        staging.name = u"Staging (Django)"_s;
        staging.baseUrl = QUrl(u"https://staging.example.com"_s);
        ServerProfile team = ServerProfile::socketIoDefaults(QUrl(u"https://chat.example.com"_s));
        team.name = u"Team chat (Socket.IO)"_s;
        ProfileSettings::save(settings, {staging, team});
        ProfileEditor editor(&settings);
        editor.selectProfile(team.name);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        QVERIFY(editor.grab().save(file));
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
