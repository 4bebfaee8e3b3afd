"""A version's changed group figures as sentences in the reader's language (the panel "what changed since …").

generation.diff_summary stores the raw old and new figures; this module is the one place that words them, so
no internal key, list or dict reaches a page.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from complaints.campaigns.figures import bucket_labels
from complaints.evidence.models import EvidenceItem

NOTHING = "–"


def _categories(value) -> str:
    if not value:
        return NOTHING
    labels = dict(EvidenceItem.Category.choices)
    return _(", ").join(
        ngettext("%(category)s: %(count)s file", "%(category)s: %(count)s files", count)
        % {"category": labels.get(category, _("Other")), "count": count}
        for category, count in sorted(value.items())
    )


def _plain(value) -> str:
    return NOTHING if value in (None, "", [], {}) else str(value)


def _sentence(label: str, old, new) -> str:
    return _("%(figure)s: %(old)s → %(new)s") % {"figure": label, "old": old, "new": new}


def figure_changes(diff_summary: dict) -> list[str]:
    """One readable, translated sentence per changed figure."""
    labels = {
        "members": _("Members included"),
        "with_amount": _("Members with an amount"),
        "total_claimed": _("Total claimed (CNY)"),
        "median": _("Median amount (CNY)"),
        "first_incident": _("Earliest incident"),
        "last_incident": _("Latest incident"),
        "exhibits": _("Exhibits"),
    }
    sentences = []
    for key, (old, new) in (diff_summary or {}).get("figures", {}).items():
        if key in labels:
            sentences.append(_sentence(labels[key], _plain(old), _plain(new)))
        elif key == "evidence_categories":
            sentences.append(_sentence(_("Evidence by category"), _categories(old), _categories(new)))
        elif key == "histogram":
            old, new = old or [], new or []
            for index, bucket in enumerate(bucket_labels()):
                before = old[index] if index < len(old) else 0
                after = new[index] if index < len(new) else 0
                if before != after:
                    label = _("Members claiming %(range)s yuan") % {"range": bucket}
                    sentences.append(_sentence(label, before, after))
        elif key == "other_currencies":
            old, new = old or {}, new or {}
            for currency in sorted(set(old) | set(new)):
                if old.get(currency) != new.get(currency):
                    label = _("Total claimed (%(currency)s)") % {"currency": currency}
                    sentences.append(_sentence(label, _plain(old.get(currency)), _plain(new.get(currency))))
        else:
            sentences.append(_("Another group figure changed."))
    return sentences
