from django.urls import path
from django.utils.translation import gettext_lazy as _

from zhihui.core.roles import Role
from zhihui.www.nav import entry

from . import views

urlpatterns = [
    path("", views.board, name="board"),
    path("postings/<int:pk>/", views.posting_detail, name="posting"),
    path("postings/<int:pk>/apply/", views.apply, name="apply"),
    path("postings/<int:pk>/act/<str:name>/", views.posting_act, name="posting_act"),
    path("employer/", views.employer_home, name="employer"),
    path("employer/new/", views.posting_edit, name="posting_new"),
    path("employer/import/", views.posting_import, name="posting_import"),
    path("seekers/", views.seeker_find, name="seeker_find"),
    path("seekers/<int:person_pk>/", views.seeker_keep, name="seeker_keep"),
    path("employer/<int:pk>/edit/", views.posting_edit, name="posting_edit"),
    path("employer/<int:pk>/seekers/", views.seekers_for_posting, name="seekers_for"),
    path("applications/<int:pk>/act/<str:name>/", views.application_act, name="application_act"),
    path("review/", views.review_queue, name="review_queue"),
    path("review/<int:pk>/", views.review, name="review"),
    path("me/", views.my_market, name="me"),
    path("me/subscriptions/", views.subscribe, name="subscribe"),
    path("me/subscriptions/<int:pk>/cancel/", views.unsubscribe, name="unsubscribe"),
    path("statistics/", views.statistics, name="statistics"),
    path("gigs/", views.gig_list, name="gigs"),
    path("stations/", views.station_list, name="stations"),
    path("stations/<int:pk>/", views.station_detail, name="station"),
    path("gigs/new/", views.gig_new, name="gig_new"),
    path("gigs/history/", views.gig_history, name="gig_history"),
    path("gigs/availability/", views.gig_availability, name="gig_availability"),
    path("gigs/ratings/", views.gig_ratings, name="gig_ratings"),
    path("gigs/<int:pk>/offer/", views.gig_offer, name="gig_offer"),
    path("gigs/engagements/<int:pk>/rate/", views.gig_rate, name="gig_rate"),
    path("gigs/<int:pk>/", views.gig_detail, name="gig"),
    path("gigs/<int:pk>/apply/", views.gig_apply, name="gig_apply"),
    path("gigs/engagements/<int:pk>/act/<str:name>/", views.gig_act, name="gig_act"),
    path("fairs/", views.fair_list, name="fairs"),
    path("fairs/new/", views.fair_edit, name="fair_new"),
    path("fairs/<int:pk>/", views.fair_detail, name="fair"),
    path("fairs/<int:pk>/edit/", views.fair_edit, name="fair_edit"),
    path("fairs/<int:pk>/register/", views.fair_register, name="fair_register"),
    path("fairs/<int:pk>/booth/", views.fair_booth, name="fair_booth"),
    path("fairs/<int:pk>/checkin/", views.fair_checkin, name="fair_checkin"),
    path("fairs/<int:pk>/close/", views.fair_close, name="fair_close"),
    path("fairs/<int:pk>/report/", views.fair_report, name="fair_report"),
    path("fairs/booths/<int:pk>/outcome/", views.fair_outcome, name="fair_outcome"),
]

# The menu entries of these pages (zhihui/www/nav.py shows each role the ones it may use).
NAV = [
    entry(_("招聘岗位"), "market:board", *Role.values),
    entry(_("本单位招聘"), "market:employer", Role.EMPLOYER),
    entry(_("招聘信息审核"), "market:review_queue", Role.CLERK, Role.REVIEWER, Role.ADMIN),
    entry(_("我的求职"), "market:me", Role.CITIZEN),
    entry(_("求职登记(窗口)"), "market:seeker_find", Role.CLERK, Role.REVIEWER, Role.ADMIN),
    entry(_("市场供求统计"), "market:statistics", Role.CLERK, Role.REVIEWER, Role.ADMIN, Role.LEADER),
    entry(_("零工市场"), "market:gigs", Role.CITIZEN, Role.EMPLOYER, Role.CLERK),
    entry(_("零工驿站"), "market:stations", *Role.values),
    entry(_("招聘会与直播带岗"), "market:fairs", *Role.values),
]
