"""The gig market (零工市场): day and short jobs posted and taken fast.

post (screened like every posting; a job with an unlawful flag is held for a clerk) → a worker
applies → the poster hires → the worker checks in → done → both sides confirm (in either order)
→ the poster records the payment. Each step is a transition of `GIG` (declared once), logged in
`GigTransition` and the audit log. A worker's paid engagements are their history, usable as
proof of flexible employment (`/market/gigs/history/`). Wage disputes go to the labour-rights
intake (issue 16), not here.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhihui.core import audit
from zhihui.core.perms import has_role, require
from zhihui.core.roles import Role
from zhihui.core.workflow import OWNER, TransitionNotAllowed, Workflow, transition

from .enums import EngagementStatus as E
from .enums import GigStatus, PayUnit

POSTER = Role.EMPLOYER

GIG = Workflow(
    name="market.gig",
    title=gettext_lazy("零工用工"),
    states=E,
    initial=E.APPLIED,
    final=(E.PAID, E.REJECTED, E.WITHDRAWN, E.DECLINED),
    transitions=[
        transition("accept", gettext_lazy("接受邀约"), E.OFFERED, E.HIRED, (OWNER,)),
        transition("decline", gettext_lazy("婉拒邀约"), E.OFFERED, E.DECLINED, (OWNER,)),
        transition("hire", gettext_lazy("录用"), E.APPLIED, E.HIRED, (POSTER,)),
        transition("reject", gettext_lazy("不录用"), E.APPLIED, E.REJECTED, (POSTER,)),
        transition("withdraw", gettext_lazy("撤回报名"), (E.APPLIED, E.HIRED), E.WITHDRAWN, (OWNER,)),
        transition("cancel_offer", gettext_lazy("撤回邀约"), E.OFFERED, E.WITHDRAWN, (POSTER,)),
        transition("check_in", gettext_lazy("到岗签到"), E.HIRED, E.WORKING, (OWNER,)),
        transition("finish", gettext_lazy("完工"), E.WORKING, E.DONE, (OWNER, POSTER)),
        transition("worker_confirms", gettext_lazy("零工确认完工"), E.DONE, E.WORKER_CONFIRMED, (OWNER,)),
        transition("worker_confirms_last", gettext_lazy("零工确认完工"), E.POSTER_CONFIRMED, E.CONFIRMED, (OWNER,)),
        transition("poster_confirms", gettext_lazy("用工方确认完工"), E.DONE, E.POSTER_CONFIRMED, (POSTER,)),
        transition("poster_confirms_last", gettext_lazy("用工方确认完工"), E.WORKER_CONFIRMED, E.CONFIRMED, (POSTER,)),
        transition("pay", gettext_lazy("记录已支付"), E.CONFIRMED, E.PAID, (POSTER,), writes=gettext_lazy("支付金额、时间")),
    ],
)


def is_poster(user, job) -> bool:
    return has_role(user, Role.EMPLOYER) and user.organisation_id is not None and user.organisation_id == job.organisation_id


def is_worker(user, engagement) -> bool:
    return has_role(user, Role.CITIZEN) and user.person_id is not None and user.person_id == engagement.worker_id


@transaction.atomic
def post_job(user, data):
    from .actions import MarketError, _date, _int, _money, _text, _town, station_of
    from .models import GigJob
    from .screen import default_screen

    require(has_role(user, Role.EMPLOYER) and user.organisation_id is not None, _("只有用人单位账户可以发布零工"))
    task = _text(data, "task", _("工作内容"), max_length=80)
    description = _text(data, "description", _("说明"), required=False, max_length=1000)
    town_code = _text(data, "town_code", _("地点"), max_length=12)
    unit = str(data.get("pay_unit") or "")
    if unit not in PayUnit.values:
        raise MarketError("pay_unit", _("计酬方式须为按日、按小时或按件"))
    job = GigJob(organisation_id=user.organisation_id, poster=user, task=task, description=description,
                 town_code=town_code, town_name=_town(town_code),
                 place=_text(data, "place", _("具体地点"), required=False, max_length=120),
                 station=station_of(data),
                 work_date=_date(data, "work_date", _("用工日期")),
                 pay_amount=_money(data, "pay_amount", _("报酬")), pay_unit=unit,
                 workers_needed=_int(data, "workers_needed", _("人数"), default=1, lo=1, hi=500),
                 contact_phone=_text(data, "contact_phone", _("联系电话"), max_length=20))
    if job.pay_amount <= 0:
        raise MarketError("pay_amount", _("报酬须大于 0"))
    from .actions import today

    if job.work_date < today():
        raise MarketError("work_date", _("用工日期不能早于今天"))
    job.flags = default_screen().screen({"id": "gig", "title": task, "text": description})
    job.status = GigStatus.HELD if any(f["verdict"] == "unlawful" for f in job.flags) else GigStatus.OPEN
    job.save()
    audit.record(user, audit.Action.CREATE, job, summary=f"gig {job.pk} {task} ({job.status})"[:255])
    return job


@transaction.atomic
def apply(user, job):
    from .models import GigEngagement, GigTransition

    require(has_role(user, Role.CITIZEN) and user.person_id is not None, _("请以求职者身份登录后报名"))
    if job.status != GigStatus.OPEN:
        raise TransitionNotAllowed(_("该零工岗位不在招募中"))
    if GigEngagement.objects.filter(job=job, worker_id=user.person_id).exists():
        raise TransitionNotAllowed(_("您已报名"))
    e = GigEngagement.objects.create(job=job, worker_id=user.person_id)
    GigTransition.objects.create(engagement=e, name="apply", from_status=E.APPLIED, to_status=E.APPLIED, actor=user)
    audit.record(user, audit.Action.CREATE, e, summary=f"gig engagement {e.pk} (job {job.pk})")
    return e


@transaction.atomic
def step(user, engagement, name: str, *, units: str | None = None, rating: str | None = None):
    from .models import GigEngagement, GigTransition

    engagement = GigEngagement.objects.select_for_update().select_related("job").get(pk=engagement.pk)
    worker, poster = is_worker(user, engagement), is_poster(user, engagement.job)
    if not (worker or poster):
        raise Http404
    t = GIG.check(name, engagement.status, user, is_owner=worker)
    if t.roles == frozenset({str(POSTER)}) and not poster:
        raise Http404
    if str(POSTER) in t.roles and OWNER in t.roles and not (worker or poster):
        raise Http404
    before = engagement.status
    engagement.status = t.target
    if name == "check_in":
        engagement.checked_in_at = timezone.now()
    if name == "pay":
        from .actions import MarketError

        try:
            n = Decimal(str(units or "1"))
        except Exception:  # noqa: BLE001
            raise MarketError("units", _("数量须为数字")) from None
        if not n.is_finite() or n <= 0 or n > 1000:
            raise MarketError("units", _("数量须在 0 至 1000 之间"))
        engagement.units = n
        engagement.amount_paid = (engagement.job.pay_amount * n).quantize(Decimal("0.01"))
        engagement.paid_at = timezone.now()
    if rating:
        try:
            r = int(rating)
        except ValueError:
            r = 0
        if 1 <= r <= 5:
            if worker:
                engagement.rating_of_poster = r
            else:
                engagement.rating_of_worker = r
    engagement.save()
    GigTransition.objects.create(engagement=engagement, name=name, from_status=before, to_status=t.target, actor=user)
    audit.record(user, audit.Action.TRANSITION, engagement, summary=f"gig engagement {engagement.pk} {name}",
                 before={"status": before}, after={"status": t.target, "amount_paid": engagement.amount_paid})
    return engagement


# -- offers, availability, ratings ------------------------------------------------------------------------
@transaction.atomic
def offer(user, job, worker_id: int):
    """The poster offers the job to a worker who marked the day available (the worker accepts or declines)."""
    from .models import GigAvailability, GigEngagement, GigTransition

    if not is_poster(user, job):
        raise Http404
    if job.status != GigStatus.OPEN:
        raise TransitionNotAllowed(_("该零工岗位不在招募中"))
    if not GigAvailability.objects.filter(person_id=worker_id, day=job.work_date).exists():
        raise TransitionNotAllowed(_("此人当天没有登记可接活"))
    if GigEngagement.objects.filter(job=job, worker_id=worker_id).exists():
        raise TransitionNotAllowed(_("已邀约或此人已报名"))
    e = GigEngagement.objects.create(job=job, worker_id=worker_id, status=E.OFFERED)
    GigTransition.objects.create(engagement=e, name="offer", from_status=E.OFFERED, to_status=E.OFFERED, actor=user)
    audit.record(user, audit.Action.CREATE, e, summary=f"gig offer {e.pk} (job {job.pk})")
    return e


def available_workers(job, limit: int = 50) -> list[dict]:
    """Workers who marked the job's day available and are not engaged on it, with their rating
    (average of the ratings posters gave them) and the number of paid gigs."""
    from django.db.models import Avg, Count, Q

    from .models import GigAvailability

    engaged = job.engagements.values_list("worker_id", flat=True)
    rows = (GigAvailability.objects.filter(day=job.work_date).exclude(person_id__in=engaged).select_related("person")
            .order_by("created_at")[:limit])
    ids = [r.person_id for r in rows]
    from .models import GigEngagement

    stats = {s["worker_id"]: s for s in GigEngagement.objects.filter(worker_id__in=ids).values("worker_id").annotate(
        avg=Avg("rating_of_worker"), paid=Count("id", filter=Q(status=E.PAID)))}
    return [{"person_id": r.person_id, "name": (r.person.name[:1] + "**"), "note": r.note,
             "rating": stats.get(r.person_id, {}).get("avg"), "paid": stats.get(r.person_id, {}).get("paid", 0)}
            for r in rows]


@transaction.atomic
def set_availability(user, days: list[str], note: str = ""):
    """Replace the worker's available days in the next GIG_AVAILABILITY_DAYS days."""
    import datetime as dt

    from .actions import MarketError, _text, today
    from .enums import GIG_AVAILABILITY_DAYS
    from .models import GigAvailability

    require(has_role(user, Role.CITIZEN) and user.person_id is not None, _("请以求职者身份登录"))
    start = today()
    window = {start + dt.timedelta(days=i) for i in range(GIG_AVAILABILITY_DAYS)}
    chosen = set()
    for raw in days:
        try:
            d = dt.date.fromisoformat(str(raw))
        except ValueError:
            raise MarketError("days", _("日期格式应为 YYYY-MM-DD")) from None
        if d not in window:
            raise MarketError("days", _("只能登记今后 %(n)d 天内的日期") % {"n": GIG_AVAILABILITY_DAYS})
        chosen.add(d)
    note = _text({"note": note}, "note", _("备注"), required=False, max_length=80)
    GigAvailability.objects.filter(person_id=user.person_id, day__in=window - chosen).delete()
    for d in chosen:
        GigAvailability.objects.update_or_create(person_id=user.person_id, day=d, defaults={"note": note})
    audit.record(user, audit.Action.UPDATE, None, object_type="market.gigavailability", object_id=user.person_id,
                 summary=f"gig availability: {len(chosen)} days")
    return sorted(chosen)


@transaction.atomic
def rate(user, engagement, stars):
    """Each side rates the other once, 1–5, after the work is confirmed or paid."""
    from .actions import MarketError
    from .models import GigEngagement

    engagement = GigEngagement.objects.select_for_update().select_related("job").get(pk=engagement.pk)
    worker, poster = is_worker(user, engagement), is_poster(user, engagement.job)
    if not (worker or poster):
        raise Http404
    if engagement.status not in (E.CONFIRMED, E.PAID):
        raise TransitionNotAllowed(_("双方确认完工后才能评价"))
    try:
        r = int(str(stars))
    except ValueError:
        r = 0
    if not 1 <= r <= 5:
        raise MarketError("rating", _("评分须为 1 至 5 星"))
    field = "rating_of_poster" if worker else "rating_of_worker"
    if getattr(engagement, field) is not None:
        raise TransitionNotAllowed(_("已评价过"))
    setattr(engagement, field, r)
    engagement.save(update_fields=[field])
    audit.record(user, audit.Action.UPDATE, engagement, summary=f"gig engagement {engagement.pk} {field}={r}")
    return engagement


def ratings_of(user) -> dict:
    """For the ratings page: what the user still has to rate, and the averages others gave."""
    from django.db.models import Avg, Count

    from .models import GigEngagement

    done = (E.CONFIRMED, E.PAID)
    if has_role(user, Role.EMPLOYER) and user.organisation_id:
        mine = GigEngagement.objects.filter(job__organisation_id=user.organisation_id, status__in=done)
        to_rate = mine.filter(rating_of_worker__isnull=True).select_related("job", "worker")
        received = mine.filter(rating_of_poster__isnull=False).aggregate(avg=Avg("rating_of_poster"), n=Count("id"))
        side = "poster"
    else:
        mine = GigEngagement.objects.filter(worker_id=user.person_id, status__in=done)
        to_rate = mine.filter(rating_of_poster__isnull=True).select_related("job", "job__organisation")
        received = mine.filter(rating_of_worker__isnull=False).aggregate(avg=Avg("rating_of_worker"), n=Count("id"))
        side = "worker"
    return {"side": side, "to_rate": list(to_rate[:100]), "avg": received["avg"], "n": received["n"]}
