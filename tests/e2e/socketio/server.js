#!/usr/bin/env node
/*
 * A real Socket.IO 4 chat server for QtChat's end-to-end tests, on the npm packages socket.io and
 * jsonwebtoken (pinned by package.json + package-lock.json; `npm ci --prefix tests/e2e/socketio`,
 * which ./test.sh runs). It follows the socket.io guide "How to use with JSON Web Tokens"
 * (https://socket.io/how-to/use-with-jwt) without express or passport: POST /login hands out an
 * HS256 token, and either a middleware on every namespace or an Engine.IO middleware checks it.
 *
 *   node server.js [options]
 *
 *   --host HOST             listen address (default 127.0.0.1)
 *   --port N                port (default 0: a free one)
 *   --auth namespace|engine where the token is checked (default namespace):
 *                           namespace: a middleware on every namespace (ns.use()); a refusal is a
 *                             CONNECT_ERROR and the Engine.IO socket stays open, so a new CONNECT
 *                             with a fresh token on the same socket works;
 *                           engine: io.engine.use() at the handshake; a refusal is an HTTP 401
 *                             (empty body, also for a WebSocket upgrade); the CONNECT payload is
 *                             not looked at, the token must be in the header or the query.
 *   --token-ttl SECONDS     token lifetime (default 3600; 0: tokens without exp)
 *   --user NAME:PASS        one more user (repeatable); alice/alice-pass (id 1) and bob/bob-pass
 *                           (id 2) always exist, added users get ids 3, 4, ...
 *   --no-eio3               refuse Engine.IO 3 clients (default: allowEIO3, socket.io 2.x clients work),
 *                           as a socket.io 4 server does: polling gets 400 {"code":5,"message":
 *                           "Unsupported protocol version"}; a WebSocket gets 101, then those HTTP
 *                           400 bytes as raw data (a frame error) and the TCP close
 *   --history-size N        messages replayed on join (default 50)
 *   --history-without-extras  replayed messages carry no id and no client_id
 *   --no-client-id          a server that does not help: no de-duplication, broadcasts without
 *                           client_id, acks without id
 *   --refuse-room NAME      `join` of this room answers {"ok":false,...} (repeatable)
 *   --refuse-namespace NAME the middleware of this namespace refuses every CONNECT (repeatable)
 *   --namespace NAME        one more one-room namespace besides /lobby and /random (repeatable)
 *   --broadcast-delay-ms N  store and ack at once, broadcast N ms later (default 0)
 *   --expire-sockets        disconnect (41) a namespace socket the moment its token expires
 *                           (default: a connected socket outlives its token, as in the guide)
 *   --ping-interval MS, --ping-timeout MS   Engine.IO heartbeat (defaults 25000, 20000)
 *   --stop-on-stdin-eof     stop when stdin closes (how a test's QProcess ends it)
 *
 * Stdout, like run_server.py: the first line is the base URL, http://127.0.0.1:PORT, printed once
 * the server accepts connections; then one answer line per stdin command. Logs go to stderr and
 * never contain a token or a password. Stdin commands (one a line):
 *   restart 0 [MS]   a crash and a start again: every TCP connection cut without a close frame or
 *                    packet, the port closed (for MS ms, default 0), then listening again on the
 *                    same port; users, the secret (so every token issued), history and ids stay.
 *                    Answers "restarted 0" (or "restart failed N" for another N: one process).
 *   kill 0           the same cut and close, not listening again until "restart 0"; "killed 0".
 *   disconnect NAME  a server-side disconnect (41) of every socket in room NAME of "/", or of
 *                    every socket of namespace NAME when NAME starts with "/" and is one;
 *                    answers "disconnected NAME".
 *   quit             stops (exit 0). So do SIGINT and SIGTERM.
 *
 * HTTP: POST /login {"username","password"} -> 200 {"token": "<jwt>"}, claims
 * {"data":{"id","username"},"iat","exp","aud":"qtchat-e2e","iss":"qtchat-e2e-socketio","jti"};
 * 401 with an empty body on bad credentials, 400 (empty) on a body that is not such JSON.
 * GET /self with Authorization: Bearer -> 200 {"id","username"} or 401 (as the guide). No refresh.
 *
 * Socket.IO at /socket.io/ (EIO=4, and EIO=3 unless --no-eio3; WebSocket and polling). The token
 * is taken from, first found: the CONNECT auth payload {"token"} (EIO 3: the namespace query,
 * 40/lobby?token=...,), the handshake's Authorization: Bearer header, its ?token= query. An
 * EIO 3 client is put in "/" without a CONNECT packet: that uses the header or query. A refusal
 * (missing, bad or expired token) is CONNECT_ERROR {"message":"invalid token","data":{"message":
 * "invalid token","code":"credentials_required"|"invalid_token"|"token_expired","type":
 * "UnauthorizedError","reason":"jwt expired"...}} (EIO 3: 44 with the data object only).
 *
 * Namespace "/": rooms by events, every event with an ack callback (all optional):
 *   join {room}        history first: the room's last --history-size messages as "message"
 *                      events, oldest first, then the ack {"ok":true}; refused: {"ok":false,
 *                      "error":"..."} (--refuse-room, personal rooms "user:<id>", bad names)
 *   leave {room}       ack {"ok":true}
 *   message {room, text, client_id}   only in a joined room; ack {"ok":true,"id":<n>} (without id
 *                      under --no-client-id), then to the whole room, sender included, "message"
 *                      {room, text, user, created_at (ISO 8601 UTC, ms), id, client_id}. A client_id
 *                      this user already sent in this room is not stored again: the ack gives the
 *                      first id (with "duplicate":true) and the stored message goes to the sender
 *                      only.
 *   whoami             ack {"id","username"}
 * Every socket is also in its personal room "user:<id>", as in the guide.
 * Namespaces /lobby, /random (and --namespace ones): one room each. CONNECT, get the history as
 * "message" events, send "message" {text, client_id}, receive "message" {text, user, created_at,
 * id, client_id}; acks as above. Ids count up across all rooms and namespaces.
 */
"use strict";

const crypto = require("node:crypto");
const http = require("node:http");
const readline = require("node:readline");
const jwt = require("jsonwebtoken");
const { Server } = require("socket.io");

const AUDIENCE = "qtchat-e2e";
const ISSUER = "qtchat-e2e-socketio";
const MAX_BODY = 64 * 1024;
const MAX_ROOM = 200;
const MAX_CLIENT_ID = 100;

function log(...words) {
    process.stderr.write(`socketio-server: ${words.join(" ")}\n`);
}

function fail(message) {
    log(`error: ${message}`);
    process.exit(2);
}

function parseArguments(argv) {
    const options = {
        host: "127.0.0.1",
        port: 0,
        auth: "namespace",
        tokenTtl: 3600,
        users: new Map([
            ["alice", { id: 1, password: "alice-pass" }],
            ["bob", { id: 2, password: "bob-pass" }],
        ]),
        eio3: true,
        historySize: 50,
        historyExtras: true,
        clientIds: true,
        refusedRooms: new Set(),
        refusedNamespaces: new Set(),
        namespaces: ["/lobby", "/random"],
        broadcastDelayMs: 0,
        expireSockets: false,
        pingInterval: 25000,
        pingTimeout: 20000,
        stopOnStdinEof: false,
    };
    const namespaceName = (name) => (name.startsWith("/") ? name : "/" + name);
    for (let i = 0; i < argv.length; ++i) {
        const option = argv[i];
        const value = () => {
            if (i + 1 >= argv.length) fail(`${option} needs a value`);
            return argv[++i];
        };
        const number = (min) => {
            const text = value();
            const n = Number(text);
            if (!/^\d+$/.test(text) || n < min) fail(`${option} takes a whole number >= ${min}, not "${text}"`);
            return n;
        };
        switch (option) {
            case "--host": options.host = value(); break;
            case "--port": options.port = number(0); break;
            case "--auth":
                options.auth = value();
                if (options.auth !== "namespace" && options.auth !== "engine") fail("--auth takes namespace or engine");
                break;
            case "--token-ttl": options.tokenTtl = number(0); break;
            case "--user": {
                const text = value();
                const colon = text.indexOf(":");
                if (colon <= 0) fail("--user takes NAME:PASS");
                const name = text.slice(0, colon);
                const existing = options.users.get(name);
                options.users.set(name, {
                    id: existing ? existing.id : options.users.size + 1,
                    password: text.slice(colon + 1),
                });
                break;
            }
            case "--no-eio3": options.eio3 = false; break;
            case "--history-size": options.historySize = number(0); break;
            case "--history-without-extras": options.historyExtras = false; break;
            case "--no-client-id": options.clientIds = false; break;
            case "--refuse-room": options.refusedRooms.add(value()); break;
            case "--refuse-namespace": {
                const name = namespaceName(value());
                options.refusedNamespaces.add(name);
                if (!options.namespaces.includes(name)) options.namespaces.push(name);
                break;
            }
            case "--namespace": {
                const name = namespaceName(value());
                if (name === "/") fail("--namespace: / is the namespace of rooms");
                if (!options.namespaces.includes(name)) options.namespaces.push(name);
                break;
            }
            case "--broadcast-delay-ms": options.broadcastDelayMs = number(0); break;
            case "--expire-sockets": options.expireSockets = true; break;
            case "--ping-interval": options.pingInterval = number(1); break;
            case "--ping-timeout": options.pingTimeout = number(1); break;
            case "--stop-on-stdin-eof": options.stopOnStdinEof = true; break;
            case "-h":
            case "--help":
                process.stdout.write("usage: node server.js [options]; see the comment at the top of server.js\n");
                process.exit(0);
                break;
            default: fail(`unknown option ${option} (see the comment at the top of server.js)`);
        }
    }
    return options;
}

const options = parseArguments(process.argv.slice(2));
const secret = crypto.randomBytes(32); // per process: a "restart" keeps every issued token valid

// --- tokens ---------------------------------------------------------------------------------------

function sameText(a, b) {
    const digest = (text) => crypto.createHash("sha256").update(String(text)).digest();
    return crypto.timingSafeEqual(digest(a), digest(b));
}

function issueToken(name, user) {
    // jti: two sign-ins within one second (iat is whole seconds) still give two different tokens.
    const signOptions = { algorithm: "HS256", audience: AUDIENCE, issuer: ISSUER, jwtid: crypto.randomUUID() };
    if (options.tokenTtl > 0) signOptions.expiresIn = options.tokenTtl;
    return jwt.sign({ data: { id: user.id, username: name } }, secret, signOptions);
}

class TokenError extends Error {
    constructor(code, reason) {
        super("invalid token");
        this.data = { message: "invalid token", code, type: "UnauthorizedError", reason };
    }
}

// The user ({id, username, exp}) of a token, or a TokenError. jsonwebtoken's messages ("jwt
// expired", "invalid signature", "jwt malformed"...) never quote the token.
function verifyToken(token) {
    if (typeof token !== "string" || token === "") throw new TokenError("credentials_required", "no token");
    let claims;
    try {
        claims = jwt.verify(token, secret, { algorithms: ["HS256"], audience: AUDIENCE, issuer: ISSUER });
    } catch (error) {
        const expired = error instanceof jwt.TokenExpiredError;
        throw new TokenError(expired ? "token_expired" : "invalid_token", error.message);
    }
    const data = claims.data || {};
    if (!Number.isInteger(data.id) || typeof data.username !== "string")
        throw new TokenError("invalid_token", "no user in the token");
    return { id: data.id, username: data.username, exp: claims.exp };
}

function bearerToken(headers) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization || "");
    return match ? match[1] : undefined;
}

function handshakeToken(req) {
    const header = bearerToken(req.headers);
    if (header) return { token: header, from: "header" };
    const query = new URL(req.url, "http://localhost").searchParams.get("token");
    if (query) return { token: query, from: "query" };
    return { token: undefined, from: "handshake (none there either)" };
}

// --- HTTP: /login, /self --------------------------------------------------------------------------

function answer(res, status, body) {
    const text = body === undefined ? "" : JSON.stringify(body);
    const headers = { "Content-Length": Buffer.byteLength(text), "Cache-Control": "no-store" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    res.writeHead(status, headers);
    res.end(text);
}

function login(req, res) {
    const chunks = [];
    let size = 0;
    req.on("data", (chunk) => {
        size += chunk.length;
        if (size > MAX_BODY) {
            answer(res, 413);
            req.destroy();
            return;
        }
        chunks.push(chunk);
    });
    req.on("end", () => {
        if (size > MAX_BODY) return;
        let body;
        try {
            body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        } catch {
            body = null;
        }
        if (!body || typeof body.username !== "string" || typeof body.password !== "string") {
            log("login: 400, not a JSON object with a username and a password");
            answer(res, 400);
            return;
        }
        const user = options.users.get(body.username);
        if (!user || !sameText(user.password, body.password)) {
            log(`login: 401 for ${JSON.stringify(body.username)}`);
            answer(res, 401);
            return;
        }
        log(`login: token for ${body.username}`);
        answer(res, 200, { token: issueToken(body.username, user) });
    });
}

function onHttpRequest(req, res) {
    const path = new URL(req.url, "http://localhost").pathname;
    if (path === "/login") {
        if (req.method !== "POST") return answer(res, 405);
        return login(req, res);
    }
    if (path === "/self" && req.method === "GET") {
        try {
            const user = verifyToken(bearerToken(req.headers));
            return answer(res, 200, { id: user.id, username: user.username });
        } catch {
            return answer(res, 401);
        }
    }
    answer(res, 404);
}

const httpServer = http.createServer(onHttpRequest);
const connections = new Set();
httpServer.on("connection", (socket) => {
    connections.add(socket);
    socket.on("close", () => connections.delete(socket));
});

// --- Socket.IO ------------------------------------------------------------------------------------

const io = new Server(httpServer, {
    serveClient: false,
    allowEIO3: options.eio3,
    pingInterval: options.pingInterval,
    pingTimeout: options.pingTimeout,
});

io.engine.on("connection_error", (error) => {
    log(`engine refused a request: ${error.code} ${error.message}`);
});

if (options.auth === "engine") {
    // The guide's io.engine.use(): only the handshake (no sid yet) is checked.
    io.engine.use((req, res, next) => {
        if (req._query.sid !== undefined) return next();
        const { token, from } = handshakeToken(req);
        try {
            req.user = verifyToken(token);
            log(`handshake of ${req.user.username} (EIO ${req._query.EIO || "3"}, token from the ${from})`);
            return next();
        } catch (error) {
            log(`handshake refused with 401: ${error.data.code} (${error.data.reason}), token from the ${from}`);
        }
        const headers = 'WWW-Authenticate: Bearer error="invalid_token"';
        if (res instanceof http.ServerResponse) {
            res.writeHead(401, { "WWW-Authenticate": 'Bearer error="invalid_token"', "Content-Length": 0 });
            res.end();
        } else {
            // A WebSocket upgrade: Engine.IO's stand-in response would only drop the socket.
            req.socket.end(`HTTP/1.1 401 Unauthorized\r\n${headers}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
        }
    });
}

// The namespace middleware: every namespace, every CONNECT (the guide's io.use(), on all of them).
function authenticate(socket, next) {
    if (options.auth === "engine") {
        socket.data.user = socket.request.user;
    } else {
        const auth = socket.handshake.auth || {};
        let found = { token: auth.token, from: "CONNECT payload" };
        if (auth.token === undefined) found = handshakeToken(socket.request);
        try {
            socket.data.user = verifyToken(found.token);
        } catch (error) {
            log(`CONNECT to ${socket.nsp.name} refused: ${error.data.code} (${error.data.reason}),`,
                `token from the ${found.from}, EIO ${socket.conn.protocol}`);
            return next(error);
        }
    }
    if (options.refusedNamespaces.has(socket.nsp.name)) {
        log(`CONNECT of ${socket.data.user.username} to ${socket.nsp.name} refused (--refuse-namespace)`);
        const error = new Error("namespace refused");
        error.data = { message: "namespace refused", code: "forbidden" };
        return next(error);
    }
    next();
}

// Messages of every room and namespace; ids count up across all of them.
let lastId = 0;
const histories = new Map(); // channel -> [stored message], the last --history-size
const byClientId = new Map(); // channel \0 user \0 client_id -> stored message

function frameOf(stored, room, extras) {
    const frame = {};
    if (room !== undefined) frame.room = room;
    frame.text = stored.text;
    frame.user = stored.user;
    frame.created_at = stored.created_at;
    if (extras) {
        frame.id = stored.id;
        if (options.clientIds) frame.client_id = stored.client_id;
    }
    return frame;
}

function sendHistory(socket, channel, room) {
    for (const stored of histories.get(channel) || [])
        socket.emit("message", frameOf(stored, room, options.historyExtras));
}

// Stores and broadcasts one message; the ack's answer.
function post(socket, channel, room, target, payload) {
    const text = payload.text;
    if (typeof text !== "string" || text.trim() === "") return { ok: false, error: "text must be a non-empty string" };
    const user = socket.data.user.username;
    const clientId = typeof payload.client_id === "string" ? payload.client_id.slice(0, MAX_CLIENT_ID) : "";
    const key = `${channel}\0${user}\0${clientId}`;
    if (options.clientIds && clientId !== "" && byClientId.has(key)) {
        const stored = byClientId.get(key);
        log(`${user}: a resent client_id in ${channel}, answered with id ${stored.id}`);
        setImmediate(() => socket.emit("message", frameOf(stored, room, true))); // the sender's only, after the ack
        return { ok: true, id: stored.id, duplicate: true };
    }
    const stored = {
        id: ++lastId,
        text,
        user,
        created_at: new Date().toISOString(),
        client_id: options.clientIds ? clientId : "",
    };
    if (options.clientIds && clientId !== "") byClientId.set(key, stored);
    const history = histories.get(channel) || [];
    history.push(stored);
    if (history.length > options.historySize) history.splice(0, history.length - options.historySize);
    histories.set(channel, history);
    const broadcast = () => target.emit("message", frameOf(stored, room, true));
    if (options.broadcastDelayMs > 0) setTimeout(broadcast, options.broadcastDelayMs);
    else setImmediate(broadcast); // after the ack
    return options.clientIds ? { ok: true, id: stored.id } : { ok: true };
}

// socket.on(event, handler) with the payload and an ack that may be missing.
function handle(socket, event, handler) {
    socket.on(event, (...args) => {
        const ack = typeof args[args.length - 1] === "function" ? args.pop() : () => {};
        const payload = args[0] !== null && typeof args[0] === "object" ? args[0] : {};
        ack(handler(payload));
    });
}

function roomName(payload) {
    const room = payload.room;
    if (typeof room !== "string" || room === "" || room.length > MAX_ROOM)
        return { error: `room must be a string of 1 to ${MAX_ROOM} characters` };
    return { room };
}

function onConnection(socket) {
    const user = socket.data.user;
    const nsp = socket.nsp.name;
    log(`${user.username} connected to ${nsp} (EIO ${socket.conn.protocol}, ${socket.conn.transport.name})`);
    socket.join(`user:${user.id}`);
    if (options.expireSockets && user.exp !== undefined) {
        const timer = setTimeout(() => {
            log(`token of ${user.username} expired: disconnecting it from ${nsp}`);
            socket.disconnect();
        }, Math.min(2 ** 31 - 1, Math.max(0, user.exp * 1000 - Date.now())));
        socket.on("disconnect", () => clearTimeout(timer));
    }
    socket.on("disconnect", (reason) => log(`${user.username} left ${nsp}: ${reason}`));
    handle(socket, "whoami", () => ({ id: user.id, username: user.username }));

    if (nsp !== "/") {
        sendHistory(socket, nsp);
        handle(socket, "message", (payload) => post(socket, nsp, undefined, socket.nsp, payload));
        return;
    }
    handle(socket, "join", (payload) => {
        const { room, error } = roomName(payload);
        if (error) return { ok: false, error };
        if (room.startsWith("user:")) return { ok: false, error: "personal rooms cannot be joined" };
        if (options.refusedRooms.has(room)) {
            log(`${user.username} refused room ${JSON.stringify(room)} (--refuse-room)`);
            return { ok: false, error: "room refused" };
        }
        socket.join(room);
        sendHistory(socket, "room:" + room, room);
        log(`${user.username} joined ${JSON.stringify(room)}`);
        return { ok: true };
    });
    handle(socket, "leave", (payload) => {
        const { room, error } = roomName(payload);
        if (error) return { ok: false, error };
        socket.leave(room);
        return { ok: true };
    });
    handle(socket, "message", (payload) => {
        const { room, error } = roomName(payload);
        if (error) return { ok: false, error };
        if (!socket.rooms.has(room) || room.startsWith("user:")) return { ok: false, error: "join the room first" };
        return post(socket, "room:" + room, room, io.to(room), payload);
    });
}

for (const name of ["/", ...options.namespaces]) {
    const namespace = io.of(name);
    namespace.use(authenticate);
    namespace.on("connection", onConnection);
}

// --- listening, restarts, stdin -------------------------------------------------------------------

let port = options.port;

function listen(done) {
    const onError = (error) => done(error);
    httpServer.once("error", onError);
    httpServer.listen(port, options.host, () => {
        httpServer.removeListener("error", onError);
        port = httpServer.address().port;
        done();
    });
}

// A crash as far as clients can tell: every TCP connection cut (no close frame, no packet), the
// port closed. Engine.IO then drops its clients, so Socket.IO forgets their sockets and rooms.
function stopListening(done) {
    for (const socket of connections) socket.destroy();
    connections.clear();
    if (!httpServer.listening) return done();
    httpServer.close(() => done());
}

function say(line) {
    process.stdout.write(line + "\n");
}

let busy = Promise.resolve(); // commands run one after the other

function obey(line) {
    const words = line.trim().split(/\s+/);
    const command = words[0];
    if (command === "" || command === undefined) return;
    if (command === "quit") return shutdown(0);
    if ((command === "restart" || command === "kill") && /^\d+$/.test(words[1] || "")) {
        const n = Number(words[1]);
        const downMs = /^\d+$/.test(words[2] || "") ? Number(words[2]) : 0;
        busy = busy.then(() => new Promise((resolve) => {
            if (n !== 0) {
                say(`${command} failed ${n}`);
                return resolve();
            }
            stopListening(() => {
                if (command === "kill") {
                    log("killed: not listening until restart 0");
                    say("killed 0");
                    return resolve();
                }
                setTimeout(() => listen((error) => {
                    if (error) {
                        log(`restart failed: ${error.message}`);
                        say("restart failed 0");
                    } else {
                        log(`restarted on port ${port} after ${downMs} ms down`);
                        say("restarted 0");
                    }
                    resolve();
                }), downMs);
            });
        }));
        return;
    }
    if (command === "disconnect" && words.length >= 2) {
        const name = line.trim().slice("disconnect".length).trim();
        busy = busy.then(async () => {
            const target = name.startsWith("/") && io._nsps.has(name) ? io.of(name) : io.of("/").in(name);
            const count = (await target.fetchSockets()).length;
            target.disconnectSockets();
            log(`disconnected ${count} socket(s) from ${name}`);
            say(`disconnected ${name}`);
        });
        return;
    }
    log(`unknown command ${JSON.stringify(line.trim())} (restart 0 [MS], kill 0, disconnect NAME, quit)`);
}

let stopping = false;

function shutdown(code) {
    if (stopping) return;
    stopping = true;
    for (const socket of connections) socket.destroy();
    io.close();
    setImmediate(() => process.exit(code));
}

process.on("SIGINT", () => shutdown(0));
process.on("SIGTERM", () => shutdown(0));

listen((error) => {
    if (error) fail(`cannot listen on ${options.host}:${port}: ${error.message}`);
    log(`listening on ${options.host}:${port}: auth ${options.auth}, token ttl ${options.tokenTtl} s,`,
        `EIO 3 ${options.eio3 ? "allowed" : "refused"}, namespaces / ${options.namespaces.join(" ")}`);
    say(`http://${options.host}:${port}`);
    const input = readline.createInterface({ input: process.stdin, terminal: false });
    input.on("line", obey);
    input.on("close", () => {
        if (options.stopOnStdinEof) shutdown(0);
    });
});
