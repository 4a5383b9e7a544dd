// The bare sequence a saved session's start-up cannot do without, as the baseline of "start-up
// with a saved session to the room open": QApplication and an empty QMainWindow, then one keychain
// read (QtKeychain, as the app reads it), one refresh POST and one WebSocket handshake, one after
// the other and nothing else. Prints "rooms-open" when the handshake is done and quits.
//   qtchat-startup-steps BASE_URL USER ROOM
#include <QApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMainWindow>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QWebSocket>
#include <QWebSocketHandshakeOptions>
#include <qt6keychain/keychain.h>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {
[[noreturn]] void fail(const QString &why)
{
    std::fprintf(stderr, "qtchat-startup-steps: %s\n", qPrintable(why));
    std::exit(1);
}
} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    if (arguments.size() != 4)
        fail(u"usage: qtchat-startup-steps BASE_URL USER ROOM"_s);
    const QUrl base(arguments.at(1));
    const QString user = arguments.at(2);
    const QString room = arguments.at(3);
    QMainWindow window;
    window.show();

    QNetworkAccessManager network;
    QWebSocket socket;
    QObject::connect(&socket, &QWebSocket::connected, &app, [] {
        std::fputs("rooms-open\n", stdout);
        std::fflush(stdout);
        QCoreApplication::exit(0);
    });
    QObject::connect(&socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error), &app,
                     [&socket] { fail(u"handshake: "_s + socket.errorString()); });
    const auto handshake = [&](const QByteArray &access) {
        QUrl url = base;
        url.setScheme(base.scheme() == "https"_L1 ? u"wss"_s : u"ws"_s);
        url.setPath(u"/ws/chat/%1/"_s.arg(room));
        QWebSocketHandshakeOptions options;
        options.setSubprotocols({QString::fromLatin1(access)});
        socket.open(QNetworkRequest(url), options);
    };
    const auto refresh = [&](const QByteArray &refreshToken) {
        QNetworkRequest request(base.resolved(QUrl(u"/api/token/refresh/"_s)));
        request.setHeader(QNetworkRequest::ContentTypeHeader, u"application/json"_s);
        QNetworkReply *reply = network.post(
            request, QJsonDocument(QJsonObject{{u"refresh"_s, QString::fromLatin1(refreshToken)}}).toJson());
        QObject::connect(reply, &QNetworkReply::finished, &app, [reply, handshake] {
            reply->deleteLater();
            const QString access =
                QJsonDocument::fromJson(reply->readAll()).object().value(u"access"_s).toString();
            if (access.isEmpty())
                fail(u"refresh: "_s + reply->errorString());
            handshake(access.toLatin1());
        });
    };
    // The app's keychain entry (AuthClient::secretService()): the benchmark saved it through the app.
    auto *read = new QKeychain::ReadPasswordJob(
        u"QtChat refresh token for %1"_s.arg(base.toString(QUrl::RemovePath | QUrl::StripTrailingSlash)),
        &app);
    read->setKey(user);
    read->setAutoDelete(true);
    read->setInsecureFallback(false);
    QObject::connect(read, &QKeychain::Job::finished, &app, [refresh](QKeychain::Job *job) {
        if (job->error() != QKeychain::NoError)
            fail(u"keychain: "_s + job->errorString());
        refresh(static_cast<QKeychain::ReadPasswordJob *>(job)->binaryData());
    });
    read->start();
    return app.exec();
}
