"""Write path for accounts. Every change is audited in the same transaction."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from . import audit
from .roles import Role

# One demo account per role: (username, password, display name). Printed by `make run`.
DEMO_ACCOUNTS = [
    (Role.CITIZEN, "citizen", "zhihui-citizen", "市民演示账户"),
    (Role.EMPLOYER, "employer", "zhihui-employer", "单位演示账户"),
    (Role.CLERK, "clerk", "zhihui-clerk", "窗口受理员"),
    (Role.REVIEWER, "reviewer", "zhihui-reviewer", "审核员"),
    (Role.ADMIN, "admin", "zhihui-admin", "部门管理员"),
    (Role.LEADER, "leader", "zhihui-leader", "领导"),
    (Role.AUDITOR, "auditor", "zhihui-auditor", "审计员"),
]


@transaction.atomic
def create_user(actor, *, username: str, password: str, role: str, display_name: str = "", person=None, organisation=None):
    User = get_user_model()
    user = User(username=username, role=role, display_name=display_name, person=person, organisation=organisation)
    user.is_staff = role == Role.ADMIN  # department administrators use the Django admin for catalogues
    user.is_superuser = False
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit.record(actor, audit.Action.CREATE, user, summary=f"account {username} ({role})", after=audit.snapshot(user))
    return user


@transaction.atomic
def ensure_demo_accounts() -> list[tuple[str, str, str]]:
    """Create the demo accounts that do not exist yet; link citizen and employer to demo records."""
    from zhihui.registry.models import Organisation

    User = get_user_model()
    rows = []
    for role, username, password, label in DEMO_ACCOUNTS:
        if not User.objects.filter(username=username).exists():
            person = _demo_citizen() if role == Role.CITIZEN else None
            org = Organisation.objects.filter(kind="enterprise").order_by("id").first() if role == Role.EMPLOYER else None
            user = create_user("setup", username=username, password=password, role=role, display_name=label, person=person, organisation=org)
            if role == Role.ADMIN:
                # The department administrator maintains catalogues in the Django admin.
                from django.contrib.auth.models import Permission

                user.user_permissions.set(
                    Permission.objects.filter(content_type__app_label__in=["registry", "window", "plan", "benefits", "talent"])
                )
        rows.append((str(role.label), username, password))
    return rows


def _demo_citizen():
    """The demo citizen: someone the demo city makes interesting (an open 免申即享 offer and a
    talent category) when there is such a person, else the first resident."""
    from zhihui.registry.models import Person

    people = Person.objects.order_by("id")
    try:
        from zhihui.benefits.models import BenefitOffer

        with_offer = people.filter(
            pk__in=BenefitOffer.objects.filter(status="offered", person__isnull=False).values("person_id"),
            talent_categories__isnull=False,
        ).first()
        if with_offer is not None:
            return with_offer
    except ImportError:
        pass
    return people.first()
