"""Every answer under /api/v1 is JSON. An address that does not exist or a method an address does not
take never reaches the API's own handlers (Django's URL resolver, or ninja's dispatch, answers first);
here those answers become RFC 9457 problems like every other refusal of the API."""

from django.utils.translation import gettext as _

from kobling.api.v1.problems import CONTENT_TYPE, Problem, response

PREFIX = "/api/v1/"


class ProblemMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        answer = self.get_response(request)
        if not request.path.startswith(PREFIX) or answer.get("Content-Type", "").startswith(
            ("application/json", CONTENT_TYPE)
        ):
            return answer
        if answer.status_code == 404:
            return response(
                Problem(404, _("There is nothing at this address. The addresses are in /api/v1/docs."))
            )
        if answer.status_code == 405:
            allowed = answer.get("Allow", "")
            detail = _("This address does not take %(method)s. It takes: %(allowed)s.") % {
                "method": request.method,
                "allowed": allowed,
            }
            return response(Problem(405, detail, headers={"Allow": allowed} if allowed else None))
        return answer
