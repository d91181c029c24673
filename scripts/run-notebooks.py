"""Execute notebooks headless with the project's tslab kernel and report each failing cell's own error.

Usage (through scripts/run-notebooks.sh, which finds a Python that has nbclient):
    run-notebooks.py [--write] [--timeout SECONDS] [--jobs N] [notebook.ipynb ...]

Why not `jupyter nbconvert --execute`: tslab's error replies carry no ename/evalue/traceback, so
nbconvert prints only "<Error>: ". The error text is in the failing cell's stream output, which this
runner prints. The kernel is started with AT_STRICT_NOTEBOOKS=1, which makes an unawaited rejected
promise kill the kernel instead of passing silently. Outputs are written back (--write) only for
notebooks that pass, so a committed notebook always shows a complete run.
"""
import argparse
import concurrent.futures
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def cell_text(cell):
    """The failing cell's error as a reader would see it: its stderr and error outputs."""
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream" and out.get("name") == "stderr":
            parts.append(out.get("text", ""))
        elif out.get("output_type") == "error":
            parts.append(f"{out.get('ename', '')}: {out.get('evalue', '')}")
            parts.extend(out.get("traceback", []))
    return "".join(parts).strip() or "(the cell wrote no error text)"


def run_one(path, write, timeout):
    """Returns (path, ok, seconds, message)."""
    started = time.time()
    nb = nbformat.read(path, as_version=4)
    state = {"index": None}

    def on_cell_start(cell, cell_index):
        state["index"] = cell_index

    client = NotebookClient(
        nb,
        kernel_name="tslab",
        timeout=timeout,
        startup_timeout=120,
        record_timing=False,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
        on_cell_start=on_cell_start,
    )
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as error:
        index = state["index"]
        kind = {CellTimeoutError: "timed out", DeadKernelError: "killed the kernel"}.get(type(error), "failed")
        if index is None:
            return path, False, time.time() - started, f"kernel {kind} before any cell ran: {error}"
        cell = nb.cells[index]
        source = "".join(cell.source).strip().splitlines()
        head = "\n".join("    " + line for line in source[:6])
        detail = cell_text(cell)
        if isinstance(error, CellTimeoutError):
            detail += f"\n(cell timeout: {timeout} s)"
        elif isinstance(error, DeadKernelError):
            detail += f"\n({error})"
        message = f"cell {index} {kind}:\n{head}\n--- error ---\n{detail}"
        return path, False, time.time() - started, message
    if write:
        write_atomically(nb, path)
    return path, True, time.time() - started, ""


def write_atomically(nb, path):
    """Write to a temporary file beside `path`, then rename it over `path`: a notebook that reads the
    others (00-overview's map) while a parallel job writes them sees a whole file, old or new, never a
    half-written one (that made `npm run reproduce` fail now and then with a JSON parse error)."""
    temporary = f"{path}.{os.getpid()}.tmp"
    try:
        nbformat.write(nb, temporary)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", help="notebooks to run (default: notebooks/*.ipynb)")
    parser.add_argument("--write", action="store_true", help="write outputs back into passing notebooks")
    parser.add_argument("--timeout", type=int, default=900, help="per-cell timeout in seconds (default 900)")
    parser.add_argument("--jobs", type=int, default=1, help="notebooks run at the same time (default 1)")
    args = parser.parse_args()

    paths = args.notebooks or sorted(
        os.path.join(ROOT, "notebooks", name) for name in os.listdir(os.path.join(ROOT, "notebooks")) if name.endswith(".ipynb")
    )
    missing = [p for p in paths if not os.path.isfile(p)]
    if missing:
        print("no such notebook: " + ", ".join(missing), file=sys.stderr)
        return 2

    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [os.path.join(ROOT, "jupyter"), os.environ.get("JUPYTER_PATH")]))
    os.environ["AT_STRICT_NOTEBOOKS"] = "1"
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")

    passed = failed = 0
    with concurrent.futures.ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(run_one, p, args.write, args.timeout) for p in paths]
        for future in concurrent.futures.as_completed(futures):
            path, ok, seconds, message = future.result()
            name = os.path.relpath(path, ROOT)
            if ok:
                passed += 1
                print(f"PASS {name} ({seconds:.0f} s)", flush=True)
            else:
                failed += 1
                print(f"FAIL {name} ({seconds:.0f} s)\n{message}\n", flush=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
