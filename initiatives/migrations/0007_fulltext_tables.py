"""The full-text tables of the search index on SQLite (FTS5; see ``ncc_portal.fulltext``).
On PostgreSQL the index lives in the ``search_<lang>`` columns, which hold analysed tokens now;
``manage.py rebuild_search_index --if-outdated`` after ``migrate`` fills both."""

from django.db import migrations

from ncc_portal.fulltext import CreateFullTextTables


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0006_partner_needs_from_flag"),
        ("ncc_portal", "0005_search_vocabulary"),
    ]

    operations = [
        CreateFullTextTables("initiatives_initiative"),
    ]
