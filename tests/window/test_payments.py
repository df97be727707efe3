"""Payment batches exported to Excel for the finance bureau, and reconciliation from its
return file (paid / failed; all-or-nothing with row and column in every error)."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from zhihui.window import actions
from zhihui.window.models import Application, Budget, PaymentInstruction, PaymentStatus, Status
from zhihui.window.payments import HEADERS, ReconciliationError, export_batch

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheduled(fake_engine, citizen, clerk, reviewer, service, budgets, approver):
    fake_engine["payments"] = [{"year": 2026, "amount": "20000.00"}]
    app, _ = actions.submit(citizen, service, person=citizen.person)
    actions.accept(clerk, app)
    actions.review(reviewer, app)
    actions.approve(approver, app)
    return Application.objects.get(pk=app.pk)


@pytest.fixture
def second_admin(make_user):
    from zhihui.core.roles import Role

    return make_user(Role.ADMIN, "admin2_t")


@pytest.fixture
def exported(admin_user, second_admin):
    """A batch created by one administrator, released by a second, then exported."""

    def _make(year=2026):
        batch = actions.create_payment_batch(admin_user, year)
        actions.release_batch(second_admin, batch)
        actions.export_batch(admin_user, batch)
        batch.refresh_from_db()
        return batch

    return _make


def returned(batch, fill):
    """The exported workbook with the finance bureau's answers filled in by `fill(ws)`."""
    wb = load_workbook(io.BytesIO(export_batch(batch)))
    fill(wb.worksheets[0])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_batch_exports_one_row_per_instruction_with_masked_ids(scheduled, admin_user):
    batch = actions.create_payment_batch(admin_user, 2026)
    ws = load_workbook(io.BytesIO(export_batch(batch))).worksheets[0]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert len(rows) == 2 and rows[1][2] == scheduled.number and rows[1][7] == 20000
    assert "********" in rows[1][4]
    assert PaymentInstruction.objects.get().status == PaymentStatus.IN_BATCH


def test_a_paid_return_marks_the_payment_and_the_application_paid(scheduled, admin_user, citizen, exported):
    batch = exported()

    def fill(ws):
        ws["I2"], ws["J2"], ws["K2"] = "成功", "2026-12-01", "BANK-001"

    assert actions.reconcile_batch(admin_user, batch, returned(batch, fill)) == {"paid": 1, "failed": 0}
    ins = PaymentInstruction.objects.get()
    assert ins.status == PaymentStatus.PAID and ins.paid_on == dt.date(2026, 12, 1)
    assert Application.objects.get(pk=scheduled.pk).status == Status.PAID
    assert Budget.objects.get(year=2026).paid == Decimal("20000.00")


def test_a_failed_payment_goes_into_the_next_batch(scheduled, admin_user, exported):
    batch = exported()

    def fill(ws):
        ws["I2"], ws["L2"] = "失败", "账户已销户"

    actions.reconcile_batch(admin_user, batch, returned(batch, fill))
    ins = PaymentInstruction.objects.get()
    assert ins.status == PaymentStatus.FAILED and ins.failure_reason == "账户已销户"
    again = actions.create_payment_batch(admin_user, 2026)
    assert list(again.instructions.all()) == [ins]


def test_a_bad_return_file_changes_nothing_and_names_row_and_column(scheduled, admin_user, exported):
    batch = exported()

    def fill(ws):
        ws["I2"], ws["J2"] = "成功", "昨天"

    with pytest.raises(ReconciliationError, match="第2行 J列"):
        actions.reconcile_batch(admin_user, batch, returned(batch, fill))

    def wrong_amount(ws):
        ws["I2"], ws["J2"], ws["H2"] = "成功", "2026-12-01", 2000

    with pytest.raises(ReconciliationError, match="第2行 H列"):
        actions.reconcile_batch(admin_user, batch, returned(batch, wrong_amount))
    with pytest.raises(ReconciliationError, match="Excel"):
        actions.reconcile_batch(admin_user, batch, b"not a workbook")
    assert PaymentInstruction.objects.get().status == PaymentStatus.IN_BATCH
    assert Budget.objects.get(year=2026).paid == 0


def test_a_return_file_cannot_be_applied_twice(scheduled, admin_user, exported):
    batch = exported()

    def fill(ws):
        ws["I2"], ws["J2"] = "成功", "2026-12-01"

    data = returned(batch, fill)
    actions.reconcile_batch(admin_user, batch, data)
    with pytest.raises(ReconciliationError, match="已对账"):
        actions.reconcile_batch(admin_user, batch, data)
    assert Budget.objects.get(year=2026).paid == Decimal("20000.00")


def test_a_batch_needs_a_second_person_before_it_can_be_exported(scheduled, admin_user, second_admin):
    from django.core.exceptions import PermissionDenied

    batch = actions.create_payment_batch(admin_user, 2026)
    with pytest.raises(actions.InvalidTransition, match="不能执行“导出给财政”"):
        actions.export_batch(admin_user, batch)
    with pytest.raises(PermissionDenied, match="职责分离"):
        actions.release_batch(admin_user, batch)  # its creator may not release it
    actions.release_batch(second_admin, batch)
    assert actions.export_batch(admin_user, batch)[:2] == b"PK"
    batch.refresh_from_db()
    assert batch.status == "exported"
    assert [(t.name, t.actor.username) for t in batch.transitions.all()] == [
        ("create", "admin_t"), ("release", "admin2_t"), ("export", "admin_t")]


def test_a_batch_cannot_be_reconciled_before_it_is_exported(scheduled, admin_user):
    batch = actions.create_payment_batch(admin_user, 2026)

    def fill(ws):
        ws["I2"], ws["J2"], ws["K2"] = "成功", "2026-12-01", "BANK-001"

    with pytest.raises(actions.InvalidTransition, match="导入回盘"):
        actions.reconcile_batch(admin_user, batch, returned(batch, fill))
    assert PaymentInstruction.objects.get().status == PaymentStatus.IN_BATCH
