"""Full references for every calculator, to credit the authors beside each result."""

from __future__ import annotations

_RESEARCH_USE = (
    " The model's authors describe their own calculators as for research and non-commercial"
    " use; use the score alongside clinical judgement."
)

CITATIONS: dict[str, str] = {
    "ipssr": (
        "Greenberg PL, Tuechler H, Schanz J, et al. Revised International Prognostic Scoring"
        " System for Myelodysplastic Syndromes. Blood 2012;120(12):2454–2465." + _RESEARCH_USE
    ),
    "ipssm": (
        "Bernard E, Tuechler H, Greenberg PL, et al. Molecular International Prognostic Scoring"
        " System for Myelodysplastic Syndromes. NEJM Evidence 2022;1(7):EVIDoa2200008."
        + _RESEARCH_USE
    ),
    "aa-severity": (
        "Camitta BM, et al. Severe aplastic anemia. Blood 1976;48:63–70. Bacigalupo A, et al."
        " Br J Haematol 1988;70:177–182 (very severe aplastic anaemia). Kulasekararaj A, et al."
        " BSH guideline on aplastic anaemia, Br J Haematol 2024 (modified criteria)."
    ),
    "cci": (
        "TRAP Study Group. N Engl J Med 1997;337:1861–1869. Estcourt LJ, et al. BSH platelet"
        " transfusion guideline. Br J Haematol 2017;176:365–394. Mosteller RD. Simplified"
        " calculation of body-surface area. N Engl J Med 1987;317:1098."
    ),
}
