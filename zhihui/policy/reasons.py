"""Reason templates: what a reason line says, as a template id and its values.

A rule writes a requirement as `Req("at_least", n=12, unit=Req("unit.months_on_time"))`.
`str()` of it is the engine's English line ("at least 12 months (on time, …)"), which the
contract output carries byte for byte; the template id and the values travel beside it
(`reason_items` of a single-profile result), and the pages render them in the reader's
language (zhihui/benefits/texts.py `render`) — no phrase table translating English back.

Every template has an English (`en`, the engine's line) and a Chinese (`zh`, the pages')
pattern with the same `{name}` placeholders. The engine's own templates are below; a policy
package adds its own in `reasons.yaml` (docs/policy-authoring.md, "Reason templates"):

    started_graduated:
      en: "started {start}, graduated {graduated} (limit {limit})"
      zh: "{start}来济工作，{graduated}毕业（期限至{limit}）"

How a value is rendered follows its name: `path`/`*_path`/`paths` are profile fields (their
labels), `code`/`codes` are enum values (their labels), `param`/`params` are parameter ids
(their labels), a nested `Req` is rendered in turn; anything else is shown as it is. A list
value reads "a, b" in English ("a, b or c" for `codes`), "a、b" in Chinese ("a、b或c" for `codes`).

`Rows(template_id, **columns)` is the same for the per-row "profile had" texts of an
explanation callable: a list of the English lines (built column-wise, as fast as f-strings),
with the template id and the columns kept for the structured items.
"""

from __future__ import annotations

from itertools import repeat

from zhihui.policy.errors import PackageError

TEMPLATES: dict[str, dict[str, str]] = {}
_SOURCE: dict[str, str] = {}

# The engine's own templates (conditions of zhihui.policy.rules.Ctx and what a profile "had").
CORE = {
    "true": {"en": "true", "zh": "是"},
    "false": {"en": "false", "zh": "否"},
    "one_of": {"en": "{codes}", "zh": "{codes}"},
    "at_least": {"en": "at least {n}{unit}", "zh": "至少 {n}{unit}"},
    "value": {"en": "{code}", "zh": "{code}"},
    "text": {"en": "{text}", "zh": "{text}"},
    "not_stated": {"en": "not stated", "zh": "未提供"},
    "none": {"en": "null (none)", "zh": "无"},
    "none_listed": {"en": "none listed", "zh": "一项也没有"},
    "qualifying_of_listed": {"en": "{k} qualifying of {m} listed", "zh": "列出 {m} 项，其中 {k} 项符合"},
    "not_stated_facts": {"en": "not stated ({paths})", "zh": "未提供（{paths}）"},
    "not_in_force": {
        "en": "policy in force on {date}: required; parameter(s) {params} not in force on that date",
        "zh": "{date} 施行的政策：{params} 在该日不施行",
    },
    "field": {"en": "{path}", "zh": "{path}"},
    "field_note": {"en": "{path} ({note})", "zh": "{path}（{note}）"},
    "route": {"en": "route {n}: {what}", "zh": "途径{n}：{what}"},
}


def register(templates: dict, source: str) -> None:
    """Add templates ({id: {en, zh}}); an id already registered with other patterns fails."""
    if not isinstance(templates, dict):
        raise PackageError(f"{source}: expected a mapping of template ids")
    for tid, t in templates.items():
        if not isinstance(t, dict) or not t.get("en") or not t.get("zh"):
            raise PackageError(f"{source}: {tid}: `en` and `zh` are required")
        t = {"en": str(t["en"]), "zh": str(t["zh"])}
        old = TEMPLATES.get(tid)
        if old is not None and old != t:
            raise PackageError(f"{source}: {tid}: already defined differently in {_SOURCE[tid]}")
        TEMPLATES[tid] = t
        _SOURCE[tid] = source


register(CORE, "zhihui/policy/reasons.py")


def template(tid: str) -> dict[str, str]:
    t = TEMPLATES.get(tid)
    if t is None:
        raise PackageError(f"unknown reason template {tid!r} (add it to the package's reasons.yaml)")
    return t


def or_list(vals, sep: str = ", ", last: str = " or ") -> str:
    vals = [str(v) for v in vals]
    if len(vals) <= 1:
        return vals[0] if vals else ""
    return sep.join(vals[:-1]) + last + vals[-1]


def _en(k: str, v) -> str:
    if isinstance(v, (list, tuple)):
        return or_list(v) if k == "codes" else ", ".join(str(x) for x in v)
    return str(v)


def plain(v):
    """A value as JSON holds it (Req -> its item, Decimal and dates -> text)."""
    if isinstance(v, Req):
        return v.item()
    if v is None or isinstance(v, (bool, int, float)) or type(v) is str:
        return v
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    return str(v)


class Req(str):
    """A reason phrase: template id + values; the str is the English text."""

    def __new__(klass, tid: str, /, **values):
        s = str.__new__(klass, template(tid)["en"].format(**{k: _en(k, v) for k, v in values.items()}))
        s.tid = tid
        s.values = values
        return s

    def item(self) -> dict:
        """{"id": template id, "values": {...}} (JSON-ready)."""
        return {"id": self.tid, "values": {k: plain(v) for k, v in self.values.items()}}

    def __reduce__(self):
        return (_req, (self.tid, self.values))


def _req(tid, values):
    return Req(tid, **values)


def item_of(x) -> dict:
    """The item of a phrase: a Req's, or a plain text's (a package without templates)."""
    if isinstance(x, Req):
        return x.item()
    return {"id": "text", "values": {"text": str(x)}}


_POSITIONAL: dict = {}


class Rows(list):
    """Per-row texts of template `tid`: columns (lists, or one value for every row) by name."""

    def __init__(self, tid: str, /, **cols):
        keys = tuple(cols)
        fmt = _POSITIONAL.get((tid, keys))
        if fmt is None:
            en = template(tid)["en"]
            for j, k in enumerate(keys):
                en = en.replace("{" + k + "}", "{" + str(j) + "}")
            fmt = _POSITIONAL[tid, keys] = en.format
        args = [v if isinstance(v, (list, tuple)) else repeat(v) for v in cols.values()]
        if not any(isinstance(v, (list, tuple)) for v in cols.values()):
            raise PackageError(f"Rows({tid!r}): give at least one column (a list per row)")
        super().__init__(map(fmt, *args))
        self.tid = tid
        self.cols = cols

    def item(self, i: int) -> dict:
        return {"id": self.tid, "values": {
            k: plain(v[i] if isinstance(v, (list, tuple)) else v) for k, v in self.cols.items()}}
