from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class NccPortalConfig(AppConfig):
    name = "ncc_portal"
    verbose_name = _("NCC Portal")

    def ready(self):
        from .centres import forget_deployment_centre
        from .models import NationalCentre

        # The only signal in the project: it invalidates a cache.
        post_save.connect(forget_deployment_centre, sender=NationalCentre)
