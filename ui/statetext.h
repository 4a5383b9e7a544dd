#pragma once

// Room states in the words a person reads in the room list, the status bar and the room header;
// never a raw enum. Every sentence is written here, through tr(), from the room's state as data
// (RoomStatus, net/roomstatus.h): net/ hands over codes and the server's words, not sentences.
// The server's words are shown on one visible line inside an isolate, so they cannot pass for ours.
#include "roomconnection.h"
#include "roomstatus.h"

#include <QDateTime>

// "connected", "reconnecting", ... ("offline" for a room waiting for its session's refresh).
QString stateText(RoomConnection::State state);
QString stateText(const RoomStatus &status);
// Why the room is in its state, without the state: "the server closed the connection (close code
// 1011)"; empty when there is nothing to explain.
QString causeText(const RoomStatus &status);
// The state and its cause: "reconnecting in 4 s - the server ...", counting down to the next
// attempt by now. Without now, the next attempt is a time of day (for a tooltip that is not repainted).
QString statusText(const RoomStatus &status, const QDateTime &now);
QString statusText(const RoomStatus &status);
// "#lobby: " and statusText().
QString stateSentence(const QString &room, const RoomStatus &status, const QDateTime &now);
QString stateSentence(const QString &room, const RoomStatus &status);
// The status bar line for a room as it is now, plus how many messages wait to be sent.
QString roomStatusSentence(const RoomConnection *room,
                           const QDateTime &now = QDateTime::currentDateTimeUtc());
// Whole seconds until status.nextAttempt, rounded up (never below 0); -1 when none is due.
int secondsUntilNextAttempt(const RoomStatus &status, const QDateTime &now);
bool isProblemState(RoomConnection::State state);
