"""The registries apps plug their parts into (``ncc_portal.parts``)."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from ncc_portal import parts

ROOT = Path(__file__).resolve().parents[2]


def test_registering_a_name_twice_is_refused_with_a_clear_message():
    registry = parts.Registry("demo-seeding steps")
    registry.register(parts.DemoStep("library", seed=lambda: None, order=20))
    with pytest.raises(ImproperlyConfigured, match="Two demo-seeding steps are registered as"):
        registry.register(parts.DemoStep("library", seed=lambda: None, order=30))


def test_parts_come_in_their_order_then_in_the_order_of_registration():
    registry = parts.Registry("navigation entries")
    for url_name, order in [("c", 20), ("a", 10), ("b", 20), ("d", 5)]:
        registry.register(parts.NavigationEntry(url_name, url_name, order=order))
    assert [entry.url_name for entry in registry] == ["d", "a", "c", "b"]
    assert "main:a" in registry and "main:x" not in registry and len(registry) == 4


def test_every_app_registers_its_parts_at_start_up():
    assert [kind.name for kind in parts.report_kinds] == [
        "initiative-profile",
        "registry-overview",
        "case-study",
        "country-ecosystem",
        "training-certificate",
        "training-activity",
        "upscaling-dossier",
    ]
    assert [panel.name for panel in parts.dashboard_panels] == [
        "initiatives.at-a-glance",
        "initiatives.monthly",
        "ecosystem.most-downloaded",
        "initiatives.map",
        "initiatives.tables",
        "training.activity",
        "training.support",
        "partnerships.pipeline",
    ]
    assert [section.name for section in parts.data_export] == [
        "account",
        "initiatives",
        "ecosystem",
        "training",
        "training.mentoring",
        "training.advice",
        "partnerships.introductions",
        "partnerships.watches",
    ]
    assert [loader.name for loader in parts.reference_data] == [
        "regions",
        "vocabularies",
        "ecosystem.audiences",
    ]
    steps = [step.name for step in parts.demo_steps]
    assert steps[:5] == ["reference-data", "centres", "organisations", "users", "role-requests"]
    assert steps[5:] == [
        "initiatives",
        "ecosystem.case-studies",
        "ecosystem.library",
        "ecosystem.strategy",
        "training",
        "training.mentoring",
        "training.advice",
        "partnerships.profiles",
        "partnerships.introductions",
        "partnerships.scouting",
    ]
    assert [step.name for step in parts.bench_steps] == [
        "initiatives",
        "library",
        "training",
        "partnerships",
    ]
    assert [mount.module for mount in parts.url_modules] == [
        "initiatives.site_urls",
        "ecosystem.site_urls",
        "training.site_urls",
        "training.certificate_urls",
        "training.mentoring.site_urls",
        "training.advice.site_urls",
        "partnerships.site_urls",
    ]
    assert [resource.prefix for resource in parts.api_resources] == [
        "initiatives",
        "case-studies",
        "resources",
        "training-offers",
        "partner-profiles",
        "themes",
        "sdgs",
        "target-groups",
        "regions",
    ]


def test_a_duplicate_part_stops_the_start_up(tmp_path):
    """An app that registers a name another app has already taken: Django does not start."""
    app = tmp_path / "clashing_app"
    app.mkdir()
    (app / "__init__.py").write_text("")
    (app / "portal.py").write_text(
        "from ncc_portal import parts\n"
        "from initiatives.reports import REGISTRY_OVERVIEW\n"
        "parts.report_kinds.register(REGISTRY_OVERVIEW)\n"
    )
    (tmp_path / "clashing_settings.py").write_text(
        "from ncc_portal.settings import *  # noqa\n"
        "INSTALLED_APPS = [*INSTALLED_APPS, 'clashing_app']\n"
    )
    code = "import django; django.setup()"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            "PYTHONPATH": f"{tmp_path}:{ROOT}",
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "clashing_settings",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: Two report kinds are registered as 'registry-overview'" in (
        result.stderr
    )


def test_the_core_imports_no_app_and_no_package_has_an_import_cycle():
    """The contracts of pyproject.toml, checked as `make lint` checks them."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.django_db
def test_menus_are_built_from_the_registered_entries(client, innovator, coordinator_de):
    anonymous = client.get("/en/").context
    assert [e["label"] for e in anonymous["main_menu"]] == [
        "Initiatives",
        "Ecosystems",
        "Training and events",
        "Partners",
        "Library",
        "Organisations",
    ]
    assert anonymous["mine_menu"] == [] and anonymous["coordination_menu"] == []

    client.force_login(innovator)
    context = client.get("/en/accounts/profile/").context
    assert [e["label"] for e in context["mine_menu"]] == [
        "My initiatives",
        "My training and events",
        "Mentoring",
        "My partner matches",
    ]
    assert context["coordination_menu"] == []
    account = [(e["label"], e["current"]) for e in context["account_menu"]]
    assert account == [
        ("Profile and organisations", True),
        ("Email addresses", False),
        ("Password", False),
        ("Two-factor authentication", False),
        ("My lists", False),
        ("Saved searches", False),
        ("Partner alerts", False),
        ("Public-sector role", False),
        ("Your data", False),
    ]

    client.force_login(coordinator_de)
    html = client.get("/en/dashboard/").content.decode()
    coordination = [e["label"] for e in client.get("/en/dashboard/").context["coordination_menu"]]
    assert coordination == [
        "Dashboard",
        "Review queue",
        "Reports",
        "Training offers",
        "Mentoring",
        "Advice queue",
        "Role requests",
        "Partner profiles to review",
        "Partnerships",
        "Scouting board",
        "Peer portals",
        "Researchers",
    ]
    assert 'href="/en/initiatives/review/"' in html


@pytest.mark.django_db
def test_two_export_sections_cannot_write_the_same_key(monkeypatch, innovator):
    from ncc_portal import services

    registry = parts.Registry("data-export sections")
    registry.register(parts.data_export.get("account"))
    registry.register(parts.DataExportSection("clash", export=lambda user: {"account": {}}))
    monkeypatch.setattr(parts, "data_export", registry)
    with pytest.raises(ImproperlyConfigured, match=r"'clash' repeats the keys \['account'\]"):
        services.export_personal_data(innovator)
