"""Marks on an employer's postings from the regulation and labour-rights domains (issue 20):
being on a dishonesty list (人力资源市场严重失信名单, 拖欠农民工工资失信联合惩戒名单) and an
open wage-arrears case. Read through those apps' selectors only; absent apps mark nothing."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from zhihui.optional import import_optional


def employer_marks(organisation_ids, on: dt.date | None = None) -> dict[int, list[dict]]:
    """Organisation id → [{"kind": "list"|"arrears", "text": …}], one query per source."""
    on = on or timezone.localdate()
    ids = {i for i in organisation_ids if i}
    out: dict[int, list[dict]] = {}
    regulation = import_optional("zhihui.regulation.selectors")
    if regulation is not None:
        for org_id, entries in regulation.listed_organisations(ids, on).items():
            for e in entries:
                out.setdefault(org_id, []).append({
                    "kind": "list", "text": _("已列入%(list)s（%(since)s 至 %(until)s）") % {
                        "list": e.get_kind_display(), "since": f"{e.listed_on:%Y-%m-%d}", "until": f"{e.listed_until:%Y-%m-%d}"}})
    rights = import_optional("zhihui.rights.selectors")
    if rights is not None:
        for org_id, a in rights.open_arrears(ids).items():
            out.setdefault(org_id, []).append({
                "kind": "arrears", "text": _("有未结的拖欠工资案件 %(n)s 件") % {"n": a["cases"]}})
    return out


def attach(postings, on: dt.date | None = None) -> None:
    """Set `.employer_marks` on each posting (a page of them: two queries in all)."""
    postings = list(postings)
    marks = employer_marks({p.organisation_id for p in postings}, on)
    for p in postings:
        p.employer_marks = marks.get(p.organisation_id, [])
