"""The citizen's short form for "我能享受哪些政策": every field optional; what is left blank stays
unknown to the engine (it then asks for it), never guessed."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from zhihui import vocab

DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"]
DATE_ERRORS = {"invalid": _("请输入有效日期，格式如 2024-07-01")}
UNKNOWN = ("", _("不清楚 / 不填"))
TRI = [UNKNOWN, ("yes", _("是")), ("no", _("否"))]


def _date(label: str, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        error_messages=DATE_ERRORS,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


def _tri(label: str) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, required=False, choices=TRI)


class CheckForm(forms.Form):
    birth_date = _date(_("出生日期"))
    degree = forms.ChoiceField(
        label=_("最高学历"),
        required=False,
        choices=[
            UNKNOWN,
            ("doctorate", _("博士研究生")),
            ("master", _("硕士研究生")),
            ("bachelor", _("大学本科")),
            ("associate", _("大学专科")),
            ("preparatory_technician", _("技工院校预备技师(技师)班")),
            ("none", _("以上都不是")),
        ],
    )
    graduation_date = _date(_("毕业日期"))
    full_time = _tri(_("是否全日制"))
    double_first_class = _tri(_("是否“双一流”高校毕业"))
    overseas = _tri(_("是否留学回国"))
    university_in_jiyuan = _tri(_("毕业院校是否在济源"))
    talent_category = forms.ChoiceField(
        label=_("人才类别(已认定的)"),
        required=False,
        choices=[UNKNOWN, ("none", _("未认定"))] + [(c, format_lazy(_("{}类"), c)) for c in "ABCDEFG"],
    )
    employer_kind = forms.ChoiceField(
        label=_("工作单位类型"),
        required=False,
        choices=[
            UNKNOWN,
            ("key_enterprise", _("重点企业")),
            ("enterprise", _("其他企业")),
            ("zone_research_institute", _("示范区科研院所")),
            ("sci_tech_platform", _("科技创新平台")),
            ("local_university", _("驻济高校")),
            ("public_hospital", _("公立医院")),
            ("public_institution", _("其他事业单位")),
            ("government", _("机关")),
            ("other", _("其他")),
        ],
    )
    frontline_professional = _tri(_("是否从事一线专业技术岗位(科研、教学、生产、临床等一线)"))
    newly_introduced = _tri(_("是否全职新引进来济"))
    start_date = _date(_("来济全职工作起始日期"))
    contract_years = forms.DecimalField(
        label=_("劳动合同期限(年)"),
        required=False,
        min_value=0,
        max_value=99,
        decimal_places=1,
        error_messages={
            "invalid": _("请输入数字，如 3"),
            "min_value": _("不能小于 0"),
            "max_value": _("不能大于 99"),
            "max_decimal_places": _("最多一位小数"),
        },
    )
    hukou_settled = _tri(_("户口是否已落户济源"))
    pension_months = forms.IntegerField(
        label=_("按时连续缴纳养老保险月数(补缴月份不计入)"),
        required=False,
        min_value=0,
        max_value=1200,
        error_messages={
            "invalid": _("请输入整数月数，如 12"),
            "min_value": _("不能小于 0"),
            "max_value": _("不能大于 1200"),
        },
    )
    title_level = forms.ChoiceField(
        label=_("最高专业技术职称"),
        required=False,
        choices=[
            UNKNOWN,
            ("none", _("无")),
            *((v, _(label)) for v, label in vocab.choices("title_level", highest_first=True)),
        ],
    )
    title_date = _date(_("职称取得日期"))
    skill_level = forms.ChoiceField(
        label=_("最高职业技能等级"),
        required=False,
        choices=[
            UNKNOWN,
            ("none", _("无")),
            *((v, _(label)) for v, label in vocab.choices("skill_level", highest_first=True)),
        ],
    )
    skill_date = _date(_("证书取得日期"))
    owns_home_in_jiyuan = _tri(_("在济源是否已购房"))
    wangwu_program = forms.ChoiceField(
        label=_("入选“王屋英才”项目"),
        required=False,
        choices=[
            UNKNOWN,
            ("none", _("未入选")),
            ("wangwu_professional", _("专业技术拔尖人才")),
            ("wangwu_innovation_star", _("科创之星")),
            ("wangwu_entrepreneur", _("创新创业领军人才")),
            ("wangwu_agritech_star", _("农技之星")),
        ],
    )
    wangwu_year = forms.IntegerField(
        label=_("入选年度"),
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": _("请输入年份，如 2024"),
            "min_value": _("年份不能早于 2000"),
            "max_value": _("年份不能晚于 2100"),
        },
    )
    national_expert = forms.ChoiceField(
        label=_("“全国技术能手”称号"),
        required=False,
        choices=[
            UNKNOWN,
            ("none", _("没有")),
            ("contestant", _("本人获得(选手)")),
            ("coach", _("作为教练")),
        ],
    )
    national_expert_date = _date(_("获得日期"))

    def clean(self):
        data = super().clean()
        today = dt.date.today()
        for name in (
            "birth_date",
            "graduation_date",
            "start_date",
            "title_date",
            "skill_date",
            "national_expert_date",
        ):
            d = data.get(name)
            if d is not None and d.year < 1900:
                self.add_error(name, _("日期早于 1900 年，请检查"))
        b = data.get("birth_date")
        if b is not None and b > today:
            self.add_error("birth_date", _("出生日期不能晚于今天"))
        if data.get("title_level") not in (None, "", "none") and not data.get("title_date"):
            self.add_error("title_date", _("选择了职称级别，请同时填写取得日期"))
        if data.get("skill_level") not in (None, "", "none") and not data.get("skill_date"):
            self.add_error("skill_date", _("选择了技能等级，请同时填写取得日期"))
        if data.get("wangwu_program") not in (None, "", "none") and not data.get("wangwu_year"):
            self.add_error("wangwu_year", _("选择了入选项目，请同时填写入选年度"))
        if data.get("national_expert") not in (None, "", "none") and not data.get(
            "national_expert_date"
        ):
            self.add_error("national_expert_date", _("请填写获得“全国技术能手”称号的日期"))
        return data

    def profile(self) -> dict:
        """The engine profile of what was typed (only the fields given)."""
        d = self.cleaned_data

        def tri(name):
            v = d.get(name)
            return True if v == "yes" else False if v == "no" else None

        p: dict = {"id": "check", "kind": "person"}
        if d.get("birth_date"):
            p["birth_date"] = d["birth_date"].isoformat()
        edu = {
            "degree": d.get("degree") or None,
            "graduation_date": d["graduation_date"].isoformat()
            if d.get("graduation_date")
            else None,
            "full_time": tri("full_time"),
            "double_first_class": tri("double_first_class"),
            "overseas": tri("overseas"),
            "university_in_jiyuan": tri("university_in_jiyuan"),
        }
        edu = {k: v for k, v in edu.items() if v is not None}
        if edu:
            p["education"] = edu
        cat = d.get("talent_category")
        if cat == "none":
            p["talent_category"] = None
        elif cat:
            p["talent_category"] = cat
        emp = {
            "employer_kind": d.get("employer_kind") or None,
            "frontline_professional": tri("frontline_professional"),
            "newly_introduced": tri("newly_introduced"),
            "start_date": d["start_date"].isoformat() if d.get("start_date") else None,
            "contract_years": float(d["contract_years"])
            if d.get("contract_years") is not None
            else None,
        }
        emp = {k: v for k, v in emp.items() if v is not None}
        if emp:
            p["employment"] = emp
        if tri("hukou_settled") is not None:
            p["hukou_settled"] = tri("hukou_settled")
        pension = {
            "continuous_months": d.get("pension_months"),
        }
        pension = {k: v for k, v in pension.items() if v is not None}
        if pension:
            p["pension"] = pension
        if d.get("title_level") == "none":
            p["titles"] = []
        elif d.get("title_level"):
            p["titles"] = [{"level": d["title_level"], "obtained": d["title_date"].isoformat()}]
        if d.get("skill_level") == "none":
            p["skill_certificates"] = []
        elif d.get("skill_level"):
            p["skill_certificates"] = [
                {"level": d["skill_level"], "obtained": d["skill_date"].isoformat()}
            ]
        if tri("owns_home_in_jiyuan") is not None:
            p["owns_home_in_jiyuan"] = tri("owns_home_in_jiyuan")
        if d.get("wangwu_program") == "none":
            p["selections"] = []
        elif d.get("wangwu_program"):
            p["selections"] = [{"program": d["wangwu_program"], "year": d["wangwu_year"]}]
        if d.get("national_expert") == "none":
            p["honors"] = []
        elif d.get("national_expert"):
            p["honors"] = [
                {
                    "kind": "national_technical_expert",
                    "role": d["national_expert"],
                    "date": d["national_expert_date"].isoformat(),
                }
            ]
        return p


# The engine's profile paths (texts.FIELD_LABELS keys) each form field answers: a missing fact is
# asked only when the form has a field for it, and the question links to that field.
FIELD_OF_PATH = {
    "birth_date": "birth_date",
    "age": "birth_date",
    "education.degree": "degree",
    "education.graduation_date": "graduation_date",
    "education.full_time": "full_time",
    "education.double_first_class": "double_first_class",
    "education.overseas": "overseas",
    "education.university_in_jiyuan": "university_in_jiyuan",
    "talent_category": "talent_category",
    "employment.employer_kind": "employer_kind",
    "employment.frontline_professional": "frontline_professional",
    "employment.newly_introduced": "newly_introduced",
    "employment.start_date": "start_date",
    "employment.contract_years": "contract_years",
    "hukou_settled": "hukou_settled",
    "pension.continuous_months": "pension_months",
    "titles": "title_level",
    "titles[].level": "title_level",
    "titles[].obtained": "title_date",
    "skill_certificates": "skill_level",
    "skill_certificates[].level": "skill_level",
    "skill_certificates[].obtained": "skill_date",
    "owns_home_in_jiyuan": "owns_home_in_jiyuan",
    "selections": "wangwu_program",
    "selections[].program": "wangwu_program",
    "selections[].year": "wangwu_year",
    "honors": "national_expert",
    "honors[].role": "national_expert",
    "honors[].date": "national_expert_date",
}


def initial_from_profile(profile: dict) -> dict:
    """The form's initial values from an engine profile (a citizen's own registry file)."""

    def tri(v):
        return "" if v is None else ("yes" if v else "no")

    edu = profile.get("education") or {}
    emp = profile.get("employment") or {}
    out = {
        "birth_date": profile.get("birth_date"),
        "degree": edu.get("degree"),
        "graduation_date": edu.get("graduation_date"),
        "full_time": tri(edu.get("full_time")),
        "double_first_class": tri(edu.get("double_first_class")),
        "overseas": tri(edu.get("overseas")),
        "university_in_jiyuan": tri(edu.get("university_in_jiyuan")),
        "employer_kind": emp.get("employer_kind"),
        "frontline_professional": tri(emp.get("frontline_professional")),
        "newly_introduced": tri(emp.get("newly_introduced")),
        "start_date": emp.get("start_date"),
        "contract_years": emp.get("contract_years"),
        "hukou_settled": tri(profile.get("hukou_settled")),
        "pension_months": (profile.get("pension") or {}).get("continuous_months"),
        "owns_home_in_jiyuan": tri(profile.get("owns_home_in_jiyuan")),
    }
    if "talent_category" in profile:
        out["talent_category"] = profile["talent_category"] or "none"
    for key, level_field, date_field, date_key in (
        ("titles", "title_level", "title_date", "obtained"),
        ("skill_certificates", "skill_level", "skill_date", "obtained"),
    ):
        items = profile.get(key)
        if items == []:
            out[level_field] = "none"
        elif items:
            choices = {v: i for i, (v, _l) in enumerate(CheckForm.base_fields[level_field].choices)}
            best = min(items, key=lambda i: choices.get(i.get("level"), 99))
            if best.get("level") in choices:
                out[level_field], out[date_field] = best["level"], best.get(date_key)
    sel = [s for s in profile.get("selections") or [] if s.get("program")]
    if sel:
        out["wangwu_program"], out["wangwu_year"] = sel[-1]["program"], sel[-1].get("year")
    honors = [h for h in profile.get("honors") or [] if h.get("kind") == "national_technical_expert"]
    if honors:
        out["national_expert"], out["national_expert_date"] = honors[-1].get("role"), honors[-1].get("date")
    return {k: v for k, v in out.items() if v not in (None, "")}


# Form sections (field names), for the template.
SECTIONS = [
    (_("基本情况"), ["birth_date", "hukou_settled", "owns_home_in_jiyuan"]),
    (
        _("学历"),
        [
            "degree",
            "graduation_date",
            "full_time",
            "double_first_class",
            "overseas",
            "university_in_jiyuan",
        ],
    ),
    (
        _("人才类别与工作"),
        [
            "talent_category",
            "employer_kind",
            "frontline_professional",
            "newly_introduced",
            "start_date",
            "contract_years",
        ],
    ),
    (_("社保"), ["pension_months"]),
    (_("职称与技能"), ["title_level", "title_date", "skill_level", "skill_date"]),
    (_("荣誉与入选"), ["wangwu_program", "wangwu_year", "national_expert", "national_expert_date"]),
]
