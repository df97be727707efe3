"""免申即享 sweep: screen the whole registry and keep one offer per (subject, benefit, period).

How it stays fast (a million residents in well under a minute on PostgreSQL):
* the registry is read by person-id ranges with one values_list query per table and chunk
  (zhihui/benefits/profiles.py), never one query per person;
* the engine screens each chunk column-wise (`screen_columns`); only the few rows with an
  eligible benefit are rendered with their reasons (`screen`);
* writes are set-wise: one read of the chunk's existing offers, then a bulk upsert
  (INSERT … ON CONFLICT (subject_key, benefit, period) DO UPDATE) of new and changed offers
  only, one UPDATE for confirmations and a bulk update of withdrawals (each with its reason,
  rendered for the withdrawn rows only).

Idempotency: an offer is rewritten only when what the subject would be told changes (its
fingerprint: total, payments, reasons, in-kind/loan extras, package version). A second run on the
same data creates, updates and withdraws nothing; it only moves `last_confirmed_at` of the
offers it found again (we chose to keep that: it tells the clerk the offer still holds).

States: a new finding is `offered`; an `offered` offer that no longer qualifies, or whose
subject has since applied at the window, becomes `withdrawn` with the reason the subject is shown
(`BenefitOffer.withdrawal`: the engine's result under the package in force — e.g. after a change
of the package's reading of the plan — or "applied"); a `withdrawn` one that qualifies
again is offered again (its withdrawal reason cleared). `accepted` and `declined` offers, and
offers linked to an application, are the subject's decision: the sweep never touches them.

Each chunk is written in its own transaction; an interrupted sweep leaves whole chunks done and
the next run completes the rest (the upsert makes re-running safe).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sys
import time
from dataclasses import asdict, dataclass, field
from decimal import Decimal

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from . import engine, profiles
from .models import BenefitOffer, OfferStatus

ELIGIBLE = 2
EXTRA_KEYS = ("in_kind", "loan_limit", "amount_range", "clause")
CONFIRM_BATCH = 10_000


@dataclass
class SweepStats:
    as_of: str = ""
    package: str = ""
    persons: int = 0
    organisations: int = 0
    eligible_findings: int = 0
    created: int = 0
    updated: int = 0
    reoffered: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    # withdrawn offers by cause ("not_eligible", "undetermined", "applied", "not_found", "invalid")
    withdrawn_by: dict = field(default_factory=dict)
    skipped_applied: int = 0
    # persons left out because they restricted processing (their offers untouched)
    skipped_restricted: int = 0
    seconds: float = 0.0
    # Where the time went: registry reads + profile building, engine, offer reads + writes.
    read_seconds: float = 0.0
    screen_seconds: float = 0.0
    write_seconds: float = 0.0
    by_benefit: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


# --------------------------------------------------------------------------- plug-in points


def already_applied_keys() -> set[tuple[str, str, str]]:
    """(subject_key, benefit, period) of every open or approved application at the one window.

    THE single place that knows the window's applications model (zhihui/window/models.py):
    refused and withdrawn applications free the slot, every other status keeps it, as the
    window's own uniqueness rule does. Subject keys have the same "p:<id>" / "o:<id>" form.
    """
    try:
        from zhihui.window.models import CLOSED_STATUSES, Application
    except ImportError:  # the window app is not installed: nobody has applied
        return set()
    return set(
        Application.objects.exclude(status__in=CLOSED_STATUSES)
        .filter(service__kind="benefit")
        .values_list("subject_key", "service__code", "period")
    )


def restricted_person_ids() -> set[int]:
    """Persons who asked to restrict the processing of their information (PIPL art. 44,
    zhihui/privacy): the sweep does not screen them, creates no offer for them and leaves their
    existing offers as they are (storage only). THE single place the sweep asks the privacy app."""
    from zhihui.optional import import_optional

    privacy = import_optional("zhihui.privacy.selectors")
    return privacy.restricted_person_ids() if privacy is not None else set()


def period_kinds() -> dict[str, str]:
    """benefit id → the window's period kind ("once" / "year" / "each"), if the window says."""
    try:
        from zhihui.window.models import Service
    except ImportError:
        return {}
    return dict(Service.objects.filter(kind="benefit").values_list("code", "period_kind"))


def offer_period(
    benefit: str, kind: str, entry: dict, as_of: dt.date, kinds: dict[str, str]
) -> str:
    """The period an offer is for: "" for a benefit granted once per subject (all person benefits
    of the Jiyuan package), else the year of its first payment (or of as_of)."""
    pk = kinds.get(benefit) or ("once" if kind == "person" else "year")
    if pk == "once":
        return ""
    pays = entry.get("payments") or []
    return str(pays[0]["year"]) if pays else str(as_of.year)


def fingerprint(entry: dict, version: str) -> str:
    data = [
        entry["benefit"],
        entry.get("total"),
        entry.get("payments") or [],
        entry.get("reasons") or [],
        {k: entry[k] for k in EXTRA_KEYS if k in entry},
        version,
    ]
    return hashlib.md5(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def subject_key(kind: str, pk: int) -> str:
    return f"{'p' if kind == 'person' else 'o'}:{pk}"


# --------------------------------------------------------------------------- the sweep


def _progress_bar(total: int, enabled: bool):
    if not enabled:
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover
        return None
    return tqdm(
        total=total, unit="人/单位", desc="免申即享筛查", file=sys.stderr, dynamic_ncols=True
    )


def run_sweep(
    as_of: dt.date,
    *,
    job_id: int | None = None,
    progress: bool = False,
    person_ids=None,
    org_ids=None,
    chunk_size: int = 50_000,
) -> SweepStats:
    """Screen the registry at `as_of` and bring the offers up to date. Returns counts.
    `person_ids`/`org_ids` restrict the sweep to those subjects (their other offers are left)."""
    from zhihui.core import jobs
    from zhihui.registry.models import Organisation, Person

    started = time.perf_counter()
    pkg = engine.package()
    stats = SweepStats(as_of=as_of.isoformat(), package=pkg.label)
    kinds = period_kinds()
    applied = already_applied_keys()
    restricted = restricted_person_ids()
    # Offer what the window can take in one step: contract benefits, and extra ones the window
    # has a service for.
    services = set(kinds)
    wanted = {
        kind: [b.id for b in pkg.benefits if b.kind == kind and (b.contract or b.id in services)]
        for kind in ("person", "organization")
    }
    n_persons = len(person_ids) if person_ids is not None else Person.objects.count()
    n_orgs = len(org_ids) if org_ids is not None else Organisation.objects.count()
    total = n_persons + n_orgs
    bar = _progress_bar(total, progress)
    if job_id is not None:
        jobs.progress(job_id, 0, total, message=f"{pkg.label} · {as_of.isoformat()}")
    done = 0
    partial = person_ids is not None or org_ids is not None
    units = []
    if person_ids is not None:
        units.append(
            _dict_units(
                "person", profiles.iter_person_profiles(as_of, chunk_size, person_ids=person_ids)
            )
        )
    elif not partial:
        units.append(_person_range_units(pkg, as_of, chunk_size))
    if org_ids is not None or not partial:
        units.append(
            _dict_units(
                "organization",
                profiles.iter_organisation_profiles(
                    as_of, min(chunk_size, 20_000), org_ids=org_ids
                ),
                restrict=org_ids is not None,
            )
        )
    for stream in units:
        while True:
            t0 = time.perf_counter()
            unit = next(stream, None)
            stats.read_seconds += time.perf_counter() - t0
            if unit is None:
                break
            kind = unit["kind"]
            size = len(unit["pks"])
            if kind == "person" and restricted:
                unit = _without_restricted(unit, restricted, stats)
            if unit["pks"]:
                _sweep_chunk(pkg, unit, wanted[kind], as_of, kinds, applied, stats, restricted)
            done += size
            if kind == "person":
                stats.persons += size
            else:
                stats.organisations += size
            if bar is not None:
                bar.update(size)
            if job_id is not None:
                jobs.progress(job_id, done, total)
    if bar is not None:
        bar.close()
    stats.seconds = round(time.perf_counter() - started, 2)
    stats.read_seconds = round(stats.read_seconds, 2)
    stats.screen_seconds = round(stats.screen_seconds, 2)
    stats.write_seconds = round(stats.write_seconds, 2)
    return stats


def _dict_units(kind: str, chunks, restrict: bool = True):
    """Chunks of profile dicts (organisations, or a given list of persons)."""
    prefix = profiles.PERSON_PREFIX if kind == "person" else profiles.ORG_PREFIX
    for chunk in chunks:
        if chunk:
            pks = [int(p["id"][len(prefix) :]) for p in chunk]
            yield {
                "kind": kind,
                "chunk": chunk,
                "batch": None,
                "pks": pks,
                "lo": min(pks),
                "hi": max(pks) + 1,
                "restrict": restrict,
            }


def _without_restricted(unit: dict, restricted: set[int], stats: SweepStats) -> dict:
    """The unit without the persons who restricted processing: they are not screened at all."""
    pks = unit["pks"]
    keep = [i for i, pk in enumerate(pks) if pk not in restricted]
    if len(keep) == len(pks):
        return unit
    stats.skipped_restricted += len(pks) - len(keep)
    out = dict(unit, pks=[pks[i] for i in keep])
    if unit["chunk"] is not None:
        out["chunk"] = [unit["chunk"][i] for i in keep]
    else:
        batch = unit["batch"]
        sub = _slice(batch, np.asarray(keep, np.int64))
        new_row = {old: new for new, old in enumerate(keep)}
        sub.errors = {new_row[r]: e for r, e in batch.errors.items() if r in new_row}
        out["batch"] = sub
    return out


def _person_range_units(pkg, as_of: dt.date, chunk_size: int):
    """The whole person registry as engine column batches, by id range (columns.py)."""
    from . import columns

    for start, end in profiles.person_id_ranges(chunk_size):
        batch, pks = columns.person_batch(pkg, as_of, start, end)
        if batch is not None:
            yield {
                "kind": "person",
                "chunk": None,
                "batch": batch,
                "pks": pks.tolist(),
                "lo": start,
                "hi": end,
                "restrict": False,
            }


def _sweep_chunk(
    pkg,
    unit: dict,
    benefit_ids: list[str],
    as_of: dt.date,
    kinds: dict[str, str],
    applied: set,
    stats: SweepStats,
    restricted: set[int] = frozenset(),
) -> None:
    t_screen = time.perf_counter()
    kind, chunk, pks = unit["kind"], unit["chunk"], unit["pks"]
    prefix = profiles.PERSON_PREFIX if kind == "person" else profiles.ORG_PREFIX
    fk = "person_id" if kind == "person" else "organisation_id"
    # 1. Column-wise screening of the whole chunk; then only the rows with an eligible benefit
    #    are rendered (with their reasons), and only for the benefits found eligible.
    batch = unit["batch"] if unit["batch"] is not None else pkg.parse(chunk, kind=kind)
    cols = pkg.screen_columns(batch, as_of, include_extra=True, benefits=benefit_ids)
    any_elig = np.zeros(batch.n, bool)
    found = []
    for bid, bc in cols.items():
        elig = bc.status == ELIGIBLE
        if elig.any():
            any_elig |= elig
            found.append(bid)
    if batch.errors:  # a registry value the schema rejects: skip that row, never guess
        any_elig[list(batch.errors)] = False
    rows = np.flatnonzero(any_elig).tolist()
    desired: dict[tuple[str, str, str], dict] = {}
    if rows:
        sub = _slice(batch, np.asarray(rows, np.int64))
        results = pkg.render(
            sub, pkg.screen_columns(sub, as_of, include_extra=True, benefits=found), as_of
        )
        for res in results:
            pk = int(res["id"][len(prefix) :])
            skey = subject_key(kind, pk)
            version = res.get("package", pkg.label)
            for entry in res["benefits"]:
                if entry["status"] != "eligible":
                    continue
                stats.eligible_findings += 1
                period = offer_period(entry["benefit"], kind, entry, as_of, kinds)
                key = (skey, entry["benefit"], period)
                if key in applied or (skey, entry["benefit"], "") in applied:
                    stats.skipped_applied += 1
                    continue
                desired[key] = {"pk": pk, "entry": entry, "fp": fingerprint(entry, version)}
    t_write = time.perf_counter()
    stats.screen_seconds += t_write - t_screen
    # 2. The chunk's existing offers (one query, by the same id range).
    lo, hi = unit["lo"], unit["hi"]
    existing = {}
    for oid, skey, benefit, period, status, fp, app_id, changed_at, found_at in (
        BenefitOffer.objects.filter(**{f"{fk}__gte": lo, f"{fk}__lt": hi})
        .values_list(
            "id",
            "subject_key",
            "benefit",
            "period",
            "status",
            "fingerprint",
            "application_id",
            "status_changed_at",
            "first_found_at",
        )
        .iterator(chunk_size=20000)
    ):
        existing[(skey, benefit, period)] = (oid, status, fp, app_id, changed_at, found_at)
    if unit["restrict"]:  # a list of ids (partial sweep): keep only those subjects
        keep = {subject_key(kind, i) for i in pks}
        existing = {k: v for k, v in existing.items() if k[0] in keep}
    if kind == "person" and restricted:  # restricted processing: their offers stay as they are
        gone = {subject_key(kind, i) for i in restricted}
        existing = {k: v for k, v in existing.items() if k[0] not in gone}

    now = timezone.now()
    upserts, confirm, withdraw = [], [], []
    for key, d in desired.items():
        stats.by_benefit[key[1]] = stats.by_benefit.get(key[1], 0) + 1
        old = existing.get(key)
        if old is not None:
            oid, status, fp, app_id, changed_at, found_at = old
            if status in (OfferStatus.ACCEPTED, OfferStatus.DECLINED) or app_id is not None:
                continue  # the subject's decision stands
            if status == OfferStatus.OFFERED and fp == d["fp"]:
                confirm.append(oid)
                stats.unchanged += 1
                continue
            if status == OfferStatus.WITHDRAWN:
                stats.reoffered += 1
                changed_at = now
            else:
                stats.updated += 1
        else:
            stats.created += 1
            changed_at = now
        e = d["entry"]
        upserts.append(
            BenefitOffer(
                **{fk: d["pk"]},
                subject_key=key[0],
                benefit=key[1],
                period=key[2],
                as_of=as_of,
                package_version=pkg.label,
                status=OfferStatus.OFFERED,
                total=Decimal(e.get("total") or "0.00"),
                payments=e.get("payments") or [],
                reasons=e.get("reasons") or [],
                extra={k: e[k] for k in EXTRA_KEYS if k in e},
                fingerprint=d["fp"],
                first_found_at=now,
                last_confirmed_at=now,
                updated_at=now,
                status_changed_at=changed_at,
            )
        )
    for key, (oid, status, _fp, app_id, _c, _f) in existing.items():
        if key in desired or status != OfferStatus.OFFERED or app_id is not None:
            continue
        withdraw.append((oid, key))
    stats.withdrawn += len(withdraw)
    withdrawn = _withdrawals(pkg, unit, batch, withdraw, as_of, applied, stats) if withdraw else []

    # 3. Writes, one transaction per chunk.
    with transaction.atomic():
        if upserts:
            _upsert(upserts)
        for i in range(0, len(confirm), CONFIRM_BATCH):
            BenefitOffer.objects.filter(pk__in=confirm[i : i + CONFIRM_BATCH]).update(
                last_confirmed_at=now
            )
        if withdrawn:
            _withdraw(withdrawn, now)
    stats.write_seconds += time.perf_counter() - t_write


def _withdraw(offers: list[BenefitOffer], now) -> None:
    """Mark `offers` (pk + withdrawal record) withdrawn. PostgreSQL: COPY the records into a
    temporary table and UPDATE … FROM it in one statement (a change of the package's reading
    can withdraw a hundred thousand offers in one sweep); elsewhere bulk_update."""
    if connection.vendor != "postgresql":
        for o in offers:
            o.status, o.status_changed_at, o.updated_at = OfferStatus.WITHDRAWN, now, now
        BenefitOffer.objects.bulk_update(
            offers, ["status", "status_changed_at", "updated_at", "withdrawal"], batch_size=2000
        )
        return
    table = connection.ops.quote_name(BenefitOffer._meta.db_table)
    with connection.cursor() as cur:
        cur.execute(
            "CREATE TEMP TABLE IF NOT EXISTS benefits_offer_wd (id bigint PRIMARY KEY, w jsonb)"
        )
        cur.execute("TRUNCATE benefits_offer_wd")
        with cur.cursor.copy("COPY benefits_offer_wd (id, w) FROM STDIN") as copy:
            for o in offers:
                copy.write_row((o.pk, json.dumps(o.withdrawal, ensure_ascii=False)))
        cur.execute(
            f"UPDATE {table} AS o SET status = %s, status_changed_at = %s, updated_at = %s, "
            f"withdrawal = wd.w FROM benefits_offer_wd AS wd WHERE o.id = wd.id",
            [OfferStatus.WITHDRAWN.value, now, now],
        )


def _withdrawals(pkg, unit, batch, withdraw, as_of, applied, stats) -> list[BenefitOffer]:
    """The offers to withdraw, each with the reason its subject is shown: the engine's result
    for that benefit now (rendered only for these rows), or that the subject applied."""
    from . import texts

    pks = unit["pks"]
    row_of = {pk: i for i, pk in enumerate(pks)}
    base = {"package": pkg.label, "as_of": as_of.isoformat()}
    out, explain = [], {}
    for oid, key in withdraw:
        skey, benefit, period = key
        pk = int(skey[2:])
        row = row_of.get(pk)
        if key in applied or (skey, benefit, "") in applied:
            w = {"why": "applied"}
        elif row is None:
            w = {"why": "not_found"}
        elif row in batch.errors:
            w = {"why": "invalid"}
        else:
            explain.setdefault(row, []).append((oid, benefit))
            continue
        out.append(BenefitOffer(pk=oid, withdrawal={**base, **w}))
    if explain:
        rows = np.asarray(sorted(explain), np.int64)
        bids = sorted({b for items in explain.values() for _, b in items})
        sub = _slice(batch, rows)
        results = pkg.render(sub, pkg.screen_columns(sub, as_of, include_extra=True, benefits=bids),
                             as_of, items=True)
        for row, res in zip(rows.tolist(), results, strict=True):
            entries = {e["benefit"]: e for e in res.get("benefits", [])}
            for oid, benefit in explain[row]:
                e = entries.get(benefit, {})
                status = e.get("status", "ineligible")
                missing = e.get("missing") or []
                out.append(BenefitOffer(pk=oid, withdrawal={
                    **base,
                    "why": "undetermined" if status == "undetermined" else "not_eligible",
                    "status": status,
                    "reasons": e.get("reasons") or [],
                    "reason_items": e.get("reason_items") or [],
                    "missing": missing,
                    "missing_labels": [texts.field_label(m) for m in missing],
                }))
    for o in out:
        why = o.withdrawal["why"]
        stats.withdrawn_by[why] = stats.withdrawn_by.get(why, 0) + 1
    return out


UPSERT_FIELDS = [
    "as_of",
    "package_version",
    "status",
    "total",
    "payments",
    "reasons",
    "extra",
    "fingerprint",
    "last_confirmed_at",
    "updated_at",
    "status_changed_at",
    "withdrawal",
]
UNIQUE_FIELDS = ["subject_key", "benefit", "period"]
INSERT_FIELDS = ["person_id", "organisation_id", *UNIQUE_FIELDS, *UPSERT_FIELDS, "first_found_at"]


def _upsert(offers: list[BenefitOffer]) -> None:
    """INSERT … ON CONFLICT (subject_key, benefit, period) DO UPDATE, `first_found_at` kept.

    PostgreSQL: the rows are COPied into a temporary table and upserted from there in one
    statement (several times faster than a multi-row INSERT built by the ORM). Elsewhere:
    bulk_create(update_conflicts=True), the same statement in batches."""
    if connection.vendor != "postgresql":
        BenefitOffer.objects.bulk_create(
            offers,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=UNIQUE_FIELDS,
            update_fields=UPSERT_FIELDS,
        )
        return
    table = connection.ops.quote_name(BenefitOffer._meta.db_table)
    cols = ", ".join(INSERT_FIELDS)
    with connection.cursor() as cur:
        cur.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS benefits_offer_in AS SELECT {cols} FROM {table} WITH NO DATA"
        )
        cur.execute("TRUNCATE benefits_offer_in")
        with cur.cursor.copy(f"COPY benefits_offer_in ({cols}) FROM STDIN") as copy:
            for o in offers:
                copy.write_row(
                    (
                        o.person_id,
                        o.organisation_id,
                        o.subject_key,
                        o.benefit,
                        o.period,
                        o.as_of,
                        o.package_version,
                        o.status,
                        o.total,
                        json.dumps(o.payments, ensure_ascii=False),
                        json.dumps(o.reasons, ensure_ascii=False),
                        json.dumps(o.extra, ensure_ascii=False),
                        o.fingerprint,
                        o.last_confirmed_at,
                        o.updated_at,
                        o.status_changed_at,
                        json.dumps(o.withdrawal, ensure_ascii=False),
                        o.first_found_at,
                    )
                )
        updates = ", ".join(f"{f} = EXCLUDED.{f}" for f in UPSERT_FIELDS)
        cur.execute(
            f"INSERT INTO {table} ({cols}) SELECT {cols} FROM benefits_offer_in "
            f"ON CONFLICT ({', '.join(UNIQUE_FIELDS)}) DO UPDATE SET {updates}"
        )


def _slice(batch, rows: np.ndarray):
    """The engine batch restricted to `rows` (sorted): the eligible rows to render."""
    from zhihui.policy.schema import Col, ListCol, ProfileBatch

    cols = {p: Col(c.spec, c.values[rows], c.present[rows]) for p, c in batch.cols.items()}
    lists = {}
    for p, lc in batch.lists.items():
        keep = np.isin(lc.item_row, rows)
        item_row = np.searchsorted(rows, lc.item_row[keep])
        icols = {ip: Col(c.spec, c.values[keep], c.present[keep]) for ip, c in lc.cols.items()}
        lists[p] = ListCol(lc.spec, lc.present[rows], item_row.astype(np.int64), icols)
    ids = [batch.ids[i] for i in rows.tolist()]
    return ProfileBatch(batch.kind, len(rows), ids, cols, lists, {})
