from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_language_follows_the_browser(client):
    zh = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert '<html lang="zh-hans"' in zh.content.decode()
    assert "你并不孤单" in zh.content.decode()
    en = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert '<html lang="en"' in en.content.decode()
    assert "You are not alone" in en.content.decode()


def test_language_switcher_changes_the_language_of_every_page(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert '<html lang="en"' in page
    assert "Sign In" in page or "Log in" in page
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    page = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="zh-hans"' in page
    assert "登录" in page


def test_saved_preferred_language_applies_after_login(client):
    user = UserFactory(preferred_language="en")
    client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="zh-CN"
    )
    page = client.get(reverse("accounts:profile"), HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert '<html lang="en"' in page
    assert "Your account" in page


def test_profile_saves_display_name_and_language(client, user):
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"), {"display_name": "小王", "preferred_language": "zh-hans"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.display_name, user.preferred_language) == ("小王", "zh-hans")
    page = client.get(reverse("accounts:profile")).content.decode()
    assert "你的账号" in page


def test_profile_rejects_a_display_name_with_line_breaks_and_changes_nothing(client, user):
    client.force_login(user)
    before = user.display_name
    response = client.post(
        reverse("accounts:profile"), {"display_name": "evil\nname", "preferred_language": ""}
    )
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    user.refresh_from_db()
    assert user.display_name == before


def test_every_string_has_a_chinese_translation():
    import polib

    from complaints.core.management.commands.translations import catalog_path

    catalog = polib.pofile(str(catalog_path()))
    missing = [e.msgid for e in catalog if not e.obsolete and (not e.translated() or "fuzzy" in e.flags)]
    assert missing == [], f"untranslated strings (run manage.py translations --missing): {missing[:20]}"
