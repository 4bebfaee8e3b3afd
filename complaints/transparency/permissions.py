"""Who may read the public status: everyone, for a campaign the public may see."""

from __future__ import annotations

from django.http import Http404

from complaints.campaigns.models import Campaign


def get_public_campaign(slug: str) -> Campaign:
    """A campaign whose status anyone may read (open or closed), or the one it was merged into; else 404.

    A pending campaign's members see its page, but it has sent nothing yet and the public may not see it."""
    campaign = Campaign.objects.select_related("platform", "merged_into").filter(slug=slug).first()
    if campaign is not None and campaign.status == Campaign.Status.MERGED and campaign.merged_into_id:
        campaign = campaign.merged_into
    if campaign is None or not campaign.is_public:
        raise Http404
    return campaign
