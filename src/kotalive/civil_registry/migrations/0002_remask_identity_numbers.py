"""Recompute the stored NIK/KK masks of the local population registry: the old ones showed the
serial (`3671********0001`), from which, with the birth date and kelurahan beside it, the whole
number could be rebuilt. The new mask keeps the first four digits only
(core.crypto.mask_identity_number), derived from the stored mask: nothing is decrypted.
"""

from __future__ import annotations

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

BATCH = 1000


def remask(stored: str) -> str:
    # Written out, not imported: a migration must keep doing what it did when it was written.
    return stored[:4] + "*" * 12 if len(stored) == 16 else "*" * len(stored)


def forwards(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    for model_name, field in (("Family", "kk_masked"), ("Person", "nik_masked")):
        model = apps.get_model("civil_registry", model_name)
        changed = []
        for row in model.objects.only("pk", field).iterator(BATCH):
            masked = remask(getattr(row, field))
            if masked != getattr(row, field):
                setattr(row, field, masked)
                changed.append(row)
        model.objects.bulk_update(changed, [field], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("civil_registry", "0001_initial")]

    # Not reversible in substance (the serial is gone from the masks); going back keeps them.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
