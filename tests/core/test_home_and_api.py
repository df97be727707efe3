import pytest


@pytest.mark.django_db
def test_home_page_says_what_the_platform_is_in_chinese(client):
    response = client.get("/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "智汇济源" in text
    assert 'lang="zh-hans"' in text


@pytest.mark.django_db
def test_home_page_switches_to_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/")
    assert 'lang="en"' in response.content.decode()


@pytest.mark.django_db
def test_openapi_document_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["info"]["title"].startswith("智汇")


@pytest.mark.django_db
def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
