#!/usr/bin/env bash
# One idempotent set-up step, run first by `npm test`, `npm run reproduce` and `npm run notebook`:
#   1. npm packages (npm ci when package-lock.json changed since the last install);
#   2. Debian packages: Jupyter (nbclient, nbconvert, classic notebook), fonts for PNG text, MathJax for
#      offline LaTeX in the HTML export, Fashion-MNIST, oneDNN for the native kernels, Chromium for the
#      companion site's browser test — through apt when it is usable and they are missing, otherwise a
#      message naming what to install;
#   3. the native oneDNN kernels (scripts/build-native.sh; optional: the library falls back to wasm);
#   4. the datasets, prepared into data/datasets/.
# Quick when everything is in place. Set AT_SKIP_APT=1 to never call apt.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[setup] %s\n' "$*"; }

# --- Node.js -------------------------------------------------------------------------------------
node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' || {
  say "Node.js >= 20.19 is required (mocha 12), found $(node --version)"; exit 1; }

# --- npm packages ----------------------------------------------------------------------------------
lock_hash=$(sha256sum package-lock.json package.json | sha256sum | cut -c1-16)
if [ ! -f node_modules/.at-installed ] || [ "$(cat node_modules/.at-installed)" != "$lock_hash" ]; then
  say "installing npm packages (npm ci) ..."
  # @tensorflow/tfjs-node is optional: its install script downloads libtensorflow, which fails where
  # that host is unreachable, and npm then leaves it out (docs/toolchain.md §3.2).
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_hash" > node_modules/.at-installed
else
  say "npm packages up to date"
fi

# --- Debian packages -------------------------------------------------------------------------------
# Package names are Debian 12 (bookworm); the scripts find Jupyter in any python3 that has it.
apt_packages=(jupyter-nbconvert python3-nbclient jupyter-client jupyter-notebook fonts-dejavu-core
              libjs-mathjax dataset-fashion-mnist libdnnl-dev g++ make chromium)
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
fi
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null && sudo="sudo -n"
  if [ "${AT_SKIP_APT:-0}" != "1" ] && command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" -eq 0 ] || [ -n "$sudo" ]; }; then
    say "installing Debian packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    say "missing system packages: ${missing[*]}"
    say "  Debian/Ubuntu: sudo apt-get install ${missing[*]}"
    say "  other systems: python3 -m pip install nbclient nbconvert 'notebook<7' jupyter_client; a DejaVu font;"
    say "  Fashion-MNIST IDX .gz files in /usr/share/datasets/fashion-mnist/; oneDNN (optional); Chromium (optional:"
    say "  the site's browser test skips without it, or set AT_CHROMIUM to a Chrome/Chromium executable)"
  fi
fi
source scripts/python.sh

# --- native kernels (optional) ----------------------------------------------------------------------
bash scripts/build-native.sh

# --- datasets ---------------------------------------------------------------------------------------
npx --no-install tsx scripts/prepare-datasets.ts

say "ready (Jupyter via $PY)"
