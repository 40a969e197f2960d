"""The network's start page, the directory and the question board.

Every view resolves the reader's seat first (selectors.seat_for), which is a 404 for anyone who is
not in the programme's network; pages that show people also refuse a partner company's contact.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kobling.core import access
from kobling.core.http import render_htmx
from kobling.mentorspace.selectors import resources_for
from kobling.network import selectors, services
from kobling.network.forms import (
    AnswerForm,
    DirectoryFilterForm,
    ModerationForm,
    QuestionFilterForm,
    QuestionForm,
)
from kobling.people.forms import LANGUAGE_NAMES

DIRECTORY_PAGE_SIZE = 25
QUESTION_PAGE_SIZE = 20


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _resources(seat) -> list:
    """Published resources the coordinators curate for the programme, the reader's county first, so
    people still waiting for a mentor have them too (mentorspace lets network members open them)."""
    if not seat.is_member:
        return []
    return list(resources_for(seat.programme, region=seat.region)[:8])


@access.login_only
def network_index(request):
    seats = selectors.seats_for(request.user)
    if len(seats) == 1:
        return redirect("network_home", seats[0].programme.slug)
    return render(request, "network/index.html", {"seats": seats})


@access.login_only
def network_home(request, slug):
    seat = selectors.seat_for(request.user, slug)
    context = {
        "seat": seat,
        "meetups": list(selectors.upcoming_meetups(seat)[:3]),
        "resources": _resources(seat),
    }
    if seat.sees_people:
        context["questions"] = list(selectors.questions_for(seat)[:5])
    if seat.is_member:
        context["visible"] = selectors.is_visible(seat)
        context["unmatched"] = selectors.is_unmatched(seat)
    return render(request, "network/home.html", context)


@access.login_only
@require_POST
def visibility(request, slug):
    seat = selectors.seat_for(request.user, slug)
    if not seat.is_member:
        raise Http404
    given = request.POST.get("given") == "1"
    with transaction.atomic():
        services.visibility_set(actor=request.user, seat=seat, given=given)
    if given:
        messages.success(request, _("You are now shown in the network's directory."))
    else:
        messages.success(request, _("You are no longer shown in the network's directory."))
    return redirect("network_home", slug)


@access.login_only
def directory(request, slug):
    seat = selectors.require_people(selectors.seat_for(request.user, slug))
    form = DirectoryFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        filters = {k: form.cleaned_data[k] for k in ("q", "kind", "region", "language", "field")}
    rows = selectors.directory_rows(seat, **filters)
    page = Paginator(rows, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    people = selectors.directory_details(list(page.object_list))
    return render_htmx(
        request,
        "network/directory.html",
        "network/_directory_rows.html",
        {
            "seat": seat,
            "form": form,
            "page": page,
            "people": people,
            "language_names": LANGUAGE_NAMES,
            "query": _query_without_page(request),
        },
    )


# ------------------------------------------------------------------ question board
@access.login_only
def questions(request, slug):
    seat = selectors.require_people(selectors.seat_for(request.user, slug))
    form = QuestionFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        filters = {k: form.cleaned_data[k] for k in ("q", "topic", "unanswered")}
    page = Paginator(selectors.questions_for(seat, **filters), QUESTION_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render_htmx(
        request,
        "network/questions.html",
        "network/_question_rows.html",
        {"seat": seat, "form": form, "page": page, "query": _query_without_page(request)},
    )


@access.login_only
def question_ask(request, slug):
    seat = selectors.require_people(selectors.seat_for(request.user, slug))
    if not seat.is_member:
        raise Http404
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                question = services.question_ask(actor=request.user, seat=seat, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Your question is on the board. You get an e-mail when someone answers.")
            )
            return redirect("network_question", slug, question.pk)
    return render(request, "network/question_form.html", {"seat": seat, "form": form})


@access.login_only
def question_detail(request, slug, pk):
    seat = selectors.require_people(selectors.seat_for(request.user, slug))
    question = selectors.question_for(seat, pk)
    form = AnswerForm(request.POST or None)
    if request.method == "POST":
        if not seat.is_member:
            raise Http404
        if form.is_valid():
            try:
                with transaction.atomic():
                    services.answer_post(
                        actor=request.user, seat=seat, question=question, body=form.cleaned_data["body"]
                    )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Thank you for answering."))
                return redirect("network_question", slug, question.pk)
    return render(
        request,
        "network/question.html",
        {
            "seat": seat,
            "question": question,
            "answers": list(selectors.answers_for(seat, question)),
            "form": form,
            "moderation": ModerationForm(),
        },
    )


@access.login_only
@require_POST
def moderate(request, slug, pk):
    """Hide or restore the question, or one of its answers (`answer` in the POST)."""
    seat = selectors.require_people(selectors.seat_for(request.user, slug))
    if not seat.is_coordinator:
        raise Http404
    question = selectors.question_for(seat, pk)
    post = (
        selectors.answer_for_coordinator(seat, question, request.POST["answer"])
        if request.POST.get("answer")
        else question
    )
    form = ModerationForm(request.POST)
    hide = request.POST.get("action") == "hide"
    if form.is_valid():
        try:
            with transaction.atomic():
                change = services.post_hide if hide else services.post_restore
                change(actor=request.user, seat=seat, post=post, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Hidden.") if hide else _("Shown again."))
    else:
        messages.error(request, _("The reason is too long."))
    return redirect("network_question", slug, question.pk)
