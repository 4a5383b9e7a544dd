#pragma once

// When to try a dropped room connection again: exponential backoff with full jitter, so that many
// clients cut off by one server restart do not come back in the same instant. No timers and no
// clock inside: callers pass the times in, and the random source is seeded, so tests are exact.

#include <QtGlobal>

#include <random>

// Outside the class so that it can be a default argument of the class's own constructor.
struct ReconnectSettings
{
    qint64 baseMs = 1000;          // the window of the first retry
    qint64 capMs = 30000;          // the window never grows beyond this
    qint64 stableAfterMs = 10000;  // an open connection this old counts as healthy again
    qint64 tryAgainLaterMs = 5000; // the least wait after close code 1013 "try again later"
};

class ReconnectPolicy
{
public:
    using Settings = ReconnectSettings;
    explicit ReconnectPolicy(quint32 seed, Settings settings = {});

    // The delay before the next attempt: random(0, window(attempt())), raised to floorMs (close
    // code 1013 "try again later" asks for a longer minimum). Counts the attempt.
    qint64 nextDelayMs(qint64 floorMs = 0);

    // The connection came up / went down at nowMs (any monotonic clock). A close after at least
    // stableAfterMs of being open starts the backoff from the beginning again.
    void connectionOpened(qint64 nowMs);
    void connectionClosed(qint64 nowMs);
    void reset(); // start from the first attempt, e.g. when the user reconnects by hand

    int attempt() const { return m_attempt; } // retries handed out since the last reset
    const Settings &settings() const { return m_settings; }
    void setSettings(const Settings &settings) { m_settings = settings; }

    // min(cap, base * 2^attempt) without overflow, for any attempt >= 0.
    static qint64 windowMs(int attempt, const Settings &settings);

private:
    Settings m_settings;
    std::mt19937 m_random;
    int m_attempt = 0;
    qint64 m_openedAtMs = -1; // -1: not open
};
