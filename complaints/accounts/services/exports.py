"""The personal data export: asked for at most every few hours, built by a task, fetched by an expiring link."""

from __future__ import annotations

import json
import tempfile
import zipfile
from functools import partial

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from complaints.accounts import tasks
from complaints.accounts.lifecycle import audit_data, export_interval, export_link_lifetime, profile_data
from complaints.accounts.models import DataExport, User
from complaints.core.privacy import participants
from complaints.core.services import audit_record, email_queue


class ExportTooSoon(Exception):
    def __init__(self, next_allowed):
        super().__init__(next_allowed)
        self.next_allowed = next_allowed


def export_request(*, actor: User) -> DataExport:
    """Ask for an export; at most one every few hours, prepared by a task."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=actor.pk).first()  # one request at a time per person
        last = DataExport.objects.filter(user=actor).order_by("-created_at").first()
        if last and last.created_at > timezone.now() - export_interval():
            raise ExportTooSoon(last.created_at + export_interval())
        export = DataExport.objects.create(user=actor)
        audit_record(actor=actor, action="account.export_requested", target=actor)
        transaction.on_commit(partial(tasks.export_build_task.delay, export.pk))
    return export


def export_build(*, export_id: int) -> bool:
    """Write the ZIP: data.json with everything about the person, and their original files."""
    claimed = DataExport.objects.filter(pk=export_id, status=DataExport.Status.PENDING, file="").update(
        updated_at=timezone.now()
    )
    if not claimed:
        return False
    export = DataExport.objects.select_related("user").get(pk=export_id)
    user = export.user
    data: dict = {
        "generated_at": timezone.now().isoformat(),
        "profile": profile_data(user),
        "audit": audit_data(user),
    }
    files: list[tuple[str, object, str]] = []
    for participant in participants():
        if participant.export:
            data[participant.name] = participant.export(user)
        if participant.export_files:
            files.extend(participant.export_files(user))
    with tempfile.SpooledTemporaryFile(max_size=16 * 1024 * 1024) as spool:
        with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2, default=str))
            archive.writestr("README.txt", _export_readme())
            for arcname, storage, path in files:
                with storage.open(path, "rb") as source, archive.open(f"files/{arcname}", "w") as target:
                    while chunk := source.read(1024 * 1024):
                        target.write(chunk)
        size = spool.tell()
        spool.seek(0)
        name = f"tongsu-export-{user.pk}-{export.pk}.zip"
        export.file.save(name, File(spool, name=name), save=False)
    now = timezone.now()
    export.status = DataExport.Status.READY
    export.size = size
    export.ready_at = now
    export.expires_at = now + export_link_lifetime()
    export.save(update_fields=["file", "status", "size", "ready_at", "expires_at", "updated_at"])
    email_queue(
        to=user.email,
        template="export_ready",
        context={
            "export_url": settings.SITE_URL + reverse("accounts:export"),
            "expires_at": export.expires_at,
        },
        language=user.preferred_language or None,
        kind="security:export",
    )
    return True


def _export_readme() -> str:
    return (
        "同诉 Tongsu — 你的个人数据导出 / your personal data export\n\n"
        "data.json: 账户、成员身份、案情、同意记录、通知和与你有关的审计记录。\n"
        "           your profile, memberships, cases, consents, notifications and audit events about you.\n"
        "files/:    你上传的原始文件 / the original files you uploaded.\n"
    )


def exports_expire() -> int:
    """Delete export archives whose link has expired."""
    count = 0
    for export in DataExport.objects.filter(status=DataExport.Status.READY, expires_at__lte=timezone.now()):
        if export.file:
            export.file.delete(save=False)
        export.status = DataExport.Status.EXPIRED
        export.save(update_fields=["file", "status", "updated_at"])
        count += 1
    return count
