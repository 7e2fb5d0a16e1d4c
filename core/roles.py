"""The names of the staff roles (admin groups). What each may do is the shell's business
(portal.roles); the apps below it only need to recognise a role."""

CURATORS = "Curators"
PERSONAL_DATA_HANDLERS = "Personal data handlers"
TRANSLATORS = "Translators"
COMMUNICATIONS = "Communications"
JURY = "Jury"

ROLE_NAMES = (CURATORS, PERSONAL_DATA_HANDLERS, TRANSLATORS, COMMUNICATIONS, JURY)
