#include "seenids.h"

#include <optional>

namespace {
// The id as a number when it is the canonical text of one ("7", "-3"; not "007", "+7", "1e3"),
// so that two ids are the same number exactly when they are the same text.
std::optional<qint64> plainInteger(const QString &id)
{
    const qsizetype firstDigit = id.startsWith(u'-') ? 1 : 0;
    const qsizetype digits = id.size() - firstDigit;
    if (digits < 1 || digits > 18 || (digits > 1 && id[firstDigit] == u'0') || id == u"-0")
        return std::nullopt;
    qint64 value = 0;
    for (qsizetype i = firstDigit; i < id.size(); ++i) {
        const char16_t c = id[i].unicode();
        if (c < u'0' || c > u'9')
            return std::nullopt;
        value = value * 10 + (c - u'0');
    }
    return firstDigit ? -value : value;
}
} // namespace

bool SeenIds::insert(const QString &id)
{
    if (id.isEmpty())
        return true;
    if (const std::optional<qint64> number = plainInteger(id)) {
        const qsizetype before = m_numbers.size();
        m_numbers.insert(*number);
        return m_numbers.size() != before;
    }
    const qsizetype before = m_texts.size();
    m_texts.insert(id);
    return m_texts.size() != before;
}

bool SeenIds::contains(const QString &id) const
{
    if (const std::optional<qint64> number = plainInteger(id))
        return m_numbers.contains(*number);
    return m_texts.contains(id);
}
