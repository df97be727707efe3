"""Benefit services take their title, clause and applicant kind from the policy package
(issue 11): rows seeded from the window's former second list are corrected in place."""

from django.db import migrations


def sync(apps, schema_editor):
    from zhihui.window.catalogue import seed as do_seed

    do_seed(apps.get_model("window", "Service"), apps.get_model("window", "Quota"), apps.get_model("window", "TalentPool"))


class Migration(migrations.Migration):
    dependencies = [("window", "0007_due_date_provisional")]
    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
