"""The role matrix (issue 12): every HTML page and every API operation of every domain, for every
role including the three administrators of 三员分立 and finance, one request per cell.

`MATRIX` below is the one table: each URL pattern (zhihui/www/urls.py, by `namespace:name`) and
each API operation (zhihui/api.py, by `METHOD /api/v1/path`) with the rule deciding who may use
it. Rules are the domains' own perms.py functions (asked with the cell's user and the world's
object), so the table says which permission guards each route and the test checks that the view
enforces it:

- a role the rule allows gets an answer (200, a redirect that is not to the login page, or a
  validation error for the empty POST the test sends) — never 401, 403, 404 or 500;
- a role it refuses gets 403 (404 for an object outside a citizen's or employer's scope, or for
  a draft that does not exist for them);
- an anonymous visitor is sent to the login page (pages) or gets 401 (API), except on routes the
  table marks PUBLIC.

`test_every_route_is_in_the_matrix` fails for a new page or API operation that is not in the
table: adding a route means saying who may use it. The world (one record of each kind the
routes need) is built once per module inside a transaction that is rolled back at the end; each
cell runs in a savepoint of its own, so an allowed POST changes nothing for the next cell.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import create_org, create_person, pdf_bytes
from zhihui.benefits import perms as benefits
from zhihui.core import admin_accounts, staff
from zhihui.core import perms as core
from zhihui.core.roles import STAFF_ROLES, Role
from zhihui.employment import perms as employment
from zhihui.market import fairs, gig
from zhihui.market import perms as market
from zhihui.occupations import perms as occupations
from zhihui.plan import perms as plan
from zhihui.privacy import perms as privacy
from zhihui.registry import perms as registry
from zhihui.regulation import perms as regulation
from zhihui.regulation.workflows import COLLECTIVE_CONTRACT, LIST_ENTRY
from zhihui.rights import perms as rights
from zhihui.skills import perms as skills
from zhihui.skills.workflows import VOUCHER as VOUCHER_FLOW
from zhihui.talent import perms as talent
from zhihui.window import perms as window
from zhihui.window.workflows import APPLICATION

pytestmark = pytest.mark.django_db  # each cell in a savepoint inside the module's transaction

ROLES = ["anon", *Role.values]

Rule = Callable[[object, "World"], bool]


def PUBLIC(u, w) -> bool:
    return True


def SIGNED_IN(u, w) -> bool:
    return u is not None


def STAFF(u, w) -> bool:
    return u is not None and u.role in STAFF_ROLES


def role_in(*roles) -> Rule:
    return lambda u, w: core.has_role(u, *roles)


@dataclass
class Cell:
    rule: Rule
    method: str = "GET"
    kwargs: Callable[[World], dict] = field(default=lambda w: {})
    public: bool = False  # anonymous visitors are not sent to the login page: the rule decides (user None)
    query: str = ""
    # the record is absent or not in a state the route serves (e.g. pools not yet published):
    # a role the rule allows may get 404, never 401/403
    missing: bool = False
    # an API body (else the smallest the schema accepts), or a page POST's form (else empty)
    body: Callable[[World], dict] | None = None


def get(rule, kwargs=None, **kw) -> Cell:
    return Cell(rule, "GET", kwargs or (lambda w: {}), **kw)


def post(rule, kwargs=None, **kw) -> Cell:
    return Cell(rule, "POST", kwargs or (lambda w: {}), **kw)


def public(method="GET", kwargs=None, rule=PUBLIC, **kw) -> Cell:
    return Cell(rule, method, kwargs or (lambda w: {}), public=True, **kw)


def _w(attr, key="pk", value="pk"):
    return lambda w: {key: getattr(getattr(w, attr), value)}


APP = lambda w: {"number": w.application.number}  # noqa: E731
BANK_ACCOUNT = lambda w: {"pk": w.bank_account.pk}  # noqa: E731


def step(name: str) -> Rule:
    """Who may take a transition of the window's application workflow (zhihui/window/workflows.py)."""
    return lambda u, w: window.can_view(u, w.application) and APPLICATION.role_may(
        APPLICATION.get(name), u, is_owner=window.is_own(u, w.application))
CARD = lambda w: {"number": w.card.number}  # noqa: E731
PLAN = lambda w: {"number": w.inspection_plan.number}  # noqa: E731
CASE = lambda w: {"number": w.rights_case.number}  # noqa: E731
USCC = lambda w: {"uscc": w.org.uscc}  # noqa: E731
VOUCHER = lambda w: {"number": w.voucher.number}  # noqa: E731


def voucher_step(name: str) -> Rule:
    """Who may take a transition of the skills voucher workflow (zhihui/skills/workflows.py)."""
    return lambda u, w: skills.can_see_voucher(u, w.voucher) and VOUCHER_FLOW.role_may(
        VOUCHER_FLOW.get(name), u, is_owner=skills.is_holder(u, w.voucher))
SESSION = lambda w: {"number": w.session.number}  # noqa: E731


# ---------------------------------------------------------------------------------------------
# THE MATRIX: every page and API operation -> who may use it (from the domains' perms.py).
# ---------------------------------------------------------------------------------------------
MATRIX: dict[str, Cell] = {
    # --- shell, core, accounts
    ":home": public(),
    ":login": public(),
    ":logout": public("POST"),  # logging out when not logged in just goes home
    ":set_language": public("POST"),
    ":job_progress": get(lambda u, w: u is not None and (u.is_bureau_staff or u.pk == w.job.created_by_id), _w("job", "job_id")),
    "core:audit_search": get(lambda u, w: core.can_search_audit(u)),
    "GET /api/v1/audit/events": get(lambda u, w: core.can_search_audit(u)),
    "account:password_change": get(SIGNED_IN),
    "account:otp_setup": get(SIGNED_IN),
    "account:otp_verify": get(SIGNED_IN),
    "account:recovery_codes": get(SIGNED_IN),
    "account:security_admin": get(lambda u, w: core.can_manage_security(u)),
    "account:reset_otp": post(lambda u, w: core.can_manage_security(u), lambda w: {"user_id": w.users["clerk"].pk}),
    "account:unlock": post(lambda u, w: core.can_manage_security(u), lambda w: {"user_id": w.users["clerk"].pk}),
    "account:admin_accounts": get(lambda u, w: admin_accounts.can_view_admin_accounts(u)),
    "account:admin_account_active": post(lambda u, w: admin_accounts.can_set_active(u, w.users["admin"]), lambda w: {"user_id": w.users["admin"].pk}),
    "account:admin_account_password": post(lambda u, w: admin_accounts.can_issue_password(u, w.users["admin"]), lambda w: {"user_id": w.users["admin"].pk}),
    "account:staff_list": get(lambda u, w: staff.can_manage_staff(u)),
    "account:staff_role": post(lambda u, w: staff.can_manage_staff(u), lambda w: {"user_id": w.users["clerk"].pk}),
    "account:staff_active": post(lambda u, w: staff.can_manage_staff(u), lambda w: {"user_id": w.users["clerk"].pk}),
    "GET /api/v1/": public(missing=True),  # django-ninja's root: nothing there
    "GET /api/v1/openapi.json": public(),
    "GET /api/v1/docs": public(),
    # --- registry
    "registry:person_search": get(lambda u, w: registry.can_search_persons(u)),
    "registry:person_create": get(lambda u, w: registry.can_create_person(u)),
    "registry:person_detail": get(lambda u, w: registry.can_view_person(u, w.person), _w("person")),
    "registry:person_edit": get(lambda u, w: registry.can_edit_person(u, w.person), _w("person")),
    "registry:person_reveal": post(lambda u, w: registry.can_reveal_id_number(u, w.person), _w("person")),
    "registry:person_reveal_phone": post(lambda u, w: registry.can_reveal_phone(u, w.person), _w("person")),
    "registry:person_export": get(lambda u, w: registry.can_export_person(u, w.person), _w("person")),
    "registry:organisation_search": get(lambda u, w: registry.can_search_organisations(u)),
    "registry:organisation_create": get(lambda u, w: registry.can_create_organisation(u)),
    "registry:organisation_detail": get(lambda u, w: registry.can_view_organisation(u, w.org), _w("org")),
    "registry:my_file": get(lambda u, w: registry.sees_full_id_number(u, w.person)),
    "registry:my_organisation": get(lambda u, w: core.has_role(u, Role.EMPLOYER)),
    "GET /api/v1/registry/persons": get(lambda u, w: registry.can_search_persons(u), query="q=李"),
    "POST /api/v1/registry/persons": post(lambda u, w: registry.can_create_person(u)),
    "POST /api/v1/registry/persons/lookup": post(lambda u, w: registry.can_search_persons(u), missing=True),  # nobody has that number
    "GET /api/v1/registry/persons/{person_id}": get(lambda u, w: registry.can_view_person(u, w.person), _w("person", "person_id")),
    "PATCH /api/v1/registry/persons/{person_id}": Cell(lambda u, w: registry.can_edit_person(u, w.person), "PATCH", _w("person", "person_id")),
    "POST /api/v1/registry/persons/{person_id}/reveal": post(lambda u, w: registry.can_reveal_id_number(u, w.person), _w("person", "person_id")),
    "POST /api/v1/registry/persons/{person_id}/reveal-phone": post(lambda u, w: registry.can_reveal_phone(u, w.person), _w("person", "person_id")),
    "GET /api/v1/registry/organisations": get(lambda u, w: registry.can_search_organisations(u), query="q=济"),
    "POST /api/v1/registry/organisations": post(lambda u, w: registry.can_create_organisation(u)),
    "GET /api/v1/registry/organisations/{org_id}": get(lambda u, w: registry.can_view_organisation(u, w.org), _w("org", "org_id")),
    "PATCH /api/v1/registry/organisations/{org_id}": Cell(lambda u, w: registry.can_edit_organisation(u, w.org), "PATCH", _w("org", "org_id")),
    "GET /api/v1/registry/catalogues/{kind}": get(lambda u, w: registry.can_read_catalogues(u), lambda w: {"kind": "divisions"}),
    # --- policy (benefits)
    "policy:library": get(lambda u, w: benefits.can_view_library(u)),
    "policy:benefit_detail": get(lambda u, w: benefits.can_view_library(u), lambda w: {"benefit_id": w.benefit_id}),
    "policy:explain_search": get(lambda u, w: benefits.can_search_subjects(u) or core.has_role(u, Role.CITIZEN, Role.EMPLOYER)),
    "policy:explain_person": get(lambda u, w: benefits.can_explain_person(u, w.person), _w("person")),
    "policy:explain_organisation": get(lambda u, w: benefits.can_explain_organisation(u, w.org), _w("org")),
    "policy:check": public(),
    "policy:offers": get(lambda u, w: benefits.can_list_offers(u)),
    "policy:run_sweep": post(lambda u, w: benefits.can_run_sweep(u)),
    "policy:decline_offer": post(lambda u, w: benefits.can_decline_offer(u, w.offer), _w("offer")),
    "policy:notify_offers": post(lambda u, w: benefits.can_notify_offers(u)),
    "POST /api/v1/benefits/screen": public("POST"),
    "GET /api/v1/benefits": public(),
    # --- window
    "window:mine": get(lambda u, w: core.has_role(u, Role.CITIZEN, Role.EMPLOYER)),
    "window:apply": get(lambda u, w: window.can_apply_for(u) or core.has_role(u, Role.CITIZEN, Role.EMPLOYER)),
    "window:accept_offer": post(lambda u, w: window.can_apply_for(u, person=w.person), lambda w: {"offer_id": w.offer.pk}),
    "window:desk": get(lambda u, w: window.can_work_window(u) or window.can_review(u) or window.can_list_cases(u)),
    "window:offers": public(),  # a redirect to policy:offers, which checks
    "window:queue": get(lambda u, w: window.can_review(u)),
    "window:calendar": get(lambda u, w: window.can_manage_calendar(u) or STAFF(u, w)),
    "window:payments": get(lambda u, w: window.can_see_payments(u)),
    "window:budget_set": post(lambda u, w: window.can_manage_payments(u)),
    "window:batch_create": post(lambda u, w: window.can_manage_payments(u)),
    "window:batch_export": post(lambda u, w: window.can_manage_payments(u), lambda w: {"number": "PB-NONE"}, missing=True),
    "window:batch_release": post(lambda u, w: window.can_manage_payments(u), lambda w: {"number": "PB-NONE"}, missing=True),
    "window:batch_reconcile": post(lambda u, w: window.can_manage_payments(u), lambda w: {"number": "PB-NONE"}, missing=True),
    "window:payment_file": post(lambda u, w: window.can_export_payment_file(u), lambda w: {"number": "PB-NONE"}, missing=True),
    # one's own payee account: staff accounts have no person or organisation to declare it for
    "window:bank_account": get(lambda u, w: core.has_role(u, Role.CITIZEN, Role.EMPLOYER)),
    "window:bank_accounts": get(lambda u, w: window.can_verify_bank_account(u)),
    "window:bank_account_verify": post(lambda u, w: window.can_verify_bank_account(u, w.bank_account), BANK_ACCOUNT),
    "window:detail": get(lambda u, w: window.can_view(u, w.application), APP),
    "window:attachment": get(lambda u, w: window.can_open_attachment(u, w.application) and window.can_view(u, w.application),
                             lambda w: {"number": w.application.number, "attachment_id": w.attachment.pk}),
    "window:act": post(lambda u, w: window.can_view(u, w.application) and window.can_work_window(u),
                       lambda w: {"number": w.application.number, "action": "accept"}),
    "GET /api/v1/window/services": get(SIGNED_IN),
    "POST /api/v1/window/applications": post(lambda u, w: window.can_apply_for(u, person=w.person),
                                             body=lambda w: {"service": "youth_talent_living", "person_id": w.person.pk}),
    "GET /api/v1/window/applications": get(lambda u, w: window.can_list_cases(u) or core.has_role(u, Role.CITIZEN, Role.EMPLOYER)),
    "GET /api/v1/window/applications/{number}": get(lambda u, w: window.can_view(u, w.application), APP),
    "GET /api/v1/window/overdue": get(lambda u, w: window.can_work_window(u) or window.can_review(u)),
    "GET /api/v1/window/due-soon": get(lambda u, w: window.can_work_window(u) or window.can_review(u)),
    "GET /api/v1/window/queue": get(lambda u, w: window.can_review(u)),
    # transitions: the roles of the window's workflow table (the application is 已提交; refusing
    # it then is 不予受理, `reject`)
    "POST /api/v1/window/applications/{number}/accept": post(step("accept"), APP),
    "POST /api/v1/window/applications/{number}/correction": post(step("correct"), APP, body=lambda w: {"items": ["学历证书"], "reason": "补正"}),
    "POST /api/v1/window/applications/{number}/answer": post(step("answer"), APP),
    "POST /api/v1/window/applications/{number}/review": post(step("review"), APP),
    "POST /api/v1/window/applications/{number}/approve": post(step("approve"), APP),
    "POST /api/v1/window/applications/{number}/refuse": post(step("reject"), APP),
    "POST /api/v1/window/applications/{number}/withdraw": post(step("withdraw"), APP),
    "POST /api/v1/window/applications/{number}/override-quota": post(lambda u, w: window.can_view(u, w.application) and window.can_override_quota(u), APP),
    "GET /api/v1/window/bank-accounts/mine": get(role_in(Role.CITIZEN, Role.EMPLOYER)),
    "POST /api/v1/window/bank-accounts": post(lambda u, w: window.can_declare_bank_account(u, person=w.person),
                                              body=lambda w: {"bank_name": "中国银行济源分行", "account_number": "6222021234567890128",
                                                              "person_id": w.person.pk}),
    "GET /api/v1/window/bank-accounts/{account_id}": get(lambda u, w: window.can_see_bank_account(u, w.bank_account),
                                                         lambda w: {"account_id": w.bank_account.pk}),
    "POST /api/v1/window/bank-accounts/{account_id}/verify": post(lambda u, w: window.can_verify_bank_account(u, w.bank_account),
                                                                  lambda w: {"account_id": w.bank_account.pk}),
    "POST /api/v1/window/payment-batches/{number}/payment-file": post(lambda u, w: window.can_export_payment_file(u),
                                                                      lambda w: {"number": "PB-NONE"}, missing=True),
    "GET /api/v1/window/workdays/add": get(SIGNED_IN, query="start=2026-01-05&days=5"),
    # --- talent
    "talent:my_card": get(SIGNED_IN),  # one's own card; "no card" for everyone else
    "talent:verify": get(lambda u, w: talent.can_verify(u)),
    "talent:public_keys": public(),
    "talent:revocations": get(lambda u, w: talent.can_download_revocations(u)),
    "talent:cards": get(lambda u, w: talent.can_list_cards(u)),
    "talent:issue": post(lambda u, w: talent.can_issue(u)),
    "talent:card_detail": get(lambda u, w: talent.can_list_cards(u), CARD),
    "talent:card_pdf": get(lambda u, w: talent.can_view_card(u, w.card), CARD),
    "talent:revoke": post(lambda u, w: talent.can_revoke(u), CARD),
    "talent:reissue": post(lambda u, w: talent.can_issue(u), CARD),
    "talent:recognise": post(lambda u, w: talent.can_recognise(u)),
    "GET /api/v1/talent/cards/{number}": get(lambda u, w: talent.can_view_card(u, w.card), CARD),
    "POST /api/v1/talent/verify": post(lambda u, w: talent.can_verify(u)),
    "GET /api/v1/talent/public-key": public(),
    "GET /api/v1/talent/revocations": get(lambda u, w: talent.can_download_revocations(u)),
    # --- plan
    "plan:dashboard": get(lambda u, w: plan.can_view(u)),
    "plan:detail": get(lambda u, w: plan.can_view(u), lambda w: {"code": w.indicator}),
    "plan:edit_target": post(lambda u, w: plan.can_enter(u), lambda w: {"code": w.indicator}),
    "plan:template": get(lambda u, w: plan.can_enter(u)),
    "plan:upload": post(lambda u, w: plan.can_enter(u)),
    "plan:recompute": post(lambda u, w: plan.can_enter(u)),
    "plan:report": get(lambda u, w: plan.can_view(u), query="format=xlsx"),
    "GET /api/v1/plan/indicators": get(lambda u, w: plan.can_view(u)),
    "GET /api/v1/plan/progress": get(lambda u, w: plan.can_view(u)),
    # --- regulation (published plans and lists are public: 一公开; a draft plan is the admin's)
    "regulation:plans": public(),
    "regulation:plan_new": get(lambda u, w: regulation.can_manage_plans(u)),
    "regulation:mine": get(SIGNED_IN),  # the inspections one was drawn for (none for most)
    "regulation:verifier": public(),
    "regulation:plan": public("GET", PLAN, lambda u, w: regulation.can_see_drafts(u)),  # a draft
    "regulation:entity_pool": public("GET", PLAN, lambda u, w: regulation.can_see_drafts(u), missing=True),  # not published yet
    "regulation:inspector_pool": public("GET", PLAN, lambda u, w: regulation.can_see_drafts(u), missing=True),
    "regulation:result": public("GET", PLAN, lambda u, w: regulation.can_see_drafts(u), missing=True),  # not drawn yet
    "regulation:take": post(lambda u, w: regulation.can_manage_plans(u), lambda w: {**PLAN(w), "transition": "publish_pools"}),
    "regulation:record": get(lambda u, w: regulation.can_see_drafts(u), lambda w: {**PLAN(w), "rank": 1}, missing=True),
    "regulation:agencies": public(),
    "regulation:agency": public("GET", USCC),
    "regulation:licence_new": post(lambda u, w: regulation.can_manage_agencies(u), USCC),
    "regulation:report_new": post(lambda u, w: regulation.can_report_for(u, w.org), USCC),
    "regulation:listing_new": post(lambda u, w: LIST_ENTRY.role_may(LIST_ENTRY.get("propose"), u), USCC),
    "regulation:lists": public(),
    "regulation:list_entry": public("GET", _w("list_entry"), lambda u, w: regulation.can_see_credit_items(u, w.org)),  # proposed, not public
    "regulation:list_take": post(lambda u, w: LIST_ENTRY.role_may(LIST_ENTRY.get("withdraw"), u), lambda w: {"pk": w.list_entry.pk, "transition": "withdraw"}),
    "regulation:list_objection": post(lambda u, w: regulation.is_own_organisation(u, w.org), _w("list_entry")),
    "regulation:mediation_bodies": public(),  # the public register (the office's form to add one is a POST)
    "regulation:collective_contracts": get(lambda u, w: regulation.can_see_collective(u) or core.has_role(u, Role.EMPLOYER)),
    "regulation:collective": get(lambda u, w: regulation.can_see_collective(u) or regulation.is_own_organisation(u, w.org),
                                 lambda w: {"number": w.collective_contract.number}),
    # approve: a reviewer or administrator who did not file it (the clerk filed); others 403/404
    "regulation:collective_take": post(lambda u, w: (regulation.can_see_collective(u) or regulation.is_own_organisation(u, w.org))
                                       and COLLECTIVE_CONTRACT.role_may(COLLECTIVE_CONTRACT.get("approve"), u),
                                       lambda w: {"number": w.collective_contract.number, "transition": "approve"}),
    "regulation:campaigns": public(),
    "regulation:campaign": public("GET", _w("campaign")),
    "regulation:campaign_act": post(lambda u, w: regulation.can_manage_plans(u), lambda w: {"pk": w.campaign.pk, "what": "model"}),
    "regulation:dispatch": get(lambda u, w: regulation.can_see_dispatch(u) or regulation.is_own_organisation(u, w.org)),
    "regulation:covers": get(lambda u, w: regulation.can_see_covers(u) or regulation.is_own_organisation(u, w.org)),
    "regulation:cover_return": get(lambda u, w: regulation.can_see_covers(u, w.org), _w("cover_return")),
    "GET /api/v1/regulation/collective-contracts": get(lambda u, w: regulation.can_see_collective(u) or core.has_role(u, Role.EMPLOYER)),
    "GET /api/v1/regulation/campaigns": public(),
    "GET /api/v1/regulation/dispatch/alerts": get(lambda u, w: regulation.can_see_dispatch(u)),
    "POST /api/v1/regulation/dispatch/reports": post(lambda u, w: regulation.can_report_for(u, w.org), body=lambda w: {
        "uscc": w.org.uscc, "as_of": dt.date.today().isoformat(), "contract_employees": 90, "dispatched_workers": 10}),
    "GET /api/v1/regulation/new-form-workers/returns": get(SIGNED_IN),  # counts only; a citizen gets an empty list
    "GET /api/v1/regulation/inspections/plans": public(),
    "POST /api/v1/regulation/inspections/plans": post(lambda u, w: regulation.can_manage_plans(u)),
    "GET /api/v1/regulation/inspections/plans/{number}": public("GET", PLAN, lambda u, w: regulation.can_see_drafts(u)),
    "POST /api/v1/regulation/inspections/plans/{number}/publish-pools": post(lambda u, w: regulation.can_manage_plans(u), PLAN),
    "POST /api/v1/regulation/inspections/plans/{number}/draw": post(lambda u, w: regulation.can_manage_plans(u), PLAN),
    "POST /api/v1/regulation/inspections/plans/{number}/publish-results": post(lambda u, w: regulation.can_manage_plans(u), PLAN),
    "POST /api/v1/regulation/inspections/plans/{number}/cancel": post(lambda u, w: regulation.can_manage_plans(u), PLAN),
    "GET /api/v1/regulation/agencies": public(),
    "GET /api/v1/regulation/agencies/{uscc}": public("GET", USCC),
    "GET /api/v1/regulation/lists": public(),
    # --- rights
    "rights:cases": get(SIGNED_IN),
    "rights:case_new": get(lambda u, w: rights.can_file(u)),
    "rights:kpis": get(lambda u, w: rights.can_see_kpis(u)),
    "rights:projects": get(SIGNED_IN),
    "rights:project": get(lambda u, w: rights.can_see_project(u, w.project), lambda w: {"code": w.project.code}),
    "rights:payroll_import": post(lambda u, w: rights.can_keep_roster(u, w.project), lambda w: {"code": w.project.code}),
    "rights:case": get(lambda u, w: rights.can_view(u, w.rights_case), CASE),
    "rights:take": post(lambda u, w: rights.can_view(u, w.rights_case) and core.has_role(u, *rights.OFFICE), lambda w: {**CASE(w), "transition": "accept"}),
    "rights:arrears": post(lambda u, w: rights.can_view(u, w.rights_case), CASE),
    "rights:evidence_upload": post(lambda u, w: rights.can_view(u, w.rights_case), CASE),
    "rights:evidence_file": get(lambda u, w: rights.can_view(u, w.rights_case) and rights.sees_all_evidence(u, w.rights_case),
                                lambda w: {**CASE(w), "pk": w.evidence.pk}),
    # the 受理通知书 exists once the case is accepted (the world's case is only filed)
    "rights:document": get(lambda u, w: rights.can_view(u, w.rights_case), lambda w: {**CASE(w), "name": "acceptance"}, missing=True),
    "rights:panel": post(lambda u, w: rights.can_view(u, w.rights_case) and rights.can_set_panel(u), CASE),
    "rights:recusal": post(lambda u, w: rights.can_view(u, w.rights_case), CASE),  # who may ask is checked with a message
    "rights:recusal_decide": post(lambda u, w: rights.can_view(u, w.rights_case) and rights.can_decide_recusal(u),
                                  lambda w: {**CASE(w), "pk": 987654}, missing=True),
    "POST /api/v1/rights/cases": post(lambda u, w: rights.can_file(u),
                                      body=lambda w: {"kind": "mediation", "respondent_uscc": w.org.uscc, "facts": "拖欠三个月工资"}),
    "GET /api/v1/rights/cases": get(SIGNED_IN),
    "GET /api/v1/rights/cases/{number}": get(lambda u, w: rights.can_view(u, w.rights_case), CASE),
    "POST /api/v1/rights/cases/{number}/{transition}": post(lambda u, w: rights.can_view(u, w.rights_case) and core.has_role(u, *rights.OFFICE),
                                                           lambda w: {**CASE(w), "transition": "accept"}),
    "GET /api/v1/rights/kpis": get(lambda u, w: rights.can_see_kpis(u)),
    # --- occupations
    "occupations:code": get(lambda u, w: occupations.can_code(u)),
    "occupations:correct": post(lambda u, w: occupations.can_correct(u)),
    "occupations:retrain": post(lambda u, w: occupations.can_retrain(u)),
    "POST /api/v1/occupations/code": post(lambda u, w: occupations.can_code(u)),
    "POST /api/v1/occupations/corrections": post(lambda u, w: occupations.can_correct(u)),
    # --- market (the published board is public; drafts, applications, statistics are not)
    "market:board": public(),
    "market:posting": public("GET", _w("posting"), lambda u, w: market.can_see_posting(u, w.posting)),  # a draft
    "market:apply": post(lambda u, w: market.can_apply(u) and market.can_see_posting(u, w.posting), _w("posting")),
    "market:posting_act": post(lambda u, w: market.is_posting_owner(u, w.posting), lambda w: {"pk": w.posting.pk, "name": "submit"}),
    "market:employer": get(lambda u, w: market.can_create_posting(u)),
    "market:posting_new": get(lambda u, w: market.can_create_posting(u)),
    "market:posting_edit": get(lambda u, w: market.is_posting_owner(u, w.posting), _w("posting")),
    "market:seekers_for": get(lambda u, w: market.is_posting_owner(u, w.posting) or market.can_review(u), _w("posting")),
    "market:application_act": post(lambda u, w: False, lambda w: {"pk": 987654, "name": "withdraw"}),
    "market:review_queue": get(lambda u, w: market.can_review(u)),
    "market:review": get(lambda u, w: market.can_review(u), _w("posting")),
    "market:me": get(lambda u, w: market.can_apply(u)),
    "market:statistics": get(lambda u, w: market.can_see_statistics(u)),
    "market:gigs": public(),
    "market:stations": public(),
    "market:station": public("GET", _w("gig_station")),
    "market:gig_new": get(lambda u, w: market.can_create_posting(u)),
    "market:gig_history": get(lambda u, w: market.can_apply(u)),
    "market:gig": public("GET", lambda w: {"pk": 987654}, missing=True),
    "market:gig_apply": post(lambda u, w: False, lambda w: {"pk": 987654}),
    "market:gig_act": post(lambda u, w: False, lambda w: {"pk": 987654, "name": "accept"}),
    "market:gig_availability": get(lambda u, w: market.can_apply(u)),
    "market:gig_ratings": get(lambda u, w: market.can_apply(u) or market.can_create_posting(u)),
    "market:gig_offer": post(lambda u, w: gig.is_poster(u, w.gig_job), _w("gig_job"), body=lambda w: {"worker": w.person.pk}),
    "market:gig_rate": post(lambda u, w: gig.is_worker(u, w.gig_engagement) or gig.is_poster(u, w.gig_engagement.job),
                            _w("gig_engagement")),
    "market:posting_import": get(lambda u, w: market.can_create_posting(u)),
    "market:seeker_find": get(lambda u, w: market.can_keep_seekers(u)),
    "market:seeker_keep": get(lambda u, w: market.can_keep_seekers(u), lambda w: {"person_pk": w.person.pk}),
    "market:subscribe": post(lambda u, w: market.can_apply(u)),
    "market:unsubscribe": post(lambda u, w: market.is_seeker_self(u, w.subscription.seeker), _w("subscription")),
    "market:fairs": public(),
    "market:fair": public("GET", _w("fair")),
    "market:fair_new": get(lambda u, w: fairs.can_manage(u)),
    "market:fair_edit": get(lambda u, w: fairs.can_manage(u), _w("fair")),
    "market:fair_register": post(lambda u, w: market.can_apply(u), _w("fair")),
    "market:fair_booth": post(lambda u, w: market.can_create_posting(u), _w("fair")),
    "market:fair_checkin": get(lambda u, w: fairs.can_manage(u), _w("fair")),
    "market:fair_close": post(lambda u, w: fairs.can_manage(u), _w("fair")),
    "market:fair_report": get(lambda u, w: fairs.can_manage(u) or market.can_see_statistics(u), _w("fair")),
    "market:fair_outcome": post(lambda u, w: fairs.is_booth_owner(u, w.fair_booth) or fairs.can_manage(u), _w("fair_booth")),
    "GET /api/v1/market/postings": public(),
    "GET /api/v1/market/postings/{posting_id}": public("GET", _w("posting", "posting_id"), lambda u, w: market.can_see_posting(u, w.posting)),
    "GET /api/v1/market/workflow": get(SIGNED_IN),
    "POST /api/v1/postings/screen": public("POST"),  # a stateless check of supplied text (contract postings-screen.md)
    "GET /api/v1/market/statistics": get(lambda u, w: market.can_see_statistics(u)),
    "GET /api/v1/market/fairs": public(),
    "GET /api/v1/market/stations": public(),
    "POST /api/v1/market/stations": post(lambda u, w: market.can_manage_stations(u)),
    "GET /api/v1/market/fairs/{fair_id}/report": get(lambda u, w: fairs.can_manage(u) or market.can_see_statistics(u), _w("fair", "fair_id")),
    # --- privacy
    "privacy:notice": public(),
    "privacy:mine": get(lambda u, w: privacy.can_manage_own(u)),
    "privacy:consent": post(lambda u, w: privacy.can_manage_own(u)),
    "privacy:desk": get(lambda u, w: privacy.can_work_requests(u)),
    "privacy:new_request": get(lambda u, w: privacy.can_file_for(u, w.person), lambda w: {"person_id": w.person.pk}),
    "privacy:detail": get(lambda u, w: privacy.can_view_request(u, w.privacy_request), lambda w: {"number": w.privacy_request.number}),
    "privacy:registers": get(lambda u, w: privacy.can_read_registers(u)),
    # --- employment
    "employment:index": get(lambda u, w: employment.can_see_statistics(u)),
    "employment:my_file": get(lambda u, w: core.has_role(u, Role.CITIZEN)),
    "employment:person_file": get(lambda u, w: employment.can_view_file(u, w.person), _w("person")),
    "employment:correct": get(lambda u, w: employment.can_view_file(u, w.person) and employment.can_record(u), _w("status_event")),
    "employment:import": get(lambda u, w: employment.can_import(u)),
    "employment:import_template": get(lambda u, w: employment.can_import(u)),
    "employment:import_batch": get(lambda u, w: employment.can_import(u), lambda w: {"pk": 987654}, missing=True),
    "employment:zero_households": get(lambda u, w: employment.can_see_cases(u) or employment.can_see_statistics(u)),
    "employment:cases": get(lambda u, w: employment.can_see_cases(u)),
    "employment:case": get(lambda u, w: employment.can_see_case(u, w.assistance_case), _w("assistance_case")),
    "employment:open_case": get(lambda u, w: employment.can_view_file(u, w.person) and employment.can_open_case(u, None), _w("person")),
    "employment:monitoring": get(lambda u, w: employment.can_monitor(u)),
    "employment:employer_report": get(lambda u, w: core.has_role(u, Role.EMPLOYER)),
    "employment:enterprise": get(lambda u, w: employment.can_monitor(u), lambda w: {"pk": 987654}, missing=True),
    "employment:alert": get(lambda u, w: employment.can_monitor(u), lambda w: {"pk": 987654}, missing=True),
    "employment:mass_layoffs": get(lambda u, w: employment.can_monitor(u) or core.has_role(u, Role.EMPLOYER)),
    "employment:enrol": get(lambda u, w: employment.can_manage_monitoring(u) and employment.town_of(u) is None),
    "employment:report_import": get(lambda u, w: employment.can_import(u)),
    "employment:report_import_template": get(lambda u, w: employment.can_import(u)),
    "employment:report_import_batch": get(lambda u, w: employment.can_import(u), lambda w: {"pk": 987654}, missing=True),
    "employment:difficulty": get(lambda u, w: employment.can_see_cases(u)),
    "employment:difficulty_application": get(lambda u, w: employment.is_self(u, w.person) or (
        employment.can_see_cases(u) and employment.can_view_file(u, w.person)), _w("difficulty_application")),
    "employment:difficulty_apply": get(lambda u, w: not employment.is_self(u, w.person) and employment.can_view_file(u, w.person)
                                       and employment.can_record(u), _w("person")),
    "employment:my_difficulty": get(lambda u, w: core.has_role(u, Role.CITIZEN)),
    "employment:key_groups": get(lambda u, w: employment.can_see_cases(u) or employment.can_see_statistics(u)),
    "employment:key_group_add": get(lambda u, w: not employment.is_self(u, w.person) and employment.can_view_file(u, w.person)
                                    and employment.can_record(u), _w("person")),
    "employment:my_key_groups": get(lambda u, w: core.has_role(u, Role.CITIZEN)),
    "employment:service_points": get(lambda u, w: employment.can_see_service_points(u)),
    "employment:quota": get(lambda u, w: employment.can_see_quota(u)),
    "employment:youth": get(lambda u, w: employment.can_see_cases(u)),
    "employment:quota_detail": get(lambda u, w: employment.can_see_cases(u), lambda w: {"pk": 987654}, missing=True),
    "employment:my_quota": get(lambda u, w: employment.can_declare_own_quota(u)),
    "employment:graduates": get(lambda u, w: employment.can_see_graduate_statistics(u)),
    "employment:graduates_unplaced": get(lambda u, w: employment.can_see_graduate_list(u)),
    "employment:graduate": get(lambda u, w: employment.can_see_cases(u), lambda w: {"pk": 987654}, missing=True),
    "employment:graduate_import": get(lambda u, w: employment.can_import(u)),
    "employment:graduate_import_template": get(lambda u, w: employment.can_import(u)),
    "employment:graduate_import_batch": get(lambda u, w: employment.can_import(u), lambda w: {"pk": 987654}, missing=True),
    "employment:my_graduations": get(lambda u, w: core.has_role(u, Role.CITIZEN)),
    # traineeship bases and assistance workshops: lists for staff and leaders (numbers), a base's
    # or workshop's page (it names people) for those who keep the registers
    "employment:traineeship": get(lambda u, w: employment.can_see_registers(u)),
    "employment:traineeship_base": get(lambda u, w: core.has_role(u, *employment.FILE_READERS),
                                       lambda w: {"pk": 987654}, missing=True),
    "employment:traineeship_claims": get(lambda u, w: employment.can_see_registers(u)),
    "employment:workshops": get(lambda u, w: employment.can_see_registers(u)),
    "employment:workshop": get(lambda u, w: core.has_role(u, *employment.FILE_READERS),
                               lambda w: {"pk": 987654}, missing=True),
    "POST /api/v1/employment/households/check": public("POST"),  # a stateless check of supplied household data
    "GET /api/v1/employment/persons/{person_id}/events": get(lambda u, w: employment.can_view_file(u, w.person), _w("person", "person_id")),
    "POST /api/v1/employment/persons/{person_id}/events": post(lambda u, w: employment.can_record(u) or employment.can_self_declare(u, w.person),
                                                              _w("person", "person_id")),
    "GET /api/v1/employment/indicators": get(lambda u, w: employment.can_see_statistics(u)),
    "GET /api/v1/employment/youth": get(lambda u, w: employment.can_see_cases(u)),
    "GET /api/v1/employment/quota": get(lambda u, w: employment.can_see_quota(u), query="year=2025"),
    "POST /api/v1/employment/quota": post(lambda u, w: employment.can_declare_quota(u) or employment.can_declare_own_quota(u),
                                          missing=True),  # no such organisation: 422 (an employer: 404)
    "GET /api/v1/employment/quota/{declaration_id}": get(
        lambda u, w: employment.can_see_cases(u) or employment.can_declare_own_quota(u),
        lambda w: {"declaration_id": 987654}, missing=True),
    "GET /api/v1/employment/graduates/statistics": get(lambda u, w: employment.can_see_graduate_statistics(u)),
    "GET /api/v1/employment/graduates/{graduate_id}": get(lambda u, w: employment.can_see_cases(u),
                                                         lambda w: {"graduate_id": 987654}, missing=True),
    "GET /api/v1/employment/traineeship/bases": get(lambda u, w: employment.can_see_registers(u)),
    "POST /api/v1/employment/traineeship/bases": post(lambda u, w: employment.can_record_registers(u)),  # no such unit: 422
    "GET /api/v1/employment/traineeship/bases/{base_id}": get(lambda u, w: employment.can_see_registers(u),
                                                             lambda w: {"base_id": 987654}, missing=True),
    "POST /api/v1/employment/traineeship/bases/{base_id}/claims": post(lambda u, w: employment.can_record_registers(u),
                                                                      lambda w: {"base_id": 987654}, missing=True),
    "GET /api/v1/employment/traineeship/claims": get(lambda u, w: employment.can_see_registers(u)),
    "GET /api/v1/employment/workshops": get(lambda u, w: employment.can_see_registers(u)),
    "POST /api/v1/employment/workshops": post(lambda u, w: employment.can_record_registers(u)),  # no such operator: 422
    "GET /api/v1/employment/workshops/{workshop_id}": get(lambda u, w: employment.can_see_registers(u),
                                                         lambda w: {"workshop_id": 987654}, missing=True),
    "POST /api/v1/employment/monitoring/reports": post(lambda u, w: core.has_role(u, Role.EMPLOYER, Role.CLERK, Role.ADMIN), missing=True),  # not enrolled
    # --- skills (the world's provider is the employer account's organisation; the voucher is the
    # citizen's, enrolled on the provider's session)
    "skills:providers": public(),
    "skills:verify": public(),
    "skills:vouchers": get(SIGNED_IN),  # one's own vouchers (none for most)
    "skills:voucher_issue": post(lambda u, w: skills.is_office(u)),
    "skills:voucher": get(lambda u, w: skills.can_see_voucher(u, w.voucher), VOUCHER),
    "skills:voucher_take": post(voucher_step("cancel"), lambda w: {**VOUCHER(w), "transition": "cancel"}),
    "skills:sessions": get(lambda u, w: skills.is_office(u) or skills.provider_of(u) is not None or core.has_role(u, Role.REVIEWER)),
    "skills:session": get(lambda u, w: skills.is_office(u) or skills.is_provider(u, w.session.programme.provider)
                          or core.has_role(u, Role.REVIEWER), SESSION),
    "skills:session_checkin": post(lambda u, w: skills.can_keep_session(u, w.session), SESSION,
                                   body=lambda w: {"enrolment": w.enrolment.pk}),
    "skills:session_complete": post(lambda u, w: skills.can_keep_session(u, w.session), SESSION),
    "skills:checkin": get(lambda u, w: skills.is_holder(u, w.voucher), lambda w: {"token": w.session.checkin_token}),
    "skills:certificate_import": get(lambda u, w: skills.is_office(u)),
    "skills:archive": get(lambda u, w: core.has_role(u, Role.CITIZEN)),
    "skills:archive_pdf": get(lambda u, w: core.has_role(u, Role.CITIZEN)),
    "skills:signals": get(lambda u, w: skills.can_see_signals(u)),
    "skills:stats": get(lambda u, w: skills.can_see_stats(u)),
    "skills:registers": get(lambda u, w: skills.can_see_registers(u)),  # names only for can_see_register_names (tests/skills/test_registers.py)
    "skills:register_new": post(lambda u, w: skills.can_see_register_names(u), lambda w: {"kind": "competition"}),
    "GET /api/v1/skills/vouchers": get(SIGNED_IN),
    "GET /api/v1/skills/stats": get(lambda u, w: skills.can_see_stats(u), query="year=2026"),
    "GET /api/v1/skills/registers/summary": get(lambda u, w: skills.can_see_registers(u)),
    "POST /api/v1/skills/registers/{kind}": post(lambda u, w: skills.can_see_register_names(u), lambda w: {"kind": "competition"}),
    "GET /api/v1/skills/vouchers/{number}": get(lambda u, w: skills.can_see_voucher(u, w.voucher), VOUCHER),
    "POST /api/v1/skills/vouchers/{number}/{transition}": post(voucher_step("cancel"), lambda w: {**VOUCHER(w), "transition": "cancel"}),
}


# Routes without a row yet (empty: every route has one). Nothing may be added to this list: a new
# route gets a row in MATRIX (with the perms.py rule and, where it takes a record, a builder in World).
PENDING: frozenset[str] = frozenset()


# ---------------------------------------------------------------------------------------------
# Enumerating the routes
# ---------------------------------------------------------------------------------------------


def _page_routes(resolver=None, ns=""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            if str(p.pattern).startswith(("admin/", "api/")):
                continue
            yield from _page_routes(p, p.namespace or ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{ns}:{p.name}"


def _api_routes():
    from zhihui.api import api

    yield from ("GET /api/v1/", "GET /api/v1/openapi.json", "GET /api/v1/docs")
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            for op in view.operations:
                for method in op.methods:
                    yield f"{method} /api/v1/{prefix}{path}"


def all_routes() -> list[str]:
    return sorted(set(_page_routes()) | set(_api_routes()))


def test_every_route_is_in_the_matrix():
    routes = set(all_routes())
    missing = sorted(routes - set(MATRIX) - PENDING)
    stale = sorted(set(MATRIX) - routes)
    assert not missing, "pages or API operations with no row in the role matrix (say who may use them): " + ", ".join(missing)
    assert not stale, "rows for routes that no longer exist: " + ", ".join(stale)


def test_pending_routes_have_no_row_yet():
    assert not PENDING & set(MATRIX), "a route with a row is no longer pending: remove it from PENDING"


def _url(key: str, cell: Cell, w: World) -> str:
    kwargs = cell.kwargs(w)
    if key.startswith(("GET ", "POST ", "PATCH ", "PUT ", "DELETE ")):
        path = key.split(" ", 1)[1]
        url = re.sub(r"\{(\w+)\}", lambda m: str(kwargs[m.group(1)]), path)
    else:
        ns, name = key.split(":")
        url = reverse(f"{ns}:{name}" if ns else name, kwargs=kwargs or None)
    query = cell.query or (_query(key) if key.startswith("GET /api") else "")
    return url + (f"?{query}" if query else "")


# ---------------------------------------------------------------------------------------------
# The world: one record of each kind, built once per module (rolled back at the end)
# ---------------------------------------------------------------------------------------------


class World:
    def __init__(self, media):
        from zhihui.core.actions import create_user
        from zhihui.registry.catalogues import load_all

        load_all(only=["divisions", "occupations"])
        self.media = media
        self.person = create_person("李明", dt.date(1990, 3, 4), phone="13900001111")
        self.org = create_org("济源矩阵人力资源服务有限公司", kind="hr_agency")
        self.users = {"anon": None}
        for role in Role.values:
            extra = {"person": self.person} if role == Role.CITIZEN else {"organisation": self.org} if role == Role.EMPLOYER else {}
            self.users[role] = create_user(None, username=f"mx_{role}", password="Correct-Horse-42", role=role, **extra)

    @cached_property
    def bank_account(self):
        """The citizen's own declared account (and one for the employer's organisation, so that
        both payees' GET …/bank-accounts/mine answer 200)."""
        from zhihui.window import actions

        actions.declare_bank_account(self.users[Role.EMPLOYER], bank_name="中国建设银行济源分行",
                                     account_number="410123456789012", organisation=self.org)
        return actions.declare_bank_account(self.users[Role.CITIZEN], bank_name="中国银行济源分行",
                                            account_number="6222021234567890128", person=self.person)

    @cached_property
    def job(self):
        from zhihui.core import jobs

        return jobs.start("matrix", "role matrix", user=self.users[Role.ADMIN])

    @cached_property
    def benefit_id(self):
        from zhihui.www.policy.views import _package_or_none

        return _package_or_none()[0].benefits[0].id

    @cached_property
    def offer(self):
        from zhihui.benefits.models import BenefitOffer

        return BenefitOffer.objects.create(person=self.person, subject_key=f"p:{self.person.pk}", benefit=self.benefit_id, as_of=dt.date.today(),
                                           package_version="test", fingerprint="x" * 32)

    @cached_property
    def application(self):
        from zhihui.window import actions
        from zhihui.window.models import Service

        app, _ = actions.submit(self.users[Role.CITIZEN], Service.objects.get(code="youth_talent_living"), person=self.person, facts={})
        return app

    @cached_property
    def attachment(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from zhihui.window import actions

        return actions.add_attachment(self.users[Role.CITIZEN], self.application,
                                      SimpleUploadedFile("degree.pdf", pdf_bytes(), content_type="application/pdf"))

    @cached_property
    def card(self):
        from zhihui.talent import actions
        from zhihui.talent.verify import today_in_city

        actions.record_recognition(None, self.person, category="D", recognised_on=today_in_city() - dt.timedelta(days=1),
                                   basis="济人才〔2026〕1号")
        return actions.issue_card(self.users[Role.CLERK], self.person)

    @cached_property
    def indicator(self):
        from zhihui.plan.loader import load_indicators
        from zhihui.plan.models import Indicator

        load_indicators(verbose=False)
        return Indicator.objects.values_list("code", flat=True).first()

    @cached_property
    def inspection_plan(self):
        from zhihui.regulation import actions

        today = dt.date.today()
        return actions.create_plan(self.users[Role.ADMIN], title="矩阵抽查", scope="all", matters="许可条件",
                                   period_start=today, period_end=today + dt.timedelta(days=60), entities_to_draw=1,
                                   seed_source="上证指数收盘价")

    @cached_property
    def list_entry(self):
        from zhihui.regulation import actions

        return actions.propose_listing(self.users[Role.ADMIN], self.org, kind="hr_market", reason="发布虚假招聘信息", basis="《人力资源市场暂行条例》第四十三条")

    @cached_property
    def collective_contract(self):
        from zhihui.regulation import actions

        today = dt.date.today()
        return actions.file_collective_contract(
            self.users[Role.CLERK], kind="enterprise", organisation=self.org, employer_party="矩阵公司", worker_party="矩阵公司工会",
            workers_covered=50, terms="工资、工时", signed_on=today, term_start=today, term_end=today + dt.timedelta(days=365))

    @cached_property
    def campaign(self):
        from zhihui.regulation import actions

        today = dt.date.today()
        return actions.open_campaign(self.users[Role.ADMIN], title="矩阵诚信活动", kind="integrity", period_start=today,
                                     period_end=today + dt.timedelta(days=30), matters="诚信服务")

    @cached_property
    def cover_return(self):
        from zhihui.core.crypto import decrypt
        from zhihui.regulation import actions

        data = (",".join(actions.COVER_HEADERS) + f"\n{decrypt(self.person.id_number_encrypted)},{self.person.name},是,否,是,否\n").encode()
        return actions.import_cover_return(self.users[Role.EMPLOYER], self.org, month=dt.date.today(), data=data, commit=True)

    @cached_property
    def rights_case(self):
        from zhihui.rights import actions

        return actions.file_case(self.users[Role.CLERK], kind="mediation", respondent=self.org, facts="拖欠三个月工资",
                                 applicant=self.person, claimed_amount="9000")

    @cached_property
    def project(self):
        from zhihui.rights import actions

        return actions.register_project(self.users[Role.CLERK], code="MX-1", name="矩阵工地", contractor=self.org,
                                        starts_on=dt.date.today(), payday=15, wage_bank="中国银行", wage_account="6217000000000001")

    @cached_property
    def posting(self):
        from tests.market.conftest import posting_data
        from zhihui.market import actions

        return actions.save_posting(self.users[Role.EMPLOYER], posting_data())

    @cached_property
    def privacy_request(self):
        from zhihui.privacy import actions

        return actions.file_request(self.users[Role.CITIZEN], self.person, "access", details="我的数据")

    @cached_property
    def status_event(self):
        from zhihui.employment import actions

        return actions.record_event(self.users[Role.CLERK], self.person, kind="flexible", effective_on=dt.date.today() - dt.timedelta(days=3))

    @cached_property
    def assistance_case(self):
        from zhihui.employment import actions
        from zhihui.registry.models import Division

        town = Division.objects.filter(level="town").first() or Division.objects.create(code="419001100", name="克井镇", level="town")
        return actions.open_case(self.users[Role.CLERK], self.person, source="other", division=town)

    @cached_property
    def difficulty_application(self):
        from zhihui.employment import actions

        return actions.apply_difficulty(self.users[Role.CITIZEN], self.person, category="disabled", statement="持残疾人证")

    @cached_property
    def evidence(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        from zhihui.rights import actions

        return actions.add_evidence(self.users[Role.CLERK], self.rights_case,
                                    [SimpleUploadedFile("wages.pdf", pdf_bytes(), content_type="application/pdf")], "工资条")[0]

    @cached_property
    def gig_job(self):
        return gig.post_job(self.users[Role.EMPLOYER], {
            "task": "装卸搬运", "description": "仓库货物装卸，男女不限。", "town_code": "419001001", "place": "虎岭物流园",
            "work_date": (dt.date.today() + dt.timedelta(days=1)).isoformat(), "pay_amount": "200", "pay_unit": "day",
            "workers_needed": "3", "contact_phone": "13800000000"})

    @cached_property
    def gig_station(self):
        from zhihui.market import actions as market_actions

        return market_actions.add_station(None, {
            "name": "矩阵零工驿站", "town_code": "419001001", "address": "沁园路1号", "lon": "112.59", "lat": "35.09",
            "hours": "每天 6:00-12:00", "services": ["posting", "matching"]})

    @cached_property
    def gig_engagement(self):
        return gig.apply(self.users[Role.CITIZEN], self.gig_job)

    @cached_property
    def subscription(self):
        from zhihui.market import subscriptions
        from zhihui.market.models import JobSeeker

        seeker = JobSeeker.objects.create(person=self.person)
        return subscriptions.subscribe(self.users[Role.CITIZEN], seeker, {"keywords": "叉车"})

    @cached_property
    def fair(self):
        today = dt.date.today()
        return fairs.save_fair(self.users[Role.CLERK], {"name": "矩阵专场招聘会", "kind": "spring", "starts_on": today.isoformat(),
                                                        "ends_on": (today + dt.timedelta(days=1)).isoformat(), "venue": "人力资源市场大厅"})

    @cached_property
    def fair_booth(self):
        return fairs.take_booth(self.users[Role.EMPLOYER], self.fair)

    @cached_property
    def session(self):
        """A session of a programme of the employer account's organisation, which is a provider."""
        from zhihui.skills import actions

        clerk, today = self.users[Role.CLERK], dt.date.today()
        provider = actions.register_provider(clerk, self.org, kind="social", approved_on=today - dt.timedelta(days=200), site="济水大街", teachers=3)
        prog = actions.add_programme(clerk, provider, code="MX-HG-1", name="焊工（四级/中级工）", level="intermediate_worker",
                                     hours=80, price_cap="1800", subsidy="1200", capacity=3)
        return actions.open_session(clerk, prog, starts_on=today + dt.timedelta(days=7), ends_on=today + dt.timedelta(days=11),
                                    day_start=dt.time(8, 30), day_end=dt.time(17, 0), teacher="李老师")

    @cached_property
    def voucher(self):
        from zhihui.skills import actions
        from zhihui.window import actions as window

        window.set_budget(self.users[Role.ADMIN], dt.date.today().year, "skill_voucher", "10000", "职业技能提升专账（培训券）")
        return actions.issue_voucher(self.users[Role.CLERK], self.person, kind="general", group="unemployed")

    @cached_property
    def enrolment(self):
        from zhihui.skills import actions

        enrolment = actions.enrol(self.users[Role.CITIZEN], self.session, self.person, voucher=self.voucher)
        self.voucher.refresh_from_db()  # now locked to the provider
        return enrolment


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.test import override_settings

    media = tmp_path_factory.mktemp("matrix_media")
    with django_db_blocker.unblock(), override_settings(
        MEDIA_ROOT=str(media), KEY_DIR=media / "keys", ZHIHUI_SMS_BACKEND="locmem",
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            w = World(media)
            for name in ("job", "offer", "application", "attachment", "card", "indicator", "inspection_plan", "list_entry",
                         "rights_case", "project", "posting", "privacy_request", "status_event", "assistance_case",
                         "difficulty_application", "evidence", "gig_job", "gig_station", "gig_engagement", "subscription", "fair", "fair_booth",
                         "session", "voucher", "enrolment", "collective_contract", "campaign", "cover_return", "bank_account"):
                getattr(w, name)
            yield w
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


FORBIDDEN = {403, 404}
NOT_ALLOWED = {401, 403, 404, 405}


@functools.cache
def _openapi() -> dict:
    from zhihui.api import api

    return api.get_openapi_schema()


def _example(schema: dict, root: dict):
    """The smallest body the operation's schema accepts, so that the view itself (and its
    permission check) runs: an empty body would be refused by validation first (422)."""
    if "$ref" in schema:
        schema = root["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    for key in ("allOf", "anyOf", "oneOf"):
        if key in schema:
            return _example(schema[key][0], root)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {k: _example(v, root) for k, v in props.items() if k in schema.get("required", [])}
    if kind == "array":
        return [] if not schema.get("minItems") else [_example(schema.get("items", {}), root)]
    if kind in ("integer", "number"):
        return max(1, schema.get("minimum", 1))
    if kind == "boolean":
        return False
    if schema.get("format") == "date":
        return dt.date.today().isoformat()
    return "x" * max(2, schema.get("minLength", 2))


def _query(key: str) -> str:
    """The required query parameters of an API operation (e.g. `year`), with plausible values."""
    from urllib.parse import urlencode

    method, path = key.split(" ", 1)
    root = _openapi()
    params = root["paths"].get(path, {}).get(method.lower(), {}).get("parameters", [])
    values = {p["name"]: (dt.date.today().year if p["name"] == "year" else _example(p.get("schema", {}), root))
              for p in params if p.get("in") == "query" and p.get("required")}
    return urlencode(values)


def _body(key: str) -> dict:
    method, path = key.split(" ", 1)
    root = _openapi()
    body = root["paths"].get(path, {}).get(method.lower(), {}).get("requestBody")
    if not body:
        return {}
    return _example(body["content"]["application/json"]["schema"], root)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", sorted(MATRIX))
def test_cell(world, client, key, role):
    cell = MATRIX[key]
    user = world.users[role]
    url = _url(key, cell, world)
    if user is not None:
        client.force_login(user, backend="zhihui.core.auth.LockoutModelBackend")
    send = {"GET": client.get, "POST": client.post, "PATCH": client.patch}[cell.method]
    if key.startswith(("POST /api", "PATCH /api")):
        r = send(url, data=cell.body(world) if cell.body else _body(key), content_type="application/json")
    else:
        r = send(url, data=cell.body(world)) if cell.body else send(url)
    status, where = r.status_code, r.get("Location", "")
    said = f"{cell.method} {url} as {role}: {status} {where}"
    assert status != 500, said
    if user is None and not cell.public:
        if url.startswith("/api/"):
            assert status == 401, f"{said}, expected 401"
        else:
            assert status == 302 and "/login/" in where, f"{said}, expected the login page"
        return
    if cell.rule(user, world):
        refused = NOT_ALLOWED - {404} if cell.missing else NOT_ALLOWED
        assert status not in refused and "/login/" not in where, f"{said}, but the matrix allows it"
    else:
        assert status in FORBIDDEN, f"{said}, but the matrix refuses it"
