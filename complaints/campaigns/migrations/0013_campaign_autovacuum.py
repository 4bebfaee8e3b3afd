"""PostgreSQL vacuums the campaign table after 1% of its rows changed, not PostgreSQL's default 20%.

Every join, leave and update changes its campaign's row (members_count, last_activity_at, roster_version). The
public lists count and page through open campaigns with index-only scans, which read a heap page for every
entry whose page changed since the last vacuum: after 2,460 joins spread over the bench's 20,000 campaigns,
counting the open ones read 14,003 rows (9.7 ms instead of 2; docs/bench.md). At the default scale factor
autovacuum waits for 4,050 changed rows of 20,000 and the lists stay that slow until then.
"""

from django.db import migrations

TABLE = "campaigns_campaign"


def vacuum_sooner(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE {TABLE} SET (autovacuum_vacuum_scale_factor = 0.01, "
            "autovacuum_analyze_scale_factor = 0.02)"
        )


def vacuum_as_default(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE {TABLE} RESET (autovacuum_vacuum_scale_factor, autovacuum_analyze_scale_factor)"
        )


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0012_page_indexes")]

    operations = [migrations.RunPython(vacuum_sooner, vacuum_as_default)]
