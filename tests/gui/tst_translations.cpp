// The compiled-in translations load for Japanese and Simplified Chinese and reach the widgets;
// English gets its plural forms.
#include "../testsupport.h"
#include "appearance.h"
#include "chatclient.h"
#include "mainwindow.h"
#include "messagemodel.h"
#include "mockserver.h"
#include "profileeditor.h"
#include "reconnectpolicy.h"
#include "roomsidebar.h"
#include "signindialog.h"
#include "statetext.h"

#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

using namespace Qt::StringLiterals;

class TestTranslations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void cleanup()
    {
        const QList<QTranslator *> translators = qApp->findChildren<QTranslator *>();
        for (QTranslator *translator : translators) {
            QApplication::removeTranslator(translator);
            delete translator;
        }
    }

    void localeChoosesTheLanguage_data()
    {
        QTest::addColumn<QString>("locale");
        QTest::addColumn<QString>("signIn");
        QTest::addColumn<QString>("connected");
        QTest::newRow("Japanese") << u"ja_JP"_s << u"サインイン"_s << u"接続済み"_s;
        QTest::newRow("Simplified Chinese") << u"zh_CN"_s << u"登录"_s << u"已连接"_s;
        QTest::newRow("English needs no translation") << u"en_GB"_s << u"Sign in"_s << u"connected"_s;
    }

    void localeChoosesTheLanguage()
    {
        QFETCH(QString, locale);
        QFETCH(QString, signIn);
        QFETCH(QString, connected);
        QVERIFY(Appearance::installTranslations(*qApp, QLocale(locale)) || locale.startsWith(u"en"_s));
        ChatClient client;
        SignInDialog dialog(&client);
        QCOMPARE(dialog.findChild<QPushButton *>(u"signInButton"_s)->text(), signIn);
        QCOMPARE(stateText(RoomConnection::State::Open), connected);
    }

    void tooLargeAndMakeBeforeBreakAreTranslated_data()
    {
        QTest::addColumn<QString>("locale");
        QTest::addColumn<QString>("placeholder");
        QTest::addColumn<QString>("makeBeforeBreak");
        QTest::newRow("Japanese") << u"ja_JP"_s << u"大きすぎて表示できないメッセージ"_s
                                  << u"アクセストークンの期限が切れる前に接続を切り替える"_s;
        QTest::newRow("Simplified Chinese")
            << u"zh_CN"_s << u"一条过大、无法显示的消息"_s << u"在访问令牌过期前替换连接"_s;
    }

    void tooLargeAndMakeBeforeBreakAreTranslated()
    {
        QFETCH(QString, locale);
        QFETCH(QString, placeholder);
        QFETCH(QString, makeBeforeBreak);
        QVERIFY(Appearance::installTranslations(*qApp, QLocale(locale)));
        MessageModel model(u"alice"_s);
        ChatMessage huge;
        huge.id = u"1"_s;
        huge.user = u"bob"_s;
        huge.omittedBytes = 2 * 1024 * 1024;
        model.addReceived(huge);
        QVERIFY2(model.index(0).data().toString().startsWith(placeholder),
                 qPrintable(model.index(0).data().toString()));

        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"settings.ini"_s), QSettings::IniFormat);
        ProfileEditor editor(&settings);
        const auto *check = editor.findChild<QCheckBox *>(u"makeBeforeBreak"_s);
        QVERIFY(check);
        QCOMPARE(check->text(), makeBeforeBreak);
        QVERIFY(!check->toolTip().startsWith(u"Shortly"_s)); // the tooltip too, not the English
    }

    // Issue 13: what a row and the window say when the outbox file refuses a message, and the first
    // row of a room that dropped its oldest messages.
    void issue13NotesAreTranslated_data()
    {
        QTest::addColumn<QString>("locale");
        QTest::addColumn<QString>("notSaved");
        QTest::addColumn<QString>("statusStart");
        QTest::addColumn<QString>("dropped");
        QTest::newRow("Japanese") << u"ja_JP"_s << u"未保存: QtChat を終了すると失われます"_s
                                  << u"未保存のメッセージ 2 件（今 QtChat を終了すると失われます）"_s
                                  << u"これより古いメッセージはメモリに保持されません"_s;
        QTest::newRow("Simplified Chinese")
            << u"zh_CN"_s << u"未保存：退出 QtChat 后将会丢失"_s
            << u"2 条消息未保存，现在退出 QtChat 将会丢失"_s << u"更早的消息不再保留在内存中"_s;
        QTest::newRow("English says 2 messages")
            << u"en_US"_s << u"not saved: it will be lost if QtChat quits"_s
            << u"2 messages not saved, lost if QtChat quits now"_s
            << u"older messages are not kept in memory"_s;
    }

    void issue13NotesAreTranslated()
    {
        QFETCH(QString, locale);
        QFETCH(QString, notSaved);
        QFETCH(QString, statusStart);
        QFETCH(QString, dropped);
        QVERIFY(Appearance::installTranslations(*qApp, QLocale(locale)));
        MessageModel model(u"alice"_s);
        model.setMaxRows(2);
        ChatMessage old;
        old.id = u"1"_s;
        old.user = u"bob"_s;
        model.addReceived(old);
        model.addPending(u"c1"_s, u"kept in memory only"_s);
        model.addPending(u"c2"_s, u"this one too"_s);
        model.markNotSaved(u"c1"_s);
        QCOMPARE(model.index(0).data(MessageModel::NotSavedRole).toString(), notSaved);
        QVERIFY2(model.index(0).data(MessageModel::DaySeparatorRole).toString().endsWith(dropped),
                 qPrintable(model.index(0).data(MessageModel::DaySeparatorRole).toString()));
        const QString status = QCoreApplication::translate(
            "MainWindow", "%n message(s) not saved, lost if QtChat quits now - %1", nullptr, 2);
        QVERIFY2(status.startsWith(statusStart), qPrintable(status));
    }

    // Issue 15: the window says a room's state in the reader's language, the server's words kept as
    // they are (isolated), in the status bar and the room list alike.
    void aRoomsStateIsInTheWindowsLanguage_data()
    {
        QTest::addColumn<QString>("locale");
        QTest::addColumn<QString>("refused");
        QTest::addColumn<QString>("countdown");
        QTest::addColumn<QString>("closed");
        QTest::newRow("Japanese")
            << u"ja_JP"_s
            << u"#lobby: 失敗 - このルームへの参加は許可されていません（クローズコード 4003: \u2068go away\u2069）"_s
            << u"秒後に再接続 - "_s << u"サーバーが接続を閉じました（クローズコード 4000）"_s;
        QTest::newRow("Simplified Chinese")
            << u"zh_CN"_s << u"#lobby：失败 - 你无权进入此聊天室（关闭代码 4003：\u2068go away\u2069）"_s
            << u"秒后重新连接 - "_s << u"服务器关闭了连接（关闭代码 4000）"_s;
    }

    void aRoomsStateIsInTheWindowsLanguage()
    {
        QFETCH(QString, locale);
        QFETCH(QString, refused);
        QFETCH(QString, countdown);
        QFETCH(QString, closed);
        QVERIFY(Appearance::installTranslations(*qApp, QLocale(locale)));
        MockServer server;
        QVERIFY(server.listen());
        ChatClient client;
        const ServerProfile profile = TestSupport::profileFor(server.baseUrl());
        QVERIFY(TestSupport::signInAndWait(client, profile, u"alice"_s));
        MainWindow window(&client);
        window.show();
        window.joinRoom(u"lobby"_s);
        QTRY_VERIFY(client.room(u"lobby"_s) &&
                    client.room(u"lobby"_s)->state() == RoomConnection::State::Open);
        auto *status = window.findChild<QLabel *>(u"roomStatus"_s);
        auto *rooms = window.findChild<QListWidget *>(u"roomList"_s);
        QVERIFY(status && rooms);

        // Reconnecting: a countdown in the window's language. A seed whose first delay is long keeps
        // it on screen.
        quint32 seed = 1;
        while (ReconnectPolicy(seed, profile.reconnect).nextDelayMs() < profile.reconnect.baseMs / 2)
            ++seed;
        client.room(u"lobby"_s)->setReconnectSeed(seed);
        QCOMPARE(server.closeRoom(u"lobby"_s, 4000), 1);
        QTRY_COMPARE(client.room(u"lobby"_s)->state(), RoomConnection::State::Reconnecting);
        const QString counting = status->text();
        QVERIFY2(counting.contains(countdown) && counting.endsWith(closed), qPrintable(counting));
        QCOMPARE(rooms->item(0)->data(RoomSidebar::StateRole).toString(),
                 QCoreApplication::translate("RoomState", "reconnecting"));
        QVERIFY(rooms->item(0)->toolTip().contains(closed.left(4))); // the room list's tooltip too

        // Failed: the server's words are its own, in an isolate, inside the translated sentence.
        client.room(u"lobby"_s)->reconnectNow();
        QTRY_COMPARE(client.room(u"lobby"_s)->state(), RoomConnection::State::Open);
        QCOMPARE(server.closeRoom(u"lobby"_s, 4003, u"go away"_s), 1);
        QTRY_COMPARE(client.room(u"lobby"_s)->state(), RoomConnection::State::Failed);
        QTRY_COMPARE(status->text(), refused);
        QVERIFY(!client.room(u"lobby"_s)->stateReason().isEmpty()); // the CLI's English is still there
    }

    void englishPluralsReadNaturally()
    {
        QVERIFY(Appearance::installTranslations(*qApp, QLocale(u"en_US"_s)));
        QCOMPARE(QCoreApplication::translate("ChatView", "%n new message(s) ↓", nullptr, 1),
                 u"1 new message ↓"_s);
        QCOMPARE(QCoreApplication::translate("ChatView", "%n new message(s) ↓", nullptr, 3),
                 u"3 new messages ↓"_s);
    }
};

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
