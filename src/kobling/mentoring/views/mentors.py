"""Mentors' pages: the public sign-up (no login), the mentor's own profiles and pairs, and a partner
company's contact inviting colleagues and seeing their activity in totals."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from kobling.core import access
from kobling.core.http import form_page
from kobling.core.public import public_form_view
from kobling.core.roles import Cap, Role
from kobling.mentoring import selectors, services
from kobling.mentoring.forms import MentorProfileForm, MentorSignupForm, PartnerInviteForm
from kobling.mentoring.models import MentorProfile


def mentor_signup(request):
    """The public sign-up: no login; a honeypot and a per-address limit keep robots out."""
    data = request.POST if request.method == "POST" else None
    form = MentorSignupForm(data, langs_data=data, programmes=selectors.signup_programmes())
    return public_form_view(
        request,
        form=form,
        template="mentoring/signup.html",
        thanks="mentor_signup_thanks",
        scope="mentor-signup",
        submit=lambda form: services.mentor_submit(
            actor=None,
            programme=form.cleaned_data["programme"],
            data=form.profile_data(),
            languages=form.languages(),
        ),
    )


def mentor_signup_thanks(request):
    return render(request, "mentoring/signup_thanks.html")


@access.require(Cap.MENTOR_OWN)
def mentor_home(request):
    context = {
        "profiles": list(selectors.own_mentor_profiles(request.user)),
        "pairs": selectors.own_mentor_pairs(request.user),
        "can_add": selectors.signup_programmes().exclude(mentor_profiles__user=request.user).exists(),
    }
    return render(request, "mentoring/mentor_home.html", context)


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
    programmes = selectors.signup_programmes().exclude(mentor_profiles__user=request.user)
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
    return form_page(
        request,
        form,
        submit=lambda data: services.mentor_submit(
            actor=request.user,
            programme=data["programme"],
            data={**form.profile_data(), "email": request.user.email, "partner": partner},
            languages=form.languages(),
            source=MentorProfile.Source.PARTNER if partner else MentorProfile.Source.SIGNUP,
            user=request.user,
        ),
        done=_("Thank you! The coordinator will review your profile."),
        to=("mentoring_mentor_home",),
        template="mentoring/mentor_form.html",
        context={"new": True},
    )


@access.require(Cap.MENTOR_OWN)
def mentor_profile_edit(request, pk):
    mentor = selectors.own_mentor_profile(request.user, pk)
    data = request.POST if request.method == "POST" else None
    form = MentorProfileForm(
        data, langs_data=data, mentor=mentor, initial=MentorProfileForm.initial_for(mentor)
    )
    return form_page(
        request,
        form,
        submit=lambda data: services.mentor_update(
            actor=request.user, mentor=mentor, data=form.profile_data(), languages=form.languages()
        ),
        done=_("Your mentor profile is saved."),
        to=("mentoring_mentor_home",),
        template="mentoring/mentor_form.html",
        context={"mentor": mentor, "new": False},
    )


@access.require(Cap.PARTNER_MENTORS)
def partner_page(request):
    """A partner company's contact: invite colleagues, see their activity in totals only."""
    organisation = selectors.partner_organisation(request.user)
    return form_page(
        request,
        PartnerInviteForm(request.POST or None),
        submit=lambda data: services.mentor_invite(actor=request.user, organisation=organisation, **data),
        done=_("The invitation is sent."),
        to=("mentoring_partner",),
        template="mentoring/partner.html",
        context={"organisation": organisation, **selectors.partner_summary(organisation)},
    )
