"""The fast path for scoring a CSV: a chunk of rows at a time, column by column.

Each column of a chunk goes through its look-up table in one pass (``batch_tables``), and the
scores are summed column-wise from the terms ``score_ipssm`` uses, in another order. The sums
differ from the general path's by far less than 1e-12, so they round alike except within a
hair of a tie at the third decimal. Such a row, and any row with a bad value, the wrong number
of cells, or a cell a spreadsheet would run as a formula, is scored by the general path
(``general``, i.e. ``batch.score_row``) instead. tests/unit/test_scores_fastpath.py checks
that both paths write the same bytes.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Sequence
from itertools import chain, repeat
from operator import itemgetter, sub

from handbook.scores import batch_tables as tables
from handbook.scores import ipssm, ipssr
from handbook.scores.cells import FORMULA_STARTS, safe_cell
from handbook.scores.fields import RESIDUAL_GENES

CHUNK_ROWS = 1024
TIE_MARGIN = 1e-6  # in hundredths (1e-8): far wider than the float error of a sum of 22 terms
GROUP_SIZE = 5  # gene cells looked up together: 3**5 = 243 combinations of 0 / 1 / NA
_MODEL_GENES = ipssm._GENE_VARIABLES
_SINGLE = ("HB", "PLT", "BM_BLAST", "CYTO_IPSSR", "ANC", "AGE")
_COMBINED = ("SF3B1", "del5q", "del7_7q", "complex", "TP53mut", "TP53maxvaf", "TP53loh",
             "del17_17p", *ipssm._ALPHA_BLOCKERS)  # fmt: skip


def _groups(names: Sequence[str]) -> list[tuple[str, ...]]:
    """Groups of GROUP_SIZE genes, the SF3B1_alpha blockers first (so in one group)."""
    names = sorted(names, key=lambda name: name not in ipssm._ALPHA_BLOCKERS)
    return [tuple(names[at : at + GROUP_SIZE]) for at in range(0, len(names), GROUP_SIZE)]


class ColumnScorer:
    """Turns chunks of CSV rows into the rows written: kept inputs, then the score cells."""

    def __init__(
        self,
        header: Sequence[str],
        kept: Sequence[int],
        general: Callable[[list[str]], list[str]],
    ) -> None:
        self.width = len(header)
        self._where = {name: at for at, name in enumerate(header)}
        self._general = general
        self.errors = 0  # rows written with an ERROR so far
        read = {*_SINGLE, *_COMBINED, *_MODEL_GENES, *RESIDUAL_GENES}
        self._kept: Callable[[list[str]], Iterable[str]] | None = None
        if list(kept) != list(range(self.width)):
            self._kept = itemgetter(*kept) if len(kept) > 1 else lambda row: (row[kept[0]],)
        # Only cells no table reads may need escaping in the written row.
        # AGE is read only with an IPSS-R (as in the general path), so it is checked here.
        self._unread = [i for i in kept if header[i] not in read or header[i] == "AGE"]
        self._padded = any(name not in self._where for name in read)
        self._hb = tables.numeric("HB", ipssr.hb_points, "HB1", float)
        self._plt = tables.numeric(
            "PLT", ipssr.plt_points, "TRANSF_PLT100", lambda v: min(v, 250) / 100
        )
        self._cyto_blast = tables.cytogenetics_and_blasts()
        self._anc = tables.anc_points()
        self._sf3b1 = tables.sf3b1_variables()
        self._vaf = tables.vaf_above_half()
        self._tp53multi = tables.tp53multi()
        self._model = [(group, tables.model_genes(group)) for group in _groups(_MODEL_GENES)]
        self._residual = [(g, tables.residual_genes(g)) for g in _groups(RESIDUAL_GENES)]
        self._nres2 = tables.nres2()
        self._ipssr = tables.ipssr_named()
        self._ipssra = tables.ipssra_named()
        self._ipssm = tables.ipssm_named()

    def rows(self, chunk: list[list[str]]) -> list[list[str]]:
        """The written rows of ``chunk``, in order."""
        general = {at for at, cells in enumerate(chunk) if len(cells) != self.width}
        blank = [""] * self.width  # stands in for a row of the wrong length (HB "" fails)
        regular = [blank if at in general else cells for at, cells in enumerate(chunk)]
        if self._padded:  # an absent optional column reads as an empty cell: not assessed
            regular = [[*cells, ""] for cells in regular]

        def column(name: str) -> Iterable[str]:
            return map(itemgetter(self._where.get(name, self.width)), regular)

        def columns_of(names: Iterable[str]) -> Iterable[tuple[str, ...]]:
            return map(itemgetter(*(self._where.get(name, self.width) for name in names)), regular)

        hb_points, hb_term = zip(*self._hb.convert(column("HB"), general), strict=True)
        plt_points, plt_term = zip(*self._plt.convert(column("PLT"), general), strict=True)
        cyto_blast = self._cyto_blast.convert(columns_of(("CYTO_IPSSR", "BM_BLAST")), general)
        cyto_blast_points, cyto_blast_term = zip(*cyto_blast, strict=True)
        above_half = self._vaf.convert(column("TP53maxvaf"), general)
        tp53 = self._tp53multi.convert(
            zip(column("TP53mut"), above_half, column("TP53loh"), column("del17_17p"), strict=True),
            general,
        )
        genes = [table.convert(columns_of(group), general) for group, table in self._model]
        residual = [table.convert(columns_of(group), general) for group, table in self._residual]
        # The first group of each kind holds the blockers (see _groups).
        sf3b1 = self._sf3b1.convert(
            zip(
                columns_of(("SF3B1", "del5q", "del7_7q", "complex")),
                map(itemgetter(3), genes[0]),
                map(itemgetter(1), residual[0]),
                strict=True,
            ),
            general,
        )
        counts = map(sum, zip(*(map(itemgetter(0), group) for group in residual), strict=True))
        nres2 = self._nres2.convert(counts, general)
        variables = [sf3b1, tp53, nres2]
        by_scenario = [
            [*terms, *genes_terms]
            for terms, genes_terms in zip(
                zip(*(zip(*terms, strict=True) for terms in variables), strict=True),
                zip(*(list(zip(*group, strict=True))[:3] for group in genes), strict=True),
                strict=True,
            )
        ]
        known = list(map(sum, zip(cyto_blast_term, plt_term, hb_term, strict=True)))
        ipssm_named = []
        for terms in by_scenario:  # mean, best, worst
            totals = map(sum, zip(known, *terms, strict=True))
            ipssm_named.append(self._named(list(totals), general))
        anc = self._anc.convert(column("ANC"), general)
        ipssr_named = self._ipssr.convert(
            zip(cyto_blast_points, hb_points, plt_points, anc, strict=True), general
        )
        ipssr_text, ipssr_group, ipssr_totals = zip(*ipssr_named, strict=True)
        adjusted = self._ipssra.convert(zip(ipssr_totals, column("AGE"), strict=True), general)
        score_cells = zip(
            ipssr_text,
            ipssr_group,
            *zip(*adjusted, strict=True),
            *chain.from_iterable(zip(*named, strict=True) for named in ipssm_named),
            repeat(""),
        )
        generally = {at: self._general(chunk[at]) for at in general}
        self.errors += sum(row[-1] != "" for row in generally.values())
        self._escape_unread(chunk, regular, general)
        written = chunk if self._kept is None else [list(self._kept(row)) for row in chunk]
        deque(map(list.extend, written, score_cells), maxlen=0)  # in place: lists write fastest
        for at, row in generally.items():
            written[at] = row
        return written

    def _named(self, scores: list[float], general: set[int]) -> list[tuple[str, str]]:
        """Text and category of each score (in hundredths) rounded as ``round_score`` does."""
        hundredths = list(map(round, scores))
        if max(map(abs, map(sub, scores, hundredths))) > 0.5 - TIE_MARGIN:
            # Near a tie the shortest repr decides (half away from zero): the general path.
            general.update(
                at
                for at, (value, whole) in enumerate(zip(scores, hundredths, strict=True))
                if abs(value - whole) > 0.5 - TIE_MARGIN
            )
        named: list[tuple[str, str]] = self._ipssm.convert(hundredths, general)
        return named

    def _escape_unread(
        self, chunk: list[list[str]], regular: list[list[str]], general: set[int]
    ) -> None:
        """Quote the formula-like text in columns no table checked (rows scored here only)."""
        for index in self._unread:
            if may_start_formula(map(itemgetter(index), regular)):
                for at, text in enumerate(map(itemgetter(index), regular)):
                    if at not in general and text.startswith(FORMULA_STARTS):
                        chunk[at][index] = safe_cell(text)


def may_start_formula(cells: Iterable[str]) -> bool:
    """Whether any cell starts like a spreadsheet formula (a few scans of one joined text;
    no cell holds NUL, which csv cannot read)."""
    text = "\x00" + "\x00".join(cells)
    return any("\x00" + start in text for start in FORMULA_STARTS)
