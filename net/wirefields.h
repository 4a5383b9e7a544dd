#pragma once

// The fields of an incoming frame that the codec uses, read either by a fast reader for the
// flat frames servers send or by QJsonDocument for anything else. Both readers fill the same
// struct, so one function turns it into a frame and the two paths cannot disagree on meaning.
// Internal to net/ (WireCodec is the interface).
#include <QDateTime>
#include <QString>
#include <QStringView>

#include <optional>

namespace WireFields {

struct Field
{
    enum class Kind { Absent, Text, Number, Other };
    Kind kind = Kind::Absent;
    QString text; // Text: the string; Number: the integer in decimal; otherwise empty
};

struct Fields
{
    Field message;
    Field user;
    Field id;
    Field clientId;
    Field createdAt;
    Field error;
};

// One flat JSON object of strings, integers, true, false and null, as chat servers send them.
// nullopt for anything else (nesting, \u escapes, fractions, repeated fields, bad syntax): the
// caller then asks QJsonDocument, which is the reference for what the text means.
std::optional<Fields> readFlatObject(QStringView text);

// ISO 8601 as Qt::ISODateWithMs reads it, without QDateTime::fromString for the common shape
// YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM); other shapes go to fromString.
QDateTime readDateTime(QStringView text);

} // namespace WireFields
