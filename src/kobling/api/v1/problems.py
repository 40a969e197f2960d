"""RFC 9457 problem details: every refusal of /api/v1 is `application/problem+json` with `type`, `title`,
`status` and `detail`, and a validation problem adds `errors` (field name → messages).

The exception handlers turn what the shared services and selectors raise into problems: Django's
`ValidationError` (the web's validation) is a 422, `Http404` a 404, `PermissionDenied` a 403, a
database conflict a 409, ninja's own parse and schema errors a 400 or 422. A bug still answers in the
same shape (500), and is logged."""

import logging
from http import HTTPStatus

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

CONTENT_TYPE = "application/problem+json"
logger = logging.getLogger("kobling.api")

# The problem types this API uses beyond a plain HTTP status ("about:blank").
VALIDATION = "urn:kobling:problem:validation"
MISSING_SCOPE = "urn:kobling:problem:missing-scope"
RATE_LIMITED = "urn:kobling:problem:rate-limited"
CONFLICT = "urn:kobling:problem:conflict"


class ProblemOut(Schema):
    """RFC 9457 problem details (`application/problem+json`)."""

    type: str
    title: str
    status: int
    detail: str
    errors: dict[str, list[str]] | None = None


class Problem(Exception):
    """Raised by an endpoint to answer with a problem."""

    def __init__(self, status: int, detail: str, *, type: str = "about:blank", errors=None, headers=None):
        super().__init__(detail)
        self.status, self.detail, self.type = status, detail, type
        self.errors, self.headers = errors, headers or {}


def validation_problem(errors: dict[str, list[str]], detail: str = "") -> Problem:
    return Problem(
        422, detail or _("The request has invalid values; see errors."), type=VALIDATION, errors=errors
    )


def response(problem: Problem) -> JsonResponse:
    body = {
        "type": problem.type,
        "title": HTTPStatus(problem.status).phrase,
        "status": problem.status,
        "detail": problem.detail,
    }
    if problem.errors:
        body["errors"] = problem.errors
    answer = JsonResponse(body, status=problem.status, content_type=CONTENT_TYPE)
    for name, value in problem.headers.items():
        answer[name] = value
    return answer


def django_errors(error: DjangoValidationError) -> tuple[dict[str, list[str]], str]:
    """(field errors, the rest as one sentence) of a service's ValidationError."""
    if hasattr(error, "error_dict"):
        fields = {name: [str(m) for m in messages] for name, messages in error.message_dict.items()}
        general = fields.pop("__all__", [])
        return fields, " ".join(general)
    return {}, " ".join(str(m) for m in error.messages)


def _from_django_validation(request, exc: DjangoValidationError):
    fields, general = django_errors(exc)
    return response(
        Problem(
            422, general or _("The request has invalid values; see errors."), type=VALIDATION, errors=fields
        )
    )


def _from_ninja_validation(request, exc: NinjaValidationError):
    """Pydantic's errors by field: the last name in the location (body fields, query parameters)."""
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if not isinstance(part, int)]
        name = location[-1] if location else ""
        if name in ("body", "payload", "query", "path") or not name:
            name = "body"
        fields.setdefault(name, []).append(str(error.get("msg", "")))
    return response(validation_problem(fields))


def _from_http_error(request, exc: HttpError):
    status = exc.status_code if 400 <= exc.status_code < 600 else 400
    headers = {"WWW-Authenticate": 'Bearer realm="kobling"'} if status == 401 else {}
    detail = str(exc)
    if isinstance(exc, AuthenticationError):
        detail = _(
            "Send a valid API token: Authorization: Bearer <token>. It may be unknown, expired or revoked."
        )
    return response(Problem(status, detail, headers=headers))


def _not_found(request, exc):
    return response(Problem(404, _("There is nothing here that this token may see.")))


def _denied(request, exc):
    return response(Problem(403, str(exc) or _("This token's user may not do this.")))


def _conflict(request, exc):
    return response(Problem(409, _("This conflicts with the data as it is now."), type=CONFLICT))


def _problem(request, exc: Problem):
    return response(exc)


def _bug(request, exc):
    logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return response(Problem(500, _("Something went wrong on our side. The error is logged.")))


def install(api: NinjaAPI) -> None:
    """Register the handlers (the most specific class wins, whatever the order)."""
    for exc_class, handler in (
        (Exception, _bug),
        (Problem, _problem),
        (HttpError, _from_http_error),
        (NinjaValidationError, _from_ninja_validation),
        (DjangoValidationError, _from_django_validation),
        (Http404, _not_found),
        (PermissionDenied, _denied),
        (IntegrityError, _conflict),
    ):
        api.add_exception_handler(exc_class, handler)


# The problem answers every operation documents.
PROBLEMS = {status: ProblemOut for status in (400, 401, 403, 404, 409, 422, 429)}
