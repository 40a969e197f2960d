"""Pages for mentors, mentees, partner companies, the public sign-up, and the pair's own page."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kobling.accounts import services as account_services
from kobling.core import access, throttle
from kobling.core.http import flash_errors
from kobling.core.roles import Cap, Role
from kobling.mentoring import describe, matching, selectors, services
from kobling.mentoring.forms import (
    AnswerForm,
    DeclineForm,
    IntroForm,
    MenteeForm,
    MentorProfileForm,
    MentorSignupForm,
    PartnerInviteForm,
    RequestAnswerForm,
    WithdrawForm,
)
from kobling.mentoring.models import ChoiceMode, MentorProfile, Mentorship
from kobling.people.models import Consent
from kobling.people.selectors import has_consent
from kobling.programmes.models import Programme

# Pairs not yet active: the mentor sees the mentee's details only while the mentee consents.
NOT_YET_ACTIVE = (Mentorship.State.REQUESTED, Mentorship.State.PROPOSED, Mentorship.State.INTRO)


def signup_programmes():
    return Programme.objects.filter(
        kind=Programme.Kind.MENTOR,
        accepts_applications=True,
        state__in=[Programme.State.PLANNED, Programme.State.ACTIVE],
    ).select_related("organisation")


def _rate_limited(request) -> bool:
    """At most APPLICATION_RATE_LIMIT submissions an hour from one client address (behind trusted
    proxies, the address they saw), counted in the shared cache."""
    return throttle.over_limit(
        "mentor-signup", throttle.client_ip(request), limit=settings.APPLICATION_RATE_LIMIT
    )


def mentor_signup(request):
    """The public sign-up: no login; a honeypot and a per-address limit keep robots out."""
    data = request.POST if request.method == "POST" else None
    form = MentorSignupForm(data, langs_data=data, programmes=signup_programmes())
    if request.method == "POST":
        if request.POST.get("website"):
            return redirect("mentor_signup_thanks")
        if _rate_limited(request):
            return render(request, "mentoring/signup.html", {"form": form, "limited": True}, status=429)
        if form.is_valid():
            try:
                with transaction.atomic():
                    services.mentor_submit(
                        actor=None,
                        programme=form.cleaned_data["programme"],
                        data=form.profile_data(),
                        languages=form.languages(),
                    )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("mentor_signup_thanks")
    return render(request, "mentoring/signup.html", {"form": form})


def mentor_signup_thanks(request):
    return render(request, "mentoring/signup_thanks.html")


# ---------------------------------------------------------------------- mentor
@access.require(Cap.MENTOR_OWN)
def mentor_home(request):
    services.mentor_claim_profiles(user=request.user)
    profiles = list(selectors.own_mentor_profiles(request.user))
    pairs = list(
        Mentorship.objects.filter(mentor__user=request.user)
        .select_related("programme", "mentee__enrolment__participant")
        .annotate(mentee_consents=matching.mentor_consent("mentee__enrolment__participant"))
        .order_by("-proposed_at")
    )
    for pair in pairs:
        pair.on_hold = pair.state in NOT_YET_ACTIVE and not pair.mentee_consents
    return render(
        request,
        "mentoring/mentor_home.html",
        {
            "profiles": profiles,
            "pairs": pairs,
            "can_add": signup_programmes().exclude(mentor_profiles__user=request.user).exists(),
        },
    )


def _partner_for(user):
    partners = [
        m.organisation
        for m in access.memberships(user)
        if m.role == Role.MENTOR and m.organisation and m.organisation.kind == "employer"
    ]
    return partners[0] if partners else None


@access.require(Cap.MENTOR_OWN)
def mentor_profile_new(request):
    """A logged-in mentor (for example one a partner company invited) makes a profile."""
    data = request.POST if request.method == "POST" else None
    programmes = signup_programmes().exclude(mentor_profiles__user=request.user)
    partner = _partner_for(request.user)
    initial = {
        "full_name": request.user.full_name,
        "email": request.user.email,
        "language": request.user.language,
        "employer": partner.name if partner else "",
        "mode": "both",
        "capacity": 1,
    }
    form = MentorSignupForm(data, langs_data=data, programmes=programmes, initial=initial)
    form.fields.pop("website")
    form.fields.pop("email")
    if request.method == "POST" and form.is_valid():
        values = {**form.profile_data(), "email": request.user.email, "partner": partner}
        try:
            with transaction.atomic():
                services.mentor_submit(
                    actor=request.user,
                    programme=form.cleaned_data["programme"],
                    data=values,
                    languages=form.languages(),
                    source=MentorProfile.Source.PARTNER if partner else MentorProfile.Source.SIGNUP,
                    user=request.user,
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you! The coordinator will review your profile."))
            return redirect("mentoring_mentor_home")
    return render(request, "mentoring/mentor_form.html", {"form": form, "new": True})


@access.require(Cap.MENTOR_OWN)
def mentor_profile_edit(request, pk):
    mentor = selectors.own_mentor_profile(request.user, pk)
    data = request.POST if request.method == "POST" else None
    form = MentorProfileForm(
        data, langs_data=data, mentor=mentor, initial=MentorProfileForm.initial_for(mentor)
    )
    if request.method == "POST" and form.is_valid():
        services.mentor_update(
            actor=request.user, mentor=mentor, data=form.profile_data(), languages=form.languages()
        )
        messages.success(request, _("Your mentor profile is saved."))
        return redirect("mentoring_mentor_home")
    return render(request, "mentoring/mentor_form.html", {"form": form, "mentor": mentor, "new": False})


# ---------------------------------------------------------------------- mentee
@access.require_role(Role.PARTICIPANT)
def mentee_home(request):
    items = []
    for enrolment in selectors.own_mentor_enrolments(request.user):
        mentee = services.mentee_profile_for(enrolment)
        consents = has_consent(enrolment.participant, Consent.Purpose.MENTOR)
        pair = (
            mentee.mentorships.filter(state__in=Mentorship.OPEN).select_related("mentor__occupation").first()
        )
        suggestions = []
        mode = services.settings_for(enrolment.programme).choice_mode
        if pair is None and mode == ChoiceMode.MENTEE_PICKS and consents:
            found = matching.suggestions_for(mentee)
            titles = describe.occupation_titles(describe.codes_in(s["parts"] for s in found))
            suggestions = [{**s, "text": describe.explanation_text(s["parts"], titles)} for s in found]
        items.append(
            {
                "enrolment": enrolment,
                "mentee": mentee,
                "pair": pair,
                "suggestions": suggestions,
                "mode": mode,
                "consents": consents,
            }
        )
    return render(request, "mentoring/mentee_home.html", {"items": items})


@access.require_role(Role.PARTICIPANT)
def mentee_edit(request, pk):
    enrolment = selectors.own_mentee_enrolment(request.user, pk)
    mentee = services.mentee_profile_for(enrolment)
    initial = {k: getattr(mentee, k) for k in services.MENTEE_FIELDS}
    form = MenteeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.mentee_update(actor=request.user, mentee=mentee, data=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your wishes are saved."))
            return redirect("mentoring_mentee_home")
    return render(
        request,
        "mentoring/mentee_form.html",
        {
            "form": form,
            "enrolment": enrolment,
            "consents": has_consent(enrolment.participant, Consent.Purpose.MENTOR),
        },
    )


@require_POST
@access.require_role(Role.PARTICIPANT)
def mentee_pick(request, pk):
    enrolment = selectors.own_mentee_enrolment(request.user, pk)
    if services.settings_for(enrolment.programme).choice_mode != ChoiceMode.MENTEE_PICKS:
        raise Http404
    mentee = services.mentee_profile_for(enrolment)
    chosen = next(
        (s for s in matching.suggestions_for(mentee) if str(s["mentor"].pk) == request.POST.get("mentor")),
        None,
    )
    if chosen is None:
        raise Http404  # only one of the person's own top three can be picked
    try:
        services.mentorship_propose(
            actor=request.user,
            mentee=mentee,
            mentor=chosen["mentor"],
            score=chosen["score"],
            explanation=chosen["parts"],
            requested=True,
        )
    except ValidationError as error:
        flash_errors(request, error)
    else:
        messages.success(
            request,
            _("We have asked %(name)s. You get an e-mail when they answer.")
            % {"name": chosen["mentor"].full_name},
        )
    return redirect("mentoring_mentee_home")


# ------------------------------------------------------------------- the pair
def _consent_withdrawn(mentorship) -> bool:
    """A pair not yet active whose mentee no longer consents to sharing their profile with a mentor.

    Only pairs before the start count: once a pair is active (or completed) the two have met and know
    each other, so withdrawing the consent does not hide the mentee from their own mentor; ending an
    active pair is the coordinator's conversation with the two, not an automatic effect.
    """
    return mentorship.state in NOT_YET_ACTIVE and not has_consent(
        mentorship.mentee.enrolment.participant, Consent.Purpose.MENTOR
    )


def _pair_context(request, mentorship, side, **forms):
    withdrawn = _consent_withdrawn(mentorship)
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
    if context["can_plan"]:
        context.setdefault("intro_form", forms.get("intro_form") or IntroForm(initial={"minutes": 45}))
    if (
        side != "coordinator"
        and mentorship.state == Mentorship.State.INTRO
        and mentorship.intro_held
        and not context["my_answer"]
    ):
        context["answer_form"] = forms.get("answer_form") or AnswerForm()
    if side != "coordinator" and mentorship.before_intro:
        context["decline_form"] = forms.get("decline_form") or DeclineForm()
    if side == "mentor" and mentorship.state == Mentorship.State.REQUESTED:
        context["request_form"] = forms.get("request_form") or RequestAnswerForm()
    if side == "coordinator" and mentorship.state in (
        Mentorship.State.REQUESTED,
        Mentorship.State.PROPOSED,
        Mentorship.State.INTRO,
    ):
        context["withdraw_form"] = forms.get("withdraw_form") or WithdrawForm()
    return context


@access.login_only
def mentorship_detail(request, pk):
    mentorship, side = selectors.mentorship_for_user(request.user, pk)
    return render(request, "mentoring/pair.html", _pair_context(request, mentorship, side))


def _pair_or_404(request, pk):
    mentorship, side = selectors.mentorship_for_user(request.user, pk)
    if side == "mentor" and _consent_withdrawn(mentorship):
        raise Http404  # on hold: the mentor may not act on (nor learn more about) the mentee
    return mentorship, side


@require_POST
@access.login_only
def mentorship_intro(request, pk):
    mentorship, side = _pair_or_404(request, pk)
    if side not in ("coordinator", "mentor"):
        raise Http404
    form = IntroForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.mentorship_plan_intro(
                actor=request.user,
                mentorship=mentorship,
                starts_at=data["starts_at"],
                minutes=data["minutes"],
                place=data["place"],
                video_url=data["video_url"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The intro meeting is planned. Both got a calendar invitation."))
            return redirect("mentorship_detail", pk=mentorship.pk)
    return render(
        request, "mentoring/pair.html", _pair_context(request, mentorship, side, intro_form=form), status=400
    )


@require_POST
@access.login_only
def mentorship_answer(request, pk):
    mentorship, side = _pair_or_404(request, pk)
    if side not in ("mentee", "mentor"):
        raise Http404
    form = AnswerForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.mentorship_answer(
                actor=request.user,
                mentorship=mentorship,
                side=side,
                go_on=data["answer"] == "yes",
                reason=data["reason"],
                text=data["text"],
            )
        except ValidationError as error:
            # Too early (the meeting has not begun) or already answered: the pair's page says why.
            flash_errors(request, error)
        else:
            messages.success(request, _("Thank you for your answer."))
        return redirect("mentorship_detail", pk=mentorship.pk)
    return render(
        request, "mentoring/pair.html", _pair_context(request, mentorship, side, answer_form=form), status=400
    )


@require_POST
@access.login_only
def mentorship_decline(request, pk):
    """The mentor or the mentee says no to the proposal before the intro meeting."""
    mentorship, side = _pair_or_404(request, pk)
    if side not in ("mentee", "mentor"):
        raise Http404
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.mentorship_decline(
                actor=request.user,
                mentorship=mentorship,
                side=side,
                reason=form.cleaned_data["reason"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as error:
            # The pair moved on meanwhile (answered, or the meeting began): say so on its page.
            flash_errors(request, error)
        else:
            messages.success(request, _("You said no to the proposal. Both of you have been told by e-mail."))
        return redirect("mentorship_detail", pk=mentorship.pk)
    return render(
        request,
        "mentoring/pair.html",
        _pair_context(request, mentorship, side, decline_form=form),
        status=400,
    )


@require_POST
@access.login_only
def mentorship_respond(request, pk):
    mentorship, side = _pair_or_404(request, pk)
    if side != "mentor":
        raise Http404
    form = RequestAnswerForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.mentorship_mentor_respond(
                actor=request.user,
                mentorship=mentorship,
                accept=data["answer"] == "yes",
                reason=data["reason"],
                text=data["text"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you for your answer."))
            return redirect("mentorship_detail", pk=mentorship.pk)
    return render(
        request,
        "mentoring/pair.html",
        _pair_context(request, mentorship, side, request_form=form),
        status=400,
    )


@require_POST
@access.login_only
def mentorship_withdraw(request, pk):
    mentorship, side = _pair_or_404(request, pk)
    if side != "coordinator":
        raise Http404
    form = WithdrawForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.mentorship_withdraw(
                actor=request.user, mentorship=mentorship, reason=data["reason"], text=data["text"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The pair is withdrawn; the mentee is back in the pool."))
            return redirect("mentorship_detail", pk=mentorship.pk)
    return render(
        request,
        "mentoring/pair.html",
        _pair_context(request, mentorship, side, withdraw_form=form),
        status=400,
    )


# --------------------------------------------------------------------- partner
@access.require(Cap.PARTNER_MENTORS)
def partner_page(request):
    """A partner company's contact: invite colleagues, see their activity in totals only."""
    organisations = selectors.partner_organisations(request.user)
    if not organisations:
        raise Http404
    organisation = organisations[0]
    form = PartnerInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            account_services.invitation_create(
                actor=request.user,
                organisation=organisation,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                role=Role.MENTOR,
                language=form.cleaned_data["language"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The invitation is sent."))
            return redirect("mentoring_partner")
    mentors = MentorProfile.objects.filter(partner=organisation)
    by_state = dict(mentors.values_list("state").annotate(n=Count("pk")).order_by())
    pairs = Mentorship.objects.filter(mentor__partner=organisation)
    totals = pairs.aggregate(
        active=Count("pk", filter=Q(state=Mentorship.State.ACTIVE)),
        proposed=Count(
            "pk",
            filter=Q(
                state__in=[Mentorship.State.REQUESTED, Mentorship.State.PROPOSED, Mentorship.State.INTRO]
            ),
        ),
        completed=Count("pk", filter=Q(state=Mentorship.State.COMPLETED)),
        meetings=Count("pk", filter=Q(intro_starts_at__lt=timezone.now())),
    )
    # The meetings the pairs have logged in their space since (mentorspace.MeetingLog).
    totals["logged"] = pairs.aggregate(n=Count("space_meetings"))["n"]
    colleagues = (
        mentors.values("full_name", "state")
        .annotate(active=Count("mentorships", filter=Q(mentorships__state=Mentorship.State.ACTIVE)))
        .order_by("full_name")
    )
    return render(
        request,
        "mentoring/partner.html",
        {
            "organisation": organisation,
            "form": form,
            "totals": totals,
            "by_state": [(label, by_state.get(v, 0)) for v, label in MentorProfile.State.choices],
            "colleagues": colleagues,
            "states": dict(MentorProfile.State.choices),
        },
    )
