"""Benchmark of the mentor programme's scoring and of batch matching from the web page.

    python bench/bench_mentoring.py           # scoring 5,000 × 2,000; web matching of a 300-mentee programme
    python bench/bench_mentoring.py --quick   # scoring 1,000 × 400; web matching of 40 mentees (CI)

1. Scoring: random but seeded profiles are encoded and every mentee × mentor pair is scored with
   numpy (kobling.mentoring.scoring), then each mentee's top three are found and explained. The
   optimal matching (kobling.matching.engine) over the allowed pairs is compared with a best-first
   greedy baseline. Target for 5,000 × 2,000 with explanations: under 10 s.
2. Web: a programme is built in a temporary SQLite database (migrated first), and a logged-in
   coordinator presses "Run the matching" through Django's test client; the time is from the POST
   until the proposals page has been rendered. A run larger than the page makes in its request
   (`INLINE_MAX_PAIRS`) is made by the task worker, run here in-process (`db_worker --batch`) between
   the POST and the page. Target for 300 mentees: under 3 s.
   Then the coordinator confirms publishing the proposals (two e-mails each). More pairs than
   `INLINE_MAX_PROPOSALS` are published by the task worker (in-process again): the figures are the
   confirmation's answer, the time until the worker had published, and until the progress page
   showed the result (after the worker also delivered the e-mails to Django's in-memory mailbox).
   A second programme of 20 mentees shows a small publish made in the request.

Nothing about time is asserted; the figures are for people.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from kobling.matching.engine import parse_instance, solve  # noqa: E402
from kobling.mentoring import scoring  # noqa: E402

WEIGHTS = {"occupation": 5, "industry": 2, "topics": 3, "region": 2, "availability": 1, "language": 1}
CODES = [
    "2511",
    "2512",
    "2513",
    "2514",
    "2519",
    "2521",
    "2522",
    "2529",
    "3512",
    "2142",
    "2151",
    "2144",
    "2161",
    "2411",
    "2423",
    "2223",
    "2330",
]
LANGUAGES = ["no", "en", "ar", "uk", "so", "ti", "fa", "pl", "ru", "es"]
REGIONS = ["03", "32", "46", "50", "34", "33", "11", "42"]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def profile(rng: random.Random, pid, mentor: bool) -> dict:
    levels = ["A2", "B1", "B2", "C1", "native"]
    langs = {"no": rng.choice(levels[1:] if mentor else levels)}
    for code in rng.sample(LANGUAGES[1:], rng.randint(1, 2)):
        langs[code] = rng.choice(levels)
    region = rng.choice(REGIONS)
    return {
        "id": pid,
        "occupations": rng.sample(CODES, 1 if mentor else rng.randint(1, 2)),
        "industries": rng.sample(scoring.INDUSTRIES, rng.randint(0 if not mentor else 1, 2)),
        "topics": rng.sample(scoring.TOPICS, rng.randint(1, 4)),
        "availability": rng.sample(scoring.AVAILABILITY, rng.randint(1, 2)),
        "region": region,
        "municipality": f"m{region}-{rng.randint(1, 4)}",
        "mode": rng.choice(["both", "both", "digital", "in_person"]),
        "languages": langs,
        "gender": rng.choice(["", "woman", "man"]),
        "same_gender_wish": (not mentor) and rng.random() < 0.05,
        "capacity": rng.randint(1, 3) if mentor else 1,
    }


def greedy(rows, cols, values, mentee_caps, mentor_caps) -> tuple[int, float]:
    """Best-first: take pairs by falling score while both sides have room."""
    left_a, left_b = mentee_caps.copy(), mentor_caps.copy()
    matched, total = 0, 0.0
    for k in np.argsort(-values, kind="stable").tolist():
        i, j = rows[k], cols[k]
        if left_a[i] > 0 and left_b[j] > 0:
            left_a[i] -= 1
            left_b[j] -= 1
            matched += 1
            total += float(values[k])
    return matched, total


def bench_scoring(num_mentees: int, num_mentors: int) -> None:
    rng = random.Random(4)
    mentees = [profile(rng, i, False) for i in range(num_mentees)]
    mentors = [profile(rng, j, True) for j in range(num_mentors)]
    started = time.perf_counter()
    vocabulary = scoring.Vocabulary.of(mentees, mentors)
    a, b = scoring.encode(mentees, vocabulary), scoring.encode(mentors, vocabulary)
    encoded = time.perf_counter()
    result = scoring.score_all(a, b, WEIGHTS)
    scored = time.perf_counter()
    top = result.top(3)
    rows = np.repeat(np.arange(num_mentees), 3)
    cols = top.ravel()
    keep = cols >= 0
    explanations = result.explain(rows[keep], cols[keep])
    explained = time.perf_counter()
    pair_rows, pair_cols, values = result.allowed_pairs()
    print(
        f"\nScoring {num_mentees:,} mentees × {num_mentors:,} mentors = {num_mentees * num_mentors:,} pairs"
    )
    print(f"  allowed by the hard rules: {len(values):,} ({len(values) / (num_mentees * num_mentors):.0%})")
    print(
        f"  encode {encoded - started:.2f} s · score all {scored - encoded:.2f} s · "
        f"top 3 + {len(explanations):,} explanations {explained - scored:.2f} s"
    )
    print(f"  TOTAL {explained - started:.2f} s (target < 10 s) · peak memory {peak_mb():,.0f} MB")
    # Optimal vs greedy on each mentee's 100 best allowed pairs (the engine's benchmark size).
    masked = np.where(result.allowed, result.score, -1.0)
    k = min(100, num_mentors)
    best = np.argpartition(-masked, k - 1, axis=1)[:, :k]
    r = np.repeat(np.arange(num_mentees), k)
    c = best.ravel()
    ok = masked[r, c] >= 0
    r, c = r[ok], c[ok]
    v = result.score[r, c]
    instance = parse_instance(
        {
            "mentees": [{"id": i, "capacity": int(x)} for i, x in enumerate(a.capacity.tolist())],
            "mentors": [{"id": j, "capacity": int(x)} for j, x in enumerate(b.capacity.tolist())],
            "pairs": [
                [int(i), int(j), int(s)]
                for i, j, s in zip(r.tolist(), c.tolist(), np.rint(v * 10).tolist(), strict=True)
            ],
        }
    )
    t0 = time.perf_counter()
    solved = solve(instance)
    t1 = time.perf_counter()
    g_matched, g_total = greedy(r, c, v, a.capacity, b.capacity)
    t2 = time.perf_counter()
    print(f"  matching on the {len(v):,} best allowed pairs (≤ {k} per mentee):")
    optimal_total = float(solved.total_score) / 10
    print(f"    optimal: {solved.matched:,} matched, total score {optimal_total:,.1f} ({t1 - t0:.2f} s)")
    print(f"    greedy:  {g_matched:,} matched, total score {g_total:,.1f} ({t2 - t1:.2f} s)")


def migrate(env: dict) -> None:
    kobling = REPO / ".venv" / "bin" / "kobling"
    command = [str(kobling)] if kobling.exists() else [sys.executable, "-m", "kobling"]
    subprocess.run([*command, "migrate", "--verbosity", "0"], env=env, check=True)


def build_programme(num_mentees: int, num_mentors: int, key: str = "benk"):
    """A mentor programme of its own organisation (`key` names both) with a coordinator, consenting
    mentees and approved mentors, made in bulk."""
    from django.db import transaction

    from kobling.core.models import Membership, Occupation, Organisation, User
    from kobling.core.roles import Role
    from kobling.mentoring.models import MentorLanguage, MentorProfile
    from kobling.people.models import Consent, Participant, ParticipantLanguage, Source
    from kobling.programmes.models import Enrolment, EnrolmentStatus, Programme, Status

    rng = random.Random(9)
    with transaction.atomic():
        org = Organisation.objects.create(
            name=f"{key.title()} NGO", slug=key, kind="provider", region="03", municipality="Oslo"
        )
        programme = Programme.objects.create(
            organisation=org, name=f"{key.title()}mentor", slug=f"{key}mentor", kind="mentor", state="active"
        )
        coordinator = User.objects.create_user(
            f"koordinator@{key}.example", None, full_name="Benk Koordinator"
        )
        Membership.objects.create(user=coordinator, organisation=org, role=Role.COORDINATOR)
        occupations = {o.code: o for o in Occupation.objects.filter(code__in=CODES)}
        people = [profile(rng, i, False) for i in range(num_mentees)]
        participants = Participant.objects.bulk_create(
            Participant(
                organisation=org,
                first_name=f"Mentee{i}",
                last_name="Benk",
                region=p["region"],
                municipality=p["municipality"],
                source=Source.APPLICATION,
                email=f"m{i}@{key}.example",
            )
            for i, p in enumerate(people)
        )
        ParticipantLanguage.objects.bulk_create(
            ParticipantLanguage(participant=pt, language=c, level=lvl)
            for pt, p in zip(participants, people, strict=True)
            for c, lvl in p["languages"].items()
        )
        through = Participant.target_occupations.through
        through.objects.bulk_create(
            through(participant_id=pt.pk, occupation_id=c)
            for pt, p in zip(participants, people, strict=True)
            for c in p["occupations"]
        )
        # Only mentees who agree to share their profile with a mentor are matched.
        Consent.objects.bulk_create(
            Consent(participant=pt, purpose=Consent.Purpose.MENTOR, given=True) for pt in participants
        )
        enrolments = Enrolment.objects.bulk_create(
            Enrolment(participant=pt, programme=programme, status=Status.PARTICIPATING) for pt in participants
        )
        EnrolmentStatus.objects.bulk_create(
            EnrolmentStatus(enrolment=e, status=Status.PARTICIPATING) for e in enrolments
        )
        mentor_profiles = [profile(rng, j, True) for j in range(num_mentors)]
        mentors = MentorProfile.objects.bulk_create(
            MentorProfile(
                programme=programme,
                full_name=f"Mentor {j}",
                email=f"mentor{j}@{key}.example",
                occupation=occupations[p["occupations"][0]],
                industries=p["industries"],
                region=p["region"],
                municipality=p["municipality"],
                mode=p["mode"],
                capacity=p["capacity"],
                availability=p["availability"],
                topics=p["topics"],
                gender=p["gender"],
                state=MentorProfile.State.APPROVED,
            )
            for j, p in enumerate(mentor_profiles)
        )
        MentorLanguage.objects.bulk_create(
            MentorLanguage(mentor=m, language=c, level=lvl)
            for m, p in zip(mentors, mentor_profiles, strict=True)
            for c, lvl in p["languages"].items()
        )
    return programme, coordinator


def run_matching(client, programme) -> tuple[list[float], bool]:
    """Press "Run the matching" three times; each time until the proposals page has been rendered (a
    queued run made by the worker in between). Returns the times and whether the runs were queued."""
    from django.core.management import call_command
    from django.urls import reverse

    from kobling.mentoring.models import MatchRun

    url_page = reverse("mentoring_matching", args=[programme.slug])
    times, queued = [], False
    for _ in range(3):
        started = time.perf_counter()
        assert client.post(url_page, {"action": "run"}).status_code == 302
        if MatchRun.objects.filter(programme=programme).latest().in_progress:
            queued = True
            call_command("db_worker", batch=True, startup_delay=False, verbosity=0, reload=False)
        response = client.get(url_page)
        times.append(time.perf_counter() - started)
        assert response.status_code == 200
    return times, queued


def publish(client, run) -> dict:
    """Confirm the run's publishing as the coordinator does; a publish queued for the task worker is
    made by it in-process (`db_worker --batch`, which then also delivers the e-mails the proposals
    queued, to Django's in-memory mailbox), and the progress page is read until it shows the result."""
    from django.core.management import call_command
    from django.urls import reverse

    from kobling.notifications.models import OutboxEmail

    programme = run.programme
    started = time.perf_counter()
    response = client.post(
        reverse("mentoring_matching_publish", args=[programme.slug]), {"confirm": "yes", "run": run.pk}
    )
    answered = time.perf_counter() - started
    assert response.status_code == 302
    run.refresh_from_db()
    queued = run.publishing
    if queued:
        call_command("db_worker", batch=True, startup_delay=False, verbosity=0, reload=False)
        page = client.get(reverse("mentoring_matching_publish_status", args=[programme.slug]))
        assert page.status_code == 200 and b"hx-trigger" not in page.content
    total = time.perf_counter() - started
    run.refresh_from_db()
    assert run.is_published, f"publishing ended {run.publish_state!r}"
    worker = 0.0
    if queued:
        from django_tasks_db.models import DBTaskResult

        task = DBTaskResult.objects.filter(task_path__endswith="match_run_publish_task").latest("enqueued_at")
        worker = (task.finished_at - task.started_at).total_seconds()
    emails = OutboxEmail.objects.filter(template="mentoring_proposal", organisation=programme.organisation)
    return {
        "queued": queued,
        "answered": answered,
        "made": run.proposals_made,
        "emails": emails.count(),
        "sent": emails.filter(state=OutboxEmail.State.SENT).count(),
        # The worker's task: every proposal and e-mail made, committed, and the e-mails queued.
        "worker": worker,
        "total": total,
    }


def print_publish(figures: dict) -> None:
    from kobling.mentoring.matching.services import INLINE_MAX_PROPOSALS

    made, emails = figures["made"], figures["emails"]
    if not figures["queued"]:
        print(
            f"  publishing {made} proposals with {emails} e-mails in the request "
            f"(at most {INLINE_MAX_PROPOSALS} pairs): {figures['answered']:.2f} s"
        )
        return
    print(
        f"  publishing {made} proposals with {emails} e-mails by the task worker: the confirmation "
        f"answered in {figures['answered']:.2f} s; the worker's task took {figures['worker']:.2f} s "
        f"({1000 * figures['worker'] / max(made, 1):.0f} ms a proposal)"
    )
    print(
        f"    then delivered {figures['sent']} of them (in-memory mailbox); result on the progress page "
        f"{figures['total']:.2f} s after the confirmation"
    )


def bench_web(num_mentees: int, num_mentors: int) -> None:
    tmp = tempfile.TemporaryDirectory(prefix="kobling-bench-mentoring-")
    url = f"sqlite:///{Path(tmp.name) / 'bench.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "kobling.settings"}
    migrate(env)
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DEBUG", "DJANGO_SETTINGS_MODULE")})
    import django

    django.setup()
    import logging

    from django.conf import settings
    from django.db import connections
    from django.test import Client
    from django.test.utils import setup_test_environment

    from kobling.mentoring.matching.pool import build_pool
    from kobling.mentoring.models import MatchRun

    logging.getLogger("axes").setLevel(logging.WARNING)
    logging.getLogger("django_tasks").setLevel(logging.WARNING)
    setup_test_environment()  # e-mail goes to the in-memory mailbox
    settings.ALLOWED_HOSTS = ["*"]
    try:
        programme, coordinator = build_programme(num_mentees, num_mentors)
        client = Client()
        client.force_login(coordinator, backend="django.contrib.auth.backends.ModelBackend")
        times, queued = run_matching(client, programme)
        run = MatchRun.objects.filter(programme=programme).latest()
        pool = build_pool(programme)
        rows, cols, values = pool.scores.allowed_pairs()
        g_matched, g_total = greedy(
            rows, cols, values, pool.scores.mentees.capacity, pool.scores.mentors.capacity
        )
        published = publish(client, run)
        # A small programme's publish, made in the request (see INLINE_MAX_PROPOSALS).
        small, small_coordinator = build_programme(20, 20, key="liten")
        small_client = Client()
        small_client.force_login(small_coordinator, backend="django.contrib.auth.backends.ModelBackend")
        run_matching(small_client, small)
        published_small = publish(small_client, MatchRun.objects.filter(programme=small).latest())
        print(
            f"\nWeb batch matching: {num_mentees} mentees, {num_mentors} mentors (SQLite, Django test client)"
        )
        print(
            f"  run{' (by the task worker)' if queued else ''} + proposals page: best {min(times):.2f} s, "
            f"worst {max(times):.2f} s (target < 3 s); "
            f"engine and scoring inside the run: {run.seconds:.2f} s"
        )
        print(
            f"  optimal: matched {len(run.pairs)} of {run.pool_mentees}, total score {run.total_score:,.1f}"
        )
        print(f"  greedy:  matched {g_matched} of {run.pool_mentees}, total score {g_total:,.1f}")
        print_publish(published)
        print_publish(published_small)
        print(f"  peak memory {peak_mb():,.0f} MB")
        if not run.pairs:
            raise SystemExit("the web run matched nobody: the benchmark's programme is broken")
    finally:
        connections.close_all()
        tmp.cleanup()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="reduced sizes, for CI")
    args = parser.parse_args()
    if args.quick:
        bench_scoring(1_000, 400)
        bench_web(40, 20)
    else:
        bench_scoring(5_000, 2_000)
        bench_web(300, 150)
    return 0


if __name__ == "__main__":
    sys.exit(main())
