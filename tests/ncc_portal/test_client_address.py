"""Behind a proxy, limits and logs see the visitor's address, not the proxy's (issue 14)."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from ncc_portal.middleware import ClientAddressBehindProxies


def _address(settings, count, forwarded, peer="10.0.0.2"):
    settings.TRUSTED_PROXY_COUNT = count
    seen = {}

    def view(request):
        seen["address"] = request.META["REMOTE_ADDR"]
        return HttpResponse()

    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    request = RequestFactory().get("/", REMOTE_ADDR=peer, **headers)
    ClientAddressBehindProxies(view)(request)
    return seen["address"]


@pytest.mark.parametrize(
    "count,forwarded,expected",
    [
        (0, "203.0.113.9", "10.0.0.2"),  # no proxy of ours: the header is the client's word
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # the client wrote the first entry
        (2, "198.51.100.1, 203.0.113.9, 10.0.0.5", "203.0.113.9"),
        (1, "2001:db8::1", "2001:db8::1"),
        (2, "203.0.113.9", "10.0.0.2"),  # did not come through both proxies
        (1, "not-an-address", "10.0.0.2"),
        (1, None, "10.0.0.2"),
    ],
)
def test_the_client_address_is_taken_from_the_trusted_proxies(settings, count, forwarded, expected):
    assert _address(settings, count, forwarded) == expected


@pytest.mark.django_db
def test_sign_in_limits_count_per_visitor_behind_the_proxy(client, settings, innovator):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip"}
    for _attempt in range(3):
        client.post(
            "/en/accounts/login/",
            {"login": "ines@example.org", "password": "wrong"},
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )
    blocked = client.post(
        "/en/accounts/login/",
        {"login": "ines@example.org", "password": "wrong"},
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert "Too many failed login attempts" in blocked.content.decode()
    other = client.post(
        "/en/accounts/login/",
        {"login": "ines@example.org", "password": "wrong"},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert "Too many failed login attempts" not in other.content.decode()
