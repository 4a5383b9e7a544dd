#pragma once

// The ids of messages already seen, to drop one that comes twice (history is sent again on
// every join). Plain integer ids, what servers send, are kept as numbers: a busy room holds a
// great many, and a number needs neither a string nor the allocation of a "prefix:" key.
// Only the newest ids are kept (a window, oldest forgotten first), so a flood cannot grow it
// without end; a server sends again only its recent history, which lies well inside the window.
#include <QSet>
#include <QString>

#include <deque>

class SeenIds
{
public:
    // 50,000 ids: ten times a server's history window (a few thousand messages) and ten times
    // the rows a room keeps (MessageModel::DefaultMaxRows), so every id that can still be sent
    // again or is still shown is in it; a number id costs about 30 B, 1.5 MB for a full window.
    static constexpr qsizetype DefaultWindow = 50000;

    explicit SeenIds(qsizetype window = DefaultWindow);

    // True when id was not seen before (it is now). An empty id is never a duplicate.
    bool insert(const QString &id);
    bool contains(const QString &id) const;
    qsizetype size() const { return m_numbers.size() + m_texts.size(); }
    qsizetype window() const { return m_window; }

private:
    void forgetOldest();

    qsizetype m_window;
    QSet<qint64> m_numbers;
    QSet<QString> m_texts; // ids that are not plain integers ("007", "a1b2", "12.5")
    // The order ids came in, oldest first: each kind in a queue of its own, and which kind each
    // id was, so the oldest of all is found without a variant (32 B) per id.
    std::deque<qint64> m_numberOrder;
    std::deque<QString> m_textOrder;
    std::deque<bool> m_textInOrder;
};
