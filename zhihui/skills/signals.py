"""Anti-fraud signals for supervisors (plan L148: 政府监管), each explaining itself:

- one device checked in many different trainees (代签);
- check-ins outside the session's daily hours;
- a provider's certification rate far above the median of its peers.

Thresholds are dated parameters (domains/skills.yaml, signals.*). A signal is a lead for an
inspection, not a finding: the explanation says what was seen and against which threshold.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext

from .enums import SignalKind
from .models import CheckIn


@dataclass
class Signal:
    kind: str
    provider: object
    session: object | None
    explanation: str
    count: int = 0

    @property
    def label(self) -> str:
        return SignalKind(self.kind).label


def _mask(name: str) -> str:
    return name[:1] + "*" * max(1, len(name) - 1)


def signals(today: dt.date | None = None, since: dt.date | None = None) -> list[Signal]:
    from .actions import p

    today = today or timezone.localdate()
    since = since or today - dt.timedelta(days=365)
    out: list[Signal] = []
    checkins = list(CheckIn.objects.filter(enrolment__session__ends_on__gte=since)
                    .select_related("enrolment__person", "enrolment__session__programme__provider__organisation"))
    # 1. one device, many trainees
    need = int(p("signals.shared_device_min_people", today))
    by_device: dict[str, dict] = defaultdict(lambda: {"people": {}, "sessions": set()})
    for c in checkins:
        if c.device:
            d = by_device[c.device]
            d["people"][c.enrolment.person_id] = c.enrolment.person.name
            d["sessions"].add(c.enrolment.session)
    for device, d in sorted(by_device.items()):
        if len(d["people"]) >= need:
            sessions = sorted(d["sessions"], key=lambda s: s.number)
            names = "、".join(_mask(n) for n in list(d["people"].values())[:8])
            out.append(Signal(SignalKind.SHARED_DEVICE, sessions[0].programme.provider, sessions[0], gettext(
                "设备 %(dev)s… 为 %(n)s 名不同学员扫码签到（%(names)s），班次 %(sessions)s；阈值：%(need)s 名") % {
                "dev": device[:8], "n": len(d["people"]), "names": names,
                "sessions": "、".join(s.number for s in sessions), "need": need}, len(d["people"])))
    # 2. outside the session's hours
    slack = dt.timedelta(minutes=int(p("signals.off_hours_minutes", today)))
    late: dict[int, list] = defaultdict(list)
    for c in checkins:
        s = c.enrolment.session
        local = timezone.localtime(c.at)
        day = local.date()
        start = timezone.make_aware(dt.datetime.combine(day, s.day_start)) - slack
        end = timezone.make_aware(dt.datetime.combine(day, s.day_end)) + slack
        if not start <= c.at <= end:
            late[s.pk].append((s, c, local))
    for rows in late.values():
        s = rows[0][0]
        shown = "；".join(f"{_mask(c.enrolment.person.name)} {local:%Y-%m-%d %H:%M}" for _s, c, local in rows[:5])
        out.append(Signal(SignalKind.OFF_HOURS, s.programme.provider, s, gettext(
            "班次 %(n)s 每日培训时段 %(a)s–%(b)s，有 %(k)s 次签到在时段前后 %(m)s 分钟以外：%(shown)s") % {
            "n": s.number, "a": f"{s.day_start:%H:%M}", "b": f"{s.day_end:%H:%M}", "k": len(rows),
            "m": int(slack.total_seconds() // 60), "shown": shown}, len(rows)))
    # 3. certification rate far above peers
    from .selectors import provider_results

    points = float(p("signals.cert_rate_points_above_peers", today))
    minimum = int(p("signals.cert_rate_min_trainees", today))
    rows = [r for r in provider_results(today=today) if r["completed"] >= minimum and r["cert_rate"] is not None]
    for r in rows:
        peers = [float(o["cert_rate"]) for o in rows if o is not r]
        if not peers:
            continue
        median = statistics.median(peers)
        gap = float(r["cert_rate"]) - median
        if gap >= points:
            out.append(Signal(SignalKind.HIGH_CERT_RATE, r["provider"], None, gettext(
                "取证率 %(rate)s%%（结业 %(done)s 人，取证 %(cert)s 人），同类机构中位数 %(median).1f%%，高出 %(gap).1f 个百分点；"
                "阈值：%(points)s 个百分点，结业不少于 %(min)s 人的机构参与比较") % {
                "rate": r["cert_rate"], "done": r["completed"], "cert": r["certified"], "median": median, "gap": gap,
                "points": points, "min": minimum}, r["completed"]))
    return out
