<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ChatView</name>
    <message numerus="yes">
        <source>%n new message(s) ↓</source>
        <translation><numerusform>%n new message ↓</numerusform><numerusform>%n new messages ↓</numerusform></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>%n message(s) not saved, lost if QtChat quits now - %1</source>
        <translation><numerusform>%n message not saved, lost if QtChat quits now - %1</numerusform><numerusform>%n messages not saved, lost if QtChat quits now - %1</numerusform></translation>
    </message>
</context>
<context>
    <name>RoomState</name>
    <message numerus="yes">
        <source>#%1: reconnecting in %n s - %2</source>
        <translation><numerusform>#%1: reconnecting in %n s - %2</numerusform><numerusform>#%1: reconnecting in %n s - %2</numerusform></translation>
    </message>
    <message numerus="yes">
        <source>%1 (%n message(s) waiting to be sent)</source>
        <translation><numerusform>%1 (%n message waiting to be sent)</numerusform><numerusform>%1 (%n messages waiting to be sent)</numerusform></translation>
    </message>
</context>
<context>
    <name>TrayNotifier</name>
    <message numerus="yes">
        <source>#%1: %n new message(s)</source>
        <translation><numerusform>#%1: %n new message</numerusform><numerusform>#%1: %n new messages</numerusform></translation>
    </message>
</context>
</TS>
