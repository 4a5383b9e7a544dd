// Outbox::matchStored: the rule that finds the stored copy of a message whose echo was lost, on a
// server that keeps no client ids (README, "Delivery"). Pure logic; no sockets, no files.
#include "outbox.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace {
constexpr qint64 Sent = 1'800'000'000'000; // when the messages below first went out
constexpr qint64 Skew = 30'000;

ChatMessage fromServer(const QString &user, const QString &text, qint64 createdMs, const QString &id)
{
    ChatMessage message;
    message.user = user;
    message.text = text;
    message.id = id;
    message.createdAt = QDateTime::fromMSecsSinceEpoch(createdMs, Qt::UTC);
    message.createdAtText = message.createdAt.toString(Qt::ISODateWithMs);
    return message;
}
} // namespace

class TestOutbox : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aStoredCopyIsFoundBySenderTextAndTime_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("createdMs");
        QTest::addColumn<bool>("matches");
        QTest::newRow("our text, stored after we sent it") << u"alice"_s << u"hello"_s << Sent + 50 << true;
        QTest::newRow("a server clock 20 s behind ours is within the allowance")
            << u"alice"_s << u"hello"_s << Sent - 20'000 << true;
        QTest::newRow("stored before our first send, beyond the allowance, is an older message")
            << u"alice"_s << u"hello"_s << Sent - Skew - 1 << false;
        QTest::newRow("someone else's message with our text is theirs")
            << u"bob"_s << u"hello"_s << Sent + 50 << false;
        QTest::newRow("our user with another text is another message")
            << u"alice"_s << u"hello!"_s << Sent + 50 << false;
        QTest::newRow("a message without a sender cannot be proved ours")
            << QString() << u"hello"_s << Sent + 50 << false;
    }

    void aStoredCopyIsFoundBySenderTextAndTime()
    {
        QFETCH(QString, user);
        QFETCH(QString, text);
        QFETCH(qint64, createdMs);
        QFETCH(bool, matches);
        Outbox outbox(u"lobby"_s);
        const QString clientId = outbox.add(u"hello"_s).clientId;
        outbox.markSent(clientId, Sent);
        QCOMPARE(outbox.matchStored(fromServer(user, text, createdMs, u"7"_s), u"alice"_s, Skew),
                 matches ? clientId : QString());
    }

    void aMessageNeverSentIsNeverFound()
    {
        Outbox outbox(u"lobby"_s);
        outbox.add(u"queued offline"_s);
        QVERIFY(outbox.inFlight().isEmpty());
        QCOMPARE(
            outbox.matchStored(fromServer(u"alice"_s, u"queued offline"_s, Sent, u"1"_s), u"alice"_s, Skew),
            QString());
    }

    void aTimeThatCannotBeReadMatchesNothing()
    {
        Outbox outbox(u"lobby"_s);
        const QString clientId = outbox.add(u"hello"_s).clientId;
        outbox.markSent(clientId, Sent);
        ChatMessage message = fromServer(u"alice"_s, u"hello"_s, Sent, u"1"_s);
        message.createdAt = {};
        message.createdAtText = u"2 Dec 2026, 10:00"_s;
        QCOMPARE(outbox.matchStored(message, u"alice"_s, Skew), QString());
    }

    void theSameTextTwiceSettlesInSendOrderOnePerStoredCopy()
    {
        Outbox outbox(u"lobby"_s);
        const QString first = outbox.add(u"ok"_s).clientId;
        const QString second = outbox.add(u"ok"_s).clientId;
        outbox.markSent(first, Sent);
        outbox.markSent(second, Sent + 10);
        outbox.markSent(first, Sent + 5000); // a resend keeps the first time
        QCOMPARE(outbox.inFlight().first().firstSentMs, Sent);
        const ChatMessage stored = fromServer(u"alice"_s, u"ok"_s, Sent + 100, u"8"_s);
        QCOMPARE(outbox.matchStored(stored, u"alice"_s, Skew), first);
        QVERIFY(outbox.acknowledge(first)); // the room settles it, so the next copy finds the next one
        QCOMPARE(outbox.matchStored(fromServer(u"alice"_s, u"ok"_s, Sent + 120, u"9"_s), u"alice"_s, Skew),
                 second);
    }

    void aFailedMessageIsNotInFlight()
    {
        Outbox outbox(u"lobby"_s);
        const QString clientId = outbox.add(u"too big"_s).clientId;
        outbox.markSent(clientId, Sent);
        outbox.markFailed(clientId, u"1009"_s);
        QVERIFY(outbox.inFlight().isEmpty());
        QCOMPARE(outbox.matchStored(fromServer(u"alice"_s, u"too big"_s, Sent, u"1"_s), u"alice"_s, Skew),
                 QString());
    }
};

QTEST_GUILESS_MAIN(TestOutbox)
#include "tst_outbox.moc"
