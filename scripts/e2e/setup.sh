#!/usr/bin/env bash
# Installs what the end-to-end run needs, only when it is missing:
#   - Debian packages: chromium (the browser playwright-core drives), ripgrep and the build
#     headers code-server's native modules compile against;
#   - code-server 4.100.3 (the newest release that runs on Node 20) into a private npm
#     prefix under .e2e/code-server/ (git-ignored, not a project dependency).
# A second run is a fast no-op. Usage: bash scripts/e2e/setup.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CODE_SERVER_VERSION="4.100.3"
PREFIX="$ROOT/.e2e/code-server"
BIN="$PREFIX/node_modules/.bin/code-server"
APT_PACKAGES=(chromium ripgrep libkrb5-dev pkg-config libsecret-1-dev libx11-dev libxkbfile-dev g++ make python3)

say() { printf '[e2e setup] %s\n' "$*" >&2; }
t0=$(date +%s%N)

# 1. Debian packages, each only when it is not installed yet.
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  say "apt-get install ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# 2. code-server, reused when the pinned version is already there.
installed=""
if [ -x "$BIN" ] && [ -f "$PREFIX/node_modules/code-server/package.json" ]; then
  installed="$(node -p "require('$PREFIX/node_modules/code-server/package.json').version")"
fi
if [ "$installed" = "$CODE_SERVER_VERSION" ]; then
  say "code-server $installed already installed in ${PREFIX#"$ROOT"/}"
else
  say "installing code-server@$CODE_SERVER_VERSION into ${PREFIX#"$ROOT"/} (about a minute: native modules compile)"
  mkdir -p "$PREFIX" "$ROOT/.e2e/tmp"
  [ -f "$PREFIX/package.json" ] || printf '{ "name": "mqt-e2e-code-server", "private": true }\n' > "$PREFIX/package.json"
  export TMPDIR="$ROOT/.e2e/tmp"
  # @vscode/ripgrep's postinstall downloads rg from GitHub, which is unreachable here: seed its
  # download cache with Debian's rg so the postinstall finds "a cached download".
  seed="$(mktemp -d)"
  cp "$(command -v rg)" "$seed/rg"
  for v in 1.15.11 1.15.10 1.15.9; do
    mkdir -p "$TMPDIR/vscode-ripgrep-cache-$v"
    tar czf "$TMPDIR/vscode-ripgrep-cache-$v/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$seed" rg
  done
  rm -rf "$seed"
  # Root: the postinstall demands --unsafe-perm, which npm 11 only honours as an env var.
  # node-pty's postinstall runs `npx node-gyp`, which a `yes=false` npmrc would cancel.
  (cd "$PREFIX" && npm_config_unsafe_perm=true npm_config_yes=true \
    npm install --no-audit --no-fund --foreground-scripts --loglevel=warn "code-server@$CODE_SERVER_VERSION" >"$ROOT/.e2e/code-server-install.log" 2>&1) || {
    say "npm install failed; the last lines of .e2e/code-server-install.log:"
    tail -n 30 "$ROOT/.e2e/code-server-install.log" >&2
    exit 1
  }
  [ -x "$BIN" ] || { say "code-server binary missing after install: $BIN"; exit 1; }
fi

# 3. playwright-core (a devDependency) must be installed in the project itself.
if [ ! -f "$ROOT/node_modules/playwright-core/package.json" ]; then
  say "node_modules/playwright-core is missing: run npm install (or npm ci) first"
  exit 1
fi

say "ready in $(awk -v a="$t0" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f", (b - a) / 1e9 }') s: ${BIN#"$ROOT"/}"
