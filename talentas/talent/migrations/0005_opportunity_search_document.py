from django.db import migrations, models

from talentas.talent import search


def fill_search_documents(apps, schema_editor):
    """Opportunities posted before the job board's full-text search get their documents once."""
    Opportunity = apps.get_model("talent", "Opportunity")
    OpportunitySkill = apps.get_model("talent", "OpportunitySkill")
    for opportunity in Opportunity.objects.select_related("organisation", "occupation").iterator(chunk_size=500):
        occupation = opportunity.occupation
        labels = OpportunitySkill.objects.filter(opportunity=opportunity).values_list(
            "skill__label_en", "skill__label_lt"
        )
        opportunity.search_document = search.search_document(
            search.opportunity_texts(
                title=opportunity.title,
                description=opportunity.description,
                organisation=opportunity.organisation.name,
                occupation_labels=[occupation.label_en, occupation.label_lt] if occupation else [],
                skill_labels=[label for pair in labels for label in pair],
            )
        )
        opportunity.save(update_fields=["search_document"])


# PostgreSQL only: the document as a stored tsvector (a generated column the model does not declare, since SQLite
# has no such type) and its GIN index; selectors._matching_text reads it. The database keeps it in step.
SEARCH_VECTOR_SQL = [
    "ALTER TABLE talent_opportunity ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_document)) STORED",
    "CREATE INDEX IF NOT EXISTS talent_opportunity_search_gin ON talent_opportunity USING gin (search_vector)",
]


def create_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in SEARCH_VECTOR_SQL:
            schema_editor.execute(statement)


def drop_search_vector(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE talent_opportunity DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [
        ("talent", "0004_external_keys_for_imports"),
    ]

    operations = [
        migrations.AddField(
            model_name="opportunity",
            name="search_document",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_search_documents, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(create_search_vector, drop_search_vector),
    ]
