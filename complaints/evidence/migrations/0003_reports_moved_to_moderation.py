"""Evidence reports move to the one report mechanism of the moderation app (moderation.Report)."""

from django.db import migrations
from django.db.models import Count, Max, Min


def move_reports(apps, schema_editor):
    EvidenceReport = apps.get_model("evidence", "EvidenceReport")
    ReportedContent = apps.get_model("moderation", "ReportedContent")
    Report = apps.get_model("moderation", "Report")
    per_item = EvidenceReport.objects.values("item_id").annotate(
        n=Count("id"), first=Min("created_at"), last=Max("created_at")
    )
    for row in per_item.iterator():
        content, _created = ReportedContent.objects.get_or_create(
            target_type="evidence.evidenceitem",
            target_id=str(row["item_id"]),
            defaults={"reports_count": row["n"], "last_reported_at": row["last"]},
        )
        for report in EvidenceReport.objects.filter(item_id=row["item_id"]).iterator():
            Report.objects.get_or_create(
                content=content, reporter_id=report.reporter_id, defaults={"reason": report.reason or "-"}
            )
        ReportedContent.objects.filter(pk=content.pk).update(
            first_reported_at=row["first"], reports_count=Report.objects.filter(content=content).count()
        )


class Migration(migrations.Migration):
    dependencies = [
        ("evidence", "0002_retention"),
        ("moderation", "0001_claims_and_reports"),
    ]

    operations = [
        migrations.RunPython(move_reports, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="evidencereport", name="evidence_report_once"),
        migrations.DeleteModel(name="EvidenceReport"),
    ]
