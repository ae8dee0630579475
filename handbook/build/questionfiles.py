"""The index's ``questions`` folder: the trained piece vectors, copied from
``resources/search/question-vectors/``, and every search document's vectors, encoded here
(``handbook.questionvectors``). Without the resources folder the index has none, and
questions are ranked by ranking's rules alone."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from handbook.indexlayout import QUESTIONS_DIR
from handbook.questionvectors import (
    DOCUMENTS_VECTORS_NAME,
    NOTICE_NAME,
    RERANKER_NAME,
    TOKENS_NAME,
    VOCABULARY_NAME,
    DocumentVectors,
    Tokens,
    asked_questions,
    document_text,
    write_pieces,
)

VECTORS_SOURCE = Path("search") / "question-vectors"  # in resources/
COPIED = (VOCABULARY_NAME, TOKENS_NAME, RERANKER_NAME, NOTICE_NAME)


def write_question_files(resources: Path, work: Path, documents: list[dict[str, Any]]) -> int:
    """Copy the trained files and encode every document; returns how many were encoded."""
    source = resources / VECTORS_SOURCE
    if not source.is_dir():
        return 0
    out = work / QUESTIONS_DIR
    out.mkdir()
    for name in COPIED:
        if (source / name).is_file():  # a missing reranker leaves questions as ranking ranks them
            shutil.copyfile(source / name, out / name)
    write_pieces(out)
    tokens = Tokens.load(out)
    return DocumentVectors.write(
        out / DOCUMENTS_VECTORS_NAME,
        tokens,
        (
            (f"{doc['page']}#{doc.get('anchor') or ''}", document_text(doc), asked_questions(doc))
            for doc in documents
        ),
    )
