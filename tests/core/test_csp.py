"""Issue 9: a Content-Security-Policy without inline script or style on every page, templates that keep
it so, and /api/docs from vendored files with integrity hashes, never a CDN."""

import base64
import hashlib
import re
from pathlib import Path

import pytest
from django.urls import reverse

from tests.conftest import login

SRC = Path(__file__).resolve().parents[2] / "src" / "kobling"
VENDOR = SRC / "static" / "vendor"
DOCS_TEMPLATE = SRC / "templates" / "api" / "docs.html"

# What a template may not hold: each would need 'unsafe-inline' or 'unsafe-eval' to run.
FORBIDDEN = {
    "inline <script>": re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "<style> element": re.compile(r"<style\b", re.IGNORECASE),
    "style attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE),
    "on* handler": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
    "htmx eval (hx-on, hx-vars, js:)": re.compile(r"hx-on|hx-vars|hx-vals\s*=\s*['\"]\s*js:", re.IGNORECASE),
}


def policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    assert header, f"no Content-Security-Policy on {response.wsgi_request.path}"
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


def check_policy(directives: dict[str, list[str]]) -> None:
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no host
    assert directives["style-src"] == ["'self'"]
    assert directives["img-src"] == ["'self'", "data:"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]


def test_a_logged_in_page_carries_the_policy(client, coordinator):
    login(client, coordinator)
    for url in (reverse("home"), reverse("participant_list"), reverse("outbox")):
        check_policy(policy(client.get(url)))


@pytest.mark.django_db
def test_the_login_page_and_the_api_docs_carry_the_policy(client):
    check_policy(policy(client.get(reverse("login"))))
    check_policy(policy(client.get("/api/docs")))


def template_files() -> list[Path]:
    return sorted(
        path
        for directory in SRC.rglob("templates")
        if directory.is_dir()
        for path in directory.rglob("*.html")
    )


def problems_in(text: str) -> list[str]:
    return [name for name, pattern in FORBIDDEN.items() if pattern.search(text)]


def test_no_template_holds_inline_script_handlers_or_styles():
    files = template_files()
    assert len(files) > 100  # the scan really reads the templates
    found = {
        str(path.relative_to(SRC)): problems for path in files if (problems := problems_in(path.read_text()))
    }
    assert found == {}


@pytest.mark.parametrize(
    "snippet",
    [
        "<script>alert(1)</script>",
        '<script type="application/json">{}</script>',
        "<style>p { color: red }</style>",
        '<p style="color: red">',
        '<button class="ds-button" onclick="go()">',
        '<a href="javascript:go()">',
        '<form hx-on:submit="go()">',
        "<div hx-vals='js:{a: 1}'>",
    ],
)
def test_the_scan_finds_each_kind_of_inline_code(snippet):
    assert problems_in(snippet)


@pytest.mark.parametrize(
    "snippet",
    [
        '<script src="/static/js/api-docs.js" defer></script>',
        "<script src=\"{% static 'vendor/htmx/htmx.min.js' %}\" defer></script>",
        '<a class="ds-link" href="/x/">Only one</a>',
        '<input name="q" data-styled="yes">',
    ],
)
def test_the_scan_lets_ordinary_markup_through(snippet):
    assert problems_in(snippet) == []


# /api/docs ------------------------------------------------------------------------------------------


def sri(path: Path) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(path.read_bytes()).digest()).decode()


def test_the_api_docs_load_the_vendored_files_with_their_integrity_hashes():
    template = DOCS_TEMPLATE.read_text()
    pinned = dict(re.findall(r"\{% static '(vendor/[^']+)' %\}\"\s+integrity=\"([^\"]+)\"", template))
    assert set(pinned) == {"vendor/swagger-ui/swagger-ui-bundle.js", "vendor/swagger-ui/swagger-ui.css"}
    for name, integrity in pinned.items():
        assert integrity == sri(SRC / "static" / name), f"re-run scripts/vendor-static.sh: {name}"


def test_the_vendored_files_are_the_ones_recorded_and_the_script_pins_their_version():
    versions = (VENDOR / "VERSIONS.txt").read_text()
    recorded = re.findall(r"^([0-9a-f]{64})\s+(\S+)$", versions, re.MULTILINE)
    sums = {name: digest for digest, name in recorded}
    on_disk = {
        str(path.relative_to(VENDOR))
        for path in VENDOR.rglob("*")
        if path.is_file() and path.name != "VERSIONS.txt"
    }
    assert set(sums) == on_disk
    for name, digest in sums.items():
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == digest, name
    script = (SRC.parents[1] / "scripts" / "vendor-static.sh").read_text()
    version = re.search(r'^SWAGGER_UI_VERSION="([^"]+)"', script, re.MULTILINE).group(1)
    assert re.search(rf"^swagger-ui-dist\s+{re.escape(version)}\s", versions, re.MULTILINE)


@pytest.mark.django_db
def test_the_api_docs_page_fetches_nothing_from_elsewhere(client):
    """Open to anyone, as before; the endpoints themselves need a login."""
    response = client.get("/api/docs")
    html = response.content.decode()
    assert response.status_code == 200
    assert "https://" not in html and "http://" not in html and "//cdn" not in html
    assert "<script src=" in html and 'integrity="sha384-' in html
    for path in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        assert client.get(path).status_code == 200, path
    assert client.get("/api/participants").status_code == 401


@pytest.mark.django_db
def test_the_api_docs_start_swagger_from_a_static_file_with_the_schema_address(client):
    html = client.get("/api/docs").content.decode()
    assert 'src="/static/js/api-docs.js"' in html
    assert f'data-openapi-url="{reverse("api:openapi-json")}"' in html
