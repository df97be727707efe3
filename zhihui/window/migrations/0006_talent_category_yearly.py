from django.db import migrations


def yearly(apps, schema_editor):
    # A recognised talent may be re-recognised in a higher class in a later year.
    apps.get_model("window", "Service").objects.filter(code="talent_category").update(period_kind="year")


def once(apps, schema_editor):
    apps.get_model("window", "Service").objects.filter(code="talent_category").update(period_kind="once")


class Migration(migrations.Migration):
    dependencies = [("window", "0005_seed_study_programme")]
    operations = [migrations.RunPython(yearly, once)]
