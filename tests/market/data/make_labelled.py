"""Build labelled_postings.jsonl: real-style postings composed from the labelled sentences.

    python tests/market/data/make_labelled.py   (deterministic: fixed seed)

Each posting is a title, its duties, 1–3 requirement sentences drawn from ONE pool
(sentences_tune.txt → split "tune", sentences_heldout.txt → split "heldout"), pay and benefits.
Its label is the set of categories of the sentences drawn. The held-out pool's wording was
written together with the tuning pool and the rules were never adjusted on it.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

HERE = Path(__file__).parent

JOBS = [
    ("数控车床操作工", "6-18-01-01", "负责数控车床的日常操作与保养，按图纸加工零件。"),
    ("仓库管理员", "4-02-06-03", "负责原材料及成品出入库登记、盘点和账务核对。"),
    ("前台接待", "4-01-01-00", "负责来访客户接待、电话转接及会议室预订。"),
    ("会计", "2-06-03-00", "负责公司日常账务处理、纳税申报及财务报表编制。"),
    ("电工", "6-31-01-03", "负责厂区配电设备巡检、维修和日常维护。"),
    ("叉车司机", "4-02-03-03", "负责车间物料的叉车转运与装卸。"),
    ("销售代表", "4-01-02-01", "负责区域市场开拓、客户维护和订单跟进。"),
    ("厨师", "4-03-02-01", "负责餐厅中餐制作、菜品研发和后厨卫生管理。"),
    ("保安员", "4-07-05-01", "负责园区门岗值守、巡逻和来访登记。"),
    ("育婴员", "4-10-01-02", "负责婴幼儿生活照料、辅食制作和早期启蒙。"),
    ("焊工", "6-18-02-04", "负责钢结构件的手工电弧焊和气体保护焊作业。"),
    ("软件开发工程师", "2-02-10-03", "负责公司业务系统的设计、开发与维护。"),
    ("养老护理员", "4-10-01-05", "负责养老机构老人的生活照护和康复协助。"),
    ("化工操作工", "6-11-01-00", "负责化工装置的开停车操作、巡检和记录。"),
    ("收银员", "4-01-02-04", "负责门店收银、对账和顾客服务。"),
    ("快递分拣员", "4-02-07-02", "负责快件的扫描、分拣和装车。"),
    ("幼儿教师", "2-08-05-00", "负责幼儿园班级保教工作和家园沟通。"),
    ("客服专员", "4-07-02-03", "负责客户咨询电话接听、投诉处理和回访。"),
    ("铸造工", "6-18-01-05", "负责砂型铸造的造型、浇注和清理。"),
    ("行政助理", "3-01-02-00", "负责办公用品采购、文件归档和会议组织。"),
]
EMPLOYERS = ["济源市某精密机械有限公司", "济源某钢铁集团下属公司", "某商贸有限公司济源分公司",
             "济源市某餐饮管理有限公司", "某物流有限公司", "济源某化工有限公司", "某物业服务有限公司",
             "济源某科技有限公司", "某养老服务中心", "某教育咨询有限公司"]
PAY = ["月薪4000-6000元。", "薪资5000-8000元/月，多劳多得。", "底薪3000元+提成。", "综合工资6000元左右。",
       "时薪20元，日结。", "年薪10万-15万元。", "月薪3500-4500元，包吃住。"]
BENEFITS = ["缴纳五险一金。", "提供免费工作餐和员工宿舍。", "带薪年假，节日福利。", "缴纳五险，月休4天。",
            "定期组织技能培训，晋升空间大。", "", "工作地点：济源市玉泉街道。", "上班地点：济源市虎岭产业集聚区。"]
CLEAN_FILLERS = ["能吃苦耐劳，服从安排。", "有相关工作经验者优先。", "具备良好的团队合作精神。",
                 "工作认真负责。", "能适应两班倒。", "持相关职业资格证书优先。", "责任心强。"]


def read_pool(path: Path) -> tuple[list, list]:
    bad, clean = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cats, sentence = line.split("|", 1)
        if cats == "-":
            clean.append(sentence)
        else:
            bad.append((tuple(cats.split(",")), sentence))
    return bad, clean


def compose(rng: random.Random, bad, clean, n: int, split: str) -> list[dict]:
    out = []
    # every bad sentence appears at least once; every clean sentence at least once
    bad_queue = list(bad)
    rng.shuffle(bad_queue)
    clean_queue = list(clean)
    rng.shuffle(clean_queue)
    for i in range(n):
        title, code, duties = rng.choice(JOBS)
        reqs, cats = [], set()
        if i % 9 < 5:  # five in nine postings carry a flagged requirement
            k = 1 if rng.random() < 0.7 else 2
            for _ in range(k):
                item = bad_queue.pop() if bad_queue else rng.choice(bad)
                reqs.append(item[1])
                cats.update(item[0])
        for _ in range(rng.randint(1, 2)):
            reqs.append(clean_queue.pop() if clean_queue else rng.choice(clean))
        if "sex" in cats:  # a lawful exception would make the sex requirement lawful: keep them apart
            reqs = [r for r in reqs if "限男性" not in r or any(r == b[1] for b in bad)]
        reqs.append(rng.choice(CLEAN_FILLERS))
        rng.shuffle(reqs)
        style = rng.random()
        if style < 0.4:
            text = f"岗位职责：{duties}\n任职要求：{''.join(reqs)}\n薪资待遇：{rng.choice(PAY)}{rng.choice(BENEFITS)}"
        elif style < 0.7:
            body = "\n".join(f"{j}. {r}" for j, r in enumerate(reqs, 1))
            text = f"{rng.choice(EMPLOYERS)}诚聘{title}。\n{duties}\n要求：\n{body}\n待遇：{rng.choice(PAY)}"
        else:
            text = f"{duties}{''.join(reqs)}{rng.choice(PAY)}{rng.choice(BENEFITS)}联系人：王女士。"
        out.append({
            "id": f"{split}-{i + 1:03d}", "split": split, "title": title, "text": text,
            "occupation_code": code, "expected": sorted(cats),
        })
    return out


def main() -> None:
    rng = random.Random(20261207)
    postings = []
    for split, name, n in (("tune", "sentences_tune.txt", 330), ("heldout", "sentences_heldout.txt", 200)):
        bad, clean = read_pool(HERE / name)
        postings += compose(rng, bad, clean, n, split)
    with open(HERE / "labelled_postings.jsonl", "w", encoding="utf-8") as fh:
        for p in postings:
            fh.write(json.dumps(p, ensure_ascii=False) + "\n")
    print(f"{len(postings)} postings written")


if __name__ == "__main__":
    main()
