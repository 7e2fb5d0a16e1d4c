"""Public pages of pledges and initiatives: lists with filters, details, joining, search."""

from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Exists, F, OuterRef, QuerySet, TextField, Value
from django.db.models.functions import Coalesce, Collate, Lower, NullIf
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.functional import cached_property
from django.views.decorators.http import require_http_methods, require_safe

from core.content_versions import cached_value
from core.i18n import object_urls
from core.localized import localized
from core.municipalities import NATIONWIDE
from core.ratelimits import ratelimit
from core.signing import BadToken
from pledges.browse_forms import (
    SORT_TITLE,
    EntryFilterForm,
    InitiativeFilterForm,
    PartnerInterestForm,
    PledgeFilterForm,
)
from pledges.interest import partner_interest_send
from pledges.models import Award, Entry, Initiative, Pledge
from pledges.progress_charts import indicator_charts
from pledges.selectors import (
    initiatives_public,
    partners_confirmed,
    pledges_public,
    progress_reports_public,
)
from pledges.services import JOINED_LINK

PAGE_SIZE = 20
# ICU collations sort å, ä and ö where Finnish and Swedish readers expect them.
COLLATIONS = {"fi": "fi-x-icu", "sv": "sv-x-icu"}


@dataclass(frozen=True)
class Kind:
    """What differs between the pledge pages and the initiative pages."""

    model: type[Entry]
    namespace: str
    form_class: type[EntryFilterForm]

    def public(self) -> QuerySet:
        return pledges_public() if self.model is Pledge else initiatives_public()

    @property
    def awards_through(self):
        return Award.pledges.through if self.model is Pledge else Award.initiatives.through


PLEDGES = Kind(model=Pledge, namespace="pledges", form_class=PledgeFilterForm)
INITIATIVES = Kind(model=Initiative, namespace="initiatives", form_class=InitiativeFilterForm)


def _title_in_language(language: str):
    """The title as the reader sees it: the page language's, else the other one."""
    codes = [language] + [code for code, _name in settings.LANGUAGES if code != language]
    title = Lower(
        Coalesce(
            *[NullIf(F(f"title_{code}"), Value("")) for code in codes],
            Value(""),
            output_field=TextField(),
        )
    )
    if connection.vendor == "postgresql":
        return Collate(title, COLLATIONS.get(language, "und-x-icu"))
    return title


def _filtered(kind: Kind, filters: dict, language: str) -> QuerySet:
    entries = kind.public()
    if "theme" in filters:
        entries = entries.filter(themes=filters["theme"])
    if "type" in filters:
        entries = entries.filter(organisation__type=filters["type"])
    if "region" in filters:
        entries = entries.filter(organisation__region=filters["region"])
    if "municipality" in filters:
        entries = entries.filter(**_municipality_filter(filters["municipality"]))
    if "campaign" in filters:
        entries = entries.filter(campaign=filters["campaign"])
    if filters.get("selected"):
        entries = entries.filter(selected=True)
    if filters.get("awarded"):
        through = kind.awards_through
        entries = entries.filter(
            Exists(through.objects.filter(**{kind.model._meta.model_name: OuterRef("pk")}))
        )
    if filters.get("seeking"):
        entries = entries.filter(seeking_partners=True)
    if "progress" in filters:
        entries = entries.filter(progress_status=filters["progress"])
    if "stage" in filters:
        entries = entries.filter(stage=filters["stage"])
    if filters.get("sort") == SORT_TITLE:
        entries = entries.order_by(_title_in_language(language), "pk")
    else:
        # The order of the partial index <model>_public_recent_idx (publishing always sets
        # published_at, so no public entry lacks one and NULLS LAST would change nothing
        # but keep PostgreSQL from using the index).
        entries = entries.order_by("-published_at", "-pk")
    return entries.select_related("organisation", "campaign").prefetch_related("themes", "awards")


def _municipality_filter(value: str) -> dict:
    if value == NATIONWIDE:
        return {"organisation__nationwide": True}
    return {"organisation__municipality_id": value}


def _querystring(filters: dict) -> str:
    """The valid filters as a query string, for the pagination links."""
    params = []
    for name, value in filters.items():
        if value is True:
            params.append((name, "1"))
        elif hasattr(value, "pk"):
            params.append((name, str(value.pk)))
        else:
            params.append((name, str(value)))
    return urlencode(params)


class CachedCountPaginator(Paginator):
    """A paginator whose total comes from the shared cache until the entries change.

    Counting a public list reads every matching entry (tens of thousands at national scale),
    while a page reads twenty along an index; the total is the same for every visitor, so it
    is counted once per change (portal.cache_invalidation bumps the topic on every write).
    """

    def __init__(self, object_list, per_page, *, name: str, topics: tuple[str, ...]) -> None:
        super().__init__(object_list, per_page)
        self.name = name
        self.topics = topics

    @cached_property
    def count(self) -> int:
        return cached_value(self.name, self.topics, self.object_list.count)


def _entry_list(request: HttpRequest, kind: Kind) -> HttpResponse:
    language = translation.get_language()
    filters = kind.form_class(request.GET).filters() if request.GET else {}
    # The form shown is built from the valid values only, so a bad value in the address
    # is quietly dropped instead of being shown as an error the reader did not make.
    form = kind.form_class(initial=filters, auto_id="filter-%s")
    entries = _filtered(kind, filters, language)
    counted = {name: value for name, value in filters.items() if name != "sort"}
    paginator = CachedCountPaginator(
        entries,
        PAGE_SIZE,
        name=f"list-count:{kind.namespace}:{_querystring(counted)}",
        topics=(kind.namespace,),
    )
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        f"pledges/browse/{kind.model._meta.model_name}_list.html",
        {
            "form": form,
            "page": page,
            "entries": page.object_list,
            "filtered": bool({name for name in filters if name != "sort"}),
            "querystring": _querystring(filters),
            "namespace": kind.namespace,
        },
    )


@require_safe
def pledge_list(request: HttpRequest) -> HttpResponse:
    return _entry_list(request, PLEDGES)


@require_safe
def initiative_list(request: HttpRequest) -> HttpResponse:
    return _entry_list(request, INITIATIVES)


def _public_entry(kind: Kind, pk: int) -> Entry:
    entry = (
        kind.public()
        .select_related("organisation__municipality", "campaign", "submission")
        .prefetch_related("themes", "awards")
        .filter(pk=pk)
        .first()
    )
    if entry is None:
        raise Http404
    return entry


def share_links(entry: Entry) -> dict[str, str]:
    """Plain share links (no third-party script): mail, X and LinkedIn, with the hashtag."""
    url = settings.SITE_URL + entry.get_absolute_url()
    title = localized(entry, "title").text
    hashtag = entry.campaign.hashtag.lstrip("#")
    tweet = {"text": title, "url": url}
    if hashtag:
        tweet["hashtags"] = hashtag
    body = f"{title}\n{url}" + (f"\n#{hashtag}" if hashtag else "")
    return {
        "url": url,
        "hashtag": hashtag,
        "mail": "mailto:?" + urlencode({"subject": title, "body": body}, quote_via=quote),
        "x": "https://twitter.com/intent/tweet?" + urlencode(tweet, quote_via=quote),
        "linkedin": "https://www.linkedin.com/sharing/share-offsite/?"
        + urlencode({"url": url}, quote_via=quote),
    }


def _detail_context(entry: Entry, **extra) -> dict:
    return {
        "entry": entry,
        "partners": list(partners_confirmed(entry)),
        "share": share_links(entry),
        "alternate_urls": object_urls(entry),
        **extra,
    }


@require_safe
def pledge_detail(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    pledge = _public_entry(PLEDGES, pk)
    canonical = pledge.get_absolute_url()
    if request.path != canonical:
        return HttpResponsePermanentRedirect(canonical)
    reports, charts = [], []
    # Only a pledge that has ever reported (reporting_starts_on is set once, for good) has
    # reports or indicators to read: the others' pages cost no extra query.
    if pledge.reporting_starts_on is not None:
        reports = list(progress_reports_public(pledge))
        charts = indicator_charts(pledge, reports)
    return render(
        request,
        "pledges/browse/pledge_detail.html",
        _detail_context(pledge, reports=reports, charts=charts),
    )


@require_safe
def initiative_detail(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    initiative = _public_entry(INITIATIVES, pk)
    canonical = initiative.get_absolute_url()
    if request.path != canonical:
        return HttpResponsePermanentRedirect(canonical)
    return render(request, "pledges/browse/initiative_detail.html", _detail_context(initiative))


def _joinable_initiative(pk: int) -> Initiative:
    """A public initiative that still seeks partners: only those take partner interest."""
    initiative = (
        initiatives_public()
        .select_related("submission")
        .filter(pk=pk, seeking_partners=True)
        .first()
    )
    if initiative is None:
        raise Http404
    return initiative


@ratelimit(key="ip", rate="10/m", method="POST", block=True)
@require_http_methods(["GET", "HEAD", "POST"])
def initiative_join(request: HttpRequest, pk: int) -> HttpResponse:
    """The partner-interest form, on a page of its own (like event registration).

    The message goes to the initiative's submitter only: the visitor never chooses a
    recipient, and the submitter's address is never shown.
    """
    initiative = _joinable_initiative(pk)
    if request.method == "POST":
        form = PartnerInterestForm(request.POST, auto_id="join-%s")
        if form.is_valid():
            interest = partner_interest_send(
                initiative=initiative,
                organisation_name=form.cleaned_data["organisation_name"],
                contact_name=form.cleaned_data["contact_name"],
                email=form.cleaned_data["email"],
                message=form.cleaned_data["message"],
            )
            return redirect(
                "initiatives:joined", pk=initiative.pk, token=JOINED_LINK.make(interest.pk)
            )
    else:
        form = PartnerInterestForm(auto_id="join-%s")
    return render(
        request, "pledges/browse/initiative_join.html", {"entry": initiative, "form": form}
    )


@require_safe
def initiative_joined(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """After sending the form: a signed link valid for a day (so nobody else sees thanks)."""
    try:
        interest_id = JOINED_LINK.read(token)
    except BadToken:
        raise Http404 from None
    initiative = initiatives_public().filter(pk=pk, partner_interests__pk=interest_id).first()
    if initiative is None:
        raise Http404
    return render(request, "pledges/browse/initiative_joined.html", {"entry": initiative})


def list_url(namespace: str, **filters) -> str:
    """The list of pledges or initiatives, filtered (for links from other pages)."""
    url = reverse(f"{namespace}:list")
    return f"{url}?{urlencode(filters)}" if filters else url
