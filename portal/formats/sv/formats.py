"""Finland-Swedish display formats: "kl. 13.00" and "2.3.2026", not Sweden's "13:00" and
"2026-03-02" that Django's sv locale uses.

Only display formats are set; input formats stay Django's, so admin widgets are unchanged.
"""

TIME_FORMAT = "G.i"
DATETIME_FORMAT = r"j.n.Y \k\l. G.i"
SHORT_DATE_FORMAT = "j.n.Y"
SHORT_DATETIME_FORMAT = "j.n.Y G.i"
