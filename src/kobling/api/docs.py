"""The /api/docs page: Swagger UI from our vendored copy (static/vendor/swagger-ui), never a CDN.

django-ninja's own docs page loads Swagger UI from a CDN when `ninja` is not an installed app. Ours
loads the vendored files with Subresource Integrity hashes and starts Swagger UI from a static file
(`static/js/api-docs.js`), so it runs under the Content-Security-Policy without inline script."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja.openapi.docs import DocsBase


class VendoredSwagger(DocsBase):
    template = "api/docs.html"

    def render_page(self, request: HttpRequest, api, **kwargs) -> HttpResponse:
        return render(request, self.template, {"api": api, "openapi_url": self.get_openapi_url(api, kwargs)})
