"""Password login with lockout of bureau staff accounts after repeated failures.

Citizens are not locked (a lock would let anyone deny them service by guessing); staff accounts
are, because they open many people's files.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import transaction
from django.utils import timezone

from . import audit
from .roles import STAFF_ROLES


class AccountLocked(Exception):
    def __init__(self, until):
        self.until = until
        super().__init__(f"account locked until {until:%Y-%m-%d %H:%M}")


class LockoutModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        User = get_user_model()
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if not username or password is None:
            return None
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            User().set_password(password)  # same cost as a real check: no timing oracle
            return None
        if not settings.ZHIHUI_DEMO_ACCOUNTS:
            from .actions import DEMO_USERNAMES, is_demo_account

            if user.username in DEMO_USERNAMES and is_demo_account(user):
                # A published demo password on a production install: refused like a wrong one.
                audit.record(None, audit.Action.LOGIN_FAILED, user, summary="演示账号已停用，拒绝登录（ZHIHUI_DEMO_ACCOUNTS=0）",
                             outcome=audit.Outcome.DENIED)
                return None
        now = timezone.now()
        if user.is_locked(now):
            if request is not None:
                request.zhihui_locked_until = user.locked_until
            return None
        if user.locked_until is not None:
            # The lock has run out: start counting afresh, or one more typo would re-lock at once.
            User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
            user.failed_login_count, user.locked_until = 0, None
        if user.check_password(password) and self.user_can_authenticate(user):
            if user.failed_login_count:
                User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
            return user
        register_failed_login(user, now)
        if request is not None and user.is_locked(now):
            request.zhihui_locked_until = user.locked_until
        return None


@transaction.atomic
def register_failed_login(user, now=None) -> None:
    now = now or timezone.now()
    User = get_user_model()
    user = User.objects.select_for_update().get(pk=user.pk)
    user.failed_login_count += 1
    audit.record(None, audit.Action.LOGIN_FAILED, user, summary=f"登录失败：{user.username}")
    if user.role in STAFF_ROLES and user.failed_login_count >= settings.LOGIN_FAILURE_LIMIT:
        user.locked_until = now + dt.timedelta(minutes=settings.LOGIN_LOCKOUT_MINUTES)
        audit.record(None, audit.Action.LOCKED, user, summary=f"账号锁定至 {user.locked_until:%Y-%m-%d %H:%M}")
    user.save(update_fields=["failed_login_count", "locked_until"])
