"""The workbench (工作台) on the home page: per role, what is waiting for this user (to-dos with
a count, a link and the nearest deadline) and a few counts. Read-only; each figure is one
indexed COUNT (or MIN), so the home page stays cheap.

Each role's function returns a list of `Todo`; a to-do with nothing waiting is dropped unless
`always` (then it reads "0", e.g. the reviewer's queue)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhihui.core.roles import Role


@dataclass
class Todo:
    label: str
    count: int
    url: str
    due: dt.date | None = None  # the nearest deadline among them
    urgent: bool = False  # overdue or a missing prerequisite: shown first, in red
    always: bool = False


def _apps_of(user):
    from zhihui.window.models import Application

    if getattr(user, "person_id", None):
        return Application.objects.filter(person_id=user.person_id)
    if getattr(user, "organisation_id", None):
        return Application.objects.filter(organisation_id=user.organisation_id)
    return Application.objects.none()


def _applicant(user, today) -> list[Todo]:
    from zhihui.benefits.models import BenefitOffer, OfferStatus
    from zhihui.window.models import PENDING_STATUSES, BankAccount, PaymentStatus, Status

    apps = _apps_of(user)
    mine = reverse("window:mine")
    out = [
        Todo(_("待补正的申请（请按清单补交材料）"), apps.filter(status=Status.CORRECTION).count(), mine, urgent=True),
        Todo(_("办理中的申请"), apps.filter(status__in=PENDING_STATUSES).count(), mine,
             due=apps.filter(status__in=PENDING_STATUSES).aggregate(d=Min("due_date"))["d"]),
    ]
    key = Q(person_id=user.person_id) if getattr(user, "person_id", None) else Q(organisation_id=user.organisation_id)
    offers = BenefitOffer.objects.filter(key, status=OfferStatus.OFFERED, application__isnull=True)
    out.append(Todo(_("免申即享：待您确认申领的政策"), offers.count(), mine, urgent=True))
    has_payments = apps.filter(payments__status__in=[PaymentStatus.SCHEDULED, PaymentStatus.IN_BATCH]).exists()
    if has_payments and not BankAccount.objects.filter(key).exists():
        out.append(Todo(_("补贴已核定，请登记收款银行账户"), 1, reverse("window:bank_account"), urgent=True))
    return out


def _clerk(user, today) -> list[Todo]:
    from zhihui.window import selectors
    from zhihui.window.models import CLOCK_STATUSES, Application, Status

    c = selectors.counts(today)
    desk = reverse("window:desk")
    first_due = Application.objects.filter(status__in=CLOCK_STATUSES).aggregate(d=Min("due_date"))["d"]
    return [
        Todo(_("已超期的申请"), c["overdue"], desk + "?tab=overdue", urgent=True),
        Todo(_("即将到期的申请"), c["due_soon"], desk + "?tab=due_soon", due=first_due),
        Todo(_("待受理的申请"), c["submitted"], desk + f"?status={Status.SUBMITTED}", always=True),
        Todo(_("待申请人补正"), c["correction"], desk + f"?status={Status.CORRECTION}"),
    ]


def _reviewer(user, today) -> list[Todo]:
    from zhihui.window import selectors

    queue = reverse("window:queue")
    mine = selectors.reviewer_queue(user)
    return [
        Todo(_("我负责的审核（已超期）"), mine.filter(due_date__lt=today).count(), queue, urgent=True),
        Todo(_("我负责的审核"), mine.count(), queue, due=mine.aggregate(d=Min("due_date"))["d"], always=True),
        Todo(_("待领取的审核"), selectors.unassigned_queue().count(), queue,
             due=selectors.unassigned_queue().aggregate(d=Min("due_date"))["d"]),
    ]


def _admin(user, today) -> list[Todo]:
    from zhihui.window.models import (
        BatchStatus,
        Budget,
        PaymentBatch,
        PaymentInstruction,
        PaymentStatus,
        Service,
    )

    pay = reverse("window:payments")
    # a batch another administrator made waits for this one's release (separation of duties)
    to_release = PaymentBatch.objects.filter(status=BatchStatus.CREATED).exclude(created_by=user).count()
    lines = set(Service.objects.filter(active=True).exclude(budget_line="").values_list("budget_line", flat=True))
    missing = len(lines - set(Budget.objects.filter(year=today.year).values_list("line", flat=True)))
    return _clerk(user, today) + [
        Todo(_("本年度尚未设立的预算科目"), missing, pay, urgent=True),
        Todo(_("待我复核放行的支付批次"), to_release, pay),
        Todo(_("待纳入支付批次的支付指令"), PaymentInstruction.objects.filter(
            status__in=[PaymentStatus.SCHEDULED, PaymentStatus.FAILED], year__lte=today.year).count(), pay),
        Todo(_("本部门工作人员账户"), _staff_count(), reverse("account:staff_list"), always=True),
    ]


def _staff_count() -> int:
    from django.contrib.auth import get_user_model

    from zhihui.core.roles import STAFF_ROLES

    return get_user_model().objects.filter(role__in=STAFF_ROLES, is_active=True).count()


def _finance(user, today) -> list[Todo]:
    from zhihui.window.models import BatchStatus, PaymentBatch

    pay = reverse("window:payments")
    return [
        Todo(_("已放行、待付款的支付批次"), PaymentBatch.objects.filter(status=BatchStatus.RELEASED).count(), pay, always=True),
        Todo(_("已导出、待回盘的支付批次"), PaymentBatch.objects.filter(status=BatchStatus.EXPORTED).count(), pay),
    ]


def _leader(user, today) -> list[Todo]:
    from zhihui.window.models import CLOCK_STATUSES, Application

    desk = reverse("window:desk")
    return [
        Todo(_("已超期的申请"), Application.objects.filter(status__in=CLOCK_STATUSES, due_date__lt=today).count(),
             desk + "?tab=overdue", urgent=True, always=True),
        Todo(_("本年度已作出决定的申请"), Application.objects.filter(decided_at__year=today.year).count(), desk, always=True),
    ]


def _auditor(user, today) -> list[Todo]:
    from zhihui.core.models import AuditEvent

    since = timezone.now() - dt.timedelta(days=1)
    return [Todo(_("近 24 小时被拒绝的访问"), AuditEvent.objects.filter(at__gte=since, outcome="denied").count(),
                 reverse("core:audit_search") + "?action=denied", always=True)]


ROLE_TODOS = {
    Role.CITIZEN: _applicant,
    Role.EMPLOYER: _applicant,
    Role.CLERK: _clerk,
    Role.REVIEWER: _reviewer,
    Role.ADMIN: _admin,
    Role.FINANCE: _finance,
    Role.LEADER: _leader,
    Role.AUDITOR: _auditor,
}


def todos(user, today: dt.date | None = None) -> list[Todo]:
    fn = ROLE_TODOS.get(getattr(user, "role", None))
    if fn is None:
        return []
    items = [t for t in fn(user, today or timezone.localdate()) if t.count or t.always]
    return sorted(items, key=lambda t: (not (t.urgent and t.count), t.due or dt.date.max))
