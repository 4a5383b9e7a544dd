#include "wirefields.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace WireFields {
namespace {

// The character a short escape stands for (\n, \" ...); 0 for \u and anything unknown.
char16_t unescapedChar(char16_t c)
{
    switch (c) {
    case u'"':
    case u'\\':
    case u'/':
        return c;
    case u'b':
        return u'\b';
    case u'f':
        return u'\f';
    case u'n':
        return u'\n';
    case u'r':
        return u'\r';
    case u't':
        return u'\t';
    default:
        return 0;
    }
}

// A place in JSON text that both readers below move through.
class TextCursor
{
protected:
    explicit TextCursor(QStringView text)
        : m_p(text.utf16())
        , m_end(text.utf16() + text.size())
    {}

    bool take(char16_t c)
    {
        if (m_p != m_end && *m_p == c) {
            ++m_p;
            return true;
        }
        return false;
    }

    void skipSpace()
    {
        while (m_p != m_end && (*m_p == u' ' || *m_p == u'\t' || *m_p == u'\n' || *m_p == u'\r'))
            ++m_p;
    }

    const char16_t *m_p;
    const char16_t *m_end;
};

// Why a fast reader at all: QJsonDocument needs UTF-8, so every frame QWebSocket hands over as
// a QString was converted back to UTF-8, parsed into a document, and its values copied out -
// about 10,000 instructions of a message's 28,000 (BENCHMARKS.md, inbound burst).
class FlatReader : private TextCursor
{
public:
    explicit FlatReader(QStringView text)
        : TextCursor(text)
    {}

    std::optional<Fields> read()
    {
        skipSpace();
        if (!take(u'{'))
            return std::nullopt;
        skipSpace();
        if (!take(u'}')) {
            do {
                skipSpace();
                if (!readMember())
                    return std::nullopt;
                skipSpace();
            } while (take(u','));
            if (!take(u'}'))
                return std::nullopt;
        }
        skipSpace();
        if (m_p != m_end)
            return std::nullopt;
        return std::move(m_fields);
    }

private:
    // Ends a run of plain string content: a quote, an escape, a control character or a
    // surrogate (checked as a pair by the caller).
    static bool isSpecial(char16_t c)
    {
        return c == u'"' || c == u'\\' || c < 0x20 || (c & 0xF800) == 0xD800;
    }

    bool readMember()
    {
        QStringView key;
        if (!readPlainKey(&key))
            return false;
        skipSpace();
        if (!take(u':'))
            return false;
        skipSpace();
        Field *field = fieldFor(key);
        if (field && field->kind != Field::Kind::Absent)
            return false; // a repeated field: rare enough to leave to the reference
        Field ignored;
        return readValue(field ? field : &ignored, field != nullptr);
    }

    Field *fieldFor(QStringView key)
    {
        if (key == "message"_L1)
            return &m_fields.message;
        if (key == "user"_L1)
            return &m_fields.user;
        if (key == "id"_L1)
            return &m_fields.id;
        if (key == "client_id"_L1)
            return &m_fields.clientId;
        if (key == "created_at"_L1)
            return &m_fields.createdAt;
        if (key == "error"_L1)
            return &m_fields.error;
        return nullptr;
    }

    // A key without escapes or surrogates (an escaped key might spell a field's name).
    bool readPlainKey(QStringView *key)
    {
        if (!take(u'"'))
            return false;
        const char16_t *start = m_p;
        while (m_p != m_end && !isSpecial(*m_p))
            ++m_p;
        if (m_p == m_end || *m_p != u'"')
            return false;
        *key = QStringView(start, m_p);
        ++m_p;
        return true;
    }

    bool readValue(Field *field, bool keep)
    {
        if (m_p == m_end)
            return false;
        const char16_t c = *m_p;
        if (c == u'"') {
            field->kind = Field::Kind::Text;
            return readString(keep ? &field->text : nullptr);
        }
        if (c == u'-' || (c >= u'0' && c <= u'9')) {
            field->kind = Field::Kind::Number;
            return readInteger(keep ? &field->text : nullptr);
        }
        field->kind = Field::Kind::Other;
        return takeWord(u"true") || takeWord(u"false") || takeWord(u"null");
    }

    // True when [from, to) holds no escape, control character or surrogate. No early exit, so
    // that the compiler can check many characters at once.
    static bool isPlain(const char16_t *from, const char16_t *to)
    {
        unsigned special = 0;
        for (; from != to; ++from) {
            const char16_t c = *from;
            special |= unsigned(c == u'\\') | unsigned(c < 0x20) | unsigned((c & 0xF800) == 0xD800);
        }
        return special == 0;
    }

    bool readString(QString *out)
    {
        ++m_p; // the opening quote
        const char16_t *start = m_p;
        // The common case, nothing to unescape: find the closing quote the fast way Qt finds a
        // character, then check what lies before it.
        const qsizetype quote = QStringView(m_p, m_end).indexOf(u'"');
        if (quote >= 0 && isPlain(m_p, m_p + quote)) {
            m_p += quote;
            if (out)
                *out = QStringView(start, m_p).toString();
            ++m_p;
            return true;
        }
        while (m_p != m_end && !isSpecial(*m_p))
            ++m_p;
        QString unescaped = QStringView(start, m_p).toString();
        while (m_p != m_end) {
            const char16_t c = *m_p;
            if (c == u'"') {
                ++m_p;
                if (out)
                    *out = std::move(unescaped);
                return true;
            }
            if (c < 0x20)
                return false; // a raw control character: not JSON
            if (QChar::isHighSurrogate(c)) {
                if (m_end - m_p < 2 || !QChar::isLowSurrogate(m_p[1]))
                    return false;
                unescaped.append(QStringView(m_p, 2));
                m_p += 2;
            } else if (QChar::isLowSurrogate(c)) {
                return false;
            } else if (c == u'\\') {
                const char16_t escaped = m_end - m_p < 2 ? 0 : unescapedChar(m_p[1]);
                if (escaped == 0)
                    return false; // \u and anything unknown go to the reference
                unescaped.append(QChar(escaped));
                m_p += 2;
            } else {
                unescaped.append(QChar(c));
                ++m_p;
            }
        }
        return false;
    }

    // Integers of up to 18 digits, which always fit in 64 bits; fractions, exponents and longer
    // numbers go to the reference (QJsonDocument decides which of them are valid JSON).
    bool readInteger(QString *out)
    {
        const bool negative = take(u'-');
        const char16_t *firstDigit = m_p;
        qint64 value = 0;
        while (m_p != m_end && *m_p >= u'0' && *m_p <= u'9') {
            if (m_p - firstDigit == 18)
                return false;
            value = value * 10 + (*m_p - u'0');
            ++m_p;
        }
        const qsizetype digits = m_p - firstDigit;
        if (digits == 0 || (digits > 1 && *firstDigit == u'0'))
            return false;
        if (m_p != m_end && (*m_p == u'.' || *m_p == u'e' || *m_p == u'E'))
            return false;
        if (out)
            *out = QString::number(negative ? -value : value); // numberText(), without reading again
        return true;
    }

    bool takeWord(QStringView word)
    {
        if (!QStringView(m_p, m_end).startsWith(word))
            return false;
        m_p += word.size();
        return true;
    }

    Fields m_fields;
};

// Finds a member's value in an object QJsonDocument has accepted, so it checks nothing and only
// has to keep its place: strings are skipped escape by escape, objects and arrays by depth.
class LiteralFinder : private TextCursor
{
public:
    explicit LiteralFinder(QStringView json)
        : TextCursor(json)
    {}

    std::optional<QStringView> find(QStringView key)
    {
        std::optional<QStringView> found;
        if (m_p != m_end && *m_p == 0xFEFF)
            ++m_p; // a byte order mark, which QJsonDocument skips
        skipSpace();
        if (!take(u'{'))
            return found;
        for (;;) {
            skipSpace();
            if (m_p == m_end || *m_p != u'"')
                return found;
            const bool wanted = unescaped(skipString()) == key;
            skipSpace();
            if (!take(u':'))
                return found;
            skipSpace();
            const char16_t *value = m_p;
            skipValue();
            if (wanted) // a later member of the same name replaces an earlier one
                found = value != m_p && isNumberStart(*value) ? std::optional(QStringView(value, m_p))
                                                              : std::nullopt;
            skipSpace();
            if (!take(u','))
                return found;
        }
    }

private:
    static bool isNumberStart(char16_t c) { return c == u'-' || c == u'.' || (c >= u'0' && c <= u'9'); }

    // m_p is on the opening quote; returns what lies between the quotes, still escaped.
    QStringView skipString()
    {
        const char16_t *start = ++m_p;
        while (m_p != m_end && *m_p != u'"')
            m_p += (*m_p == u'\\' && m_end - m_p > 1) ? 2 : 1;
        const QStringView content(start, m_p);
        take(u'"');
        return content;
    }

    void skipValue()
    {
        if (m_p == m_end)
            return;
        if (*m_p == u'"') {
            skipString();
        } else if (*m_p == u'{' || *m_p == u'[') {
            int depth = 0;
            do {
                if (*m_p == u'"') {
                    skipString();
                    continue;
                }
                if (*m_p == u'{' || *m_p == u'[')
                    ++depth;
                else if (*m_p == u'}' || *m_p == u']')
                    --depth;
                ++m_p;
            } while (m_p != m_end && depth > 0);
        } else { // a number, true, false or null
            while (m_p != m_end && *m_p != u',' && *m_p != u'}' && *m_p != u' ' && *m_p != u'\t' &&
                   *m_p != u'\n' && *m_p != u'\r')
                ++m_p;
        }
    }

    // A key as QJsonDocument reads it ("\u0069d" is "id").
    static QString unescaped(QStringView text)
    {
        QString out;
        out.reserve(text.size());
        for (qsizetype i = 0; i < text.size(); ++i) {
            if (text[i] != u'\\' || i + 1 == text.size()) {
                out.append(text[i]);
                continue;
            }
            const char16_t c = text[++i].unicode();
            if (c == u'u' && i + 4 < text.size()) {
                out.append(QChar(char16_t(text.sliced(i + 1, 4).toUShort(nullptr, 16))));
                i += 4;
            } else {
                const char16_t plain = unescapedChar(c);
                out.append(QChar(plain ? plain : c));
            }
        }
        return out;
    }
};

// Digits at text[at, at + count) as a number; -1 when one is not a digit.
int digitsAt(QStringView text, qsizetype at, qsizetype count)
{
    int value = 0;
    for (qsizetype i = at; i < at + count; ++i) {
        const char16_t c = text[i].unicode();
        if (c < u'0' || c > u'9')
            return -1;
        value = value * 10 + (c - u'0');
    }
    return value;
}

// The fraction of a second in milliseconds, rounded as Qt rounds it; -1 when it is not plain
// digits or is exactly half a millisecond (left to Qt, whose double arithmetic decides that).
int roundedMilliseconds(QStringView fraction)
{
    if (fraction.isEmpty() || fraction.size() > 9 || digitsAt(fraction, 0, fraction.size()) < 0)
        return -1;
    int ms = 0;
    for (qsizetype i = 0; i < 3; ++i)
        ms = ms * 10 + (i < fraction.size() ? fraction[i].unicode() - u'0' : 0);
    if (fraction.size() > 3) {
        const QStringView rest = fraction.sliced(4);
        const char16_t fourth = fraction[3].unicode();
        const bool restIsZero = std::all_of(rest.begin(), rest.end(), [](QChar c) { return c == u'0'; });
        if (fourth == u'5' && restIsZero)
            return -1;
        if (fourth >= u'5')
            ++ms; // may reach 1000: the caller adds milliseconds, so it carries into the second
    }
    return ms;
}

std::optional<QDateTime> readCommonDateTime(QStringView text)
{
    // 0123456789012345678
    // YYYY-MM-DDTHH:MM:SS
    if (text.size() < 20 || text[4] != u'-' || text[7] != u'-' || text[10] != u'T' || text[13] != u':' ||
        text[16] != u':')
        return std::nullopt;
    const int year = digitsAt(text, 0, 4);
    const int month = digitsAt(text, 5, 2);
    const int day = digitsAt(text, 8, 2);
    const int hour = digitsAt(text, 11, 2);
    const int minute = digitsAt(text, 14, 2);
    const int second = digitsAt(text, 17, 2);
    if (year < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59)
        return std::nullopt;
    const QDate date(year, month, day);
    if (!date.isValid())
        return std::nullopt;

    qsizetype at = 19;
    int ms = 0;
    if (text[at] == u'.') {
        qsizetype end = at + 1;
        while (end < text.size() && text[end] >= u'0' && text[end] <= u'9')
            ++end;
        ms = roundedMilliseconds(text.sliced(at + 1, end - at - 1));
        if (ms < 0)
            return std::nullopt;
        at = end;
    }
    int offsetSeconds = 0;
    const QStringView zone = text.sliced(at);
    if (zone == u"Z") {
        offsetSeconds = 0;
    } else if (zone.size() == 6 && (zone[0] == u'+' || zone[0] == u'-') && zone[3] == u':') {
        const int offsetHours = digitsAt(zone, 1, 2);
        const int offsetMinutes = digitsAt(zone, 4, 2);
        if (offsetHours < 0 || offsetHours > 23 || offsetMinutes < 0 || offsetMinutes > 59)
            return std::nullopt;
        offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (zone[0] == u'-' ? -1 : 1);
    } else {
        return std::nullopt;
    }
    constexpr qint64 UnixEpochJulianDay = 2440588;
    const qint64 days = date.toJulianDay() - UnixEpochJulianDay;
    const qint64 msecs = ((days * 24 + hour) * 3600 + minute * 60 + second - offsetSeconds) * 1000 + ms;
    // As Qt: "Z" and a zero offset are UTC, any other offset is kept as that offset.
    if (offsetSeconds == 0)
        return QDateTime::fromMSecsSinceEpoch(msecs, Qt::UTC);
    return QDateTime::fromMSecsSinceEpoch(msecs, Qt::OffsetFromUTC, offsetSeconds);
}

} // namespace

std::optional<Fields> readFlatObject(QStringView text)
{
    return FlatReader(text).read();
}

QString numberText(QStringView literal)
{
    const QStringView digits = literal.startsWith(u'-') ? literal.sliced(1) : literal;
    const bool plain =
        !digits.isEmpty() && (digits.size() == 1 || digits.front() != u'0') &&
        std::all_of(digits.begin(), digits.end(), [](QChar c) { return c >= u'0' && c <= u'9'; });
    bool fits = false;
    const qint64 value = plain ? literal.toLongLong(&fits) : 0;
    return fits ? QString::number(value) : literal.toString();
}

std::optional<QStringView> numberLiteral(QStringView json, QStringView key)
{
    return LiteralFinder(json).find(key);
}

QDateTime readDateTime(QStringView text)
{
    if (const std::optional<QDateTime> common = readCommonDateTime(text))
        return *common;
    return QDateTime::fromString(text.toString(), Qt::ISODateWithMs);
}

} // namespace WireFields
