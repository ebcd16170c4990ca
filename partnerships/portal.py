"""Partnerships' parts of the portal (see ``ncc_portal.parts``)."""

from ncc_portal import parts

parts.url_modules.register(parts.UrlModule("partnerships", "partnerships.site_urls", order=40))

# Partner profiles (partnerships/profiles/).

# Matchmaking and introductions (partnerships/matching.py, partnerships/introductions/).

# Scouting for up-scaling (partnerships/scouting/).
