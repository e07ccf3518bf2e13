"""Menus say whether their service is a phone call (and which number) or a walk-in at any hour,
instead of every emergency menu being labelled "call 112".

A catalog seeded before gets the numbers the seed now writes, so that 112 and the free ambulance
keep their call status on an existing site; a value already set (by Diskominfo) is kept.
"""

from __future__ import annotations

import django.core.validators
from django.apps.registry import Apps
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

# Written out, not imported from seed_data: a migration must keep doing what it did when written.
CALL_NUMBERS = {
    "siaga-112": "112",
    "ambulans-gratis": "112",
    "pemadam-kebakaran": "112",
    "penyelamatan-saat-banjir-dan-bencana": "112",
    "penanganan-hewan-liar": "112",
    "penanganan-pohon-tumbang-dan-puting-beliung": "112",
    "hotline-piket-bencana-24-jam": "021-5582144",
}
WALK_IN_24H = ("ugd-24-jam-di-19-puskesmas", "instalasi-gawat-darurat-24-jam")


def forwards(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Menu = apps.get_model("catalog", "Menu")
    for slug, number in CALL_NUMBERS.items():
        Menu.objects.filter(slug=slug, call_number="").update(call_number=number)
    Menu.objects.filter(slug__in=WALK_IN_24H).update(walk_in_24h=True)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0002_delete_catalogstate"),
    ]

    operations = [
        migrations.AddField(
            model_name="menu",
            name="call_number",
            field=models.CharField(
                blank=True,
                help_text="Only for a service that is a phone call, such as 112. Leave blank otherwise.",
                max_length=20,
                validators=[
                    django.core.validators.RegexValidator(
                        "^\\+?[0-9][0-9 -]{1,18}[0-9]$",
                        "Enter a phone number of digits, spaces and dashes only, such as 112 or 021-5582144.",
                    )
                ],
                verbose_name="number to call",
            ),
        ),
        migrations.AddField(
            model_name="menu",
            name="walk_in_24h",
            field=models.BooleanField(
                default=False,
                help_text="The service is given in person at any hour, without an appointment.",
                verbose_name="walk in, 24 hours",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True),
    ]
