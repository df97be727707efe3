"""Plan indicators: leaders' dashboard, progress table, actual-value import/export, reports."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from zhihui.core.perms import require
from zhihui.plan import indicators as reg
from zhihui.plan import perms, selectors
from zhihui.plan.actions import (
    PlanInputError,
    import_actuals,
    record_drill_down,
    record_report_export,
    set_annual_target,
)
from zhihui.plan.selectors import STATUS_ZH, conflicts_zh, progress_rows, summary

GROUPS = [("talent", _("人才发展")), ("hrd", _("人力资源开发")), ("employment", _("就业促进"))]
MAX_UPLOAD = 5 * 1024 * 1024


def _year(request) -> int:
    default = min(max(dt.date.today().year - 1, 2021), 2025)
    try:
        y = int(request.GET.get("year", default))
    except (TypeError, ValueError):
        return default
    return min(max(y, 2021), 2025)


def _ensure_loaded():
    if not selectors.is_loaded():
        from zhihui.plan.actions import load_registry

        load_registry(None)


@login_required
def dashboard(request):
    require(perms.can_view(request.user), gettext("只有领导和管理员可以查看规划指标看板"))
    _ensure_loaded()
    year = _year(request)
    rows = progress_rows(year)
    counts = summary(rows)
    groups = []
    charts = {}
    for key, name in GROUPS:
        grows = [r for r in rows if r["group"] == key]
        shown = [r for r in grows if r["status"] != "no_data"]
        for r in grows:
            r["completion_pct"] = _pct(r["progress"].completion)
            r["expected_pct"] = _pct(r["progress"].expected)
        groups.append({"key": key, "name": name, "rows": shown, "counts": counts.get(key, {})})
        charts[key] = {
            "name": str(name),
            "codes": [str(r["no"]) for r in shown],
            "names": [r["name"] for r in shown],
            # completion is a share of the task: 0–100 % (above 100 % when exceeded), never negative
            "completion": [_pct_number(r["progress"].completion) for r in shown],
            "expected": [_pct_number(r["progress"].expected) for r in shown],
            "lights": [r["light"] for r in shown],
        }
    no_data = [r for r in rows if r["status"] == "no_data"]
    for r in no_data:
        r["supplier"] = _supplier(r)
    no_data.sort(key=lambda r: (r["supplier"], str(r["no"])))
    # one trend chart per unit: % and 万人 never share an axis
    trends: dict[str, dict] = {}
    for r in rows:
        if r["history"] and any(h["value"] is not None for h in r["history"]):
            unit = trends.setdefault(r["unit"] or "—", {"unit": r["unit"] or "", "series": []})
            if len(unit["series"]) < 6:
                unit["series"].append({
                    "name": f"{r['no']} {r['name']}",
                    "years": [h["year"] for h in r["history"]],
                    "values": [h["value"] for h in r["history"]],
                })
    registry = reg.load()
    return render(
        request,
        "plan/dashboard.html",
        {
            "year": year,
            "years": list(range(2021, 2026)),
            "groups": groups,
            "charts": charts,
            "trends": trends,
            "chart_labels": {"done": gettext("完成程度"), "expected": gettext("时序进度(应达进度)"),
                             "colours": {"green": gettext("正常/已完成"), "yellow": gettext("预警"),
                                         "red": gettext("滞后/未完成"), "grey": gettext("无目标值")}},
            "no_data": no_data,
            "conflicts": conflicts_zh(registry.conflicts),
            "status_zh": STATUS_ZH,
            "can_enter": perms.can_enter(request.user),
            "job": _last_recompute_job(request.user),
        },
    )


# Where a computed indicator's figures come from (the prefix of `computed` in indicators.yaml)
COMPUTED_SOURCES = {
    "registry": _("人社基础库"),
    "employment": _("就业实名制系统"),
    "rights": _("劳动权益系统"),
}


def _supplier(r: dict) -> str:
    """Who must supply a missing figure: the department that reports it, or for a computed
    indicator the system it is counted from (recounted by the administrator)."""
    if r["computed"] in ("", "manual"):
        return r["department"]
    source = COMPUTED_SOURCES.get(r["computed"].split(".")[0], _("系统"))
    return gettext("管理员按%(source)s数据重新计算") % {"source": source}


def _pct(value) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def _pct_number(value):
    return None if value is None else round(float(value) * 100, 1)


def _last_recompute_job(user):
    """The latest registry recount, shown with its progress to those who may start one."""
    if not perms.can_enter(user):
        return None
    return selectors.last_recompute_job()


@login_required
def indicator_detail(request, code):
    require(perms.can_view(request.user), gettext("只有领导和管理员可以查看规划指标"))
    _ensure_loaded()
    ind = selectors.indicator(code)
    if ind is None:
        raise Http404("unknown indicator")
    year = _year(request)
    row = progress_rows(year, [code])[0]
    data = selectors.indicator_definition(ind)
    drill = None
    if ind.from_registry and perms.can_drill_down(request.user):
        from zhihui.plan.compute import drill_down

        try:
            page = max(1, int(request.GET.get("page", 1)))
        except ValueError:
            page = 1
        drill = drill_down(code, year, page)
        _label_drill(drill)
        record_drill_down(request.user, ind, year, page)
    return render(
        request,
        "plan/detail.html",
        {
            "ind": ind,
            "row": row,
            "year": year,
            "years": list(range(2021, 2026)),
            "json": data,
            "drill": drill,
            "conflicts": conflicts_zh(selectors.conflicts(code)),
            "can_enter": perms.can_enter(request.user),
        },
    )


def _label_drill(drill: dict) -> None:
    """Drill-down rows in words: 男/女, the certificate kind and its level in one column."""
    from zhihui.registry.enums import CertificateKind, Sex, SkillLevel, TitleLevel

    sexes, kinds = dict(Sex.choices), dict(CertificateKind.choices)
    levels = {**dict(SkillLevel.choices), **dict(TitleLevel.choices)}
    for r in drill["rows"]:
        r["sex_label"] = sexes.get(r["sex"], r["sex"] or "—")
        kind = kinds.get(r["kind"], r["kind"])
        r["certificate"] = f"{kind} · {levels.get(r['level'], r['level'])}" if r["level"] else kind


@login_required
@require_POST
def edit_target(request, code):
    require(perms.can_enter(request.user), gettext("只有部门管理员可以修改年度目标"))
    try:
        set_annual_target(
            request.user,
            code,
            request.POST.get("year"),
            request.POST.get("value"),
            request.POST.get("note", ""),
        )
        messages.success(request, gettext("年度目标已保存"))
    except PlanInputError as exc:
        for e in exc.errors:
            messages.error(request, e)
    return redirect(f"/plan/indicators/{code}/?year={request.POST.get('year', '')}")


@login_required
@require_POST
def recompute(request):
    """Recount the registry-derived indicators of a year and store them (ADMIN)."""
    require(perms.can_enter(request.user), gettext("只有部门管理员可以重新计算"))
    _ensure_loaded()
    from zhihui.plan.actions import start_recompute_job

    year = _year(request)
    job = start_recompute_job(request.user, [year])
    messages.success(request, gettext("已启动重新计算（%(year)s年），任务编号 %(job)s")
                     % {"year": year, "job": job.pk})
    return redirect(f"/plan/?year={year}")


@login_required
def template_download(request):
    require(perms.can_enter(request.user), gettext("只有部门管理员可以下载填报模板"))
    _ensure_loaded()
    from zhihui.plan.xlsx import template

    year = _year(request)
    resp = HttpResponse(
        template(year),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    resp["Content-Disposition"] = f'attachment; filename="plan-actuals-{year}.xlsx"'
    return resp


@login_required
def upload(request):
    require(perms.can_enter(request.user), gettext("只有部门管理员可以导入实际值"))
    _ensure_loaded()
    errors = []
    if request.method == "POST":
        f = request.FILES.get("file")
        if f is None:
            errors = [gettext("file: 请选择文件")]
        elif f.size > MAX_UPLOAD:
            errors = [gettext("file: 文件超过5MB")]
        else:
            year = None
            if request.POST.get("year"):
                try:
                    year = int(request.POST["year"])
                except ValueError:
                    errors = [gettext("year: 不是年份")]
            if not errors:
                try:
                    batch = import_actuals(request.user, f.read(), f.name, year)
                    messages.success(request, gettext("已导入%(year)s年 %(rows)s 个实际值") % {"year": batch.year, "rows": batch.rows})
                    return redirect(f"/plan/?year={batch.year}")
                except PlanInputError as exc:
                    errors = exc.errors
    return render(
        request,
        "plan/upload.html",
        {"errors": errors, "years": list(range(2021, 2026)), "year": _year(request)},
        status=400 if errors else 200,
    )


@login_required
def report(request):
    require(perms.can_view(request.user), gettext("只有领导和管理员可以下载评估报告"))
    _ensure_loaded()
    from zhihui.plan.reports import render_pdf, render_xlsx

    year = _year(request)
    kind = request.GET.get("kind", "annual")
    if kind not in ("annual", "midterm", "final"):
        raise Http404("unknown report kind")
    fmt = request.GET.get("format", "pdf")
    if fmt == "xlsx":
        body = render_xlsx(year, kind)
        ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "pdf":
        body = render_pdf(year, kind)
        ctype = "application/pdf"
    else:
        raise Http404("unknown format")
    record_report_export(request.user, kind, year, fmt)
    resp = HttpResponse(body, content_type=ctype)
    resp["Content-Disposition"] = f'attachment; filename="plan-{kind}-{year}.{fmt}"'
    return resp
