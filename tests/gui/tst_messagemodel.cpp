#include "messagemodel.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
ChatMessage message(const QString &id, const QString &clientId, const QString &user, const QString &text)
{
    ChatMessage m;
    m.id = id;
    m.clientId = clientId;
    m.user = user;
    m.text = text;
    m.createdAtText = u"2026-11-23T10:00:00Z"_s;
    m.createdAt = QDateTime::fromString(m.createdAtText, Qt::ISODate);
    return m;
}
} // namespace

class TestMessageModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void ownMessageIsSettledInPlaceByItsEcho()
    {
        MessageModel model(u"alice"_s);
        model.addPending(u"c1"_s, u"hi"_s);
        QVERIFY(model.index(0).data(MessageModel::PendingRole).toBool());
        QCOMPARE(model.index(0).data(MessageModel::TimeRole).toString(), u"sending…"_s);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.addReceived(message(u"7"_s, u"c1"_s, u"alice"_s, u"hi"_s));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(inserted.size(), 0);
        QVERIFY(!model.index(0).data(MessageModel::PendingRole).toBool());
        QVERIFY(model.index(0).data(MessageModel::OwnRole).toBool());
    }

    void historySentAgainIsShownOnce()
    {
        MessageModel model(u"alice"_s);
        for (int round = 0; round < 3; ++round) {
            model.addReceived(message(u"1"_s, {}, u"bob"_s, u"a"_s));
            model.addReceived(message(u"2"_s, u"x"_s, u"bob"_s, u"b"_s));
        }
        QCOMPARE(model.rowCount(), 2);
    }

    void failedMessageCanBeRetriedOrDeleted()
    {
        MessageModel model(u"alice"_s);
        model.addPending(u"c1"_s, u"too big"_s);
        model.addPending(u"c2"_s, u"fine"_s);
        model.markFailed(u"c1"_s, u"a message was too large for the server (close code 1009)"_s);
        QVERIFY(model.index(0).data(MessageModel::FailedRole).toBool());
        QVERIFY(model.index(0).data(MessageModel::TimeRole).toString().contains(u"1009"_s));
        model.markPending(u"c1"_s);
        QVERIFY(!model.index(0).data(MessageModel::FailedRole).toBool());
        model.markFailed(u"c1"_s, u"again"_s);
        model.removeMessage(u"c1"_s);
        QCOMPARE(model.rowCount(), 1);
        model.addReceived(message(u"9"_s, u"c2"_s, u"alice"_s, u"fine"_s)); // the index survived the removal
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(!model.index(0).data(MessageModel::PendingRole).toBool());
    }

    void aSettledMessageCannotBeFailedOrDeleted()
    {
        MessageModel model(u"alice"_s);
        model.addPending(u"c1"_s, u"hi"_s);
        model.addReceived(message(u"1"_s, u"c1"_s, u"alice"_s, u"hi"_s));
        model.markFailed(u"c1"_s, u"late"_s);
        model.removeMessage(u"c1"_s);
        QCOMPARE(model.rowCount(), 1);
        QVERIFY(!model.index(0).data(MessageModel::FailedRole).toBool());
    }
};

QTEST_MAIN(TestMessageModel)
#include "tst_messagemodel.moc"
