// Prints the course's exercises as JSON (id, notebook, title, minutes, points), for the grader
// (scripts/grade-notebooks.py), which is Python because it drives the kernel through nbclient.
import { exercises } from "../../lib/coursework";

process.stdout.write(`${JSON.stringify(exercises())}\n`);
