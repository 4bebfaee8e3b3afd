"""What moderation answers when a lower app calls complaints.core.review (registered in apps.ready)."""

from __future__ import annotations

from complaints.moderation import selectors, services
from complaints.moderation.models import Report


class ModerationPort:
    moderators_notify = staticmethod(services.moderators_notify)
    moderators_settle = staticmethod(services.moderators_settle)
    claim_check = staticmethod(services.claim_check)
    claim_release = staticmethod(services.claim_release)
    report_create = staticmethod(services.report_create)
    reports_settle = staticmethod(services.reports_settle)
    reports_of = staticmethod(selectors.reports_of)

    @staticmethod
    def reports_forget_reporter(*, user) -> int:
        deleted, _by_model = Report.objects.filter(reporter=user).delete()
        return deleted
