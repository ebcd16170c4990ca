"""A list holds each resource and each case study at most once, now also by database constraint
(the service already kept to it)."""

from django.db import migrations, models


def drop_duplicates(apps, schema_editor):
    # Keep the first bookmark of each target in a list.
    Bookmark = apps.get_model("ecosystem", "Bookmark")
    seen = set()
    for bookmark in Bookmark.objects.order_by("created_at", "pk"):
        key = (bookmark.bookmark_list_id, bookmark.resource_id, bookmark.case_study_id)
        if key in seen:
            bookmark.delete()
        else:
            seen.add(key)


class Migration(migrations.Migration):
    dependencies = [("ecosystem", "0003_saved_search_emails_switch")]

    operations = [
        migrations.RunPython(drop_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="bookmark",
            constraint=models.UniqueConstraint(
                condition=models.Q(("resource__isnull", False)),
                fields=("bookmark_list", "resource"),
                name="bookmark_resource_once_per_list",
            ),
        ),
        migrations.AddConstraint(
            model_name="bookmark",
            constraint=models.UniqueConstraint(
                condition=models.Q(("case_study__isnull", False)),
                fields=("bookmark_list", "case_study"),
                name="bookmark_case_study_once_per_list",
            ),
        ),
    ]
