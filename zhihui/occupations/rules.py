"""Cleaning rules and alias tables: data a clerk can extend (zhihui/occupations/data/).

- `cleaning.tsv`: what to delete from a title before coding (pay, ages, head-counts, contacts,
  company names, perks, urgency words, places) and the slang to rewrite;
- `aliases.tsv`: names the classification does not use, each with its occupation;
- traditional characters are turned into simplified ones with OpenCC's character table
  (opencc-python-reimplemented, Apache-2.0), read once.

`clean(title)` returns the text the coder matches; `segments(text)` the jobs of a title that
names several ("电工/焊工/叉车工": the first one is the title's occupation, see the label guide).
No Django here.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
MAX_TITLE = 200  # the contract: a longer title is cut to 200 characters before coding

_EMOJI_RE = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f\u200d\u203c\u2049\u3030\u303d\u3297\u3299]"
)
_BRACKET_RE = re.compile(r"[（(【\[{〔《<]([^（()）【】\[\]{}〔〕《》<>]*)[)）】\]}〕》>]")
_SPLIT_RE = re.compile(r"\s*(?:[/、，,；;|+＋&＆]|\s及\s|及|\s兼\s)\s*")
_SPACE_RE = re.compile(r"\s+")
_CJK_GAP_RE = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
_EDGE_PUNCT = " -—_·.。:：!！?？~～*#＃\"'“”‘’"


@lru_cache(maxsize=1)
def t2s_table() -> dict[int, str]:
    import importlib.util

    spec = importlib.util.find_spec("opencc")
    table: dict[int, str] = {}
    if spec is None or not spec.submodule_search_locations:
        return table
    path = Path(list(spec.submodule_search_locations)[0]) / "dictionary" / "TSCharacters.txt"
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            trad, _, simp = line.rstrip("\n").partition("\t")
            if len(trad) == 1 and simp:
                table[ord(trad)] = simp.split(" ")[0]
    return table


def _read_tsv(name: str) -> list[list[str]]:
    rows = []
    with open(DATA_DIR / name, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            rows.append([lineno, *line.split("\t")])
    return rows


class Rules:
    """The cleaning rules of data/cleaning.tsv, compiled once."""

    def __init__(self) -> None:
        self.removes: list[re.Pattern] = []
        noise: list[str] = []
        places: list[str] = []
        self.rewrites: list[tuple[str, str]] = []
        for lineno, kind, *rest in _read_tsv("cleaning.tsv"):
            if kind == "remove":
                self.removes.append(re.compile(rest[0], re.IGNORECASE))
            elif kind == "noise":
                noise.append(rest[0])
            elif kind == "place":
                places.append(rest[0])
            elif kind == "rewrite":
                self.rewrites.append((rest[0].lower(), rest[1]))
            else:
                raise ValueError(f"cleaning.tsv line {lineno}, column kind: {kind!r} is not remove, noise, place or rewrite")
        noise.sort(key=len, reverse=True)
        self.noise_re = re.compile("|".join(map(re.escape, noise))) if noise else None
        places.sort(key=len, reverse=True)
        self.place_re = (
            re.compile("(?:" + "|".join(map(re.escape, places)) + ")(?:市区|市|县|区|镇|乡|街道)?") if places else None
        )
        # One pass each, longest first. ASCII rewrites match whole words only ("hr" is not the
        # "hr" in "chrome").
        self.rewrite_map = dict(self.rewrites)
        ascii_words = sorted((a for a, _b in self.rewrites if a.isascii()), key=len, reverse=True)
        other = sorted((a for a, _b in self.rewrites if not a.isascii()), key=len, reverse=True)
        self.ascii_re = re.compile(r"(?<![a-z])(?:" + "|".join(map(re.escape, ascii_words)) + r")(?![a-z])") if ascii_words else None
        self.other_re = re.compile("|".join(map(re.escape, other))) if other else None


@lru_cache(maxsize=1)
def rules() -> Rules:
    return Rules()


def alias_rows() -> list[tuple[str, str]]:
    out = []
    for _lineno, code, phrases in _read_tsv("aliases.tsv"):
        for p in phrases.split("、"):
            if p.strip():
                out.append((code.strip(), p.strip()))
    return out


def alias_phrases() -> list[str]:
    return [p for _c, p in alias_rows()]


def normalise(text: str) -> str:
    """Width, case, traditional characters, emoji: the form every later step works on."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(t2s_table()).lower()
    text = _EMOJI_RE.sub(" ", text)
    return text


def _strip_brackets(text: str, r: Rules) -> str:
    """A bracket holding only perks, pay or places goes; one holding job words is opened."""

    def repl(m: re.Match) -> str:
        inner = m.group(1)
        rest = _scrub(inner, r)
        return " " + rest + " " if rest else " "

    prev = None
    while prev != text:
        prev, text = text, _BRACKET_RE.sub(repl, text)
    return text


def _scrub(text: str, r: Rules) -> str:
    for pat in r.removes:
        text = pat.sub(" ", text)
    if r.place_re:
        text = r.place_re.sub(" ", text)
    if r.noise_re:
        text = r.noise_re.sub(" ", text)
    return _SPACE_RE.sub(" ", text).strip(_EDGE_PUNCT + "，,、/|+")


def clean(title: str) -> str:
    """The title as the coder reads it: normalised, rewritten, without pay, place, company,
    perks and urgency. If cleaning would leave nothing, the normalised title is kept (a title
    that is only "兼职" is still a title)."""
    r = rules()
    text = normalise(title)
    english = 0
    if r.ascii_re:
        text, english = r.ascii_re.subn(lambda m: r.rewrite_map[m.group()], text)
    if english:  # "truck driver" -> "货车 司机" -> "货车司机"
        text = _CJK_GAP_RE.sub("", text)
    if r.other_re:
        text = r.other_re.sub(lambda m: r.rewrite_map[m.group()], text)
    base = text
    text = _strip_brackets(text, r)
    cleaned = _scrub(text, r)
    cleaned = _SPACE_RE.sub(" ", cleaned).strip(_EDGE_PUNCT)
    if not cleaned:
        cleaned = _SPACE_RE.sub(" ", base).strip(_EDGE_PUNCT + "【】[]()（）")
    return cleaned


def segments(cleaned: str) -> list[str]:
    """The jobs of a title naming several, in order ("电工/焊工" → ["电工", "焊工"])."""
    parts = [p.strip(_EDGE_PUNCT) for p in _SPLIT_RE.split(cleaned)]
    parts = [p for p in parts if p]
    return parts or [cleaned]
