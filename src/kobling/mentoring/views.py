"""The coordinator's pages: programme overview, settings, mentor review, matching, unmatched, pairs."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kobling.core import access
from kobling.core.http import flash_errors
from kobling.core.roles import Cap
from kobling.mentoring import describe, matching, selectors, services
from kobling.mentoring.forms import CRITERION_LABELS, ReviewForm, SettingsForm
from kobling.mentoring.models import (
    CRITERIA,
    MatchConstraint,
    MenteeProfile,
    MentorProfile,
    Mentorship,
)


def _state_counts(programme):
    return dict(
        Mentorship.objects.filter(programme=programme).values_list("state").annotate(n=Count("pk")).order_by()
    )


@access.require(Cap.MANAGE_MENTORING)
def mentoring_index(request):
    programmes = list(
        selectors.managed_programmes(request.user).annotate(
            mentors_waiting=Count(
                "mentor_profiles",
                filter=Q(mentor_profiles__state=MentorProfile.State.SUBMITTED),
                distinct=True,
            ),
            mentors_approved=Count(
                "mentor_profiles",
                filter=Q(mentor_profiles__state=MentorProfile.State.APPROVED),
                distinct=True,
            ),
        )
    )
    active = dict(
        Mentorship.objects.filter(programme__in=programmes, state=Mentorship.State.ACTIVE)
        .values_list("programme_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for programme in programmes:
        programme.active_pairs = active.get(programme.pk, 0)
    return render(request, "mentoring/index.html", {"programmes": programmes})


@access.require(Cap.MANAGE_MENTORING)
def programme_overview(request, slug):
    programme = selectors.programme_for_manager(request.user, slug)
    counts = _state_counts(programme)
    states = [(value, label, counts.get(value, 0)) for value, label in Mentorship.State.choices]
    mentors = dict(
        MentorProfile.objects.filter(programme=programme)
        .values_list("state")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return render(
        request,
        "mentoring/programme.html",
        {
            "programme": programme,
            "states": states,
            "mentor_counts": [(v, label, mentors.get(v, 0)) for v, label in MentorProfile.State.choices],
            "pool": matching.pool_mentees(programme).count(),
            "settings": services.settings_for(programme),
        },
    )


@access.require(Cap.MANAGE_MENTORING)
def programme_settings(request, slug):
    programme = selectors.programme_for_manager(request.user, slug)
    current = services.settings_for(programme)
    initial = {
        "period_months": current.period_months,
        "choice_mode": current.choice_mode,
        "nudge_no_meeting_weeks": current.nudge_no_meeting_weeks,
        "nudge_unanswered_days": current.nudge_unanswered_days,
        "nudge_period_end_days": current.nudge_period_end_days,
        **{f"w_{c}": w for c, w in current.weight_map().items()},
    }
    form = SettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_save(actor=request.user, programme=programme, values=form.values())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The settings are saved."))
            return redirect("mentoring_programme", slug=programme.slug)
    return render(request, "mentoring/settings.html", {"programme": programme, "form": form})


@access.require(Cap.MANAGE_MENTORING)
def mentor_list(request, slug):
    programme = selectors.programme_for_manager(request.user, slug)
    state = request.GET.get("state", "")
    mentors = (
        MentorProfile.objects.filter(programme=programme)
        .select_related("occupation", "partner")
        .annotate(taken=Count("mentorships", filter=Q(mentorships__state__in=Mentorship.TAKES_CAPACITY)))
    )
    if state in MentorProfile.State.values:
        mentors = mentors.filter(state=state)
    page = Paginator(mentors.order_by("state", "full_name", "pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "mentoring/mentor_list.html",
        {"programme": programme, "page": page, "state": state, "states": MentorProfile.State.choices},
    )


@access.require(Cap.MANAGE_MENTORING)
def mentor_review(request, pk):
    mentor = selectors.mentor_for_manager(request.user, pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.mentor_review(
            actor=request.user,
            mentor=mentor,
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"],
        )
        messages.success(
            request, _("%(name)s is reviewed and has been told by e-mail.") % {"name": mentor.full_name}
        )
        return redirect("mentoring_mentors", slug=mentor.programme.slug)
    pairs = mentor.mentorships.select_related("mentee__enrolment__participant").order_by("-proposed_at")
    return render(
        request,
        "mentoring/mentor_review.html",
        {"mentor": mentor, "form": form, "pairs": pairs, "languages": mentor.languages.all()},
    )


@access.require(Cap.MANAGE_MENTORING)
def pair_list(request, slug):
    programme = selectors.programme_for_manager(request.user, slug)
    state = request.GET.get("state", "")
    pairs = Mentorship.objects.filter(programme=programme).select_related(
        "mentor__occupation", "mentee__enrolment__participant"
    )
    if state in Mentorship.State.values:
        pairs = pairs.filter(state=state)
    page = Paginator(pairs.order_by("-proposed_at", "-pk"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "mentoring/pair_list.html",
        {"programme": programme, "page": page, "state": state, "states": Mentorship.State.choices},
    )


def _run_rows(run, mentees, mentors, titles):
    rows = []
    for mentee_id, mentor_id, score, parts in run.pairs:
        if mentee_id not in mentees or mentor_id not in mentors:
            continue
        rows.append(
            {
                "mentee": mentees[mentee_id],
                "mentor": mentors[mentor_id],
                "score": score,
                "text": describe.explanation_text(parts, titles),
                "parts": describe.explanation_rows(parts, titles),
            }
        )
    return rows


@access.require(Cap.MANAGE_MENTORING)
def matching_page(request, slug):
    programme = selectors.programme_for_manager(request.user, slug)
    if request.method == "POST":
        return _matching_action(request, programme)
    run = matching.latest_run(programme)
    constraints = list(
        MatchConstraint.objects.filter(programme=programme).select_related(
            "mentee__enrolment__participant", "mentor"
        )
    )
    rows, unmatched = [], []
    if run is not None and run.published_at is None:
        mentee_ids = [p[0] for p in run.pairs] + run.unmatched
        mentees = MenteeProfile.objects.select_related("enrolment__participant").in_bulk(mentee_ids)
        mentors = MentorProfile.objects.select_related("occupation").in_bulk([p[1] for p in run.pairs])
        titles = describe.occupation_titles(describe.codes_in(p[3] for p in run.pairs))
        rows = _run_rows(run, mentees, mentors, titles)
        unmatched = [mentees[i] for i in run.unmatched if i in mentees]
    locked = {(c.mentee_id, c.mentor_id) for c in constraints if c.kind == MatchConstraint.Kind.LOCK}
    for row in rows:
        row["locked"] = (row["mentee"].pk, row["mentor"].pk) in locked
    return render(
        request,
        "mentoring/matching.html",
        {
            "programme": programme,
            "run": run if run is not None and run.published_at is None else None,
            "rows": rows,
            "unmatched": unmatched,
            "constraints": constraints,
            "settings": services.settings_for(programme),
            "criteria": [(c, CRITERION_LABELS[c]) for c in CRITERIA],
        },
    )


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404


def _matching_action(request, programme):
    action = request.POST.get("action", "")
    if action == "run":
        run = matching.run_batch(actor=request.user, programme=programme)
        messages.success(
            request,
            _("%(matched)s of %(pool)s mentees got a proposal (total score %(total)s).")
            % {
                "matched": len(run.pairs),
                "pool": run.pool_mentees,
                "total": number_format(run.total_score, decimal_pos=1),
            },
        )
    elif action == "publish":
        # An old page's button: publishing goes through the preview and its confirmation.
        return redirect("mentoring_matching_publish", slug=programme.slug)
    elif action in ("lock", "exclude_pair", "exclude_mentee", "exclude_mentor"):
        mentee = mentor = None
        if action != "exclude_mentor":
            mentee = MenteeProfile.objects.filter(
                pk=_int(request.POST.get("mentee")), enrolment__programme=programme
            ).first()
        if action != "exclude_mentee":
            mentor = MentorProfile.objects.filter(
                pk=_int(request.POST.get("mentor")), programme=programme
            ).first()
        if (action != "exclude_mentor" and mentee is None) or (action != "exclude_mentee" and mentor is None):
            raise Http404
        MatchConstraint.objects.get_or_create(
            programme=programme,
            kind=action,
            mentee=mentee,
            mentor=mentor,
            defaults={"created_by": request.user},
        )
        messages.success(request, _("Saved. Run the matching again to see the effect."))
    elif action == "remove":
        MatchConstraint.objects.filter(programme=programme, pk=_int(request.POST.get("constraint"))).delete()
        messages.success(request, _("Removed. Run the matching again to see the effect."))
    else:
        raise Http404
    return redirect("mentoring_matching", slug=programme.slug)


@access.require(Cap.MANAGE_MENTORING)
def matching_publish(request, slug):
    """GET shows who gets which e-mail; only the confirmed POST of the run it showed publishes and sends."""
    programme = selectors.programme_for_manager(request.user, slug)
    run = matching.latest_run(programme)
    if run is not None and run.published_at is not None:
        run = None
    confirmed = request.method == "POST" and request.POST.get("confirm") == "yes"
    if confirmed and run is not None and request.POST.get("run") != str(run.pk):
        messages.warning(request, _("The matching was run again since. Check the new proposals."))
        confirmed = False
    if not confirmed:
        if request.method == "POST":
            return redirect("mentoring_matching_publish", slug=programme.slug)
        rows = matching.publish_preview(run) if run is not None else []
        proposed = [row for row in rows if not row.problem]
        return render(
            request,
            "mentoring/matching_publish.html",
            {
                "programme": programme,
                "run": run,
                "proposed": proposed,
                "left_out": [row for row in rows if row.problem],
                "sending": sum(len(row.emails) for row in proposed),
                "without_email": [row.participant for row in proposed if not row.participant.email],
            },
        )
    if run is None:
        messages.error(request, _("There are no proposals to publish. Run the matching first."))
        return redirect("mentoring_matching", slug=programme.slug)
    try:
        made, skipped = matching.publish_run(actor=request.user, run=run)
    except ValidationError as error:
        flash_errors(request, error)
        return redirect("mentoring_matching", slug=programme.slug)
    messages.success(request, _("%(made)s proposals are sent to mentors and mentees.") % {"made": made})
    if skipped:
        messages.warning(request, _("%(n)s pairs no longer fitted and were left out.") % {"n": skipped})
    return redirect("mentoring_pairs", slug=programme.slug)


@access.require(Cap.MANAGE_MENTORING)
def unmatched_page(request, slug):
    programme = selectors.programme_for_manager(request.user, slug)
    report = matching.unmatched_report(programme)
    codes = {r["reason"].get("profession") for r in report["people"]} | {
        n["profession"] for n in report["needs"]
    }
    codes |= {
        o.code
        for r in report["people"]
        for o in r["mentee"].enrolment.participant.target_occupations.all()
        if o.level == 4
    }
    titles = describe.occupation_titles(c for c in codes if c)
    people = [
        {
            "mentee": r["mentee"],
            "reason": describe.reason_text(r["reason"], titles),
            "code": r["reason"]["code"],
            "occupations": [
                o for o in r["mentee"].enrolment.participant.target_occupations.all() if o.level == 4
            ],
        }
        for r in report["people"]
    ]
    needs = [{"text": describe.need_text(n, titles), "mentees": n["mentees"]} for n in report["needs"]]
    no_consent = [
        {
            "mentee": mentee,
            "occupations": [o for o in mentee.enrolment.participant.target_occupations.all() if o.level == 4],
        }
        for mentee in report["no_consent"]
    ]
    return render(
        request,
        "mentoring/unmatched.html",
        {
            "programme": programme,
            "people": people,
            "needs": needs,
            "run": report["run"],
            "no_consent": no_consent,
            "no_consent_reason": _("has not agreed to share their profile with a mentor"),
        },
    )


@require_POST
@access.require(Cap.MANAGE_MENTORING)
def mentee_exclude_toggle(request, pk):
    mentee = selectors.mentee_for_manager(request.user, pk)
    programme = mentee.enrolment.programme
    found = MatchConstraint.objects.filter(
        programme=programme, kind=MatchConstraint.Kind.EXCLUDE_MENTEE, mentee=mentee
    )
    if found.exists():
        found.delete()
    else:
        MatchConstraint.objects.create(
            programme=programme,
            kind=MatchConstraint.Kind.EXCLUDE_MENTEE,
            mentee=mentee,
            created_by=request.user,
        )
    return redirect("mentoring_unmatched", slug=programme.slug)
