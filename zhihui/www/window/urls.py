from django.urls import path
from django.utils.translation import gettext_lazy as _

from zhihui.core.roles import Role
from zhihui.www.nav import entry

from . import views

urlpatterns = [
    path("mine/", views.mine, name="mine"),
    path("apply/", views.apply, name="apply"),
    path("offers/<int:offer_id>/accept/", views.accept_offer, name="accept_offer"),
    path("desk/", views.desk, name="desk"),
    path("offers/", views.offer_overview, name="offers"),
    path("queue/", views.queue, name="queue"),
    path("calendar/", views.calendar, name="calendar"),
    path("payments/", views.payments, name="payments"),
    path("payments/budget/", views.budget_set, name="budget_set"),
    path("payments/batches/", views.batch_create, name="batch_create"),
    path("payments/batches/<str:number>.xlsx", views.batch_export, name="batch_export"),
    path("payments/batches/<str:number>/payment-file.xlsx", views.payment_file, name="payment_file"),
    path("bank-account/", views.bank_account, name="bank_account"),
    path("bank-accounts/", views.bank_accounts, name="bank_accounts"),
    path("bank-accounts/<int:pk>/verify/", views.bank_account_verify, name="bank_account_verify"),
    path("payments/batches/<str:number>/release/", views.batch_release, name="batch_release"),
    path("payments/batches/<str:number>/reconcile/", views.batch_reconcile, name="batch_reconcile"),
    path("a/<str:number>/", views.detail, name="detail"),
    path("a/<str:number>/files/<int:attachment_id>/", views.attachment, name="attachment"),
    path("a/<str:number>/<slug:action>/", views.act, name="act"),
]

# The menu entries of these pages (zhihui/www/nav.py shows each role the ones it may use).
NAV = [
    entry(_("我的申请"), "window:mine", Role.CITIZEN, Role.EMPLOYER),
    entry(_("收款账户"), "window:bank_account", Role.CITIZEN, Role.EMPLOYER),
    entry(_("一窗受理"), "window:desk", Role.CLERK, Role.ADMIN, Role.REVIEWER, Role.LEADER),
    entry(_("收款账户核实"), "window:bank_accounts", Role.CLERK, Role.ADMIN),
    entry(_("审核队列"), "window:queue", Role.REVIEWER, Role.ADMIN),
    entry(_("支付与台账"), "window:payments", Role.ADMIN, Role.REVIEWER, Role.FINANCE),
    entry(_("工作日日历"), "window:calendar", Role.ADMIN),
]
