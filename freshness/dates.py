"""The review rule in one place: content is due for review six months after it was published or checked."""

import calendar
import datetime

REVIEW_MONTHS = 6
# The dashboard lists what is overdue and what falls due within this many days.
DUE_SOON_DAYS = 30


def add_months(day, months):
    """The same day of the month, `months` later; the last day of the month when it has no such day
    (31 August + 6 months = 28 or 29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def next_review(day):
    """The review-by date for content published or checked on `day`."""
    return add_months(day, REVIEW_MONTHS)


def due_soon_horizon(today):
    return today + datetime.timedelta(days=DUE_SOON_DAYS)
