from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import pgettext_lazy
from django.views.i18n import set_language

from api.page_views import OpenDataView
from portal import sitemap_views, views

# Machine endpoints and the admin carry no language prefix; the admin follows the staff
# member's browser language or the choice made with its language switch.
urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    # An index of the sections' pages, each at most 10,000 URLs (core.sitemap_base).
    path("sitemap.xml", sitemap_views.index, name="sitemap"),
    path("sitemap-<str:section>.xml", sitemap_views.section, name="sitemap_section"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    # The open data API, versioned in the path (api/).
    path("api/v1/", include("api.urls")),
]

# Public pages: /fi/… and /sv/…, with the path words translated (locale/, context "url").
urlpatterns += i18n_patterns(
    path("", views.HomeView.as_view(), name="home"),
    path(pgettext_lazy("url", "programme/"), include("programmes.urls")),
    path(pgettext_lazy("url", "themes/"), include("themes.urls")),
    path(pgettext_lazy("url", "pledges/"), include("pledges.urls.pledges")),
    path(pgettext_lazy("url", "initiatives/"), include("pledges.urls.initiatives")),
    path(pgettext_lazy("url", "participate/"), include("pledges.urls.participate")),
    path(pgettext_lazy("url", "organisations/"), include("pledges.urls.organisations")),
    path(pgettext_lazy("url", "workspace/"), include("pledges.urls.workspace")),
    path(pgettext_lazy("url", "search/"), include("search.urls")),
    path(pgettext_lazy("url", "events/"), include("events.urls")),
    path(pgettext_lazy("url", "news/"), include("news.urls")),
    path(pgettext_lazy("url", "newsletter/"), include("mailings.urls")),
    path(pgettext_lazy("url", "barometer/"), include("barometer.urls")),
    path(pgettext_lazy("url", "measures/"), include("programmes.measures_urls")),
    path(
        pgettext_lazy("url", "accessibility/"),
        views.AccessibilityStatementView.as_view(),
        name="accessibility",
    ),
    path(
        pgettext_lazy("url", "accessibility/thanks/"),
        views.AccessibilityFeedbackThanksView.as_view(),
        name="accessibility_thanks",
    ),
    path(pgettext_lazy("url", "privacy/"), views.PrivacyNoticeView.as_view(), name="privacy"),
    path(pgettext_lazy("url", "open-data/"), OpenDataView.as_view(), name="open_data"),
)

handler400 = "portal.views.bad_request"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
