from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class NccPortalConfig(AppConfig):
    name = "ncc_portal"
    verbose_name = _("NCC Portal")

    def ready(self):
        from . import parts
        from .celery import app as celery_app
        from .centres import forget_deployment_centre
        from .models import NationalCentre, Region, SustainableDevelopmentGoal, TargetGroup, Theme
        from .siteaddress import check_site_url
        from .vocabularies import vocabularies_changed

        # The project's only signals: they invalidate caches.
        post_save.connect(forget_deployment_centre, sender=NationalCentre)
        for vocabulary in [Theme, SustainableDevelopmentGoal, TargetGroup, Region]:
            post_save.connect(vocabularies_changed, sender=vocabulary)
            post_delete.connect(vocabularies_changed, sender=vocabulary)
        checks.register(check_site_url, checks.Tags.security, deploy=True)
        # Every installed app (the core too) registers its parts in its portal.py.
        parts.autodiscover()
        # Every app's tasks.py, so that services can queue tasks by name (``run_task``).
        celery_app.autodiscover_tasks(force=True)
