"""The labelled set: real-style job titles and the occupation each one means.

How it is made (docs/occupation-coding.md, "The labelled set"):

- `data/seeds.tsv` is written by hand: for each occupation of the 2022 classification that job
  boards really post, the core phrases people type for it ("炒锅", "勾机司机", "宝妈"-free
  phrases…). A phrase written "X（Y）" is the phrase X in the context Y and is typed "YX"
  ("技术员（土建）" → "土建技术员"). The occupation of each phrase is the labeller's decision,
  following the label guide in the docs.
- `build_titles()` dresses each phrase the way postings are typed: urgency words, company and
  place names, pay in every format, bracketed perks, emoji, traditional characters, several
  jobs in one line. The dressing is random but seeded: the same seeds give the same file.
- Held-out part: decided by a hash of the CORE PHRASE (not of the dressed title): every dressed
  form of a phrase lands on the same side, so the held-out figure measures phrases the coder
  never saw, not the same phrase with another salary. A phrase listed in the alias table
  (`data/aliases.tsv`) is always on the training side (the coder knows it by heart). About 25 %
  of phrases are held out. The held-out rows are never used to train or tune anything.

- `data/seeds_more.tsv` (written later, by hand, the same way) adds phrases to the TRAINING side
  only: `data/titles_more.csv` is built from it with its own seeded dressing, so `titles.csv` and
  its held-out part stay exactly as they were. A phrase of seeds_more whose cleaned text equals a
  held-out phrase's is dropped when the file is built (the held-out part stays unseen).
- `data/seeds_third.tsv` (a third batch, by hand) works the same way: `data/titles_third.csv`,
  training side only, held-out phrases dropped, phrases already in titles.csv or titles_more.csv
  skipped.

Run `python -m zhihui.occupations.labelled` to rebuild `data/titles.csv` after editing seeds, and
`python -m zhihui.occupations.labelled more` to rebuild `data/titles_more.csv`, and
`python -m zhihui.occupations.labelled third` to rebuild `data/titles_third.csv`.
"""

from __future__ import annotations

import csv
import hashlib
import random
import re
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
SEEDS = DATA_DIR / "seeds.tsv"
TITLES = DATA_DIR / "titles.csv"
SEEDS_MORE = DATA_DIR / "seeds_more.tsv"
TITLES_MORE = DATA_DIR / "titles_more.csv"
SEEDS_THIRD = DATA_DIR / "seeds_third.tsv"
TITLES_THIRD = DATA_DIR / "titles_third.csv"
HELDOUT_SHARE = 0.25

_CONTEXT_RE = re.compile(r"^(.*?)（(.+?)）$")


def read_seeds(path: Path = SEEDS) -> list[tuple[str, str, str]]:
    """(code, phrase as typed, phrase as written in the seeds file)."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            code, phrases = line.split("\t")
            for raw in phrases.split("、"):
                raw = raw.strip()
                m = _CONTEXT_RE.match(raw)
                typed = (m.group(2) + (" " if m.group(2).isascii() and m.group(1).isascii() else "") + m.group(1)) if m else raw
                rows.append((code, typed, raw))
    return rows


def is_heldout(phrase: str, forced_train: frozenset[str] = frozenset()) -> bool:
    """Fixed for ever: a hash of the phrase, not a random draw."""
    if phrase in forced_train:
        return False
    digest = hashlib.sha256(("zhihui-occupations:" + phrase).encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < HELDOUT_SHARE


def read_titles(path: Path | None = None) -> list[dict]:
    """The labelled titles: data/titles.csv (both parts), data/titles_more.csv and
    data/titles_third.csv (training only)."""
    paths = [path] if path else [TITLES, TITLES_MORE, TITLES_THIRD]
    rows: list[dict] = []
    for p in paths:
        if p.exists():
            with open(p, encoding="utf-8") as fh:
                rows.extend(csv.DictReader(fh))
    return rows


# --- dressing ---------------------------------------------------------------------------------

_URGENT = ["急招", "急聘", "诚聘", "高薪诚聘", "直招", "招聘", "招", "【急招】", "【直招】", "长期招", "本地招",
           "高薪招聘", "火热招聘", "紧急招聘", "聘", "诚招"]
_PLACES = ["济源", "济源市", "济源·玉泉", "克井镇", "五龙口", "沁园街道", "济源高新区", "郑州", "郑州金水区", "洛阳",
           "焦作", "新乡", "开封", "深圳", "东莞", "苏州", "上海", "北京朝阳", "杭州", "【济源】", "[郑州]", "梨林镇",
           "承留", "天坛街道", "济源市区"]
_COMPANY_HEAD = ["豫光", "中原", "万洋", "宏达", "金利", "富士康", "美团", "顺丰", "德邦", "海底捞", "蜜雪冰城",
                 "京东", "比亚迪", "华为", "济钢", "沁园", "王屋山", "伏牛", "天坛", "愚公", "小浪底", "鑫源", "恒通"]
_COMPANY_TAIL = ["科技有限公司", "实业有限公司", "电子有限公司", "物流有限公司", "餐饮管理有限公司", "建设集团",
                 "环保科技股份有限公司", "食品有限公司", "集团", "有限公司", "公司", "人力资源有限公司"]
_PAY = ["5000-8000", "6k-9k", "月薪6000+", "8-12K·13薪", "底薪3000+提成", "日结200元/天", "时薪18元", "薪资面议",
        "年薪20万", "月入过万", "4500-6500元/月", "3500~5000", "综合工资7000左右", "保底5000", "计件8000+",
        "工资日结", "15-25K", "10k+", "月薪4-6千", "2800元起", "一天180", "200/天", "工资高", "待遇优厚"]
_PERKS = ["包吃住", "包住", "五险一金", "双休", "单休", "长白班", "两班倒", "年底双薪", "有宿舍", "提供住宿",
          "节假日福利", "免费培训", "接受小白", "无需经验", "带薪年假", "餐补", "交通补贴", "全职", "兼职", "不收费",
          "宝妈优先", "限男", "限女", "18-45岁", "45岁以下", "退伍军人优先", "可实习", "做六休一", "朝九晚五",
          "坐班", "包工作餐", "环境好", "有经验优先", "转正", "在职培训", "男女不限", "多名", "若干名", "2名", "5人"]
_EMOJI = ["🔥", "✅", "💰", "⭐", "🎉", "❗", "👍", "🏠", "😊", "📢", "💪", "🌟", "‼️", "🚀"]
_PERSONAS = ["宝妈", "学生", "退休人员", "大学生", "应届生", "残疾人", "4050人员"]
_MODES = ["兼职", "全职", "实习", "临时", "暑假工", "小时工", "日结"]
_SEPARATORS = ["/", "、", "，", "+", " ", "|", "及"]


def _pick(rng: random.Random, items: list[str]) -> str:
    return items[rng.randrange(len(items))]


def dress(phrase: str, rng: random.Random, others: list[str], code: str = "4") -> str:
    """One real-style title around the core phrase (part-time and persona words only on the
    kinds of jobs that are posted that way: services, farming, production, odd jobs)."""
    core = phrase
    casual = code[0] in "3458"
    if casual and rng.random() < 0.12:
        core = _pick(rng, _PERSONAS) + _pick(rng, _MODES) + core
    elif casual and rng.random() < 0.12:
        core = _pick(rng, _MODES) + core
    if rng.random() < 0.12 and others:
        core = core + _pick(rng, _SEPARATORS) + _pick(rng, others)
        if rng.random() < 0.4:
            core = core + _pick(rng, _SEPARATORS) + _pick(rng, others)
    parts: list[str] = []
    if rng.random() < 0.35:
        parts.append(_pick(rng, _URGENT))
    if rng.random() < 0.25:
        parts.append(_pick(rng, _PLACES))
    if rng.random() < 0.20:
        parts.append(_pick(rng, _COMPANY_HEAD) + _pick(rng, _COMPANY_TAIL))
    parts.append(core)
    tail: list[str] = []
    for _ in range(rng.choice([0, 0, 1, 1, 2, 3])):
        perk = _pick(rng, _PERKS)
        tail.append(rng.choice([perk, f"（{perk}）", f"【{perk}】", f"({perk})"]))
    if rng.random() < 0.40:
        tail.append(_pick(rng, _PAY))
    rng.shuffle(tail)
    joiner = rng.choice(["", " ", " ", "，", "-", " | "])
    title = joiner.join(parts + tail) if rng.random() < 0.5 else "".join(parts) + " " + " ".join(tail)
    if rng.random() < 0.18:
        e = _pick(rng, _EMOJI)
        title = rng.choice([e + title, title + e, e + title + e])
    title = title.strip()
    if rng.random() < 0.08 and not phrase.isascii():
        from opencc import OpenCC  # only when the set is rebuilt

        title = OpenCC("s2t").convert(title)
    return title


def build_titles(per_phrase: int = 3, seed: int = 20261207) -> list[dict]:
    from zhihui.occupations.rules import alias_phrases

    rng = random.Random(seed)
    seeds = read_seeds()
    forced = frozenset(alias_phrases())
    by_side: dict[bool, list[str]] = {True: [], False: []}
    for _code, typed, _raw in seeds:
        by_side[is_heldout(typed, forced)].append(typed)
    rows, seen = [], set()
    for code, typed, _raw in seeds:
        heldout = is_heldout(typed, forced)
        # Extra jobs in a multi-job title come from the same side, so no held-out phrase leaks
        # into a training title.
        others = [p for p in by_side[heldout] if p != typed]
        n = per_phrase + (1 if not typed.isascii() else 0)
        variants = [typed] if rng.random() < 0.5 else []
        while len(variants) < n:
            variants.append(dress(typed, rng, others, code))
        for title in variants:
            if title in seen:
                continue
            seen.add(title)
            rows.append({"title": title, "code": code, "phrase": typed, "split": "heldout" if heldout else "train"})
    return rows


def write_titles(rows: list[dict], path: Path = TITLES) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["title", "code", "phrase", "split"])
        writer.writeheader()
        writer.writerows(rows)


def build_more_titles(per_phrase: int = 3, seed: int = 20261208, seeds_path: Path = SEEDS_MORE,
                      prior: tuple[Path, ...] = (TITLES,)) -> tuple[list[dict], int]:
    """Training titles from seeds_more.tsv, or from another training-only seeds file (see the
    module's docstring). `prior` are the titles files already built: a phrase already in one of
    them is skipped, and their titles are not repeated. Returns the rows and how many phrases
    were dropped because they are held-out phrases (the phrases are not shown)."""
    from zhihui.occupations.model import query_text

    base = [r for p in prior for r in read_titles(p)]
    held = {query_text(r["phrase"]) for r in base if r["split"] == "heldout"}
    known = {r["phrase"] for r in base}
    rng = random.Random(seed)
    seeds, dropped = [], 0
    for code, typed, _raw in read_seeds(seeds_path):
        if query_text(typed) in held:
            dropped += 1
            continue
        if typed not in known:
            known.add(typed)
            seeds.append((code, typed))
    others = sorted({r["phrase"] for r in base if r["split"] == "train"} | {t for _c, t in seeds})
    rows, seen = [], {r["title"] for r in base}
    for code, typed in seeds:
        n = per_phrase + (1 if not typed.isascii() else 0)
        variants = [typed] if rng.random() < 0.5 else []
        while len(variants) < n:
            variants.append(dress(typed, rng, [o for o in others if o != typed], code))
        for title in variants:
            if title in seen:
                continue
            seen.add(title)
            rows.append({"title": title, "code": code, "phrase": typed, "split": "train"})
    return rows, dropped


def build_third_titles() -> tuple[list[dict], int]:
    """Training titles from seeds_third.tsv: as seeds_more, after titles.csv and titles_more.csv."""
    return build_more_titles(seed=20261209, seeds_path=SEEDS_THIRD, prior=(TITLES, TITLES_MORE))


if __name__ == "__main__":
    import sys

    if sys.argv[1:] in (["more"], ["third"]):
        rows, dropped = build_more_titles() if sys.argv[1:] == ["more"] else build_third_titles()
        write_titles(rows, TITLES_MORE if sys.argv[1:] == ["more"] else TITLES_THIRD)
        print(f"{len(rows)} training titles of {len({r['phrase'] for r in rows})} phrases; "
              f"{dropped} phrases dropped (held-out phrases)")
        sys.exit(0)
    rows = build_titles()
    write_titles(rows)
    held = sum(r["split"] == "heldout" for r in rows)
    print(f"{len(rows)} titles, {held} held out ({held / len(rows):.0%}), {len({r['phrase'] for r in rows})} phrases")
