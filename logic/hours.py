"""A channel's opening hours and its typical reply time: plain functions, no ORM.

A schedule is a list of ``(weekday, hour_from, hour_to)``: weekday 0 is Monday
(``datetime.weekday()``), hours are floats of the channel's local time from 0 to
24 (8.5 is 08:30), ``hour_from < hour_to``; a night shift is two lines, one
until 24 and one from 0."""
import math

import pytz

# Below this many answered chats in the window, a median says nothing: show none.
MIN_ANSWERED_FOR_REPLY_TIME = 5
REPLY_TIME_DAYS = 7


def is_open(schedule, tz_name, now_utc):
    """True when ``now_utc`` (a naive UTC datetime) falls in one of the lines,
    read in the time zone ``tz_name`` (daylight saving time included)."""
    local = pytz.utc.localize(now_utc).astimezone(pytz.timezone(tz_name))
    hour = local.hour + local.minute / 60 + local.second / 3600
    return any(weekday == local.weekday() and hour_from <= hour < hour_to
               for weekday, hour_from, hour_to in schedule)


def valid_line(hour_from, hour_to):
    return 0 <= hour_from < hour_to <= 24


def typical_reply_minutes(answered, median_minutes):
    """The median minutes to a first answer, rounded up to whole minutes (at
    least 1), or None when ``answered`` chats are too few to tell."""
    if answered < MIN_ANSWERED_FOR_REPLY_TIME or median_minutes is None:
        return None
    return max(1, math.ceil(median_minutes))

