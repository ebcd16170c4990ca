import re
import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core import mail

from ncc_portal.models import PublicSectorRequest, Role, User

from ..factories import (
    TEST_PASSWORD,
    TEST_TOTP_SECRET,
    CoordinatorFactory,
    NationalCentreFactory,
    PublicSectorRequestFactory,
    has_totp,
)
from .conftest import link_in, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def current_code(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_sign_up_verify_sign_in_and_switch_language(page, live_server, assert_accessible):
    page.goto("/en/")
    assert_accessible(page)
    page.get_by_role("link", name="Sign up").click()
    assert_accessible(page)
    page.fill("input[name=email]", "newcomer@example.org")
    page.fill("input[name=password1]", TEST_PASSWORD)
    page.fill("input[name=password2]", TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/confirm-email/")
    assert_accessible(page)

    # The verification email links back to the portal.
    assert len(mail.outbox) == 1
    link = link_in(mail.outbox[0].body)
    page.goto(link.replace("http://testserver", live_server.url))
    assert_accessible(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/en/")
    assert page.get_by_role("button", name="Sign out").is_visible()
    assert User.objects.get(email="newcomer@example.org").role == Role.INNOVATOR

    # Sign out, sign in again with the verified address.
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/en/")
    sign_in(page, "newcomer@example.org", TEST_PASSWORD)
    page.wait_for_url("**/en/")
    page.goto("/en/accounts/profile/")
    assert_accessible(page)

    # Switching the language keeps the page.
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Eesti").click()
    page.wait_for_url("**/et/accounts/profile/")
    assert page.locator("html").get_attribute("lang") == "et"
    assert_accessible(page)


def test_coordinator_sets_up_two_factor_authentication_then_needs_it(
    page, live_server, assert_accessible
):
    coordinator = CoordinatorFactory(
        email="kadri@ncc-ee.example",
        centre=NationalCentreFactory(country="EE"),
        language="et",
        with_totp=False,
    )
    sign_in(page, coordinator.email, TEST_PASSWORD, language="et")
    # Every page leads to the set-up until two-factor authentication is on.
    page.wait_for_url("**/accounts/**")
    if "/reauthenticate/" in page.url:
        assert_accessible(page)
        page.fill("input[name=password]", TEST_PASSWORD)
        page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/et/accounts/2fa/totp/activate/")
    assert_accessible(page)
    secret = re.sub(r"\s", "", page.locator("input#authenticator_secret").input_value())
    page.fill("input[name=code]", current_code(secret))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/et/accounts/2fa/.*"))
    assert has_totp(coordinator)

    # The next sign-in asks for the code.
    page.context.clear_cookies()
    sign_in(page, coordinator.email, TEST_PASSWORD, language="et")
    page.wait_for_url("**/et/accounts/2fa/authenticate/")
    assert_accessible(page)
    # A code is accepted once: wait for the next period if this one was used for the set-up.
    time.sleep(31 - time.time() % 30)
    page.fill("input[name=code]", current_code(secret))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/et/")
    page.goto("/et/role-requests/")
    assert page.locator("h1").inner_text() != ""
    assert_accessible(page)


def test_coordinator_approves_a_public_sector_request(page, live_server, assert_accessible):
    coordinator = CoordinatorFactory(
        email="koen@ncc-nl.example", centre=NationalCentreFactory(country="NL"), language="nl"
    )
    role_request = PublicSectorRequestFactory(
        organisation__country="NL", organisation__name="Ministerie (test)", user__language="nl"
    )
    sign_in(page, coordinator.email, TEST_PASSWORD, language="nl")
    page.wait_for_url("**/nl/accounts/2fa/authenticate/")
    page.fill("input[name=code]", current_code(TEST_TOTP_SECRET))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/nl/")
    page.goto("/nl/role-requests/")
    assert_accessible(page)
    page.locator("table a").first.click()
    assert_accessible(page)
    page.locator("input[name=decision][value=approve]").check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/nl/role-requests/")
    assert_accessible(page)
    role_request.refresh_from_db()
    assert role_request.status == "approved"
    assert PublicSectorRequest.objects.get(pk=role_request.pk).user.role == Role.PUBLIC_SECTOR
    assert mail.outbox[-1].to == [role_request.user.email]
