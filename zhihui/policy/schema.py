"""Profile schema (schema.yaml of a package) and the column extractor.

A profile (a JSON object) is parsed once into numpy columns: one `Col` per leaf field
(values + a `present` mask) and one `ListCol` per list field (a `present` mask per profile,
and the items in long form: `item_row` plus one `Col` per item field). Rules only ever see
columns, so one profile is simply a batch of one.

Schema file:

    kinds:
      person:
        fields:
          birth_date: {type: date}
          education:
            type: object
            fields:
              degree: {type: enum, values: [doctorate, master, bachelor]}
          talent_category: {type: enum, values: [A, B, C], nullable: true}
          titles:
            type: list
            item:
              level: {type: enum, values: [senior, associate_senior]}
              obtained: {type: date}
          scarce_talent:
            type: object
            fields: {quality: {type: score, min: 0, max: 100}}

Leaf types: string, bool, int, number, score (exact decimal, up to 6 places), date, enum (its
`values`, or `vocabulary: <name>` for a list defined once in zhihui/vocab.py).
`null` means "not stated" except for a `nullable` enum, where null is a stated value.
Fields not in the schema are ignored (the contract lets callers send more).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from zhihui.policy.dates import EPOCH_ORDINAL
from zhihui.policy.errors import PackageError, ProfileError

SCORE_SCALE = 1_000_000
MAX_INT = 2**53  # whole numbers beyond this are refused (they would not fit the columns)
def _enum_values(spec: dict, where: str) -> tuple:
    """An enum's values: listed (`values: [...]`) or a shared vocabulary (`vocabulary: title_level`,
    zhihui/vocab.py), so the registry, the forms and the engine cannot disagree on a level."""
    name = spec.get("vocabulary")
    if name is None:
        return tuple(spec.get("values", ()))
    from zhihui import vocab

    if name not in vocab.VOCABULARIES:
        raise PackageError(f"{where}: unknown vocabulary {name!r} (known: {sorted(vocab.VOCABULARIES)})")
    return vocab.values(name)


LEAF_TYPES = {"string", "bool", "int", "number", "score", "date", "enum"}
ABSENT_CODE = -2  # enum code of an absent value
NULL_CODE = -1  # enum code of an explicit null (nullable enums only)


def _short(v) -> str:
    s = repr(v)
    return s if len(s) <= 40 else s[:37] + "..."


def _range_msg(v, lo, hi) -> str:
    if lo is not None and hi is not None:
        return f"{v} is out of range {lo}–{hi}"
    if lo is not None:
        return f"{v} is below the minimum {lo}"
    return f"{v} is above the maximum {hi}"


def _type_name(v) -> str:
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "an object",
    }.get(type(v), type(v).__name__)


@dataclass
class FieldSpec:
    path: str
    type: str
    values: tuple = ()
    nullable: bool = False
    min: float | None = None
    max: float | None = None
    fields: dict = field(default_factory=dict)  # object / list item sub-fields
    description: str = ""

    def __post_init__(self):
        self.codes = {v: i for i, v in enumerate(self.values)} if self.type == "enum" else None
        self.luts: dict = {}  # tuple of enum values -> bool lookup table (Col.isin)
        self.code0: dict = {}  # enum value -> its code as a 0-d int16 array (Col.eq)
        self.display_table = None  # enum code -> shown text (Col.display)

    # Shared by the columns of a batch (Col) and of a rule being compiled (rules.SymCol).
    def code(self, value) -> int:
        """Enum code of `value` (a package author's typo fails loudly)."""
        if value is None and self.nullable:
            return NULL_CODE
        try:
            return self.codes[value]
        except (KeyError, TypeError):
            raise PackageError(f"{self.path}: {value!r} is not one of {list(self.values)}")

    def isin_table(self, values) -> np.ndarray:
        """Bool look-up table over enum code + 2: the value is one of `values`."""
        key = values if type(values) is tuple else tuple(values)
        lut = self.luts.get(key)
        if lut is None:
            lut = np.zeros(len(self.values) + 2, bool)  # index = code + 2
            for v in values:
                lut[self.code(v) + 2] = True
            self.luts[key] = lut
        return lut

    def code_0d(self, value) -> np.ndarray:
        """The code of `value` as a 0-d int16 array (numpy's fast path in comparisons)."""
        try:
            c0 = self.code0.get(value)
        except TypeError:  # unhashable: code() says what is wrong
            c0 = self.code(value)
        if c0 is None:
            c0 = self.code0[value] = np.array(self.code(value), np.int16)
        return c0


class Col:
    """One leaf column: `values` (numpy) and `present` (bool numpy)."""

    __slots__ = ("spec", "values", "present", "_display", "codes", "_allp", "_ix", "_abs",
                 "_bkey", "shared")

    def __init__(self, spec: FieldSpec, values: np.ndarray, present: np.ndarray):
        self.spec = spec
        self.values = values
        self.present = present
        self._display = None
        self._allp = None
        self._ix = None
        self._abs = None
        self._bkey = None  # bool: absent 0, false 1, true 2 (program.Run._key)
        self.shared = False  # one read-only column shared by batches (absent_col)
        self.codes = spec.codes

    def absent(self) -> np.ndarray:
        """~present (kept, read-only, when `present` is a read-only shared mask: a column
        may be filled in place only while its mask is writable)."""
        a = self._abs
        if a is None:
            a = ~self.present
            if not self.present.flags.writeable:
                a.flags.writeable = False
                self._abs = a
        return a

    @property
    def path(self) -> str:
        return self.spec.path

    def all_present(self) -> bool:
        if self._allp is None:
            self._allp = bool(self.present.all())
        return self._allp

    def code(self, value) -> int:
        """Enum code of `value` (a package author's typo fails loudly)."""
        return self.spec.code(value)

    def isin(self, values) -> np.ndarray:
        """Bool per row: the (enum) value is one of `values` (absent rows: False)."""
        lut = self.spec.isin_table(values)
        ix = self._ix
        if ix is None:  # enum code + 2, shared by every isin on this column
            ix = self._ix = self.values + 2
        return lut[ix]

    def eq(self, value) -> np.ndarray:
        return self.values == self.spec.code_0d(value)

    def display(self) -> list[str]:
        """Human-readable value per row ("not stated" when absent), computed column-wise."""
        if self._display is None:
            t = self.spec.type
            vals = self.values
            if t == "enum":
                table = self.spec.display_table
                if table is None:
                    table = {i: v for i, v in enumerate(self.spec.values)}
                    table[NULL_CODE] = "null (none)"
                    table[ABSENT_CODE] = "not stated"
                    self.spec.display_table = table
                out = [table[c] for c in vals.tolist()]
            elif t == "bool":
                out = ["true" if x else "false" for x in vals.tolist()]
            elif t == "date":
                out = days_text(vals)
            elif t == "score":
                out = [_fmt_score(x) for x in vals.tolist()]
            elif t == "number":
                out = [f"{x:g}" for x in vals.tolist()]
            else:
                out = [str(x) for x in vals.tolist()]
            if not self.all_present():
                for i in (~self.present).nonzero()[0].tolist():
                    out[i] = "not stated"
            self._display = out
        return self._display


_DAY_TEXT: dict[int, str] = {}


def days_text(days: np.ndarray) -> list[str]:
    """Day numbers -> "YYYY-MM-DD" (numpy's datetime64[D] text), from a cache for small
    arrays (one profile: a dict look-up instead of two numpy conversions)."""
    if len(days) > 64:
        return days.astype("datetime64[D]").astype(str).tolist()
    keys = days.tolist()
    try:
        return [_DAY_TEXT[k] for k in keys]
    except KeyError:
        texts = days.astype("datetime64[D]").astype(str).tolist()
        if len(_DAY_TEXT) < 200_000:
            _DAY_TEXT.update(zip(keys, texts, strict=True))
        return texts


def _fmt_score(x: int) -> str:
    q, r = divmod(int(x), SCORE_SCALE)
    if r == 0:
        return str(q)
    return f"{q}.{r:06d}".rstrip("0")


class ListCol:
    """A list field: `present` per profile; items in long form (`item_row`, item `cols`)."""

    __slots__ = ("spec", "present", "item_row", "cols", "count", "shared")

    def __init__(self, spec, present, item_row, cols):
        self.shared = False  # one ListCol shared by small batches (_absent_list)
        self.spec = spec
        self.present = present
        self.item_row = item_row
        self.cols = cols
        self.count = np.bincount(item_row, minlength=len(present)) if len(item_row) else np.zeros(len(present), np.int64)

    @property
    def path(self) -> str:
        return self.spec.path

    def col(self, name: str) -> Col:
        return self.cols[f"{self.spec.path}[].{name}"]


@dataclass
class ProfileBatch:
    kind: str
    n: int
    ids: list
    cols: dict  # path -> Col
    lists: dict  # path -> ListCol
    errors: dict = field(default_factory=dict)  # row -> message (rows to skip in output)


class Schema:
    def __init__(self, data: dict, source: str):
        if not isinstance(data, dict) or not isinstance(data.get("kinds"), dict):
            raise PackageError(f"{source}: expected `kinds:` with one entry per profile kind")
        self.kinds: dict[str, dict[str, FieldSpec]] = {}
        for kind, kspec in data["kinds"].items():
            fields = (kspec or {}).get("fields") or {}
            self.kinds[kind] = self._fields(fields, "", f"{source}: {kind}")

    def _fields(self, fields: dict, prefix: str, where: str) -> dict[str, FieldSpec]:
        out = {}
        for name, spec in fields.items():
            path = f"{prefix}{name}"
            if not isinstance(spec, dict) or "type" not in spec:
                raise PackageError(f"{where}.{path}: needs a `type`")
            t = spec["type"]
            fs = FieldSpec(
                path=path,
                type=t,
                values=_enum_values(spec, f"{where}.{path}"),
                nullable=bool(spec.get("nullable", False)),
                min=spec.get("min"),
                max=spec.get("max"),
                description=str(spec.get("description", "")),
            )
            if t == "object":
                fs.fields = self._fields(spec.get("fields") or {}, path + ".", where)
            elif t == "list":
                fs.fields = self._fields(spec.get("item") or {}, path + "[].", where)
            elif t not in LEAF_TYPES:
                raise PackageError(f"{where}.{path}: unknown type {t!r}")
            elif t == "enum" and not fs.values:
                raise PackageError(f"{where}.{path}: an enum needs `values`")
            out[name] = fs
        return out

    def leaves(self, kind: str):
        """(path, FieldSpec) of every leaf and list of `kind`, in schema order."""

        def walk(fields):
            for fs in fields.values():
                if fs.type == "object":
                    yield from walk(fs.fields)
                elif fs.type == "list":
                    yield fs.path, fs
                    yield from walk(fs.fields)
                else:
                    yield fs.path, fs

        yield from walk(self.kinds[kind])

    def describe(self) -> dict:
        def one(fs: FieldSpec):
            d = {"type": fs.type}
            if fs.values:
                d["values"] = list(fs.values)
            if fs.nullable:
                d["nullable"] = True
            if fs.min is not None:
                d["min"] = fs.min
            if fs.max is not None:
                d["max"] = fs.max
            if fs.description:
                d["description"] = fs.description
            if fs.fields:
                d["fields"] = {k: one(v) for k, v in fs.fields.items()}
            return d

        return {k: {n: one(f) for n, f in fields.items()} for k, fields in self.kinds.items()}


# --------------------------------------------------------------------------- extraction


class _Sink:
    __slots__ = ("spec", "rows", "vals")

    def __init__(self, spec):
        self.spec = spec
        self.rows = []
        self.vals = []


_DATE_CACHE: dict[str, int] = {}


def _date_days(s) -> int:
    d = _DATE_CACHE.get(s) if type(s) is str else None
    if d is not None:
        return d
    if type(s) is not str or len(s) != 10 or s[4] != "-" or s[7] != "-":
        raise ValueError(f"expected a date YYYY-MM-DD, got {_short(s)}")
    try:
        v = dt.date(int(s[0:4]), int(s[5:7]), int(s[8:10])).toordinal() - EPOCH_ORDINAL
    except ValueError:
        raise ValueError(f"{s!r} is not a real date") from None
    if len(_DATE_CACHE) < 200_000:
        _DATE_CACHE[s] = v
    return v


def _leaf_handler(fs: FieldSpec, sink: _Sink):
    rows_append = sink.rows.append
    vals_append = sink.vals.append
    path = fs.path
    t = fs.type
    if t == "bool":

        def h(r, v):
            if v is True or v is False:
                rows_append(r)
                vals_append(v)
            elif v is not None:
                raise ProfileError(path, f"expected true or false, got {_short(v)}")

    elif t == "enum":
        codes = {v: i for i, v in enumerate(fs.values)}
        nullable = fs.nullable
        allowed = ", ".join(fs.values)

        def h(r, v):
            if v is None:
                if nullable:
                    rows_append(r)
                    vals_append(NULL_CODE)
                return
            c = codes.get(v) if type(v) is str else None
            if c is None:
                raise ProfileError(path, f"unknown value {_short(v)} (expected one of {allowed})")
            rows_append(r)
            vals_append(c)

    elif t == "date":

        def h(r, v):
            if v is None:
                return
            try:
                d = _date_days(v)
            except ValueError as e:
                raise ProfileError(path, str(e))
            rows_append(r)
            vals_append(d)

    elif t == "int":
        lo, hi = fs.min, fs.max

        def h(r, v):
            if v is None:
                return
            tv = type(v)
            if tv is float and v.is_integer():
                v = int(v)
            elif tv is not int:
                raise ProfileError(path, f"expected a whole number, got {_short(v)}")
            if (lo is not None and v < lo) or (hi is not None and v > hi):
                raise ProfileError(path, _range_msg(v, lo, hi))
            if not -MAX_INT <= v <= MAX_INT:
                raise ProfileError(path, f"{v} is too large")
            rows_append(r)
            vals_append(v)

    elif t == "number":
        lo, hi = fs.min, fs.max

        def h(r, v):
            if v is None:
                return
            if type(v) not in (int, float):
                raise ProfileError(path, f"expected a number, got {_short(v)}")
            if (lo is not None and v < lo) or (hi is not None and v > hi):
                raise ProfileError(path, _range_msg(v, lo, hi))
            try:
                f = float(v)
            except OverflowError:
                raise ProfileError(path, f"{v} is too large")
            rows_append(r)
            vals_append(f)

    elif t == "score":
        lo, hi = fs.min, fs.max

        def h(r, v):
            if v is None:
                return
            tv = type(v)
            if tv is not int and tv is not float:
                raise ProfileError(path, f"expected a number, got {_short(v)}")
            if (lo is not None and v < lo) or (hi is not None and v > hi):
                raise ProfileError(path, _range_msg(v, lo, hi))
            if not -MAX_INT <= v * SCORE_SCALE <= MAX_INT:
                raise ProfileError(path, f"{v} is too large")
            if tv is int:
                s = v * SCORE_SCALE
            else:
                s = round(v * SCORE_SCALE)
                if s / SCORE_SCALE != v:
                    raise ProfileError(path, f"{v!r} has more than 6 decimal places")
            rows_append(r)
            vals_append(s)

    elif t == "string":

        def h(r, v):
            if v is None:
                return
            if type(v) is not str:
                raise ProfileError(path, f"expected a string, got {_short(v)}")
            rows_append(r)
            vals_append(v)

    else:  # pragma: no cover - guarded by Schema
        raise PackageError(f"{path}: unknown type {t}")
    return h


class _ListState:
    __slots__ = ("spec", "present_rows", "item_rows", "sinks")

    def __init__(self, spec):
        self.spec = spec
        self.present_rows = []
        self.item_rows = []
        self.sinks = {}


class Extractor:
    """Compiled per-kind field handlers. `add(profile)` appends one profile's values."""

    def __init__(self, schema: Schema, kind: str):
        self.kind = kind
        self.schema = schema
        self.sinks: dict[str, _Sink] = {}
        self.lists: dict[str, _ListState] = {}
        self.handlers = self._compile(schema.kinds[kind], self.sinks)
        self.ids: list = []
        self.errors: dict[int, str] = {}
        self.n = 0

    def _compile(self, fields: dict, sinks: dict) -> dict:
        handlers = {}
        for name, fs in fields.items():
            if fs.type == "object":
                handlers[name] = self._object_handler(fs, self._compile(fs.fields, sinks))
            elif fs.type == "list":
                st = _ListState(fs)
                self.lists[fs.path] = st
                handlers[name] = self._list_handler(fs, st, self._compile(fs.fields, st.sinks))
            else:
                sink = sinks[fs.path] = _Sink(fs)
                handlers[name] = _leaf_handler(fs, sink)
        return handlers

    @staticmethod
    def _object_handler(fs: FieldSpec, subs: dict):
        path = fs.path

        def h(r, v):
            if v is None:
                return
            if type(v) is not dict:
                raise ProfileError(path, f"expected an object, got {_type_name(v)}")
            for k, x in v.items():
                sub = subs.get(k)
                if sub is not None:
                    sub(r, x)

        return h

    @staticmethod
    def _list_handler(fs: FieldSpec, st: _ListState, subs: dict):
        path = fs.path
        marker = path + "[]"
        present_append = st.present_rows.append
        item_rows = st.item_rows

        def h(r, v):
            if v is None:
                return
            if type(v) is not list:
                raise ProfileError(path, f"expected a list, got {_type_name(v)}")
            present_append(r)
            for i, it in enumerate(v):
                if type(it) is not dict:
                    raise ProfileError(f"{path}[{i}]", f"expected an object, got {_type_name(it)}")
                j = len(item_rows)
                item_rows.append(r)
                try:
                    for k, x in it.items():
                        sub = subs.get(k)
                        if sub is not None:
                            sub(j, x)
                except ProfileError as e:
                    raise ProfileError(e.field.replace(marker, f"{path}[{i}]", 1), e.message)

        return h

    def add(self, profile: dict, pid) -> int:
        """Append one profile (already known to be of this kind). Returns its row. A schema
        error is recorded in `errors[row]` (the row stays, and is skipped in output)."""
        r = self.n
        self.n += 1
        self.ids.append(pid)
        handlers = self.handlers
        try:
            for k, v in profile.items():
                h = handlers.get(k)
                if h is not None:
                    h(r, v)
        except ProfileError as e:
            self.errors[r] = str(e)
        return r

    def finish(self) -> ProfileBatch:
        """Columns of the profiles added so far; the extractor is then empty again.
        Only fields some profile states get a column here: rules get the others (all
        absent) on first use."""
        n = self.n
        cols = {}
        for p, s in self.sinks.items():
            if s.rows:
                cols[p] = _build_col(s, n)
                s.rows.clear()  # emptied as it goes: only the sinks that were used
                s.vals.clear()
        lists = {}
        for p, st in self.lists.items():
            if not st.present_rows and n <= 64:  # no profile states the list: shared arrays
                lists[p] = _absent_list(st.spec, n)
                continue
            present = np.zeros(n, bool)
            if st.present_rows:
                present[np.asarray(st.present_rows, np.int64)] = True
            item_row = np.asarray(st.item_rows, np.int64)
            m = len(item_row)
            icols = {}
            for ip, s in st.sinks.items():
                if s.rows:
                    icols[ip] = _build_col(s, m)
                    s.rows.clear()
                    s.vals.clear()
            st.present_rows.clear()
            st.item_rows.clear()
            lists[p] = ListCol(st.spec, present, item_row, icols)
        batch = ProfileBatch(self.kind, n, self.ids, cols, lists, self.errors)
        # what reset() does, for what is left (every sink with rows was emptied above)
        self.ids = []
        self.errors = {}
        self.n = 0
        return batch

    def reset(self) -> None:
        """Forget the profiles added (the compiled handlers stay: they append to these same
        lists, which are cleared in place)."""
        for s in self.sinks.values():
            s.rows.clear()
            s.vals.clear()
        for st in self.lists.values():
            st.present_rows.clear()
            st.item_rows.clear()
            for s in st.sinks.values():
                s.rows.clear()
                s.vals.clear()
        self.ids = []
        self.errors = {}
        self.n = 0


_DTYPES = {
    "bool": (np.int8, 0),
    "enum": (np.int16, ABSENT_CODE),
    "date": (np.int32, 0),
    "int": (np.int64, 0),
    "number": (np.float64, np.nan),
    "score": (np.int64, 0),
}


_ALL_PRESENT: dict[int, np.ndarray] = {}


def _all_present(n: int) -> np.ndarray:
    """A read-only all-True mask, shared for small n."""
    if n > 64:
        return np.ones(n, bool)
    m = _ALL_PRESENT.get(n)
    if m is None:
        m = _ALL_PRESENT[n] = np.ones(n, bool)
        m.flags.writeable = False
    return m


def _build_col(sink: _Sink, n: int) -> Col:
    t = sink.spec.type
    if n and len(sink.rows) == n:
        # Every row states the field (the usual case for one profile): a sink gets at most
        # one value per row, in row order, so the values are the column as they are.
        if t == "string":
            values = np.empty(n, object)
            values[:] = sink.vals
        else:
            values = np.array(sink.vals, _DTYPES[t][0])
        col = Col(sink.spec, values, _all_present(n))
        col._allp = True
        return col
    present = np.zeros(n, bool)
    if t == "string":
        values = np.empty(n, object)
        values[:] = ""
    else:
        dtype, fill = _DTYPES[t]
        values = np.full(n, fill, dtype)
    if sink.rows:
        rows = np.asarray(sink.rows, np.int64)
        present[rows] = True
        values[rows] = sink.vals if t == "string" else np.asarray(sink.vals)
    return Col(sink.spec, values, present)


def empty_col(spec: FieldSpec, n: int) -> Col:
    """A column of n absent values (writable: callers may fill it)."""
    return _build_col(_Sink(spec), n)


_ABSENT: dict = {}
_NO_ITEMS = np.zeros(0, np.int64)
_NO_ITEMS.flags.writeable = False


def _absent_list(spec: FieldSpec, n: int) -> ListCol:
    """A list field no profile of a small batch states (read-only arrays; the ListCol itself
    is shared: all a run adds to it are shared absent item columns)."""
    key = ("list", id(spec), n)
    hit = _ABSENT.get(key)
    if hit is None or hit[0] is not spec:
        present = np.zeros(n, bool)
        count = np.zeros(n, np.int64)
        present.flags.writeable = False
        count.flags.writeable = False
        lc = ListCol.__new__(ListCol)
        lc.spec, lc.present, lc.item_row, lc.cols, lc.count = spec, present, _NO_ITEMS, {}, count
        lc.shared = True
        hit = _ABSENT[key] = (spec, lc)
    return hit[1]


def absent_col(spec: FieldSpec, n: int) -> Col:
    """A read-only column of n absent values, shared for small n (a rule reading a field no
    profile of the batch states: the common case for one profile)."""
    if n > 64:
        return empty_col(spec, n)
    key = (id(spec), n)
    hit = _ABSENT.get(key)
    if hit is None or hit[0] is not spec:
        col = empty_col(spec, n)
        col.values.flags.writeable = False
        col.present.flags.writeable = False
        col.all_present()
        col.absent()
        col.shared = True
        hit = _ABSENT[key] = (spec, col)
    # the shared column itself: its arrays are read-only and what it caches (display texts,
    # enum index, masks) depends only on them
    return hit[1]
