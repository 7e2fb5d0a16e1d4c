"""CORS for the open data API: any origin may read it, nobody may do anything else."""

from corsheaders.middleware import CorsMiddleware

READ_METHODS = ("GET", "HEAD", "OPTIONS")


class ReadOnlyCorsMiddleware(CorsMiddleware):
    """django-cors-headers on CORS_URLS_REGEX (/api/), for reading methods only: a POST
    (or any other write) gets no Access-Control-Allow-Origin, so no browser hands another
    site its answer."""

    def is_enabled(self, request) -> bool:
        return request.method in READ_METHODS and super().is_enabled(request)
