#!/usr/bin/env python3
"""Calibrate the detail factor (crates/assay-score/src/detail.rs) by
cross-validation on labelled answers.

Scores every answer of a labelled CSV (the `assay eval` format) with
`assay batch`, rebuilds each total from its parts (the concept points, the
distinct content words, the required-concept and red-flag caps), and
searches (highest QWK with the standardised mean difference within +-0.15)
the two constants: the distinct content words that count in full
(W) and the largest lift (cap); the factor is min(cap, (1 + words) / (1 + W)),
applied to every concept's points when below 1 and only to the question's
own (non-library) concepts' points when above.
Folds are by question (5), over the answers whose id matches --held-out
(default: the second round, `-g`, which no cue was revised on). Prints the
cross-validated agreement with the raters' mean (QWK and exact on the levels
20/50/75, standardised mean difference), the same figures with no detail
factor, and the constants chosen on all of those answers.

With --thresholds (and --semantic), the semantic matcher's concept
threshold is searched too, in the same folds: the answers are scored once
per threshold, with a copy of rubrics/ in which every concept sets that
`example-threshold`, and each fold picks the threshold with W and the cap.

    python3 scripts/calibrate_detail.py examples/labelled/labelled.csv [--semantic]
    python3 scripts/calibrate_detail.py examples/labelled/labelled.csv --semantic --thresholds 0.54,0.58,0.62,0.66
"""

import argparse
import collections
import csv
import pathlib
import random
import re
import statistics
import tempfile

import assay_batch

LIBRARY = {p.stem for p in (assay_batch.ROOT / "rubrics" / "concepts").glob("*.toml")}

LEVELS = (20, 50, 75)
WORDS_GRID = (20, 25, 30, 35, 40, 50, 60, 80, 100)
CAP_GRID = (1.0, 1.5, 2.0)


def level(x):
    return sum(x >= m for m in LEVELS)


def qwk(a, b, k=4):
    observed = [[0] * k for _ in range(k)]
    for x, y in zip(a, b):
        observed[x][y] += 1
    n = len(a)
    rows = [sum(r) for r in observed]
    cols = [sum(observed[i][j] for i in range(k)) for j in range(k)]
    num = sum((i - j) ** 2 * observed[i][j] for i in range(k) for j in range(k))
    den = sum((i - j) ** 2 * rows[i] * cols[j] / n for i in range(k) for j in range(k))
    return 1 - num / den if den else 0.0


def agreement(human, machine):
    hl = [level(h) for h in human]
    ml = [level(m) for m in machine]
    sd = statistics.pstdev(human)
    return {
        "qwk": qwk(hl, ml),
        "exact": sum(a == b for a, b in zip(hl, ml)) / len(hl),
        "smd": (statistics.mean(machine) - statistics.mean(human)) / sd if sd else 0.0,
    }


def parts(result):
    """Concept points (library, own), distinct content words, the caps and
    penalties applied after the concept points."""
    concepts = result["concepts"]
    points = (
        sum(c["points"] for c in concepts if c["id"] in LIBRARY),
        sum(c["points"] for c in concepts if c["id"] not in LIBRARY),
    )
    caps, penalty = [], 0.0
    for a in result["adjustments"]:
        if a["kind"] in ("required-missing", "red-flag-cap"):
            caps.append(a["cap"])
        elif a["kind"] == "red-flag-penalty":
            penalty += a["penalty"]
    return points, result["detail"]["words"], caps, penalty


def total(part, words_full, cap):
    (library, own), words, caps, penalty = part
    factor = min(cap, (1 + words) / (1 + words_full))
    t = min(100.0, library * min(factor, 1.0) + own * factor)
    for c in caps:
        t = min(t, c)
    return max(0.0, t - penalty)


def best(parts_list, human):
    """The grid point with the highest QWK among those whose standardised
    mean difference is within +-0.15 (the agreement target); if none is,
    the one with the smallest difference."""
    scored = []
    for w in WORDS_GRID:
        for cap in CAP_GRID:
            a = agreement(human, [total(p, w, cap) for p in parts_list])
            scored.append((abs(a["smd"]) <= 0.15, a["qwk"], -abs(a["smd"]), w, cap))
    within = [s for s in scored if s[0]]
    if within:
        _, _, _, w, cap = max(within)
    else:
        _, _, _, w, cap = max(scored, key=lambda s: s[2])
    return w, cap


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labels")
    parser.add_argument("--held-out", default="-g", help="regex on answer_id (default: -g)")
    parser.add_argument("--assay", default=assay_batch.DEFAULT_ASSAY)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--semantic", action="store_true",
                        help="score with the semantic matcher on (assay --semantic)")
    parser.add_argument("--thresholds", help="with --semantic: concept thresholds to search, e.g. 0.54,0.58,0.62")
    args = parser.parse_args()

    with open(args.labels, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    answers, human = {}, collections.defaultdict(list)
    for r in rows:
        if re.search(args.held_out, r["answer_id"]):
            answers[r["answer_id"]] = (r["question_id"], r["answer"])
            human[r["answer_id"]].append(float(r["score"]))
    ids = sorted(answers)
    options = ["--semantic"] if args.semantic else []
    thresholds = [float(t) for t in args.thresholds.split(",")] if args.thresholds else [None]
    if thresholds != [None] and not args.semantic:
        parser.error("--thresholds needs --semantic")
    part_at = {}
    with tempfile.TemporaryDirectory() as tmp:
        for t in thresholds:
            extra = []
            if t is not None:
                extra = ["--rubrics", str(assay_batch.rubrics_copy(pathlib.Path(tmp) / str(t), concepts=t))]
            rows = ((i, *answers[i]) for i in ids)
            results = {r["row"]: r for r in assay_batch.score(args.assay, rows, options, extra)}
            part_at[t] = {i: parts(results[n]) for n, i in enumerate(ids, start=1)}
    mean = {i: statistics.mean(human[i]) for i in ids}

    questions = sorted({answers[i][0] for i in ids})
    random.Random(args.seed).shuffle(questions)
    fold = {q: n % 5 for n, q in enumerate(questions)}
    def best_of_thresholds(chosen_ids):
        """The (threshold, W, cap) with the highest QWK within the SMD
        target on `chosen_ids`, as `best` ranks them."""
        h = [mean[i] for i in chosen_ids]
        ranked = []
        for t in thresholds:
            w, cap = best([part_at[t][i] for i in chosen_ids], h)
            a = agreement(h, [total(part_at[t][i], w, cap) for i in chosen_ids])
            ranked.append((abs(a["smd"]) <= 0.15, a["qwk"], -abs(a["smd"]), -(t or 0), w, cap, t))
        *_, w, cap, t = max(ranked)
        return t, w, cap

    predicted, chosen = {}, []
    for f in range(5):
        train = [i for i in ids if fold[answers[i][0]] != f]
        t, w, cap = best_of_thresholds(train)
        chosen.append((w, cap) if t is None else (t, w, cap))
        for i in ids:
            if fold[answers[i][0]] == f:
                predicted[i] = total(part_at[t][i], w, cap)
    h = [mean[i] for i in ids]
    print(f"{len(ids)} answers, {len(questions)} questions, 5 folds by question")
    part = part_at[thresholds[0]]
    without = agreement(h, [total(part[i], 0, 1.0) for i in ids])
    print("no detail factor:       qwk {qwk:.3f}  exact {exact:.3f}  smd {smd:+.3f}".format(**without))
    print("cross-validated:        qwk {qwk:.3f}  exact {exact:.3f}  smd {smd:+.3f}".format(**agreement(h, [predicted[i] for i in ids])))
    print("chosen per fold:", chosen, "(threshold, W, cap)" if thresholds != [None] else "(W, cap)")
    t, w, cap = best_of_thresholds(ids)
    print(f"chosen on all: W {w}, cap {cap}" + ("" if t is None else f", threshold {t}"))


if __name__ == "__main__":
    main()
