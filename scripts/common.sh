# Shared by run.sh, test.sh: install missing Debian packages, configure and build.
# Sourced, not run.

# Packages every build needs; the scripts add their own.
QTCHAT_BUILD_PACKAGES=(cmake ninja-build g++ pkg-config qt6-base-dev qt6-websockets-dev qtkeychain-qt6-dev
                       libqt6sql6-sqlite libgl-dev qt6-tools-dev qt6-l10n-tools qt6-tools-dev-tools)

say() { printf '%s\n' "$*" >&2; }

# Installs the named Debian packages that are missing (apt-get update first), as root or via sudo.
ensure_packages() {
    local missing=()
    local pkg
    for pkg in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
            missing+=("$pkg")
        fi
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    say "Installing Debian packages: ${missing[*]}"
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { say "error: need root or sudo to install: ${missing[*]}"; exit 1; }
        sudo=(sudo)
    fi
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# configure_and_build BUILD_DIR [cmake options...] [-- TARGET...]
# Without targets everything is built (the test suite too); with them only those and what they need.
configure_and_build() {
    local dir=$1
    shift
    local options=() targets=()
    while [ $# -gt 0 ] && [ "$1" != "--" ]; do
        options+=("$1")
        shift
    done
    [ $# -gt 0 ] && shift
    targets=("$@")
    cmake -S . -B "$dir" -G Ninja "${options[@]}" >/dev/null
    if [ ${#targets[@]} -eq 0 ]; then
        cmake --build "$dir" --parallel "$(nproc)"
    else
        cmake --build "$dir" --parallel "$(nproc)" --target "${targets[@]}"
    fi
}
