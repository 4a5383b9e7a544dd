#pragma once

// How text a server or another member chose (user names, room names, close reasons) is shown, so
// it cannot pass for something else: "\u202Eecila", "alice\u200B", a Cyrillic "аlice" and "alice"
// followed by 200 spaces and "mallory" must not all read as "alice". Qt Core only, so the fuzz
// targets build it without widgets (tests/fuzz/fuzz_untrustedtext.cpp).
#include <QHash>
#include <QSet>
#include <QString>

namespace UntrustedText {
// Longer names are cut and end in "…"; the painter elides further to the width it has.
constexpr qsizetype MaxNameLength = 64;

// One line of visible text: controls, tabs and line breaks become spaces, invisible and
// text-direction characters (U+200B, U+202E, ...) become a visible "[U+202E]", runs of spaces
// become one, the ends are trimmed, more than three combining marks on one letter are dropped,
// and text longer than maxLength is cut. Idempotent.
QString oneLine(QStringView text, qsizetype maxLength = MaxNameLength);
// oneLine() for a name; "(unknown)" stands in for an empty one is the caller's business.
inline QString displayName(QStringView name)
{
    return oneLine(name);
}
// displayName() inside a first-strong isolate (U+2068 ... U+2069): a right-to-left name cannot
// reorder the words around it, as in "#room - name" or "name 12:00".
QString isolated(QStringView name);

// What a name looks like, after TR39's idea of a skeleton: compatibility forms folded (NFKC),
// invisible characters dropped, common Cyrillic and Greek look-alikes and 0/O, 1/I/l mapped to
// Latin, accents dropped, case folded, "rn" read as "m". Two names with the same skeleton can be
// told apart only by a careful look.
QString skeleton(QStringView name);
// Letters from more than one script in one name (Latin with Cyrillic or Greek, ...), except the
// mixes that Japanese, Chinese and Korean names are written in (Latin, Han, kana, Hangul, Bopomofo).
bool isMixedScript(QStringView name);

// The names of one room indexed by what they look like, to find the one a name imitates.
class LookAlikes
{
public:
    void setNames(const QSet<QString> &names);
    qsizetype size() const { return m_size; }
    // A name of the room that `name` is not but looks like (same skeleton or same display
    // text), or empty.
    QString imitatedName(const QString &name) const;

private:
    QHash<QString, QStringList> m_bySkeleton;
    QHash<QString, QStringList> m_byDisplay;
    qsizetype m_size = 0;
};

// isolated(name), escaped, for a name inside a rich-text sentence (a tooltip that names it).
QString htmlName(QStringView name);
// Text for a tooltip, drawn as the characters it holds: a rich-text tooltip built from the escaped
// text, because QToolTip renders anything Qt::mightBeRichText() likes ("<font ...>") as HTML.
QString toolTip(QStringView text);
// Text for a desktop notification's body, one line of at most maxLength characters with <, > and
// & escaped: freedesktop notification servers read the body as markup.
QString notificationBody(QStringView text, qsizetype maxLength = 200);
} // namespace UntrustedText
