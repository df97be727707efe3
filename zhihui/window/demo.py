"""The demo city's one window (issue 15, found 9): budgets for this year, and a spread of
applications in every state — filed from the sweep's 免申即享 offers by the window clerk,
accepted, returned for correction, reviewed, approved, refused, withdrawn, paid — with payment
instructions, declared bank accounts, one reconciled payment batch and one released batch
waiting for the finance officer. Everything goes through zhihui.window.actions (audited, the
workflows' separation of duties kept: a second reviewer approves, a second administrator
releases). Idempotent: nothing is done when the window already has applications.

Budget amounts: per budget line of the catalogue (the policy package's benefits), the year's
payments of the open offers on that line plus a fifth, rounded up to 100,000 yuan (at least
500,000): a budget the demo's approvals fit in."""

from __future__ import annotations

import datetime as dt
import io
import secrets
from collections import defaultdict
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from zhihui.core.actions import create_user
from zhihui.core.roles import Role

from . import actions
from .models import Application, Budget, PaymentInstruction, PaymentStatus, Service

# What happens to the n-th demo application (cycled): every state of the workflow appears.
FATES = ["submitted", "accepted", "correction", "reviewed", "scheduled", "scheduled", "scheduled", "refused",
         "withdrawn", "paid", "paid", "scheduled"]
BANKS = ["中国工商银行济源分行", "中国农业银行济源分行", "中国建设银行济源分行", "中国银行济源分行", "济源农商银行"]


def _luhn_card(n: int) -> str:
    """A UnionPay-style card number (62…, 19 digits) with a valid check digit."""
    from stdnum import luhn

    body = f"622202{n:012d}"
    return body + luhn.calc_check_digit(body)


def _staff(username: str, role: str, label: str):
    User = get_user_model()
    return User.objects.filter(username=username).first() or create_user(
        "setup", username=username, password=secrets.token_urlsafe(24), role=role, display_name=label)


def _budgets(admin, year: int) -> int:
    """This year's and the coming years' budgets (a three-year allowance is approved against
    each year's line), sized from the open offers' payments on each line."""
    from zhihui.benefits.models import BenefitOffer, OfferStatus

    from .catalogue import budget_line_name

    need: dict[tuple[str, int], Decimal] = defaultdict(Decimal)
    line_of = dict(Service.objects.exclude(budget_line="").values_list("code", "budget_line"))
    for benefit, payments in BenefitOffer.objects.filter(status=OfferStatus.OFFERED).values_list("benefit", "payments"):
        line = line_of.get(benefit)
        for p in payments or []:
            y = int(p.get("year", 0) or 0)
            if line and year <= y <= year + 5:
                need[(line, y)] += Decimal(str(p.get("amount", "0")))
    made = 0
    years = {year} | {y for _line, y in need}
    for line in sorted(set(line_of.values())):
        for y in sorted(years):
            if Budget.objects.filter(year=y, line=line).exists():
                continue
            amount = max(Decimal("500000"),
                         (need[(line, y)] * Decimal("1.2") / 100000).to_integral_value(rounding="ROUND_CEILING") * 100000)
            actions.set_budget(admin, y, line, amount, name=f"{y}年度人才发展专项资金·{budget_line_name(line)}")
            made += 1
    return made


def _offers(limit: int) -> list:
    """Open offers to persons, taken round-robin over the benefits the window can file."""
    from zhihui.benefits.models import BenefitOffer, OfferStatus

    codes = set(Service.objects.filter(active=True, applicant_kind="person").values_list("code", flat=True))
    by_benefit: dict[str, list] = defaultdict(list)
    qs = BenefitOffer.objects.filter(status=OfferStatus.OFFERED, application__isnull=True, person__isnull=False,
                                     benefit__in=codes).select_related("person").order_by("benefit", "id")
    for o in qs[: limit * 20]:
        by_benefit[o.benefit].append(o)
    out = []
    while len(out) < limit and any(by_benefit.values()):
        for b in sorted(by_benefit):
            if by_benefit[b] and len(out) < limit:
                out.append(by_benefit[b].pop(0))
    return out


def _reconcile_all_paid(admin, batch, on: dt.date) -> None:
    from openpyxl import load_workbook

    from .payments import export_batch

    wb = load_workbook(io.BytesIO(export_batch(batch)))
    ws = wb.worksheets[0]
    for r in range(2, ws.max_row + 1):
        if ws.cell(row=r, column=2).value is not None:
            ws.cell(row=r, column=9).value = "成功"
            ws.cell(row=r, column=10).value = on.isoformat()
            ws.cell(row=r, column=11).value = f"DEMO{batch.number[-4:]}{r:04d}"
    out = io.BytesIO()
    wb.save(out)
    actions.reconcile_batch(admin, batch, out.getvalue())


def ensure_demo(count: int = 48) -> str:
    User = get_user_model()
    clerk, reviewer, admin = (User.objects.filter(username=u).first() for u in ("clerk", "reviewer", "admin"))
    if clerk is None or reviewer is None or admin is None:
        return "window: no demo clerk/reviewer/admin account, skipped"
    if Application.objects.exists():
        return "window: applications exist, demo cases skipped"
    approver = _staff("reviewer2", Role.REVIEWER, "审核员(批准)")
    admin2 = _staff("admin2", Role.ADMIN, "部门管理员(复核)")
    today = dt.date.today()
    budgets = _budgets(admin, today.year)
    done: dict[str, int] = defaultdict(int)
    errors: list[str] = []
    paid_now: list[Application] = []
    later: list[Application] = []
    for n, offer in enumerate(_offers(count)):
        fate = FATES[n % len(FATES)]
        try:
            app = actions.accept_offer(clerk, offer)
            if fate == "withdrawn":
                actions.withdraw(clerk, app, "申请人表示暂不申领")
            elif fate != "submitted":
                actions.accept(clerk, app)
                if fate == "correction":
                    actions.request_correction(clerk, app, ["劳动合同复印件（加盖单位公章）", "近12个月社保缴费证明"])
                elif fate == "refused":
                    actions.refuse(reviewer, app, "经核查，申请人与现单位劳动合同期限不足政策要求的3年")
                elif fate != "accepted":
                    actions.review(reviewer, app, "材料齐全，符合条件")
                    if fate in ("scheduled", "paid"):
                        (paid_now if fate == "paid" else later).append(app)
            done[fate] += 1
        except (actions.WindowError, PermissionDenied, ValueError) as exc:
            done["skipped"] += 1
            errors.append(str(exc)[:80])
    # approve the ones to be paid, pay them in one reconciled batch; the rest wait in a second
    for group in (paid_now, later):
        for app in group:
            try:
                actions.approve(approver, Application.objects.get(pk=app.pk), "经审核符合政策规定")
            except (actions.WindowError, PermissionDenied, ValueError) as exc:
                done["not_approved"] += 1
                errors.append(str(exc)[:80])
        persons = {a.person_id for a in group if a.person_id}
        for i, person_id in enumerate(sorted(persons)):
            if i % 5 != 4:  # one in five has not told us an account yet: the workbench asks
                from zhihui.registry.models import Person

                actions.declare_bank_account(clerk, bank_name=BANKS[i % len(BANKS)],
                                             account_number=_luhn_card(person_id), person=Person.objects.get(pk=person_id))
        if group is paid_now and PaymentInstruction.objects.filter(status=PaymentStatus.SCHEDULED, year__lte=today.year).exists():
            batch = actions.create_payment_batch(admin, today.year)
            actions.release_batch(admin2, batch, "复核无误")
            actions.export_batch(admin, batch)
            _reconcile_all_paid(admin, batch, today)
    if PaymentInstruction.objects.filter(status=PaymentStatus.SCHEDULED, year__lte=today.year).exists():
        batch = actions.create_payment_batch(admin, today.year)
        actions.release_batch(admin2, batch, "复核无误")
    counts = ", ".join(f"{k} {v}" for k, v in sorted(done.items()))
    first = f" (first refusal: {errors[0]})" if errors else ""
    return f"window: {budgets} budgets from {today.year}; demo applications: {counts}{first}"
