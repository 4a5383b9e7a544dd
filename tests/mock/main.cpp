// qtchat-mock-server: the mock chat server on its own, for scripts and manual runs of the client.
// The first line on stdout is the base URL; everything else goes to stderr.

#include "mocklogging.h"
#include "mockserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QSocketNotifier>
#include <QSslKey>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

int signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(signalPipe[1], &byte, 1);
}

// Signal handlers may only do async-signal-safe work, so they wake the event loop through a pipe.
void quitOnTerminationSignals(QCoreApplication &app)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) != 0)
        return;
    auto *notifier = new QSocketNotifier(signalPipe[0], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, &QCoreApplication::quit);
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

std::optional<QHash<QString, QString>> parseUsers(const QString &spec)
{
    QHash<QString, QString> users;
    for (const QString &pair : spec.split(u',', Qt::SkipEmptyParts)) {
        const qsizetype colon = pair.indexOf(u':');
        if (colon <= 0)
            return std::nullopt;
        users.insert(pair.left(colon), pair.mid(colon + 1));
    }
    return users.isEmpty() ? std::nullopt : std::optional(users);
}

} // namespace

// A server certificate and key from PEM files, or a null configuration and the reason.
QSslConfiguration loadTls(const QString &certPath, const QString &keyPath, QString *problem)
{
    QFile certFile(certPath);
    QFile keyFile(keyPath);
    if (certPath.isEmpty() || keyPath.isEmpty()) {
        *problem = u"--tls-cert and --tls-key go together"_s;
        return {};
    }
    if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly)) {
        *problem = u"cannot read the certificate or key file"_s;
        return {};
    }
    const QList<QSslCertificate> chain = QSslCertificate::fromDevice(&certFile, QSsl::Pem);
    const QByteArray keyPem = keyFile.readAll();
    QSslKey key(keyPem, QSsl::Ec, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(keyPem, QSsl::Rsa, QSsl::Pem);
    if (chain.isEmpty() || key.isNull()) {
        *problem = u"the certificate or key is not PEM (EC or RSA)"_s;
        return {};
    }
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificateChain(chain);
    tls.setPrivateKey(key);
    tls.setPeerVerifyMode(QSslSocket::VerifyNone); // clients are not asked for certificates
    return tls;
}

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"qtchat-mock-server"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Mock chat server: JWT token endpoints and chat rooms over WebSocket (/ws/chat/ROOM/), and a "
        "Socket.IO server at /socket.io/ (EIO 4 and 3, WebSocket only) on the same rooms: events join, "
        "leave, message {room, text, client_id} and whoami with acks in \"/\", one room per other "
        "namespace (/lobby). Prints its base URL as the first line on stdout."_s);
    parser.addHelpOption();
    const QCommandLineOption host(u"host"_s, u"Address to listen on."_s, u"address"_s, u"127.0.0.1"_s);
    const QCommandLineOption port(u"port"_s, u"Port to listen on; 0 picks a free one."_s, u"port"_s, u"0"_s);
    const QCommandLineOption users(u"users"_s, u"Accounts as name:password,name:password."_s, u"list"_s,
                                   u"alice:alice-pass,bob:bob-pass"_s);
    const QCommandLineOption accessTtl(u"access-ttl"_s, u"Access token lifetime in seconds."_s, u"seconds"_s,
                                       u"300"_s);
    const QCommandLineOption refreshTtl(u"refresh-ttl"_s, u"Refresh token lifetime in seconds."_s,
                                        u"seconds"_s, u"86400"_s);
    const QCommandLineOption rotate(u"rotate-refresh"_s,
                                    u"Return a new refresh token on every refresh; the old one dies."_s);
    const QCommandLineOption admin(
        u"admin"_s, u"Answer fault-injection requests from this machine (loopback peers only): POST "
                    "/admin/close?room=R&code=C&reason=T, /admin/drop?room=R, /admin/silence?room=R, "
                    "/admin/reject?count=N&status=S, /admin/delay?ms=T, /admin/restart, "
                    "/admin/drop-after-store?room=R (cut the sender of the next stored message before "
                    "its broadcast; once), /admin/flood?room=R&count=N&size=B (benchmarks), "
                    "/admin/store-unseen?room=R&count=N (store N messages without a broadcast: with a "
                    "small --history-size, a client that rejoins R has a gap). Without room=, every room. "
                    "Answers {\"affected\": sockets}. Close, drop and silence act on "
                    "Socket.IO connections too (silence also stops their heartbeat); for those only: "
                    "/admin/disconnect?room=R (a server DISCONNECT, 41; R may be a namespace, /lobby), "
                    "/admin/no-heartbeat?room=R (no more pings, pings unanswered, no ping timeout)."_s);
    const QCommandLineOption frameDelay(u"frame-delay"_s, u"Delay every outgoing text frame by this long."_s,
                                        u"ms"_s, u"0"_s);
    const QCommandLineOption reject(u"reject-handshakes"_s,
                                    u"Refuse the first count WebSocket handshakes with this HTTP status."_s,
                                    u"count:status"_s);
    const QCommandLineOption tlsCert(
        u"tls-cert"_s, u"Serve https/wss with this PEM certificate (needs --tls-key)."_s, u"pem"_s);
    const QCommandLineOption tlsKey(u"tls-key"_s, u"The PEM private key of --tls-cert."_s, u"pem"_s);
    // Like most chat servers: no help for the client's exactly-once delivery.
    const QCommandLineOption noDedup(u"no-client-id-dedup"_s,
                                     u"Store and broadcast a resent client_id again, with a new id."_s);
    const QCommandLineOption plainHistory(
        u"history-without-extras"_s,
        u"Replay history with only message, user, created_at and id (no client_id)."_s);
    const QCommandLineOption broadcastDelay(u"broadcast-delay"_s,
                                            u"Store a message at once but broadcast it this much later."_s,
                                            u"ms"_s, u"0"_s);
    const QCommandLineOption loginOnly(
        u"login-only"_s,
        u"Sign-in as a Socket.IO site does it: POST /login -> {\"token\"}, 401 with an empty "
        "body on bad credentials, no refresh endpoint (the /api/token/ ones answer 404)."_s);
    const QCommandLineOption tokenTtl(
        u"token-ttl"_s, u"Lifetime of the /login token in seconds; 0: no exp."_s, u"seconds"_s, u"3600"_s);
    const QCommandLineOption socketIoAuth(
        u"socketio-auth"_s,
        u"Where Socket.IO checks the token: namespace (every CONNECT, from its auth "
        "payload {\"token\"}, else the handshake's Bearer header or ?token=; a refusal is "
        "CONNECT_ERROR) or engine (the handshake's header or query; a refusal is HTTP 401)."_s,
        u"place"_s, u"namespace"_s);
    const QCommandLineOption noEio3(u"no-eio3"_s,
                                    u"Refuse Engine.IO 3 (Socket.IO 2) clients with HTTP 400."_s);
    const QCommandLineOption refuseRoom(
        u"refuse-room"_s, u"A Socket.IO join of this room is refused (repeatable)."_s, u"room"_s);
    const QCommandLineOption refuseNamespace(
        u"refuse-namespace"_s, u"Every Socket.IO CONNECT to this namespace is refused (repeatable)."_s,
        u"name"_s);
    const QCommandLineOption namespaces(
        u"namespace"_s,
        u"A Socket.IO namespace that exists (repeatable; without any, every namespace exists). "
        "A CONNECT to another is refused with \"Invalid namespace\"."_s,
        u"name"_s);
    const QCommandLineOption expireSockets(
        u"expire-sockets"_s, u"Disconnect (41) a Socket.IO namespace the moment its token expires (default: "
                             "a connected session outlives its token)."_s);
    const QCommandLineOption pingInterval(u"ping-interval"_s, u"Engine.IO pingInterval."_s, u"ms"_s,
                                          u"25000"_s);
    const QCommandLineOption pingTimeout(u"ping-timeout"_s, u"Engine.IO pingTimeout."_s, u"ms"_s, u"20000"_s);
    const QCommandLineOption historySize(
        u"history-size"_s,
        u"Replay only the newest N messages to a joining client; the rest stay reachable through "
        "GET /api/rooms/ROOM/messages/?before=ID&limit=N (a gap on a rejoin after more than N)."_s,
        u"count"_s, u"50"_s);
    const QCommandLineOption historyPaginated(
        u"history-paginated"_s, u"Answer the history endpoint as DRF pagination: {\"results\": [...]}."_s);
    const QCommandLineOption noHistoryEndpoint(u"no-history-endpoint"_s,
                                               u"No history endpoint: its path answers 404."_s);
    const QCommandLineOption historyDelay(u"history-delay"_s,
                                          u"Answer the history endpoint this much later."_s, u"ms"_s, u"0"_s);
    parser.addOptions({historySize, historyPaginated, noHistoryEndpoint, historyDelay});
    parser.addOptions({host, port, users, accessTtl, refreshTtl, rotate, admin, frameDelay, reject, tlsCert,
                       tlsKey, noDedup, plainHistory, broadcastDelay});
    parser.addOptions({loginOnly, tokenTtl, socketIoAuth, noEio3, refuseRoom, refuseNamespace, pingInterval,
                       pingTimeout, expireSockets, namespaces});
    parser.process(app);

    MockServerOptions options;
    bool ok = true;
    const auto parsedUsers = parseUsers(parser.value(users));
    options.accessTtlSeconds = parser.value(accessTtl).toDouble(&ok);
    if (ok)
        options.refreshTtlSeconds = parser.value(refreshTtl).toDouble(&ok);
    const uint portNumber = ok ? parser.value(port).toUInt(&ok) : 0;
    const QHostAddress address(parser.value(host));
    const int delayMs = ok ? parser.value(frameDelay).toInt(&ok) : 0;
    options.broadcastDelayMs = ok ? parser.value(broadcastDelay).toInt(&ok) : 0;
    options.tokenTtlSeconds = ok ? parser.value(tokenTtl).toDouble(&ok) : 0;
    options.pingIntervalMs = ok ? parser.value(pingInterval).toInt(&ok) : 0;
    options.pingTimeoutMs = ok ? parser.value(pingTimeout).toInt(&ok) : 0;
    options.historySize = ok ? parser.value(historySize).toInt(&ok) : 0;
    options.historyDelayMs = ok ? parser.value(historyDelay).toInt(&ok) : 0;
    ok = ok && options.historySize >= 0 && options.historyDelayMs >= 0;
    options.historyPaginated = parser.isSet(historyPaginated);
    options.historyEndpoint = !parser.isSet(noHistoryEndpoint);
    const QString authPlace = parser.value(socketIoAuth);
    ok = ok && (authPlace == u"namespace"_s || authPlace == u"engine"_s) && options.tokenTtlSeconds >= 0 &&
         options.pingIntervalMs > 0 && options.pingTimeoutMs > 0;
    const QStringList rejection = parser.value(reject).split(u':');
    int rejectCount = 0;
    int rejectStatus = 0;
    if (ok && parser.isSet(reject)) {
        rejectCount = rejection.value(0).toInt(&ok);
        rejectStatus = ok ? rejection.value(1).toInt(&ok) : 0;
        ok = ok && rejection.size() == 2 && rejectCount >= 0 && rejectStatus >= 400 && rejectStatus <= 599;
    }
    if (!ok || delayMs < 0 || options.broadcastDelayMs < 0 || !parsedUsers || portNumber > 65535 ||
        address.isNull() || options.accessTtlSeconds <= 0 || options.refreshTtlSeconds <= 0) {
        std::fputs("qtchat-mock-server: invalid arguments; see --help\n", stderr);
        return 2;
    }
    options.users = *parsedUsers;
    options.rotateRefresh = parser.isSet(rotate);
    options.adminEndpoints = parser.isSet(admin);
    options.deduplicateClientIds = !parser.isSet(noDedup);
    options.historyWithExtras = !parser.isSet(plainHistory);
    options.loginOnly = parser.isSet(loginOnly);
    options.socketIoAuth = authPlace == u"engine"_s ? MockServerOptions::SocketIoAuth::Engine
                                                    : MockServerOptions::SocketIoAuth::Namespace;
    options.allowEio3 = !parser.isSet(noEio3);
    options.socketIoExpireSessions = parser.isSet(expireSockets);
    options.refuseRooms = parser.values(refuseRoom);
    for (const QString &name : parser.values(refuseNamespace))
        options.refuseNamespaces.append(name.startsWith(u'/') ? name : u'/' + name);
    for (const QString &name : parser.values(namespaces))
        options.socketIoNamespaces.append(name.startsWith(u'/') ? name : u'/' + name);
    if (parser.isSet(tlsCert) || parser.isSet(tlsKey)) {
        QString problem;
        options.tls = loadTls(parser.value(tlsCert), parser.value(tlsKey), &problem);
        if (options.tls.isNull()) {
            std::fprintf(stderr, "qtchat-mock-server: %s\n", qPrintable(problem));
            return 2;
        }
    }

    MockServer server(options);
    server.setFrameDelay(delayMs);
    server.rejectHandshakes(rejectCount, rejectStatus);
    if (!server.listen(address, quint16(portNumber))) {
        std::fprintf(stderr, "qtchat-mock-server: cannot listen: %s\n", qPrintable(server.errorString()));
        return 1;
    }
    std::printf("%s\n", server.baseUrl().toEncoded().constData());
    std::fflush(stdout);
    qCInfo(lcMock) << "listening on" << server.baseUrl().toDisplayString();

    quitOnTerminationSignals(app);
    return app.exec();
}
