# Indexes that serve the public lists and counts (issue 10).
#
# None needed for events: the public lists (events.selectors) filter and order by starts_at
# and ends_at, which have their own indexes (0001). Partial indexes on the published events
# were measured with bench/plans.py at 5,000 events and gained nothing: most events there
# are public, and the lists' cost is counting the registrations, not finding the events.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
    ]

    operations = []
