"""Search index for campaigns: FTS5 with the trigram tokenizer on SQLite, pg_trgm GIN indexes on PostgreSQL.

Both serve substring matches in text without spaces (Chinese); see complaints.campaigns.search.
"""

import unicodedata

from django.db import migrations

SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS campaigns_campaign_fts USING fts5(search_text, tokenize='trigram')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS campaigns_campaign_fts"]
POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS campaign_search_trgm ON campaigns_campaign USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS platform_search_trgm ON campaigns_platform USING gin (search_names gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS campaign_search_trgm",
    "DROP INDEX IF EXISTS platform_search_trgm",
]


def _run(schema_editor, statements):
    for sql in statements:
        schema_editor.execute(sql)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_FORWARD)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES_FORWARD)
    # Platforms created before search_names existed.
    Platform = apps.get_model("campaigns", "Platform")
    for platform in Platform.objects.all():
        parts = [
            platform.name,
            platform.name_en,
            platform.legal_entity,
            *[str(a) for a in platform.aliases or []],
        ]
        text = unicodedata.normalize("NFKC", " | ".join(parts)).casefold()
        Platform.objects.filter(pk=platform.pk).update(search_names=" ".join(text.split()))


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _run(schema_editor, SQLITE_BACKWARD)
    elif vendor == "postgresql":
        _run(schema_editor, POSTGRES_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0002_campaigns_memberships_cases")]
    operations = [migrations.RunPython(forwards, backwards)]
