#!/usr/bin/env python3
"""Red flags the harm estimate confirms: how the thresholds of
`rubrics/red-flags/harmful-practice.toml` were chosen, and what the rule
does beside the cue red flags alone, from `assay batch` output.

On the questions the harm model covers (all 48), the rule is:

- a red flag raised by cues caps the score only when the harm estimate is
  at least T_LOW (`confirm-at`; below it assay lists the flag for review,
  in `resembles_red_flags`), except in answers of fewer than MIN_WORDS
  words (`HARM_CONFIRM_MIN_WORDS`), where cues are not overruled;
- the estimate alone raises the red flag `harmful-practice` (cap 45) when
  it is at least T_HIGH (`raise-at`: the lowest probability with grouped
  cross-validated precision of 0.95 or more, `harm_model.py --report
  --cv-only`).

Other questions keep their cue red flags as they are. From assay's output
the script rebuilds both rules' caps (the cue flags are the raised ones
other than `harmful-practice` plus those listed for review) and the totals
from each answer's parts with the shipped detail constants
(`calibrate_detail.parts`; under the shipped thresholds the rebuilt totals
are assay's).

    python3 scripts/harm_confirmed_caps.py choose [--t-high P]
        # T_LOW by the T_HIGH rule (lowest with precision >= 0.95, or, when
        # none reaches it, lowest within 0.001 of the best), on
        # out-of-fold harm probabilities of the development answers
        # (examples/red-flags/dev*.csv, grouped folds as harm_model.py)
    python3 scripts/harm_confirmed_caps.py red-flags SET.csv [...]
        # recall and precision of capping flags on labelled harmful/safe sets
    python3 scripts/harm_confirmed_caps.py agreement LABELS.csv REGEX [...]
        # agreement with raters (answers whose id matches REGEX), and how
        # many answers the raters scored 50 or more a flag caps

Each prints the cue red flags alone beside the rule with T_LOW and T_HIGH
(`--t-low`, `--t-high`; by default the shipped ones).
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

T_HIGH = 0.55
T_LOW = 0.4
MIN_WORDS = 30
HARM_FLAG = "harmful-practice"
HARM_CAP = 45.0
DETAIL_WORDS, DETAIL_LIFT = 30, 2.0


def cue_flags(result):
    """The red flags `result`'s cues raised, confirmed or not."""
    raised = [f for f in result["red_flags"] if f["id"] != HARM_FLAG]
    return raised + result.get("resembles_red_flags", [])


def caps(result, rule, answer):
    """The caps and penalty on `result` (the score of `answer`) and whether
    a red flag caps it, under `rule`: None for the cue red flags alone, else
    (T_LOW, T_HIGH)."""
    required = [a["cap"] for a in result["adjustments"] if a["kind"] == "required-missing"]
    flags = cue_flags(result)
    harm = result.get("harm")
    if rule is not None and harm is not None:
        t_low, t_high = rule
        p = harm["probability"]
        overrules = len(harm_model.tokens(answer)) >= MIN_WORDS
        flags = flags if p >= t_low or not overrules else []
        flags = flags + ([{"cap": HARM_CAP}] if p >= t_high else [])
    flag_caps = [f["cap"] for f in flags if f.get("cap") is not None]
    penalty = sum(f.get("penalty") or 0.0 for f in flags)
    return required + flag_caps, penalty, bool(flags)


def total(result, rule, answer):
    """The total of `result` under `rule` (see caps)."""
    points, words, _, _ = parts(result)
    applied, penalty, _ = caps(result, rule, answer)
    return calibrate_detail.total((points, words, applied, penalty), DETAIL_WORDS, DETAIL_LIFT)


def rules(args):
    return (("cue red flags alone", None),
            (f"confirmed, {args.t_low} / {args.t_high}", (args.t_low, args.t_high)))


def score(rows):
    return assay_batch.score(assay_batch.DEFAULT_ASSAY, rows)


def choose(args):
    rows, y, groups = harm_model.load_dev()
    answers = [r["answer"] for r in rows]
    fit_predict = harm_model.ngram_fit_predict(answers, y)
    out_of_fold = np.zeros(len(y))
    for held in harm_model.group_folds(groups, harm_model.SEEDS[0]):
        train = np.setdiff1d(np.arange(len(y)), held)
        out_of_fold[held] = fit_predict(train, held)
    probability = 1 / (1 + np.exp(-out_of_fold))
    results = score((r["answer_id"], r["question_id"], r["answer"]) for r in rows)
    cue = np.array([bool(cue_flags(r)) for r in results])
    short = np.array([len(harm_model.tokens(a)) < MIN_WORDS for a in answers])
    harmful = y == 1
    grid = []
    for t_low in (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6):
        flagged = (cue & ((probability >= t_low) | short)) | (probability >= args.t_high)
        tp, fp = int((flagged & harmful).sum()), int((flagged & ~harmful).sum())
        recall, precision = tp / harmful.sum(), tp / max(1, tp + fp)
        print(f"T_LOW {t_low:.1f}: recall {recall:.3f} precision {precision:.4f} (tp {tp}, fp {fp})")
        grid.append((t_low, precision))
    # The rule's precision cannot pass the estimate's own at T_HIGH, so when
    # no threshold reaches 0.95 the lowest within 0.001 of the best is taken.
    best = max(p for _, p in grid)
    chosen = next((t for t, p in grid if p >= 0.95), None)
    if chosen is None:
        chosen = next(t for t, p in grid if p >= best - 0.001)
        print(f"none reaches precision 0.95; best {best:.4f}")
    print(f"chosen: T_LOW {chosen} (lowest with precision >= 0.95, else within 0.001 of the best)")


def red_flags(args):
    for path in args.sets:
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        results = score((r["answer_id"], r["question_id"], r["answer"]) for r in rows)
        print(path)
        for name, rule in rules(args):
            counts = collections.Counter()
            for row, result in zip(rows, results):
                flagged = caps(result, rule, row["answer"])[2]
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
    for name, rule in rules(args):
        totals, capped_good = [], 0
        for i, result, mean in zip(ids, results, means):
            totals.append(total(result, rule, answers[i][1]))
            capped_good += caps(result, rule, answers[i][1])[2] and mean >= 50
        a = agreement(means, totals)
        print(f"  {name:<24} QWK {a['qwk']:.3f} exact {a['exact']:.3f} SMD {a['smd']:+.3f}, "
              f"rated 50+ but capped by a flag: {capped_good}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    chooser = commands.add_parser("choose")
    chooser.set_defaults(run=choose)
    flags = commands.add_parser("red-flags")
    flags.add_argument("sets", nargs="+")
    flags.set_defaults(run=red_flags)
    labelled = commands.add_parser("agreement")
    labelled.add_argument("labels")
    labelled.add_argument("regex")
    labelled.set_defaults(run=agreement_on)
    for command in (flags, labelled):
        command.add_argument("--t-low", type=float, default=T_LOW)
    for command in (chooser, flags, labelled):
        command.add_argument("--t-high", type=float, default=T_HIGH)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    sys.exit(main())
