#pragma once

// Room states in the words a person reads in the status bar and the room list; never a raw enum.
#include "roomconnection.h"

QString stateText(RoomConnection::State state);
QString stateSentence(const QString &room, RoomConnection::State state, const QString &reason);
// The status bar line for a room as it is now: "#lobby: reconnecting in 4 s - the server closed
// the connection (close code 1011)", plus how many messages wait to be sent.
QString roomStatusSentence(const RoomConnection *room);
// The reason without the net layer's "; retrying in 2.3 s" (the UI counts down itself).
QString reasonWithoutRetryDelay(const QString &reason);
bool isProblemState(RoomConnection::State state);
