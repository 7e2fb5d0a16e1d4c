"""The open data page (/fi/avoin-data/, /sv/oppna-data/) and the dump downloads."""

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from api.dumps import dump_path, dumps_available

CONTENT_TYPES = {"json": "application/json", "csv": "text/csv; charset=utf-8"}


class OpenDataView(TemplateView):
    """The licence, the endpoints with examples, the rate limit and the bulk downloads."""

    template_name = "api/open_data.html"
    http_method_names = ["get", "head"]

    def get_context_data(self, **kwargs):
        api_root = f"{settings.SITE_URL}/api/v1/"
        rate_count, rate_unit = settings.API_RATE_LIMIT.split("/", 1)
        return super().get_context_data(
            api_root=api_root,
            schema_url=f"{settings.SITE_URL}{reverse('api:schema')}",
            dumps=[(dump, reverse("api:dump", args=[dump.filename])) for dump in dumps_available()],
            rate_count=rate_count,
            rate_per_minute=rate_unit in ("m", "min", "minute"),
            rate_unit=rate_unit,
            collections=[
                "themes",
                "pledges",
                "initiatives",
                "organisations",
                "awards",
                "events",
                "news",
                "progress-reports",
                "government-terms",
                "measures",
                "barometer/rounds",
            ],
            **kwargs,
        )


@require_safe
def dump_download(request: HttpRequest, filename: str) -> HttpResponse:
    """A dump file as written last night, with Last-Modified and a conditional GET."""
    path = dump_path(filename)
    if path is None:
        raise Http404
    # Opened first: a replacement after this keeps serving the file opened (os.replace).
    handle = path.open("rb")
    stat = path.stat()
    etag = f'"{int(stat.st_mtime_ns)}-{stat.st_size}"'
    not_modified = get_conditional_response(request, etag=etag, last_modified=int(stat.st_mtime))
    if not_modified is not None:
        handle.close()
        return not_modified
    response = FileResponse(
        handle,
        content_type=CONTENT_TYPES[path.suffix.lstrip(".")],
        as_attachment=path.suffix == ".csv",
        filename=path.name,
    )
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = http_date(stat.st_mtime)
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    patch_cache_control(response, public=True, max_age=settings.API_CACHE_SECONDS)
    return response
