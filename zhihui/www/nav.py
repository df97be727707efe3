"""Role-aware navigation. Each domain adds its entries to NAV; the template shows only those the
user's role may use (the views still check permissions themselves: the menu is a convenience)."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from zhihui.core.roles import Role


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    roles: frozenset[str]


def entry(label, url_name, *roles) -> NavEntry:
    return NavEntry(label, url_name, frozenset(roles))


ALL_STAFF = (Role.CLERK, Role.REVIEWER, Role.ADMIN, Role.LEADER, Role.AUDITOR)

NAV: list[NavEntry] = [
    entry(_("工作台"), "home", *Role.values),
    entry(_("人员查询"), "registry:person_search", Role.CLERK, Role.REVIEWER, Role.ADMIN),
    entry(_("单位查询"), "registry:organisation_search", Role.CLERK, Role.REVIEWER, Role.ADMIN),
    entry(_("我的档案"), "registry:my_file", Role.CITIZEN),
    entry(_("本单位"), "registry:my_organisation", Role.EMPLOYER),
    entry(_("审计日志"), "core:audit_search", Role.AUDITOR, Role.ADMIN),
    # Domains append their entries below (one line each).
    entry(_("政策库"), "policy:library", *ALL_STAFF),
    entry(_("我能享受哪些政策"), "policy:check", Role.CITIZEN),
    entry(_("免申即享名单"), "policy:offers", Role.CLERK, Role.REVIEWER, Role.ADMIN),
    entry(_("我的申请"), "window:mine", Role.CITIZEN, Role.EMPLOYER),
    entry(_("一窗受理"), "window:desk", Role.CLERK, Role.ADMIN, Role.REVIEWER, Role.LEADER, Role.AUDITOR),
    entry(_("审核队列"), "window:queue", Role.REVIEWER, Role.ADMIN),
    entry(_("支付与台账"), "window:payments", Role.ADMIN, Role.REVIEWER, Role.LEADER, Role.AUDITOR, Role.CLERK),
    entry(_("工作日日历"), "window:calendar", Role.ADMIN),
    entry(_("规划指标"), "plan:dashboard", Role.LEADER, Role.ADMIN, Role.AUDITOR),
    entry(_("我的王屋英才卡"), "talent:my_card", Role.CITIZEN),
    entry(_("验卡"), "talent:verify", Role.CLERK, Role.REVIEWER, Role.ADMIN),
    entry(_("就业服务"), "employment:index", Role.CLERK, Role.REVIEWER, Role.ADMIN, Role.LEADER, Role.AUDITOR),
    entry(_("我的就业"), "employment:my_file", Role.CITIZEN),
    entry(_("援助个案"), "employment:cases", Role.CLERK, Role.REVIEWER, Role.ADMIN),
    entry(_("用工监测"), "employment:monitoring", Role.CLERK, Role.REVIEWER, Role.ADMIN, Role.LEADER),
    entry(_("用工监测月报"), "employment:employer_report", Role.EMPLOYER),
    entry(_("双随机抽查"), "regulation:plans", Role.ADMIN, Role.CLERK, Role.AUDITOR),
    entry(_("人力资源服务机构"), "regulation:agencies", Role.ADMIN, Role.CLERK, Role.REVIEWER, Role.AUDITOR, Role.EMPLOYER),
]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = []
    for item in NAV:
        if user.role not in item.roles:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue  # a domain whose pages are not installed yet
        items.append({"label": item.label, "url": url, "active": request.path == url})
    return {"nav_items": items}
