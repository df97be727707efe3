"""Chinese names for the Django admin pages of django-axes and django-otp (issue 15, found 2).

The two libraries label their apps, models, fields, filters and fieldsets in English (otp's
fieldset titles are not even translatable), and neither ships a Chinese catalogue, so a
superuser's admin showed "Access attempts", "User Agent", "Identity" on Chinese pages. Here,
without touching site-packages:

- `AxesConfig`, `TOTPConfig`, `StaticConfig` (named in INSTALLED_APPS instead of the libraries'
  own) give each app a Chinese `verbose_name` and, once the apps are ready, each model a Chinese
  `verbose_name`/`verbose_name_plural`. Only `_meta` is changed, not `_meta.original_attrs`, so
  migrations see no change to the libraries' models.
- The libraries' ModelAdmins are registered again as subclasses that show every column,
  read-only field, filter, form field and fieldset title under a Chinese label from `LABELS`
  (field objects are left alone for the same reason).

Chinese is the source language as everywhere in Zhihui; the English is in
zhihui/locale/en/LC_MESSAGES/django.po.
"""

from __future__ import annotations

from django.apps import AppConfig
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# field or admin-method name -> label (shared by the three apps: the names do not clash)
LABELS = {
    # axes
    "user_agent": _("浏览器标识"),
    "ip_address": _("IP 地址"),
    "username": _("用户名"),
    "http_accept": _("浏览器接受的内容类型"),
    "path_info": _("访问路径"),
    "attempt_time": _("尝试时间"),
    "get_data": _("查询参数"),
    "post_data": _("提交数据"),
    "failures_since_start": _("连续失败次数"),
    "expiration": _("锁定到期时间"),
    "status": _("状态"),
    "locked_out": _("是否已锁定"),
    "logout_time": _("退出时间"),
    "session_hash": _("会话摘要"),
    # otp
    "user": _("用户"),
    "name": _("设备名称"),
    "confirmed": _("已启用"),
    "created_at": _("创建时间"),
    "last_used_at": _("最近使用时间"),
    "key": _("密钥(十六进制)"),
    "step": _("时间步长(秒)"),
    "t0": _("起算时刻(1970 年起的秒数)"),
    "digits": _("验证码位数"),
    "tolerance": _("允许的时间步偏差"),
    "drift": _("时钟偏移(步)"),
    "last_t": _("最近验证的时间步"),
    "throttling_failure_timestamp": _("最近一次验证失败时间"),
    "throttling_failure_count": _("连续验证失败次数"),
    "qrcode_link": _("二维码"),
    "token": _("恢复码"),
}

# fieldset titles the libraries use -> label
TITLES = {
    "Form Data": _("提交的表单数据"),
    "Meta Data": _("请求信息"),
    "Identity": _("设备与用户"),
    "Timestamps": _("时间"),
    "Configuration": _("参数"),
    "State": _("状态"),
    "Throttling": _("失败限制"),
}

# (app label, model name) -> (verbose_name, verbose_name_plural)
MODELS = {
    ("axes", "accessattempt"): (_("登录失败记录"), _("登录失败记录")),
    ("axes", "accessfailurelog"): (_("登录失败日志"), _("登录失败日志")),
    ("axes", "accesslog"): (_("登录日志"), _("登录日志")),
    ("axes", "accessattemptexpiration"): (_("锁定到期时间"), _("锁定到期时间")),
    ("otp_totp", "totpdevice"): (_("动态口令设备"), _("动态口令设备")),
    ("otp_static", "staticdevice"): (_("恢复码设备"), _("恢复码设备")),
    ("otp_static", "statictoken"): (_("恢复码"), _("恢复码")),
}


def _axes_status(admin, obj):
    from axes.conf import settings

    left = settings.AXES_FAILURE_LIMIT - obj.failures_since_start
    return gettext("还可尝试 %(n)s 次") % {"n": left} if left > 0 else gettext("已锁定")


def _qrcode_link(admin, obj):
    from django.urls import reverse
    from django.utils.html import format_html

    try:
        url = reverse("admin:otp_totp_totpdevice_config", kwargs={"pk": obj.pk})
    except Exception:  # noqa: BLE001 - an unsaved device has no code yet
        return admin.get_empty_value_display()
    return format_html('<a href="{}">{}</a>', url, gettext("查看二维码"))


# columns whose library method answers in English
SPECIAL = {"status": _axes_status, "qrcode_link": _qrcode_link}

# the libraries' admin actions -> description
ACTIONS = {"cleanup_expired_attempts": _("清理已过期的失败记录")}


def _describe_models() -> None:
    """axes' records describe themselves in English ("Attempted Access: …") in titles and
    breadcrumbs; these say it in the current language."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    AccessAttempt.__str__ = lambda self: gettext("登录失败记录：%(user)s，%(at)s") % {
        "user": self.username or "—", "at": f"{timezone.localtime(self.attempt_time):%Y-%m-%d %H:%M}"}
    AccessFailureLog.__str__ = lambda self: gettext("登录失败：%(user)s，%(at)s，来自 %(ip)s") % {
        "user": self.username or "—", "at": f"{timezone.localtime(self.attempt_time):%Y-%m-%d %H:%M}", "ip": self.ip_address or "—"}
    AccessLog.__str__ = lambda self: gettext("登录：%(user)s，%(at)s") % {
        "user": self.username or "—", "at": f"{timezone.localtime(self.attempt_time):%Y-%m-%d %H:%M}"}


def _name_models(app_label: str) -> None:
    from django.apps import apps

    for (label, model_name), (one, many) in MODELS.items():
        if label == app_label:
            meta = apps.get_model(label, model_name)._meta
            meta.verbose_name, meta.verbose_name_plural = one, many


def _titled_filter(label):
    """A list filter of a field (date, boolean, choices… as Django picks) titled `label`."""
    from django.contrib import admin

    class Titled(admin.FieldListFilter):
        def __new__(cls, field, request, params, model, model_admin, field_path):
            spec = admin.FieldListFilter.create(field, request, params, model, model_admin, field_path=field_path)
            spec.title = label
            return spec

    return Titled


def _label_method(name: str, label, model, base):
    """A ModelAdmin method showing `name` (a model field, or the library admin's own method such
    as axes' `status`) under `label`."""
    from django.contrib import admin
    from django.core.exceptions import FieldDoesNotExist

    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        field = None
    original = getattr(base, name, None) if field is None else None
    boolean = field is not None and field.get_internal_type() == "BooleanField"

    @admin.display(description=label, ordering=name if field is not None else None, boolean=boolean)
    def show(self, obj):
        if name in SPECIAL:
            return SPECIAL[name](self, obj)
        if callable(original):
            return original(self, obj)
        value = getattr(obj, name, None)
        return self.get_empty_value_display() if value is None else value

    return show


def _chinese_formfield(base):
    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = base.formfield_for_dbfield(self, db_field, request, **kwargs)
        if formfield is not None and db_field.name in LABELS:
            formfield.label = LABELS[db_field.name]
            formfield.help_text = ""
        return formfield

    return formfield_for_dbfield


def chinese_admin(base, model):
    """A subclass of the library's ModelAdmin `base` with every label in Chinese."""
    attrs: dict = {}

    def col(name):
        if not isinstance(name, str) or name not in LABELS:
            return name
        method = f"zh_{name}"
        if method not in attrs:
            attrs[method] = _label_method(name, LABELS[name], model, base)
        return method

    def get_list_display(self, request):
        return [col(n) for n in base.get_list_display(self, request)]

    def get_list_filter(self, request):
        out = []
        for n in base.get_list_filter(self, request):
            if isinstance(n, str) and n in LABELS:
                n = (n, _titled_filter(LABELS[n]))
            elif isinstance(n, type) and n.__name__ == "IsLockedOutFilter":  # axes' own, titled in English
                n = type("ChineseIsLockedOutFilter", (n,), {"title": LABELS["locked_out"], "__module__": __name__})
            out.append(n)
        return out

    def get_actions(self, request):
        return {name: (func, name_, ACTIONS.get(name, description))
                for name, (func, name_, description) in base.get_actions(self, request).items()}

    def get_readonly_fields(self, request, obj=None):
        return [col(n) for n in base.get_readonly_fields(self, request, obj)]

    def get_fieldsets(self, request, obj=None):
        readonly = set(base.get_readonly_fields(self, request, obj))
        out = []
        for title, opts in base.get_fieldsets(self, request, obj):
            fields = [col(f) if f in readonly else f for f in opts.get("fields", ())]
            out.append((TITLES.get(title, title), {**opts, "fields": fields}))
        return out

    for name in [*getattr(base, "list_display", ()), *getattr(base, "readonly_fields", ()), "qrcode_link"]:
        col(name)  # the methods exist before the first request
    attrs.update(get_list_display=get_list_display, get_list_filter=get_list_filter,
                 get_readonly_fields=get_readonly_fields, get_fieldsets=get_fieldsets,
                 get_actions=get_actions, formfield_for_dbfield=_chinese_formfield(base), __module__=__name__)
    if getattr(base, "search_help_text", None):
        attrs["search_help_text"] = _("按用户名搜索")
    if getattr(base, "inlines", None):
        attrs["inlines"] = [type(f"Chinese{i.__name__}", (i,), {"formfield_for_dbfield": _chinese_formfield(i),
                                                              "__module__": __name__}) for i in base.inlines]
    return type(f"Chinese{base.__name__}", (base,), attrs)


def _register_again(app_label: str) -> None:
    """Replace the library's admin registration of this app's models with the Chinese one."""
    import importlib

    from django.apps import apps
    from django.contrib import admin

    importlib.import_module(apps.get_app_config(app_label).name + ".admin")  # the library registers here
    for (label, model_name) in MODELS:
        if label != app_label:
            continue
        model = apps.get_model(label, model_name)
        current = admin.site._registry.get(model)
        if current is None:
            continue
        admin.site.unregister(model)
        admin.site.register(model, chinese_admin(type(current), model))


class _Chinese:
    def ready(self):
        super().ready()
        _name_models(self.label)
        _register_again(self.label)
        if self.label == "axes":
            _describe_models()


def _axes_base():
    from axes.apps import AppConfig as Base

    return Base


class AxesConfig(_Chinese, _axes_base()):
    name = "axes"
    verbose_name = _("登录失败锁定")


class TOTPConfig(_Chinese, AppConfig):
    name = "django_otp.plugins.otp_totp"
    label = "otp_totp"
    default_auto_field = "django.db.models.AutoField"
    verbose_name = _("动态口令(第二重验证)")


class StaticConfig(_Chinese, AppConfig):
    name = "django_otp.plugins.otp_static"
    label = "otp_static"
    default_auto_field = "django.db.models.AutoField"
    verbose_name = _("恢复码(第二重验证)")
