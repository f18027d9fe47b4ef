"""Monitoring's own notifications become the platform's notices, then their table goes.

Each row keeps its person, text, link, read time and creation time; its key gets the `monitoring.` prefix the
service now uses (so it cannot meet another app's key, and a reminder already sent is not sent again), and
`emailed_at` is its creation time: its e-mail went out when it was made."""

from django.db import migrations

PREFIX = "monitoring."


def copy_to_notices(apps, schema_editor):
    Notification = apps.get_model("monitoring", "Notification")
    Notice = apps.get_model("notices", "Notice")
    taken = set(Notice.objects.filter(key__startswith=PREFIX).values_list("user_id", "key"))
    moved, times = [], []
    for note in Notification.objects.order_by("pk").iterator():
        key = note.key if note.key.startswith(PREFIX) else f"{PREFIX}{note.key}"
        if (note.user_id, key) in taken:
            continue
        taken.add((note.user_id, key))
        moved.append(
            Notice(
                user_id=note.user_id,
                key=key,
                title=note.title,
                body=note.body,
                url=note.url,
                email=True,
                emailed_at=note.created_at,
                read_at=note.read_at,
            )
        )
        times.append((note.created_at, note.updated_at))
    Notice.objects.bulk_create(moved, batch_size=500)
    # The timestamps are set on save (auto_now), so the original ones are written back afterwards.
    for notice, (created_at, updated_at) in zip(moved, times, strict=True):
        notice.created_at, notice.updated_at = created_at, updated_at
    Notice.objects.bulk_update(moved, ["created_at", "updated_at"], batch_size=500)


def copy_back(apps, schema_editor):
    Notification = apps.get_model("monitoring", "Notification")
    Notice = apps.get_model("notices", "Notice")
    Notification.objects.bulk_create(
        [
            Notification(
                user_id=notice.user_id,
                key=notice.key.removeprefix(PREFIX),
                title=notice.title,
                body=notice.body,
                url=notice.url,
                read_at=notice.read_at,
            )
            for notice in Notice.objects.filter(key__startswith=PREFIX).iterator()
        ],
        batch_size=500,
    )
    Notice.objects.filter(key__startswith=PREFIX).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0007_spreadsheet_imports"),
        ("notices", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_to_notices, copy_back),
        migrations.DeleteModel(name="Notification"),
    ]
