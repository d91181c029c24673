# Sourced by the scripts: sets $PY to a Python that has Jupyter's nbclient and nbconvert. The first
# python3 on PATH may be another installation without them (pyenv, conda), so Debian's is tried first.
PY=""
for candidate in /usr/bin/python3 python3; do
  if "$candidate" -c 'import nbclient, nbconvert, nbformat' 2>/dev/null; then PY="$candidate"; break; fi
done
if [ -z "$PY" ]; then
  cat >&2 <<'MSG'
Jupyter (nbclient, nbconvert, classic notebook) was not found in any python3.
  Debian/Ubuntu:  sudo apt-get install jupyter-nbconvert python3-nbclient jupyter-client jupyter-notebook
  elsewhere:      python3 -m pip install "nbclient>=0.7" "nbconvert>=6.5" "notebook<7" jupyter_client
Then run the command again (npm run setup does the apt step itself where apt is usable).
MSG
  exit 1
fi
export PY
