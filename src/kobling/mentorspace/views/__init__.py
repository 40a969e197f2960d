"""The pair's space, by who uses it: the pair's own pages (`space`), the curated resources (`resources`)
and the coordinator's pages (`coordinator`). `form_page` is the form round they all share."""

from collections.abc import Callable

from django.contrib import messages
from django.shortcuts import redirect, render

from kobling.core.http import refusals_on


def form_page(
    request, form, *, submit: Callable[[dict], object], done: str, to, template: str, context: dict
):
    """GET shows the form; a valid POST goes to `submit` (the one service call, given the cleaned data)
    and, once accepted, says `done` and redirects to `to` (a URL name and arguments, as a tuple). A
    refusal lands on the form, and an invalid or refused POST gets its page back with a 400."""
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            submit(form.cleaned_data)
            messages.success(request, done)
            return redirect(*to)
    status = 400 if request.method == "POST" else 200
    return render(request, template, {**context, "form": form}, status=status)
