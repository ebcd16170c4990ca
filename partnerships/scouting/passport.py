"""An initiative's transferability passport: the registry's replication facts, labelled, and
what is still missing from them."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ncc_portal.choices import Language


@dataclass(frozen=True)
class PassportItem:
    key: str
    label: str  # a lazy translation
    value: str  # as shown; "" when missing
    field: str = ""  # the initiative's translated text field it shows, for its lang attribute

    @property
    def missing(self):
        return not self.value


def _languages(codes):
    labels = dict(Language.choices)
    return ", ".join(str(labels.get(code, code)) for code in codes)


def passport(initiative):
    """The passport's items, in the order the dossier and the card show them."""
    return [
        PassportItem(
            "open_for_replication",
            _("Open for replication"),
            str(_("Yes")) if initiative.open_for_replication else "",
        ),
        PassportItem(
            "replication_conditions",
            _("Conditions for a replication"),
            initiative.replication_conditions or "",
            field="replication_conditions",
        ),
        PassportItem(
            "replication_cost",
            _("Cost range of a replication"),
            initiative.get_replication_cost_display() if initiative.replication_cost else "",
        ),
        PassportItem(
            "replication_materials",
            _("Materials for replicators"),
            initiative.replication_materials or "",
            field="replication_materials",
        ),
        PassportItem(
            "materials_languages",
            _("Languages of the materials"),
            _languages(initiative.materials_languages or []),
        ),
        PassportItem(
            "materials_licence",
            _("Licence of the materials"),
            initiative.get_materials_licence_display() if initiative.materials_licence else "",
        ),
        PassportItem(
            "evidence",
            _("Evidence of impact"),
            initiative.get_evidence_display() if initiative.evidence else "",
        ),
    ]


def missing(initiative):
    """The labels of the passport's items that the initiative has not filled in yet."""
    return [item.label for item in passport(initiative) if item.missing]
