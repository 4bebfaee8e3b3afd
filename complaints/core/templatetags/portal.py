from django import template
from django.forms import BoundField

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
