#!/usr/bin/env bash
# npm run grade -- <folder of student notebooks> [--out DIR] [--timeout S] [--jobs N] [--whole]
# Runs each student's notebooks headless with the official checks appended and writes a per-exercise score
# table (grades.csv, grades.html) and per-student feedback (scripts/grade-notebooks.py).
set -euo pipefail
caller=${INIT_CWD:-$PWD}   # npm runs scripts in the package root; relative paths are the caller's
cd "$(dirname "$0")/.."
source scripts/python.sh
info=$(mktemp)
trap 'rm -f "$info"' EXIT
npx --no-install tsx scripts/coursework/exercise-info.ts > "$info"
"$PY" scripts/grade-notebooks.py --exercises "$info" --base "$caller" "$@"
