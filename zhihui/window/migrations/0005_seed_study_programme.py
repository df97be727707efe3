from django.db import migrations


def seed(apps, schema_editor):
    from zhihui.window.catalogue import seed as do_seed

    do_seed(apps.get_model("window", "Service"), apps.get_model("window", "Quota"), apps.get_model("window", "TalentPool"))


class Migration(migrations.Migration):
    dependencies = [("window", "0004_quota_per_year")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
