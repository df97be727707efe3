import pytest

from zhihui.market.demo import load_demo
from zhihui.market.models import Posting
from zhihui.market.screen import default_screen

pytestmark = pytest.mark.django_db


def test_demo_postings_are_published_clean_and_searchable(catalogues):
    msg = load_demo(n_postings=24, n_seekers=0)
    assert "published postings" in msg
    posts = list(Posting.objects.filter(status="published"))
    assert len(posts) == 24
    assert all(default_screen().screen({"id": "x", "title": p.title, "text": p.text}) == [] for p in posts)
    assert all(p.search_text.strip() and p.town_name for p in posts)
    from zhihui.market.models import Fair, GigJob

    assert GigJob.objects.filter(status="open").count() == 14 and len({g.work_date for g in GigJob.objects.all()}) == 7
    assert Fair.objects.get().booths.count() == 6
    assert load_demo() == "market demo already loaded"
