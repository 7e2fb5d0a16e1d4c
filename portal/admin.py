from django.contrib import admin
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Partnership programme portal: administration")
admin.site.site_title = _("Partnership programme portal")
admin.site.index_title = _("Content and settings")
