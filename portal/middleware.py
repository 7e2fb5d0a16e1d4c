import logging

from django.http import HttpRequest, HttpResponse

logger = logging.getLogger("portal.security")


class PermissionFailureLogMiddleware:
    """Log every refused (403) request of a signed-in user: who tried what."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if response.status_code == 403 and user is not None and user.is_authenticated:
            logger.warning(
                "permission denied user=%s method=%s path=%s",
                user.get_username(),
                request.method,
                request.path,
            )
        return response
