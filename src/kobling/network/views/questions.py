"""The network's question board: the questions, asking one, answering, and the coordinator's moderation."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kobling.core import access
from kobling.core.http import form_page, refusals_flashed, refusals_on, render_htmx
from kobling.network import selectors, services
from kobling.network.forms import AnswerForm, ModerationForm, QuestionFilterForm, QuestionForm
from kobling.network.views.home import query_without_page

QUESTION_PAGE_SIZE = 20


@access.login_only
def questions(request, slug):
    seat = selectors.require_people(selectors.seat_for(request.user, slug))
    form = QuestionFilterForm(request.GET or None)
    page = Paginator(selectors.questions_for(seat, **form.filters()), QUESTION_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render_htmx(
        request,
        "network/questions.html",
        "network/_question_rows.html",
        {"seat": seat, "form": form, "page": page, "query": query_without_page(request)},
    )


@access.login_only
def question_ask(request, slug):
    seat = selectors.require_people(selectors.seat_for(request.user, slug))
    if not seat.is_member:
        raise Http404
    return form_page(
        request,
        QuestionForm(request.POST or None),
        submit=lambda data: services.question_ask(actor=request.user, seat=seat, **data),
        done=_("Your question is on the board. You get an e-mail when someone answers."),
        to=lambda question: ("network_question", slug, question.pk),
        template="network/question_form.html",
        context={"seat": seat},
    )


@access.login_only
def question_detail(request, slug, pk):
    seat = selectors.require_people(selectors.seat_for(request.user, slug))
    question = selectors.question_for(seat, pk)
    form = AnswerForm(request.POST or None)
    if request.method == "POST":
        if not seat.is_member:
            raise Http404
        if form.is_valid():
            with refusals_on(form):
                services.answer_post(
                    actor=request.user, seat=seat, question=question, body=form.cleaned_data["body"]
                )
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
        change = services.post_hide if hide else services.post_restore
        with refusals_flashed(request, one_line=True):
            change(actor=request.user, seat=seat, post=post, reason=form.cleaned_data["reason"])
            messages.success(request, _("Hidden.") if hide else _("Shown again."))
    else:
        messages.error(request, _("The reason is too long."))
    return redirect("network_question", slug, question.pk)
