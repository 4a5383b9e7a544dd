// Spoofed names in the chat view, the room list, tooltips and the tray (issue 13, item 5): a name
// that only looks like another member's is marked, no line of a message can pass for a header, and
// server text in a tooltip shows as the characters it holds. With QTCHAT_SCREENSHOT=file.png the
// spoof cases are also saved as a picture (docs/screenshots.sh makes docs/spoofed-names.png).
#include "chatview.h"
#include "messagedelegate.h"
#include "messagemodel.h"
#include "roomsidebar.h"
#include "traynotifier.h"

#include <QApplication>
#include <QHelpEvent>
#include <QListWidget>
#include <QTest>
#include <QTextDocument>
#include <QToolTip>

using namespace Qt::StringLiterals;

namespace {
ChatMessage message(const QString &user, const QString &text)
{
    static int id = 0;
    ChatMessage m;
    m.id = QString::number(++id);
    m.user = user;
    m.text = text;
    m.createdAtText = u"2026-12-02T12:00:00Z"_s;
    m.createdAt = QDateTime::fromString(m.createdAtText, Qt::ISODate);
    return m;
}

// What a tooltip shows: Qt renders it as HTML when Qt::mightBeRichText() says so.
QString shownToolTip(const QString &tip)
{
    if (!Qt::mightBeRichText(tip))
        return tip;
    QTextDocument document;
    document.setHtml(tip);
    return document.toPlainText();
}

// The leftmost column with ink (a pixel darker than the background) in the given rows.
int leftmostInk(const QImage &image, int top, int bottom)
{
    const QRgb background = image.pixel(image.width() - 2, top);
    for (int x = 0; x < image.width(); ++x) {
        for (int y = top; y < bottom; ++y) {
            if (qGray(image.pixel(x, y)) < qGray(background) - 80)
                return x;
        }
    }
    return -1;
}

// The room of the screenshot: the real alice, then everyone who passed for her before.
struct SpoofRoom
{
    MessageModel model{u"carol"_s};
    ChatView view;

    SpoofRoom()
    {
        model.addReceived(message(u"alice"_s, u"Deploy is done."_s));
        model.addReceived(message(u"\u202Eecila"_s, u"A right-to-left override: used to read as alice"_s));
        model.addReceived(message(u"alice\u200B"_s, u"A zero-width space: used to read as alice"_s));
        model.addReceived(message(u"\u0430lice"_s, u"A Cyrillic a: used to read as alice"_s));
        model.addReceived(message(u"alice"_s + QString(200, u' ') + u"mallory"_s,
                                  u"200 spaces: used to push mallory out of sight"_s));
        model.addReceived(message(u"bob\nalice"_s, u"A newline in the name: used to draw two names"_s));
        model.addReceived(
            message(u"bob"_s, u"Sure, see below\nalice  12:00\nI approve the payment (a faked header)"_s));
        view.setModel(&model);
        view.resize(560, 372);
        view.show();
    }
};
} // namespace

class TestSpoofedNames : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void lookAlikeNamesAreMarked_data()
    {
        QTest::addColumn<int>("row");
        QTest::addColumn<bool>("marked");
        QTest::newRow("the real alice is marked too, as one of two that look alike") << 0 << true;
        QTest::newRow("a right-to-left override is shown, and unlike alice") << 1 << false;
        QTest::newRow("a zero-width space after alice is marked") << 2 << true;
        QTest::newRow("a Cyrillic a in alice is marked") << 3 << true;
        QTest::newRow("bob is not marked") << 6 << false;
    }

    void lookAlikeNamesAreMarked()
    {
        QFETCH(int, row);
        QFETCH(bool, marked);
        SpoofRoom room;
        auto *delegate = qobject_cast<MessageDelegate *>(room.view.itemDelegate());
        QVERIFY(delegate);
        const QString warning = delegate->nameWarning(room.model.index(row));
        QCOMPARE(!warning.isEmpty(), marked);
        if (marked)
            QVERIFY(shownToolTip(warning).contains(u"alice"_s));
    }

    // A message line "alice 12:00" must not start where a header's name starts.
    void messageTextCannotDrawAHeader()
    {
        MessageModel model(u"carol"_s);
        model.addReceived(message(u"alice"_s, u"alice"_s));
        ChatView view;
        view.setModel(&model);
        view.resize(400, 200);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QImage image = view.viewport()->grab().toImage();
        const QRect row = view.visualRect(model.index(0));
        // From the bottom up, past the day separator: margin, one line of text, 2 px, the header.
        const int line = QFontMetrics(view.font()).height();
        const int textTop = row.bottom() - 6 - line;
        const int nameLeft = leftmostInk(image, textTop - 2 - line, textTop - 2);
        const int textLeft = leftmostInk(image, textTop, row.bottom() - 6);
        QVERIFY(nameLeft >= 0 && textLeft >= 0);
        QVERIFY2(textLeft >= nameLeft + 10,
                 qPrintable(u"name at %1, text at %2"_s.arg(nameLeft).arg(textLeft)));
    }

    void roomToolTipsArePlainText_data()
    {
        QTest::addColumn<QString>("detail");
        QTest::newRow("a close reason in font tags shows its tags")
            << u"closed by the server: <font color=red size=7>SIGN IN AGAIN</font>"_s;
        QTest::newRow("a link in a close reason shows as text")
            << u"<a href=\"https://evil.example\">fix</a>"_s;
        QTest::newRow("an entity shows as written") << u"&lt;b&gt; stays &amp;"_s;
    }

    void roomToolTipsArePlainText()
    {
        QFETCH(QString, detail);
        RoomSidebar sidebar;
        sidebar.addRoom(u"lobby"_s);
        sidebar.setRoomState(u"lobby"_s, u"failed"_s, detail, true);
        const QString tip = sidebar.findChild<QListWidget *>(u"roomList"_s)->item(0)->toolTip();
        QCOMPARE(shownToolTip(tip), detail);
    }

    // A date the server wrote in its own words reaches the row's tooltip.
    void messageToolTipsArePlainText()
    {
        MessageModel model(u"carol"_s);
        ChatMessage m = message(u"bob"_s, u"hi"_s);
        m.createdAtText = u"<font color=red size=7>yesterday</font>"_s;
        m.createdAt = {};
        model.addReceived(m);
        ChatView view;
        view.setModel(&model);
        view.resize(400, 200);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QPoint at = view.visualRect(model.index(0)).center();
        QHelpEvent help(QEvent::ToolTip, at, view.viewport()->mapToGlobal(at));
        QApplication::sendEvent(view.viewport(), &help);
        QTRY_VERIFY(!QToolTip::text().isEmpty());
        QCOMPARE(shownToolTip(QToolTip::text()), m.createdAtText);
        QToolTip::hideText();
    }

    void trayTextIsOneVisibleLine()
    {
        const QString title = TrayNotifier::title(u"\u202Eybbol"_s, u"alice\nmallory\u200B"_s, 1);
        QVERIFY(!title.contains(u'\n'));
        QVERIFY(!title.contains(u'\u202E'));
        QVERIFY(!title.contains(u'\u200B'));
        QCOMPARE(title, u"#\u2068[U+202E]ybbol\u2069 - \u2068alice mallory[U+200B]\u2069"_s);
        QCOMPARE(TrayNotifier::body(u"<img src=\"http://x/track.png\">\nhi"_s),
                 u"&lt;img src=&quot;http://x/track.png&quot;&gt; hi"_s);
    }

    void screenshot()
    {
        SpoofRoom room;
        QVERIFY(QTest::qWaitForWindowExposed(&room.view));
        const QImage image = room.view.grab().toImage();
        QVERIFY(!image.isNull());
        const QString file = qEnvironmentVariable("QTCHAT_SCREENSHOT");
        if (file.isEmpty())
            QSKIP("set QTCHAT_SCREENSHOT=file.png to save the picture");
        QVERIFY(image.save(file));
    }
};

QTEST_MAIN(TestSpoofedNames)
#include "tst_spoofednames.moc"
