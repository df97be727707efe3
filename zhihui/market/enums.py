"""Choices, limits and thresholds of the human-resources market: one place for each fact."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# -- the screen's public endpoint -----------------------------------------------------------
MAX_POSTINGS_PER_REQUEST = 1000
MAX_POSTING_CHARS = 20000

# (requests, window in seconds) per client (account, or address when anonymous)
RATE_LIMITS = {
    "screen": (120, 60),
    "board": (120, 60),  # public job board pages and search
    "contact": (30, 3600),  # contact details shown to a logged-in seeker
}

BOARD_PAGE_SIZE = 20
BOARD_MAX_RESULTS = 500  # the board counts, ranks and pages at most this many results ("500+"); = search.RANK_WINDOW
MAX_VALIDITY_DAYS = 180  # a posting is published for at most this long
MAX_SALARY = 1_000_000  # monthly yuan: above this the figure is a typing error


class PostingStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PENDING = "pending", _("待审核")
    RETURNED = "returned", _("退回修改")
    PUBLISHED = "published", _("已发布")
    REFUSED = "refused", _("不予发布")
    WITHDRAWN = "withdrawn", _("已撤回")
    EXPIRED = "expired", _("已过期")


class Education(models.TextChoices):
    """Education required or held; the order is the rank (a higher one satisfies a lower)."""

    NONE = "none", _("不限")
    JUNIOR = "junior", _("初中")
    SENIOR = "senior", _("高中/中专/技校")
    ASSOCIATE = "associate", _("大专")
    BACHELOR = "bachelor", _("本科")
    MASTER = "master", _("硕士研究生")
    DOCTORATE = "doctorate", _("博士研究生")


EDUCATION_RANK = {v: i for i, v in enumerate(Education.values)}


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已投递")
    VIEWED = "viewed", _("单位已查看")
    INTERVIEW = "interview", _("邀请面试")
    HIRED = "hired", _("已录用")
    REJECTED = "rejected", _("不合适")
    WITHDRAWN = "withdrawn", _("已撤回")


# Matching weights (points out of 100): one place, read by matching.py and shown in the docs.
MATCH_WEIGHTS = {
    "occupation": 40,  # same occupation 40, same small group 28, same middle group 16, same major 6
    "skills": 15,
    "certificates": 15,
    "education": 10,
    "place": 10,
    "salary": 10,
}
OCCUPATION_LEVEL_SHARE = {4: 1.0, 3: 0.7, 2: 0.4, 1: 0.15}


# -- market statistics --------------------------------------------------------------------------
# Shortage occupations: 求人倍率 (vacancies ÷ job seekers) above the threshold in force on the
# period's last day, and at least SHORTAGE_MIN_VACANCIES vacancies. Dated: a new threshold is a
# new row (valid from), never an edit. Source: bureau decision (placeholder value until the
# bureau sets its own; the 1.5 often used in provincial shortage catalogues).
SHORTAGE_THRESHOLDS = [
    ("2026-01-01", "1.5"),
]
SHORTAGE_MIN_VACANCIES = 10
WAGE_PERCENTILES = (10, 25, 50, 75, 90)
WAGE_MIN_POSTINGS = 5  # an occupation's wage levels are shown from this many postings


# -- gig market ------------------------------------------------------------------------------------
class GigStatus(models.TextChoices):
    OPEN = "open", _("招募中")
    HELD = "held", _("待审核(筛查发现违法内容)")
    CLOSED = "closed", _("已结束")


class PayUnit(models.TextChoices):
    DAY = "day", _("元/天")
    HOUR = "hour", _("元/小时")
    PIECE = "piece", _("元/件")


class StationService(models.TextChoices):
    """What a gig station (零工驿站) offers; a station lists one or more."""

    POSTING = "posting", _("零工信息发布")
    MATCHING = "matching", _("现场对接撮合")
    REGISTRATION = "registration", _("求职登记")
    POLICY = "policy", _("政策咨询")
    TRAINING = "training", _("技能培训")
    RIGHTS = "rights", _("权益维护")
    REST = "rest", _("休息等活")


class EngagementStatus(models.TextChoices):
    OFFERED = "offered", _("用工方邀约")
    DECLINED = "declined", _("已婉拒")
    APPLIED = "applied", _("已报名")
    HIRED = "hired", _("已录用")
    WORKING = "working", _("已签到")
    DONE = "done", _("已完工")
    WORKER_CONFIRMED = "w_confirmed", _("零工已确认")
    POSTER_CONFIRMED = "p_confirmed", _("用工方已确认")
    CONFIRMED = "confirmed", _("双方已确认")
    PAID = "paid", _("已支付")
    REJECTED = "rejected", _("未录用")
    WITHDRAWN = "withdrawn", _("已撤回")


# -- job fairs, campaigns, live-stream sessions ------------------------------------------------------
class FairKind(models.TextChoices):
    GENERAL = "general", _("综合招聘会")
    SPRING = "spring", _("春风行动")
    PRIVATE_MONTH = "private_month", _("民营企业招聘月")
    CAMPUS = "campus", _("高校毕业生校园招聘")
    LIVESTREAM = "livestream", _("直播带岗")
    CROSS_REGION = "cross_region", _("跨区域劳务协作(豫晋)")
    # the plan's "百名优秀企业家引才" action (L86, L132): firms' heads visit universities to recruit;
    # each firm's booth at such an event counts towards plan indicator C2-T04
    HUNDRED_ENTREPRENEURS = "hundred_ent", _("百名优秀企业家引才")


class FairStatus(models.TextChoices):
    PLANNED = "planned", _("筹备/进行中")
    CLOSED = "closed", _("已结束")
    CANCELLED = "cancelled", _("已取消")


class OutcomeKind(models.TextChoices):
    INTERVIEW = "interview", _("现场面试")
    AGREEMENT = "agreement", _("达成就业意向")
    HIRE = "hire", _("录用")


FAIR_TICKET_TYPE = "fair"  # the `t` of a check-in code (a 王屋英才 card is "card": one never passes as the other)

MAX_SUBSCRIPTIONS = 10  # active subscriptions a job seeker may keep

GIG_AVAILABILITY_DAYS = 14  # a worker marks the days ahead they can work
