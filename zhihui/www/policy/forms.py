"""The citizen's short form for "我能享受哪些政策": every field optional; what is left blank stays
unknown to the engine (it then asks for it), never guessed."""

from __future__ import annotations

import datetime as dt

from django import forms

DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"]
DATE_ERRORS = {"invalid": "请输入有效日期，格式如 2024-07-01"}
UNKNOWN = ("", "不清楚 / 不填")
TRI = [UNKNOWN, ("yes", "是"), ("no", "否")]


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
    birth_date = _date("出生日期")
    degree = forms.ChoiceField(
        label="最高学历",
        required=False,
        choices=[
            UNKNOWN,
            ("doctorate", "博士研究生"),
            ("master", "硕士研究生"),
            ("bachelor", "大学本科"),
            ("associate", "大学专科"),
            ("preparatory_technician", "技工院校预备技师(技师)班"),
            ("none", "以上都不是"),
        ],
    )
    graduation_date = _date("毕业日期")
    full_time = _tri("是否全日制")
    double_first_class = _tri("是否“双一流”高校毕业")
    overseas = _tri("是否留学回国")
    university_in_jiyuan = _tri("毕业院校是否在济源")
    talent_category = forms.ChoiceField(
        label="人才类别(已认定的)",
        required=False,
        choices=[UNKNOWN, ("none", "未认定")] + [(c, f"{c}类") for c in "ABCDEFG"],
    )
    employer_kind = forms.ChoiceField(
        label="工作单位类型",
        required=False,
        choices=[
            UNKNOWN,
            ("key_enterprise", "重点企业"),
            ("enterprise", "其他企业"),
            ("zone_research_institute", "示范区科研院所"),
            ("sci_tech_platform", "科技创新平台"),
            ("local_university", "驻济高校"),
            ("public_hospital", "公立医院"),
            ("public_institution", "其他事业单位"),
            ("government", "机关"),
            ("other", "其他"),
        ],
    )
    post = forms.ChoiceField(
        label="岗位类别",
        required=False,
        choices=[
            UNKNOWN,
            ("research", "科研"),
            ("teaching", "教学"),
            ("production", "生产"),
            ("management", "管理"),
            ("other", "其他"),
        ],
    )
    frontline_professional = _tri("是否一线专业技术岗位")
    newly_introduced = _tri("是否全职新引进来济")
    start_date = _date("来济全职工作起始日期")
    contract_years = forms.DecimalField(
        label="劳动合同期限(年)",
        required=False,
        min_value=0,
        max_value=99,
        decimal_places=1,
        error_messages={
            "invalid": "请输入数字，如 3",
            "min_value": "不能小于 0",
            "max_value": "不能大于 99",
            "max_decimal_places": "最多一位小数",
        },
    )
    hukou_settled = _tri("户口是否已落户济源")
    pension_months = forms.IntegerField(
        label="连续缴纳养老保险月数",
        required=False,
        min_value=0,
        max_value=1200,
        error_messages={
            "invalid": "请输入整数月数，如 12",
            "min_value": "不能小于 0",
            "max_value": "不能大于 1200",
        },
    )
    pension_back_paid = _tri("其中是否有补缴")
    title_level = forms.ChoiceField(
        label="最高专业技术职称",
        required=False,
        choices=[
            UNKNOWN,
            ("none", "无"),
            ("senior", "正高级"),
            ("associate_senior", "副高级"),
            ("intermediate", "中级"),
            ("junior", "初级"),
        ],
    )
    title_date = _date("职称取得日期")
    skill_level = forms.ChoiceField(
        label="最高职业技能等级",
        required=False,
        choices=[
            UNKNOWN,
            ("none", "无"),
            ("senior_technician", "高级技师"),
            ("technician", "技师"),
            ("senior_worker", "高级工"),
            ("intermediate_worker", "中级工"),
            ("junior_worker", "初级工"),
        ],
    )
    skill_date = _date("证书取得日期")
    owns_home_in_jiyuan = _tri("在济源是否已购房")
    wangwu_program = forms.ChoiceField(
        label="入选“王屋英才”项目",
        required=False,
        choices=[
            UNKNOWN,
            ("none", "未入选"),
            ("wangwu_professional", "专业技术拔尖人才"),
            ("wangwu_innovation_star", "科创之星"),
            ("wangwu_entrepreneur", "创新创业领军人才"),
            ("wangwu_agritech_star", "农技之星"),
        ],
    )
    wangwu_year = forms.IntegerField(
        label="入选年度",
        required=False,
        min_value=2000,
        max_value=2100,
        error_messages={
            "invalid": "请输入年份，如 2024",
            "min_value": "年份不能早于 2000",
            "max_value": "年份不能晚于 2100",
        },
    )
    national_expert = forms.ChoiceField(
        label="“全国技术能手”称号",
        required=False,
        choices=[
            UNKNOWN,
            ("none", "没有"),
            ("contestant", "本人获得(选手)"),
            ("coach", "作为教练"),
        ],
    )
    national_expert_date = _date("获得日期")

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
                self.add_error(name, "日期早于 1900 年，请检查")
        b = data.get("birth_date")
        if b is not None and b > today:
            self.add_error("birth_date", "出生日期不能晚于今天")
        if data.get("title_level") not in (None, "", "none") and not data.get("title_date"):
            self.add_error("title_date", "选择了职称级别，请同时填写取得日期")
        if data.get("skill_level") not in (None, "", "none") and not data.get("skill_date"):
            self.add_error("skill_date", "选择了技能等级，请同时填写取得日期")
        if data.get("wangwu_program") not in (None, "", "none") and not data.get("wangwu_year"):
            self.add_error("wangwu_year", "选择了入选项目，请同时填写入选年度")
        if data.get("national_expert") not in (None, "", "none") and not data.get(
            "national_expert_date"
        ):
            self.add_error("national_expert_date", "请填写获得“全国技术能手”称号的日期")
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
            "post": d.get("post") or None,
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
            "back_paid": tri("pension_back_paid"),
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


# Form sections (field names), for the template.
SECTIONS = [
    ("基本情况", ["birth_date", "hukou_settled", "owns_home_in_jiyuan"]),
    (
        "学历",
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
        "人才类别与工作",
        [
            "talent_category",
            "employer_kind",
            "post",
            "frontline_professional",
            "newly_introduced",
            "start_date",
            "contract_years",
        ],
    ),
    ("社保", ["pension_months", "pension_back_paid"]),
    ("职称与技能", ["title_level", "title_date", "skill_level", "skill_date"]),
    ("荣誉与入选", ["wangwu_program", "wangwu_year", "national_expert", "national_expert_date"]),
]
