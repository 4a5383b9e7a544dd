#include "untrustedtext.h"

#include "serverprofile.h"

#include <algorithm>
#include <iterator>

using namespace Qt::StringLiterals;

namespace {
constexpr char32_t Replacement = 0xFFFD;
constexpr char32_t ZeroWidthNonJoiner = 0x200C;
constexpr char32_t ZeroWidthJoiner = 0x200D;
constexpr int MaxMarksPerLetter = 3; // enough for Vietnamese and Indic text, too few to stack a tower

// The code points of text; a lone surrogate is U+FFFD, so every later step sees valid text.
QList<char32_t> codePoints(QStringView text)
{
    QList<char32_t> points;
    points.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate())
            points.append(QChar::surrogateToUcs4(c, text.at(++i)));
        else
            points.append(c.isSurrogate() ? Replacement : c.unicode());
    }
    return points;
}

// Breaks the line or draws as blank: shown as one space between words.
bool isSpaceLike(char32_t c)
{
    const QChar::Category category = QChar::category(c);
    return QChar::isSpace(c) || category == QChar::Separator_Line || category == QChar::Separator_Paragraph ||
           c == 0x09 || c == 0x0A || c == 0x0B || c == 0x0C || c == 0x0D || c == 0x85;
}

bool isHidden(char32_t c)
{
    return ServerProfile::isInvisibleCharacter(c) || QChar::category(c) == QChar::Other_Control ||
           QChar::isNonCharacter(c);
}

bool isMark(char32_t c)
{
    const QChar::Category category = QChar::category(c);
    return category == QChar::Mark_NonSpacing || category == QChar::Mark_Enclosing;
}

// A joiner between two non-ASCII visible characters is part of an emoji sequence or a Persian or
// Indic word; anywhere else it only hides a difference.
bool isWordJoiner(const QList<char32_t> &points, qsizetype i)
{
    const auto ordinary = [&points](qsizetype at) {
        if (at < 0 || at >= points.size())
            return false;
        const char32_t c = points.at(at);
        return c > 0x7F && !isHidden(c) && !isSpaceLike(c);
    };
    const char32_t c = points.at(i);
    return (c == ZeroWidthJoiner || c == ZeroWidthNonJoiner) && ordinary(i - 1) && ordinary(i + 1);
}

QString visibleCode(char32_t c)
{
    return u"[U+%1]"_s.arg(QString::number(uint(c), 16).toUpper().rightJustified(4, u'0'));
}

// Look-alikes of Latin letters in the scripts names are most often forged with, after TR39's
// confusables (the common ones only), sorted by code point.
constexpr std::pair<char32_t, char16_t> Confusables[] = {
    {U'0', u'O'},   {U'1', u'l'},   {U'I', u'l'},   {U'|', u'l'},   {0x0131, u'i'}, {0x01C0, u'l'},
    {0x0251, u'a'}, {0x0261, u'g'}, {0x0269, u'i'}, {0x0391, u'A'}, {0x0392, u'B'}, {0x0395, u'E'},
    {0x0396, u'Z'}, {0x0397, u'H'}, {0x0399, u'l'}, {0x039A, u'K'}, {0x039C, u'M'}, {0x039D, u'N'},
    {0x039F, u'O'}, {0x03A1, u'P'}, {0x03A4, u'T'}, {0x03A5, u'Y'}, {0x03A7, u'X'}, {0x03B1, u'a'},
    {0x03B3, u'y'}, {0x03B9, u'i'}, {0x03BA, u'k'}, {0x03BD, u'v'}, {0x03BF, u'o'}, {0x03C1, u'p'},
    {0x03C5, u'u'}, {0x03C7, u'x'}, {0x03F2, u'c'}, {0x03F3, u'j'}, {0x0405, u'S'}, {0x0406, u'l'},
    {0x0408, u'J'}, {0x0410, u'A'}, {0x0412, u'B'}, {0x0415, u'E'}, {0x041A, u'K'}, {0x041C, u'M'},
    {0x041D, u'H'}, {0x041E, u'O'}, {0x0420, u'P'}, {0x0421, u'C'}, {0x0422, u'T'}, {0x0423, u'Y'},
    {0x0425, u'X'}, {0x0430, u'a'}, {0x0435, u'e'}, {0x043E, u'o'}, {0x0440, u'p'}, {0x0441, u'c'},
    {0x0443, u'y'}, {0x0445, u'x'}, {0x0455, u's'}, {0x0456, u'i'}, {0x0458, u'j'}, {0x04AE, u'Y'},
    {0x04BB, u'h'}, {0x04C0, u'l'}, {0x04CF, u'l'}, {0x0501, u'd'}, {0x051A, u'Q'}, {0x051B, u'q'},
    {0x051C, u'W'}, {0x051D, u'w'},
};

char32_t latinLookAlike(char32_t c)
{
    const auto it = std::lower_bound(std::begin(Confusables), std::end(Confusables), c,
                                     [](const auto &entry, char32_t code) { return entry.first < code; });
    return it != std::end(Confusables) && it->first == c ? it->second : c;
}

void appendCodePoint(QString &out, char32_t c)
{
    const char32_t pair[1] = {c};
    out += QString::fromUcs4(pair, 1);
}
} // namespace

namespace UntrustedText {
QString oneLine(QStringView text, qsizetype maxLength)
{
    maxLength = qMax<qsizetype>(maxLength, 2);
    const QList<char32_t> points = codePoints(text);
    QString out;
    out.reserve(qMin(text.size(), maxLength + 1));
    bool space = false;
    int marks = 0;
    for (qsizetype i = 0; i < points.size() && out.size() <= maxLength; ++i) {
        const char32_t c = points.at(i);
        if (isSpaceLike(c)) {
            space = !out.isEmpty();
            marks = 0;
            continue;
        }
        if (isMark(c) && ++marks > MaxMarksPerLetter)
            continue;
        if (!isMark(c))
            marks = 0;
        if (space)
            out += u' ';
        space = false;
        if (isHidden(c) && !isWordJoiner(points, i))
            out += visibleCode(c);
        else
            appendCodePoint(out, c);
    }
    if (out.size() > maxLength) {
        out.truncate(maxLength - 1);
        if (out.back().isHighSurrogate())
            out.chop(1);
        while (!out.isEmpty() && out.back() == u' ')
            out.chop(1);
        out += u'…';
    }
    return out;
}

QString isolated(QStringView name)
{
    return u'\u2068' + displayName(name) + u'\u2069';
}

QString skeleton(QStringView name)
{
    // NFKD: compatibility forms (fullwidth, mathematical letters, ligatures) become plain letters
    // and accents separate from them, so both can be mapped or dropped one code point at a time.
    const QList<char32_t> points = codePoints(name.toString().normalized(QString::NormalizationForm_KD));
    QString mapped;
    mapped.reserve(points.size());
    bool space = false;
    for (const char32_t c : points) {
        if (isSpaceLike(c)) {
            space = !mapped.isEmpty();
            continue;
        }
        if (isMark(c) || isHidden(c))
            continue;
        if (space)
            mapped += u' ';
        space = false;
        appendCodePoint(mapped, latinLookAlike(c));
    }
    QString folded = mapped.toCaseFolded();
    folded.replace("rn"_L1, "m"_L1);
    folded.replace("vv"_L1, "w"_L1);
    return folded;
}

bool isMixedScript(QStringView name)
{
    QSet<QChar::Script> scripts;
    for (const char32_t c : codePoints(name)) {
        const QChar::Script script = QChar::script(c);
        if (script != QChar::Script_Common && script != QChar::Script_Inherited &&
            script != QChar::Script_Unknown)
            scripts.insert(script);
    }
    if (scripts.size() <= 1)
        return false;
    // TR39's "highly restrictive" level: Latin with the scripts one East Asian language writes.
    using S = QChar::Script;
    const QList<QSet<S>> allowed = {{S::Script_Latin, S::Script_Han, S::Script_Hiragana, S::Script_Katakana},
                                    {S::Script_Latin, S::Script_Han, S::Script_Bopomofo},
                                    {S::Script_Latin, S::Script_Han, S::Script_Hangul}};
    return std::none_of(allowed.cbegin(), allowed.cend(),
                        [&scripts](const QSet<S> &set) { return set.contains(scripts); });
}

void LookAlikes::setNames(const QSet<QString> &names)
{
    m_bySkeleton.clear();
    m_byDisplay.clear();
    for (const QString &name : names) {
        if (name.isEmpty())
            continue; // shown as "(unknown)", never as anyone's name
        m_bySkeleton[skeleton(name)].append(name);
        m_byDisplay[displayName(name)].append(name);
    }
    m_size = names.size();
}

QString LookAlikes::imitatedName(const QString &name) const
{
    // Of several, the plainest one (ASCII) is the one a reader would take it for.
    QString found;
    const QStringList candidates = m_bySkeleton.value(skeleton(name)) + m_byDisplay.value(displayName(name));
    for (const QString &other : candidates) {
        if (other == name)
            continue;
        const bool ascii =
            std::all_of(other.cbegin(), other.cend(), [](QChar c) { return c.unicode() < 0x80; });
        if (ascii)
            return other;
        if (found.isEmpty())
            found = other;
    }
    return found;
}

QString htmlName(QStringView name)
{
    return isolated(name).toHtmlEscaped();
}

QString toolTip(QStringView text)
{
    constexpr int MaxLines = 20;
    QStringList lines;
    for (const QStringView line : text.split(u'\n')) {
        if (lines.size() == MaxLines) {
            lines.append(u"…"_s);
            break;
        }
        lines.append(oneLine(line, 500).toHtmlEscaped());
    }
    while (!lines.isEmpty() && lines.back().isEmpty())
        lines.removeLast();
    return lines.isEmpty() ? QString() : u"<p>"_s + lines.join(u"<br>"_s) + u"</p>"_s;
}

QString notificationBody(QStringView text, qsizetype maxLength)
{
    return oneLine(text, maxLength).toHtmlEscaped();
}
} // namespace UntrustedText
