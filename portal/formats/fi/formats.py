"""Finnish display formats: times with a full stop ("klo 13.00"), as Kotus recommends.

Only what differs from Django's own fi locale is set here; the rest falls back to it.
"""

TIME_FORMAT = "G.i"
DATETIME_FORMAT = r"j.n.Y \k\l\o G.i"
SHORT_DATETIME_FORMAT = "j.n.Y G.i"
