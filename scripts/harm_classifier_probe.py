#!/usr/bin/env python3
"""Probe: can a linear classifier on the built-in static embeddings tell
harmful answers from safe ones better than the red-flag cues?

Features per answer: the embedding of the whole answer, and the
element-wise maximum and minimum over its sentences' embeddings
(crates/assay-embed/model/minilm-static.bin, read as
scripts/embedding_fidelity.py does). Logistic regression, L2 strength
chosen by 5-fold cross-validation (AUC) on the development sets only
(examples/red-flags/dev.csv, dev2.csv, dev3.csv), then trained on all of
them and reported once on examples/red-flags/test.csv at probability 0.5.
With --write PATH, also writes the model trained on all dev answers
("ASSAYHRM", u32 feature count, then the feature means, standard deviations
and weights as f32 LE, then the bias). assay shipped that model with
`--semantic` until the style-swapped set (examples/red-flags/swapped.csv)
showed it had learned how the writers of harmful answers sounded, not the
harm (AUC 0.08 there; `python3 scripts/harm_model.py --check
examples/red-flags/swapped.csv`); this script stays to reproduce that.

    python3 scripts/harm_classifier_probe.py [--write PATH]
"""

import csv
import pathlib
import random
import re
import struct
import sys

import numpy as np

import embedding_fidelity
import minilm

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEV = ["dev.csv", "dev2.csv", "dev3.csv"]
L2_GRID = (0.001, 0.01, 0.1, 1.0)


def embedder():
    vocab, table = embedding_fidelity.load_static(ROOT / "crates/assay-embed/model/minilm-static.bin")

    def embed(text):
        ids = minilm.token_ids(text, vocab)
        v = table[ids].sum(0) if ids else np.zeros(table.shape[1])
        n = np.linalg.norm(v)
        return v / n if n else v

    return embed


def features(embed, answer):
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", answer) if s.strip()] or [answer]
    per_sentence = np.array([embed(s) for s in sentences])
    return np.concatenate([embed(answer), per_sentence.max(0), per_sentence.min(0)])


def load(embed, name):
    with open(ROOT / "examples/red-flags" / name, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    x = np.array([features(embed, r["answer"]) for r in rows])
    return x, np.array([int(r["harmful"]) for r in rows])


def fit(x, y, l2, rounds=3000, rate=0.1):
    w, b = np.zeros(x.shape[1]), 0.0
    for _ in range(rounds):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        w -= rate * (x.T @ (p - y) / len(y) + l2 * w)
        b -= rate * (p - y).mean()
    return w, b


def auc(scores, y):
    pos, neg = scores[y == 1], scores[y == 0]
    return float((pos[:, None] > neg[None, :]).mean() + 0.5 * (pos[:, None] == neg[None, :]).mean())


def main():
    embed = embedder()
    parts = [load(embed, name) for name in DEV]
    x, y = np.vstack([p[0] for p in parts]), np.concatenate([p[1] for p in parts])
    order = list(range(len(y)))
    random.Random(5).shuffle(order)
    folds = [order[i::5] for i in range(5)]
    cv = {}
    for l2 in L2_GRID:
        aucs = []
        for held in folds:
            train = np.setdiff1d(np.arange(len(y)), held)
            mu, sd = x[train].mean(0), x[train].std(0) + 1e-6
            w, b = fit((x[train] - mu) / sd, y[train], l2)
            aucs.append(auc(((x[held] - mu) / sd) @ w + b, y[held]))
        cv[l2] = float(np.mean(aucs))
    l2 = max(cv, key=cv.get)
    print("5-fold CV AUC on the dev sets by L2:", {k: round(v, 3) for k, v in cv.items()}, "-> chosen", l2)
    mu, sd = x.mean(0), x.std(0) + 1e-6
    w, b = fit((x - mu) / sd, y, l2)
    xt, yt = load(embed, "test.csv")
    scores = ((xt - mu) / sd) @ w + b
    predicted = scores > 0
    tp = int((predicted & (yt == 1)).sum())
    fp = int((predicted & (yt == 0)).sum())
    fn = int((~predicted & (yt == 1)).sum())
    if "--write" in sys.argv:
        path = sys.argv[sys.argv.index("--write") + 1]
        with open(path, "wb") as f:
            f.write(b"ASSAYHRM")
            f.write(struct.pack("<I", len(w)))
            for values in (mu, sd, w):
                f.write(np.asarray(values, dtype="<f4").tobytes())
            f.write(struct.pack("<f", b))
        print(f"wrote {path}")
    print(f"test.csv: AUC {auc(scores, yt):.3f}, recall {tp / (tp + fn):.2f}, precision {tp / max(1, tp + fp):.2f} "
          f"(tp {tp}, fp {fp}, fn {fn}; trained on {len(y)} dev answers)")


if __name__ == "__main__":
    main()
