"""Recompute the stored NIK/KK masks: the old ones showed the serial (`3671********0001`), and with
the birth date, sex and kelurahan shown beside them the whole number could be rebuilt.

The new mask keeps the first four digits only (core.crypto.mask_identity_number), and those are
in the old mask too, so it is derived from the stored mask: nothing is decrypted.
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
    ResidentIdentity = apps.get_model("accounts", "ResidentIdentity")
    changed = []
    for row in ResidentIdentity.objects.only("pk", "nik_masked", "kk_masked").iterator(BATCH):
        nik, kk = remask(row.nik_masked), remask(row.kk_masked)
        if (nik, kk) != (row.nik_masked, row.kk_masked):
            row.nik_masked, row.kk_masked = nik, kk
            changed.append(row)
    ResidentIdentity.objects.bulk_update(changed, ["nik_masked", "kk_masked"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    # Not reversible in substance (the serial is gone from the masks); going back keeps them.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
