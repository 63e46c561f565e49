#!/usr/bin/env python3
"""Concept estimate: one logistic regression per library concept over a
sentence's word 1-3-grams (TF-IDF), trained on the labelled sentences of
examples/concepts/ (see its PROCEDURE.md).

Shipped as assay's learned concept estimate
(crates/assay-score/model/concept-ngrams.tsv, read by
crates/assay-score/src/concept_estimate.rs). A rubric concept that uses one
of these library concepts and that no cue or example earned is earned by a
sentence whose estimate reaches the concept's threshold. Needs only numpy.

    python3 scripts/concept_model.py --report
    python3 scripts/concept_model.py --check examples/labelled/round3.csv [--held-out REGEX]
    python3 scripts/concept_model.py --write crates/assay-score/model/concept-ngrams.tsv

--report  cross-validates (leave one batch of files out: each batch was
          written by its own sessions, one per concept) on the labelled
          sentences: AUC per concept, and recall and precision at the
          threshold each fold's training part chose.
--check   answer-level figures on a labelled-answers CSV (the `assay eval`
          format with concept:<id> columns): a concept is read in an answer
          when one of its sentences reaches the threshold; compared with the
          raters' majority label.
--write   trains on all labelled sentences and writes the model file.
--credits the same comparison for what `assay batch` credits (cues,
          examples and the built-in estimate together; pass assay options
          such as --no-concept-estimate after `--`), on the answers whose
          id matches --held-out.

    python3 scripts/concept_model.py --credits examples/labelled/labelled.csv --held-out=-g [-- --no-concept-estimate]

Features are those of scripts/harm_model.py (the same sentence cut, tokens,
negation marks and 1-3-grams; crates/assay-score/src/ngram_tokens.rs reads
them for both models), taken per sentence instead of per answer: the
vocabulary is every n-gram in at least 2 training sentences, idf =
ln((1 + N) / (1 + df)) + 1 over the N training sentences, values
(1 + ln count) * idf, the vector of unit length. Each concept's weights
minimise 0.5 * |w|^2 + C * (sum of log losses), C = 10, by the same
Newton's method. A concept's threshold is the probability, of
THRESHOLDS, with the best F-beta (BETA = 0.5: precision counts more) on the
out-of-fold estimates of the training sentences. Precision counts more
because an answer has many sentences, each a chance of false credit, and
false credit misleads a candidate more than a miss.

A file labels the qualities named in its header, and each concept is
fitted on the sentences that label it. The 24 first-set files of
examples/concepts/ label all sixteen, the 24 second-set files the second
eight (see its PROCEDURE.md).
"""

import argparse
import csv
import math
import pathlib
import re
import statistics
import sys
from collections import Counter, defaultdict

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import harm_model as hm  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "examples/concepts"
CONCEPTS = ("empathy", "active-listening", "autonomy", "safety-escalation", "boundaries",
            "confidentiality", "referral", "follow-up", "collaboration", "communication",
            "concrete-example", "cultural-humility", "lived-experience", "problem-solving",
            "self-care", "training")
# The second set of eight (examples/concepts/PROCEDURE.md), which the raters
# of examples/labelled/ do not label.
SECOND_SET = CONCEPTS[8:]
# A file labels the qualities of its header only; a sentence's other labels
# are unknown (-1) and leave it out of those concepts' fits and figures.
UNKNOWN = -1
# The bias of a concept with no labelled sentence to learn from.
NEVER = -30.0
C = 10.0
BETA = 0.5
THRESHOLDS = (0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)


def sentence_counts(sentence):
    words = hm.marked_tokens(sentence)
    counts = Counter()
    for n in range(1, hm.N_MAX + 1):
        for i in range(len(words) - n + 1):
            counts[" ".join(words[i:i + n])] += 1
    return counts


class Model:
    def __init__(self, sentences, labels, c=C):
        counters = [sentence_counts(s) for s in sentences]
        self.vocabulary = hm.Vocabulary(counters)
        x = self.vocabulary.vectors(counters)
        kernel = x @ x.T
        fits = []
        for k in range(labels.shape[1]):
            known = labels[:, k] != UNKNOWN
            if len(set(labels[known, k])) < 2:
                # Nothing to learn from (a fold that left out every file
                # labelling this concept): an estimate that never fires.
                fits.append((np.zeros(x.shape[1]), NEVER))
                continue
            fits.append(hm.fit(x[known], labels[known, k].astype(float), c=c,
                               kernel=kernel[np.ix_(known, known)]))
        self.w = np.array([w for w, _ in fits]).T
        self.bias = np.array([b for _, b in fits])
        self.thresholds = None

    def logits(self, sentences):
        return self.vocabulary.vectors([sentence_counts(s) for s in sentences]) @ self.w + self.bias

    def answer_logits(self, answer):
        """Each concept's highest sentence logit in the answer."""
        return self.logits(hm.sentences(answer)).max(axis=0)


def load():
    rows, groups = [], []
    for path in sorted(DATA.glob("*.csv")):
        with open(path, newline="", encoding="utf-8") as f:
            for r in csv.DictReader(f):
                rows.append(r)
                # The batch (a, b, c...): one set of writer sessions.
                groups.append(path.stem.rsplit("-", 1)[1])
    labels = np.array([[int(r[c]) if c in r else UNKNOWN for c in CONCEPTS] for r in rows])
    return [r["sentence"] for r in rows], labels, np.array(groups)


def logit(p):
    return math.log(p / (1 - p))


def best_threshold(scores, y):
    """The probability of THRESHOLDS with the highest F-beta (ties: the
    higher), over the sentences whose label is known."""
    known = y != UNKNOWN
    scores, y = scores[known], y[known]

    def f_beta(p):
        hit = scores >= logit(p)
        tp = int((hit & (y == 1)).sum())
        return (1 + BETA**2) * tp / max(1, hit.sum() + BETA**2 * y.sum())
    return max(THRESHOLDS, key=lambda p: (f_beta(p), p))


def out_of_fold(sentences, labels, groups):
    oof = np.zeros(labels.shape)
    for g in sorted(set(groups)):
        train, held = np.where(groups != g)[0], np.where(groups == g)[0]
        model = Model([sentences[i] for i in train], labels[train])
        oof[held] = model.logits([sentences[i] for i in held])
    return oof


def trained():
    """The model on all labelled sentences, with each concept's threshold
    chosen on out-of-fold estimates."""
    sentences, labels, groups = load()
    oof = out_of_fold(sentences, labels, groups)
    model = Model(sentences, labels)
    model.thresholds = [best_threshold(oof[:, k], labels[:, k]) for k in range(len(CONCEPTS))]
    return model, sentences, labels, groups, oof


def report():
    sentences, labels, groups = load()
    print(f"{len(sentences)} labelled sentences in {len(set(groups))} batches; "
          f"leave one batch out, thresholds chosen inside each fold's training part")
    oof = out_of_fold(sentences, labels, groups)
    for k, concept in enumerate(CONCEPTS):
        y = labels[:, k]
        hit = np.zeros(len(y), bool)
        for g in sorted(set(groups)):
            held, train = groups == g, groups != g
            hit[held] = oof[held, k] >= logit(best_threshold(oof[train, k], y[train]))
        known = y != UNKNOWN
        y, hit = y[known], hit[known]
        tp = int((hit & (y == 1)).sum())
        print(f"  {concept:<18} positives {int(y.sum()):4d}  AUC {hm.auc(oof[known, k], y):.3f}  "
              f"recall {tp / max(1, y.sum()):.2f}  precision {tp / max(1, hit.sum()):.2f}")


def check(path, held_out):
    model, *_ = trained()
    answers, votes = raters(path, held_out)
    read = {i: model.answer_logits(a) for i, (_, a) in answers.items()}
    print(f"{path}: {len(answers)} answers; a concept is read when a sentence reaches its threshold")
    labelled = rated(votes)
    for k, concept in enumerate(CONCEPTS):
        if concept not in labelled:
            continue
        tp, fp, fn = against_raters(votes, concept, {i: read[i][k] >= logit(model.thresholds[k]) for i in answers})
        print(f"  {concept:<18} threshold {model.thresholds[k]:.2f}  recall {tp / max(1, tp + fn):.2f}  "
              f"precision {tp / max(1, tp + fp):.2f}  (raters: {tp + fn} of {len(answers)})")


def against_raters(votes, concept, predicted):
    """True positives, false positives and false negatives of `predicted`
    (answer id -> whether the concept is read or credited) against the
    raters' majority, over the answers both have a say on."""
    tp = fp = fn = 0
    for i, p in predicted.items():
        if concept not in votes[i]:
            continue
        y = statistics.mean(votes[i][concept]) >= 0.5
        tp, fp, fn = tp + (y and p), fp + (p and not y), fn + (y and not p)
    return tp, fp, fn


def rated(votes):
    """The concepts, in CONCEPTS order, that the raters label somewhere."""
    labelled = {c for v in votes.values() for c in v}
    return [c for c in CONCEPTS if c in labelled]


def raters(path, held_out):
    """The answers whose id matches `held_out`, and each one's raters'
    labels per concept."""
    answers, votes = {}, defaultdict(lambda: defaultdict(list))
    with open(path, newline="", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if not re.search(held_out, r["answer_id"]):
                continue
            answers[r["answer_id"]] = (r["question_id"], r["answer"])
            for c in CONCEPTS:
                if r.get(f"concept:{c}", "") != "":
                    votes[r["answer_id"]][c].append(int(r[f"concept:{c}"]))
    return answers, votes


def credits(path, held_out, options):
    import assay_batch

    answers, votes = raters(path, held_out)
    ids = sorted(answers)
    rows = assay_batch.score(assay_batch.DEFAULT_ASSAY, [(i, *answers[i]) for i in ids], options)
    print(f"{path}: {len(ids)} answers; what assay {' '.join(options)} credits against the raters' majority")
    for concept in rated(votes):
        credited = {i: c["strength"] > 0 for i, row in zip(ids, rows) for c in row["concepts"] if c["id"] == concept}
        tp, fp, fn = against_raters(votes, concept, credited)
        print(f"  {concept:<18} recall {tp / max(1, tp + fn):.2f}  precision {tp / max(1, tp + fp):.2f}  "
              f"(raters: {tp + fn})")


def write(path):
    """The model as crates/assay-score/src/concept_estimate.rs reads it:
    UTF-8, tab-separated. Line 1: `assay-concept-ngrams`, version 1, n_max.
    Then `#concepts` and the concept ids; `#bias` and each concept's bias;
    `#threshold` and each concept's threshold probability; one `#example`
    line per check sentence (its logits, comma-separated, then the
    sentence); then one line per n-gram: the n-gram, idf, and one weight per
    concept, sorted by n-gram. Floats with 9 significant digits."""
    model, *_ = trained()
    examples = [
        "I rang him the next morning to see how the appointment went.",
        "I'd let her know that feeling furious after that news makes complete sense.",
        "It's her call in the end, so I'd lay out the options and let her decide.",
        "I wouldn't ask how she felt; I'd just tell her what to do.",
        "We don’t share what’s said in group — unless someone’s at risk (then I tell my supervisor).",
        "Élodie was on the ward; I got the crisis team in straight away!",
    ]
    fmt = lambda xs: "\t".join(f"{x:.9g}" for x in xs)
    lines = [f"assay-concept-ngrams\t1\t{hm.N_MAX}", "\t".join(["#concepts", *CONCEPTS]),
             f"#bias\t{fmt(model.bias)}", f"#threshold\t{fmt(model.thresholds)}"]
    for sentence, logits in zip(examples, model.logits(examples)):
        lines.append(f"#example\t{','.join(f'{x:.9g}' for x in logits)}\t{sentence}")
    for j, term in enumerate(model.vocabulary.terms):
        lines.append(f"{term}\t{model.vocabulary.idf[j]:.9g}\t{fmt(model.w[j])}")
    pathlib.Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {path}: {len(model.vocabulary.terms)} n-grams, thresholds "
          + ", ".join(f"{c} {t}" for c, t in zip(CONCEPTS, model.thresholds)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", action="store_true")
    parser.add_argument("--check", metavar="CSV")
    parser.add_argument("--held-out", default=".", help="with --check: regex on answer_id")
    parser.add_argument("--write", metavar="PATH")
    parser.add_argument("--credits", metavar="CSV")
    parser.add_argument("options", nargs="*", help="after --: options for assay (with --credits)")
    args = parser.parse_args()
    if not (args.report or args.check or args.write or args.credits):
        parser.error("give --report, --check CSV, --credits CSV and/or --write PATH")
    if args.credits:
        credits(args.credits, args.held_out, args.options)
    if args.report:
        report()
    if args.check:
        check(args.check, args.held_out)
    if args.write:
        write(args.write)


if __name__ == "__main__":
    main()
