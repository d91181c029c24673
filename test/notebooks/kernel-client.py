"""Drives the project's tslab kernel for the notebook tests and prints what it answered, as JSON.

    kernel-client.py notebook PATH [--allow-errors]
        run a notebook with nbclient, as nbconvert --execute does: each code cell's outputs, and the
        CellExecutionError (ename, evalue, message) that stopped the run, if any;
    kernel-client.py queue
        send two execute requests at once, as "Run all" in the Notebook does, the first failing, once with
        stop_on_error true and once false: the two replies' statuses each time.
"""
import json
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [os.path.join(ROOT, "jupyter"), os.environ.get("JUPYTER_PATH")]))
os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")


def run_notebook(path, allow_errors):
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name="tslab", timeout=120, startup_timeout=120, allow_errors=allow_errors,
                            resources={"metadata": {"path": ROOT}})
    stopped = None
    try:
        client.execute()
    except CellExecutionError as error:
        stopped = {"ename": error.ename, "evalue": error.evalue, "message": str(error)}
    cells = [{"execution_count": cell.get("execution_count"), "outputs": cell.get("outputs", [])} for cell in nb.cells if cell.cell_type == "code"]
    return {"cells": cells, "stopped": stopped}


def run_queue():
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="tslab", startup_timeout=120)
    try:
        statuses = {}
        for stop_on_error in (True, False):
            first = client.execute('throw new Error("first");', stop_on_error=stop_on_error)
            second = client.execute('console.log("second");')
            replies = {}
            while len(replies) < 2:
                reply = client.get_shell_msg(timeout=60)
                if reply["msg_type"] == "execute_reply":
                    replies[reply["parent_header"]["msg_id"]] = reply["content"]["status"]
            statuses[f"stop_on_error={str(stop_on_error).lower()}"] = [replies[first], replies[second]]
            time.sleep(0.5)  # past the kernel's 200 ms window in which new requests are aborted too
        return statuses
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


if __name__ == "__main__":
    if sys.argv[1] == "notebook":
        result = run_notebook(sys.argv[2], "--allow-errors" in sys.argv[3:])
    else:
        result = run_queue()
    print(json.dumps(result))
