"""A moderator's decisions on a platform a person named at intake; they are services now
(complaints/campaigns/services/platforms.py), kept under this name for the moderation views."""

from complaints.campaigns.services.platforms import platform_accept, platform_merge, platform_reject

__all__ = ["platform_accept", "platform_merge", "platform_reject"]
