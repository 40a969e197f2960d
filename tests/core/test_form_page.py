"""`core.http.form_page`, the form round the form pages share: what it shows, what it calls, what it
says and where it goes, and that a refusal or bad input calls nothing further and answers 400."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from kobling.core.http import form_page


class NameForm(forms.Form):
    name = forms.CharField(max_length=20)


def _request(method: str, data: dict | None = None):
    request = getattr(RequestFactory(), method)("/somewhere/", data or {})
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _page(request, *, submit, done="Saved.", to=("/done/",), form=None):
    form = form or NameForm(request.POST if request.method == "POST" else None)
    return form_page(request, form, submit=submit, done=done, to=to, template="core/message.html", context={})


def _texts(request) -> list[str]:
    return [str(m) for m in get_messages(request)]


def test_get_shows_the_form_and_calls_nothing():
    calls = []
    response = _page(_request("get"), submit=calls.append)
    assert response.status_code == 200 and calls == []


def test_a_valid_post_calls_the_service_once_says_done_and_redirects():
    calls = []
    request = _request("post", {"name": "Ada"})
    response = _page(request, submit=calls.append)
    assert calls == [{"name": "Ada"}]
    assert response.status_code == 302 and response.url == "/done/"
    assert _texts(request) == ["Saved."]


def test_done_and_to_may_be_functions_of_what_the_service_returned():
    request = _request("post", {"name": "Ada"})
    response = _page(
        request,
        submit=lambda data: data["name"].upper(),
        done=lambda result: f"Made {result}.",
        to=lambda result: (f"/people/{result}/",),
    )
    assert response.url == "/people/ADA/" and _texts(request) == ["Made ADA."]


def test_with_done_none_nothing_is_said():
    request = _request("post", {"name": "Ada"})
    assert _page(request, submit=lambda data: None, done=None).status_code == 302
    assert _texts(request) == []


@pytest.mark.parametrize("data", [{}, {"name": "x" * 21}])
def test_bad_input_calls_nothing_and_answers_400(data):
    calls = []
    request = _request("post", data)
    response = _page(request, submit=calls.append)
    assert response.status_code == 400 and calls == [] and _texts(request) == []


def test_a_refusal_lands_on_the_form_with_a_400_and_says_nothing_done():
    def refuse(data):
        raise ValidationError({"name": "That name is taken."})

    request = _request("post", {"name": "Ada"})
    form = NameForm(request.POST)
    response = _page(request, submit=refuse, form=form)
    assert response.status_code == 400
    assert form.errors == {"name": ["That name is taken."]}
    assert _texts(request) == []
