"""The intake pages: the programme list and its interview questions, the queue, screening and deciding,
possible matches, the advisor's referral and the public application."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from kobling.core import access
from kobling.core.http import flash_errors, form_page, refusals_on, render_htmx
from kobling.core.public import public_form_view
from kobling.core.roles import Cap
from kobling.core.selectors import get_or_404
from kobling.people.models import Source
from kobling.programmes.intake import selectors, services
from kobling.programmes.intake.forms import (
    ApplicationForm,
    DecisionForm,
    IntakeQuestionsForm,
    InterviewForm,
    ReferralForm,
)
from kobling.programmes.models import OPEN_INTAKE, Enrolment
from kobling.programmes.selectors import programmes_visible_to


@access.require(Cap.VIEW_PARTICIPANTS)
def programme_list(request):
    return render(
        request,
        "programmes/programme_list.html",
        {
            "programmes": selectors.programmes_with_figures(request.user),
            "can_configure": access.can(request.user, Cap.SCREEN_APPLICANTS),
        },
    )


@access.require(Cap.SCREEN_APPLICANTS)
def intake_questions(request, slug: str):
    programme = get_or_404(programmes_visible_to(request.user, Cap.SCREEN_APPLICANTS), slug=slug)
    form = IntakeQuestionsForm(request.POST or None, programme=programme)
    return form_page(
        request,
        form,
        submit=lambda data: services.programme_set_intake_questions(
            programme=programme, questions=form.questions(), actor=request.user
        ),
        done=_("The intake interview for %(name)s is saved.") % {"name": programme.name},
        to=("programme_list",),
        template="programmes/intake_questions.html",
        context={"programme": programme},
    )


@access.require(Cap.SCREEN_APPLICANTS)
def intake_queue(request):
    source = request.GET.get("source", "")
    queue = selectors.intake_queue(request.user, source if source in Source.values else "")
    page = Paginator(queue, 50).get_page(request.GET.get("page"))
    matches = list(selectors.pending_intake_matches_visible_to(request.user))
    matched_ids = {m.new_id for m in matches}
    for enrolment in page:
        enrolment.possible_match = enrolment.participant_id in matched_ids
    return render_htmx(
        request,
        "programmes/intake_queue.html",
        "programmes/_intake_rows.html",
        {"page": page, "source": source, "sources": Source.choices, "matches": matches},
    )


def _interview_initial(enrolment: Enrolment) -> dict:
    """Before the interview, the levels start from what the referral or application said."""
    interview = getattr(enrolment, "interview", None)
    if interview is None:
        stated = {lang.language: lang.level for lang in enrolment.participant.languages.all()}
        return {"norwegian_level": stated.get("no", ""), "english_level": stated.get("en", "")}
    initial = {f"q_{k}": v for k, v in interview.answers.items()}
    initial.update({f"n_{k}": v for k, v in interview.notes.items()})
    initial.update(
        norwegian_level=interview.norwegian_level,
        english_level=interview.english_level,
        profile_type=interview.profile_type,
        recommended_path=interview.recommended_path,
        barriers=interview.notes.get("barriers", ""),
    )
    return initial


def _screen_page(request, enrolment: Enrolment, *, form, decision_form, status: int = 200, **extra):
    return render(
        request,
        "programmes/intake_screen.html",
        {
            "enrolment": enrolment,
            "participant": enrolment.participant,
            "interview": getattr(enrolment, "interview", None),
            "form": form,
            "decision_form": decision_form,
            "history": enrolment.history.select_related("changed_by"),
            **extra,
        },
        status=status,
    )


@access.require(Cap.SCREEN_APPLICANTS)
def intake_screen(request, pk: int):
    enrolment = selectors.enrolment_to_screen(request.user, pk)
    form = InterviewForm(
        request.POST or None, programme=enrolment.programme, initial=_interview_initial(enrolment)
    )
    if request.method == "POST" and enrolment.status in OPEN_INTAKE and form.is_valid():
        services.intake_interview_record(
            enrolment=enrolment,
            actor=request.user,
            answers=form.answers(),
            notes=form.notes(),
            norwegian_level=form.cleaned_data["norwegian_level"],
            english_level=form.cleaned_data["english_level"],
            profile_type=form.cleaned_data["profile_type"],
            recommended_path=form.cleaned_data["recommended_path"],
        )
        messages.success(request, _("The intake interview is saved."))
        return redirect("intake_screen", pk=enrolment.pk)
    return _screen_page(
        request,
        enrolment,
        form=form,
        decision_form=DecisionForm(),
        matches=selectors.pending_intake_matches_visible_to(request.user).filter(new=enrolment.participant),
    )


@access.require(Cap.SCREEN_APPLICANTS)
def intake_match(request, pk: int):
    """The new record and the one it looks like, side by side, to link or keep apart."""
    match = selectors.intake_match_for_user(request.user, pk)
    return render(
        request, "programmes/intake_match.html", {"match": match, "records": selectors.match_records(match)}
    )


@require_POST
@access.require(Cap.SCREEN_APPLICANTS)
def intake_match_decide(request, pk: int):
    match = selectors.intake_match_for_user(request.user, pk)
    decision = request.POST.get("decision")
    if decision not in ("link", "separate"):
        messages.error(request, _("Choose whether the records are the same person or two people."))
        return redirect("intake_match", pk=match.pk)
    try:
        if decision == "link":
            person = services.intake_match_link(actor=request.user, match=match)
        else:
            services.intake_match_keep_apart(actor=request.user, match=match)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("intake_match", pk=match.pk)
    if decision == "link":
        messages.success(
            request, _("The records are linked into %(name)s's record.") % {"name": person.full_name}
        )
    else:
        messages.success(request, _("Both records are kept, as two different people."))
    return redirect("intake_queue")


@require_POST
@access.require(Cap.SCREEN_APPLICANTS)
def intake_decide(request, pk: int):
    enrolment = selectors.enrolment_to_screen(request.user, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        with refusals_on(form):
            services.intake_decide(
                enrolment=enrolment,
                decision=form.cleaned_data["decision"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
                reason_text=form.cleaned_data["reason_text"],
            )
            messages.success(
                request,
                _("%(name)s: %(status)s.")
                % {"name": enrolment.participant.full_name, "status": enrolment.get_status_display()},
            )
            return redirect("intake_queue")
    return _screen_page(
        request, enrolment, form=InterviewForm(programme=enrolment.programme), decision_form=form, status=400
    )


@sensitive_post_parameters("national_id")
@access.require(Cap.REFER)
def referral_create(request):
    form = ReferralForm(request.POST or None, programmes=selectors.referral_programmes())
    if request.method == "POST" and form.is_valid():
        offices = access.organisations_with(request.user, Cap.REFER)
        with refusals_on(form):
            enrolment = services.intake_submit(
                actor=request.user,
                programme=form.cleaned_data["programme"],
                data=form.profile_data(),
                languages=form.languages(),
                source=Source.REFERRAL,
                advisor=request.user,
                referring_office=offices[0] if offices else None,
                note=form.cleaned_data["note"],
            )
            messages.success(
                request,
                _("%(name)s is referred to %(programme)s.")
                % {"name": enrolment.participant.full_name, "programme": enrolment.programme.name},
            )
            return redirect("portfolio")
    return render(request, "programmes/referral_form.html", {"form": form})


def apply(request):
    """The public application form: no login, plain language, bokmål or English. At most
    APPLICATION_RATE_LIMIT submissions an hour from one client address."""
    return public_form_view(
        request,
        form=ApplicationForm(request.POST or None, programmes=selectors.referral_programmes()),
        template="programmes/apply.html",
        thanks="apply_thanks",
        scope="apply",
        submit=lambda form: services.intake_submit(
            actor=None,
            programme=form.cleaned_data["programme"],
            data=form.profile_data(),
            languages=form.languages(),
            source=Source.APPLICATION,
            consent_given=True,
        ),
    )


def apply_thanks(request):
    return render(request, "programmes/apply_thanks.html")
