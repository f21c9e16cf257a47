#!/usr/bin/env bash
# Builds the self-contained release binary: the Swift runtime and libyaml linked in, so it
# runs on a machine that has neither Swift nor libyaml installed.
#
#   Scripts/build-release.sh [swift build flags…]     # e.g. --scratch-path DIR --product roundtable
#
# SwiftPM links libyaml as `-lyaml`, which the linker resolves to the shared library when
# both are installed. A pkg-config file of our own names a folder holding only the static
# archive (Debian's libyaml-dev and Homebrew's libyaml ship libyaml.a), so `-lyaml` finds
# the archive first. Without the archive the binary is linked to the shared library and
# needs libyaml's runtime package where it runs (Debian/Ubuntu: libyaml-0-2).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! pkg-config --exists yaml-0.1 2>/dev/null; then
    echo "libyaml was not found (pkg-config yaml-0.1): apt-get install libyaml-dev pkg-config, or brew install libyaml pkg-config" >&2
    exit 1
fi
libdir=$(pkg-config --variable=libdir yaml-0.1)
static=0
if [ -f "$libdir/libyaml.a" ]; then
    shim=$PWD/.build/static-libyaml
    mkdir -p "$shim"
    ln -sf "$libdir/libyaml.a" "$shim/libyaml.a"
    cat > "$shim/yaml-0.1.pc" <<EOF
Name: LibYAML (static archive)
Description: libyaml linked from $libdir/libyaml.a
Version: $(pkg-config --modversion yaml-0.1)
Cflags: -I$(pkg-config --variable=includedir yaml-0.1)
Libs: -L$shim -lyaml
EOF
    export PKG_CONFIG_PATH=$shim${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}
    static=1
else
    echo "note: no $libdir/libyaml.a; the binary needs libyaml's runtime (libyaml-0-2 on Debian/Ubuntu) where it runs" >&2
fi

flags=(-c release)
# Darwin ships the Swift runtime in the OS and refuses --static-swift-stdlib.
[ "$(uname -s)" = Linux ] && flags+=(--static-swift-stdlib)

# Roundtable makes no HTTP requests: nothing may bring FoundationNetworking (and libcurl with
# some thirty libraries behind it) into the binary. The check below says if something does.
swift build "${flags[@]}" "$@"
binary=$(swift build "${flags[@]}" "$@" --show-bin-path)/roundtable
[ -x "$binary" ] || exit 0    # another --product was asked for

if [ "$(uname -s)" = Linux ]; then
    "$binary" --version >/dev/null || { echo "error: $binary does not start" >&2; exit 1; }
    if ldd "$binary" | grep -q libcurl; then
        echo "error: $binary loads libcurl (a dependency imports FoundationNetworking)" >&2
        exit 1
    fi
fi
if command -v ldd >/dev/null 2>&1; then
    if [ "$static" = 1 ] && ldd "$binary" | grep -q libyaml; then
        echo "error: $binary still loads libyaml's shared library" >&2
        exit 1
    fi
    echo "$binary; shared libraries it loads:"
    ldd "$binary" | sed 's/^/  /'
else
    echo "$binary"
fi
