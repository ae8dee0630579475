"""Clinical calculators (IPSS-R, IPSS-M, aplastic anaemia severity, CCI); Qt-free."""

from __future__ import annotations

from handbook.scores.aa_severity import AaSeverityResult, classify_aa
from handbook.scores.cci import CciResult, corrected_count_increment
from handbook.scores.citations import CITATIONS
from handbook.scores.errors import ScoreInputError
from handbook.scores.fields import AA_FIELDS, CCI_FIELDS, IPSSM_FIELDS, IPSSR_FIELDS, FieldSpec
from handbook.scores.ipssm import IpssmResult, IpssmScenario, score_ipssm
from handbook.scores.ipssr import IpssrResult, score_ipssr

__all__ = [
    "AA_FIELDS",
    "CCI_FIELDS",
    "CITATIONS",
    "IPSSM_FIELDS",
    "IPSSR_FIELDS",
    "AaSeverityResult",
    "CciResult",
    "FieldSpec",
    "IpssmResult",
    "IpssmScenario",
    "IpssrResult",
    "ScoreInputError",
    "classify_aa",
    "corrected_count_increment",
    "score_ipssm",
    "score_ipssr",
]
