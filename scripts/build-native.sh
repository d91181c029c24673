#!/usr/bin/env bash
# Build the oneDNN addon of the wasm backend (native/ -> native/build/Release/onednn_kernels.node).
#
# Offline: node-gyp gets the running Node's own headers (<prefix>/include/node) through --nodedir, so it
# never downloads a header tarball. Idempotent: does nothing when the addon is newer than its sources
# and was built for this Node ABI. Always exits 0 (set-up goes on): when oneDNN, a compiler or the Node
# headers are missing, or the build fails, it prints one line saying so, and the library runs on wasm
# with the kernel fixes.
set -u
cd "$(dirname "$0")/.."

addon=native/build/Release/onednn_kernels.node
stamp=native/build/.node-abi
log=native/build/build.log
say() { echo "[build-native] $*"; }
skip() { say "$* -- skipping the native accelerator; the library runs on wasm with the kernel fixes"; exit 0; }

command -v node >/dev/null 2>&1 || skip "node not found"
abi=$(node -p 'process.versions.modules + "-" + process.arch')

# Up to date: built for this ABI and newer than every source.
if [[ -f $addon && -f $stamp && "$(cat "$stamp")" == "$abi" ]] &&
  [[ -z "$(find native/binding.gyp native/src -newer "$addon" -print -quit)" ]]; then
  say "up to date: $addon"
  exit 0
fi

# oneDNN (Debian: libdnnl-dev): the header and the linkable library.
[[ -f /usr/include/oneapi/dnnl/dnnl.h || -f /usr/local/include/oneapi/dnnl/dnnl.h ]] ||
  skip "oneDNN headers not found (install libdnnl-dev)"
ldconfig -p 2>/dev/null | grep -q 'libdnnl\.so ' || [[ -e /usr/lib/x86_64-linux-gnu/libdnnl.so || -e /usr/local/lib/libdnnl.so ]] ||
  skip "libdnnl.so not found (install libdnnl-dev)"
for tool in g++ make python3; do
  command -v "$tool" >/dev/null 2>&1 || skip "$tool not found"
done

# The running Node's headers: <prefix>/include/node next to <prefix>/bin/node.
prefix=$(node -p 'require("path").resolve(process.execPath, "..", "..")')
[[ -f $prefix/include/node/node_api.h ]] || skip "Node headers not found in $prefix/include/node (node-gyp would download them)"
[[ -f node_modules/node-gyp/bin/node-gyp.js && -d node_modules/node-addon-api ]] || skip "node-gyp / node-addon-api not installed (run npm ci)"

start=$(date +%s.%N)
tmp_log=$(mktemp)
if ! node node_modules/node-gyp/bin/node-gyp.js rebuild --directory native --nodedir="$prefix" --jobs max --loglevel=warn >"$tmp_log" 2>&1; then
  mkdir -p native/build && mv "$tmp_log" "$log"
  skip "build failed (log: $log)"
fi
mv "$tmp_log" "$log"
library=$(node -e 'console.log(require(process.argv[1]).info().library)' "$PWD/$addon" 2>&1 | head -n 1)
if [[ $library != oneDNN* ]]; then
  rm -f "$addon"
  skip "built addon does not load: $library"
fi
echo "$abi" >"$stamp"
say "built $addon ($library) in $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s"
