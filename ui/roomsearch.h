#pragma once

// Find in room without the widgets: the message rows of a room's model whose text contains what is
// looked for (ignoring case), newest first, and the matches in the local store that are not loaded
// (older messages, or ones the model dropped). FindBar shows them; the benchmark times them
// ("Find in 100,000 stored messages").
#include "chatmessage.h"

#include <QList>
#include <QPersistentModelIndex>
#include <QSet>

#include <functional>

class QAbstractItemModel;

class RoomSearch
{
public:
    // The store's search in this room: messages whose text contains needle (case-insensitive),
    // newest first, at most limit (MessageStore::search).
    using StoreSearch = std::function<QList<ChatMessage>(const QString &needle, int limit)>;
    // Older matches beyond this are counted as "more than"; the store is not read further.
    static constexpr int MaxOlder = 1000;

    void setStoreSearch(StoreSearch search) { m_storeSearch = std::move(search); }
    // Looks in the model's rows and, with a store, in the store.
    void find(const QAbstractItemModel *model, const QString &needle);
    // The model's rows again (rows came or went); the store's answer is kept, less what is loaded now.
    void refreshLoaded(const QAbstractItemModel *model);
    void clear();

    QString needle() const { return m_needle; }
    // Matching message rows, newest first.
    const QList<QPersistentModelIndex> &loaded() const { return m_loaded; }
    // Matching stored messages that are not loaded, newest first; at most MaxOlder.
    const QList<ChatMessage> &older() const { return m_older; }
    bool olderCapped() const { return m_olderCapped; }
    // The loaded row of this stored message, or an invalid index.
    QModelIndex loadedRowOf(const ChatMessage &message) const;

private:
    void filterOlder();

    StoreSearch m_storeSearch;
    QString m_needle;
    QList<QPersistentModelIndex> m_loaded;
    QSet<QString> m_loadedKeys;  // of the matching rows, to tell stored matches that are loaded
    QList<ChatMessage> m_stored; // the store's answer as it came
    QList<ChatMessage> m_older;
    bool m_olderCapped = false;
};
