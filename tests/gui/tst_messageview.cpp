// Reading and reusing messages in the chat view (issue 15, item 3): a selection of messages copied
// as "user (time): text" lines, the context menu's Copy text / Copy link / Quote, links drawn and
// opened (http, https and mailto only), and long words that wrap instead of widening the view.
#include "../testsupport.h"
#include "chatview.h"
#include "composeedit.h"
#include "mainwindow.h"
#include "messagelinks.h"
#include "messagemodel.h"
#include "mockserver.h"

#include <QClipboard>
#include <QDesktopServices>
#include <QGuiApplication>
#include <QMenu>
#include <QScrollBar>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace TestSupport;

namespace {
ChatMessage message(const QString &user, const QString &text)
{
    static int id = 0;
    ChatMessage m;
    m.id = QString::number(++id);
    m.user = user;
    m.text = text;
    m.createdAtText = u"2026-12-02T12:%1:00Z"_s.arg(id % 60, 2, 10, QChar(u'0'));
    m.createdAt = QDateTime::fromString(m.createdAtText, Qt::ISODate);
    return m;
}

// Catches what QDesktopServices::openUrl() would hand to the desktop.
class UrlCatcher : public QObject
{
    Q_OBJECT
public:
    UrlCatcher()
    {
        for (const QString &scheme : Schemes)
            QDesktopServices::setUrlHandler(scheme, this, "open");
    }
    ~UrlCatcher() override
    {
        for (const QString &scheme : Schemes)
            QDesktopServices::unsetUrlHandler(scheme);
    }
    QList<QUrl> opened;

public Q_SLOTS:
    void open(const QUrl &url) { opened << url; }

private:
    static inline const QStringList Schemes{u"http"_s, u"https"_s, u"mailto"_s, u"javascript"_s,
                                            u"file"_s, u"data"_s,  u"ftp"_s,    u"myapp"_s};
};

struct Room
{
    MessageModel model{u"alice"_s};
    ChatView view;

    explicit Room(const QList<ChatMessage> &messages, QSize size = {480, 400})
    {
        model.addReceivedBatch(messages);
        view.setModel(&model);
        view.resize(size);
        view.show();
    }
    bool exposed() { return QTest::qWaitForWindowExposed(&view); }
    QRect rowRect(int row) { return view.visualRect(model.index(row)); }
    // A point on the link of the row, found as a user finds it: by moving over the text.
    QPoint pointOnLink(int row)
    {
        const QRect rect = rowRect(row);
        for (int y = rect.top(); y <= rect.bottom(); y += 2) {
            for (int x = rect.left(); x <= rect.right(); x += 2) {
                if (view.linkAt({x, y}).isValid())
                    return {x, y};
            }
        }
        return {-1, -1};
    }
};

int pixelsOf(QWidget *widget, const QRect &area, const QColor &colour)
{
    const QImage image = widget->grab(area).toImage();
    int count = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x)
            count += image.pixelColor(x, y).rgb() == colour.rgb();
    }
    return count;
}
} // namespace

class TestMessageView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void ctrlCCopiesTheSelectedMessagesAsLines()
    {
        // The text goes as the server wrote it, bidi controls included; the name as the row shows it.
        const QString tricky = u"total \u202E 01$ \u202C paid\nsecond line"_s;
        Room room({message(u"bob"_s, u"first"_s), message(u"carol"_s, u"not selected"_s),
                   message(u"bob"_s, tricky), message(u"dave"_s, u"last"_s)});
        QVERIFY(room.exposed());
        QTest::mouseClick(room.view.viewport(), Qt::LeftButton, {}, room.rowRect(0).center());
        QTest::mouseClick(room.view.viewport(), Qt::LeftButton, Qt::ControlModifier,
                          room.rowRect(2).center());
        QCOMPARE(room.view.selectionModel()->selectedRows().size(), 2);
        QGuiApplication::clipboard()->clear();
        QTest::keyClick(&room.view, Qt::Key_C, Qt::ControlModifier);
        const auto time = [&](int row) {
            return room.model.index(row).data(MessageModel::TimeRole).toString();
        };
        QVERIFY(!time(0).isEmpty());
        const QString expected =
            u"\u2068bob\u2069 (%1): first\n\u2068bob\u2069 (%2): %3"_s.arg(time(0), time(2), tricky);
        QCOMPARE(QGuiApplication::clipboard()->text(), expected);
    }

    void shiftClickSelectsARangeInOrder()
    {
        Room room({message(u"bob"_s, u"one"_s), message(u"bob"_s, u"two"_s), message(u"bob"_s, u"three"_s)});
        QVERIFY(room.exposed());
        QTest::mouseClick(room.view.viewport(), Qt::LeftButton, {}, room.rowRect(2).center());
        QTest::mouseClick(room.view.viewport(), Qt::LeftButton, Qt::ShiftModifier, room.rowRect(0).center());
        const QStringList lines = room.view.selectedText().split(u'\n');
        QCOMPARE(lines.size(), 3);
        QVERIFY(lines.at(0).endsWith(u": one"_s));
        QVERIFY(lines.at(2).endsWith(u": three"_s));
    }

    void contextMenuCopiesTextAndTheLinkUnderTheCursor()
    {
        Room room({message(u"bob"_s, u"docs at https://example.com/a and mail mailto:ops@example.com ok"_s),
                   message(u"bob"_s, u"no link here"_s)});
        QVERIFY(room.exposed());
        // Anywhere on the message: its first link.
        QMenu menu;
        QVERIFY(room.view.addMessageActions(&menu, room.rowRect(0).topLeft() + QPoint(20, 5)));
        auto *copyLink = menu.findChild<QAction *>(u"copyLinkAction"_s);
        QVERIFY(copyLink);
        copyLink->trigger();
        QCOMPARE(QGuiApplication::clipboard()->text(), u"https://example.com/a"_s);
        menu.findChild<QAction *>(u"copyTextAction"_s)->trigger();
        QCOMPARE(QGuiApplication::clipboard()->text(), room.model.index(0).data().toString());

        // On the second link: that one.
        const QList<MessageLinks::Link> links = MessageLinks::find(room.model.index(0).data().toString());
        QCOMPARE(links.size(), 2);
        QPoint onMail(-1, -1);
        const QRect rect = room.rowRect(0);
        for (int y = rect.top(); y <= rect.bottom() && onMail.x() < 0; y += 2) {
            for (int x = rect.left(); x <= rect.right(); x += 2) {
                if (room.view.linkAt({x, y}) == links.at(1).url) {
                    onMail = {x, y};
                    break;
                }
            }
        }
        QVERIFY(onMail.x() >= 0);
        QMenu second;
        QVERIFY(room.view.addMessageActions(&second, onMail));
        second.findChild<QAction *>(u"copyLinkAction"_s)->trigger();
        QCOMPARE(QGuiApplication::clipboard()->text(), u"mailto:ops@example.com"_s);

        QMenu plain;
        QVERIFY(room.view.addMessageActions(&plain, room.rowRect(1).center()));
        QVERIFY(!plain.findChild<QAction *>(u"copyLinkAction"_s));
        QVERIFY(plain.findChild<QAction *>(u"quoteAction"_s));
    }

    void quotePutsEveryLineQuotedInTheComposeBox()
    {
        MockServer server;
        QVERIFY(server.listen());
        ChatClient client;
        QVERIFY(signInAndWait(client, fastProfile(server.baseUrl()), u"alice"_s));
        MainWindow window(&client);
        window.show();
        window.joinRoom(u"lobby"_s);
        MessageModel *model = window.model(u"lobby"_s);
        QVERIFY(model);
        model->addReceived(message(u"bob"_s, u"deploy at 5\nrollback at 6"_s));
        auto *view = window.findChild<ChatView *>(u"messageView"_s);
        auto *compose = window.findChild<ComposeEdit *>(u"composeEdit"_s);
        QTRY_VERIFY(!view->visualRect(model->index(0)).isEmpty());
        Q_EMIT view->customContextMenuRequested(view->visualRect(model->index(0)).center());
        auto *menu = window.findChild<QMenu *>(u"messageMenu"_s);
        QVERIFY(menu);
        QVERIFY(!menu->findChild<QAction *>(u"retryAction"_s)); // only for a failed message of ours
        auto *quote = menu->findChild<QAction *>(u"quoteAction"_s);
        QVERIFY(quote);
        quote->trigger();
        menu->close();
        QCOMPARE(compose->text(), u"> deploy at 5\n> rollback at 6\n"_s);
    }

    void httpHttpsAndMailtoAreLinksThatOpenOnClick_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QUrl>("url");
        QTest::newRow("an https link in a sentence, its full stop left out")
            << u"see https://example.com/deploy?id=4. thanks"_s << QUrl(u"https://example.com/deploy?id=4"_s);
        QTest::newRow("an http link in brackets")
            << u"(http://example.org/a_(b))"_s << QUrl(u"http://example.org/a_(b)"_s);
        QTest::newRow("a mailto link")
            << u"write to mailto:ops@example.com"_s << QUrl(u"mailto:ops@example.com"_s);
    }

    void httpHttpsAndMailtoAreLinksThatOpenOnClick()
    {
        QFETCH(QString, text);
        QFETCH(QUrl, url);
        UrlCatcher catcher;
        Room room({message(u"bob"_s, text)});
        QVERIFY(room.exposed());
        const QColor link = room.view.palette().color(QPalette::Link);
        QTRY_VERIFY(pixelsOf(room.view.viewport(), room.rowRect(0), link) > 0); // drawn as a link
        const QPoint on = room.pointOnLink(0);
        QVERIFY(on.x() >= 0);
        QCOMPARE(room.view.linkAt(on), url);
        QTest::mouseClick(room.view.viewport(), Qt::LeftButton, {}, on);
        QCOMPARE(catcher.opened, QList<QUrl>{url});
    }

    void otherSchemesStayPlainText_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("javascript") << u"click javascript:alert(document.cookie) now"_s;
        QTest::newRow("file") << u"open file:///etc/passwd please"_s;
        QTest::newRow("data") << u"data:text/html;base64,PHNjcmlwdD4="_s;
        QTest::newRow("a custom scheme") << u"myapp://do/something"_s;
        QTest::newRow("ftp") << u"ftp://example.com/file"_s;
        QTest::newRow("http hidden in another scheme's name") << u"xhttps://example.com"_s;
    }

    void otherSchemesStayPlainText()
    {
        QFETCH(QString, text);
        UrlCatcher catcher;
        Room room({message(u"bob"_s, text)});
        QVERIFY(room.exposed());
        QVERIFY(MessageLinks::find(text).isEmpty());
        QCOMPARE(room.pointOnLink(0), QPoint(-1, -1));
        const QColor link = room.view.palette().color(QPalette::Link);
        QCOMPARE(pixelsOf(room.view.viewport(), room.rowRect(0), link), 0);
        const QRect rect = room.rowRect(0);
        for (int x = rect.left() + 20; x < rect.right(); x += 15)
            QTest::mouseClick(room.view.viewport(), Qt::LeftButton, {}, {x, rect.bottom() - 12});
        QVERIFY(catcher.opened.isEmpty());
    }

    void aLongUrlWrapsInsteadOfWideningTheView()
    {
        const QString url = u"https://example.com/"_s + QString(600, u'a');
        Room room({message(u"bob"_s, u"short"_s), message(u"bob"_s, url)}, {360, 500});
        QVERIFY(room.exposed());
        const int viewport = room.view.viewport()->width();
        QTRY_VERIFY(!room.rowRect(1).isEmpty());
        QVERIFY2(room.rowRect(1).width() <= viewport,
                 qPrintable(u"%1 > %2"_s.arg(room.rowRect(1).width()).arg(viewport)));
        QCOMPARE(room.view.horizontalScrollBar()->maximum(), 0);
        const int lineHeight = room.view.fontMetrics().height();
        QVERIFY(room.rowRect(1).height() >= room.rowRect(0).height() + 4 * lineHeight); // many lines
        // A narrower window wraps it into more lines; the kept row sizes follow.
        const int before = room.rowRect(1).height();
        room.view.resize(240, 500);
        QTRY_VERIFY(room.rowRect(1).height() > before);
        QVERIFY(room.rowRect(1).width() <= room.view.viewport()->width());
        // Still a link all the way: it opens whole.
        UrlCatcher catcher;
        const QPoint on = room.pointOnLink(1);
        QVERIFY(on.x() >= 0);
        QTest::mouseClick(room.view.viewport(), Qt::LeftButton, {}, on);
        QCOMPARE(catcher.opened, QList<QUrl>{QUrl(url)});
    }
};

QTEST_MAIN(TestMessageView)
#include "tst_messageview.moc"
