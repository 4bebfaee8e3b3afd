"""Views of the evidence app, one module per page family, re-exported here for `urls.py`.

- `upload`: the owner's list and upload; `review`: the owner's review and its actions;
- `files`: originals, normalized and redacted files, page pictures, thumbnails (behind permission checks);
- `group`: the pooled index, one shared item, reports; `moderation`: the moderators' queue and decisions.
"""

from complaints.evidence.views.files import normalized, original, page_image, redacted, thumbnail
from complaints.evidence.views.group import detail, pooled_index, report
from complaints.evidence.views.moderation import (
    moderate,
    moderate_decide,
    moderate_original,
    moderation_queue,
    original_link,
)
from complaints.evidence.views.review import (
    approve,
    box_add,
    box_remove,
    delete,
    details,
    reject,
    review,
    text_mark,
)
from complaints.evidence.views.upload import mine, status

__all__ = [
    "approve",
    "box_add",
    "box_remove",
    "delete",
    "detail",
    "details",
    "mine",
    "moderate",
    "moderate_decide",
    "moderate_original",
    "moderation_queue",
    "normalized",
    "original",
    "original_link",
    "page_image",
    "pooled_index",
    "redacted",
    "reject",
    "report",
    "review",
    "status",
    "text_mark",
    "thumbnail",
]
