// Find in room (issue 15, item 4): Ctrl+F, the count, next and previous wrapping around, the
// highlights the delegate paints, matches only in the local store counted apart, Esc.
#include "../testsupport.h"
#include "chatview.h"
#include "composeedit.h"
#include "findbar.h"
#include "mainwindow.h"
#include "messagedelegate.h"
#include "messagemodel.h"
#include "messagestore.h"
#include "mockserver.h"

#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;
using namespace TestSupport;

namespace {
ChatMessage message(int id, const QString &text)
{
    ChatMessage m;
    m.id = QString::number(id);
    m.user = u"bob"_s;
    m.text = text;
    m.createdAt = QDateTime(QDate(2026, 12, 1), QTime(9, 0), Qt::UTC).addSecs(60 * id);
    m.createdAtText = m.createdAt.toString(Qt::ISODate);
    return m;
}

// Ten messages; "Deploy" in rows 1, 4 and 8.
QList<ChatMessage> tenMessages()
{
    QList<ChatMessage> messages;
    for (int i = 0; i < 10; ++i)
        messages << message(100 + i, i == 1 || i == 4 || i == 8 ? u"the deploy %1 is done"_s.arg(i)
                                                                : u"small talk %1"_s.arg(i));
    return messages;
}

int pixelsOf(QWidget *widget, const QColor &colour)
{
    const QImage image = widget->grab().toImage();
    int count = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x)
            count += image.pixelColor(x, y).rgb() == colour.rgb();
    }
    return count;
}

struct Room
{
    MessageModel model{u"alice"_s};
    QWidget window;
    ChatView *view = new ChatView;
    FindBar *bar = new FindBar(view);
    QLineEdit *edit = bar->findChild<QLineEdit *>(u"findEdit"_s);

    Room()
    {
        auto *layout = new QVBoxLayout(&window);
        layout->addWidget(bar);
        layout->addWidget(view);
        model.addReceivedBatch(tenMessages());
        view->setModel(&model);
        window.resize(480, 900);
        window.show();
    }
    int currentRow() const
    {
        return bar->currentMatch() < 0 ? -1 : bar->search().loaded().at(bar->currentMatch());
    }
};
} // namespace

class TestFindBar : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void countsStepsAndWrapsAround()
    {
        Room room;
        QVERIFY(QTest::qWaitForWindowExposed(&room.window));
        room.bar->open();
        QVERIFY(room.bar->isVisible());
        QTest::keyClicks(room.edit, u"DEPLOY"_s); // case does not matter
        auto *count = room.bar->findChild<QLabel *>(u"findCount"_s);
        QCOMPARE(count->text(), u"1 of 3"_s);
        QCOMPARE(room.currentRow(), 8); // the newest first
        QTest::keyClick(room.edit, Qt::Key_Return);
        QCOMPARE(count->text(), u"2 of 3"_s);
        QCOMPARE(room.currentRow(), 4);
        QTest::keyClick(room.edit, Qt::Key_Return);
        QCOMPARE(room.currentRow(), 1);
        QTest::keyClick(room.edit, Qt::Key_Return); // past the oldest: back to the newest
        QCOMPARE(room.currentRow(), 8);
        QCOMPARE(count->text(), u"1 of 3"_s);
        QTest::keyClick(room.edit, Qt::Key_Return, Qt::ShiftModifier); // and the other way round
        QCOMPARE(room.currentRow(), 1);
        QCOMPARE(count->text(), u"3 of 3"_s);

        QTest::keyClicks(room.edit, u"x"_s);
        QCOMPARE(count->text(), u"No matches"_s);
        QCOMPARE(room.bar->currentMatch(), -1);
    }

    void matchesAreHighlightedUntilEsc()
    {
        Room room;
        QVERIFY(QTest::qWaitForWindowExposed(&room.window));
        QCOMPARE(pixelsOf(room.view->viewport(), MessageDelegate::currentMatchColor()), 0);
        room.bar->open();
        QTest::keyClicks(room.edit, u"deploy"_s);
        QCOMPARE(room.view->findText(), u"deploy"_s);
        QTRY_VERIFY(pixelsOf(room.view->viewport(), MessageDelegate::currentMatchColor()) > 0);
        QTRY_VERIFY(pixelsOf(room.view->viewport(), MessageDelegate::matchColor()) > 0); // the others
        QSignalSpy closed(room.bar, &FindBar::closed);
        QTest::keyClick(room.edit, Qt::Key_Escape);
        QCOMPARE(closed.size(), 1);
        QVERIFY(room.bar->isHidden());
        QVERIFY(room.view->findText().isEmpty());
        QTRY_COMPARE(pixelsOf(room.view->viewport(), MessageDelegate::currentMatchColor()), 0);
        QCOMPARE(pixelsOf(room.view->viewport(), MessageDelegate::matchColor()), 0);
    }

    void newMessagesThatMatchAreCountedAndTheCurrentOneStays()
    {
        Room room;
        room.bar->open();
        QTest::keyClicks(room.edit, u"deploy"_s);
        QTest::keyClick(room.edit, Qt::Key_Return);
        QCOMPARE(room.currentRow(), 4);
        room.model.addReceived(message(200, u"another deploy"_s));
        auto *count = room.bar->findChild<QLabel *>(u"findCount"_s);
        QTRY_COMPARE(count->text(), u"3 of 4"_s);
        QCOMPARE(room.currentRow(), 4);
    }

    void matchesOnlyInTheStoreAreCountedApart()
    {
        Room room;
        // The store holds the loaded messages and three older ones that say "deploy".
        QList<ChatMessage> stored;
        for (int i = 0; i < 3; ++i)
            stored << message(10 + i, u"old deploy %1"_s.arg(i));
        stored += tenMessages();
        QString asked;
        room.bar->setStoreSearch([&](const QString &needle, int limit) {
            asked = needle;
            QList<ChatMessage> found;
            for (auto it = stored.crbegin(); it != stored.crend() && found.size() < limit; ++it) {
                if (it->text.contains(needle, Qt::CaseInsensitive))
                    found << *it;
            }
            return found;
        });
        QSignalSpy wanted(room.bar, &FindBar::olderMatchWanted);
        room.bar->open();
        QTest::keyClicks(room.edit, u"deploy"_s);
        QCOMPARE(asked, u"deploy"_s);
        auto *count = room.bar->findChild<QLabel *>(u"findCount"_s);
        QCOMPARE(count->text(), u"1 of 3 · 3 more in older messages"_s);
        QCOMPARE(room.bar->search().older().size(), 3);
        QCOMPARE(room.bar->search().older().first().text, u"old deploy 2"_s); // the newest of them
        QTest::keyClick(room.edit, Qt::Key_Return);
        QTest::keyClick(room.edit, Qt::Key_Return);
        QCOMPARE(wanted.size(), 0);
        // Past the oldest loaded one: older rows are asked for, down to the next stored match.
        QTest::keyClick(room.edit, Qt::Key_Return);
        QCOMPARE(wanted.size(), 1);
        QCOMPARE(wanted.first().first().value<ChatMessage>().text, u"old deploy 2"_s);
        QCOMPARE(room.currentRow(), 8); // nobody loaded them: around to the newest
    }

    void ctrlFOpensF3StepsEscClosesIntoTheComposeBox()
    {
        MockServer server;
        QVERIFY(server.listen());
        ChatClient client;
        QVERIFY(signInAndWait(client, fastProfile(server.baseUrl()), u"alice"_s));
        MainWindow window(&client);
        window.show();
        window.joinRoom(u"lobby"_s);
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        MessageModel *model = window.model(u"lobby"_s);
        model->addReceivedBatch(tenMessages());
        auto *bar = window.findChild<FindBar *>(u"findBar"_s);
        auto *compose = window.findChild<ComposeEdit *>(u"composeEdit"_s);
        QVERIFY(bar && compose);
        QVERIFY(bar->isHidden());
        QTest::keyClick(compose, Qt::Key_F, Qt::ControlModifier);
        QVERIFY(bar->isVisible());
        auto *edit = bar->findChild<QLineEdit *>(u"findEdit"_s);
        QTRY_VERIFY(edit->hasFocus());
        QTest::keyClicks(edit, u"deploy"_s);
        QCOMPARE(bar->countText(), u"1 of 3"_s);
        QTest::keyClick(edit, Qt::Key_F3);
        QCOMPARE(bar->countText(), u"2 of 3"_s);
        QTest::keyClick(edit, Qt::Key_F3, Qt::ShiftModifier);
        QCOMPARE(bar->countText(), u"1 of 3"_s);
        QTest::keyClick(edit, Qt::Key_Escape);
        QVERIFY(bar->isHidden());
        QTRY_VERIFY(compose->hasFocus());
    }

    // The window on a room whose store holds more than the rows loaded: a match only in the store is
    // counted apart, and stepping past the oldest loaded match loads older rows down to it.
    void steppingPastTheLoadedMatchesLoadsOlderRowsFromTheStore()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        MockServer server;
        QVERIFY(server.listen());
        const ServerProfile profile = fastProfile(server.baseUrl());
        {
            MessageStore store;
            QVERIFY(store.open(MessageStore::pathFor(dir.path(), profile, u"alice"_s)));
            QList<ChatMessage> messages;
            for (int id = 1; id <= 1100; ++id)
                messages << message(id, id == 5 || id == 1050 ? u"a kumquat, %1"_s.arg(id)
                                                              : u"chat %1"_s.arg(id));
            store.append(u"lobby"_s, messages);
        } // closing writes them
        ChatClient client;
        client.setMessageStoreFolder(dir.path());
        QVERIFY(signInAndWait(client, profile, u"alice"_s));
        MainWindow window(&client);
        window.show();
        window.joinRoom(u"lobby"_s);
        MessageModel *model = window.model(u"lobby"_s);
        QTRY_COMPARE(model->rowCount(), ChatClient::StoredMessagesPerRoom);
        auto *bar = window.findChild<FindBar *>(u"findBar"_s);
        auto *edit = bar->findChild<QLineEdit *>(u"findEdit"_s);
        bar->open();
        QTest::keyClicks(edit, u"kumquat"_s);
        QCOMPARE(bar->countText(), u"1 of 1 · 1 more in older messages"_s);
        QTest::keyClick(edit, Qt::Key_Return);
        QCOMPARE(bar->countText(), u"2 of 2"_s);
        QCOMPARE(bar->currentRow().data().toString(), u"a kumquat, 5"_s);
        QVERIFY(model->rowCount() > ChatClient::StoredMessagesPerRoom);
        QTest::keyClick(edit, Qt::Key_Return); // and around to the newest
        QCOMPARE(bar->countText(), u"1 of 2"_s);
        QCOMPARE(bar->currentRow().data().toString(), u"a kumquat, 1050"_s);
    }
};

QTEST_MAIN(TestFindBar)
#include "tst_findbar.moc"
