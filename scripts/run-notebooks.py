"""Execute notebooks headless with the project's tslab kernel and report each failing cell's own error.

Usage (through scripts/run-notebooks.sh, which finds a Python that has nbclient):
    run-notebooks.py [--write] [--timeout SECONDS] [--jobs N] [notebook.ipynb ...]

A failing cell is reported by its error output: the kernel gives it the error's name, message and a
traceback that names the cell and line ("cell 7, line 3: ..."); cells are numbered as the kernel numbers
them, by execution count. The kernel is started with AT_STRICT_NOTEBOOKS=1, which makes an unawaited
rejected promise kill the kernel instead of passing silently; then, as after a timeout, the cell's stderr
is what there is to show. Outputs are written back (--write) only for notebooks that pass, so a committed
notebook always shows a complete run, and without execution timings, so that a re-run that changes
nothing else leaves the file unchanged.
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
    """The failing cell's error as a reader would see it: its error output, else (a dead kernel, a
    timeout) what it wrote to stderr."""
    errors = [out for out in cell.get("outputs", []) if out.get("output_type") == "error"]
    if errors:
        return "\n".join(line for out in errors for line in out.get("traceback", []))
    stderr = "".join(out.get("text", "") for out in cell.get("outputs", []) if out.get("output_type") == "stream" and out.get("name") == "stderr")
    return stderr.strip() or "(the cell wrote no error text)"


def execution_number(nb, index):
    """The kernel's name for the cell at `index` in a run from the top: its execution count."""
    return sum(1 for cell in nb.cells[: index + 1] if cell.cell_type == "code" and cell.source.strip())


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
        message = f"cell {execution_number(nb, index)} {kind}:\n{head}\n--- error ---\n{detail}"
        return path, False, time.time() - started, message
    if write:
        write_atomically(without_timings(nb), path)
    return path, True, time.time() - started, ""


def without_timings(nb):
    """Drop what changes on every run although the notebook does not: nbclient's execution timestamps
    (metadata.execution, written by runs with timing on, e.g. an earlier nbconvert --execute)."""
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    return nb


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
    # Outputs written back are committed: progress lines then leave out their times (lib/viz/progress.ts),
    # so that re-running unchanged notebooks leaves the tree unchanged.
    if args.write:
        os.environ["AT_STABLE_OUTPUT"] = "1"
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
