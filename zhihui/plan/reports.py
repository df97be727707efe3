"""Evaluation reports (L248: 年度监测、中期评估、终期评估): a PDF (WeasyPrint, CJK font) and an
Excel workbook (openpyxl, with charts) holding every indicator, its progress and the flagged
contradictions of the plan."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.template.loader import render_to_string
from django.utils.translation import gettext_noop

from zhihui.plan import indicators as reg
from zhihui.plan.selectors import STATUS_ZH, conflicts_zh, progress_rows, summary

KIND_ZH = {"annual": "年度监测报告", "midterm": "中期评估报告", "final": "终期评估报告"}
GROUP_ZH = {"talent": gettext_noop("人才发展"), "hrd": gettext_noop("人力资源开发"), "employment": gettext_noop("就业促进")}


def _pct(value) -> str:
    if value is None:
        return "—"
    return f"{(value * 100):.1f}%"


def report_context(year: int, kind: str) -> dict:
    registry = reg.load()
    rows = progress_rows(year)
    for r in rows:
        p = r["progress"]
        r["completion_pct"] = _pct(p.completion)
        r["expected_pct"] = _pct(p.expected)
        r["bar"] = 0 if p.completion is None else max(0, min(100, int(p.completion * 100)))
        r["bar_expected"] = 0 if p.expected is None else max(0, min(100, int(p.expected * 100)))
        r["projection"] = p.as_dict()["projection"]
        r["value"] = p.as_dict()["value"]
        r["year_target"] = p.as_dict()["annual_target"]
        r["notes"] = "; ".join(p.notes)
    counts = summary(rows)
    groups = [
        {
            "key": g,
            "name": GROUP_ZH[g],
            "rows": [r for r in rows if r["group"] == g],
            "counts": counts.get(g, {}),
        }
        for g in ("talent", "hrd", "employment")
    ]
    return {
        "year": year,
        "kind": kind,
        "title": f"济源市“十四五”人才发展、人力资源开发和就业促进规划 {year}年{KIND_ZH[kind]}",
        "generated": dt.date.today().isoformat(),
        "groups": groups,
        "counts": counts,
        "conflicts": conflicts_zh(registry.conflicts),
        "qualitative": registry.qualitative,
        "status_zh": STATUS_ZH,
        "elapsed_pct": _pct(min(max((year - 2020) / 5, 0), 1)),
    }


def render_pdf(year: int, kind: str) -> bytes:
    from weasyprint import HTML

    html = render_to_string("plan/report.html", report_context(year, kind))
    return HTML(string=html).write_pdf()


def render_xlsx(year: int, kind: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font, PatternFill

    ctx = report_context(year, kind)
    wb = Workbook()
    ws = wb.active
    ws.title = "指标进展"
    ws.append([ctx["title"]])
    ws["A1"].font = Font(bold=True, size=13)
    header = [
        "编号",
        "分组",
        "指标",
        "单位",
        "2020基期",
        "规划目标",
        "属性",
        "责任部门",
        f"{year}实际/累计",
        f"{year}年度目标",
        "完成程度",
        "时序进度",
        "状态",
        "预测(目标年)",
        "矛盾/缺失",
        "数据来源",
    ]
    ws.append(header)
    for c in ws[2]:
        c.font = Font(bold=True)
    fills = {"green": "C6EFCE", "yellow": "FFEB9C", "red": "FFC7CE", "grey": "EEEEEE"}
    first_data = ws.max_row + 1
    for g in ctx["groups"]:
        for r in g["rows"]:
            p = r["progress"]
            ws.append(
                [
                    str(r["no"]),
                    g["name"],
                    r["name"],
                    r["unit"],
                    r["baseline"],
                    r["target"],
                    reg.ATTRIBUTE_ZH[r["attribute"]],
                    r["department"],
                    r["value"],
                    r["year_target"],
                    None if p.completion is None else float(round(p.completion, 4)),
                    None if p.expected is None else float(round(p.expected, 4)),
                    r["status_zh"],
                    r["projection"],
                    ", ".join(r["conflicts"]),
                    r["computed"]
                    if r["computed"] != "manual"
                    else f"填报{(' — ' + r['manual_until']) if r['manual_until'] else ''}",
                ]
            )
            ws.cell(ws.max_row, 13).fill = PatternFill("solid", fgColor=fills[r["light"]])
            for col in (11, 12):
                ws.cell(ws.max_row, col).number_format = "0.0%"
    last_data = ws.max_row
    for col, width in zip(
        "ABCDEFGHIJKLMNOP",
        [9, 12, 36, 12, 9, 10, 8, 26, 12, 12, 10, 10, 8, 12, 14, 30],
        strict=True,
    ):
        ws.column_dimensions[col].width = width

    cs = wb.create_sheet("图表")
    cs.append(["编号", "完成程度", "时序进度"])
    for r in range(first_data, last_data + 1):
        if ws.cell(r, 11).value is not None:
            cs.append([ws.cell(r, 1).value, ws.cell(r, 11).value, ws.cell(r, 12).value])
    if cs.max_row > 1:
        chart = BarChart()
        chart.type = "bar"
        chart.title = f"{year}年 完成程度与时序进度"
        chart.y_axis.number_format = "0%"
        data = Reference(cs, min_col=2, max_col=3, min_row=1, max_row=cs.max_row)
        cats = Reference(cs, min_col=1, min_row=2, max_row=cs.max_row)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(cats)
        chart.height = max(8, cs.max_row * 0.5)
        chart.width = 18
        cs.add_chart(chart, "E2")
    sc = wb.create_sheet("状态汇总")
    sc.append(["分组", "正常/完成", "预警", "滞后/未完成", "无数据"])
    for g in ("talent", "hrd", "employment"):
        c = ctx["counts"].get(g, {})
        sc.append(
            [GROUP_ZH[g], c.get("green", 0), c.get("yellow", 0), c.get("red", 0), c.get("grey", 0)]
        )
    pie = BarChart()
    pie.type = "col"
    pie.grouping = "stacked"
    pie.overlap = 100
    pie.title = "状态汇总"
    pie.add_data(Reference(sc, min_col=2, max_col=5, min_row=1, max_row=4), titles_from_data=True)
    pie.set_categories(Reference(sc, min_col=1, min_row=2, max_row=4))
    sc.add_chart(pie, "G2")

    xs = wb.create_sheet("矛盾与缺失")
    xs.append(["编号", "类型", "指标", "说明", "表述(值 @ 出处)"])
    for c in ctx["conflicts"]:
        xs.append(
            [
                c["id"],
                c["kind_zh"],
                ", ".join(c["indicators"]),
                c["note_zh"] or c["note"],
                "; ".join(
                    f"{s['value'] if s['value'] is not None else '?'}{s.get('unit') or ''} @ {s['source']}"
                    for s in c["statements"]
                ),
            ]
        )
    from zhihui.core.spreadsheets import save_workbook

    return save_workbook(wb)


def write_report(year: int, kind: str, out_dir: str) -> list[Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"plan-{kind}-{year}"
    pdf = out / f"{stem}.pdf"
    xlsx = out / f"{stem}.xlsx"
    pdf.write_bytes(render_pdf(year, kind))
    xlsx.write_bytes(render_xlsx(year, kind))
    return [pdf, xlsx]
