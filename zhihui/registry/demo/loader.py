"""Loading a generated city into the database (needs Django).

PostgreSQL: one COPY … FROM STDIN (CSV) per table, fed in chunks from polars, with primary keys
reserved up front from each table's identity sequence so child rows can point at their parents
without a round trip. SQLite: bulk_create in batches. Either way the whole load is one
transaction: a failure leaves nothing half-written. Identity numbers go through
zhihui.core.crypto (AES-GCM ciphertext, HMAC look-up hash) and are masked for display.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import polars as pl
from django.db import connection, transaction
from django.utils import timezone

from zhihui.optional import import_optional

from .generator import City, generate_city

CHUNK = 100_000


class DemoCityInUse(RuntimeError):
    """--force cannot replace a demo city whose persons other records depend on."""


@dataclass
class LoadReport:
    residents: int
    seed: int
    skipped: bool = False
    generate_seconds: float = 0.0
    load_seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)
    message: str = ""


class _Bar:
    """One progress bar over all rows of all tables (tqdm on the terminal)."""

    def __init__(self, total: int, enabled: bool):
        from tqdm import tqdm

        self.bar = tqdm(total=total, unit="row", unit_scale=True, disable=not enabled, desc="载入 loading")

    def table(self, desc: str):
        self.bar.set_description_str(desc)
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def update(self, n: int):
        self.bar.update(n)

    def close(self):
        self.bar.close()


_BAR: _Bar | None = None


def _progress(total: int, desc: str, enabled: bool):
    if _BAR is not None:
        return _BAR.table(desc)
    return _Bar(total, enabled).table(desc)


def _ids(model, code_column: str = "code") -> dict[str, int]:
    return dict(model.objects.filter(valid_to__isnull=True).values_list(code_column, "id"))


def _map_codes(codes: pl.Series, table: dict[str, int], fallbacks=()) -> pl.Series:
    """Catalogue ids for codes; a code missing from the catalogue falls back to its ancestors
    (e.g. industry class 4710 -> 471 -> 47) and then to null."""
    uniq = codes.unique().to_list()
    out = {}
    for c in uniq:
        if c is None or c == "":
            out[c] = None
            continue
        hit = table.get(c)
        for f in fallbacks:
            if hit is not None:
                break
            hit = table.get(f(c))
        out[c] = hit
    return codes.replace_strict(out, return_dtype=pl.Int64, default=None)


def existing_demo_city():
    from zhihui.registry.models import DemoCity

    return DemoCity.objects.order_by("-generated_at").first()


def _reserve_ids(model, n: int) -> int:
    """First id of a block of n ids nobody else will get (PostgreSQL or SQLite)."""
    table = model._meta.db_table
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute(f'LOCK TABLE "{table}" IN SHARE ROW EXCLUSIVE MODE')
            cur.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
            seq = cur.fetchone()[0]
            cur.execute(f'SELECT GREATEST(COALESCE((SELECT MAX(id) FROM "{table}"), 0), '
                        f"(SELECT last_value FROM {seq})) + 1")
            base = cur.fetchone()[0]
            cur.execute("SELECT setval(%s, %s)", [seq, base + n])
            return base
        cur.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"')
        return cur.fetchone()[0]


def _copy(model, df: pl.DataFrame, progress: bool, desc: str) -> int:
    """Write df (columns named as the table's db columns) into the model's table."""
    n = df.height
    if n == 0:
        return 0
    t0 = time.perf_counter()
    try:
        return _copy_rows(model, df, progress, desc)
    finally:
        TIMINGS[model._meta.db_table] = round(time.perf_counter() - t0, 2)


TIMINGS: dict[str, float] = {}


def _copy_rows(model, df: pl.DataFrame, progress: bool, desc: str) -> int:
    n = df.height
    if connection.vendor == "postgresql":
        table = model._meta.db_table
        cols = ", ".join(f'"{c}"' for c in df.columns)
        # unquoted empty fields are NULL; text columns that are NOT NULL read them as ''
        not_null_text = [
            f.column for f in model._meta.concrete_fields
            if f.column in df.columns and not f.null and f.get_internal_type() in ("CharField", "TextField")
        ]
        force = f", FORCE_NOT_NULL ({', '.join(chr(34) + c + chr(34) for c in not_null_text)})" if not_null_text else ""
        sql = f'COPY "{table}" ({cols}) FROM STDIN WITH (FORMAT csv{force})'
        with _progress(n, desc, progress) as bar, connection.cursor() as cur:
            raw = cur.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(sql) as copy:
                for start in range(0, n, CHUNK):
                    part = df.slice(start, CHUNK)
                    copy.write(part.write_csv(include_header=False, null_value="", date_format="%Y-%m-%d"))
                    bar.update(part.height)
        return n
    # SQLite (and anything else): bulk_create in batches
    fields = {f.column: f.attname for f in model._meta.concrete_fields}
    with _progress(n, desc, progress) as bar:
        for start in range(0, n, 2000):
            part = df.slice(start, 2000)
            objs = [model(**{fields[k]: v for k, v in row.items()}) for row in part.iter_rows(named=True)]
            model.objects.bulk_create(objs, batch_size=2000)
            bar.update(part.height)
    return n


def _bytes_col(values: list[bytes]) -> pl.Series:
    s = pl.Series("id_number_encrypted", values, dtype=pl.Binary)
    if connection.vendor == "postgresql":  # bytea hex input format in CSV
        return pl.DataFrame({"h": s.bin.encode("hex")}).select(
            (pl.lit("\\x") + pl.col("h")).alias("id_number_encrypted")).to_series()
    return s


def load_city(city: City, *, progress: bool = True) -> dict[str, int]:
    """Insert every table of `city`; returns row counts per table. Call inside transaction.atomic."""
    global _BAR
    now = timezone.now().isoformat() if connection.vendor == "postgresql" else timezone.now()
    _BAR = _Bar(sum(t.height for t in city.tables().values()), progress)
    try:
        return _load_city(city, now, progress)
    finally:
        _BAR.close()
        _BAR = None


def _load_city(city: City, now, progress: bool) -> dict[str, int]:
    from zhihui.core import crypto
    from zhihui.registry import models as m

    rows: dict[str, int] = {}
    divisions = _ids(m.Division)
    industries = _ids(m.Industry)
    occupations = _ids(m.Occupation)
    levels = _ids(m.EducationLevel)
    missing = [name for name, t in (("divisions", divisions), ("education levels", levels),
                                    ("occupations", occupations)) if not t]
    if missing:
        raise RuntimeError(f"catalogues not loaded ({', '.join(missing)}): run `zhihui catalog load` first")

    # organisations
    orgs = city.organisations
    org_base = _reserve_ids(m.Organisation, orgs.height)
    o = pl.DataFrame({
        "id": orgs["org_key"] + org_base,
        "name": orgs["name"], "uscc": orgs["uscc"], "kind": orgs["kind"],
        "industry_id": _map_codes(orgs["industry_code"], industries, (lambda c: c[:3], lambda c: c[:2])),
        "industry_chain": orgs["industry_chain"], "size_class": orgs["size_class"],
        "staff_count": orgs["staff_count"],
        "division_id": _map_codes(orgs["division_code"], divisions),
        "address": orgs["address"], "is_key_enterprise": orgs["is_key_enterprise"],
        "is_above_designated_size": orgs["is_above_designated_size"], "is_high_tech": orgs["is_high_tech"],
        "established_on": orgs["established_on"],
    }).with_columns(pl.lit(now).alias("created_at"), pl.lit(now).alias("updated_at"))
    rows["organisations"] = _copy(m.Organisation, o, progress, "单位 organisations")

    # persons: identity numbers encrypted and hashed in batches
    p = city.persons
    _BAR.table("加密 encrypting identity numbers")
    person_base = _reserve_ids(m.Person, p.height)
    numbers = p["id_number"].to_list()
    t0 = time.perf_counter()
    encrypted = crypto.encrypt_many(numbers)
    hashes = crypto.lookup_hash_many(numbers)
    crypto_seconds = time.perf_counter() - t0
    del numbers
    masked = p.select(pl.concat_str(pl.col("id_number").str.slice(0, 6), pl.lit("********"),
                                    pl.col("id_number").str.slice(14, 4))).to_series()
    pp = pl.DataFrame({
        "id": p["person_key"] + person_base,
        "name": p["name"],
        "id_number_hash": pl.Series(hashes, dtype=pl.Utf8),
        "id_number_masked": masked,
        "sex": p["sex"], "birth_date": p["birth_date"], "phone": p["phone"],
        "hukou_region": p["hukou_region"], "hukou_settled_on": p["hukou_settled_on"],
        "residence_id": _map_codes(p["residence_code"], divisions),
        "owns_home_in_jiyuan": p["owns_home_in_jiyuan"],
        "is_demo": pl.repeat(True, p.height, eager=True),
    }).with_columns(
        _bytes_col(encrypted),
        pl.lit(now).alias("created_at"), pl.lit(now).alias("updated_at"),
    )
    del encrypted, hashes
    rows["persons"] = _copy(m.Person, pp, progress, "人员 persons")
    del pp

    def pid(df: pl.DataFrame) -> pl.Series:
        return (df["person_key"] + person_base).alias("person_id")

    e = city.education
    rows["education"] = _copy(m.EducationRecord, pl.DataFrame([
        pid(e), _map_codes(e["level_code"], levels).alias("level_id"), e["degree"], e["school"], e["major"],
        e["full_time"], e["double_first_class"], e["overseas"], e["school_in_city"], e["graduation_date"],
    ]), progress, "教育 education")

    em = city.employment
    wage = em.select(pl.concat_str((pl.col("monthly_wage_fen") // 100).cast(pl.Utf8), pl.lit("."),
                                   (pl.col("monthly_wage_fen") % 100).cast(pl.Utf8).str.zfill(2))).to_series()
    rows["employment"] = _copy(m.EmploymentRecord, pl.DataFrame([
        pid(em), (em["org_key"] + org_base).alias("organisation_id"), em["form"],
        _map_codes(em["occupation_code"], occupations, (lambda c: c.rsplit("-", 1)[0],)).alias("occupation_id"),
        em["post"], em["frontline_professional"], em["start_date"], em["end_date"],
        em["contract_years"].round(1).cast(pl.Utf8).alias("contract_years"), em["newly_introduced"],
        wage.alias("monthly_wage"),
    ]), progress, "就业 employment")

    t = city.talent_categories
    rows["talent_categories"] = _copy(m.TalentCategoryRecord, pl.DataFrame([
        pid(t), t["category"], t["source"], t["issuer"], t["recognised_on"], t["valid_to"], t["is_special"],
        pl.repeat("", t.height, eager=True, dtype=pl.Utf8).alias("note"),
    ]), progress, "人才 talent categories")

    c = city.certificates
    rows["certificates"] = _copy(m.Certificate, pl.DataFrame([
        pid(c), c["kind"], c["skill_level"], c["title_level"], c["name"],
        _map_codes(c["occupation_code"], occupations, (lambda x: x.rsplit("-", 1)[0],)).alias("occupation_id"),
        c["number"], c["issuer"], c["obtained_on"], c["valid_to"],
    ]), progress, "证书 certificates")

    pe = city.pensions
    rows["pensions"] = _copy(m.InsuranceRecord, pl.DataFrame([
        pid(pe), pe["continuous_months"], pe["back_paid"], pe["as_of"],
    ]), progress, "养老 pensions")
    rows["_crypto_seconds"] = round(crypto_seconds, 2)
    return rows


def delete_demo_city(progress: bool = True) -> None:
    """Remove the demo persons (their records cascade) and the demo organisations."""
    from zhihui.registry import models as m

    old = existing_demo_city()
    demo = m.Person.objects.filter(is_demo=True)
    employment_demo = import_optional("zhihui.employment.demo")  # its rows protect demo persons
    if employment_demo is not None:
        employment_demo.delete()
    # the registry's own child tables go first in one statement each; the ORM delete that
    # follows then only has to look at what other apps hang off these persons
    for model in (m.EducationRecord, m.EmploymentRecord, m.TalentCategoryRecord, m.Certificate, m.InsuranceRecord):
        model.objects.filter(person__in=demo)._raw_delete(model.objects.db)
    demo.delete()
    if old is not None:
        orgs = generate_city(old.residents, old.seed, history_until=None).organisations["uscc"].to_list()
        for start in range(0, len(orgs), 5000):
            m.Organisation.objects.filter(uscc__in=orgs[start : start + 5000], employment_records__isnull=True).delete()
    m.DemoCity.objects.all().delete()


def analyze_loaded(app_label: str) -> list[str]:
    """PostgreSQL: ANALYZE the app's tables just loaded, so that the planner sees their real size
    (autovacuum would get there minutes later, and the first queries would plan for empty tables).
    Runs inside the load's transaction (ANALYZE may). Returns the tables analysed."""
    from django.apps import apps

    if connection.vendor != "postgresql" or not apps.is_installed(f"zhihui.{app_label}"):
        return []
    tables = [mdl._meta.db_table for mdl in apps.get_app_config(app_label).get_models()
              if mdl._meta.managed and not mdl._meta.proxy]
    with connection.cursor() as cur:
        for table in tables:
            cur.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    return tables


def ensure_demo_city(residents: int = 20_000, seed: int = 2021, *, force: bool = False, progress: bool = True,
                     verbose: bool = True) -> LoadReport:
    """Generate and load the demo city unless one is already there (then reuse it)."""
    from zhihui.core import audit
    from zhihui.registry.models import DemoCity

    report = LoadReport(residents=residents, seed=seed)
    old = existing_demo_city()
    if old is not None and not force:
        report.skipped = True
        report.message = (f"演示城市已存在 (demo city exists): {old.residents} residents, seed {old.seed}, "
                          f"generated {old.generated_at:%Y-%m-%d %H:%M}; reused (use --force to replace)")
        if verbose:
            print(report.message)
        return report
    t0 = time.perf_counter()
    city = generate_city(residents, seed)
    report.generate_seconds = time.perf_counter() - t0
    if verbose:
        print(f"生成 generated {residents} residents (seed {seed}) in {report.generate_seconds:.1f} s")
    t1 = time.perf_counter()
    from django.db.models import ProtectedError

    with transaction.atomic():
        if old is not None:
            try:
                delete_demo_city(progress)
            except ProtectedError as exc:
                raise DemoCityInUse(
                    "演示城市的人员已被业务记录引用，不能替换 (demo persons are referenced by "
                    f"{len(exc.protected_objects)} business records, e.g. applications): the demo city was kept"
                ) from None
        report.rows = load_city(city, progress=progress)
        analyze_loaded("registry")  # the employment part below queries these tables at size
        employment_demo = import_optional("zhihui.employment.demo")  # employment histories, households…
        if employment_demo is not None:
            report.rows["_employment"] = employment_demo.populate(seed, verbose=verbose)
            analyze_loaded("employment")
        DemoCity.objects.create(seed=seed, residents=residents)
        audit.record("demo", audit.Action.IMPORT, object_type="registry.demo_city",
                     summary=f"生成演示城市：{residents} 名居民（随机种子 {seed}）",
                     after={k: v for k, v in report.rows.items() if not k.startswith("_")})
    report.load_seconds = time.perf_counter() - t1
    if verbose:
        counts = ", ".join(f"{k} {v}" for k, v in report.rows.items() if not k.startswith("_"))
        print(f"载入 loaded in {report.load_seconds:.1f} s: {counts}")
    return report
