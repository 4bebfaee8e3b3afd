"""Signals campaigns sends for the apps above it (outreach counts joins per invite) without knowing them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside campaign_join's transaction when a person becomes an active member (first join or coming
# back), with `membership`. A receiver's failure must not undo the join: receivers catch their own errors.
member_joined = Signal()
