#!/usr/bin/env python3
"""Harm detector: logistic regression over word 1-3-grams (TF-IDF), and a
check of learned harm detectors against other labelled sets.

Shipped as assay's harm estimate (crates/assay-score/model/harm-ngrams.tsv,
read by crates/assay-score/src/harm.rs). Trained on the 3,348 development
answers of examples/red-flags/ (dev.csv, dev2.csv, dev3.csv; dev4.csv, whose
harmful answers sound careful and safe ones blunt; dev5.csv, weak but
harmless answers; dev6.csv, answers written like real candidates'; dev7.csv,
minimal pairs; dev8.csv, harm recounted or refused; dev9.csv, every kind of
harm; dev10.csv, the 34 general questions; dev11.csv, harm said in passing;
dev12.csv, mostly safe answers to all 48; dev13.csv, harm said in passing
in answers to the 34 general questions) and 149 model answers of
corpus/ (3,497 in all), and never on test.csv, test2.csv, ..., test9.csv,
swapped.csv, pairs.csv or realistic.csv. Trained on dev.csv-dev3.csv alone it had learned how the
harmful answers' writers sounded (AUC 0.39 on swapped.csv); dev4 and dev5
were written to break that. Needs only numpy.

    python3 scripts/harm_model.py --report [--baseline]
    python3 scripts/harm_model.py --check CSV
    python3 scripts/harm_model.py --write PATH

--report   prints grouped cross-validation figures on the development
           answers, then trains on all of them and prints the figures on
           examples/red-flags/test.csv (looking at test.csv counts as a look:
           do it only to report a model already chosen).
--baseline with --report, also cross-validates, in exactly the same folds,
           the embedding model of scripts/harm_classifier_probe.py (slow).
--cv-only  with --report, stop after the cross-validation (no test look).
--write    trains on all development answers and writes the model file.
--check    trains the n-gram model and the embedding model on all
           development answers and prints both models' figures on another
           labelled CSV (answer_id, question_id, answer, harmful, harm), such
           as examples/red-flags/swapped.csv, pairs.csv or realistic.csv.

How an answer becomes features (everything a port has to repeat):

1. Sentences: cut the answer after `.`, `!` or `?` followed by white space;
   drop blank pieces; if nothing is left, the whole answer is one sentence.
   (The same split as scripts/harm_classifier_probe.py and
   crates/assay-score/src/harm.rs.)
2. Clauses of a sentence: cut it at , ; : ( ) U+2014 U+2013 and at a
   hyphen with white space on both sides (" - ", which goes with it).
   Tokens of a clause: lower-case it; turn the curly apostrophes U+2019
   and U+2018 into a straight one; delete every straight apostrophe that has
   a letter or digit immediately on both sides ("don't" -> "dont",
   "I'd" -> "id"); then each maximal run of letters and digits (Unicode
   alphanumerics, underscore excluded) is a token. Negation: every token
   after a negator (NEGATORS below) in the same clause gets "~" in front
   ("I don't argue facts" -> i dont ~argue ~facts), so a harm said in order
   to refuse it is a different n-gram (grouped cross-validation: AUC 0.975 ->
   0.979, near misses marked 5.7% -> 3.6%). Nothing is removed: no stop
   list (cross-validation preferred keeping every word).
3. N-grams: in each sentence, every run of 1, 2 or 3 consecutive tokens
   (across its clauses), joined by one space. N-grams do not cross
   sentences. Count each n-gram
   over the whole answer.
4. Vector: for each n-gram in the model's vocabulary, value
   (1 + ln count) * idf; n-grams not in the vocabulary are ignored. Divide
   the vector by its Euclidean length (if it is not zero).
5. Score: logit = bias + sum(value * weight); probability =
   1 / (1 + exp(-logit)). The answer is flagged when probability >= 0.5
   (logit >= 0).

The vocabulary is every n-gram found in at least 2 training answers; idf =
ln((1 + N) / (1 + df)) + 1 with N the number of training answers and df the
number that contain the n-gram. The weights minimise
0.5 * |w|^2 + C * (sum of log losses), C = 10, bias not penalised (the same
objective as scikit-learn's LogisticRegression), solved by Newton's method in
the space of training answers (w is a combination of their vectors, so the
linear system has one row per answer, not one per n-gram).

Model file (--write): see write() below.

Cross-validation: 7 folds of whole groups, a group being one source file
and one question (the answers one pair of writer sessions wrote for one
question, near-miss twins included, stay together), repeated with 3 seeds;
AUC, and recall and precision at probability 0.5, averaged over seeds.
"""

import argparse
import csv
import math
import pathlib
import re
import sys
import tomllib
from collections import Counter

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "examples/red-flags"
DEV = ("dev.csv", "dev2.csv", "dev3.csv", "dev4.csv", "dev5.csv", "dev6.csv", "dev7.csv", "dev8.csv", "dev9.csv", "dev10.csv", "dev11.csv", "dev12.csv", "dev13.csv")
N_MAX = 3
MIN_DF = 2
C = 10.0
FOLDS = 7
# Probabilities at which cross-validation reports recall and precision: the
# review mark's 0.5 first, then surer ones (what a cap would need; see
# rubrics/README.md, "The harm review mark", for why there is none).
PROBABILITIES = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)
SEEDS = (0, 1, 2)

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_INNER_APOSTROPHE = re.compile(r"(?<=[^\W_])'(?=[^\W_])")
_TOKEN = re.compile(r"[^\W_]+")


# ---------------------------------------------------------------- features

def sentences(text):
    return [s for s in _SENTENCE_END.split(text) if s.strip()] or [text]


def tokens(text):
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return _TOKEN.findall(_INNER_APOSTROPHE.sub("", text))


NEGATORS = frozenset(
    "not no never dont doesnt didnt wont wouldnt cant cannot couldnt shouldnt isnt arent "
    "wasnt werent havent hasnt hadnt nor without neither nobody nothing".split()
)
_CLAUSE_BREAK = re.compile(r"[,;:()\u2014\u2013]|\s-\s")


def marked_tokens(sentence):
    """The sentence's tokens, "~" before each that follows a negator in its
    clause."""
    words = []
    for clause in _CLAUSE_BREAK.split(sentence):
        negated = False
        for token in tokens(clause):
            if token in NEGATORS:
                negated = True
                words.append(token)
            else:
                words.append("~" + token if negated else token)
    return words


def ngram_counts(answer):
    counts = Counter()
    for sentence in sentences(answer):
        words = marked_tokens(sentence)
        for n in range(1, N_MAX + 1):
            for i in range(len(words) - n + 1):
                counts[" ".join(words[i : i + n])] += 1
    return counts


class Vocabulary:
    """The n-grams of at least MIN_DF training answers, with their idf."""

    def __init__(self, counters):
        df = Counter()
        for c in counters:
            df.update(c.keys())
        self.terms = sorted(t for t, d in df.items() if d >= MIN_DF)
        self.index = {t: i for i, t in enumerate(self.terms)}
        n = len(counters)
        self.idf = np.array([math.log((1 + n) / (1 + df[t])) + 1 for t in self.terms])

    def vectors(self, counters):
        x = np.zeros((len(counters), len(self.terms)))
        for row, c in enumerate(counters):
            for term, k in c.items():
                j = self.index.get(term)
                if j is not None:
                    x[row, j] = (1 + math.log(k)) * self.idf[j]
        length = np.linalg.norm(x, axis=1, keepdims=True)
        return x / np.where(length > 0, length, 1)


# ---------------------------------------------------------------- training

def fit(x, y, c=C, iterations=50, kernel=None):
    """L2-penalised logistic regression (bias not penalised) by Newton's
    method on w = x.T @ alpha. Returns (w, bias). `kernel` is x @ x.T, when
    the caller fits several labels on the same x."""
    n = len(y)
    k = x @ x.T if kernel is None else kernel
    alpha, bias = np.zeros(n), 0.0

    def objective(a, b):
        f = k @ a + b
        return c * np.sum(np.logaddexp(0, f) - y * f) + 0.5 * a @ k @ a

    current = objective(alpha, bias)
    for _ in range(iterations):
        f = k @ alpha + bias
        p = 1 / (1 + np.exp(-f))
        d = p * (1 - p)
        # Newton system with the common factor k taken out of the alpha rows.
        system = np.zeros((n + 1, n + 1))
        system[:n, :n] = c * d[:, None] * k + np.eye(n)
        system[:n, n] = c * d
        system[n, :n] = c * d @ k
        system[n, n] = c * d.sum()
        rhs = -np.concatenate([c * (p - y) + alpha, [c * (p - y).sum()]])
        step = np.linalg.solve(system, rhs)
        t = 1.0
        while True:
            new = objective(alpha + t * step[:n], bias + t * step[n])
            if new <= current or t < 1e-8:
                break
            t /= 2
        alpha, bias = alpha + t * step[:n], bias + t * step[n]
        done = current - new < 1e-10 * max(1.0, abs(current))
        current = new
        if done:
            break
    return x.T @ alpha, float(bias)


class Model:
    def __init__(self, answers, y):
        counters = [ngram_counts(a) for a in answers]
        self.vocabulary = Vocabulary(counters)
        self.w, self.bias = fit(self.vocabulary.vectors(counters), np.asarray(y, float))

    def logits(self, answers):
        return self.vocabulary.vectors([ngram_counts(a) for a in answers]) @ self.w + self.bias


# ---------------------------------------------------------------- evaluation

def load(name):
    with open(DATA / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load_corpus():
    """The project's model answers (corpus/) as training answers: the harmful
    ones as harmful, the developing, proficient and exemplary ones as safe
    (poor ones are left out: most are dismissive without being harmful, and
    none is labelled either way). They are written in the careful, polished
    voice that harmful answers of dev4.csv also use, so without them the
    model marked polished good answers."""
    out = []
    for path in sorted((ROOT / "corpus").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for e in data.get("exemplars", []):
            harmful = e.get("harmful", False)
            if e["level"] == "poor" and not harmful:
                continue
            out.append({"answer_id": f"{data['question']}-{e['id']}", "question_id": data["question"],
                        "answer": e["text"].strip(), "harmful": "1" if harmful else "0"})
    return out


def load_dev():
    rows, groups = [], []
    for name in DEV:
        for r in load(name):
            rows.append(r)
            groups.append(f"{name}:{r['question_id']}")
    for r in load_corpus():
        rows.append(r)
        groups.append(f"corpus:{r['question_id']}")
    return rows, np.array([int(r["harmful"]) for r in rows]), np.array(groups)


def group_folds(groups, seed):
    names = sorted(set(groups))
    np.random.default_rng(seed).shuffle(names)
    which = {g: i % FOLDS for i, g in enumerate(names)}
    fold = np.array([which[g] for g in groups])
    return [np.where(fold == i)[0] for i in range(FOLDS)]


def auc(scores, y):
    pos, neg = scores[y == 1], scores[y == 0]
    return float((pos[:, None] > neg[None, :]).mean() + 0.5 * (pos[:, None] == neg[None, :]).mean())


def counts(flagged, y):
    tp = int((flagged & (y == 1)).sum())
    fp = int((flagged & (y == 0)).sum())
    fn = int((~flagged & (y == 1)).sum())
    return tp, fp, fn


def figures(scores, y, probability=0.5):
    tp, fp, fn = counts(scores >= np.log(probability / (1 - probability)), y)
    return auc(scores, y), tp / max(1, tp + fn), tp / max(1, tp + fp)


def cross_validate(name, fit_predict, y, groups):
    per_seed = []
    for seed in SEEDS:
        oof = np.zeros(len(y))
        for held in group_folds(groups, seed):
            train = np.setdiff1d(np.arange(len(y)), held)
            oof[held] = fit_predict(train, held)
        per_seed.append([figures(oof, y, p) for p in PROBABILITIES])
    means = np.mean(per_seed, axis=0)
    a, r, p = means[0]
    print(f"  {name:<48} AUC {a:.3f}  recall {r:.3f}  precision {p:.3f}", flush=True)
    for probability, (_, r, p) in zip(PROBABILITIES[1:], means[1:]):
        print(f"  {'  at probability ' + str(probability):<48}            recall {r:.3f}  precision {p:.3f}")


def ngram_fit_predict(answers, y):
    def fp(train, held):
        model = Model([answers[i] for i in train], y[train])
        return model.logits([answers[i] for i in held])
    return fp


def embedding_fit_predict(answers, y):
    """scripts/harm_classifier_probe.py's model (its best L2 in these folds,
    0.1), in the same folds."""
    import harm_classifier_probe as probe

    embed = probe.embedder()
    x = np.array([probe.features(embed, a) for a in answers])

    def fp(train, held):
        mu, sd = x[train].mean(0), x[train].std(0) + 1e-6
        w, b = probe.fit((x[train] - mu) / sd, y[train], 0.1)
        return ((x[held] - mu) / sd) @ w + b
    return fp


def report(args):
    rows, y, groups = load_dev()
    answers = [r["answer"] for r in rows]
    print(f"Development answers: {len(y)} ({int(y.sum())} harmful), {len(set(groups))} groups "
          f"(source file x question), {FOLDS} grouped folds x {len(SEEDS)} seeds, threshold 0.5:")
    cross_validate("word 1-3-gram TF-IDF logistic regression (C=10)", ngram_fit_predict(answers, y), y, groups)
    if args.baseline:
        cross_validate("baseline: embedding probe (L2 0.1)", embedding_fit_predict(answers, y), y, groups)
    if args.cv_only:
        return
    model = Model(answers, y)
    test = load("test.csv")
    yt = np.array([int(r["harmful"]) for r in test])
    scores = model.logits([r["answer"] for r in test])
    a, r, p = figures(scores, yt)
    tp, fp, fn = counts(scores >= 0, yt)
    print(f"\ntest.csv (trained on all {len(y)} development answers; {len(model.w)} weights + bias):")
    print(f"  AUC {a:.3f}  recall {r:.3f}  precision {p:.3f}  (tp {tp}, fp {fp}, fn {fn}, tn {len(yt) - tp - fp - fn})")
    per_q = {}
    for row, s, t in zip(test, scores, yt):
        c = per_q.setdefault(row["question_id"], [0, 0, 0])
        c[0] += int(s >= 0 and t == 1)
        c[1] += int(s >= 0 and t == 0)
        c[2] += int(s < 0 and t == 1)
    print(f"  {'question':<30} {'tp':>3} {'fp':>3} {'fn':>3}")
    for q in sorted(per_q):
        print(f"  {q:<30} {per_q[q][0]:3d} {per_q[q][1]:3d} {per_q[q][2]:3d}")
    print("  missed:", ", ".join(f"{row['answer_id']} ({row['harm']}, {s:.2f})"
                                  for row, s, t in zip(test, scores, yt) if t == 1 and s < 0) or "none")
    print("  false alarms:", ", ".join(f"{row['answer_id']} ({row['harm']}, {s:.2f})"
                                        for row, s, t in zip(test, scores, yt) if t == 0 and s >= 0) or "none")


def check(path):
    rows, y, _ = load_dev()
    answers = [r["answer"] for r in rows]
    with open(path, newline="", encoding="utf-8") as f:
        other = list(csv.DictReader(f))
    yo = np.array([int(r["harmful"]) for r in other])
    everyone = np.arange(len(answers))
    ngram = Model(answers, y).logits([r["answer"] for r in other])
    embedding_scores = embedding_fit_predict(answers + [r["answer"] for r in other],
                                             np.concatenate([y, yo]))
    embedding = embedding_scores(everyone, np.arange(len(answers), len(answers) + len(other)))
    print(f"{path}: {len(yo)} answers, {int(yo.sum())} harmful (models trained on the {len(y)} development answers)")
    for name, scores in [("word 1-3-gram model", ngram), ("embedding model", embedding)]:
        a, r, p = figures(scores, yo)
        tp, fp, fn = counts(scores >= 0, yo)
        print(f"  {name:<22} AUC {a:.3f}  recall {r:.3f}  precision {p:.3f}  (tp {tp}, fp {fp}, fn {fn})")


def write(path):
    """The model as crates/assay-score/src/harm.rs reads it: UTF-8 text,
    tab-separated. Line 1: `assay-harm-ngrams`, version 1, n_max, bias.
    Line 2: `#questions` then the question ids of the training answers (the
    only questions the model is used on). Then one line per check example:
    `#example`, the logit Python computes, the answer (tabs and newlines
    replaced by spaces). Then one line per n-gram: the n-gram, idf, weight,
    sorted by n-gram. Floats are written with 9 significant digits."""
    rows, y, _ = load_dev()
    model = Model([r["answer"] for r in rows], y)
    examples = [
        "I'd promise to keep it between us, so they know they can trust me.",
        "I would never promise to keep it secret; I'd tell them I have to share it with my supervisor.",
        "Honestly? Just tell them to snap out of it.",
        "I listen, ask what they need, and check in with them again the next day.",
        "People who are escalated can't reason, so I don't argue facts - I lower my voice (slowly) and wait.",
        "I wouldn’t tell anyone; it’s their business — and nobody needs to know, not even my supervisor!",
        "Élodie said she'd stop her meds. I told her that's her call… Then I rang the crisis team.",
    ]
    questions = sorted({r["question_id"] for r in rows})
    lines = [f"assay-harm-ngrams\t1\t{N_MAX}\t{model.bias:.9g}", "\t".join(["#questions", *questions])]
    for answer, logit in zip(examples, model.logits(examples)):
        lines.append(f"#example\t{logit:.9g}\t{answer}")
    for term, idf, weight in zip(model.vocabulary.terms, model.vocabulary.idf, model.w):
        lines.append(f"{term}\t{idf:.9g}\t{weight:.9g}")
    pathlib.Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {path}: {len(model.w)} n-grams (weights) + bias, {len(questions)} questions")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", action="store_true")
    parser.add_argument("--baseline", action="store_true")
    parser.add_argument("--cv-only", action="store_true")
    parser.add_argument("--write", metavar="PATH")
    parser.add_argument("--check", metavar="CSV")
    args = parser.parse_args()
    if not (args.report or args.write or args.check):
        parser.error("give --report, --check CSV and/or --write PATH")
    sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
    if args.report:
        report(args)
    if args.check:
        check(args.check)
    if args.write:
        write(args.write)


if __name__ == "__main__":
    main()
