from django import template
from django.forms import BoundField

register = template.Library()


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


@register.filter
def get_item(mapping, key):
    """Look up a key in a dict from a template: {{ links|get_item:export.pk }}."""
    return mapping.get(key) if hasattr(mapping, "get") else None
