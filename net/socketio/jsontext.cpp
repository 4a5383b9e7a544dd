#include "jsontext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QStringEncoder>

using namespace Qt::StringLiterals;

namespace SocketIoJson {

std::optional<QJsonValue> parse(QStringView text, QString *error)
{
    // QJsonDocument reads only an object or an array, and a connect error may be a bare string: so
    // the text goes inside brackets, written as UTF-8 in the same pass that converts it. "[text]"
    // is an array of exactly one element only when the text is exactly one value ("1,2" gives two,
    // "1],[2" is not JSON).
    QStringEncoder toUtf8(QStringEncoder::Utf8);
    QByteArray json(toUtf8.requiredSpace(text.size()) + 2, Qt::Uninitialized);
    char *end = json.data();
    *end++ = '[';
    end = toUtf8.appendToBuffer(end, text);
    *end++ = ']';
    json.truncate(end - json.constData());

    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // The offset counts the opening bracket, and bytes rather than characters; good enough to
        // find the place in a log line.
        *error =
            u"not JSON (%1 at byte %2)"_s.arg(parseError.errorString()).arg(qMax(0, parseError.offset - 1));
        return std::nullopt;
    }
    const QJsonArray wrapped = doc.array();
    if (wrapped.size() != 1) {
        *error = wrapped.isEmpty() ? u"empty"_s : u"several JSON values, not one"_s;
        return std::nullopt;
    }
    return wrapped.first();
}

QString toText(const QJsonValue &value)
{
    if (value.isUndefined())
        return {};
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    // A scalar: written inside an array, which is then taken off again.
    const QByteArray json = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.constData() + 1, json.size() - 2);
}

} // namespace SocketIoJson
