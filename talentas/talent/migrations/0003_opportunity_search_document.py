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


# The expression selectors._matching_text filters on, as Django writes SearchVector("search_document", config="simple").
SEARCH_INDEX_SQL = (
    "CREATE INDEX IF NOT EXISTS talent_opportunity_search_gin ON talent_opportunity "
    "USING gin (to_tsvector('simple'::regconfig, COALESCE(search_document, ''::text)))"
)


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SEARCH_INDEX_SQL)


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS talent_opportunity_search_gin")


class Migration(migrations.Migration):
    dependencies = [
        ("talent", "0002_city_from_settings"),
    ]

    operations = [
        migrations.AddField(
            model_name="opportunity",
            name="search_document",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_search_documents, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(create_search_index, drop_search_index),
    ]
