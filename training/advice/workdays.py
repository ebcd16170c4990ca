"""Working-day arithmetic for the advice desk's response target.

A working day is Monday to Friday. Public holidays are *not* counted as days off: they differ
between the four countries (and between German Länder), and a target of "10 working days" is a
promise the centre keeps in a normal week. A centre that wants to allow for holidays sets a
slightly longer target on its desk's settings page.

Days are counted in the portal's time zone (``TIME_ZONE``), which is where the centres work.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

SATURDAY = 5


def is_working_day(day: date) -> bool:
    return day.weekday() < SATURDAY


def add_working_days(start: datetime, days: int) -> datetime:
    """The moment ``days`` working days after ``start``, at the same time of day.

    A question asked on a Saturday or Sunday starts to count on Monday morning, so "one
    working day" from the weekend ends on Tuesday at midnight (the end of Monday)."""
    local = timezone.localtime(start)
    if not is_working_day(local.date()):
        day = local.date()
        while not is_working_day(day):
            day += timedelta(days=1)
        local = timezone.make_aware(datetime.combine(day, time.min))
    moment = local
    added = 0
    while added < days:
        moment += timedelta(days=1)
        if is_working_day(moment.date()):
            added += 1
    # Rebuilt from the wall-clock time so that a change to or from summer time keeps the hour.
    return timezone.make_aware(datetime.combine(moment.date(), moment.time()))


def working_days_between(start: datetime, end: datetime) -> int:
    """How many working days have begun after ``start`` up to ``end`` (0 on the same day, and
    0 from Friday evening to Sunday)."""
    first = timezone.localtime(start).date()
    last = timezone.localtime(end).date()
    count = 0
    day = first + timedelta(days=1)
    while day <= last:
        if is_working_day(day):
            count += 1
        day += timedelta(days=1)
    return count
