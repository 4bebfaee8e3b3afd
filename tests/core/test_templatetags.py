"""The portal's own template filters where a mistake would show: `fill` puts a row's value into a sentence
translated once for the whole list, and must escape what it puts in; `grouped` must write every figure as
humanize's intcomma did."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation


def render(source: str, **context) -> str:
    return Template("{% load i18n portal %}" + source).render(Context(context))


def test_a_sentence_translated_once_is_filled_per_row_in_the_readers_word_order():
    source = (
        '{% blocktranslate asvar sentence with amount="{value}" %}<strong>{{ amount }}</strong> claimed'
        "{% endblocktranslate %}{% for amount in amounts %}[{{ sentence|fill:amount }}]{% endfor %}"
    )
    with translation.override("zh-hans"):
        assert render(source, amounts=["¥1", "¥2"]) == "[索赔 <strong>¥1</strong>][索赔 <strong>¥2</strong>]"
    with translation.override("en"):
        assert render(source, amounts=["¥1"]) == "[<strong>¥1</strong> claimed]"


def test_what_fill_puts_in_is_escaped_and_so_is_a_sentence_that_was_not_safe():
    source = '{% blocktranslate asvar sentence with when="{value}" %}active {{ when }}{% endblocktranslate %}'
    with translation.override("en"):
        assert render(source + "{{ sentence|fill:when }}", when="<b>x</b>") == "active &lt;b&gt;x&lt;/b&gt;"
    assert render("{{ sentence|fill:value }}", sentence="<i>{value}</i>", value="5") == "&lt;i&gt;5&lt;/i&gt;"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_grouped_writes_figures_as_humanizes_intcomma_did(language):
    """Every figure the pages group (members, amounts recovered, filings) reads as it did with intcomma."""
    values = [0, 7, 999, 1000, 50000, 1234567, -4321, Decimal("12345.50"), 1234.5, "98765", "n/a", None]
    with translation.override(language):
        for value in values:
            assert render("{{ v|grouped }}", v=value) == render(
                "{% load humanize %}{{ v|intcomma }}", v=value
            )
        assert render("{{ v|grouped }}", v=1234567) == "1,234,567"
