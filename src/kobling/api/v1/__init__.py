"""/api/v1: the token API (OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs).

Every operation needs `Authorization: Bearer <token>` (`auth.TokenAuth`): the token's user acts within
the token's organisation, through the same selectors and services as the web. Refusals are RFC 9457
problem details (`problems`), lists page with an opaque cursor (`pagination`)."""

from ninja import NinjaAPI

from kobling.api.docs import VendoredSwagger
from kobling.api.v1 import enrolments, events, participants, problems, records
from kobling.api.v1.auth import TokenAuth

DESCRIPTION = """
Kobling's API for the systems of providers and NAV offices. A coordinator makes a token on the
“API tokens” page (or `kobling api-token create`): it acts as its maker within one organisation, for
the scopes it was given, until it expires or is revoked. Send it as `Authorization: Bearer <token>`.

Everything goes through the same rules as the web: a token sees and changes what its user could in
its organisation, and nothing more. National identity numbers, the health barrier and sensitive
timeline entries are never part of the API.

Lists return `items` and `next_cursor`; pass the cursor back as `cursor` for the next page. For
syncing, `changed_since` (ISO 8601) keeps what changed at or after that time. Each token may make a
limited number of requests a minute (429 with `Retry-After` past it). Errors are
`application/problem+json` (RFC 9457), with `errors` by field when a value is refused (422).
"""


class ProblemDetailsAPI(NinjaAPI):
    """Documents the 4xx answers as `application/problem+json`, which is what they are."""

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, answer in operation.get("responses", {}).items():
                    content = answer.get("content", {})
                    if str(status).startswith("4") and "application/json" in content:
                        answer["content"] = {problems.CONTENT_TYPE: content["application/json"]}
        return schema


api_v1 = ProblemDetailsAPI(
    title="Kobling API",
    version="1.0",
    description=DESCRIPTION,
    auth=TokenAuth(),
    urls_namespace="api-v1",
    docs=VendoredSwagger(),
)
problems.install(api_v1)
for module in (participants, enrolments, records, events):
    api_v1.add_router("", module.router)
