#!/usr/bin/env bash
# Takes the README's screenshots of the real app under Xvfb: the sign-in dialog, a busy room,
# a room reconnecting, the dark palette, spoofed names, a message the outbox file refused, the
# Socket.IO pictures, and issue 15's: the stored conversation while offline, a gap in the history,
# find in room and the Japanese window. Needs a build in build/ (ninja -C build qtchat
# qtchat-cli qtchat-mock-server, and the GUI tests of sections 5, 6 and 7), or BUILD=build-dev.
#   BUILD=build-dev xvfb-run -a -s "-screen 0 1280x800x24" tests/with-keyring.sh docs/screenshots.sh
# ONLY=socketio takes just the Socket.IO pictures (section 7), ONLY=issue15 just section 8.
# Run it inside tests/with-keyring.sh: the saved session of section 8 needs a keychain, and the
# "no keychain" notice stays out of the pictures.
# Section 8 types keys into the window with xdotool and draws Japanese with a CJK font: a dev-only
# need of this script, not of the app (apt-get install -y xdotool fonts-noto-cjk).
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

if [ -z "${ONLY:-}" ]; then
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

if [ -z "${ONLY:-}" ] || [ "$ONLY" = socketio ]; then
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
fi

if [ -z "${ONLY:-}" ] || [ "$ONLY" = issue15 ]; then
# 8. Issue 15. Each server here is its own mock (with --history-size 8: a rejoin replays only the
# newest 8 messages) and its own throwaway settings and data, so the saved session and the stored
# messages are this section's alone.
export XDG_CONFIG_HOME=$tmp/config-15 XDG_DATA_HOME=$tmp/data-15 XDG_CACHE_HOME=$tmp/cache-15
start_mock() { # start_mock NAME [OPTION...]: a mock with the admin endpoints; its URL in $url, its pid in $mock
    local name=$1
    shift
    "$build/tests/mock/qtchat-mock-server" --admin --history-size 8 "$@" \
        --users alice:alice-pass,bob:bob-pass,carol:carol-pass >"$tmp/$name.out" 2>/dev/null &
    mock=$!
    pids+=($mock)
    for _ in $(seq 50); do [ -s "$tmp/$name.out" ] && break; sleep 0.1; done
    url=$(head -1 "$tmp/$name.out")
}
keys() { # keys XDOTOOL-ARGS...: typed into the app's window (no window manager: focus it first)
    local window
    window=$(xdotool search --sync --onlyvisible --pid "$app" | tail -1)
    xdotool windowfocus --sync "$window" 2>/dev/null || true
    xdotool "$@"
}
quit_app() { # Ctrl+Q, as a user quits: the store writes what it still holds (a kill would not wait)
    keys key ctrl+q
    for _ in $(seq 50); do kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
    stop_app
}
conversation() {
    say_as bob lobby "Morning! Is the staging deploy done?" "I see the new build on the dashboard"
    say_as carol lobby "Yes, rolled out at 09:40. Migrations ran clean."
    say_as alice lobby "Nice, thanks Carol!"
    say_as bob lobby "Did the deploy pick up the reconnect fix?"
    say_as carol lobby "It did: the deploy log lists it, and the soak test starts after lunch."
    say_as bob random "Lunch at the ramen place?" "They have a new miso special"
}

# The stored conversation while the server is down: signed in once with "remember me" (the
# dialog's default), the messages arrive and go to the local store; quit, the server goes away,
# and the app started again on the saved session opens at once on what it stored.
start_mock offline
start_app --password-env QTCHAT_PW --room lobby --room random
sleep 2
conversation
sleep 1
quit_app
kill "$mock"
wait "$mock" 2>/dev/null || true
start_app
sleep 2
shoot offline-cached.png
quit_app

# Find in room: Ctrl+F, a word, the matches highlighted and counted. The server of this part has
# no history endpoint, so nothing fills the gap further down (a server with one fills it at once).
export XDG_CONFIG_HOME=$tmp/config-15b XDG_DATA_HOME=$tmp/data-15b XDG_CACHE_HOME=$tmp/cache-15b
start_mock gap --no-history-endpoint
conversation
start_app --password-env QTCHAT_PW --room random --room lobby
sleep 2
keys key ctrl+f
sleep 0.5
keys type --delay 50 deploy
shoot find.png
quit_app

# The Japanese window with a room reconnecting: the state in the room header and the status bar
# through tr(), not net's English.
LANGUAGE=ja LANG=ja_JP.UTF-8 start_app --password-env QTCHAT_PW --room random --room lobby
sleep 2
admin "reject?count=20&status=503"
admin "drop?room=lobby"
shoot japanese-state.png
quit_app
admin "reject?count=0&status=503"

# A gap: the app is in the room, the server stores 40 messages it never broadcasts and drops the
# room; the rejoin replays only the newest 8, so the separator marks where some are missing.
start_app --password-env QTCHAT_PW --room random --room lobby
sleep 2
say_as bob lobby "Stepping into a tunnel, back in a minute"
admin "store-unseen?room=lobby&count=40"
admin "drop?room=lobby"
shoot gap.png
quit_app
fi
