"""/api/v1/: the read-only open data API and its OpenAPI schema."""

from django.urls import path, re_path

from api import page_views, views
from api.conventions import conditional_json

app_name = "api"

COLLECTIONS = {
    "themes": views.ThemeViewSet,
    "pledges": views.PledgeViewSet,
    "initiatives": views.InitiativeViewSet,
    "organisations": views.OrganisationViewSet,
    "awards": views.AwardViewSet,
    "events": views.EventViewSet,
    "news": views.NewsViewSet,
    "progress-reports": views.ProgressReportViewSet,
    "government-terms": views.GovernmentTermViewSet,
    "measures": views.MeasureViewSet,
}

urlpatterns = [
    path(
        "schema/",
        conditional_json(views.SchemaView.as_view()),
        name="schema",
    ),
]
for name, viewset in COLLECTIONS.items():
    urlpatterns += [
        path(
            f"{name}/",
            conditional_json(viewset.as_view({"get": "list"})),
            name=f"{name}-list",
        ),
        path(
            f"{name}/<int:pk>/",
            conditional_json(viewset.as_view({"get": "retrieve"})),
            name=f"{name}-detail",
        ),
    ]
urlpatterns += [
    path("programme/", conditional_json(views.ProgrammeView.as_view()), name="programme"),
    path(
        "barometer/rounds/",
        conditional_json(views.BarometerRoundViewSet.as_view({"get": "list"})),
        name="barometer-rounds",
    ),
    path(
        "barometer/rounds/<int:year>/results/",
        conditional_json(views.BarometerResultsView.as_view()),
        name="barometer-results",
    ),
    # The nightly bulk dumps (api/dumps.py); listed on the open data page.
    path("dumps/<str:filename>", page_views.dump_download, name="dump"),
    re_path(r"", conditional_json(views.NotFoundView.as_view()), name="not-found"),
]
