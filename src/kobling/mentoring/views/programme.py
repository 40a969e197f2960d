"""The coordinator's programme pages: the programmes, one programme's overview and settings, its
mentors (and reviewing one) and its pairs."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _

from kobling.core import access
from kobling.core.http import form_page
from kobling.core.roles import Cap
from kobling.mentoring import selectors, services
from kobling.mentoring.forms import ReviewForm, SettingsForm
from kobling.mentoring.matching.pool import pool_mentees
from kobling.mentoring.models import MentorProfile, Mentorship

PAGE_SIZE = 50


@access.require(Cap.MANAGE_MENTORING)
def mentoring_index(request):
    programmes = selectors.managed_programmes_with_counts(request.user)
    return render(request, "mentoring/index.html", {"programmes": programmes})


@access.require(Cap.MANAGE_MENTORING)
def programme_overview(request, slug):
    programme = selectors.programme_for_manager(request.user, slug)
    context = {
        "programme": programme,
        **selectors.programme_state_counts(programme),
        "pool": pool_mentees(programme).count(),
        "settings": services.settings_for(programme),
    }
    return render(request, "mentoring/programme.html", context)


@access.require(Cap.MANAGE_MENTORING)
def programme_settings(request, slug):
    programme = selectors.programme_for_manager(request.user, slug)
    form = SettingsForm(
        request.POST or None, initial=SettingsForm.initial_for(services.settings_for(programme))
    )
    return form_page(
        request,
        form,
        submit=lambda data: services.settings_save(
            actor=request.user, programme=programme, values=form.values()
        ),
        done=_("The settings are saved."),
        to=("mentoring_programme", programme.slug),
        template="mentoring/settings.html",
        context={"programme": programme},
    )


def _list_page(request, template: str, programme, rows, states):
    """A programme's list (mentors or pairs), filtered by state and paged."""
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"programme": programme, "page": page, "state": request.GET.get("state", ""), "states": states}
    return render(request, template, context)


@access.require(Cap.MANAGE_MENTORING)
def mentor_list(request, slug):
    programme = selectors.programme_for_manager(request.user, slug)
    mentors = selectors.programme_mentors(programme, request.GET.get("state", ""))
    return _list_page(request, "mentoring/mentor_list.html", programme, mentors, MentorProfile.State.choices)


@access.require(Cap.MANAGE_MENTORING)
def pair_list(request, slug):
    programme = selectors.programme_for_manager(request.user, slug)
    pairs = selectors.programme_pairs(programme, request.GET.get("state", ""))
    return _list_page(request, "mentoring/pair_list.html", programme, pairs, Mentorship.State.choices)


@access.require(Cap.MANAGE_MENTORING)
def mentor_review(request, pk):
    mentor = selectors.mentor_for_manager(request.user, pk)
    pairs = mentor.mentorships.select_related("mentee__enrolment__participant").order_by("-proposed_at")
    return form_page(
        request,
        ReviewForm(request.POST or None),
        submit=lambda data: services.mentor_review(
            actor=request.user, mentor=mentor, approve=data["decision"] == "approve", note=data["note"]
        ),
        done=_("%(name)s is reviewed and has been told by e-mail.") % {"name": mentor.full_name},
        to=("mentoring_mentors", mentor.programme.slug),
        template="mentoring/mentor_review.html",
        context={"mentor": mentor, "pairs": pairs, "languages": mentor.languages.all()},
    )
