from django.urls import path
from django.utils.text import format_lazy
from django.utils.translation import pgettext_lazy

from barometer import views, views_answer, views_results

app_name = "barometer"
urlpatterns = [
    # The open round's form, or the latest results when no round is open.
    path("", views.index, name="index"),
    path("<int:year>/", views_results.results, name="results"),
    path(
        format_lazy("<int:year>/{}", pgettext_lazy("url", "results.csv")),
        views_results.results_csv,
        name="results_csv",
    ),
    path(
        format_lazy("<int:year>/{}", pgettext_lazy("url", "results.xlsx")),
        views_results.results_xlsx,
        name="results_xlsx",
    ),
    # A saved, unfinished response: its continue link, and the page that offers to mail it.
    path(
        format_lazy("{}<str:token>/", pgettext_lazy("url", "continue/")),
        views_answer.resume,
        name="continue",
    ),
    path(
        format_lazy("{}<str:token>/", pgettext_lazy("url", "saved/")),
        views_answer.saved,
        name="saved",
    ),
    path(pgettext_lazy("url", "thanks/"), views_answer.thanks, name="thanks"),
]
