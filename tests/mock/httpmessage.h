#pragma once

// Just enough HTTP/1.1 for the mock: one request per connection, answered with Connection: close.

#include <QByteArray>
#include <QHash>

struct HttpRequest
{
    QByteArray method;
    QByteArray target;                     // as sent, still percent-encoded
    QHash<QByteArray, QByteArray> headers; // names lower-cased
    QByteArray body;

    QByteArray header(const QByteArray &lowerCaseName) const { return headers.value(lowerCaseName); }
    bool isWebSocketUpgrade() const;
};

struct HttpParseResult
{
    enum class Status { Incomplete, Complete, Invalid, TooLarge };
    Status status = Status::Incomplete;
    HttpRequest request;
    qsizetype consumed = 0; // bytes of head plus body, valid when Complete
};

// Parses what has arrived so far without consuming it, so an upgrade request can still be handed
// to QWebSocketServer untouched. Upgrade requests are complete without a body.
HttpParseResult parseHttpRequest(const QByteArray &buffer, qsizetype maxHeadSize, qsizetype maxBodySize);

QByteArray jsonResponse(int status, const QByteArray &jsonBody);
QByteArray emptyResponse(int status);
