from django.apps import AppConfig


class EcosystemConfig(AppConfig):
    name = "ecosystem"
