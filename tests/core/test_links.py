from __future__ import annotations

import pytest
from django.urls import clear_script_prefix, reverse, set_script_prefix

from complaints.core.links import pk_url, slug_url

ROW_ROUTES = ["notifications:open", "notifications:mark_read", "evidence:detail"]


@pytest.mark.parametrize("name", ROW_ROUTES)
@pytest.mark.parametrize("pk", [1, 7, 918273645, 2**31 - 1])
def test_a_row_link_is_what_reverse_gives(name, pk):
    assert pk_url(name, pk) == reverse(name, args=[pk])


def test_a_row_link_follows_the_script_prefix_the_site_is_mounted_under():
    before = pk_url("notifications:open", 5)
    set_script_prefix("/tongsu/")
    try:
        assert pk_url("notifications:open", 5) == reverse("notifications:open", args=[5])
        assert pk_url("notifications:open", 5).startswith("/tongsu/")
    finally:
        clear_script_prefix()
    assert pk_url("notifications:open", 5) == before


def test_a_row_link_takes_only_an_integer_id():
    with pytest.raises(ValueError):
        pk_url("notifications:open", "5/../../admin")


@pytest.mark.parametrize("slug", ["haoduo-topup", "a", "zq918273645zq", "x_1-2"])
def test_a_slug_link_is_what_reverse_gives(slug):
    assert slug_url("campaigns:detail", slug) == reverse("campaigns:detail", args=[slug])


def test_a_slug_that_is_not_a_slug_goes_through_reverse_and_fails_like_it():
    from django.urls import NoReverseMatch

    with pytest.raises(NoReverseMatch):
        slug_url("campaigns:detail", "../admin")
