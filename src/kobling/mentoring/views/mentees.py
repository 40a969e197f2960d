"""A mentee's pages: their mentor programmes (with their top three mentors in the mentee's-choice mode),
their wishes, and picking a mentor."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kobling.core import access
from kobling.core.http import form_page, refusals_flashed
from kobling.core.roles import Role
from kobling.mentoring import describe, selectors, services
from kobling.mentoring.forms import MenteeForm
from kobling.mentoring.matching.pool import suggestions_for
from kobling.mentoring.matching.services import mentorship_request
from kobling.mentoring.models import ChoiceMode, Mentorship
from kobling.people.models import Consent
from kobling.people.selectors import has_consent


def _mentee_item(enrolment) -> dict:
    mentee = selectors.mentee_profile(enrolment)
    consents = has_consent(enrolment.participant, Consent.Purpose.MENTOR)
    pair = None
    if mentee.pk is not None:  # an unsaved profile (no wishes saved yet) has no pair
        pairs = mentee.mentorships.filter(state__in=Mentorship.OPEN)
        pair = pairs.select_related("mentor__occupation").first()
    mode = services.settings_for(enrolment.programme).choice_mode
    suggestions = []
    if pair is None and mode == ChoiceMode.MENTEE_PICKS and consents:
        found = suggestions_for(mentee)
        titles = describe.occupation_titles(describe.codes_in(s["parts"] for s in found))
        suggestions = [{**s, "text": describe.explanation_text(s["parts"], titles)} for s in found]
    return {
        "enrolment": enrolment,
        "mentee": mentee,
        "pair": pair,
        "suggestions": suggestions,
        "mode": mode,
        "consents": consents,
    }


@access.require_role(Role.PARTICIPANT)
def mentee_home(request):
    items = [_mentee_item(enrolment) for enrolment in selectors.own_mentor_enrolments(request.user)]
    return render(request, "mentoring/mentee_home.html", {"items": items})


@access.require_role(Role.PARTICIPANT)
def mentee_edit(request, pk):
    enrolment = selectors.own_mentee_enrolment(request.user, pk)
    mentee = selectors.mentee_profile(enrolment)
    initial = {k: getattr(mentee, k) for k in services.MENTEE_FIELDS}
    return form_page(
        request,
        MenteeForm(request.POST or None, initial=initial),
        submit=lambda data: services.mentee_update(actor=request.user, mentee=mentee, data=data),
        done=_("Your wishes are saved."),
        to=("mentoring_mentee_home",),
        template="mentoring/mentee_form.html",
        context={
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
    mentee = selectors.mentee_profile(enrolment)
    chosen = next(
        (s for s in suggestions_for(mentee) if str(s["mentor"].pk) == request.POST.get("mentor")),
        None,
    )
    if chosen is None:
        raise Http404  # only one of the person's own top three can be picked
    with refusals_flashed(request):
        mentorship_request(
            actor=request.user,
            mentee=mentee,
            mentor=chosen["mentor"],
            score=chosen["score"],
            explanation=chosen["parts"],
        )
        name = chosen["mentor"].full_name
        messages.success(
            request, _("We have asked %(name)s. You get an e-mail when they answer.") % {"name": name}
        )
    return redirect("mentoring_mentee_home")
