"""A coordinator asks for an Estonian registry overview and downloads it when it is ready."""

import pytest

from ..factories import CoordinatorFactory, InitiativeFactory, NationalCentreFactory
from .conftest import log_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_requests_an_estonian_overview_and_downloads_it(
    redis_worker,
    page,
    live_server,
    assert_accessible,
    reference_data,
    settings,
    tmp_path,
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    coordinator = CoordinatorFactory(
        email="kadri@ncc-ee.example", centre=NationalCentreFactory(country="EE"), language="et"
    )
    InitiativeFactory(
        title_en="Digital helpers", title_et="Digiabilised", country="EE", regions=["EE001"]
    )
    log_in_as(page, live_server, coordinator)

    page.goto("/et/dashboard/")
    assert page.locator("html").get_attribute("lang") == "et"
    assert_accessible(page)

    page.goto("/et/reports/new/")
    assert_accessible(page)
    page.select_option("select[name=kind]", "registry-overview")
    page.select_option("select[name=country]", "EE")
    page.select_option("select[name=language]", "et")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/et/reports/")
    assert_accessible(page)

    # The worker builds it; the page follows the status by itself until the link appears.
    download_link = page.locator("#report-table a[href$='/download/']")
    download_link.wait_for(timeout=60_000)
    assert_accessible(page)
    with page.expect_download() as download_info:
        download_link.click()
    path = download_info.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert download_info.value.suggested_filename.endswith("-et.pdf")

    page.locator("#report-table a").first.click()
    assert_accessible(page)
