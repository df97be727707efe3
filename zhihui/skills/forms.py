"""Entry forms of the skills registers (competitions and their entries, studios, labour-brand
members, apprenticeships, chief technicians, training bases, 1+X certificates), for the office
that administers them. A form only reads and resolves the input (a person by the full identity
number, a unit by its unified social credit code, an occupation by its code); the checks of
substance are the actions' (zhihui/skills/actions.py), whose refusals the page puts beside the
field they name."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhihui.registry.enums import SkillLevel
from zhihui.skills.enums import BaseKind, ContestLevel, LabourBrand, StudioKind


def _person(value: str):
    from zhihui.registry.ids import InvalidIdentifier
    from zhihui.registry.selectors import person_by_id_number

    value = (value or "").strip()
    try:
        person = person_by_id_number(value) if len(value) == 18 else None
    except InvalidIdentifier:
        person = None
    if person is None:
        raise forms.ValidationError(_("人员库中没有此身份证号码（完整 18 位）"))
    return person


def _organisation(value: str):
    from zhihui.registry.models import Organisation

    org = Organisation.objects.filter(uscc=(value or "").strip().upper()).first()
    if org is None:
        raise forms.ValidationError(_("单位库中没有此统一社会信用代码"))
    return org


def _occupation(value: str):
    from zhihui.registry.models import Occupation

    value = (value or "").strip()
    if not value:
        return None
    occ = Occupation.objects.filter(code=value).order_by("-valid_from").first()
    if occ is None:
        raise forms.ValidationError(_("职业分类大典中没有此职业代码"))
    return occ


class PersonField(forms.CharField):
    def __init__(self, label, **kw):
        super().__init__(label=label, max_length=18, min_length=18, **kw)

    def clean(self, value):
        return _person(super().clean(value))


class OrganisationField(forms.CharField):
    def __init__(self, label, **kw):
        super().__init__(label=label, max_length=18, **kw)

    def clean(self, value):
        return _organisation(super().clean(value))


class OccupationField(forms.CharField):
    def __init__(self, **kw):
        super().__init__(label=_("职业（工种）代码"), max_length=20, required=False, **kw)

    def clean(self, value):
        return _occupation(super().clean(value))


def _date(label):
    return forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}))


def _money(label):
    return forms.DecimalField(label=label, max_digits=12, decimal_places=2, min_value=0, initial=0)


class CompetitionForm(forms.Form):
    name = forms.CharField(label=_("竞赛名称"), max_length=200)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    level = forms.ChoiceField(label=_("级别"), choices=ContestLevel.choices)
    organiser = forms.CharField(label=_("主办单位"), max_length=200, required=False)
    occupation = OccupationField()
    mohrss_filed = forms.BooleanField(label=_("已报人社部备案"), required=False)


class EntryForm(forms.Form):
    competition = forms.ModelChoiceField(label=_("竞赛"), queryset=None)
    person = PersonField(_("选手身份证号码"))
    unit = forms.CharField(label=_("单位统一社会信用代码"), max_length=18, required=False)
    coach = forms.CharField(label=_("教练"), max_length=60, required=False)
    rank = forms.IntegerField(label=_("名次"), min_value=1, max_value=10000, required=False)
    award = forms.CharField(label=_("奖项"), max_length=60, required=False)
    title = forms.CharField(label=_("授予称号"), max_length=60, required=False)

    def __init__(self, *a, **kw):
        from zhihui.skills.models import Competition

        super().__init__(*a, **kw)
        self.fields["competition"].queryset = Competition.objects.all()

    def clean_unit(self):
        value = self.cleaned_data.get("unit")
        return _organisation(value) if value else None


class StudioForm(forms.Form):
    name = forms.CharField(label=_("工作室名称"), max_length=200)
    kind = forms.ChoiceField(label=_("类型"), choices=StudioKind.choices)
    level = forms.ChoiceField(label=_("级别"), choices=ContestLevel.choices)
    host = OrganisationField(_("依托单位统一社会信用代码"))
    master = PersonField(_("领办人身份证号码"))
    recognised_by = forms.CharField(label=_("认定机关"), max_length=120)
    recognised_on = _date(_("认定日期"))
    funding = _money(_("资助资金（元）"))


class BrandMemberForm(forms.Form):
    brand = forms.ChoiceField(label=_("劳务品牌"), choices=LabourBrand.choices)
    person = PersonField(_("成员身份证号码"))
    joined_on = _date(_("加入日期"))


class ApprenticeshipForm(forms.Form):
    firm = OrganisationField(_("企业统一社会信用代码"))
    school = OrganisationField(_("培训院校/机构统一社会信用代码"))
    apprentice = PersonField(_("学徒身份证号码"))
    occupation = OccupationField()
    level = forms.ChoiceField(label=_("目标等级"), choices=SkillLevel.choices)
    starts_on = _date(_("开始日期"))
    ends_on = _date(_("结束日期"))
    plan = forms.CharField(label=_("培训计划"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    subsidy = _money(_("补贴（元/人·年）"))


class ChiefTechnicianForm(forms.Form):
    firm = OrganisationField(_("企业统一社会信用代码"))
    person = PersonField(_("首席技师身份证号码"))
    occupation = OccupationField()
    appointed_on = _date(_("聘任日期"))
    term_ends_on = _date(_("聘期至"))
    monthly_allowance = _money(_("岗位津贴（元/月）"))


class TrainingBaseForm(forms.Form):
    name = forms.CharField(label=_("基地名称"), max_length=200)
    kind = forms.ChoiceField(label=_("类型"), choices=BaseKind.choices)
    level = forms.ChoiceField(label=_("级别"), choices=ContestLevel.choices)
    host = OrganisationField(_("依托单位统一社会信用代码"))
    recognised_by = forms.CharField(label=_("认定机关"), max_length=120)
    recognised_on = _date(_("认定日期"))
    stations = forms.IntegerField(label=_("实训工位"), min_value=0, max_value=100000, initial=0)
    occupations = forms.CharField(label=_("实训职业（工种）"), max_length=400, required=False)
    funding = _money(_("建设资金（元）"))


class OnePlusXForm(forms.Form):
    """The student by identity number; the diploma and the certificate by their school and
    certificate number among the student's own records."""

    person = PersonField(_("学生身份证号码"))
    school = forms.CharField(label=_("毕业院校"), max_length=120)
    certificate_number = forms.CharField(label=_("职业技能等级证书编号"), max_length=40)

    def clean(self):
        data = super().clean()
        person = data.get("person")
        if person is None:
            return data
        education = person.education_records.filter(school=(data.get("school") or "").strip()).select_related("level").first()
        if education is None:
            self.add_error("school", _("该学生没有此院校的学历记录"))
        certificate = person.certificates.filter(number=(data.get("certificate_number") or "").strip()).first()
        if certificate is None:
            self.add_error("certificate_number", _("该学生没有此编号的证书"))
        data["education"], data["certificate"] = education, certificate
        return data


# kind in the URL → (title, form, the action's keyword arguments from the cleaned data)
KINDS = {
    "competition": (_("登记职业技能竞赛"), CompetitionForm),
    "entry": (_("登记竞赛选手与成绩"), EntryForm),
    "studio": (_("登记技能大师工作室"), StudioForm),
    "brand_member": (_("登记劳务品牌成员"), BrandMemberForm),
    "apprenticeship": (_("登记新型学徒制协议"), ApprenticeshipForm),
    "chief_technician": (_("登记企业首席技师"), ChiefTechnicianForm),
    "training_base": (_("登记技能培训基地"), TrainingBaseForm),
    "one_plus_x": (_("登记 1+X 证书"), OnePlusXForm),
}


def save(kind: str, actor, data: dict):
    """Call the action of `kind` with the cleaned data; its SkillsError names the field."""
    from zhihui.skills import actions

    if kind == "competition":
        return actions.record_competition(actor, **data)
    if kind == "entry":
        return actions.add_entry(actor, data.pop("competition"), data.pop("person"), **data)
    if kind == "studio":
        return actions.record_studio(actor, **data)
    if kind == "brand_member":
        return actions.add_brand_member(actor, data["brand"], data["person"], joined_on=data["joined_on"])
    if kind == "apprenticeship":
        return actions.record_apprenticeship(actor, **data)
    if kind == "chief_technician":
        return actions.appoint_chief_technician(actor, **data)
    if kind == "training_base":
        return actions.record_training_base(actor, **data)
    if kind == "one_plus_x":
        return actions.record_one_plus_x(actor, education=data["education"], certificate=data["certificate"])
    raise KeyError(kind)
