// Names and other text from servers, as shown: one line, nothing invisible, nothing that turns
// the text around, and a name that only looks like another one is found (ui/untrustedtext.h).
#include "untrustedtext.h"

#include <QTest>

using namespace Qt::StringLiterals;

class TestUntrustedText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void displayName_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("shown");
        QTest::newRow("a plain name is kept") << u"alice"_s << u"alice"_s;
        QTest::newRow("a right-to-left override is shown, not obeyed")
            << u"\u202Eecila"_s << u"[U+202E]ecila"_s;
        QTest::newRow("a zero-width space is shown") << u"alice\u200B"_s << u"alice[U+200B]"_s;
        QTest::newRow("a byte order mark is shown") << u"\uFEFFalice"_s << u"[U+FEFF]alice"_s;
        QTest::newRow("an isolate is shown") << u"\u2067alice\u2069"_s << u"[U+2067]alice[U+2069]"_s;
        QTest::newRow("a Hangul filler that draws nothing is shown") << u"\u3164"_s << u"[U+3164]"_s;
        QTest::newRow("an escape character is shown") << u"a\u001B[31mb"_s << u"a[U+001B][31mb"_s;
        QTest::newRow("200 spaces become one")
            << u"alice"_s + QString(200, u' ') + u"mallory"_s << u"alice mallory"_s;
        QTest::newRow("a newline is a space") << u"alice\n12:00 bob"_s << u"alice 12:00 bob"_s;
        QTest::newRow("a line separator is a space") << u"alice\u2028bob"_s << u"alice bob"_s;
        QTest::newRow("tabs and no-break spaces collapse") << u"a\t\u00A0\u3000b"_s << u"a b"_s;
        QTest::newRow("leading and trailing spaces are trimmed") << u"  alice \n"_s << u"alice"_s;
        QTest::newRow("a long name is cut with an ellipsis")
            << QString(100, u'x') << QString(63, u'x') + u"…"_s;
        QTest::newRow("a tower of combining marks is cut to three")
            << u"a\u0301\u0302\u0303\u0304\u0305b"_s << u"a\u0301\u0302\u0303b"_s;
        QTest::newRow("Vietnamese keeps its two marks") << u"Nguye\u0302\u0303n"_s << u"Nguye\u0302\u0303n"_s;
        QTest::newRow("a joiner inside an emoji family is kept")
            << u"\U0001F468\u200D\U0001F469\u200D\U0001F467"_s
            << u"\U0001F468\u200D\U0001F469\u200D\U0001F467"_s;
        QTest::newRow("a non-joiner inside a Persian word is kept")
            << u"\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645"_s
            << u"\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645"_s;
        QTest::newRow("a joiner after a Latin letter is shown") << u"alice\u200D"_s << u"alice[U+200D]"_s;
        QTest::newRow("a lone surrogate is a replacement character")
            << u"a"_s + QChar(0xD800) + u"b"_s << u"a\uFFFDb"_s;
        QTest::newRow("right-to-left letters are kept")
            << u"\u05e9\u05dc\u05d5\u05dd"_s << u"\u05e9\u05dc\u05d5\u05dd"_s;
    }

    void displayName()
    {
        QFETCH(QString, name);
        QFETCH(QString, shown);
        const QString once = UntrustedText::displayName(name);
        QCOMPARE(once, shown);
        QCOMPARE(UntrustedText::displayName(once), once);
        QCOMPARE(UntrustedText::isolated(name), u"\u2068"_s + shown + u"\u2069"_s);
    }

    void lookAlikes_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("imitated"); // among alice, bob and carol; empty: none
        QTest::addColumn<bool>("mixedScript");
        QTest::newRow("alice is herself") << u"alice"_s << QString() << false;
        QTest::newRow("a Cyrillic a makes alice a mixed-script look-alike")
            << u"\u0430lice"_s << u"alice"_s << true;
        QTest::newRow("an all-Cyrillic alice is one script but still a look-alike")
            << u"\u0430\u04CF\u0456\u0441\u0435"_s << u"alice"_s << false;
        QTest::newRow("a Greek omicron in bob is a look-alike") << u"b\u03BFb"_s << u"bob"_s << true;
        QTest::newRow("a zero-width space after alice is a look-alike")
            << u"alice\u200B"_s << u"alice"_s << false;
        QTest::newRow("a capital only differs in case") << u"Alice"_s << u"alice"_s << false;
        QTest::newRow("a digit one for an l is a look-alike") << u"a1ice"_s << u"alice"_s << false;
        QTest::newRow("a capital I for an l is a look-alike") << u"aIice"_s << u"alice"_s << false;
        QTest::newRow("r and n for an m is a look-alike") << u"carrnol"_s << QString() << false;
        QTest::newRow("fullwidth letters are a look-alike")
            << u"\uFF41\uFF4C\uFF49\uFF43\uFF45"_s << u"alice"_s << false;
        QTest::newRow("an accent on alice is a look-alike") << u"alic\u00E9"_s << u"alice"_s << false;
        QTest::newRow("trailing spaces are a look-alike") << u"alice   "_s << u"alice"_s << false;
        QTest::newRow("a different name is no look-alike") << u"mallory"_s << QString() << false;
        QTest::newRow("Japanese with Latin is not mixed script")
            << u"Taro\u592A\u90CE\u3055\u3093"_s << QString() << false;
        QTest::newRow("Latin with Greek is mixed script") << u"\u03B1lpha"_s << QString() << true;
    }

    void lookAlikes()
    {
        QFETCH(QString, name);
        QFETCH(QString, imitated);
        QFETCH(bool, mixedScript);
        UntrustedText::LookAlikes room;
        room.setNames({u"alice"_s, u"bob"_s, u"carol"_s, u"carrnol"_s, name});
        if (name == u"carrnol"_s) // "carrnol" and "carmol" would read alike; here neither is carol
            QCOMPARE(UntrustedText::skeleton(name), UntrustedText::skeleton(u"carmol"_s));
        QCOMPARE(room.imitatedName(name), imitated);
        QCOMPARE(UntrustedText::isMixedScript(name), mixedScript);
    }

    void notificationBodyIsEscapedMarkup()
    {
        QCOMPARE(UntrustedText::notificationBody(u"<b>bold</b> & <a href=\"x\">link</a>\nnext"_s),
                 u"&lt;b&gt;bold&lt;/b&gt; &amp; &lt;a href=&quot;x&quot;&gt;link&lt;/a&gt; next"_s);
    }
};

QTEST_GUILESS_MAIN(TestUntrustedText)
#include "tst_untrustedtext.moc"
