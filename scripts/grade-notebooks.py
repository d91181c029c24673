"""Grade student notebooks: run each headless with the official checks appended, and score every exercise.

Usage (through scripts/grade.sh, which finds a Python with nbclient and lists the exercises):
    grade-notebooks.py --exercises FILE [--out DIR] [--timeout S] [--jobs N] [--whole] FOLDER

FOLDER holds one sub-folder of notebooks per student (or the notebooks of one student). A student's notebook
is matched to the course's notebook of the same file name, else of the same "NN-" prefix, else the one whose
checks it calls. It is run from its exercise section (the markdown cell tagged "exercises"; the whole
notebook with --whole, or when the tag is gone), followed by the grader's own cells: the library's import,
`at.coursework.startGrading()`, then the official check cell of every exercise (the cells tagged "check" of
the course's notebook), so that an edited or deleted check cell changes nothing. Cells may fail (errors are
allowed) and a cell that runs longer than --timeout seconds is interrupted, so a notebook that throws or
loops still gets every other exercise graded. The checks append their reports to a file
(AT_COURSEWORK_RESULTS); only the reports written after startGrading() count. An exercise without a report
gets 0 points and the reason: the error of its check cell (a renamed function is a TypeScriptError), a
timeout, a dead kernel, or a notebook not handed in.

Writes to --out (default build/grades): grades.csv (points per exercise and total, one row per student),
grades.html (the same with each exercise's feedback), feedback/<student>.md, and executed/<student>/ (the
notebooks as graded, one file per student).

A student's notebooks run one after the other in one kernel (each notebook's exercise section, then its
grader cells), which starts the kernel once per student; if the kernel dies, the notebooks after the one it
died in run again in a fresh kernel.
"""
import argparse
import concurrent.futures
import csv
import html
import json
import os
import re
import sys
import tempfile
import time

import nbformat
from nbclient import NotebookClient

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHECK = re.compile(r'coursework\.check\(\s*"(\d\d\.\d+)"')
# Seconds the grader's first cell may take: it imports (compiles) the library.
SETUP_TIMEOUT = 900


def tags(cell):
    return cell.get("metadata", {}).get("tags", [])


def course_notebooks():
    """{file name: [(exercise id, official check source)]} for the course's notebooks that have checks."""
    found = {}
    folder = os.path.join(ROOT, "notebooks")
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".ipynb"):
            continue
        nb = nbformat.read(os.path.join(folder, name), as_version=4)
        checks = [(m.group(1), cell.source) for cell in nb.cells if cell.cell_type == "code" and "check" in tags(cell)
                  for m in [CHECK.search(cell.source)] if m]
        if checks:
            found[name] = checks
    return found


def students(folder):
    """[(student name, folder of their notebooks)]."""
    subfolders = sorted(e.path for e in os.scandir(folder) if e.is_dir() and any(n.endswith(".ipynb") for n in os.listdir(e.path)))
    if subfolders:
        return [(os.path.basename(p), p) for p in subfolders]
    return [(os.path.basename(os.path.normpath(folder)), folder)]


def match(student_folder, official, ids):
    names = sorted(n for n in os.listdir(student_folder) if n.endswith(".ipynb"))
    if official in names:
        return os.path.join(student_folder, official)
    for n in names:
        if n[:2] == official[:2] and not n[2:3].isdigit():
            return os.path.join(student_folder, n)
    for n in names:
        try:
            nb = nbformat.read(os.path.join(student_folder, n), as_version=4)
        except Exception:
            continue
        if any(m.group(1) in ids for cell in nb.cells if cell.cell_type == "code" for m in CHECK.finditer(cell.source)):
            return os.path.join(student_folder, n)
    return None


def first_error(cell):
    for out in cell.get("outputs", []):
        if out.get("output_type") == "error":
            value = (out.get("evalue") or "").strip()
            return f'{out.get("ename", "Error")}: {value[:400]}'
    return None


def interrupted(cell):
    return any(out.get("output_type") == "error" and "interrupted" in (out.get("evalue") or "") for out in cell.get("outputs", []))


class Part:
    """One course notebook of one student: the student's cells to run, then the grader's cells."""

    def __init__(self, official, checks, path, whole):
        self.official, self.checks, self.path = official, checks, path
        self.results, self.notes, self.cells = {}, [], []
        if path is None:
            self.fail("not handed in", f"no notebook for {official} in the hand-in")
            return
        try:
            student_nb = nbformat.read(path, as_version=4)
        except Exception as error:  # not JSON, not a notebook
            self.fail("unreadable notebook", f"{os.path.basename(path)} cannot be read: {error}")
            return
        self.metadata = student_nb.metadata
        cells = list(student_nb.cells)
        start = next((i for i, c in enumerate(cells) if "exercises" in tags(c)), None)
        if not whole:
            if start is None:
                self.notes.append(f'{official}: no cell tagged "exercises", ran the whole notebook')
            else:
                cells = cells[start:]
        # The grader's first cell imports the library (compiling it takes a minute on a busy machine, so it
        # has its own timeout), and so the student's cells find `at` even if theirs is gone or fails.
        setup = nbformat.v4.new_code_cell('import * as at from "./lib";')
        setup.metadata["grader_setup"] = True
        cells = [setup] + cells
        self.student_cells = len(cells)
        self.cells = cells + [nbformat.v4.new_code_cell('import * as at from "./lib";\nat.coursework.startGrading();')]
        self.cells += [nbformat.v4.new_code_cell(source) for _, source in checks]
        self.cells += [nbformat.v4.new_code_cell("at.coursework.stopGrading();")]

    def fail(self, status, feedback):
        for exercise, _ in self.checks:
            self.results.setdefault(exercise, {"score": 0, "status": status, "feedback": feedback})

    def collect(self, reported, timeout, stopped):
        """Scores from the grader's reports; for a check without one, the reason from its cell."""
        for k, (exercise, _) in enumerate(self.checks):
            if exercise in self.results:
                continue
            cell = self.cells[self.student_cells + 1 + k]
            if exercise in reported:
                entry = reported[exercise]
                self.results[exercise] = {"score": entry["score"], "status": "passed" if entry["passed"] else "failed", "feedback": entry["feedback"]}
            elif interrupted(cell):
                self.results[exercise] = {"score": 0, "status": "timed out", "feedback": f"the check did not finish within {timeout} s (an endless loop?)"}
            else:
                reason = first_error(cell) or stopped or "the check did not run"
                self.results[exercise] = {"score": 0, "status": "error", "feedback": f"the official check could not run: {reason}"}


def run_parts(parts, options, reports_file):
    """Runs the parts in one kernel; when the kernel dies, the rest in a fresh one. Returns the executed cells."""
    executed = []
    pending = [p for p in parts if p.cells]
    while pending:
        cells = [cell for p in pending for cell in p.cells]
        for k, cell in enumerate(cells):
            cell["id"] = f"graded-{k}"  # the parts' cells come from several notebooks: ids must stay unique
        nb = nbformat.v4.new_notebook(cells=cells, metadata=pending[0].metadata)
        current = {"index": None}
        client = NotebookClient(nb, kernel_name="tslab", timeout=options["timeout"], startup_timeout=180, allow_errors=True,
                                timeout_func=lambda cell: SETUP_TIMEOUT if cell.metadata.get("grader_setup") else options["timeout"],
                                interrupt_on_timeout=True, record_timing=False, resources={"metadata": {"path": ROOT}},
                                on_cell_start=lambda cell, cell_index: current.update(index=cell_index))
        stopped, died_in = None, None
        try:
            client.execute()
        except Exception as error:  # a dead kernel, a timeout the kernel did not survive, a failed start
            died_in = current["index"] if current["index"] is not None else 0
            stopped = f"the kernel stopped in cell {died_in + 1} of the graded run ({type(error).__name__}: {str(error)[:200]})"
        reported = {}
        with open(reports_file, encoding="utf-8") as f:
            for line in f:
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue
                if entry.get("phase") == "grading":
                    reported[entry["id"]] = entry
        executed.extend(nb.cells if died_in is None else nb.cells[: died_in + 1])
        offset, remaining = 0, []
        for p in pending:
            if died_in is None or died_in >= offset + len(p.cells):
                p.collect(reported, options["timeout"], None)
            elif died_in >= offset:
                p.notes.append(stopped)
                p.collect(reported, options["timeout"], stopped)
            else:
                remaining.append(p)
            offset += len(p.cells)
        pending = remaining
    return executed


def grade_student(task):
    """Grades one student's hand-in in one kernel; returns {"student", "note", "results": {id: {...}}}."""
    student, path, course, options = task
    started = time.time()
    parts = [Part(official, checks, match(path, official, [i for i, _ in checks]), options["whole"]) for official, checks in course.items()]
    reports = tempfile.NamedTemporaryFile(prefix="at-grade-", suffix=".jsonl", delete=False)
    reports.close()
    os.environ["AT_COURSEWORK_RESULTS"] = reports.name
    os.environ.setdefault("AT_SCALE", "quick")
    try:
        executed = run_parts(parts, options, reports.name)
    finally:
        os.unlink(reports.name)
    if executed:
        os.makedirs(os.path.join(options["out"], "executed"), exist_ok=True)
        nbformat.write(nbformat.v4.new_notebook(cells=executed, metadata=next(p.metadata for p in parts if p.cells)),
                       os.path.join(options["out"], "executed", f"{student}.ipynb"))
    results = {exercise: r for p in parts for exercise, r in p.results.items()}
    handed = [p.official for p in parts if p.path]
    notes = [n for p in parts for n in p.notes] + [f"{len(handed)} notebooks in {time.time() - started:.0f} s"]
    return {"student": student, "note": "; ".join(notes), "results": results}


def write_outputs(out, exercises, graded):
    by_student = {}
    for r in graded:
        by_student.setdefault(r["student"], {}).update(r["results"])
    points = {e["id"]: e["points"] for e in exercises}
    ids = [e["id"] for e in exercises if any(e["id"] in res for res in by_student.values())]
    maximum = sum(points[i] for i in ids)
    rows = []
    for student in sorted(by_student):
        results = by_student[student]
        earned = {i: round(points[i] * results[i]["score"], 2) if i in results else 0 for i in ids}
        rows.append((student, earned, round(sum(earned.values()), 2)))
    with open(os.path.join(out, "grades.csv"), "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["student", *ids, "total", "max"])
        for student, earned, total in rows:
            writer.writerow([student, *[earned[i] for i in ids], total, maximum])
    titles = {e["id"]: e["title"] for e in exercises}
    head = "".join(f'<th title="{html.escape(titles[i])}">{i}</th>' for i in ids)
    body = []
    details = []
    os.makedirs(os.path.join(out, "feedback"), exist_ok=True)
    for student, earned, total in rows:
        results = by_student[student]
        cells = []
        for i in ids:
            r = results.get(i, {"score": 0, "status": "missing", "feedback": ""})
            colour = "#d4f4d4" if r["score"] == 1 else "#fff1c4" if r["score"] > 0 else "#f8d0d0"
            cells.append(f'<td style="background:{colour}" title="{html.escape(r["status"])}"><a href="#{html.escape(student)}-{i}">{earned[i]:g}</a></td>')
        body.append(f"<tr><th>{html.escape(student)}</th>{''.join(cells)}<td><b>{total:g}</b> / {maximum:g}</td></tr>")
        items = "".join(f'<li id="{html.escape(student)}-{i}"><b>{i}</b> ({html.escape(results.get(i, {}).get("status", "missing"))}): '
                        f'<pre>{html.escape(results.get(i, {}).get("feedback", ""))}</pre></li>' for i in ids)
        details.append(f"<h2>{html.escape(student)}</h2><ul>{items}</ul>")
        with open(os.path.join(out, "feedback", f"{student}.md"), "w", encoding="utf-8") as f:
            f.write(f"# Feedback for {student}: {total:g} / {maximum:g} points\n\n")
            for i in ids:
                r = results.get(i, {"status": "missing", "feedback": ""})
                f.write(f"## {i} — {titles[i]}: {earned[i]:g} / {points[i]:g} ({r['status']})\n\n```\n{r['feedback']}\n```\n\n")
    with open(os.path.join(out, "grades.html"), "w", encoding="utf-8") as f:
        f.write(f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Grades</title>
<style>body {{ font-family: "DejaVu Sans", sans-serif; margin: 2em; }} table {{ border-collapse: collapse; }}
td, th {{ border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: center; }} pre {{ white-space: pre-wrap; background: #f6f6f6; padding: 0.5em; }}</style>
</head><body><h1>Grades</h1><p>Points per exercise (hover for the status, click for the feedback). Generated by <code>npm run grade</code>.</p>
<table><tr><th>student</th>{head}<th>total</th></tr>{''.join(body)}</table>{''.join(details)}</body></html>
""")
    return ids, rows, maximum


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", help="folder of student notebooks: one sub-folder per student, or one student's notebooks")
    parser.add_argument("--exercises", required=True, help="JSON list of the exercises (scripts/coursework/exercise-info.ts)")
    parser.add_argument("--base", default=os.getcwd(), help="folder that relative paths are relative to")
    parser.add_argument("--out", default=os.path.join(ROOT, "build", "grades"))
    parser.add_argument("--timeout", type=int, default=120, help="seconds a cell may run before it is interrupted (default 120)")
    parser.add_argument("--jobs", type=int, default=1, help="notebooks graded at the same time (default 1)")
    parser.add_argument("--whole", action="store_true", help="run whole notebooks, not only their exercise sections")
    args = parser.parse_args()
    folder = os.path.join(args.base, args.folder)
    out = os.path.join(args.base, args.out)
    if not os.path.isdir(folder):
        print(f"no such folder: {folder}", file=sys.stderr)
        return 2
    with open(args.exercises, encoding="utf-8") as f:
        exercises = json.load(f)
    os.makedirs(out, exist_ok=True)
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [os.path.join(ROOT, "jupyter"), os.environ.get("JUPYTER_PATH")]))
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    course = course_notebooks()
    options = {"timeout": args.timeout, "whole": args.whole, "out": out}
    tasks = [(student, path, course, options) for student, path in students(folder)]
    graded = []
    with concurrent.futures.ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for result in pool.map(grade_student, tasks):
            graded.append(result)
            score = sum(r["score"] for r in result["results"].values())
            print(f"[grade] {result['student']}: {score:g} of {len(result['results'])} exercises ({result['note']})", flush=True)
    ids, rows, maximum = write_outputs(out, exercises, graded)
    print("\nstudent".ljust(24) + "".join(i.rjust(7) for i in ids) + "  total")
    for student, earned, total in rows:
        print(student[:22].ljust(23) + "".join(f"{earned[i]:7g}" for i in ids) + f"  {total:g}/{maximum:g}")
    print(f"\n[grade] wrote {os.path.relpath(out, args.base)}/grades.csv, grades.html and feedback/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
