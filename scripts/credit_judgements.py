#!/usr/bin/env python3
"""Judged precision of concept credits (docs/EVALUATION.md, "Do concept
credits show what they claim?").

Reads examples/labelled/credit-judgements/judged-credits.csv: one row per
(concept, sentence) credit that `assay batch` gave on the held-out rounds 3
and 4, with where it came from (`cue` or `estimate`) and two judges' 0/1
verdicts, given blind to the source under BRIEF.md. Prints the judges'
agreement (Cohen's kappa) and the share of credits judged to show the
concept, by source, for the first eight library concepts, the other eight
and all.

    python3 scripts/credit_judgements.py
"""

import collections
import csv
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from concept_model import ROOT, SECOND_SET  # noqa: E402

FILE = ROOT / "examples/labelled/credit-judgements/judged-credits.csv"


def main():
    rows = list(csv.DictReader(open(FILE, newline="", encoding="utf-8")))
    a = [int(r["judge_1"]) for r in rows]
    b = [int(r["judge_2"]) for r in rows]
    agree = sum(x == y for x, y in zip(a, b)) / len(rows)
    pa, pb = sum(a) / len(a), sum(b) / len(b)
    chance = pa * pb + (1 - pa) * (1 - pb)
    print(f"{len(rows)} credits; judges agree {agree:.2f}, kappa {(agree - chance) / (1 - chance):.2f}")
    shown = collections.defaultdict(lambda: [0.0, 0])
    for r, x, y in zip(rows, a, b):
        group = "new eight" if r["concept"] in SECOND_SET else "old eight"
        for key in ((r["source"], group), (r["source"], "all")):
            shown[key][0] += (x + y) / 2
            shown[key][1] += 1
    for (source, group), (total, n) in sorted(shown.items()):
        print(f"  by {source:<8} {group:<9} {total / n:.2f} judged to show the concept ({n} credits)")


if __name__ == "__main__":
    main()
