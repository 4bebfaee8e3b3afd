from django.db import migrations, models
from django.db.models import Count, OuterRef, Subquery


def count_answers(apps, schema_editor):
    """Existing campaigns: how many active members answered a visible platform reply (their latest answer)."""
    ReplyFigures = apps.get_model("replies", "ReplyFigures")
    ReplyMark = apps.get_model("replies", "ReplyMark")
    for figures in ReplyFigures.objects.all().iterator():
        latest = ReplyMark.objects.filter(
            membership_id=OuterRef("membership_id"),
            reply__campaign_id=figures.campaign_id,
            reply__hidden_at__isnull=True,
        ).order_by("-updated_at", "-pk")
        answered = ReplyMark.objects.filter(
            reply__campaign_id=figures.campaign_id,
            reply__hidden_at__isnull=True,
            membership__status="active",
            pk=Subquery(latest.values("pk")[:1]),
        ).aggregate(n=Count("pk"))["n"]
        ReplyFigures.objects.filter(pk=figures.pk).update(answered_count=answered)


class Migration(migrations.Migration):
    dependencies = [
        ("replies", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="replyfigures",
            name="answered_count",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(count_answers, migrations.RunPython.noop),
        migrations.AddField(
            model_name="representative",
            name="language",
            field=models.CharField(blank=True, editable=False, max_length=10),
        ),
    ]
