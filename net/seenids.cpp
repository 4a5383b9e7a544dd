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

SeenIds::SeenIds(qsizetype window)
    : m_window(qMax<qsizetype>(1, window))
{}

bool SeenIds::insert(const QString &id)
{
    if (id.isEmpty())
        return true;
    // One hash lookup each: the set's size tells whether the id was new.
    if (const std::optional<qint64> number = plainInteger(id)) {
        const qsizetype before = m_numbers.size();
        m_numbers.insert(*number);
        if (m_numbers.size() == before)
            return false;
        m_numberOrder.push_back(*number);
        m_textInOrder.push_back(false);
    } else {
        const qsizetype before = m_texts.size();
        m_texts.insert(id);
        if (m_texts.size() == before)
            return false;
        m_textOrder.push_back(id); // shares the set's copy
        m_textInOrder.push_back(true);
    }
    if (qsizetype(m_textInOrder.size()) > m_window)
        forgetOldest();
    return true;
}

// First in, first out rather than least recently used: an id seen again does not move up. Ids come
// again only with history, which a server sends from its newest messages, so the oldest first seen
// are the ones no server will send again.
void SeenIds::forgetOldest()
{
    if (m_textInOrder.front()) {
        m_texts.remove(m_textOrder.front());
        m_textOrder.pop_front();
    } else {
        m_numbers.remove(m_numberOrder.front());
        m_numberOrder.pop_front();
    }
    m_textInOrder.pop_front();
}

bool SeenIds::contains(const QString &id) const
{
    if (const std::optional<qint64> number = plainInteger(id))
        return m_numbers.contains(*number);
    return m_texts.contains(id);
}
