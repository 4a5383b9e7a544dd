#include "appearance.h"

#include <QApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QPalette>
#include <QStyleFactory>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace Appearance {

bool installTranslations(QApplication &app, const QLocale &locale)
{
    // Qt's own strings (standard buttons, file dialogs) when the distribution ships them.
    auto *qt = new QTranslator(&app);
    if (qt->load(locale, u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(qt);
    else
        delete qt;
    auto *own = new QTranslator(&app);
    if (own->load(locale, u"qtchat"_s, u"_"_s, u":/i18n"_s)) {
        QApplication::installTranslator(own);
        return true;
    }
    delete own;
    return false;
}

void useDarkPalette(QApplication &app)
{
    app.setStyle(QStyleFactory::create(u"Fusion"_s));
    QPalette palette;
    const QColor window(0x2b, 0x2d, 0x30);
    const QColor base(0x1f, 0x20, 0x23);
    const QColor text(0xe6, 0xe6, 0xe6);
    const QColor accent(0x3d, 0x8f, 0x6a); // the icon's green, lighter to read on dark
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    palette.setColor(QPalette::Base, base);
    palette.setColor(QPalette::AlternateBase, QColor(0x2a, 0x33, 0x30));
    palette.setColor(QPalette::Text, text);
    palette.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9c, 0xa0));
    palette.setColor(QPalette::Button, window);
    palette.setColor(QPalette::ButtonText, text);
    palette.setColor(QPalette::ToolTipBase, base);
    palette.setColor(QPalette::ToolTipText, text);
    palette.setColor(QPalette::Highlight, accent);
    palette.setColor(QPalette::HighlightedText, Qt::white);
    palette.setColor(QPalette::Link, QColor(0x7c, 0xc4, 0xa0));
    palette.setColor(QPalette::Mid, QColor(0x4a, 0x4c, 0x50));
    palette.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    palette.setColor(QPalette::Light, QColor(0x45, 0x47, 0x4b));
    palette.setColor(QPalette::Disabled, QPalette::Text, QColor(0x70, 0x72, 0x76));
    palette.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x70, 0x72, 0x76));
    palette.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x70, 0x72, 0x76));
    QApplication::setPalette(palette);
}

} // namespace Appearance
