#!/usr/bin/env bash
# Installs the relx release binary for this machine and puts it on PATH: the
# install step of the repository's action.yml, runnable anywhere with bash,
# curl and tar.
#
#   RELX_VERSION    the version to install: X.Y.Z or `latest`; when unset,
#                   the action's own ref if it is a release tag (`uses:
#                   relx-dev/relx@v1.2.3`), else `latest`
#   RELX_RELEASES   where the release archives are (default: this project's
#                   GitHub Releases); any URL curl reads, file:// included
#   RELX_INSTALL    the directory to install into (default: the runner's
#                   tool cache, else ~/.relx/bin)
#
# The archive is the one `task binary` makes for each release:
# relx-VERSION-TARGET.tar.gz, holding `relx` (`relx.exe` on Windows). The
# directory is appended to $GITHUB_PATH on GitHub Actions, and printed.
set -euo pipefail

releases=${RELX_RELEASES:-https://github.com/relx-dev/relx/releases}
version=${RELX_VERSION:-}
if [ -z "$version" ]; then
    case "${RELX_ACTION_REF:-}" in
        v[0-9]*.[0-9]*.[0-9]*) version=$RELX_ACTION_REF ;;
        *) version=latest ;;
    esac
fi
version=${version#v}

os=${RUNNER_OS:-$(uname -s)}
arch=${RUNNER_ARCH:-$(uname -m)}
case "$os" in
    Linux) os=linux ;;
    macOS | Darwin) os=macos ;;
    Windows | MINGW* | MSYS* | CYGWIN*) os=windows ;;
    *) echo "error: relx has no release binary for the system $os" >&2; exit 1 ;;
esac
case "$arch" in
    X64 | x86_64 | amd64) arch=x86_64 ;;
    ARM64 | aarch64 | arm64) arch=aarch64 ;;
    *) echo "error: relx has no release binary for the architecture $arch" >&2; exit 1 ;;
esac
exe=
case "$os-$arch" in
    # Static musl binaries: they run on any Linux, whatever its libc.
    linux-*) target=$arch-unknown-linux-musl ;;
    macos-*) target=$arch-apple-darwin ;;
    windows-x86_64) target=x86_64-pc-windows-msvc exe=.exe ;;
    *) echo "error: relx has no release binary for $os on $arch" >&2; exit 1 ;;
esac

if [ "$version" = latest ]; then
    # GitHub answers /releases/latest with a redirect to /releases/tag/vX.Y.Z.
    effective=$(curl --proto '=https,file' -fsSL -o /dev/null -w '%{url_effective}' "$releases/latest")
    version=${effective##*/}
    version=${version#v}
    case "$version" in
        [0-9]*) ;;
        *) echo "error: cannot tell the latest relx release from $releases/latest" >&2; exit 1 ;;
    esac
fi

dir=${RELX_INSTALL:-${RUNNER_TOOL_CACHE:+$RUNNER_TOOL_CACHE/relx/$version/$target}}
dir=${dir:-$HOME/.relx/bin}
archive=relx-$version-$target.tar.gz
url=$releases/download/v$version/$archive
mkdir -p "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
echo "relx $version for $target: $url" >&2
curl --proto '=https,file' -fsSL --retry 3 -o "$tmp/$archive" "$url"
tar -xzf "$tmp/$archive" -C "$tmp"
mv -f "$tmp/relx$exe" "$dir/relx$exe"
chmod +x "$dir/relx$exe"
if [ -n "${GITHUB_PATH:-}" ]; then
    echo "$dir" >>"$GITHUB_PATH"
fi
"$dir/relx$exe" --version >&2
echo "$dir"
