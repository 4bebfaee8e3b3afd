"""How the apps above evidence take part in its processing, without evidence importing them.

Signals, sent by evidence (a receiver's error propagates: nothing is skipped silently):
- `item_processed(sender=EvidenceItem, item_id, membership_id, text)`: after a run stored its result, with
  the text the pipeline read from the file (text layer or OCR) before redaction. The text is never stored by
  evidence; a receiver keeps only what it needs (proofs: whether the member's typed order number is in it).
"""

from __future__ import annotations

from django.dispatch import Signal

item_processed = Signal()
