#include "clioptions.h"

#include <QCommandLineParser>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace {
const char *const Help = R"(
Events are written to stdout as JSON lines: state, message, delivered, refreshed, error, and a
final summary with counts (sent, delivered, received, reconnects, refreshes).

Exit codes:
  0  success
  1  usage error
  2  authentication failed (wrong password, or the session cannot be refreshed)
  3  could not connect (DNS, refused, TLS, no such room)
  4  an --expect or --timeout ran out
  5  a message could not be delivered

The password never comes from the command line: --password-stdin, --password-env VAR, or the
session saved in the system keychain by an earlier run.

Socket.IO servers (--protocol socketio): sign-in is POST /login answering {"token"}; with no
refresh endpoint the token is renewed by signing in again with the password given for this
run. The token goes in the CONNECT auth payload (--transport auth, the default), an
Authorization header (header) or ?token= (query; socket.io 2.x servers, with --eio 3).)";
} // namespace

std::optional<CliOptions> parseCliOptions(const QStringList &arguments, QString *error)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"qtchat-cli: a headless QtChat client for QA and scripts."_s +
                                     QString::fromUtf8(Help));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption server(u"server"_s, u"Server address (https://...)."_s, u"URL"_s);
    const QCommandLineOption user(u"user"_s, u"User name."_s, u"NAME"_s);
    const QCommandLineOption passwordStdin(u"password-stdin"_s,
                                           u"Read the password from the first line of stdin."_s);
    const QCommandLineOption passwordEnv(u"password-env"_s,
                                         u"Take the password from this environment variable."_s, u"VAR"_s);
    const QCommandLineOption room(u"room"_s, u"Room to join (repeatable)."_s, u"ROOM"_s);
    const QCommandLineOption send(u"send"_s, u"Send TEXT to the first room, or ROOM:TEXT (repeatable)."_s,
                                  u"TEXT"_s);
    const QCommandLineOption sendEvery(u"send-every"_s, u"Send a numbered message every MS milliseconds."_s,
                                       u"MS"_s);
    const QCommandLineOption count(u"count"_s, u"How many messages --send-every sends."_s, u"N"_s);
    const QCommandLineOption expect(u"expect"_s, u"Wait until a received message matches (repeatable)."_s,
                                    u"REGEX"_s);
    const QCommandLineOption duration(u"duration"_s, u"Stay connected this long before leaving."_s,
                                      u"SECONDS"_s);
    const QCommandLineOption timeout(u"timeout"_s, u"Give up after this long (default 30)."_s, u"SECONDS"_s);
    const QCommandLineOption transport(
        u"transport"_s,
        u"Where the token goes: subprotocol, subprotocol-pair, header or query (Channels); "
        "auth, header or query (Socket.IO; default auth)."_s,
        u"KIND"_s);
    const QCommandLineOption protocol(u"protocol"_s, u"channels (default) or socketio."_s, u"NAME"_s);
    const QCommandLineOption socketIoPath(u"socketio-path"_s, u"Socket.IO path (default /socket.io/)."_s,
                                          u"PATH"_s);
    const QCommandLineOption nameSpace(u"namespace"_s,
                                       u"Socket.IO namespace rooms are joined in (default /)."_s, u"NS"_s);
    const QCommandLineOption roomPerNamespace(
        u"room-per-namespace"_s, u"Socket.IO: each room is a namespace (/lobby), not a joined room."_s);
    const QCommandLineOption eio(
        u"eio"_s, u"Engine.IO version: 4 (socket.io 3/4, default) or 3 (socket.io 2)."_s, u"3|4"_s);
    const QCommandLineOption loginPath(
        u"login-path"_s, u"Token endpoint path (default /api/token/, Socket.IO /login)."_s, u"PATH"_s);
    const QCommandLineOption wsUrl(
        u"ws-url"_s,
        u"WebSocket base URL, when not derived from --server; repeat it for servers tried in turn."_s,
        u"URL"_s);
    const QCommandLineOption caFile(u"ca-file"_s, u"Also trust the CA certificates in this PEM file."_s,
                                    u"PEM"_s);
    // What TlsPolicy::pinnedExceptions does: an exception added to the CAs, not a restriction.
    const QCommandLineOption pin(
        u"pin-sha256"_s,
        u"Also accept the server certificate whose public key has this base64 SHA-256 hash when no CA "
        "vouches for it (self-signed); its host name and dates are still checked. Certificates from "
        "trusted CAs stay accepted whatever their key: this is not a restriction."_s,
        u"BASE64"_s);
    const QCommandLineOption insecure(u"allow-insecure"_s,
                                      u"Allow plain http/ws to a host that is not local."_s);
    const QCommandLineOption origin(u"origin"_s, u"Origin header to send instead of the server's."_s,
                                    u"ORIGIN"_s);
    const QCommandLineOption logProtocol(
        u"log-protocol"_s, u"Write every frame and HTTP exchange (redacted) here."_s, u"FILE"_s);
    const QCommandLineOption noMakeBeforeBreak(
        u"no-make-before-break"_s,
        u"Do not replace a room's connection before its access token expires (for servers that never "
        "close on expiry); the server's 4001 then ends it, and unechoed messages are reconciled."_s);
    parser.addOptions({server,
                       user,
                       passwordStdin,
                       passwordEnv,
                       room,
                       send,
                       sendEvery,
                       count,
                       expect,
                       duration,
                       timeout,
                       transport,
                       wsUrl,
                       caFile,
                       pin,
                       insecure,
                       origin,
                       logProtocol,
                       noMakeBeforeBreak,
                       protocol,
                       socketIoPath,
                       nameSpace,
                       roomPerNamespace,
                       eio,
                       loginPath});
    parser.process(arguments);

    auto fail = [error](const QString &why) {
        *error = why;
        return std::nullopt;
    };
    if (!parser.positionalArguments().isEmpty())
        return fail(u"unexpected argument %1 (the password never goes on the command line)"_s.arg(
            parser.positionalArguments().first()));
    CliOptions options;
    const QString protocolName = parser.value(protocol);
    if (!protocolName.isEmpty() && protocolName != "channels"_L1 && protocolName != "socketio"_L1)
        return fail(u"--protocol must be channels or socketio"_s);
    const bool socketIo = protocolName == "socketio"_L1;
    if (socketIo)
        options.profile = ServerProfile::socketIoDefaults(QUrl::fromUserInput(parser.value(server)));
    options.profile.baseUrl = QUrl::fromUserInput(parser.value(server));
    options.profile.name = options.profile.baseUrl.host();
    options.user = parser.value(user);
    options.rooms = parser.values(room);
    if (!parser.isSet(server) || options.user.isEmpty() || options.rooms.isEmpty())
        return fail(u"--server, --user and at least one --room are required"_s);
    if (parser.isSet(passwordStdin) && parser.isSet(passwordEnv))
        return fail(u"use either --password-stdin or --password-env"_s);
    if (parser.isSet(passwordStdin))
        options.passwordSource = CliOptions::PasswordSource::Stdin;
    if (parser.isSet(passwordEnv)) {
        options.passwordSource = CliOptions::PasswordSource::Environment;
        options.passwordVariable = parser.value(passwordEnv);
    }
    for (const QString &value : parser.values(send)) {
        const qsizetype colon = value.indexOf(u':');
        if (colon > 0 && options.rooms.contains(value.left(colon)))
            options.sends.append({value.left(colon), value.mid(colon + 1)});
        else
            options.sends.append({options.rooms.first(), value});
    }
    bool ok = true;
    if (parser.isSet(sendEvery)) {
        options.sendEveryMs = parser.value(sendEvery).toInt(&ok);
        options.sendCount = ok ? parser.value(count).toInt(&ok) : 0;
        if (!ok || options.sendEveryMs < 1 || options.sendCount < 1)
            return fail(u"--send-every MS needs --count N, both positive numbers"_s);
    }
    options.expects = parser.values(expect);
    for (const QString &pattern : std::as_const(options.expects)) {
        if (const QRegularExpression re(pattern); !re.isValid())
            return fail(u"--expect %1: %2"_s.arg(pattern, re.errorString()));
    }
    if (parser.isSet(duration) && ((options.durationSeconds = parser.value(duration).toDouble(&ok)),
                                   !ok || options.durationSeconds < 0))
        return fail(u"--duration needs a number of seconds"_s);
    if (parser.isSet(timeout) &&
        ((options.timeoutSeconds = parser.value(timeout).toDouble(&ok)), !ok || options.timeoutSeconds <= 0))
        return fail(u"--timeout needs a positive number of seconds"_s);
    if (options.durationSeconds >= options.timeoutSeconds && parser.isSet(duration) && !parser.isSet(timeout))
        options.timeoutSeconds = options.durationSeconds + 30;

    const QString kind = parser.value(transport);
    static const QHash<QString, TokenTransport> channelsTransports{
        {u"subprotocol"_s, TokenTransport::Subprotocol},
        {u"subprotocol-pair"_s, TokenTransport::SubprotocolPair},
        {u"header"_s, TokenTransport::Header},
        {u"query"_s, TokenTransport::Query}};
    static const QHash<QString, TokenTransport> socketIoTransports{{u"auth"_s, TokenTransport::AuthPayload},
                                                                   {u"header"_s, TokenTransport::Header},
                                                                   {u"query"_s, TokenTransport::Query}};
    const auto &transports = socketIo ? socketIoTransports : channelsTransports;
    if (!kind.isEmpty() && !transports.contains(kind))
        return fail(socketIo ? u"--transport must be auth, header or query for Socket.IO"_s
                             : u"--transport must be subprotocol, subprotocol-pair, header or query"_s);
    options.profile.transport = transports.value(kind, options.profile.transport);
    if (!socketIo && (parser.isSet(socketIoPath) || parser.isSet(nameSpace) || parser.isSet(eio) ||
                      parser.isSet(roomPerNamespace)))
        return fail(
            u"--socketio-path, --namespace, --eio and --room-per-namespace need --protocol socketio"_s);
    if (parser.isSet(socketIoPath))
        options.profile.socketIo.path = parser.value(socketIoPath);
    if (parser.isSet(nameSpace))
        options.profile.socketIo.nameSpace = parser.value(nameSpace);
    options.profile.socketIo.roomPerNamespace = parser.isSet(roomPerNamespace);
    if (parser.isSet(eio)) {
        options.profile.socketIo.engineIoVersion = parser.value(eio).toInt(&ok);
        if (!ok)
            return fail(u"--eio must be 3 or 4"_s);
    }
    if (parser.isSet(loginPath))
        options.profile.tokenPath = parser.value(loginPath);
    const QStringList wsUrls = parser.values(wsUrl); // repeatable: tried in turn when one is down
    for (qsizetype i = 0; i < wsUrls.size(); ++i) {
        if (i == 0)
            options.profile.webSocketUrl = QUrl(wsUrls[i]);
        else
            options.profile.alternateWebSocketUrls.append(QUrl(wsUrls[i]));
    }
    options.profile.caFile = parser.value(caFile);
    options.profile.pinSha256 = parser.value(pin).toLatin1();
    options.profile.allowInsecure = parser.isSet(insecure);
    options.profile.originOverride = parser.value(origin);
    if (parser.isSet(noMakeBeforeBreak)) // else the protocol's default (off for Socket.IO)
        options.profile.makeBeforeBreak = false;
    options.protocolLogFile = parser.value(logProtocol);
    if (const QString problem = options.profile.validate(); !problem.isEmpty())
        return fail(problem);
    if (options.profile.transport == TokenTransport::Query)
        options.warnings << u"--transport query puts the access token in the URL, where the server's "
                            "access logs keep it"_s;
    if (const QStringList hosts = options.profile.otherWebSocketHosts(); !hosts.isEmpty())
        options.warnings << u"the access token is also sent to %1, not only to the sign-in server %2"_s.arg(
            hosts.join(u", "_s), options.profile.baseUrl.host());
    for (const QString &name : std::as_const(options.rooms)) {
        if (const QString problem = ServerProfile::checkRoomName(name); !problem.isEmpty())
            return fail(u"--room %1: %2"_s.arg(name, problem));
    }
    return options;
}
