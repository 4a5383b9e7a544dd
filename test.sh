#!/usr/bin/env bash
# Installs what the tests need, builds with warnings as errors, checks formatting, and runs every
# test with ctest: widgets under QT_QPA_PLATFORM=offscreen, everything inside a private D-Bus
# session with an unlocked gnome-keyring of its own (in a throwaway folder) for the keychain tests.
#   ./test.sh          the suite (what CI runs)
#   ./test.sh --asan   the same suite built with AddressSanitizer + UndefinedBehaviorSanitizer
#   ./test.sh --fuzz SECONDS   each libFuzzer target (tests/fuzz/) for SECONDS, in build-fuzz/
#                      (the suite itself runs each for a few seconds as the fuzz_* ctest tests)
set -euo pipefail
cd "$(dirname "$0")"
source scripts/common.sh

build=build-test
options=(-DCMAKE_BUILD_TYPE=Debug -DQTCHAT_WERROR=ON)
case "${1:-}" in
    "") ;;
    --asan) build=build-asan; options+=(-DQTCHAT_SANITIZE=ON) ;;
    --fuzz) fuzz_seconds=${2:?usage: ./test.sh --fuzz SECONDS} ;;
    *) say "usage: ./test.sh [--asan | --fuzz SECONDS]"; exit 1 ;;
esac

ensure_packages "${QTCHAT_BUILD_PACKAGES[@]}" clang-format dbus dbus-bin gnome-keyring libsecret-1-0 openssl \
                clang libclang-rt-14-dev \
                python3 python3-django python3-django-channels python3-daphne python3-djangorestframework \
                python3-djangorestframework-simplejwt python3-channels-redis redis-server
if [ -n "${fuzz_seconds:-}" ]; then
    exec tests/fuzz/run.sh "$fuzz_seconds" build-fuzz
fi

# The e2e Socket.IO server's npm packages (tests/e2e/socketio), exactly as its package-lock.json
# pins them; skipped while node_modules was installed from this very lock (a stamp copy of it).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    say "error: node and npm are needed by the Socket.IO e2e server (tests/e2e/socketio): install Node.js 18 or newer"
    exit 1
fi
if ! cmp -s tests/e2e/socketio/package-lock.json tests/e2e/socketio/node_modules/.qtchat-lock-stamp; then
    say "Installing the npm packages of tests/e2e/socketio (npm ci)..."
    npm ci --prefix tests/e2e/socketio --no-audit --no-fund --loglevel=error >/dev/null
    cp tests/e2e/socketio/package-lock.json tests/e2e/socketio/node_modules/.qtchat-lock-stamp
fi

say "Checking formatting (.clang-format)..."
mapfile -t sources < <(find app ui net tests -name '*.cpp' -o -name '*.h' | sort)
if ! clang-format --dry-run --Werror "${sources[@]}"; then
    say "error: formatting differs from .clang-format; fix with: clang-format -i \$(find app ui net tests -name '*.cpp' -o -name '*.h')"
    exit 1
fi

configure_and_build "$build" "${options[@]}"

export QT_QPA_PLATFORM=offscreen
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
exec tests/with-keyring.sh ctest --test-dir "$build" --output-on-failure
