"""Each language writes dates and times its own way: 24-hour clock, day before month."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import translation

MOMENT = datetime(2026, 12, 6, 17, 37, tzinfo=ZoneInfo("Europe/Berlin"))


@pytest.mark.parametrize(
    "language,short_datetime,date,datetime_",
    [
        ("de", "06.12.2026 17:37", "6. Dezember 2026", "6. Dezember 2026 17:37"),
        ("en", "06/12/2026 17:37", "6 December 2026", "6 December 2026, 17:37"),
        ("et", "06.12.2026 17:37", "6. detsember 2026", "6. detsember 2026 17:37"),
        ("nl", "6-12-2026 17:37", "6 december 2026", "6 december 2026 17:37"),
        ("fr", "06/12/2026 17:37", "6 décembre 2026", "6 décembre 2026 17:37"),
    ],
)
def test_dates_and_times_follow_the_language(language, short_datetime, date, datetime_):
    template = Template(
        '{{ m|date:"SHORT_DATETIME_FORMAT" }}|{{ m|date:"DATE_FORMAT" }}|{{ m }}|'
        '{{ m|date:"TIME_FORMAT" }}'
    )
    with translation.override(language):
        rendered = template.render(Context({"m": MOMENT}))
    assert rendered == f"{short_datetime}|{date}|{datetime_}|17:37"
