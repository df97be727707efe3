"""The job board's full-text search on PostgreSQL: a stored generated tsvector column of the
bigram text and its GIN index. SQLite has neither and searches with LIKE (zhihui/market/search.py).
The model does not declare the column: it is written by PostgreSQL itself."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE market_posting ADD COLUMN IF NOT EXISTS search_vector tsvector "
            "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, COALESCE(search_text, ''))) STORED"
        )
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS market_posting_search_gin ON market_posting USING gin (search_vector)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS market_posting_search_gin")
        schema_editor.execute("ALTER TABLE market_posting DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [("market", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
