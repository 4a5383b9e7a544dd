#pragma once

// Find in room without the widgets: the message rows of a room's model whose text contains what is
// looked for (ignoring case), newest first, and the matches in the local store that are not loaded
// (older than the oldest loaded row). FindBar shows them; the benchmark times them ("Find in
// 100,000 stored messages").
#include "chatmessage.h"

#include <QDateTime>
#include <QList>
#include <QSet>

#include <functional>

class QAbstractItemModel;
class QModelIndex;

class RoomSearch
{
public:
    // The store's search in this room: messages whose text contains needle (case-insensitive),
    // newest first, at most limit (MessageStore::search).
    using StoreSearch = std::function<QList<ChatMessage>(const QString &needle, int limit)>;
    // Older matches beyond this are counted as "more than"; the store is not read further.
    static constexpr int MaxOlder = 1000;
    // The store is asked from this many characters on. Its full-text index works on trigrams; a
    // shorter needle would scan every stored message of the room (80 ms for 100,000, longer than a
    // keystroke may take), and matches much of any room anyway. Shorter ones look in the loaded rows.
    static constexpr int MinStoreNeedle = 3;
    // With more loaded matches than this the store is not asked: its newest matches are the loaded
    // ones, and reading past them all costs more than a keystroke may take, for matches no one steps
    // through to.
    static constexpr int MaxLoadedForStore = 1000;

    void setStoreSearch(StoreSearch search) { m_storeSearch = std::move(search); }
    bool hasStore() const { return bool(m_storeSearch); }
    // Looks in the model's rows and, with a store, in the store.
    void find(const QAbstractItemModel *model, const QString &needle);
    // The model's rows again (rows came or went); the store's answer is kept, less what is loaded now.
    void refreshLoaded(const QAbstractItemModel *model);
    void clear();

    QString needle() const { return m_needle; }
    // The rows of the matching messages, newest first.
    const QList<int> &loaded() const { return m_loaded; }
    // Matching stored messages that are not loaded, newest first; at most MaxOlder.
    const QList<ChatMessage> &older() const { return m_older; }
    bool olderCapped() const { return m_olderCapped; }
    // There is a store, but it was not asked (MinStoreNeedle, MaxLoadedForStore).
    bool storeSkipped() const { return m_storeSkipped; }
    // The row of this message among the loaded matches, or -1.
    int loadedRowOf(const QAbstractItemModel *model, const ChatMessage &message) const;

private:
    void filterOlder();

    StoreSearch m_storeSearch;
    QString m_needle;
    QList<int> m_loaded;
    // The oldest loaded message's time: stored matches before it are not loaded. Stored ones without
    // a time are told by who wrote what (m_loadedUndated).
    QDateTime m_oldestLoaded;
    QSet<QString> m_loadedUndated;
    QList<ChatMessage> m_stored; // the store's answer as it came
    QList<ChatMessage> m_older;
    bool m_olderCapped = false;
    bool m_storeSkipped = false;
};
