"""The evidence anonymizer: sniff → normalize → extract → detect → redact → report.

Framework-light on purpose: the upload task and `manage.py anonymize` call the same functions.
"""

from .detect import Finding, FindingType, detect
from .report import LocatedFinding, Result
from .run import PIPELINE, Context, anonymize_bytes, anonymize_text, run_pipeline
from .sniff import Kind, Limits, RejectedFile

__all__ = [
    "PIPELINE",
    "Context",
    "Finding",
    "FindingType",
    "Kind",
    "Limits",
    "LocatedFinding",
    "RejectedFile",
    "Result",
    "anonymize_bytes",
    "anonymize_text",
    "detect",
    "run_pipeline",
]
