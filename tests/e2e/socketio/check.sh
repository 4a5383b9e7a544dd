#!/usr/bin/env bash
# Smoke check of server.js with raw Engine.IO/Socket.IO frames (only node and the packages of
# `npm ci --prefix tests/e2e/socketio`): login, a refused CONNECT and a fresh one on the same
# socket, join, message with ack and echo, an EIO 3 open, a restart, the 401 of --auth engine.
#   tests/e2e/socketio/check.sh        prints one line per check, exit 0 when all pass
set -euo pipefail
cd "$(dirname "$0")"
command -v node >/dev/null || { echo "check.sh: node is missing" >&2; exit 2; }
[ -d node_modules/socket.io ] || { echo "check.sh: run npm ci --prefix $(pwd) first" >&2; exit 2; }
exec node - <<'EOF'
"use strict";
const { spawn } = require("node:child_process");
const readline = require("node:readline");
const WebSocket = require(require.resolve("ws", { paths: [process.cwd()] }));

let failed = 0;
function check(ok, what) {
    console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
    if (!ok) failed++;
}

function start(args) {
    const server = spawn(process.execPath, ["server.js", "--stop-on-stdin-eof", ...args],
                         { stdio: ["pipe", "pipe", "inherit"] });
    const lines = readline.createInterface({ input: server.stdout });
    const waiting = [];
    lines.on("line", (line) => waiting.length && waiting.shift()(line));
    server.nextLine = () => new Promise((resolve) => waiting.push(resolve));
    server.tell = (command) => { const line = server.nextLine(); server.stdin.write(command + "\n"); return line; };
    return server;
}

// A raw socket: next() is the next text frame (pings answered), opened is "open" or "http <status>".
function connect(url, headers = {}) {
    const ws = new WebSocket(url, { headers });
    const frames = [];
    const waiting = [];
    ws.on("message", (data) => {
        const text = data.toString();
        if (text === "2") return ws.send("3");
        if (waiting.length) waiting.shift()(text); else frames.push(text);
    });
    ws.on("error", () => {});
    ws.next = () => new Promise((resolve, reject) => {
        if (frames.length) return resolve(frames.shift());
        const timer = setTimeout(() => reject(new Error("no frame within 5 s")), 5000);
        waiting.push((text) => { clearTimeout(timer); resolve(text); });
    });
    ws.opened = new Promise((resolve) => {
        ws.on("open", () => resolve("open"));
        ws.on("unexpected-response", (request, response) => resolve(`http ${response.statusCode}`));
    });
    ws.closed = new Promise((resolve) => ws.on("close", resolve));
    return ws;
}

async function login(base, username, password) {
    const response = await fetch(base + "/login", { method: "POST", body: JSON.stringify({ username, password }) });
    const body = await response.text();
    return { status: response.status, body, token: response.status === 200 ? JSON.parse(body).token : "" };
}

(async () => {
    let server = start([]);
    let base = await server.nextLine();
    check(/^http:\/\/127\.0\.0\.1:\d+$/.test(base), "first stdout line is the base URL");
    const sio = (query) => base.replace(/^http/, "ws") + "/socket.io/?" + query;
    const wrong = await login(base, "alice", "wrong");
    check(wrong.status === 401 && wrong.body === "", "bad credentials: 401, empty body");
    const { token } = await login(base, "alice", "alice-pass");
    check(token.split(".").length === 3, "alice gets a token");

    let ws = connect(sio("EIO=4&transport=websocket"));
    check((await ws.next()).startsWith('0{"sid":'), "EIO 4 open packet");
    ws.send('40{"token":"not.a.jwt"}');
    check((await ws.next()).startsWith('44{"message":"invalid token","data":{'), "bad token: CONNECT_ERROR");
    ws.send(`40{"token":"${token}"}`);
    check((await ws.next()).startsWith('40{"sid":'), "a fresh CONNECT on the same socket");
    ws.send('420["join",{"room":"smoke"}]');
    check((await ws.next()) === '430[{"ok":true}]', "join ack");
    ws.send('421["message",{"room":"smoke","text":"hi","client_id":"c1"}]');
    check((await ws.next()) === '431[{"ok":true,"id":1}]', "message ack with id");
    const echo = JSON.parse((await ws.next()).slice(2));
    check(echo[0] === "message" && echo[1].text === "hi" && echo[1].user === "alice" && echo[1].client_id === "c1",
          "echo to the sender");

    const v3 = connect(sio(`EIO=3&transport=websocket&token=${token}`));
    check((await v3.next()).startsWith('0{"sid":') && (await v3.next()) === "40", "EIO 3: open, then 40 without CONNECT");

    const answer = server.tell("restart 0");
    await Promise.all([ws.closed, v3.closed]);
    check((await answer) === "restarted 0", "restart 0 cuts the sockets and answers restarted 0");
    ws = connect(sio("EIO=4&transport=websocket"), { Authorization: `Bearer ${token}` });
    await ws.next();
    ws.send("40");
    check((await ws.next()).startsWith('40{"sid":'), "after the restart: the same token in the header");
    ws.send('420["join",{"room":"smoke"}]');
    check(JSON.parse((await ws.next()).slice(2))[1].text === "hi", "history replayed on join");
    ws.close();
    server.stdin.end();

    server = start(["--auth", "engine"]);
    base = await server.nextLine();
    check((await connect(sio("EIO=4&transport=websocket&token=bad")).opened) === "http 401", "--auth engine: 401");
    const good = (await login(base, "bob", "bob-pass")).token;
    ws = connect(sio(`EIO=4&transport=websocket&token=${good}`));
    await ws.next();
    ws.send("40");
    check((await ws.next()).startsWith('40{"sid":'), "--auth engine: ?token= accepted");
    ws.close();
    server.stdin.end();
    console.log(failed ? `${failed} check(s) failed` : "all checks passed");
    process.exit(failed ? 1 : 0);
})().catch((error) => {
    console.log(`FAIL ${error.message}`);
    process.exit(1);
});
EOF
