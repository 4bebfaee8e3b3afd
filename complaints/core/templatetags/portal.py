from decimal import Decimal

from django import template
from django.forms import BoundField
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

from complaints.core import humanize
from complaints.core.links import route_path
from complaints.core.text import inner_quotes as _inner_quotes
from complaints.core.text import local_datetime as _local_datetime

register = template.Library()


@register.simple_tag
def path(name: str) -> str:
    """{% path 'campaigns:list' %}: a route without arguments, as {% url %} gives it, reversed once per process
    (core.links.route_path); "" where the route does not exist."""
    return route_path(name)


@register.filter(is_safe=True)
def fill(sentence, value) -> str:
    """A sentence translated once for a whole list, each row's value put in its place:

        {% blocktranslate asvar members_sentence with count="{value}" %}<strong>{{ count }}</strong> members{% endblocktranslate %}
        {% for card in cards %}{{ members_sentence|fill:card.members }}{% endfor %}

    The value is escaped; a sentence that is not already safe (from blocktranslate) is escaped too. A
    blocktranslate in each row cost about as much as the rest of a campaign card."""
    if not isinstance(sentence, SafeData):
        sentence = conditional_escape(sentence)
    filled = str(sentence).replace("{value}", str(conditional_escape(value)))
    return mark_safe(filled)  # noqa: S308  # nosec B308 B703 - both parts escaped


@register.filter(is_safe=True)
def grouped(value):
    """{{ count|grouped }}: 12,345, as humanize's intcomma writes it (core.humanize.grouped); other values as
    they are."""
    if isinstance(value, str):
        try:
            value = int(value)
        except ValueError:
            return value
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return value
    return humanize.grouped(value)


@register.filter(name="inner_quotes")
def inner_quotes_filter(value) -> str:
    """{{ campaign.title|inner_quotes }} inside “…”: the title's own double quotes become single ones."""
    return _inner_quotes(str(value or ""))


@register.simple_tag
def field_widget(field: BoundField):
    """Render a field's widget with its error and help text tied to it for screen readers."""
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_helptext")
    attrs = {}
    if field.errors:
        described_by.insert(0, f"{field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)


@register.filter(name="money")
def money_filter(amount, currency: str = "CNY") -> str:
    """{{ amount|money }} or {{ amount|money:case.currency }}: ¥593,676.00, one notation on every page."""
    return humanize.money(amount, currency)


@register.filter
def money0(amount, currency: str = "CNY") -> str:
    """A rounded amount for headline figures: ¥593,676."""
    return humanize.money(amount, currency, places=0)


@register.filter
def workdays(days) -> str:
    """{{ figures.first_reply_days|workdays }}: 不到 1 个工作日 / less than one working day, 1 个工作日, 2.5 个工作日."""
    return humanize.working_days(days)


@register.filter
def ago(value) -> str:
    """{{ when|ago }}: 刚刚, 5 分钟前, then the date; replaces naturaltime ("54秒之前")."""
    return humanize.ago(value)


@register.filter
def local_datetime(value) -> str:
    """{{ moment|local_datetime }}: the portal's local time with its zone named (core.text.local_datetime)."""
    return _local_datetime(value) if value else ""


@register.filter
def get_item(mapping, key):
    """Look up a key in a dict from a template: {{ links|get_item:export.pk }}."""
    return mapping.get(key) if hasattr(mapping, "get") else None
