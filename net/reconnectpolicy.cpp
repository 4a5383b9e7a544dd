#include "reconnectpolicy.h"

#include <algorithm>
#include <limits>

ReconnectPolicy::ReconnectPolicy(quint32 seed, Settings settings)
    : m_settings(settings)
    , m_random(seed)
{}

qint64 ReconnectPolicy::windowMs(int attempt, const Settings &settings)
{
    const qint64 cap = std::max<qint64>(0, settings.capMs);
    qint64 window = std::clamp<qint64>(settings.baseMs, 0, cap);
    // Doubling step by step stops at the cap after a few dozen steps at most, so neither a huge
    // attempt number nor a huge base can overflow.
    for (int i = 0; i < attempt && window > 0 && window < cap; ++i)
        window = std::min(cap, window * 2);
    return window;
}

qint64 ReconnectPolicy::nextDelayMs(qint64 floorMs)
{
    // Scale one 32-bit draw onto [0, window] ourselves: std::uniform_int_distribution differs between
    // standard libraries, and the same seed should give the same delays everywhere. Windows beyond
    // 2^32 ms (49 days) are cut there so that the product below fits in 64 bits.
    const quint64 window = std::min<quint64>(quint64(windowMs(m_attempt, m_settings)), 0xffffffffu);
    const quint64 draw = quint64(m_random());
    const qint64 jittered = qint64((draw * (window + 1)) >> 32);
    if (m_attempt < std::numeric_limits<int>::max())
        ++m_attempt;
    return std::max(floorMs, jittered);
}

void ReconnectPolicy::connectionOpened(qint64 nowMs)
{
    m_openedAtMs = nowMs;
}

void ReconnectPolicy::connectionClosed(qint64 nowMs)
{
    if (m_openedAtMs >= 0 && nowMs - m_openedAtMs >= m_settings.stableAfterMs)
        m_attempt = 0;
    m_openedAtMs = -1;
}

void ReconnectPolicy::reset()
{
    m_attempt = 0;
    m_openedAtMs = -1;
}
