"""Plain-Chinese wording of the engine's vocabulary, for the pages (the engine itself speaks the
contract's English field names). Benefits the table does not describe fall back to the
package's own metadata (title_zh, clause, payment)."""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from zhihui import vocab
from zhihui.policy.reasons import or_list

# Profile fields (the contract's dotted paths) → what a citizen or a clerk calls them
# (gettext_noop: stays Chinese here; the pages translate a plain label with {% translate %}).
FIELD_LABELS = {
    "birth_date": gettext_noop("出生日期"),
    "age": gettext_noop("年龄"),
    "education": gettext_noop("学历信息"),
    "education.degree": gettext_noop("最高学历"),
    "education.full_time": gettext_noop("是否全日制"),
    "education.overseas": gettext_noop("是否留学回国"),
    "education.double_first_class": gettext_noop("是否“双一流”高校毕业"),
    "education.university_in_jiyuan": gettext_noop("是否驻济高校毕业"),
    "education.graduation_date": gettext_noop("毕业日期"),
    "education.shortage_major": gettext_noop("是否紧缺专业"),
    "talent_category": gettext_noop("人才类别"),
    "external_recognition": gettext_noop("外地人才认定"),
    "external_recognition.issuer": gettext_noop("外地认定机关"),
    "external_recognition.category": gettext_noop("外地认定类别"),
    "employment": gettext_noop("就业信息"),
    "employment.start_date": gettext_noop("来济全职工作起始日期"),
    "employment.newly_introduced": gettext_noop("是否全职新引进"),
    "employment.employer_kind": gettext_noop("用人单位类型"),
    "employment.post": gettext_noop("岗位类别"),
    "employment.frontline_professional": gettext_noop("是否一线专业技术岗位"),
    "employment.contract_years": gettext_noop("劳动合同期限(年)"),
    "hukou_settled": gettext_noop("是否已在济源落户"),
    "pension": gettext_noop("养老保险"),
    "pension.continuous_months": gettext_noop("按时连续缴纳养老保险月数(不含补缴)"),
    "pension.back_paid": gettext_noop("是否存在补缴"),
    "titles": gettext_noop("专业技术职称"),
    "titles[].level": gettext_noop("职称级别"),
    "titles[].obtained": gettext_noop("职称取得日期"),
    "skill_certificates": gettext_noop("职业资格/技能等级证书"),
    "skill_certificates[].level": gettext_noop("技能等级"),
    "skill_certificates[].obtained": gettext_noop("证书取得日期"),
    "honors": gettext_noop("荣誉(全国技术能手)"),
    "honors[].kind": gettext_noop("荣誉类别"),
    "honors[].role": gettext_noop("获奖身份(选手/教练)"),
    "honors[].date": gettext_noop("获奖日期"),
    "selections": gettext_noop("王屋英才入选情况"),
    "selections[].program": gettext_noop("王屋英才项目"),
    "selections[].year": gettext_noop("入选年度"),
    "scarce_talent": gettext_noop("紧缺人才积分"),
    "scarce_talent.quality": gettext_noop("学历学位等素质得分"),
    "scarce_talent.scarcity": gettext_noop("紧缺程度得分"),
    "scarce_talent.salary": gettext_noop("薪酬水平得分"),
    "scarce_talent.recognized_year": gettext_noop("紧缺人才认定年度"),
    "business": gettext_noop("本人创办的企业"),
    "business.license_date": gettext_noop("营业执照日期"),
    "business.operating_normally": gettext_noop("是否正常经营"),
    "startup_project_rating": gettext_noop("创业项目评定"),
    "startup_project_rating.program": gettext_noop("评定项目"),
    "startup_project_rating.year": gettext_noop("评定年度"),
    "owns_home_in_jiyuan": gettext_noop("在济源是否已购房"),
    "has_school_age_children": gettext_noop("是否有学龄子女"),
    "parents_60_moved_to_jiyuan": gettext_noop("60岁以上父母是否随迁济源"),
    "enclave_startup": gettext_noop("是否在人才飞地创业"),
    "org_kind": gettext_noop("单位类型"),
    "size_class": gettext_noop("企业规模"),
    "staff_count": gettext_noop("在职职工人数"),
    "graduate_hires": gettext_noop("新招用高校毕业生"),
    "graduate_hires.count": gettext_noop("近一年新招用高校毕业生人数"),
    "graduate_hires.contracts_min_years": gettext_noop("最短劳动合同期限(年)"),
    "graduate_hires.pension_paid": gettext_noop("是否已缴纳社会保险"),
    "graduate_hires.eligible_for_guaranteed_loan": gettext_noop("是否符合创业担保贷款条件"),
    "graduate_transfers": gettext_noop("毕业生输送"),
    "graduate_transfers.year": gettext_noop("输送年度"),
    "graduate_transfers.count": gettext_noop("输送到济源企业的毕业生人数"),
    "order_training": gettext_noop("订单式培养"),
    "order_training[].year": gettext_noop("培养年度"),
    "order_training[].count": gettext_noop("留济全职就业人数"),
    "studios": gettext_noop("技能大师工作室"),
    "studios[].level": gettext_noop("工作室级别"),
    "studios[].recognized": gettext_noop("认定日期"),
    "organized_experts": gettext_noop("组织选手获全国技术能手"),
    "organized_experts[].date": gettext_noop("获奖日期"),
    "hosted_national_forum": gettext_noop("是否举办全国性论坛"),
    "platform_level": gettext_noop("创新平台级别"),
    "double_introduction_project": gettext_noop("是否“双引”创业项目(拥有自主知识产权或先进、填补空白的技术)"),
}

VALUE_LABELS = {
    "doctorate": "博士研究生",
    "master": "硕士研究生",
    "bachelor": "大学本科",
    "associate": "大学专科",
    "preparatory_technician": "技工院校预备技师(技师)班",
    "none": "无",
    "zone_research_institute": "示范区科研院所",
    "key_enterprise": "重点企业",
    "sci_tech_platform": "科技创新平台",
    "local_university": "驻济高校",
    "public_hospital": "公立医院",
    "enterprise": "企业",
    "public_institution": "事业单位",
    "government": "机关",
    "other": "其他",
    "research": "科研",
    "teaching": "教学",
    "production": "生产",
    "management": "管理",
    "micro": "微型",
    "small": "小型",
    "medium": "中型",
    "large": "大型",
    "true": "是",
    "false": "否",
    "not stated": "未知(未提供)",
    "null (none)": "无",
    "henan_mass_entrepreneurship": "河南省大众创业扶持项目",
    "henan_province": "河南省",
    "zhengzhou": "郑州",
    "luoyang": "洛阳",
    "kaifeng": "开封",
    "xuchang": "许昌",
    "xinxiang": "新乡",
    "jiaozuo": "焦作",
    "pingdingshan": "平顶山",
    "luohe": "漯河",
    "quality": "素质得分",
    "scarcity": "紧缺程度得分",
    "salary": "薪酬水平得分",
    "national_technical_expert": "全国技术能手",
    "contestant": "选手",
    "coach": "教练",
    "zone": "示范区级",
    "provincial": "省级",
    "national": "国家级",
    "wangwu_professional": "专业技术拔尖人才",
    "wangwu_innovation_star": "科创之星",
    "wangwu_entrepreneur": "创新创业领军人才",
    "wangwu_agritech_star": "农技之星",
}

# Skill and title levels: zhihui/vocab.py, the one list.
VALUE_LABELS.update(vocab.labels("title_level"))
VALUE_LABELS.update(vocab.labels("skill_level"))

STATUS_LABELS = {
    "eligible": (gettext_noop("符合"), "ok"),
    "ineligible": (gettext_noop("不符合"), "bad"),
    "undetermined": (gettext_noop("待补充信息"), "warn"),
}

# Plain-Chinese summary of each benefit: who, how much, when. Every amount, threshold, rate and
# date is a `{parameter.id}` placeholder filled by `benefit_text(bid, as_of)` with the value in
# force on the date shown (a dated line in parameters.yaml changes the pages; nothing here restates
# a value; tests/benefits/test_texts_follow_parameters.py scans for literals). `{id|lowest}`:
# the lowest key of a map parameter (the entry score of the scarce-talent bands).
BENEFIT_TEXTS = {
    "youth_talent_living": {
        "who": "经认定的E、F、G类全职新引进青年人才(到岗日期不晚于判定日期)。E类须在示范区科研院所、重点企业、科技创新平台、驻济高校或公立医院从事一线专业技术岗位(科研、教学、生产等，如公立医院的一线临床岗位)；F类须在上述单位(驻济高校除外)从事一线专业技术岗位；G类不限单位和岗位。",
        "amount": "E类每年{youth_living.amount_e}，F类每年{youth_living.amount_f}，G类每年{youth_living.amount_g}。",
        "schedule": "连续发放{youth_living.years}年：来济工作起始日期所在年度起。",
    },
    "graduate_living": {
        "who": "全日制高校毕业生、留学回国毕业生或技工院校预备技师(技师)班毕业生，毕业后三年内(到岗日期不早于毕业日期、不晚于毕业满三年之日，且不晚于判定日期)全职新引进来济就业并落户，签订3年及以上劳动合同，按时连续缴纳养老保险满12个月(补缴月份不计入，但有补缴不影响享受)。",
        "amount": "博士每年{graduate_living.amount_doctorate}；{graduate_living.master_max_age}岁及以下硕士每年{graduate_living.amount_master}；“双一流”高校本科每年{graduate_living.amount_bachelor_dfc}；其他高校本科每年{graduate_living.amount_bachelor}；预备技师(技师)班毕业生(每年)：{graduate_living.amount_preparatory_technician}。",
        "schedule": "连续发放{graduate_living.years}年：来济工作起始日期所在年度起。",
    },
    "graduate_startup": {
        "who": "大专及以上学历的高校毕业生初始创业，取得营业执照并正常经营满6个月(满6个月之日在2021年1月1日以后)。",
        "amount": "一次性{graduate_startup.amount}。",
        "schedule": "在经营期满的当年发放。",
    },
    "startup_project_award": {
        "who": "大专及以上学历的高校毕业生，其创业项目被评为河南省大众创业扶持项目。",
        "amount": "{startup_project_award.min}至{startup_project_award.max}，按项目评定。",
        "schedule": "一次性。",
    },
    "senior_title_award": {
        "who": "企业职工2021年1月1日以后取得副高级或正高级专业技术职称。",
        "amount": "一次性{senior_title_award.amount}。",
        "schedule": "在取得职称的当年发放。",
    },
    "senior_technician_subsidy": {
        "who": "企业职工2021年1月1日以后新取得高级技师职业资格(技能等级)证书；或2021年1月1日以后被企业全职新引进、持有高级技师证书(取得时间不限)。只发一次；职业培训补贴条件由窗口审核。",
        "amount": "一次性{senior_technician_subsidy.amount}。",
        "schedule": "一次性。",
    },
    "national_technical_expert": {
        "who": "2021年1月1日以后获得“全国技术能手”称号的选手或其教练。",
        "amount": "选手{national_technical_expert.contestant}，教练{national_technical_expert.coach}。",
        "schedule": "一次性。",
    },
    "wangwu_professional": {
        "who": "2021年及以后入选“王屋英才”专业技术拔尖人才。",
        "amount": "{wangwu.professional}。",
        "schedule": "入选当年一次性发放。",
    },
    "wangwu_innovation_star": {
        "who": "2021年及以后入选“王屋英才”科创之星。",
        "amount": "{wangwu.innovation_star}。",
        "schedule": "入选当年一次性发放。",
    },
    "wangwu_entrepreneur": {
        "who": "2021年及以后入选“王屋英才”创新创业领军人才。",
        "amount": "{wangwu.entrepreneur}。",
        "schedule": "入选当年一次性发放。",
    },
    "wangwu_agritech_star": {
        "who": "2021年及以后入选“王屋英才”农技之星。",
        "amount": "{wangwu.agritech_star}。",
        "schedule": "入选当年一次性发放。",
    },
    "scarce_talent_salary": {
        "who": "经积分认定的重点产业紧缺人才：积分 = 素质得分×{scarce_talent.weight_quality} + 紧缺程度得分×{scarce_talent.weight_scarcity} + 薪酬水平得分×{scarce_talent.weight_salary}，{scarce_talent.bands|lowest}分及以上(缺少的分项按满分计仍不足{scarce_talent.bands|lowest}分的，判定为不符合)。",
        "amount": "{scarce_talent.bands}。",
        "schedule": "认定年度之后分{scarce_talent.instalments}个年度等额发放。",
    },
    "youth_talent_station": {
        "who": "本科及以上学历、从济源以外高校毕业、来济就业(全职新引进)或创业(已办营业执照)的青年人才(判定日期时35周岁及以下)。",
        "amount": "青年人才驿站免费住宿{youth_station.nights}晚(实物保障，不发放现金)。",
        "schedule": "来济时入住。",
    },
    "graduate_hiring_loan": {
        "who": "小微企业一年内新招用高校毕业生(至少1人)达到在职职工人数15%(超过100人的企业为8%)，签订1年以上劳动合同并缴纳社会保险，符合创业担保贷款条件。",
        "amount": "创业担保贷款额度最高{graduate_hiring_loan.loan_limit}(贴息)。",
        "schedule": "按贷款合同。",
    },
    "graduate_transfer_award": {
        "who": "驻济高校当年向济源企业输送毕业生500人及以上。",
        "amount": "{graduate_transfer_award.low_min}–{graduate_transfer_award.low_max}人每人{graduate_transfer_award.rate_low}；{graduate_transfer_award.low_max}人以上每人{graduate_transfer_award.rate_high}。",
        "schedule": "一次性。",
    },
    "order_training_subsidy": {
        "who": "订单企业(仅限企业)：与驻济院校订单式(现代学徒制)培养的毕业生在济落户并全职到本企业工作。",
        "amount": "每人{order_training_subsidy.per_graduate}。",
        "schedule": "自培养年度起分{order_training_subsidy.years}年发放。",
    },
    "skill_studio_grant": {
        "who": "2021年1月1日以后经认定的技能大师(劳模、工匠)工作室。",
        "amount": "示范区级{skill_studio_grant.zone}，省级{skill_studio_grant.provincial}，国家级{skill_studio_grant.national}。",
        "schedule": "每个工作室一次性。",
    },
    "national_technical_expert_org": {
        "who": "组织选手参加国家级备案竞赛、选手于2021年1月1日以后获“全国技术能手”称号的单位。",
        "amount": "每名获奖选手{national_technical_expert.organizer}。",
        "schedule": "一次性。",
    },
    "children_schooling": {
        "who": "A–D类高层次人才(含省级、“1+8”城市互认)的学龄前和义务教育阶段子女。",
        "amount": "由教育行政部门统筹安排公办学校就读(服务保障，不发放现金)。",
        "schedule": "按入学需要。",
    },
    "elderly_care": {
        "who": "A–D类高层次人才或经认定的紧缺人才，其60岁以上父母随迁济源。",
        "amount": "优先享受居家养老服务(服务保障)。",
        "schedule": "按实际需要。",
    },
    "enclave_rent_subsidy": {
        "who": "A–D类高层次人才在人才飞地创业的项目。",
        "amount": "场租补贴：{enclave_rent_subsidy.amount}。",
        "schedule": "—",
    },
    "forum_subsidy": {
        "who": "承办国家级专业论坛的企业。",
        "amount": "给予一定补贴：{forum_subsidy.amount}。",
        "schedule": "—",
    },
    "free_housing": {
        "who": "全职新引进、在济源没有购房、经认定的人才。",
        "amount": "免费住房保障，期限和标准：{free_housing.terms}。",
        "schedule": "—",
    },
    "green_channel_hiring": {
        "who": "博士、副高级以上职称、紧缺专业硕士或“双一流”高校本科毕业生等，应聘事业单位。",
        "amount": "通过绿色通道直接考核招聘，不受开考比例限制(服务保障)。",
        "schedule": "—",
    },
    "medical_care_services": {
        "who": "C类以上(A、B、C类)人才及其直系亲属。",
        "amount": "诊疗保健服务(服务保障)。",
        "schedule": "—",
    },
    "medical_green_channel": {
        "who": "全职新引进的A–D类高层次人才。",
        "amount": "就医保健绿色通道(服务保障)。",
        "schedule": "—",
    },
    "platform_joint_support": {
        "who": "省级以上创新平台。",
        "amount": "示范区与所在单位联合支持：{platform_joint_support.amount}。",
        "schedule": "—",
    },
    "talent_recognition": {
        "who": "经河南省或“1+8”城市认定为D类以上、来济工作的人才。",
        "amount": "按对应类别直接认定(人才共认)。",
        "schedule": "—",
    },
    "double_introduction_support": {
        "who": "高层次人才携带自主知识产权或先进技术来济创业(双引双培)。",
        "amount": "一事一议，由领导小组研究确定(最高{double_introduction.max})。",
        "schedule": "—",
    },
    "recommended_placement": {
        "who": "全日制硕士以上、副高级以上职称或优秀高技能人才，未找到合适岗位的。",
        "amount": "推荐安排岗位(服务保障)。",
        "schedule": "—",
    },
}

_PLACEHOLDER_RE = re.compile(r"\{([a-z_]+\.[a-z_]+)(?:\|(lowest))?\}")
UNSET_TEXT = gettext_noop("规划未定标准，需人工核定")


def money_words(v) -> str:
    """An amount as the plan writes it: whole 万 above ten thousand ("2万元"), 亿 above a hundred
    million, whole yuan below."""
    d = Decimal(str(v))
    if d >= 10**8 and d % 10**7 == 0:
        return f"{(d / 10**8).normalize():f}亿元"
    if d >= 10000 and d % 1000 == 0:
        return f"{(d / 10000).normalize():f}万元"
    return f"{d.normalize():f}元"


def param_text(param, value, modifier: str | None = None) -> str:
    """One parameter value in plain Chinese, by its type (money, rate, date, list, bands)."""
    from zhihui.policy.params import NOT_IN_FORCE, UNSET

    if value is UNSET or value is NOT_IN_FORCE or value is None:
        return UNSET_TEXT
    if modifier == "lowest":
        return f"{min(Decimal(str(k)) for k in value).normalize():f}"
    if param.type == "money":
        return money_words(value)
    if param.type == "rate":
        return f"{(Decimal(str(value)) * 100).normalize():f}%"
    if param.type == "date":
        return f"{value.year}年{value.month}月{value.day}日"
    if param.type == "list":
        return "、".join(VALUE_LABELS.get(str(x), str(x)) for x in value)
    if param.type == "map" and param.unit.startswith("points -> CNY"):
        bands = sorted((Decimal(str(k)), v) for k, v in value.items())
        parts = []
        for i, (low, amount) in enumerate(bands):
            if i + 1 < len(bands):
                high = bands[i + 1][0]
                parts.append(f"{low.normalize():f}–{high.normalize():f}分(不含{high.normalize():f}){money_words(amount)}")
            else:
                parts.append(f"{low.normalize():f}分及以上{money_words(amount)}")
        return "；".join(parts)
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def render_template(template: str, parameters: dict, as_of) -> str:
    """Fill `{parameter.id}` placeholders with the values in force on `as_of`."""

    def fill(m):
        param = parameters[m.group(1)]
        return param_text(param, param.value_at(as_of), m.group(2))

    return _PLACEHOLDER_RE.sub(fill, template)


def benefit_text(bid: str, as_of, package=None) -> dict:
    """{who, amount, schedule} of a benefit in plain Chinese, with the parameters in force on
    `as_of` (the date the page shows). Empty for a benefit the table does not describe."""
    if package is None:
        from . import engine

        package = engine.package()
    return {k: render_template(v, package.parameters, as_of) for k, v in BENEFIT_TEXTS.get(bid, {}).items()}


# --- reasons: template id + values → the reader's language -------------------------------------
# The engine writes each reason as a template of zhihui.policy.reasons (the engine's own) or of
# the package's reasons.yaml, with its values; a single-profile result carries them as
# `reason_items` beside the English `reasons`. `render` is the one place they become words: the
# template's Chinese pattern (English when the active language is English), each value by its
# name (a field, an enum value, a parameter, a nested template). Nothing translates English.


def _english() -> bool:
    return (translation.get_language() or "").startswith("en")


def _label(zh: str, code: str) -> str:
    """A Chinese label in the active language (the code itself where the catalogue has none)."""
    if not _english():
        return zh
    en = gettext(zh)
    return en if en != zh else code


def field_label(path: str) -> str:
    """ "education.degree" → "最高学历" (in the active language); unknown paths as they are."""
    base = path.strip()
    zh = FIELD_LABELS.get(base) or (FIELD_LABELS.get(base.split(".")[0]) if "." in base else None)
    if zh is None:
        return path
    return gettext(zh) if _english() else zh


def value_label(text: str) -> str:
    text = str(text).strip()
    zh = VALUE_LABELS.get(text)
    return _label(zh, text) if zh else text


def _param_label(pid: str) -> str:
    zh = PARAM_LABELS.get(pid)
    return _label(zh, pid) if zh else pid


def _join(parts: list[str], key: str) -> str:
    """Alternatives ("codes") as "a, b or c" / "a、b或c"; other lists with the separator only."""
    sep, last = (", ", " or ") if _english() else ("、", "或")
    return or_list(parts, sep, last) if key == "codes" else sep.join(parts)


def _value(key: str, v) -> str:
    if isinstance(v, dict) and "id" in v:
        return render(v)
    if isinstance(v, list):
        one = key[:-1] if key.endswith("s") else key
        return _join([_value(one, x) for x in v], key)
    if v is None:
        return ""
    if key == "path" or key.endswith("_path"):
        return field_label(str(v))
    if key == "code":
        return value_label(str(v))
    if key == "param":
        return _param_label(str(v))
    if key == "text" and str(v) in FIELD_LABELS:  # a package's label that is a field path
        return field_label(str(v))
    return str(v)


def render(item: dict | None) -> str:
    """One reason phrase ({"id": template id, "values": {...}}) in the active language."""
    if not item:
        return ""
    from zhihui.policy.reasons import TEMPLATES

    values = item.get("values") or {}
    t = TEMPLATES.get(item.get("id"))
    if t is None:  # a template this process does not know: its values as they are
        return "；".join(_value(k, v) for k, v in values.items())
    pattern = t["zh"]
    if _english():  # the catalogue's English where it has one, else the engine's own line
        tr = gettext(pattern)
        pattern = tr if tr != pattern else t["en"]
    try:
        return pattern.format(**{k: _value(k, v) for k, v in values.items()})
    except (KeyError, IndexError, ValueError):
        return pattern


def reason_row(raw: str, item: dict | None = None) -> dict:
    """One reason → {condition, required, had, raw, field, item} for the condition table (the
    item stays for the marks, zhihui/benefits/marks.py). Without its item (a line the window
    added, or a record stored before reasons were structured) the line stays whole."""
    if not item:
        return {"condition": "", "required": raw, "had": "", "raw": raw, "field": None, "item": None}
    if item.get("kind") == "note":
        return {"condition": "", "required": render(item.get("note")), "had": "", "raw": raw,
                "field": None, "item": item}
    field = item.get("field")
    condition = render(item["label"]) if item.get("label") else field_label(field or "")
    required = render(item.get("required"))
    if item.get("kind") == "needed_for":
        required = gettext("用于判断：%(what)s") % {"what": required}
    return {"condition": condition, "required": required, "had": render(item.get("had")),
            "raw": raw, "field": field, "item": item}


def reason_rows(entry: dict) -> list[dict]:
    """The rows of one benefit's result: its `reasons` with their `reason_items` (same order)."""
    reasons = entry.get("reasons") or []
    items = entry.get("reason_items") or []
    if len(items) != len(reasons):
        items = [None] * len(reasons)
    return [reason_row(r, it) for r, it in zip(reasons, items, strict=True)]


def missing_questions(paths: list[str]) -> list[dict]:
    """Missing facts → questions a citizen can answer ("请提供：毕业日期")."""
    return [{"path": p, "label": field_label(p)} for p in paths]


def money(text: str | None) -> str:
    """ "60000.00" → "60,000.00 元"."""
    if not text:
        return ""
    try:
        whole, _, frac = text.partition(".")
        return f"{int(whole):,}.{frac or '00'} 元"
    except ValueError:
        return text


# Parameters of the Jiyuan package in plain Chinese (the engine's own description stays beside it).
PARAM_LABELS = {
    "plan.events_from": "规划期起始日(一次性奖励的事项须在此日及以后)",
    "youth_living.amount_e": "E类人才生活补贴(每年)",
    "youth_living.amount_f": "F类人才生活补贴(每年)",
    "youth_living.amount_g": "G类人才生活补贴(每年)",
    "youth_living.years": "发放年数",
    "youth_living.e_employers": "E类人才可享受的用人单位",
    "youth_living.f_employers": "F类人才可享受的用人单位",
    "graduate_living.amount_doctorate": "博士研究生(每年)",
    "graduate_living.amount_master": "35岁及以下硕士研究生(每年)",
    "graduate_living.master_max_age": "硕士研究生年龄上限(来济工作时)",
    "graduate_living.amount_bachelor_dfc": "“双一流”高校本科生(每年)",
    "graduate_living.amount_bachelor": "其他高校本科生(每年)",
    "graduate_living.amount_preparatory_technician": "预备技师(技师)班毕业生(每年)",
    "graduate_living.years": "发放年数",
    "graduate_living.window_years": "毕业后引进期限",
    "graduate_living.min_contract_years": "劳动合同最短期限",
    "graduate_living.min_pension_months": "连续缴纳养老保险最少月数",
    "graduate_startup.amount": "创业补贴(一次性)",
    "graduate_startup.operating_months": "正常经营最少月数",
    "startup_project_award.min": "奖励下限",
    "startup_project_award.max": "奖励上限",
    "senior_title_award.amount": "奖励金额(一次性)",
    "senior_title_award.obtained_from": "职称取得日期不早于",
    "senior_technician_subsidy.amount": "培养补贴(一次性)",
    "senior_technician_subsidy.obtained_from": "证书取得日期不早于",
    "national_technical_expert.contestant": "选手奖励",
    "national_technical_expert.coach": "教练奖励",
    "national_technical_expert.organizer": "组织单位奖励(每名获奖选手)",
    "skill_studio_grant.zone": "示范区级工作室",
    "skill_studio_grant.provincial": "省级工作室",
    "skill_studio_grant.national": "国家级工作室",
    "wangwu.professional": "专业技术拔尖人才津贴",
    "wangwu.innovation_star": "科创之星津贴",
    "wangwu.entrepreneur": "创新创业领军人才津贴",
    "wangwu.agritech_star": "农技之星津贴",
    "scarce_talent.weight_quality": "个人素质权重",
    "scarce_talent.weight_scarcity": "紧缺指数权重",
    "scarce_talent.weight_salary": "薪酬水平权重",
    "scarce_talent.bands": "积分档次及补贴总额",
    "scarce_talent.instalments": "分期拨付次数",
    "youth_station.nights": "免费住宿晚数",
    "youth_station.max_age": "青年人才年龄上限(判定日期时)",
    "free_housing.terms": "免费住房期限和标准",
    "graduate_hiring_loan.ratio": "新招用毕业生占比下限",
    "graduate_hiring_loan.ratio_large": "100人以上企业的占比下限",
    "graduate_hiring_loan.large_staff_over": "适用较低比例的职工人数界限",
    "graduate_hiring_loan.min_contract_years": "劳动合同最短期限",
    "graduate_hiring_loan.loan_limit": "贷款额度上限",
    "graduate_transfer_award.low_min": "低档起点(人)",
    "graduate_transfer_award.low_max": "低档终点(人)",
    "graduate_transfer_award.rate_low": "500–1000人档(每人)",
    "graduate_transfer_award.rate_high": "1000人以上档(每人)",
    "order_training_subsidy.per_graduate": "每名毕业生补贴",
    "order_training_subsidy.years": "分期年数",
}

UNIT_LABELS = {
    "CNY": "元",
    "CNY/year": "元/年",
    "CNY per studio": "元/个",
    "CNY per graduate": "元/人",
    "CNY per winning contestant": "元/人",
    "years": "年",
    "months": "月",
    "years of age": "周岁",
    "nights": "晚",
    "date": "日期",
    "employees": "人",
    "graduates": "人",
    "employer_kind": "用人单位类型",
    "share of score": "占积分比重",
    "share of staff_count": "占在职职工总数比例",
    "points -> CNY total": "积分 → 补贴总额(元)",
    "yearly instalments": "期(每年一期)",
    "months / size": "期限(月)/面积",
    "issuer": "认定机关",
    "external category -> Jiyuan category": "外地类别 → 济源类别",
}
