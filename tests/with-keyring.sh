#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked gnome-keyring of its own,
# kept in a throwaway folder so that tests never touch the user's real keychain.
#   tests/with-keyring.sh COMMAND [ARGS...]
set -euo pipefail
if [ -z "${QTCHAT_IN_KEYRING_SESSION:-}" ]; then
    sandbox=$(mktemp -d)
    trap 'rm -rf "$sandbox"' EXIT
    export HOME=$sandbox XDG_DATA_HOME=$sandbox/data XDG_CONFIG_HOME=$sandbox/config XDG_RUNTIME_DIR=$sandbox/run
    mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_RUNTIME_DIR"
    chmod 700 "$XDG_RUNTIME_DIR"
    QTCHAT_IN_KEYRING_SESSION=1 dbus-run-session -- "$0" "$@" 2> >(grep -v 'Failed to set fd limit' >&2)
    exit $?
fi
# The keyring's password only protects this throwaway folder.
printf 'qtchat-test\n' | gnome-keyring-daemon --daemonize --unlock --components=secrets >/dev/null
for _ in $(seq 50); do
    if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q true; then
        break
    fi
    sleep 0.1
done
exec "$@"
