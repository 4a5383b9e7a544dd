// Names and tooltips from servers (ui/untrustedtext.h). The first byte picks how the rest is read:
// as UTF-8, or as raw UTF-16 so lone surrogates reach the code too. Whatever a server sends, a
// name shown is one bounded line with nothing invisible or direction-changing left in it, showing
// it twice changes nothing, and tooltips and notifications hold no markup but their own.
#include "untrustedtext.h"

#include <cstddef>
#include <cstdint>

using namespace Qt::StringLiterals;

namespace {
QString input(const uint8_t *data, size_t size)
{
    if (size == 0)
        return {};
    const char *rest = reinterpret_cast<const char *>(data + 1);
    if (data[0] % 2 == 0)
        return QString::fromUtf8(rest, qsizetype(size - 1));
    return QString(reinterpret_cast<const QChar *>(rest), qsizetype((size - 1) / 2)); // any 16-bit units
}

bool isOneVisibleLine(const QString &shown, qsizetype maxLength)
{
    if (shown.size() > maxLength || shown.startsWith(u' ') || shown.endsWith(u' ') || shown.contains(u"  "_s))
        return false;
    for (qsizetype i = 0; i < shown.size(); ++i) {
        const QChar c = shown.at(i);
        if (c.isHighSurrogate() && i + 1 < shown.size() && shown.at(i + 1).isLowSurrogate()) {
            ++i;
            continue; // astral format characters (tags) would have been shown as [U+E0001]
        }
        if (c.isSurrogate() || c.category() == QChar::Other_Control || c == u'\u2028' || c == u'\u2029')
            return false;
        // Only a joiner between two letters stays; every bidi control is gone.
        if (c.category() == QChar::Other_Format && c != u'\u200C' && c != u'\u200D')
            return false;
        if (c.isSpace() && c != u' ')
            return false;
    }
    return true;
}

// The markup left once our own tags are taken out: none.
bool hasForeignMarkup(QString html)
{
    html.remove(u"<p>"_s).remove(u"</p>"_s).remove(u"<br>"_s);
    return html.contains(u'<') || html.contains(u'>');
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = input(data, size);

    const QString shown = UntrustedText::displayName(text);
    if (!isOneVisibleLine(shown, UntrustedText::MaxNameLength))
        __builtin_trap();
    if (UntrustedText::displayName(shown) != shown)
        __builtin_trap(); // not idempotent
    const QString isolated = UntrustedText::isolated(text);
    if (isolated != u'\u2068' + shown + u'\u2069')
        __builtin_trap(); // one isolate, closed, around nothing that could break out of it
    const QString longer = UntrustedText::oneLine(text, 500);
    if (!isOneVisibleLine(longer, 500) || UntrustedText::oneLine(longer, 500) != longer)
        __builtin_trap();

    const QString skeleton = UntrustedText::skeleton(text);
    (void)UntrustedText::isMixedScript(text);
    UntrustedText::LookAlikes room;
    room.setNames({text, shown, skeleton, u"alice"_s});
    if (!text.isEmpty() && room.imitatedName(text) == text)
        __builtin_trap(); // a name never imitates itself
    if (text != shown && !shown.isEmpty() && room.imitatedName(text).isEmpty())
        __builtin_trap(); // a name that shows as another one is found

    const QString tip = UntrustedText::toolTip(text);
    if (hasForeignMarkup(tip))
        __builtin_trap();
    const QString body = UntrustedText::notificationBody(text);
    if (body.contains(u'<') || body.contains(u'>') || body.contains(u'\n') || body.size() > 200 * 6)
        __builtin_trap();
    return 0;
}
