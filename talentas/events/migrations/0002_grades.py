from django.db import migrations


def make_grades(apps, schema_editor):
    Grade = apps.get_model("events", "Grade")
    Grade.objects.bulk_create([Grade(number=number) for number in range(1, 13)], ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("events", "0001_initial")]

    operations = [migrations.RunPython(make_grades, migrations.RunPython.noop)]
