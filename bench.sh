#!/usr/bin/env bash
# Installs what the benchmarks need, builds in Release in build-bench/, and runs every benchmark
# against the mock server on loopback, each in its own process; prints one table: figure, the
# baseline measured in the same run, ratio, goal, met? (figures never fail the run; breaking does).
#   ./bench.sh           the full run (a few minutes), table also in build-bench/bench-results.md
#   ./bench.sh --quick   every benchmark at a small size, seconds in total (the CI smoke test)
set -euo pipefail
cd "$(dirname "$0")"
source scripts/common.sh

mode=()
case "${1:-}" in
    "") ;;
    --quick) mode=(--quick) ;;
    *) say "usage: ./bench.sh [--quick]"; exit 1 ;;
esac

# The keychain for start-up with a stored token; the Django site under daphne for benchmark 6.
ensure_packages "${QTCHAT_BUILD_PACKAGES[@]}" dbus dbus-bin gnome-keyring libsecret-1-0 \
                python3 python3-django python3-django-channels python3-daphne python3-djangorestframework \
                python3-djangorestframework-simplejwt
configure_and_build build-bench -DCMAKE_BUILD_TYPE=Release -DQTCHAT_BUILD_TESTS=ON

say "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo), Qt $(qtpaths6 --qt-version 2>/dev/null || echo 6), $(date -u +%Y-%m-%d)"
export QT_QPA_PLATFORM=offscreen
exec build-bench/tests/bench/qtchat-bench all "${mode[@]}" --markdown build-bench/bench-results.md
