"""The audiences of the resource library in the five languages (reference data, read from
``data/audiences.yaml``)."""

from pathlib import Path

from ncc_portal.datafiles import load_yaml

from ..models import Audience

DATA = Path(__file__).resolve().parent / "data" / "audiences.yaml"


def load_audiences():
    for audience in load_yaml(DATA)["audiences"]:
        Audience.objects.update_or_create(
            slug=audience["slug"],
            defaults={f"name_{code}": name for code, name in audience["name"].items()},
        )
