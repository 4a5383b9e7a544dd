#!/usr/bin/env bash
# Installs what QtChat needs, builds it in Release (the app, qtchat-cli and the mock server; not the
# tests), starts the bundled mock server with the demo users alice/alice-pass and bob/bob-pass, and
# opens the app signed in to it as alice in #lobby, with a throwaway keychain of its own.
#   ./run.sh                 the demo above
#   ./run.sh --server URL    the app pointed at another server (no mock started)
# Any other arguments are passed to the app (see build-release/app/qtchat --help).
set -euo pipefail
cd "$(dirname "$0")"
source scripts/common.sh

server=""
app_args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --server) server=${2:?--server needs a URL}; shift 2 ;;
        --server=*) server=${1#--server=}; shift ;;
        *) app_args+=("$1"); shift ;;
    esac
done

ensure_packages "${QTCHAT_BUILD_PACKAGES[@]}" libqt6svg6 fonts-dejavu-core xvfb xauth dbus dbus-bin gnome-keyring \
                libsecret-1-0
# Only what this script runs: the app, the command-line client and the mock server (the mock lives
# with the tests, so they are configured, not built; ./test.sh builds and runs them).
configure_and_build build-release -DCMAKE_BUILD_TYPE=Release -DQTCHAT_BUILD_TESTS=ON \
    -- qtchat qtchat-cli qtchat-mock-server

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
    say "qtchat: built, but there is no display to open a window on (DISPLAY is not set); run it as: xvfb-run -a ./run.sh"
    exit 2
fi

if [ -n "$server" ]; then
    exec build-release/app/qtchat --server "$server" "${app_args[@]}"
fi

# The mock prints the URL it listens on as its first line.
exec 3< <(exec build-release/tests/mock/qtchat-mock-server --users alice:alice-pass,bob:bob-pass)
mock_pid=$!
trap 'kill "$mock_pid" 2>/dev/null || true' EXIT
if ! read -r -t 20 url <&3; then
    say "error: the mock server did not start"
    exit 1
fi
say "Mock server: $url (users alice/alice-pass, bob/bob-pass). Signing in as alice..."
# The demo keeps its session in a keychain of its own: a private D-Bus session with a throwaway,
# unlocked gnome-keyring (as the tests have it), so it never waits behind an unlock prompt for a
# "login" keyring a fresh or headless desktop does not have, and never touches the user's own.
# The demo password travels in the environment, never on the command line.
QTCHAT_DEMO_PASSWORD=alice-pass tests/with-keyring.sh build-release/app/qtchat --server "$url" --user alice \
    --password-env QTCHAT_DEMO_PASSWORD --room lobby "${app_args[@]}"
