/*
 * Django admin JavaScript msgids that our own catalogue translates
 * (locale/*/LC_MESSAGES/djangojs.po): Django 6.1's Finnish and Swedish catalogues lack
 * them. The admin's JavaScript catalogue (/admin/jsi18n/) merges ours over Django's.
 * `makemessages -d djangojs --no-obsolete` keeps only msgids it finds in this project, so
 * they are listed here. This file is never served or run (it is not under static/).
 */
/* global gettext, ngettext */
/* eslint-disable no-unused-expressions */
gettext("%(month)s %(day)s, %(year)s");
gettext("%s (today, current selection)");
gettext("%s (today)");
gettext("%s (current selection)");
gettext("server");
ngettext("Note: Enter times in the %(timezone)s timezone. (You are %(offset)s hour ahead.)", "Note: Enter times in the %(timezone)s timezone. (You are %(offset)s hours ahead.)", 1);
ngettext("Note: Enter times in the %(timezone)s timezone. (You are %(offset)s hour behind.)", "Note: Enter times in the %(timezone)s timezone. (You are %(offset)s hours behind.)", 1);
gettext("Today (%(date)s)");
gettext("Yesterday (%(date)s)");
gettext("Tomorrow (%(date)s)");
gettext("Previous (%(month)s %(year)s)");
gettext("Next (%(month)s %(year)s)");
gettext("You have selected an action, and you haven’t made any changes on individual fields. You’re probably looking for the Run button rather than the Save button.");
gettext("Choose %s by selecting them and then select the \"Choose\" arrow button.");
gettext("Remove %s by selecting them and then select the \"Remove\" arrow button.");
gettext("(click to clear)");
gettext("Midnight");
gettext("Noon");
