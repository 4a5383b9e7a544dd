#!/usr/bin/env bash
# Takes the README's screenshots of the real app under Xvfb: the sign-in dialog, a busy room,
# a room reconnecting, the dark palette, spoofed names, and a message the outbox file refused. Needs a build in build/ (ninja -C build).
#   xvfb-run -a -s "-screen 0 1280x800x24" docs/screenshots.sh
# ONLY=socketio takes just the Socket.IO pictures (section 7).
# Run it inside tests/with-keyring.sh to keep the "no keychain" notice out of the pictures.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-build}
out=docs
tmp=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    rm -rf "$tmp"
}
trap cleanup EXIT
# Settings and the outbox go to a throwaway home, so earlier runs do not leak in.
export XDG_CONFIG_HOME=$tmp/config XDG_DATA_HOME=$tmp/data XDG_CACHE_HOME=$tmp/cache
export LANG=en_US.UTF-8

"$build/tests/mock/qtchat-mock-server" --admin --users alice:alice-pass,bob:bob-pass,carol:carol-pass \
    >"$tmp/mock.out" 2>/dev/null &
pids+=($!)
for _ in $(seq 50); do [ -s "$tmp/mock.out" ] && break; sleep 0.1; done
url=$(head -1 "$tmp/mock.out")

say_as() { # say_as USER ROOM TEXT...
    local user=$1 room=$2
    shift 2
    local sends=()
    for text in "$@"; do sends+=(--send "$room:$text"); done
    PW=$user-pass "$build/app/qtchat-cli" --server "$url" --user "$user" --password-env PW --room "$room" \
        "${sends[@]}" >/dev/null
}
admin() { curl -s -X POST "$url/admin/$1" >/dev/null; }
shoot() { # shoot FILE: the screen, trimmed to the windows on it
    sleep 1.5
    import -window root "png:$tmp/shot.png"
    convert "$tmp/shot.png" -trim +repage "$out/$1"
    echo "wrote $out/$1"
}
start_app() {
    QTCHAT_PW=alice-pass "$build/app/qtchat" --server "$url" --user alice "$@" &
    app=$!
    pids+=($app)
}
stop_app() { kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true; }

if [ "${ONLY:-}" != socketio ]; then
# A conversation worth looking at.
say_as bob lobby "Morning! Is the staging deploy done?" "I see the new build on the dashboard"
say_as carol lobby "Yes, rolled out at 09:40. Migrations ran clean."
say_as alice lobby "Nice, thanks Carol!"
say_as bob lobby "Great. Can someone try the reconnect fix on a flaky network?" \
    "Tethering through my phone on the train works for me now - no duplicates after three tunnels"
say_as carol lobby "I'll run the soak test over lunch: 50 clients, a server restart every 5 minutes."
say_as bob random "Lunch at the ramen place?" "They have a new miso special"

# 1. Sign-in: no password given, so the dialog waits.
start_app
shoot signin.png
stop_app

# 2. A busy room: signed in, two rooms, unread messages waiting in #random.
start_app --password-env QTCHAT_PW --room random --room lobby
sleep 1.5
say_as carol random "Count me in" "12:15 at the door?"
say_as bob lobby "Soak test numbers from last night: 0 lost, 0 duplicated, p99 delivery 41 ms" \
    "The long-message case wraps nicely too: this line is deliberately long so that it has to wrap onto a second line in the chat view, as real messages often do."
shoot room.png

# 3. Reconnecting: the server drops the room and refuses the next handshakes for a while.
admin "reject?count=20&status=503"
admin "close?room=lobby&code=1011&reason=server%20error"
shoot reconnecting.png
stop_app
admin "reject?count=0&status=503"

# 4. Dark palette.
start_app --password-env QTCHAT_PW --room random --room lobby --dark
sleep 1.5
say_as carol random "Dark mode looks good on my laptop"
shoot dark.png
stop_app

# 5. Spoofed names (issue 13, item 5): the chat view's delegate draws the spoof cases offscreen,
# through the GUI test that checks them (no server or Xvfb needed for this one).
QT_QPA_PLATFORM=offscreen QTCHAT_SCREENSHOT="$PWD/$out/spoofed-names.png" \
    "$build/tests/gui/tst_spoofednames" screenshot >/dev/null
echo "wrote $out/spoofed-names.png"

# 6. A message that could not be saved (issue 13, item 3): the outbox file locked by another program
# (python3 holds an SQLite lock on it) while a message waits for the room to reconnect; drawn
# offscreen by the GUI test that checks it, against its own mock server.
QT_QPA_PLATFORM=offscreen QTCHAT_SCREENSHOT="$PWD/$out/not-saved.png" \
    "$build/tests/gui/tst_chatwindow" aMessageTheOutboxFileRefusesSaysSoUntilTheFileTakesIt >/dev/null
echo "wrote $out/not-saved.png"
fi

# 7. A Socket.IO server (issue 14): a saved Socket.IO profile (what the profile editor writes),
# chosen by its URL. The real Node server of tests/e2e/socketio when `npm ci --prefix
# tests/e2e/socketio` has been run, else the mock's Socket.IO front with --login-only. No refresh
# endpoint, so "remember me" keeps the password in the keychain (tests/with-keyring.sh gives it one).
if [ -d tests/e2e/socketio/node_modules ]; then
    node tests/e2e/socketio/server.js --user carol:carol-pass </dev/null >"$tmp/sio.out" 2>/dev/null &
else
    "$build/tests/mock/qtchat-mock-server" --login-only --users alice:alice-pass,bob:bob-pass,carol:carol-pass \
        >"$tmp/sio.out" 2>/dev/null &
fi
pids+=($!)
for _ in $(seq 100); do [ -s "$tmp/sio.out" ] && break; sleep 0.1; done
sio=$(head -1 "$tmp/sio.out")
export XDG_CONFIG_HOME=$tmp/config-socketio # the profile, and nothing of the sessions above
mkdir -p "$XDG_CONFIG_HOME/QtChat"
cat >"$XDG_CONFIG_HOME/QtChat/QtChat.conf" <<EOF
[profiles]
1\name=Team chat (Socket.IO)
1\protocol=socketio
1\baseUrl=$sio
size=1
EOF
sio_say() { # sio_say USER ROOM TEXT...
    local user=$1 room=$2
    shift 2
    local sends=()
    for text in "$@"; do sends+=(--send "$room:$text"); done
    PW=$user-pass "$build/app/qtchat-cli" --protocol socketio --server "$sio" --user "$user" \
        --password-env PW --room "$room" "${sends[@]}" >/dev/null
}
sio_app() {
    QTCHAT_PW=alice-pass "$build/app/qtchat" --server "$sio" --user alice "$@" &
    app=$!
    pids+=($app)
}
sio_say bob lobby "Moved us to the Socket.IO server: same rooms, one connection for all of them"
sio_say carol lobby "Works here. Tokens live an hour and there is no refresh endpoint."
sio_say bob random "Anyone up for a coffee?"

# The sign-in dialog on the Socket.IO profile, with the note under "remember me".
sio_app
shoot signin-socketio.png
stop_app

# Signed in: two rooms over the one Engine.IO connection, messages both ways.
sio_app --password-env QTCHAT_PW --room random --room lobby
sleep 2
sio_say alice lobby "So QtChat signs in again by itself when the token runs out?"
sio_say carol lobby "Yes: with the password it keeps in the keychain when you tick remember me."
sio_say bob random "Coffee at 3 then" "I'll bring the new mugs"
shoot socketio-room.png
stop_app

# The profile editor with a Socket.IO profile, drawn offscreen by its GUI test.
QT_QPA_PLATFORM=offscreen QTCHAT_SCREENSHOT="$PWD/$out/profile-socketio.png" \
    "$build/tests/gui/tst_profileeditor" screenshot >/dev/null
echo "wrote $out/profile-socketio.png"
