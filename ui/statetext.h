#pragma once

// Room states in the words a person reads in the status bar and the room list.
#include "roomconnection.h"

QString stateText(RoomConnection::State state);
QString stateSentence(const QString &room, RoomConnection::State state, const QString &reason);
