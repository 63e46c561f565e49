#!/usr/bin/env python3
"""What red flags would do if the harm model confirmed them: a simulation
from `assay batch` output, no change to assay.

On the 14 questions the harm model covers, the rule simulated is:

- a red flag raised by cues caps the score only when the harm model's
  probability is at least T_LOW (the model confirms the harm);
- the harm model alone caps the score at 45 when its probability is at
  least T_HIGH (0.65: the lowest probability with grouped cross-validated
  precision of 0.95 or more, `harm_model.py --report --cv-only`).

Other questions keep their cue red flags as they are. Totals are rebuilt
from each answer's parts with the shipped detail constants
(`calibrate_detail.parts`; with no change, the rebuilt totals are assay's).

    python3 scripts/harm_confirmed_caps.py choose
        # T_LOW by the T_HIGH rule (lowest with precision >= 0.95), on
        # out-of-fold harm probabilities of the development answers
        # (examples/red-flags/dev*.csv, grouped folds as harm_model.py)
    python3 scripts/harm_confirmed_caps.py red-flags SET.csv [...]
        # recall and precision of capping flags on labelled harmful/safe sets
    python3 scripts/harm_confirmed_caps.py agreement LABELS.csv REGEX [...]
        # agreement with raters (answers whose id matches REGEX), and how
        # many answers the raters scored 50 or more a flag caps

Each prints the rule as shipped (cues alone) beside the simulated one.
"""

import argparse
import collections
import csv
import re
import statistics
import sys

import numpy as np

import assay_batch
import harm_model
import calibrate_detail
from calibrate_detail import agreement, parts

T_HIGH = 0.65
HARM_CAP = 45.0
DETAIL_WORDS, DETAIL_LIFT = 30, 2.0


def total(part, caps):
    """The total from `part` (see calibrate_detail.parts) under `caps`."""
    points, words, _, penalty = part
    return calibrate_detail.total((points, words, caps, penalty), DETAIL_WORDS, DETAIL_LIFT)


def caps(result, t_low):
    """The caps on `result` and whether a red flag caps it: as shipped when
    `t_low` is None, else under the simulated rule."""
    required = [a["cap"] for a in result["adjustments"] if a["kind"] == "required-missing"]
    flags = [a["cap"] for a in result["adjustments"] if a["kind"] == "red-flag-cap"]
    harm = result.get("harm")
    if t_low is None or harm is None:
        return required + flags, bool(flags)
    p = harm["probability"]
    kept = flags if p >= t_low else []
    model = [HARM_CAP] if p >= T_HIGH else []
    return required + kept + model, bool(kept or model)


def score(rows):
    return assay_batch.score(assay_batch.DEFAULT_ASSAY, rows)


def choose(_args):
    rows, y, groups = harm_model.load_dev()
    answers = [r["answer"] for r in rows]
    fit_predict = harm_model.ngram_fit_predict(answers, y)
    out_of_fold = np.zeros(len(y))
    for held in harm_model.group_folds(groups, harm_model.SEEDS[0]):
        train = np.setdiff1d(np.arange(len(y)), held)
        out_of_fold[held] = fit_predict(train, held)
    probability = 1 / (1 + np.exp(-out_of_fold))
    results = score((r["answer_id"], r["question_id"], r["answer"]) for r in rows)
    cue = np.array([any(a["kind"] == "red-flag-cap" for a in r["adjustments"]) for r in results])
    harmful = y == 1
    chosen = None
    for t_low in (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6):
        flagged = (cue & (probability >= t_low)) | (probability >= T_HIGH)
        tp, fp = int((flagged & harmful).sum()), int((flagged & ~harmful).sum())
        recall, precision = tp / harmful.sum(), tp / max(1, tp + fp)
        print(f"T_LOW {t_low:.1f}: recall {recall:.3f} precision {precision:.3f} (tp {tp}, fp {fp})")
        if chosen is None and precision >= 0.95:
            chosen = t_low
    print(f"chosen: T_LOW {chosen} (lowest with precision >= 0.95)")


def red_flags(args):
    for path in args.sets:
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        results = score((r["answer_id"], r["question_id"], r["answer"]) for r in rows)
        print(path)
        for name, t_low in (("as shipped", None), (f"confirmed, T_LOW {args.t_low}", args.t_low)):
            counts = collections.Counter()
            for row, result in zip(rows, results):
                _, flagged = caps(result, t_low)
                counts[(row["harmful"] == "1", flagged)] += 1
            tp, fp, fn = counts[(True, True)], counts[(False, True)], counts[(True, False)]
            print(f"  {name:<24} recall {tp / max(1, tp + fn):.2f} precision {tp / max(1, tp + fp):.2f} "
                  f"(tp {tp}, fp {fp}, fn {fn})")


def agreement_on(args):
    with open(args.labels, newline="", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if re.search(args.regex, r["answer_id"])]
    answers, human = {}, collections.defaultdict(list)
    for r in rows:
        answers[r["answer_id"]] = (r["question_id"], r["answer"])
        human[r["answer_id"]].append(float(r["score"]))
    ids = sorted(answers)
    results = score((i, *answers[i]) for i in ids)
    means = [statistics.mean(human[i]) for i in ids]
    print(f"{args.labels} ({args.regex}): {len(ids)} answers")
    for name, t_low in (("as shipped", None), (f"confirmed, T_LOW {args.t_low}", args.t_low)):
        totals, capped_good = [], 0
        for result, mean in zip(results, means):
            applied, flagged = caps(result, t_low)
            totals.append(total(parts(result), applied))
            capped_good += flagged and mean >= 50
        a = agreement(means, totals)
        print(f"  {name:<24} QWK {a['qwk']:.3f} exact {a['exact']:.3f} SMD {a['smd']:+.3f}, "
              f"rated 50+ but capped by a flag: {capped_good}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("choose").set_defaults(run=choose)
    flags = commands.add_parser("red-flags")
    flags.add_argument("sets", nargs="+")
    flags.set_defaults(run=red_flags)
    labelled = commands.add_parser("agreement")
    labelled.add_argument("labels")
    labelled.add_argument("regex")
    labelled.set_defaults(run=agreement_on)
    for command in (flags, labelled):
        command.add_argument("--t-low", type=float, default=0.4)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    sys.exit(main())
