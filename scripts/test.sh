#!/usr/bin/env bash
# npm test — set up, then: type-check (tsc strict, and as notebook cells compile), the import directions of lib/, prettier's format check + the mocha suite on every backend configuration
# (cpu; wasm with the kernel fixes only, AT_NATIVE=0; wasm with the native kernels) + every notebook
# executed headless at the quick scale. The last line is "N passed, N failed" over tests and notebooks.
# The cpu suite runs beside the two wasm suites: each is single-threaded, and the machine has 2 cores.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1

logs=build/test-logs
mkdir -p "$logs"
passed=0
failed=0

count() { # count <log> <passing|failing>
  grep -Eo "^ *[0-9]+ $2" "$1" | awk '{ s += $1 } END { print s + 0 }'
}

echo "[test] type-check (tsc -p ., strict; and tslab's TypeScript 5.0.4 as notebook cells see lib/)"
if npm run -s typecheck; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "[test] type-check FAILED"; fi
echo "[test] import directions (docs/design.md §2)"
if npm run -s check-imports; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "[test] import check FAILED"; fi

run_suite() { # run_suite <name> <env...>
  local name=$1; shift
  env AT_QUIET=1 "$@" npx --no-install mocha > "$logs/mocha-$name.log" 2>&1
}
echo "[test] formatting (prettier, .prettierrc.json; npm run format fixes it)"
if npm run -s format:check > "$logs/format.log" 2>&1; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "[test] format check FAILED"; cat "$logs/format.log"; fi
echo "[test] mocha on cpu | wasm (AT_NATIVE=0), then wasm+native — logs in $logs/"
run_suite cpu AT_BACKEND=cpu & cpu_pid=$!
{ run_suite wasm AT_BACKEND=wasm AT_NATIVE=0; run_suite wasm-native AT_BACKEND=wasm AT_NATIVE=1; } & wasm_pid=$!
wait "$cpu_pid"; wait "$wasm_pid"
for name in cpu wasm wasm-native; do
  p=$(count "$logs/mocha-$name.log" passing); f=$(count "$logs/mocha-$name.log" failing)
  if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then f=1; fi   # mocha did not even start
  echo "[test] mocha $name: $p passing, $f failing"
  [ "$f" -gt 0 ] && cat "$logs/mocha-$name.log"
  passed=$((passed + p)); failed=$((failed + f))
done

echo "[test] notebooks at scale ${AT_SCALE:=quick}"
export AT_SCALE
bash scripts/run-notebooks.sh --jobs "${AT_JOBS:-2}" | tee "$logs/notebooks.log"
p=$(grep -Eo '^[0-9]+ passed' "$logs/notebooks.log" | awk '{ print $1 }'); f=$(grep -Eo '[0-9]+ failed$' "$logs/notebooks.log" | awk '{ print $1 }')
passed=$((passed + ${p:-0})); failed=$((failed + ${f:-1}))

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
