#include "gapdetector.h"

namespace {
std::optional<qint64> number(const QString &id)
{
    bool ok = false;
    const qint64 value = id.toLongLong(&ok);
    return ok ? std::optional(value) : std::nullopt;
}

// True when a is known to be older than b: both plain integers (what servers send) and smaller.
bool isOlder(const QString &a, const QString &b)
{
    const auto x = number(a);
    const auto y = number(b);
    return x && y && *x < *y;
}
} // namespace

void GapDetector::noteKnown(const QString &id)
{
    if (id.isEmpty() || isOlder(id, m_newest))
        return; // older pages (scroll-back) do not move what the next join must reach
    m_newest = id;
}

void GapDetector::joined(qint64 nowMs)
{
    m_expected = m_newest;
    m_checking = !m_expected.isEmpty();
    m_joinedAtMs = nowMs;
}

std::optional<QString> GapDetector::onMessage(const QString &id, bool alreadyKnown, qint64 nowMs)
{
    if (!alreadyKnown)
        noteKnown(id);
    if (!std::exchange(m_checking, false) || nowMs - m_joinedAtMs > HistoryWindowMs)
        return std::nullopt;
    // Known: the history overlaps what we had. New but older than our newest: it reaches back past it.
    if (alreadyKnown || id.isEmpty() || id == m_expected || isOlder(id, m_expected))
        return std::nullopt;
    return id;
}
