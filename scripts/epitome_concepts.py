#!/usr/bin/env python3
"""How well the built-in concepts, untrained, recognise empathy mechanisms
in EPITOME (Sharma et al. 2020; Reddit responses to help-seeking posts).

Scores the test split's responses as answers to the `active-listening`
question (whose rubric has the library `empathy` concept and the
`open-questions` concept) and compares, as a binary task, `empathy` hit
with emotional reactions level >= 1 and `open-questions` hit with
explorations level >= 1. Prints macro-F1 (and the majority-class floor)
with cues alone (`--no-concept-estimate`), with the learned concept
estimate (the default) and with the semantic matcher too (`--semantic`).

    python3 scripts/epitome_concepts.py ../shared/datasets/epitome [--split test]
"""

import argparse
import csv
import pathlib

import assay_batch

TASKS = (("emotional-reactions-reddit.csv", "empathy"), ("explorations-reddit.csv", "open-questions"))


def macro_f1(gold, predicted):
    f1s = []
    for label in (0, 1):
        tp = sum(g == label and p == label for g, p in zip(gold, predicted))
        fp = sum(g != label and p == label for g, p in zip(gold, predicted))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / 2


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", type=pathlib.Path)
    parser.add_argument("--split", default="test")
    parser.add_argument("--assay", default=assay_batch.DEFAULT_ASSAY)
    args = parser.parse_args()
    with open(args.dataset / "split.csv", newline="", encoding="utf-8") as f:
        wanted = {r["rp_id"] for r in csv.DictReader(f) if r["split"] == args.split}
    for file_name, concept in TASKS:
        with open(args.dataset / file_name, newline="", encoding="utf-8") as f:
            rows = [r for r in csv.DictReader(f) if r["rp_id"] in wanted]
        gold = [int(int(r["level"]) >= 1) for r in rows]
        floor = macro_f1(gold, [int(sum(gold) * 2 > len(gold))] * len(gold))
        line = f"{file_name.split('-reddit')[0]:20} {concept:15} n {len(rows)}  majority floor {floor:.3f}"
        modes = (("cues", ["--no-concept-estimate"]), ("cues + estimate", []),
                 ("+ semantic", ["--semantic"]))
        for label, options in modes:
            batch = ((r["rp_id"], "active-listening", r["response_post"]) for r in rows)
            results = {r["row"]: r for r in assay_batch.score(args.assay, batch, options)}
            predicted = []
            for n in range(1, len(rows) + 1):
                hit = [c["hit"] for c in results[n].get("concepts") or [] if c["id"] == concept]
                predicted.append(int(bool(hit and hit[0])))
            line += f"  {label}: macro-F1 {macro_f1(gold, predicted):.3f}"
        print(line)


if __name__ == "__main__":
    main()
