"""The 2020 baseline the demo city is calibrated to, and the counts it implies for N residents.

Source: plan Table 1 (L43–L75) and REQUIREMENTS.md §1.3–1.4. Jiyuan had about 730,000
residents (7th census, 2020). Employed persons (从业人员) are not in the table; they follow from
indicator 10: skill talents 13.4万 are 36% of the employed, so about 37万 (13.4 / 0.36 = 37.2);
indicator 15 (certificate-holding rate 52%) gives the same figure (19.3 / 0.52 = 37.1).
Every count below is that figure times N / 730,000, rounded, so the proportions hold at any N.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

FULL_CITY = 730_000
REFERENCE_DATE = dt.date(2020, 12, 31)  # the baseline is end-2020 stock

BASELINE_2020: dict[str, int] = {
    "residents": 730_000,
    "employed": 370_000,  # 从业人员, derived (see module docstring)
    "enterprise_managers": 24_000,  # T1-01 企业经营管理人才 2.4万
    "professional_technical": 25_000,  # T1-02 专业技术人才 2.5万
    "high_skill": 45_000,  # T1-03 高技能人才 4.5万 (L12 says 4.6万, X03; the table wins)
    "rural_practical": 12_800,  # T1-04 农村实用人才 1.28万
    "skill_talents": 134_000,  # T1-09 技能人才总量 13.4万 (36% of employed, T1-10)
    "certificate_holders": 193_000,  # T1-13 持证人员总量 19.3万 (52% of employed, T1-15)
    "talent_recognitions": 1_421,  # C1-T02 智汇济源 recognitions, cumulative (L12)
}

# Table 1 targets for 2025 (the demo city's 2021–2025 records approach them).
TARGETS_2025: dict[str, int] = {
    "enterprise_managers": 32_000, "professional_technical": 34_000, "high_skill": 103_000,
    "skill_talents": 230_100, "certificate_holders": 354_000,
}

# Recognised persons per talent category (A–G); sums to the 1,421 recognitions of L12.
TALENT_CATEGORY_SHARES: dict[str, int] = {"A": 1, "B": 6, "C": 40, "D": 180, "E": 250, "F": 500, "G": 444}

# Split of the skill talents by highest level (初级工 … 高级技师). The three top levels make the
# high-skill talents (T1-03); the rest split 56/44 between intermediate and junior.
HIGH_SKILL_SPLIT = {"senior_technician": 0.056, "technician": 0.167, "senior_worker": 0.777}
OTHER_SKILL_SPLIT = {"intermediate_worker": 0.56, "junior_worker": 0.44}
# Professional titles: senior (正高+副高) about 20% of professional-technical talents (C1-T12).
TITLE_SPLIT = {"senior": 0.02, "associate_senior": 0.18, "intermediate": 0.38, "junior": 0.42}


@dataclass(frozen=True)
class Targets:
    """Exact counts the generator produces for `residents` persons."""

    residents: int
    employed: int
    enterprise_managers: int
    professional_technical: int
    high_skill: int
    rural_practical: int
    skill_talents: int
    certificate_holders: int
    talent_recognitions: int

    @property
    def other_certificate_holders(self) -> int:
        """Certificate holders that are neither skill talents nor professional-technical talents."""
        return self.certificate_holders - self.skill_talents - self.professional_technical

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def targets(residents: int) -> Targets:
    if residents < 1:
        raise ValueError("residents: must be at least 1")
    scaled = {k: round(v * residents / FULL_CITY) for k, v in BASELINE_2020.items()}
    scaled["residents"] = residents
    return Targets(**scaled)


def split_counts(total: int, shares: dict[str, float]) -> dict[str, int]:
    """Largest-remainder rounding: integer counts that add up to `total` exactly."""
    keys = list(shares)
    weight = sum(shares.values())
    raw = [total * shares[k] / weight for k in keys]
    counts = [int(r) for r in raw]
    rest = total - sum(counts)
    order = sorted(range(len(keys)), key=lambda i: (-(raw[i] - counts[i]), i))
    for i in order[:rest]:
        counts[i] += 1
    return dict(zip(keys, counts, strict=True))
