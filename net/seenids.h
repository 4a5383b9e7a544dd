#pragma once

// The ids of messages already seen, to drop one that comes twice (history is sent again on
// every join). Plain integer ids, what servers send, are kept as numbers: a busy room holds a
// great many, and a number needs neither a string nor the allocation of a "prefix:" key.
#include <QSet>
#include <QString>

class SeenIds
{
public:
    // True when id was not seen before (it is now). An empty id is never a duplicate.
    bool insert(const QString &id);
    bool contains(const QString &id) const;
    qsizetype size() const { return m_numbers.size() + m_texts.size(); }

private:
    QSet<qint64> m_numbers;
    QSet<QString> m_texts; // ids that are not plain integers ("007", "a1b2", "12.5")
};
