"""The plan's vocabularies: an indicator's progress status (label and traffic light). The
indicator attributes and comparators are in indicators.py beside the register they check."""

from __future__ import annotations

from django.utils.translation import gettext_noop

STATUS_ZH = {  # gettext_noop: stays Chinese here (reports, API); pages translate it
    "on_track": gettext_noop("正常"),
    "at_risk": gettext_noop("预警"),
    "behind": gettext_noop("滞后"),
    "achieved": gettext_noop("已完成"),
    "missed": gettext_noop("未完成"),
    "no_data": gettext_noop("无数据"),
    "no_target": gettext_noop("无目标值"),
}
STATUS_LIGHT = {
    "on_track": "green",
    "achieved": "green",
    "at_risk": "yellow",
    "behind": "red",
    "missed": "red",
    "no_data": "grey",
    "no_target": "grey",
}
