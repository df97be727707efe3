"""Credit evaluation of HR service agencies (人力资源服务机构信用评价, plan L158, L160).

Score = base − deductions, each deduction one item with its points, the fact behind it and the
rule it comes from; the grade is the first floor the score reaches. Every figure is a dated
parameter of the city package (`domains/regulation.yaml`), read on the evaluation date, so a
change of the scheme is a dated line there and the explanation quotes it.

Facts not held by the platform yet (upheld complaints, wage arrears cases, penalties decided
outside random inspections) are not scored: docs/regulation.md lists them.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import asdict, dataclass

from django.utils.translation import gettext as _

from zhihui.core.params import parameter, value

from .enums import InspectionOutcome, ListStatus


@dataclass(frozen=True)
class Item:
    id: str
    label: str
    points: int  # negative: a deduction
    reference: str
    detail: str


@dataclass(frozen=True)
class Evaluation:
    score: int
    grade: str
    items: list[Item]

    def items_json(self) -> list[dict]:
        return [asdict(i) for i in self.items]


def _months_before(on: dt.date, months: int) -> dt.date:
    y, m = divmod(on.year * 12 + on.month - 1 - months, 12)
    m += 1
    return dt.date(y, m, min(on.day, calendar.monthrange(y, m)[1]))


def report_due(year: int, on: dt.date) -> dt.date:
    month, day = (int(x) for x in str(value("regulation", "annual_report.due_month_day", on)).split("-"))
    return dt.date(year + 1, month, day)


def grade_for(score: int, on: dt.date) -> str:
    floors = value("regulation", "credit.grade_floors", on)
    for grade, floor in sorted(floors.items(), key=lambda kv: -kv[1]):
        if score >= floor:
            return grade
    return "D"


def _deduction(pid: str, on: dt.date) -> tuple[int, str]:
    p = parameter("regulation", f"credit.deduction.{pid}")
    return int(value("regulation", f"credit.deduction.{pid}", on)), p.reference


def licences_in_force(organisation, on: dt.date, kind: str | None = None) -> list:
    """The organisation's HR-service licences and filings in force on `on` (AgencyLicence.in_force:
    issued by then, not revoked, not expired), of `kind` when given. Reads
    `organisation.hr_licences.all()`, so a prefetch serves it."""
    return [lic for lic in organisation.hr_licences.all()
            if (kind is None or lic.kind == kind) and lic.in_force(on)]


def evaluate(organisation, on: dt.date) -> Evaluation:
    """The agency's evaluation on `on` from the facts the platform holds."""
    items: list[Item] = []
    since = _months_before(on, int(value("regulation", "credit.lookback_months", on)))

    if not licences_in_force(organisation, on):
        pts, ref = _deduction("no_valid_licence", on)
        items.append(Item("no_valid_licence", _("无有效的人力资源服务许可或备案"), -pts, ref,
                          _("评价日 %(d)s 无在有效期内的许可证或备案") % {"d": on.isoformat()}))

    reports = {r.year: r for r in organisation.hr_annual_reports.all()}
    first_year = min((lic.issued_on.year for lic in organisation.hr_licences.all()), default=on.year)
    for year in range(max(first_year, since.year - 1), on.year):
        due = report_due(year, on)
        if not (since <= due <= on):
            continue
        report = reports.get(year)
        if report is None:
            pts, ref = _deduction("annual_report_missing", on)
            items.append(Item("annual_report_missing", _("未报送年度报告"), -pts, ref,
                              _("%(y)s 年度报告应于 %(due)s 前报送，至今未报送") % {"y": year, "due": due.isoformat()}))
        elif report.submitted_on > due:
            pts, ref = _deduction("annual_report_late", on)
            items.append(Item("annual_report_late", _("逾期报送年度报告"), -pts, ref,
                              _("%(y)s 年度报告应于 %(due)s 前报送，%(sub)s 报送")
                              % {"y": year, "due": due.isoformat(), "sub": report.submitted_on.isoformat()}))

    for record in organisation.inspections.filter(inspected_on__gte=since, inspected_on__lte=on).select_related("plan"):
        if record.outcome == InspectionOutcome.ORDERED_TO_CORRECT:
            pid, label = "inspection_ordered_to_correct", _("双随机抽查被责令改正")
        elif record.outcome == InspectionOutcome.PENALISED:
            pid, label = "inspection_penalised", _("双随机抽查受到行政处罚")
        else:
            continue
        pts, ref = _deduction(pid, on)
        items.append(Item(pid, label, -pts, ref, _("%(plan)s，%(d)s：%(f)s")
                          % {"plan": record.plan.number, "d": record.inspected_on.isoformat(), "f": record.findings[:80]}))

    for entry in organisation.list_entries.filter(status=ListStatus.LISTED):
        if entry.active_on(on):
            pts, ref = _deduction("listed", on)
            items.append(Item("listed", _("列入失信名单"), -pts, ref,
                              _("%(kind)s，%(from)s 至 %(to)s")
                              % {"kind": entry.get_kind_display(), "from": entry.listed_on.isoformat(),
                                 "to": entry.listed_until.isoformat() if entry.listed_until else "—"}))

    for case in _closed_inspection_cases(organisation, since, on):
        pid, label = (("complaint_penalised", _("劳动保障监察案件受到行政处罚")) if case.status == "penalised"
                      else ("complaint_upheld", _("劳动保障监察投诉查实，责令改正")))
        pts, ref = _deduction(pid, on)
        items.append(Item(pid, label, -pts, ref, _("%(n)s，%(d)s 结案") % {"n": case.number, "d": case.closed_on.isoformat()}))

    arrears = _open_arrears_cases(organisation, on)
    if arrears:
        pts, ref = _deduction("wage_arrears_open", on)
        items.append(Item("wage_arrears_open", _("存在未结欠薪案件"), -pts, ref,
                          _("%(n)s：欠薪 %(owed)s 元，已追回 %(rec)s 元")
                          % {"n": "、".join(c.number for c in arrears), "owed": sum(c.claimed_amount for c in arrears),
                             "rec": sum(c.recovered_amount for c in arrears)}))

    score = int(value("regulation", "credit.base_score", on)) + sum(i.points for i in items)
    score = max(score, 0)
    return Evaluation(score, grade_for(score, on), items)


def _open_arrears_cases(organisation, on: dt.date) -> list:
    """Labour-inspection cases against the organisation with wages owed, open on `on`."""
    from zhihui.optional import import_optional

    if import_optional("zhihui.rights.models") is None:
        return []
    from django.db.models import Q

    return list(organisation.rights_cases.filter(kind="inspection", arrears_lines__isnull=False, received_on__lte=on)
                .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=on)).distinct())


def _closed_inspection_cases(organisation, since: dt.date, on: dt.date) -> list:
    """Labour-inspection cases against the organisation closed within [since, on] with an order
    to correct or a penalty (the complaint upheld)."""
    from zhihui.optional import import_optional

    if import_optional("zhihui.rights.models") is None:
        return []
    return list(organisation.rights_cases.filter(kind="inspection", status__in=["ordered", "penalised"],
                                                 closed_on__gte=since, closed_on__lte=on).order_by("closed_on", "pk"))


def inspection_weight(grade: str | None, on: dt.date) -> float:
    weights = value("regulation", "credit.inspection_weight", on)
    return float(weights.get(grade or "B", 1))
