// The compiled-in translations load for Japanese and Simplified Chinese and reach the widgets;
// English gets its plural forms.
#include "appearance.h"
#include "chatclient.h"
#include "signindialog.h"
#include "statetext.h"

#include <QApplication>
#include <QPushButton>
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
