"""The reporter's name is public only by their choice (issue 9): `reporter_hidden` (shown unless
hidden) becomes `reporter_name_public` (hidden unless shown). No earlier reporter ever chose to
show their name (showing was the default), so every existing case starts hidden."""

from __future__ import annotations

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0004_complaint_fewer_indexes"),
    ]

    operations = [
        migrations.RemoveField(model_name="complaint", name="reporter_hidden"),
        migrations.AddField(
            model_name="complaint",
            name="reporter_name_public",
            field=models.BooleanField(default=False),
        ),
    ]
