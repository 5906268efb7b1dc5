"""Grouping's copies of the figures and of whether the text wrote the event date, filled from ``analysis``."""

from django.db import migrations, models

BATCH = 2000


def fill_from_analysis(apps, schema_editor):
    Item = apps.get_model("media", "Item")
    changed = []
    for item in Item.objects.exclude(analysis={}).only("pk", "analysis").iterator(chunk_size=BATCH):
        analysis = item.analysis or {}
        item.figures = [[f["unit"], float(f["value"])] for f in analysis.get("figures") or []]
        item.event_date_written = bool(analysis.get("event_date_written"))
        changed.append(item)
        if len(changed) >= BATCH:
            Item.objects.bulk_update(changed, ["figures", "event_date_written"])
            changed = []
    Item.objects.bulk_update(changed, ["figures", "event_date_written"])


class Migration(migrations.Migration):
    dependencies = [
        ("media", "0003_feed_poll_interval"),
    ]

    operations = [
        migrations.AddField(
            model_name="item",
            name="figures",
            field=models.JSONField(default=list, verbose_name="figures (unit, value)"),
        ),
        migrations.AddField(
            model_name="item",
            name="event_date_written",
            field=models.BooleanField(default=False, verbose_name="event date written in the text"),
        ),
        migrations.RunPython(fill_from_analysis, migrations.RunPython.noop),
    ]
