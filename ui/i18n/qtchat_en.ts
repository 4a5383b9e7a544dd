<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ChatView</name>
    <message numerus="yes">
        <source>%n new message(s) ↓</source>
        <translation>
            <numerusform>%n new message ↓</numerusform>
            <numerusform>%n new messages ↓</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message numerus="yes">
        <source>%n more in older messages</source>
        <translation>
            <numerusform>%n more in older messages</numerusform>
            <numerusform>%n more in older messages</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n message(s) not saved, lost if QtChat quits now - %1</source>
        <translation>
            <numerusform>%n message not saved, lost if QtChat quits now - %1</numerusform>
            <numerusform>%n messages not saved, lost if QtChat quits now - %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RoomState</name>
    <message numerus="yes">
        <source>%1 (%n message(s) waiting to be sent)</source>
        <translation>
            <numerusform>%1 (%n message waiting to be sent)</numerusform>
            <numerusform>%1 (%n messages waiting to be sent)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1; a fresh token was refused %n time(s)</source>
        <translation>
            <numerusform>%1; a fresh token was refused %n time</numerusform>
            <numerusform>%1; a fresh token was refused %n times</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the server sends a frame this client cannot take (close code %1) on every join, %n time(s) in a row; the room stopped instead of reconnecting forever</source>
        <translation>
            <numerusform>the server sends a frame this client cannot take (close code %1) on every join, %n time in a row; the room stopped instead of reconnecting forever</numerusform>
            <numerusform>the server sends a frame this client cannot take (close code %1) on every join, %n times in a row; the room stopped instead of reconnecting forever</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>the server failed the handshake %n time(s) (HTTP 500); is this room path right for this server?</source>
        <translation>
            <numerusform>the server failed the handshake %n time (HTTP 500); is this room path right for this server?</numerusform>
            <numerusform>the server failed the handshake %n times (HTTP 500); is this room path right for this server?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>offline - retrying in %n s</source>
        <translation>
            <numerusform>offline - retrying in %n s</numerusform>
            <numerusform>offline - retrying in %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>reconnecting in %n s</source>
        <translation>
            <numerusform>reconnecting in %n s</numerusform>
            <numerusform>reconnecting in %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>reconnecting in %n s - %1</source>
        <translation>
            <numerusform>reconnecting in %n s - %1</numerusform>
            <numerusform>reconnecting in %n s - %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TrayNotifier</name>
    <message numerus="yes">
        <source>#%1: %n new message(s)</source>
        <translation>
            <numerusform>#%1: %n new message</numerusform>
            <numerusform>#%1: %n new messages</numerusform>
        </translation>
    </message>
</context>
</TS>
