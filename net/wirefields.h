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
    QString text; // Text: the string; Number: numberText() of the literal; otherwise empty
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

// A JSON number as a field's text, the same for both readers. An integer written plainly that fits
// in 64 bits is its decimal ("7"; "-0" is "0"); any other number keeps the text it was written
// with ("1e3", "1.5", "18446744073709551616"), because as a double two different ids could become
// one (1e300 and 2e300 both saturate a 64-bit integer, 1e3 is 1000).
QString numberText(QStringView literal);

// The literal text of the number that is the value of member key in json, an object QJsonDocument
// accepted (QJsonDocument keeps only the double). Keys are compared unescaped, and of repeated
// members the last counts, as in QJsonObject. nullopt when that value is not a number.
std::optional<QStringView> numberLiteral(QStringView json, QStringView key);

// ISO 8601 as Qt::ISODateWithMs reads it, without QDateTime::fromString for the common shape
// YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM); other shapes go to fromString.
QDateTime readDateTime(QStringView text);

} // namespace WireFields
