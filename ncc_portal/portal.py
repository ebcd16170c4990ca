"""The core's own parts, registered like any app's (see ``parts``)."""

from django.utils.translation import gettext_lazy as _

from . import demo, parts, reference, services

parts.navigation.register(
    parts.NavigationEntry("organisations:organisation-list", _("Organisations"), order=90)
)
parts.data_export.register(
    parts.DataExportSection(
        "account",
        export=services.export_account_data,
        erase=services.erase_account_data,
        order=0,
    )
)
parts.reference_data.register(parts.ReferenceLoader("regions", reference.load_regions, order=10))
parts.reference_data.register(
    parts.ReferenceLoader("vocabularies", reference.load_vocabularies, order=20)
)
for order, (name, seed) in enumerate(
    [
        ("reference-data", reference.load_reference_data),
        ("centres", demo.seed_centres),
        ("organisations", demo.seed_organisations),
        ("users", demo.seed_users),
        ("role-requests", demo.seed_role_requests),
    ],
    start=1,
):
    parts.demo_steps.register(parts.DemoStep(name, seed, order=order * 10))
