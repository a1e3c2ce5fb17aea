"""The exhibition's search index (exhibition/search.py): a table of documents, and per database
the index that searches it.

- SQLite: an FTS5 table over the documents' columns, external content (it stores no second copy of
  the text), kept in step by triggers; tokenizer ``unicode61 remove_diacritics 2`` (the text arrives
  already normalised and tokenised by search_text.py, so this only splits on the spaces).
- PostgreSQL: a GIN index on the ``tsvector`` column ``vector``.

The documents are filled by the application (signals) and by ``pavilion reindex-exhibition``;
booths that exist before this migration are indexed after ``migrate`` (see apps.py).
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

SQLITE_CREATE = [
    """
    CREATE VIRTUAL TABLE exhibition_searchdocument_fts USING fts5(
        title, labels, body, surroundings,
        content='exhibition_searchdocument', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER exhibition_searchdocument_fts_insert AFTER INSERT ON exhibition_searchdocument BEGIN
        INSERT INTO exhibition_searchdocument_fts(rowid, title, labels, body, surroundings)
        VALUES (new.id, new.title, new.labels, new.body, new.surroundings);
    END
    """,
    """
    CREATE TRIGGER exhibition_searchdocument_fts_delete AFTER DELETE ON exhibition_searchdocument BEGIN
        INSERT INTO exhibition_searchdocument_fts(exhibition_searchdocument_fts, rowid, title, labels, body, surroundings)
        VALUES ('delete', old.id, old.title, old.labels, old.body, old.surroundings);
    END
    """,
    """
    CREATE TRIGGER exhibition_searchdocument_fts_update AFTER UPDATE ON exhibition_searchdocument BEGIN
        INSERT INTO exhibition_searchdocument_fts(exhibition_searchdocument_fts, rowid, title, labels, body, surroundings)
        VALUES ('delete', old.id, old.title, old.labels, old.body, old.surroundings);
        INSERT INTO exhibition_searchdocument_fts(rowid, title, labels, body, surroundings)
        VALUES (new.id, new.title, new.labels, new.body, new.surroundings);
    END
    """,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS exhibition_searchdocument_fts_update",
    "DROP TRIGGER IF EXISTS exhibition_searchdocument_fts_delete",
    "DROP TRIGGER IF EXISTS exhibition_searchdocument_fts_insert",
    "DROP TABLE IF EXISTS exhibition_searchdocument_fts",
]
POSTGRESQL_CREATE = [
    "CREATE INDEX exhibition_searchdocument_vector ON exhibition_searchdocument USING gin (vector)",
]
POSTGRESQL_DROP = ["DROP INDEX IF EXISTS exhibition_searchdocument_vector"]


def _run(schema_editor, statements_by_vendor):
    for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def create_text_index(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_CREATE, "postgresql": POSTGRESQL_CREATE})


def drop_text_index(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP})


class Migration(migrations.Migration):

    dependencies = [
        ('exhibition', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.TextField(blank=True)),
                ('labels', models.TextField(blank=True)),
                ('body', models.TextField(blank=True)),
                ('surroundings', models.TextField(blank=True)),
                ('vector', django.contrib.postgres.search.SearchVectorField(null=True)),
                ('booth', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='search_documents', to='exhibition.booth')),
                ('product', models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='search_documents', to='exhibition.product')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('product',), name='search_document_once_per_product'), models.UniqueConstraint(condition=models.Q(('product__isnull', True)), fields=('booth',), name='search_document_once_per_booth')],
            },
        ),
        migrations.RunPython(create_text_index, drop_text_index, elidable=False),
    ]
