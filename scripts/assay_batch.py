"""Score rows with `assay batch`, for the measurement scripts beside this one.

`score(assay, rows, options)` writes `rows` (candidate id, question id,
answer) as a batch CSV to a temporary folder, runs
`assay [options] batch IN -o OUT.jsonl --detail full` (the full rows, which
these scripts read), and returns the JSON Lines rows in input order; it
exits with assay's message if the run fails.
"""

import csv
import json
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_ASSAY = str(ROOT / "target" / "release" / "assay")


def score(assay, rows, global_options=(), batch_options=()):
    """The JSON Lines rows `assay batch` writes for `rows`, in input order."""
    with tempfile.TemporaryDirectory() as tmp:
        answers = pathlib.Path(tmp) / "answers.csv"
        scores = pathlib.Path(tmp) / "scores.jsonl"
        with answers.open("w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["candidate_id", "question_id", "answer"])
            w.writerows(rows)
        cmd = [assay, *global_options, "batch", str(answers), "-o", str(scores), "--detail", "full", *batch_options]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            sys.exit(f"assay batch failed ({done.returncode}):\n{done.stderr}")
        with scores.open(encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]


def rubrics_copy(folder, concepts=None, red_flags=None):
    """A copy of the repository's rubrics/ in `folder` in which every concept
    (with `concepts`) or every red flag (with `red_flags`), in the library
    and in the questions, sets that `example-threshold`."""
    shutil.copytree(ROOT / "rubrics", folder)
    for kind, threshold in (("concepts", concepts), ("red-flags", red_flags)):
        if threshold is None:
            continue
        line = f"example-threshold = {threshold}"
        for path in (folder / kind).glob("*.toml"):
            text = path.read_text(encoding="utf-8")
            path.write_text(re.sub(r"^(id = .*)$", rf"\1\n{line}", text, count=1, flags=re.M), encoding="utf-8")
        header = f"[[{kind}]]\n"
        for path in (folder / "questions").glob("*.toml"):
            blocks = re.split(r"(?m)^(?=\[\[)", path.read_text(encoding="utf-8"))
            blocks = [b.replace(header, f"{header}{line}\n", 1)
                      if b.startswith(header) and re.search(r"(?m)^id = ", b) else b for b in blocks]
            path.write_text("".join(blocks), encoding="utf-8")
    return folder
