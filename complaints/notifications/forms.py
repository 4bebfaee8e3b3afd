from __future__ import annotations

from django import forms

from complaints.notifications.kinds import SECURITY_KINDS, SPECS, Group, Kind, Mode


class NotificationPreferencesForm(forms.Form):
    """One choice per kind a person may change; security kinds are shown, not offered."""

    def __init__(self, *args, moderator: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Kind.values:
            if kind in SECURITY_KINDS:
                continue
            if SPECS[kind].group == Group.MODERATION and not moderator:
                continue  # only moderators are told about waiting queues
            self.fields[kind] = forms.ChoiceField(label=Kind(kind).label, choices=Mode.choices)

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The fields under their headings (campaigns, tasks, evidence, ...) in a stable order."""
        grouped: dict[str, list[forms.BoundField]] = {}
        for name in self.fields:
            grouped.setdefault(SPECS[name].group, []).append(self[name])
        return [(Group(group).label, grouped[group]) for group in Group.values if group in grouped]

    @staticmethod
    def security_kinds() -> list[str]:
        return [Kind(kind).label for kind in Kind.values if kind in SECURITY_KINDS]
