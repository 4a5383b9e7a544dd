// The compiled-in translations load for Japanese and Simplified Chinese and reach the widgets;
// English gets its plural forms.
#include "appearance.h"
#include "chatclient.h"
#include "messagemodel.h"
#include "profileeditor.h"
#include "signindialog.h"
#include "statetext.h"

#include <QApplication>
#include <QCheckBox>
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
