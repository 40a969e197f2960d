"""What every view uses between parsing a request and rendering: where to go next, how a refused
action reaches the user, and one template for page and htmx fragment.

Views parse input, call one service and render; these helpers are the shared parts of that, so each
exists once (one form-error helper, one flash helper)."""

from collections.abc import Callable
from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme


def next_path(request) -> str:
    """The `next` the form or link carried when it is a path on this site, else ""."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target.startswith("/") and allowed else ""


def safe_next(request, fallback: str) -> HttpResponse:
    """Redirect to the `next` the form carried when it is a path on this site; anywhere else (another
    host, a scheme, something that is not a URL), to `fallback`."""
    return redirect(next_path(request) or fallback)


def error_text(error: ValidationError) -> str:
    """A refused action's messages as one sentence, for a page or a fragment that shows one line."""
    return " ".join(error.messages)


def flash_errors(request, error: ValidationError) -> None:
    """Show each message of a refused action (a ValidationError) on the next page."""
    for text in error.messages:
        messages.error(request, text)


def form_errors(form, error: ValidationError) -> None:
    """Put a service's refusal on the form: a message about a field at that field, the rest on top."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@contextmanager
def refusals_on(form):
    """Around a form's service call and what follows its success: a refusal (a ValidationError) goes
    onto the form (`form_errors`) and the view carries on after the block to show the form again."""
    try:
        yield
    except ValidationError as error:
        form_errors(form, error)


@contextmanager
def refusals_flashed(request, *, one_line: bool = False):
    """Around a posted action's service call and its success message: a refusal (a ValidationError)
    is shown on the next page instead, each message on its own (`flash_errors`) or with `one_line` as
    one sentence (`error_text`), and the view carries on after the block, usually to redirect back."""
    try:
        yield
    except ValidationError as error:
        if one_line:
            messages.error(request, error_text(error))
        else:
            flash_errors(request, error)


def form_page(
    request,
    form,
    *,
    submit: Callable[[dict], object],
    done: str | Callable[[object], str] | None,
    to: tuple | Callable[[object], tuple],
    template: str,
    context: dict,
) -> HttpResponse:
    """The form round every form page shares. GET shows the form; a valid POST goes to `submit` (the
    one service call, given the cleaned data) and, once accepted, says `done` and redirects to `to` (a
    URL name and its arguments, or a URL, as a tuple). `done` and `to` may instead be functions of what
    `submit` returned (the new row, say); with `done` None, nothing is said. A refusal lands on the
    form, and an invalid or refused POST gets its page back with a 400."""
    if request.method == "POST" and form.is_valid():
        with refusals_on(form):
            result = submit(form.cleaned_data)
            if done:
                messages.success(request, done(result) if callable(done) else done)
            return redirect(*(to(result) if callable(to) else to))
    status = 400 if request.method == "POST" else 200
    return render(request, template, {**context, "form": form}, status=status)


def render_htmx(request, template: str, fragment: str, context: dict, status: int = 200) -> HttpResponse:
    """One template for page and fragment: htmx asks for the fragment, everyone else the page."""
    chosen = fragment if request.headers.get("HX-Request") else template
    return render(request, chosen, context, status=status)
