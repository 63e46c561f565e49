"""How much of all-MiniLM-L6-v2 the distilled static table keeps.

Takes sentences from the test half of the project's red-flag set (text the
distillation never saw), pairs them (the same seeded pairs every run: half
from one question, half across questions), and compares each pair's cosine under the full encoder with its
cosine under the distilled table: Spearman and Pearson correlation.

    python3 scripts/embedding_fidelity.py WHEEL crates/assay-embed/model/minilm-static.bin examples/red-flags/test.csv [PAIRS [DIMS]]

DIMS (default: all) keeps only the table's first DIMS dimensions, its
largest principal components, as assay does (assay_embed's MATCH_DIMS, 64).
"""

import csv
import pathlib
import random
import re
import struct
import sys

import numpy as np

import minilm


def load_static(path):
    raw = pathlib.Path(path).read_bytes()
    version, rows, dims, vocab_len = struct.unpack("<IIII", raw[8:24])
    offset = 24
    tokens = raw[offset : offset + vocab_len].decode("utf-8").split("\n")
    offset += vocab_len
    scale = np.frombuffer(raw[offset : offset + 4 * rows], dtype="<f4")
    offset += 4 * rows
    q = np.frombuffer(raw[offset : offset + rows * dims], dtype=np.int8).reshape(rows, dims)
    return {t: i for i, t in enumerate(tokens)}, q.astype(np.float32) * scale[:, None]


def static_embed(ids, table):
    v = table[ids].mean(0)
    return v / (np.linalg.norm(v) or 1.0)


def sentences_by_question(csv_path):
    by_question = {}
    with open(csv_path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for s in re.split(r"(?<=[.!?])\s+|\n+", row["answer"]):
                if len(s.split()) >= 5:
                    by_question.setdefault(row["question_id"], []).append(s.strip())
    return by_question


def spearman(a, b):
    ra = np.argsort(np.argsort(a))
    rb = np.argsort(np.argsort(b))
    return np.corrcoef(ra, rb)[0, 1]


def main(wheel, static_path, source, n_pairs=400, dims=None):
    model_zip = minilm.open_wheel(wheel)
    vocab = minilm.load_vocab(model_zip)
    encoder = minilm.Encoder(minilm.load_tensors(model_zip))
    static_vocab, table = load_static(static_path)
    table = table[:, :dims]
    assert static_vocab == vocab, "static table was distilled from another vocabulary"
    by_question = sentences_by_question(source)
    rng = random.Random(7)
    questions = sorted(by_question)
    pairs = []
    while len(pairs) < n_pairs:
        q = rng.choice(questions)
        if len(pairs) % 2 == 0 and len(by_question[q]) >= 2:
            a, b = rng.sample(by_question[q], 2)
        else:
            a = rng.choice(by_question[q])
            b = rng.choice(by_question[rng.choice(questions)])
        if a != b:
            pairs.append((a, b))
    full, static = [], []
    for a, b in pairs:
        ia, ib = minilm.token_ids(a, vocab), minilm.token_ids(b, vocab)
        ea, eb = encoder.encode([ia, ib])
        full.append(float(ea @ eb))
        static.append(float(static_embed(ia, table) @ static_embed(ib, table)))
    full, static = np.array(full), np.array(static)
    print(f"{len(pairs)} sentence pairs from {source}")
    print(f"spearman {spearman(full, static):.3f}  pearson {np.corrcoef(full, static)[0, 1]:.3f}")
    print(f"mean cosine: full {full.mean():.3f}  static {static.mean():.3f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], *(int(a) for a in sys.argv[4:]))
