"""The pair's own page, for its mentor, its mentee and the programme's coordinator, and what each of
them can do there: plan the intro meeting, answer "shall we go on?", say no before the meeting, answer
a mentee's pick, withdraw the pair, or end an active pair early."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kobling.core import access
from kobling.core.http import flash_errors, form_errors
from kobling.mentoring import describe, selectors, services
from kobling.mentoring.forms import AnswerForm, DeclineForm, IntroForm, RequestAnswerForm, WithdrawForm
from kobling.mentoring.models import Mentorship

NOT_STARTED = (Mentorship.State.REQUESTED, Mentorship.State.PROPOSED, Mentorship.State.INTRO)


def _pair_context(mentorship, side, **forms):
    withdrawn = selectors.pair_on_hold(mentorship)
    if side == "mentor" and withdrawn:
        # The mentor sees a neutral message and nothing of the mentee, and cannot act on the pair.
        return {"pair": mentorship, "side": side, "on_hold": True, "mentor": mentorship.mentor}
    titles = describe.occupation_titles(describe.codes_in([mentorship.explanation]))
    participant = mentorship.mentee.enrolment.participant
    context = {
        "consent_withdrawn": withdrawn,
        "pair": mentorship,
        "side": side,
        "participant": participant,
        "mentor": mentorship.mentor,
        "explanation": describe.explanation_text(mentorship.explanation, titles),
        "parts": describe.explanation_rows(mentorship.explanation, titles),
        "history": mentorship.history.select_related("changed_by"),
        "mentee_languages": participant.languages.all(),
        "mentor_languages": mentorship.mentor.languages.all(),
        "can_plan": side in ("coordinator", "mentor")
        and mentorship.state in (Mentorship.State.PROPOSED, Mentorship.State.INTRO),
        "my_answer": getattr(mentorship, f"{side}_answer", "") if side != "coordinator" else "",
    }
    return {**context, **_pair_forms(mentorship, side, context, forms)}


def _pair_forms(mentorship, side, context, forms) -> dict:
    """The forms the reader may use on the pair now: the ones given (bound, with errors) or empty ones."""
    member = side != "coordinator"
    wanted = {
        "intro_form": context["can_plan"],
        "answer_form": member
        and mentorship.state == Mentorship.State.INTRO
        and mentorship.intro_held
        and not context["my_answer"],
        "decline_form": member and mentorship.before_intro,
        "request_form": side == "mentor" and mentorship.state == Mentorship.State.REQUESTED,
        "withdraw_form": side == "coordinator" and mentorship.state in NOT_STARTED,
        "end_form": mentorship.state == Mentorship.State.ACTIVE,
    }
    empty = {
        "intro_form": lambda: IntroForm(initial={"minutes": 45}),
        "answer_form": AnswerForm,
        "decline_form": DeclineForm,
        "request_form": RequestAnswerForm,
        "withdraw_form": WithdrawForm,
        "end_form": WithdrawForm,
    }
    return {name: forms.get(name) or empty[name]() for name, shown in wanted.items() if shown}


@access.login_only
def mentorship_detail(request, pk):
    mentorship, side = selectors.mentorship_for_user(request.user, pk)
    return render(request, "mentoring/pair.html", _pair_context(mentorship, side))


def _act(
    request,
    pk,
    *,
    sides: tuple[str, ...],
    form_key: str,
    form_class,
    call: Callable[[Mentorship, str, dict], object],
    done: str,
    refusal_on_page: bool = False,
):
    """One action on the pair: the reader's side must be one of `sides`; a valid form goes to `call`
    (the one service). A refusal lands on the form (400), or with `refusal_on_page` (the pair moved on
    meanwhile) is told on the pair's page."""
    mentorship, side = selectors.mentorship_to_act_on(request.user, pk)
    if side not in sides:
        raise Http404
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(mentorship, side, form.cleaned_data)
        except ValidationError as error:
            if not refusal_on_page:
                form_errors(form, error)
                return _pair_page(request, mentorship, side, form_key, form)
            flash_errors(request, error)
        else:
            messages.success(request, done)
        return redirect("mentorship_detail", pk=mentorship.pk)
    return _pair_page(request, mentorship, side, form_key, form)


def _pair_page(request, mentorship, side, form_key, form):
    context = _pair_context(mentorship, side, **{form_key: form})
    return render(request, "mentoring/pair.html", context, status=400)


@require_POST
@access.login_only
def mentorship_intro(request, pk):
    return _act(
        request,
        pk,
        sides=("coordinator", "mentor"),
        form_key="intro_form",
        form_class=IntroForm,
        call=lambda pair, side, data: services.mentorship_plan_intro(
            actor=request.user, mentorship=pair, **data
        ),
        done=_("The intro meeting is planned. Both got a calendar invitation."),
    )


@require_POST
@access.login_only
def mentorship_answer(request, pk):
    # Too early (the meeting has not begun) or already answered: the pair's page says why.
    return _act(
        request,
        pk,
        sides=("mentee", "mentor"),
        form_key="answer_form",
        form_class=AnswerForm,
        call=lambda pair, side, data: services.mentorship_answer(
            actor=request.user,
            mentorship=pair,
            side=side,
            go_on=data["answer"] == "yes",
            reason=data["reason"],
            text=data["text"],
        ),
        done=_("Thank you for your answer."),
        refusal_on_page=True,
    )


@require_POST
@access.login_only
def mentorship_decline(request, pk):
    """The mentor or the mentee says no to the proposal before the intro meeting."""
    # The pair moved on meanwhile (answered, or the meeting began): say so on its page.
    return _act(
        request,
        pk,
        sides=("mentee", "mentor"),
        form_key="decline_form",
        form_class=DeclineForm,
        call=lambda pair, side, data: services.mentorship_decline(
            actor=request.user, mentorship=pair, side=side, reason=data["reason"], text=data["text"]
        ),
        done=_("You said no to the proposal. Both of you have been told by e-mail."),
        refusal_on_page=True,
    )


@require_POST
@access.login_only
def mentorship_respond(request, pk):
    return _act(
        request,
        pk,
        sides=("mentor",),
        form_key="request_form",
        form_class=RequestAnswerForm,
        call=lambda pair, side, data: services.mentorship_mentor_respond(
            actor=request.user,
            mentorship=pair,
            accept=data["answer"] == "yes",
            reason=data["reason"],
            text=data["text"],
        ),
        done=_("Thank you for your answer."),
    )


@require_POST
@access.login_only
def mentorship_withdraw(request, pk):
    return _act(
        request,
        pk,
        sides=("coordinator",),
        form_key="withdraw_form",
        form_class=WithdrawForm,
        call=lambda pair, side, data: services.mentorship_withdraw(
            actor=request.user, mentorship=pair, reason=data["reason"], text=data["text"]
        ),
        done=_("The pair is withdrawn; the mentee is back in the pool."),
    )


@require_POST
@access.login_only
def mentorship_end_early(request, pk):
    return _act(
        request,
        pk,
        sides=("coordinator", "mentor", "mentee"),
        form_key="end_form",
        form_class=WithdrawForm,
        call=lambda pair, side, data: services.mentorship_end_early(
            actor=request.user, mentorship=pair, reason=data["reason"], text=data["text"], side=side
        ),
        done=_("The pair is ended; both have been told, and the mentee is back in the pool."),
    )
