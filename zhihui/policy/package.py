"""Policy packages: load one from disk, screen profiles, describe it.

See zhihui/policy/__init__.py for the stable API and docs/policy-authoring.md for the layout.
"""

from __future__ import annotations

import datetime as dt
import gc
import importlib.util
import sys
import threading
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path

import orjson
import yaml

from zhihui.policy.errors import PackageError, ProfileError
from zhihui.policy.params import UNSET, Parameter, _json_value, bilingual, load_parameters
from zhihui.policy.program import BenefitColumns, Program
from zhihui.policy.reasons import item_of
from zhihui.policy.reasons import register as register_reasons
from zhihui.policy.rules import _ColReason, _count_nonzero, json_str
from zhihui.policy.schema import Extractor, ProfileBatch, Schema

POLICIES_DIR = Path(__file__).resolve().parent.parent / "policies"
STATUS_NAMES = ("ineligible", "undetermined", "eligible")
INELIGIBLE, UNDETERMINED, ELIGIBLE = 0, 1, 2


@dataclass
class BenefitInfo:
    id: str
    title_zh: str
    title_en: str
    kind: str  # "person" | "organization"
    clause: str  # short reference shown in every result, e.g. "规划 L131: 高校毕业生生活补贴"
    quote: str  # the plan's text
    references: list[str]
    requirements: list[str]
    contract: bool
    parameters: list[str]
    decisions: list[str] = field(default_factory=list)  # in English (describe() gives these)
    payment: str = ""
    rule: object = None  # the rule function
    decisions_zh: list[str] = field(default_factory=list)  # the same notes in Chinese, in order

    def decisions_in(self, lang: str) -> list[str]:
        """The policy officers' notes in the reader's language (English for "en*", else Chinese)."""
        return self.decisions if lang.startswith("en") else self.decisions_zh

    def to_json(self, package: Package, as_of: dt.date | None = None) -> dict:
        d = {
            "id": self.id,
            "title_zh": self.title_zh,
            "title_en": self.title_en,
            "kind": self.kind,
            "contract": self.contract,
            "clause": self.clause,
            "quote": self.quote,
            "references": self.references,
            "requirements": self.requirements,
            "payment": self.payment,
            "decisions": self.decisions,
            "parameters": [],
        }
        for pid in self.parameters:
            p = package.parameters[pid].to_json()
            if as_of is not None:
                v = package.parameters[pid].value_at(as_of)
                p["value_at_as_of"] = _json_value(v) if v is not UNSET else None
            d["parameters"].append(p)
        return d


_FEN_CACHE: dict[int, str] = {}


def fmt_fen(f: int) -> str:
    s = _FEN_CACHE.get(f)
    if s is None:
        s = f"{f // 100}.{f % 100:02d}" if f >= 0 else "-" + fmt_fen(-f)
        if len(_FEN_CACHE) < 100_000:
            _FEN_CACHE[f] = s
    return s


_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: ~10x faster


def _load_yaml(path: Path):
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_Loader)  # noqa: S506 - a safe loader
    except FileNotFoundError:
        raise PackageError(f"{path}: missing")
    except yaml.YAMLError as e:
        raise PackageError(f"{path}: not valid YAML: {e}")


class Package:
    def __init__(self, root: Path):
        self.root = root
        manifest = _load_yaml(root / "package.yaml")
        if not isinstance(manifest, dict):
            raise PackageError(f"{root / 'package.yaml'}: expected a mapping")
        for key in ("name", "version"):
            if not manifest.get(key):
                raise PackageError(f"{root / 'package.yaml'}: `{key}` is required")
        self.manifest = manifest
        # where the rules come from, in both languages (optional; describe() gives the English)
        self.source, self.source_zh = ("", "") if not manifest.get("source") else bilingual(
            manifest["source"], f"{root / 'package.yaml'}: source")
        self.name = str(manifest["name"])
        self.version = str(manifest["version"])
        self.label = f"{self.name}@{self.version}"
        files = manifest.get("files") or {}
        self.schema = Schema(_load_yaml(root / files.get("schema", "schema.yaml")), "schema.yaml")
        self.parameters: dict[str, Parameter] = load_parameters(
            _load_yaml(root / files.get("parameters", "parameters.yaml")), "parameters.yaml",
            bilingual_notes=True)
        reasons = root / files.get("reasons", "reasons.yaml")
        if reasons.exists():  # the package's reason templates (zhihui.policy.reasons)
            register_reasons(_load_yaml(reasons), f"{self.name}/reasons.yaml")
        rules = self._load_rules(root / files.get("rules", "rules.py"))
        self.rules = rules  # the package's rule module: its helper formulas are asked by services too
        self.tests_dir = root / files.get("tests", "tests")
        bdata = _load_yaml(root / files.get("benefits", "benefits.yaml"))
        if not isinstance(bdata, dict):
            raise PackageError("benefits.yaml: expected a mapping of benefit ids")
        self.benefits: list[BenefitInfo] = []
        for bid, spec in sorted(bdata.items()):
            where = f"benefits.yaml: {bid}"
            if not isinstance(spec, dict):
                raise PackageError(f"{where}: expected a mapping")
            kind = spec.get("kind")
            if kind not in self.schema.kinds:
                raise PackageError(f"{where}: kind must be one of {list(self.schema.kinds)}")
            refs = [str(r) for r in spec.get("references") or []]
            if not refs or not (spec.get("clause") or spec.get("quote")):
                raise PackageError(f"{where}: `references` and `quote` (or `clause`) are required")
            title_zh = str(spec.get("title_zh", ""))
            clause = spec.get("clause") or (
                f"规划 {', '.join(refs)}: {title_zh}" if title_zh else f"plan {', '.join(refs)}")
            params = [str(p) for p in spec.get("parameters") or []]
            for p in params:
                if p not in self.parameters:
                    raise PackageError(f"{where}: unknown parameter {p!r}")
            notes = spec.get("decisions") or []
            if not isinstance(notes, list):
                raise PackageError(f"{where}.decisions: expected a list of {{en: ..., zh: ...}}")
            notes = [bilingual(x, f"{where}.decisions[{i}]") for i, x in enumerate(notes)]
            rule_name = spec.get("rule", bid)
            fn = getattr(rules, rule_name, None)
            if not callable(fn):
                raise PackageError(f"{where}: rules.py has no function {rule_name!r}")
            self.benefits.append(
                BenefitInfo(
                    id=bid,
                    title_zh=str(spec.get("title_zh", "")),
                    title_en=str(spec.get("title_en", "")),
                    kind=kind,
                    clause=str(clause).strip(),
                    quote=str(spec.get("quote", "")).strip(),
                    references=refs,
                    requirements=[str(r) for r in spec.get("requirements") or []],
                    contract=bool(spec.get("contract", False)),
                    parameters=params,
                    decisions=[en for en, _zh in notes],
                    decisions_zh=[zh for _en, zh in notes],
                    payment=str(spec.get("payment", "")).strip(),
                    rule=fn,
                )
            )
        self._by_id = {b.id: b for b in self.benefits}
        self._local = threading.local()
        self._leaves = {k: dict(self.schema.leaves(k)) for k in self.schema.kinds}
        self._pcache: dict[dt.date, dict] = {}  # as_of -> resolved parameters (Ctx._resolve)
        self._programs: dict[tuple, Program] = {}  # (as_of, kind, benefit ids) -> Program
        self._ids: dict[tuple, tuple] = {}  # (kind, include_extra) -> benefit ids (screen_columns)

    def _load_rules(self, path: Path):
        if not path.exists():
            raise PackageError(f"{path}: missing")
        modname = f"_zhihui_policy_rules_{self.name}_{abs(hash(str(path)))}"
        spec = importlib.util.spec_from_file_location(modname, path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[modname] = module
        spec.loader.exec_module(module)
        return module

    # ------------------------------------------------------------------ metadata
    def benefit(self, bid: str) -> BenefitInfo:
        return self._by_id[bid]

    def benefit_ids(self, kind: str, include_extra: bool = False) -> list[str]:
        return [b.id for b in self.benefits if b.kind == kind and (b.contract or include_extra)]

    def describe(self, as_of: dt.date | None = None) -> dict:
        return {
            "package": self.label,
            "name": self.name,
            "version": self.version,
            "title_zh": self.manifest.get("title_zh", ""),
            "title_en": self.manifest.get("title_en", ""),
            "source": self.source,
            "as_of": as_of.isoformat() if as_of else None,
            "benefits": [b.to_json(self, as_of) for b in self.benefits],
        }

    # ------------------------------------------------------------------ parsing
    def extractor(self, kind: str) -> Extractor:
        """A compiled field extractor for `kind` (reused per thread; finish() empties it)."""
        pool = getattr(self._local, "extractors", None)
        if pool is None:
            pool = self._local.extractors = {}
        ex = pool.get(kind)
        if ex is None or ex.n:  # none yet, or one in use further up the stack
            ex = Extractor(self.schema, kind)
            pool[kind] = ex
        return ex

    def parse(self, profiles: list[dict], kind: str) -> ProfileBatch:
        """Profiles of one kind -> columns (schema errors in batch.errors)."""
        ex = self.extractor(kind)
        for p in profiles:
            ex.add(p, p.get("id"))
        return ex.finish()

    def synthetic(self, n: int, kind: str = "person", seed: int = 1) -> ProfileBatch:
        from zhihui.policy.synthetic import synthetic_batch

        return synthetic_batch(self, n, kind, seed)

    # ------------------------------------------------------------------ evaluation
    def program(self, kind: str, as_of: dt.date, ids: tuple[str, ...]) -> Program:
        """The benefits `ids` of `kind` compiled at `as_of` (cached: compiling runs the rule
        functions, which a batch of any size then never runs again)."""
        key = (as_of, kind, ids)
        prog = self._programs.get(key)
        if prog is None:
            if len(self._programs) > 512:
                self._programs.clear()
            pcache = self._pcache.get(as_of)
            if pcache is None:
                if len(self._pcache) > 1000:
                    self._pcache.clear()
                pcache = self._pcache[as_of] = {}
            prog = self._programs[key] = Program(self, kind, list(ids), as_of, pcache)
        return prog

    def screen_columns(self, batch: ProfileBatch, as_of: dt.date, include_extra: bool = False,
                       benefits: list[str] | None = None) -> dict[str, BenefitColumns]:
        if benefits is None:
            key = (batch.kind, include_extra)
            ids = self._ids.get(key)
            if ids is None:
                ids = self._ids[key] = tuple(self.benefit_ids(batch.kind, include_extra))
        else:
            ids = tuple(benefits)
        return self.program(batch.kind, as_of, ids).run(batch)

    # ------------------------------------------------------------------ screening
    def screen(self, profiles: list, as_of: dt.date, *, include_extra: bool = False) -> list[dict]:
        """Contract-shaped results, one per profile, in order (errors as error objects)."""
        return self._screen_objects(profiles, list(range(1, len(profiles) + 1)), as_of,
                                    include_extra)

    def screen_one(self, profile: dict, as_of: dt.date, *, include_extra: bool = False,
                   items: bool = False) -> dict:
        """One result; raises ProfileError for a profile that breaks the schema. With `items`,
        each benefit also carries `reason_items` (the reasons structured: Package.render)."""
        if not isinstance(profile, dict):
            raise ProfileError("", "expected a JSON object")
        check = self._prevalidate(profile)
        if check is not None:
            raise check
        ex = self.extractor(profile["kind"])
        ex.add(profile, profile["id"])
        batch = ex.finish()
        if batch.errors:
            msg = batch.errors[0]
            field, _, rest = msg.partition(": ")
            raise ProfileError(field, rest)
        return self.render(batch, self.screen_columns(batch, as_of, include_extra), as_of,
                           items=items)[0]

    def _prevalidate(self, p: dict) -> ProfileError | None:
        kind = p.get("kind")
        if kind is None:
            return ProfileError("kind", "required (" + " or ".join(self.schema.kinds) + ")")
        if kind not in self.schema.kinds:
            return ProfileError("kind", f"unknown value {kind!r} (expected "
                                + " or ".join(self.schema.kinds) + ")")
        pid = p.get("id")
        if pid is None:
            return ProfileError("id", "required (a string)")
        if type(pid) is not str:
            return ProfileError("id", f"expected a string, got {pid!r}")
        return None

    def _screen_objects(self, objs: list, lines: list[int], as_of: dt.date,
                        include_extra: bool, as_json: bool = False) -> list:
        """Results in input order: dicts, or (as_json) JSON texts."""
        extractors: dict[str, Extractor] = {}
        slots: list = []  # per input: ("err", dict) or (kind, row)
        for obj, line in zip(objs, lines, strict=True):
            if type(obj) is not dict:
                if isinstance(obj, _BadLine):
                    slots.append({"id": None, "line": line, "error": obj.message})
                else:
                    slots.append({"id": None, "line": line,
                                  "error": "profile: expected a JSON object"})
                continue
            err = self._prevalidate(obj)
            if err is not None:
                pid = obj.get("id")
                slots.append({"id": pid if type(pid) is str else None, "line": line,
                              "error": str(err)})
                continue
            kind = obj["kind"]
            ex = extractors.get(kind)
            if ex is None:
                ex = extractors[kind] = self.extractor(kind)
            row = ex.add(obj, obj["id"])
            slots.append((kind, row, line))
        rendered = {}
        errors = {}
        batches = {}
        for kind, ex in extractors.items():
            batch = batches[kind] = ex.finish()
            errors[kind] = batch.errors
            cols = self.screen_columns(batch, as_of, include_extra)
            renderer = self.render_lines if as_json else self.render
            if batch.n < 1000:
                rendered[kind] = renderer(batch, cols, as_of)
                continue
            gc_was = gc.isenabled()
            gc.disable()  # millions of small objects: generational GC passes only cost time
            try:
                rendered[kind] = renderer(batch, cols, as_of)
            finally:
                if gc_was:
                    gc.enable()
        out = []
        for s in slots:
            if type(s) is dict:
                out.append(orjson.dumps(s) if as_json else s)
                continue
            kind, row, line = s
            e = errors[kind].get(row)
            if e is not None:
                err = {"id": batches[kind].ids[row], "line": line, "error": e}
                out.append(orjson.dumps(err) if as_json else err)
            else:
                out.append(rendered[kind][row])
        return out

    def render(self, batch: ProfileBatch, cols: dict[str, BenefitColumns],
               as_of: dt.date, items: bool = False) -> list[dict]:
        """Column results -> one contract-shaped dict per row (sorted by benefit id). With
        `items`, each benefit also has `reason_items`: the reasons structured (template id +
        values, zhihui.policy.reasons), in the order of `reasons` (for pages, not batches)."""
        n = batch.n
        per_benefit = []
        for bid in sorted(cols):
            bc = cols[bid]
            st = bc.status.tolist()
            tot = bc.total_fen
            if len(bc.pay.row) and _count_nonzero(tot):  # a total is the sum of payments
                nz = tot.nonzero()[0]
                totals = ["0.00"] * n
                for i, f in zip(nz.tolist(), tot[nz].tolist(), strict=True):
                    totals[i] = fmt_fen(f)
            else:
                totals = None
            pays = None
            if len(bc.pay.row):
                pays = [None] * n
                for r, y, f in zip(bc.pay.row.tolist(), bc.pay.year.tolist(), bc.pay.fen.tolist(),
                                   strict=True):
                    lst = pays[r]
                    if lst is None:
                        lst = pays[r] = []
                    lst.append({"year": y, "amount": fmt_fen(f)})
            miss = None
            if len(bc.missing_rows):
                miss = [()] * n
                decoded = bc.bit_paths.decoded
                for i, m in zip(bc.missing_rows.tolist(), bc.missing_bits.tolist(), strict=True):
                    miss[i] = decoded(m)
            rs = []  # (prefix or None, texts, rows shown or None for all)
            its = [] if items else None  # per reason shown: (head, had items per row)
            tpls = bc.tpls or ()
            for k, r in enumerate(bc.reasons):
                a = r.applies
                if a is not None:
                    if not _count_nonzero(a):  # shown in no row
                        continue
                    a = a.tolist()
                if type(r) is _ColReason and r.texts is None:
                    rs.append((r.pre, r.col.display(), a))  # prefix + value, joined per row
                else:
                    rs.append((None, r.make(), a))
                if items:
                    its.append(_item_head(tpls[k].head if k < len(tpls) else None, r))
            o = bc.outcome
            per_benefit.append((bid, bc.info.clause, st, totals, pays, miss, rs,
                                o.extras, o.row_extras, its))
        label = self.label
        as_of_s = as_of.isoformat()
        ids = batch.ids
        out = []
        for i in range(n):
            bl = []
            for bid, clause, st, totals, pays, miss, rs, extras, row_extras, its in per_benefit:
                p = pays[i] if pays is not None else None
                s = st[i]
                d = {
                    "benefit": bid,
                    "status": STATUS_NAMES[s],
                    "total": totals[i] if totals is not None else "0.00",
                    "payments": p if p is not None else [],
                }
                if s == ELIGIBLE:
                    if extras:
                        d.update(extras)
                    if row_extras is not None:
                        d.update(row_extras(i))
                elif s == UNDETERMINED:
                    d["missing"] = list(miss[i]) if miss is not None else []
                d["reasons"] = [t[i] if p is None else p + t[i] for p, t, a in rs
                                if a is None or a[i]]
                if its is not None:  # structured, beside the lines (same order)
                    d["reason_items"] = [
                        {**head, "had": had[i]} if had is not None else head
                        for (_p, _t, a), (head, had) in zip(rs, its, strict=True)
                        if a is None or a[i]]
                d["clause"] = clause
                bl.append(d)
            out.append({"id": ids[i], "benefits": bl, "package": label, "as_of": as_of_s})
        return out


    def render_lines(self, batch: ProfileBatch, cols: dict[str, BenefitColumns],
                     as_of: dt.date) -> list[bytes]:
        """Column results -> one UTF-8 JSON text per row: the same JSON `render` gives, built
        column-wise (the CLI path). Each row is one bytes.join over its pieces; no per-row
        dicts, no re-encoding."""
        n = batch.n
        parts: list = []  # iterables of bytes, one per piece of the line

        def const(b: bytes):
            parts.append(repeat(b, n))

        parts.append([b'{"id":' + orjson.dumps(x) + b',"benefits":[' for x in batch.ids])
        for k, bid in enumerate(sorted(cols)):
            bc = cols[bid]
            st = bc.status.tolist()
            qb = json_str(bid)
            sep = "," if k else ""
            heads = [f'{sep}{{"benefit":{qb},"status":"{name}","total":"'.encode()
                     for name in STATUS_NAMES]
            parts.append([heads[x] for x in st])
            tot = bc.total_fen
            nz = tot.nonzero()[0]
            if len(nz):
                totals = [b'0.00",'] * n
                for i, f in zip(nz.tolist(), tot[nz].tolist(), strict=True):
                    totals[i] = fmt_fen(f).encode() + b'",'
                parts.append(totals)
            else:
                const(b'0.00",')
            if len(bc.pay.row):
                pays = [b'"payments":[]'] * n
                acc: dict[int, list[str]] = {}
                for r, y, f in zip(bc.pay.row.tolist(), bc.pay.year.tolist(),
                                   bc.pay.fen.tolist(), strict=True):
                    item = f'{{"year":{y},"amount":"{fmt_fen(f)}"}}'
                    lst = acc.get(r)
                    if lst is None:
                        acc[r] = [item]
                    else:
                        lst.append(item)
                for r, lst in acc.items():
                    pays[r] = ('"payments":[' + ",".join(lst) + "]").encode()
                parts.append(pays)
            else:
                const(b'"payments":[]')
            o = bc.outcome
            elig = (bc.status == ELIGIBLE).nonzero()[0]
            if (o.extras or o.row_extras is not None) and len(elig):
                ext = [b""] * n
                c_ext = ("," + orjson.dumps(o.extras).decode()[1:-1]).encode() if o.extras else b""
                for i in elig.tolist():
                    e = c_ext
                    if o.row_extras is not None:
                        re_ = o.row_extras(i)
                        if re_:
                            e += b"," + orjson.dumps(re_)[1:-1]
                    ext[i] = e
                parts.append(ext)
            und = (bc.status == UNDETERMINED).nonzero()[0]
            if len(und):
                miss = [b',"reasons":['] * n
                for i in und.tolist():
                    miss[i] = b',"missing":[],"reasons":['
                cache: dict[int, bytes] = {}
                for i, m in zip(bc.missing_rows.tolist(), bc.missing_bits.tolist(), strict=True):
                    j = cache.get(m)
                    if j is None:
                        j = cache[m] = (b',"missing":' + orjson.dumps(bc.bit_paths.decoded(m))
                                        + b',"reasons":[')
                    miss[i] = j
                parts.append(miss)
            else:
                const(b',"reasons":[')
            reasons = bc.reasons
            if reasons and reasons[0].applies is None:
                parts.append(reasons[0].make_json(b""))
                rest = reasons[1:]
                for r in rest:
                    q = r.make_json()
                    if r.applies is not None:
                        q = [x if a else b"" for x, a in zip(q, r.applies.tolist(), strict=True)]
                    parts.append(q)
            elif reasons:  # first reason is conditional: join this benefit's reasons per row
                qs = []
                for r in reasons:
                    q = r.make_json()
                    if r.applies is not None:
                        q = [x if a else b"" for x, a in zip(q, r.applies.tolist(), strict=True)]
                    qs.append(q)
                parts.append([b"".join(t)[1:] for t in zip(*qs, strict=True)])
            const(b'],"clause":' + json_str(bc.info.clause).encode() + b"}")
        const(f'],"package":{json_str(self.label)},"as_of":"{as_of.isoformat()}"}}'.encode())
        return [b"".join(t) for t in zip(*parts, strict=False)]  # repeat() columns are endless


class _BadLine:
    """An input line that is not valid JSON (kept in place so results stay in input order)."""

    __slots__ = ("message",)

    def __init__(self, message: str):
        self.message = message


_CACHE: dict[str, Package] = {}
_BY_NAME: dict[str, Package] = {}  # the name or path as given -> package


def _item_head(head: dict | None, r) -> tuple[dict, list | None]:
    """(structured head, per-row had items or None) of one bound reason."""
    if head is None or head.get("kind") == "note":
        text = head["note"] if head is not None else r.make()[0] if r.make() else ""
        return {"kind": "note", "note": item_of(text)}, None
    h = {"kind": head["kind"], "field": head["field"],
         "label": item_of(head["label"]) if head["label"] else None,
         "required": item_of(head["required"]), "type": head["type"]}
    return h, r.had_items()


def load_package(name_or_path: str | Path) -> Package:
    """Load a policy package by name (a directory under zhihui/policies/) or by path.
    Loaded packages are cached by resolved path."""
    s = str(name_or_path)
    pkg = _BY_NAME.get(s)
    if pkg is not None:  # the API calls this on every request: skip the file-system checks
        return pkg
    p = Path(s)
    if not (p.is_dir() and (p / "package.yaml").exists()):
        p = POLICIES_DIR / s
    if not (p / "package.yaml").exists():
        raise PackageError(f"no policy package {s!r} (looked for {p / 'package.yaml'})")
    key = str(p.resolve())
    pkg = _CACHE.get(key)
    if pkg is None:
        pkg = _CACHE[key] = Package(p.resolve())
    if len(_BY_NAME) < 100 and ("/" not in s or s.startswith("/")):  # not cwd-relative
        _BY_NAME[s] = pkg
    return pkg
