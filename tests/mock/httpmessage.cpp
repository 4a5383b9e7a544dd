#include "httpmessage.h"

#include <QList>

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 413:
        return "Payload Too Large";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    default:
        return "Unknown";
    }
}

QByteArray response(int status, const QByteArray &extraHeaders, const QByteArray &body)
{
    return "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n" + extraHeaders +
           "Content-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

} // namespace

bool HttpRequest::isWebSocketUpgrade() const
{
    return method == "GET" && header("upgrade").trimmed().toLower() == "websocket";
}

HttpParseResult parseHttpRequest(const QByteArray &buffer, qsizetype maxHeadSize, qsizetype maxBodySize)
{
    using Status = HttpParseResult::Status;
    HttpParseResult result;
    const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
    if (headEnd < 0 || headEnd > maxHeadSize) {
        const bool tooLarge = buffer.size() > maxHeadSize || headEnd > maxHeadSize;
        result.status = tooLarge ? Status::TooLarge : Status::Incomplete;
        return result;
    }

    const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/1.")) {
        result.status = Status::Invalid;
        return result;
    }
    HttpRequest &request = result.request;
    request.method = requestLine[0];
    request.target = requestLine[1];
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon <= 0) {
            result.status = Status::Invalid;
            return result;
        }
        const QByteArray name = lines[i].left(colon).trimmed().toLower();
        const QByteArray value = lines[i].mid(colon + 1).trimmed();
        // Repeated headers fold into one comma-separated value (RFC 9110, 5.3).
        request.headers[name] = request.headers.contains(name) ? request.headers[name] + ", " + value : value;
    }

    const qsizetype headSize = headEnd + 4;
    qsizetype bodySize = 0;
    if (!request.isWebSocketUpgrade() && request.headers.contains("content-length")) {
        bool ok = false;
        bodySize = request.header("content-length").toLongLong(&ok);
        if (!ok || bodySize < 0) {
            result.status = Status::Invalid;
            return result;
        }
        if (bodySize > maxBodySize) {
            result.status = Status::TooLarge;
            return result;
        }
    }
    if (buffer.size() < headSize + bodySize)
        return result;
    request.body = buffer.mid(headSize, bodySize);
    result.consumed = headSize + bodySize;
    result.status = Status::Complete;
    return result;
}

QByteArray jsonResponse(int status, const QByteArray &jsonBody)
{
    return response(status, "Content-Type: application/json\r\n", jsonBody);
}

QByteArray emptyResponse(int status)
{
    return response(status, {}, {});
}
