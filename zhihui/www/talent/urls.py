from django.urls import path
from django.utils.translation import gettext_lazy as _

from zhihui.core.roles import Role
from zhihui.www.nav import entry

from . import views

urlpatterns = [
    path("my-card/", views.my_card, name="my_card"),
    path("verify/", views.verify_page, name="verify"),
    path("public-keys.json", views.public_keys_file, name="public_keys"),
    path("revocations.json", views.revocations_file, name="revocations"),
    path("cards/", views.card_list, name="cards"),
    path("cards/issue/", views.issue, name="issue"),
    path("cards/<str:number>/", views.card_detail, name="card_detail"),
    path("cards/<str:number>/card.pdf", views.card_pdf, name="card_pdf"),
    path("cards/<str:number>/revoke/", views.revoke, name="revoke"),
    path("cards/<str:number>/reissue/", views.reissue, name="reissue"),
    path("recognitions/new/", views.recognise, name="recognise"),
]

# The menu entries of these pages (zhihui/www/nav.py shows each role the ones it may use).
NAV = [
    entry(_("我的王屋英才卡"), "talent:my_card", Role.CITIZEN),
    entry(_("验卡"), "talent:verify", Role.CLERK, Role.REVIEWER, Role.ADMIN),
]
