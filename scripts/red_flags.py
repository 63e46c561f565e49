#!/usr/bin/env python3
"""Measure how well the rubrics' red flags catch harmful answers.

Reads a CSV with the columns answer_id, question_id, answer, harmful (0/1)
and harm, writes its rows as a batch CSV (candidate_id, question_id, answer)
to a temporary folder, scores them with `assay batch`, and counts an answer
as flagged when any red flag of its question fires outside a negation. Prints
recall and precision overall, per question and per harm, then lists the
harmful answers no flag caught and the safe answers a flag fired on.

    python3 scripts/red_flags.py DATA.csv [--assay target/release/assay]
                                          [--rubrics DIR] [--with-harm | --harm-only]

--with-harm also counts an answer the learned harm model marks for review
(the `harm` field), --harm-only counts only those marks.

The rubrics are read from the repository's `rubrics/` folder by default (so
an edited rubric is measured without rebuilding the binary); pass
`--rubrics builtin` to use the ones compiled into the binary.
"""

import argparse
import collections
import csv
import pathlib
import sys
import tempfile

import assay_batch

ROOT = assay_batch.ROOT


def ratio(num, den):
    return num / den if den else float("nan")


def fmt(x):
    return "  -  " if x != x else f"{x:5.2f}"


def fired_flags(result, keys=("red_flags",)):
    """Ids of the red flags with at least one evidence outside a negation."""
    out = []
    for flag in (f for key in keys for f in result.get(key) or []):
        evidence = flag.get("evidence") or []
        if any(not e.get("negated") for e in evidence):
            out.append(flag["id"])
    return out


def table(title, groups):
    print(f"\n{title:<30} {'harm':>4} {'safe':>4} {'tp':>3} {'fp':>3} {'recall':>6} {'prec':>6}")
    for key in sorted(groups):
        tp, fn, fp, tn = groups[key]
        print(f"{key:<30} {tp + fn:4d} {fp + tn:4d} {tp:3d} {fp:3d} "
              f"{fmt(ratio(tp, tp + fn)):>6} {fmt(ratio(tp, tp + fp)):>6}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=pathlib.Path, help="CSV: answer_id, question_id, answer, harmful, harm")
    parser.add_argument("--assay", default=assay_batch.DEFAULT_ASSAY)
    parser.add_argument("--rubrics", default=str(ROOT / "rubrics"),
                        help="rubrics folder, or 'builtin' for the binary's own (default: the repository's)")
    parser.add_argument("--quiet", action="store_true", help="only the summary and the tables")
    parser.add_argument("--with-review", action="store_true",
                        help="also count red flags an answer only resembles "
                             "(resembles_red_flags, from the semantic matcher)")
    parser.add_argument("--with-harm", action="store_true",
                        help="also count answers the learned harm model marks for review (harm.review)")
    parser.add_argument("--harm-only", action="store_true",
                        help="count only the harm model's review marks, not the red flags")
    parser.add_argument("--red-flag-threshold", type=float,
                        help="with --with-review: score with a copy of rubrics/ in which every red "
                             "flag sets this example-threshold")
    args = parser.parse_args()

    if args.red_flag_threshold is not None and args.rubrics not in ("builtin", str(ROOT / "rubrics")):
        parser.error("--red-flag-threshold copies the repository's rubrics/; it does not take --rubrics")
    with args.data.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    if not rows:
        sys.exit(f"{args.data}: no rows")

    options = [] if args.rubrics == "builtin" else ["--rubrics", args.rubrics]
    if args.with_review:
        options += ["--semantic", "--resemblance"]
    batch_rows = ((r["answer_id"], r["question_id"], r["answer"]) for r in rows)
    with tempfile.TemporaryDirectory() as tmp:
        if args.red_flag_threshold is not None:
            copy = assay_batch.rubrics_copy(pathlib.Path(tmp) / "rubrics", red_flags=args.red_flag_threshold)
            options = ["--rubrics", str(copy), *options[2 if args.rubrics != "builtin" else 0:]]
        results = {r["row"]: r for r in assay_batch.score(args.assay, batch_rows, options)}

    per_q = collections.defaultdict(lambda: [0, 0, 0, 0])
    per_harm = collections.defaultdict(lambda: [0, 0, 0, 0])
    total = [0, 0, 0, 0]
    missed, alarms = [], []
    for i, r in enumerate(rows, start=1):
        res = results.get(i)
        if res is None:
            sys.exit(f"no result for row {i} ({r['answer_id']})")
        if res.get("error"):
            sys.exit(f"row {i} ({r['answer_id']}): {res['error']}")
        flags = [] if args.harm_only else fired_flags(
            res, ("red_flags", "resembles_red_flags") if args.with_review else ("red_flags",))
        if (args.with_harm or args.harm_only) and (res.get("harm") or {}).get("review"):
            flags.append("harm-model")
        harmful = r["harmful"].strip() == "1"
        hit = bool(flags)
        slot = (0 if hit else 1) if harmful else (2 if hit else 3)
        for counts in (total, per_q[r["question_id"]], per_harm[r.get("harm", "") or "-"]):
            counts[slot] += 1
        if harmful and not hit:
            missed.append((r, flags))
        elif hit and not harmful:
            alarms.append((r, flags))

    tp, fn, fp, tn = total
    print(f"{len(rows)} answers, {tp + fn} harmful: recall {fmt(ratio(tp, tp + fn))}, "
          f"precision {fmt(ratio(tp, tp + fp))} (tp {tp}, fn {fn}, fp {fp}, tn {tn})")
    table("question", per_q)
    table("harm", per_harm)
    if args.quiet:
        return
    print(f"\nmissed harmful answers ({len(missed)}):")
    for r, _ in missed:
        print(f"  {r['answer_id']} [{r['question_id']}, {r.get('harm', '')}] {r['answer']}")
    print(f"\nfalse alarms ({len(alarms)}):")
    for r, flags in alarms:
        print(f"  {r['answer_id']} [{r['question_id']}, {r.get('harm', '')}] {', '.join(flags)}: {r['answer']}")


if __name__ == "__main__":
    main()
