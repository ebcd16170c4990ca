"""Rebuild the case studies' search vectors: a missing translation now falls back to the case
study's original language first (ncc_portal.fallback), and search should find what readers
see.

Superseded: the search index is now built by ``ncc_portal.fulltext``, with ``manage.py
rebuild_search_index --if-outdated`` after ``migrate`` (``make run``, the release step); this
step does nothing.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("ecosystem", "0004_bookmark_once_per_list")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
