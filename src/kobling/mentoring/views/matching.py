"""The coordinator's batch matching: run it (a large programme's run is made by the task worker while
the page polls its progress), lock and exclude pairs, publish the proposals (many of them by the task
worker, the same way), and see who is left over."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from kobling.core import access
from kobling.core.http import error_text, flash_errors, render_htmx
from kobling.core.roles import Cap
from kobling.core.selectors import get_or_404
from kobling.mentoring import selectors, services
from kobling.mentoring.forms import CRITERION_LABELS
from kobling.mentoring.matching import selectors as runs
from kobling.mentoring.matching import services as matching
from kobling.mentoring.models import CRITERIA, MatchConstraint, MenteeProfile, MentorProfile

CONSTRAINT_ACTIONS = ("lock", "exclude_pair", "exclude_mentee", "exclude_mentor")


@access.require(Cap.MANAGE_MENTORING)
def matching_page(request, slug):
    programme = selectors.programme_for_manager(request.user, slug)
    if request.method == "POST":
        return _matching_action(request, programme)
    run = runs.latest_run(programme)
    constraints = selectors.match_constraints(programme)
    rows, unmatched = [], []
    proposals = runs.proposals_run(programme)
    if proposals is not None:
        rows, unmatched = runs.run_rows(proposals, constraints)
    # A publish in progress, or one of the proposals shown that failed: its state goes above them.
    publish = runs.latest_publish(programme)
    if publish is not None and not (publish.publishing or publish == proposals):
        publish = None
    context = {
        "programme": programme,
        "run": proposals,
        "current": run if run is not None and not run.published_at else None,
        "publish": publish,
        "rows": rows,
        "unmatched": unmatched,
        "constraints": constraints,
        "settings": services.settings_for(programme),
        "criteria": [(c, CRITERION_LABELS[c]) for c in CRITERIA],
    }
    return render(request, "mentoring/matching.html", context)


@require_GET
@access.require(Cap.MANAGE_MENTORING)
def matching_status(request, slug):
    """The run's progress, which the matching page polls; once it has finished, htmx reloads the page."""
    programme = selectors.programme_for_manager(request.user, slug)
    run = runs.latest_run(programme)
    context = {"programme": programme, "current": run}
    response = render_htmx(
        request, "mentoring/matching_status.html", "mentoring/_matching_status.html", context
    )
    if request.headers.get("HX-Request") and not (run is not None and run.in_progress):
        response["HX-Refresh"] = "true"
    return response


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def _matching_action(request, programme):
    action = request.POST.get("action", "")
    if action == "run":
        _run(request, programme)
    elif action == "publish":
        # An old page's button: publishing goes through the preview and its confirmation.
        return redirect("mentoring_matching_publish", slug=programme.slug)
    elif action in CONSTRAINT_ACTIONS:
        mentee = mentor = None
        if action != "exclude_mentor":
            mentees = MenteeProfile.objects.filter(enrolment__programme=programme)
            mentee = get_or_404(mentees.select_related("enrolment"), pk=_int(request.POST.get("mentee")))
        if action != "exclude_mentee":
            mentors = MentorProfile.objects.filter(programme=programme)
            mentor = get_or_404(mentors, pk=_int(request.POST.get("mentor")))
        matching.match_constraint_add(
            actor=request.user,
            programme=programme,
            kind=MatchConstraint.Kind(action),
            mentee=mentee,
            mentor=mentor,
        )
        messages.success(request, _("Saved. Run the matching again to see the effect."))
    elif action == "remove":
        constraint_id = _int(request.POST.get("constraint"))
        matching.match_constraint_remove(actor=request.user, programme=programme, constraint_id=constraint_id)
        messages.success(request, _("Removed. Run the matching again to see the effect."))
    else:
        raise Http404
    return redirect("mentoring_matching", slug=programme.slug)


def _run(request, programme) -> None:
    try:
        run = matching.match_run_start(actor=request.user, programme=programme)
    except ValidationError as error:
        flash_errors(request, error)
        return
    if run.in_progress:
        messages.info(
            request, _("The matching is running in the background. This page shows when it is ready.")
        )
        return
    messages.success(
        request,
        _("%(matched)s of %(pool)s mentees got a proposal (total score %(total)s).")
        % {
            "matched": len(run.pairs),
            "pool": run.pool_mentees,
            "total": number_format(run.total_score, decimal_pos=1),
        },
    )


@access.require(Cap.MANAGE_MENTORING)
def matching_publish(request, slug):
    """GET shows who gets which e-mail; only the confirmed POST of the run it showed publishes and sends
    (a large run by the task worker, while the publish status page shows its progress)."""
    programme = selectors.programme_for_manager(request.user, slug)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        return _publish(request, programme)
    if request.method == "POST":
        return redirect("mentoring_matching_publish", slug=programme.slug)
    published = runs.latest_publish(programme)
    if published is not None and published.publishing:
        return redirect("mentoring_matching_publish_status", slug=programme.slug)
    run = runs.proposals_run(programme)
    context = {"programme": programme, "run": run, **runs.publish_summary(run)}
    return render(request, "mentoring/matching_publish.html", context)


def _publish(request, programme):
    run = runs.proposals_run(programme)
    posted = runs.programme_run(programme, request.POST.get("run"))
    if posted is None or (posted != run and not (posted.is_published or posted.publishing)):
        if run is not None:
            messages.warning(request, _("The matching was run again since. Check the new proposals."))
            return redirect("mentoring_matching_publish", slug=programme.slug)
        messages.error(request, _("There are no proposals to publish. Run the matching first."))
        return redirect("mentoring_matching", slug=programme.slug)
    try:
        posted = matching.match_run_publish(actor=request.user, run=posted)
    except ValidationError as error:
        if error.code in ("published", "publishing"):  # a second confirmation: nothing is sent twice
            messages.info(request, error_text(error))
            return redirect("mentoring_matching_publish_status", slug=programme.slug)
        flash_errors(request, error)
        return redirect("mentoring_matching", slug=programme.slug)
    if posted.publishing:
        messages.info(
            request,
            _("The proposals are being published in the background. This page shows when they are sent."),
        )
        return redirect("mentoring_matching_publish_status", slug=programme.slug)
    made, skipped = posted.proposals_made, posted.proposals_left_out
    messages.success(request, _("%(made)s proposals are sent to mentors and mentees.") % {"made": made})
    if skipped:
        messages.warning(request, _("%(n)s pairs no longer fitted and were left out.") % {"n": skipped})
    return redirect("mentoring_pairs", slug=programme.slug)


@require_GET
@access.require(Cap.MANAGE_MENTORING)
def matching_publish_status(request, slug):
    """The newest publish's progress, which the page polls while the task worker sends; then its result."""
    programme = selectors.programme_for_manager(request.user, slug)
    context = {"programme": programme, "publish": runs.latest_publish(programme)}
    return render_htmx(
        request, "mentoring/matching_publish_status.html", "mentoring/_publish_status.html", context
    )


@access.require(Cap.MANAGE_MENTORING)
def unmatched_page(request, slug):
    programme = selectors.programme_for_manager(request.user, slug)
    context = {
        "programme": programme,
        **runs.unmatched_summary(programme),
        "no_consent_reason": _("has not agreed to share their profile with a mentor"),
    }
    return render(request, "mentoring/unmatched.html", context)


@require_POST
@access.require(Cap.MANAGE_MENTORING)
def mentee_exclude_toggle(request, pk):
    mentee = selectors.mentee_for_manager(request.user, pk)
    matching.mentee_exclusion_toggle(actor=request.user, mentee=mentee)
    return redirect("mentoring_unmatched", slug=mentee.enrolment.programme.slug)
