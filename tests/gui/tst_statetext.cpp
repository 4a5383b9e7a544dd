// The window's sentences about a room, written from RoomStatus alone: every cause has one, the
// countdown is counted by the caller's clock, and the server's words stay on one line, isolated.
#include "appearance.h"
#include "statetext.h"

#include <QApplication>
#include <QMetaEnum>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using State = RoomStatus::State;
using Cause = RoomStatus::Cause;

namespace {
const QDateTime T0 = QDateTime(QDate(2026, 12, 2), QTime(13, 0), Qt::UTC);

RoomStatus statusOf(State state, Cause cause, int closeCode = 0, int httpStatus = 0)
{
    RoomStatus status(state, cause);
    status.closeCode = closeCode;
    status.httpStatus = httpStatus;
    return status;
}
} // namespace

class TestStateText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(Appearance::installTranslations(*qApp, QLocale(u"en_US"_s))); // "1 time", "3 times"
    }

    void everyCauseGivesItsOwnSentence()
    {
        const QMetaEnum causes = QMetaEnum::fromType<Cause>();
        QSet<QString> seen;
        for (int i = 0; i < causes.keyCount(); ++i) {
            const auto cause = Cause(causes.value(i));
            RoomStatus status(State::Failed, cause);
            status.address = u"ws://127.0.0.1:1/ws/chat/lobby/"_s;
            status.detail = u"Connection refused"_s;
            const QString text = causeText(status);
            if (cause == Cause::None) {
                QVERIFY2(text.contains(u"connecting to"_s), qPrintable(text));
                continue;
            }
            QVERIFY2(!text.isEmpty(), causes.key(i));
            QVERIFY2(!seen.contains(text), qPrintable(text));
            seen.insert(text);
            QVERIFY(stateSentence(u"lobby"_s, status).startsWith(u"#lobby: "_s));
        }
    }

    void sentencesSayTheCodes_data()
    {
        QTest::addColumn<RoomStatus>("status");
        QTest::addColumn<QString>("sentence");
        QTest::newRow("open") << statusOf(State::Open, Cause::None) << u"#lobby: connected"_s;
        QTest::newRow("close 1011, a reconnect not yet due")
            << statusOf(State::Reconnecting, Cause::Closed, 1011)
            << u"#lobby: reconnecting - the server had an internal error (close code 1011)"_s;
        QTest::newRow("close 4004 stops the room")
            << statusOf(State::Failed, Cause::RoomRefused, 4004)
            << u"#lobby: failed - there is no such room (close code 4004)"_s;
        QTest::newRow("HTTP 404 has no chat endpoint")
            << statusOf(State::Failed, Cause::RoomRefused, 0, 404)
            << u"#lobby: failed - the server has no chat endpoint for this room (HTTP 404)"_s;
        QTest::newRow("HTTP 503 is refused")
            << statusOf(State::Reconnecting, Cause::HandshakeRefused, 0, 503)
            << u"#lobby: reconnecting - the server refused the connection (HTTP 503)"_s;
        RoomStatus fiveHundreds = statusOf(State::Failed, Cause::HandshakeRefused, 0, 500);
        fiveHundreds.count = 3;
        QTest::newRow("three HTTP 500s in a row") << fiveHundreds
                                                  << u"#lobby: failed - the server failed the handshake 3 "
                                                     u"times (HTTP 500); is this room path right "
                                                     "for this server?"_s;
        RoomStatus refused = statusOf(State::AuthRequired, Cause::TokenRefused, 4001);
        refused.count = 4;
        QTest::newRow("a fresh token refused three times")
            << refused
            << u"#lobby: sign-in needed - the server refused the access token (close code 4001); a fresh "
               u"token "
               "was refused 3 times"_s;
        RoomStatus refreshing = statusOf(State::Reconnecting, Cause::TokenRefused, 0, 403);
        refreshing.awaitingToken = true;
        QTest::newRow("a refused token being refreshed")
            << refreshing
            << u"#lobby: reconnecting - the server refused the access token (HTTP 403); getting a fresh "
               u"access "
               "token"_s;
        QTest::newRow("left") << statusOf(State::Disconnected, Cause::Left)
                              << u"#lobby: offline - left the room"_s;
    }

    void sentencesSayTheCodes()
    {
        QFETCH(RoomStatus, status);
        QFETCH(QString, sentence);
        QCOMPARE(stateSentence(u"lobby"_s, status, T0), sentence);
    }

    void theCountdownIsCountedByTheCallersClock()
    {
        RoomStatus status = statusOf(State::Reconnecting, Cause::ConnectionDropped);
        status.nextAttempt = T0.addMSecs(3200);
        QCOMPARE(secondsUntilNextAttempt(status, T0), 4); // rounded up: never "in 0 s" too early
        QCOMPARE(stateSentence(u"lobby"_s, status, T0),
                 u"#lobby: reconnecting in 4 s - the connection dropped without a close frame (1006)"_s);
        QCOMPARE(stateSentence(u"lobby"_s, status, T0.addMSecs(2500)),
                 u"#lobby: reconnecting in 1 s - the connection dropped without a close frame (1006)"_s);
        QCOMPARE(secondsUntilNextAttempt(status, T0.addSecs(10)), 0); // late, not negative
        QCOMPARE(secondsUntilNextAttempt(statusOf(State::Open, Cause::None), T0), -1);
        // Without a clock (a tooltip that is not repainted), the time of day instead of a countdown.
        QVERIFY(!statusText(status).contains(u" in "_s));
        QVERIFY(statusText(status).startsWith(u"reconnecting at "_s));
    }

    void aSessionOfflineRoomSaysOfflineAndWhenItTriesAgain()
    {
        RoomStatus status = statusOf(State::Reconnecting, Cause::SessionOffline);
        status.nextAttempt = T0.addSecs(12);
        QCOMPARE(stateText(status), u"offline"_s);
        QCOMPARE(stateSentence(u"lobby"_s, status, T0), u"#lobby: offline - retrying in 12 s"_s);
        status.nextAttempt = {};
        QVERIFY(stateSentence(u"lobby"_s, status, T0).startsWith(u"#lobby: offline - "_s));
    }

    void theServersWordsStayOnOneLineInAnIsolate_data()
    {
        QTest::addColumn<QString>("words");
        QTest::addColumn<QString>("shown");
        QTest::newRow("a line break cannot start a sentence of ours")
            << u"bye\n#general: connected"_s << u"bye #general: connected"_s;
        QTest::newRow("a right-to-left override is shown, not obeyed")
            << u"bye \u202Eexe.gnp"_s << u"bye [U+202E]exe.gnp"_s;
        QTest::newRow("a placeholder is not filled") << u"%1 %2 %n"_s << u"%1 %2 %n"_s;
    }

    void theServersWordsStayOnOneLineInAnIsolate()
    {
        QFETCH(QString, words);
        QFETCH(QString, shown);
        RoomStatus status = statusOf(State::Failed, Cause::RoomRefused, 4003);
        status.serverWords = words;
        QCOMPARE(stateSentence(u"lobby"_s, status, T0),
                 u"#lobby: failed - you are not allowed in this room (close code 4003: \u2068%1\u2069)"_s.arg(
                     shown));
        status.serverWords = QString(1000, u'x');
        QVERIFY(stateSentence(u"lobby"_s, status, T0).size() < 400); // bounded
    }
};

QTEST_MAIN(TestStateText)
#include "tst_statetext.moc"
