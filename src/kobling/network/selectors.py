"""Who is in which programme's network, and the reads every network page makes through that.

A *seat* is the reader's place in one mentor programme's network:
- a mentor with an approved profile in the programme;
- a mentee: a participant enrolled in it and waiting for, or having, a mentor (waiting list included,
  so people get the network before a match);
- a coordinator of the programme's organisation, who moderates and runs the meetups;
- a partner company's contact whose colleagues mentor in it, who sees the meetups only (no people).
Anyone else gets a 404 for every network page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Concat, Lower
from django.http import Http404
from django.utils import timezone

from kobling.core import access
from kobling.core.models import Occupation, Region
from kobling.core.roles import Cap
from kobling.core.selectors import get_or_404
from kobling.mentoring import selectors as mentoring_selectors
from kobling.mentoring.models import MentorLanguage, MentorProfile, Mentorship
from kobling.mentoring.selectors import POOL_STATUSES
from kobling.network.models import Answer, Meetup, MeetupSignup, MentorDirectoryConsent, Question
from kobling.people.models import Consent, Participant, ParticipantLanguage
from kobling.programmes.models import Enrolment, Programme

COORDINATOR, MENTOR, MENTEE, PARTNER = "coordinator", "mentor", "mentee", "partner"


@dataclass
class Seat:
    programme: Programme
    user: object
    is_coordinator: bool = False
    mentor: MentorProfile | None = None
    enrolment: Enrolment | None = None
    is_partner: bool = False
    partner_org: object = None  # the partner company, whose place decides "near" for its contact

    @property
    def kind(self) -> str:
        if self.mentor:
            return MENTOR
        if self.enrolment:
            return MENTEE
        return COORDINATOR if self.is_coordinator else PARTNER

    @property
    def is_member(self) -> bool:
        """A mentor or mentee: may ask, answer, sign up and appear in the directory."""
        return bool(self.mentor or self.enrolment)

    @property
    def sees_people(self) -> bool:
        return self.is_member or self.is_coordinator

    @property
    def _person(self):
        """Whose name and place the seat shows: the mentor, the mentee, else the organisation (the
        partner company for its contact, the programme's provider for a coordinator)."""
        if self.mentor:
            return self.mentor
        if self.enrolment:
            return self.enrolment.participant
        if self.partner_org is not None and not self.is_coordinator:
            return self.partner_org
        return self.programme.organisation

    @property
    def name(self) -> str:
        if self.mentor or self.enrolment:
            return self._person.full_name
        return self.user.full_name

    @property
    def region(self) -> str:
        return self._person.region

    @property
    def municipality(self) -> str:
        return self._person.municipality


def seats_for(user) -> list[Seat]:
    """The user's seats in every mentor programme's network, by programme name."""
    if not getattr(user, "is_authenticated", False):
        return []
    seats: dict[int, Seat] = {}

    def seat(programme: Programme) -> Seat:
        return seats.setdefault(programme.pk, Seat(programme=programme, user=user))

    mentor_programmes = Programme.objects.filter(kind=Programme.Kind.MENTOR).select_related("organisation")
    managed = access.organisation_ids_with(user, Cap.MANAGE_MENTORING)
    if managed:
        for programme in mentor_programmes.filter(organisation_id__in=managed):
            seat(programme).is_coordinator = True
    for mentor in mentoring_selectors.own_approved_mentor_profiles(user):
        seat(mentor.programme).mentor = mentor
    for enrolment in mentoring_selectors.own_mentor_enrolments(user):
        seat(enrolment.programme).enrolment = enrolment
    partners = mentoring_selectors.partner_organisations(user)
    partner_ids = [o.pk for o in partners]
    if partner_ids:
        colleagues = MentorProfile.objects.filter(
            programme=OuterRef("pk"), partner_id__in=partner_ids, state=MentorProfile.State.APPROVED
        )
        for programme in mentor_programmes.filter(Exists(colleagues)):
            seat(programme).is_partner = True
            seat(programme).partner_org = partners[0]
    return sorted(seats.values(), key=lambda s: (s.programme.name, s.programme.pk))


def seat_for(user, slug: str) -> Seat:
    """The reader's seat in the programme's network, or 404."""
    for seat in seats_for(user):
        if seat.programme.slug == slug:
            return seat
    raise Http404


def require_people(seat: Seat) -> Seat:
    """Pages that show people (directory, board): members and coordinators, nobody else."""
    if not seat.sees_people:
        raise Http404
    return seat


def is_unmatched(seat: Seat) -> bool:
    """A mentee with no pair in progress: the network is what they have while they wait."""
    if not seat.enrolment:
        return False
    return not Mentorship.objects.filter(mentee__enrolment=seat.enrolment, state__in=Mentorship.OPEN).exists()


# ------------------------------------------------------------------ consent
def _newest_mentor_consent():
    return Subquery(
        MentorDirectoryConsent.objects.filter(mentor=OuterRef("pk"))
        .order_by("-at", "-id")
        .values("given")[:1],
        output_field=BooleanField(),
    )


def _newest_participant_consent(participant_ref: str):
    return Subquery(
        Consent.objects.filter(participant=OuterRef(participant_ref), purpose=Consent.Purpose.DIRECTORY)
        .order_by("-at", "-id")
        .values("given")[:1],
        output_field=BooleanField(),
    )


def is_visible(seat: Seat) -> bool:
    """Whether the reader has said yes to being shown in the directory."""
    if seat.mentor:
        newest = seat.mentor.directory_consents.order_by("-at", "-id").first()
    elif seat.enrolment:
        newest = seat.enrolment.participant.consents.filter(purpose=Consent.Purpose.DIRECTORY).first()
    else:
        return False
    return bool(newest and newest.given)


# ------------------------------------------------------------------ directory
# The columns of a directory row, the same for mentors and mentees so the two lists make one UNION.
ROW_FIELDS = (
    "d_kind",
    "d_id",
    "d_name",
    "d_sort",
    "d_rank",
    "d_region",
    "d_municipality",
    "d_occupation",
    "d_employer",
)


def _place_rank(seat: Seat, prefix: str = "") -> Case:
    """0 for the reader's municipality, 1 for the rest of their county, 2 for elsewhere (`prefix` is
    the path to the model holding the place)."""
    region, municipality = f"{prefix}region", f"{prefix}municipality__iexact"
    return Case(
        When(Q(**{region: seat.region}) & Q(**{municipality: seat.municipality}), then=Value(0)),
        When(**{region: seat.region}, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


def _mentor_rows(seat: Seat, *, q: str, region: str, language: str, field: str) -> QuerySet:
    mentors = MentorProfile.objects.filter(
        programme=seat.programme, state=MentorProfile.State.APPROVED
    ).alias(consent=_newest_mentor_consent())
    mentors = mentors.filter(consent=True)
    for word in q.split()[:5]:
        mentors = mentors.filter(
            Q(full_name__icontains=word)
            | Q(employer__icontains=word)
            | Q(municipality__icontains=word)
            | Q(occupation__title_nb__icontains=word)
            | Q(occupation__title_en__icontains=word)
        )
    if region:
        mentors = mentors.filter(region=region)
    if language:
        mentors = mentors.filter(
            Exists(MentorLanguage.objects.filter(mentor=OuterRef("pk"), language=language))
        )
    if field:
        mentors = mentors.filter(occupation__code__startswith=field)
    return (
        mentors.order_by()
        .annotate(
            d_kind=Value(MENTOR, output_field=CharField()),
            d_id=F("pk"),
            d_name=F("full_name"),
            d_sort=Lower("full_name"),
            d_rank=_place_rank(seat),
            d_region=F("region"),
            d_municipality=F("municipality"),
            d_occupation=F("occupation_id"),
            d_employer=F("employer"),
        )
        .values(*ROW_FIELDS)
    )


def _mentees(seat: Seat, targets, *, q: str, region: str, language: str, field: str) -> QuerySet:
    """The programme's mentees who said yes to the directory, filtered (`targets`: their occupations)."""
    mentees = Enrolment.objects.filter(programme=seat.programme, status__in=POOL_STATUSES).alias(
        consent=_newest_participant_consent("participant_id")
    )
    mentees = mentees.filter(consent=True)
    for word in q.split()[:5]:
        titled = Q(occupation__title_nb__icontains=word) | Q(occupation__title_en__icontains=word)
        mentees = mentees.filter(
            Q(participant__first_name__icontains=word)
            | Q(participant__last_name__icontains=word)
            | Q(participant__municipality__icontains=word)
            | Exists(targets.filter(titled))
        )
    if region:
        mentees = mentees.filter(participant__region=region)
    if language:
        spoken = ParticipantLanguage.objects.filter(participant=OuterRef("participant_id"), language=language)
        mentees = mentees.filter(Exists(spoken))
    if field:
        mentees = mentees.filter(Exists(targets.filter(occupation__code__startswith=field)))
    return mentees


def _mentee_rows(seat: Seat, **filters) -> QuerySet:
    targets = Participant.target_occupations.through.objects.filter(participant_id=OuterRef("participant_id"))
    name = Concat("participant__first_name", Value(" "), "participant__last_name", output_field=CharField())
    first_target = targets.filter(occupation__level=4).order_by("occupation_id").values("occupation_id")[:1]
    return (
        _mentees(seat, targets, **filters)
        .order_by()
        .annotate(
            d_kind=Value(MENTEE, output_field=CharField()),
            d_id=F("participant_id"),
            d_name=name,
            d_sort=Lower(name),
            d_rank=_place_rank(seat, "participant__"),
            d_region=F("participant__region"),
            d_municipality=F("participant__municipality"),
            d_occupation=Subquery(first_target, output_field=CharField()),
            d_employer=Value("", output_field=CharField()),
        )
        .values(*ROW_FIELDS)
    )


def directory_rows(seat: Seat, *, q="", kind="", region="", language="", field="") -> QuerySet:
    """Everyone in the programme who said yes to the directory, the reader's own area first.

    One UNION query, so that it pages and counts like any list."""
    filters = {"q": q, "region": region, "language": language, "field": field}
    parts = []
    if kind in ("", MENTOR):
        parts.append(_mentor_rows(seat, **filters))
    if kind in ("", MENTEE):
        parts.append(_mentee_rows(seat, **filters))
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return rows.order_by("d_rank", "d_sort", "d_kind", "d_id")


def directory_details(rows: list[dict]) -> list[dict]:
    """Languages and occupation titles for one page of rows: three queries, whatever the page size."""
    mentor_ids = [r["d_id"] for r in rows if r["d_kind"] == MENTOR]
    participant_ids = [r["d_id"] for r in rows if r["d_kind"] == MENTEE]
    languages: dict[tuple[str, int], list] = {}
    if mentor_ids:
        for lang in MentorLanguage.objects.filter(mentor_id__in=mentor_ids).order_by("language"):
            languages.setdefault((MENTOR, lang.mentor_id), []).append(lang)
    if participant_ids:
        for lang in ParticipantLanguage.objects.filter(participant_id__in=participant_ids).order_by(
            "language"
        ):
            languages.setdefault((MENTEE, lang.participant_id), []).append(lang)
    codes = {r["d_occupation"] for r in rows if r["d_occupation"]}
    occupations = Occupation.objects.in_bulk(codes) if codes else {}
    return [
        {
            "kind": r["d_kind"],
            "name": r["d_name"],
            "region": r["d_region"],
            "region_name": Region(r["d_region"]).label if r["d_region"] in Region.values else "",
            "municipality": r["d_municipality"],
            "occupation": occupations.get(r["d_occupation"]),
            "employer": r["d_employer"],
            "languages": languages.get((r["d_kind"], r["d_id"]), []),
            "nearby": r["d_rank"] < 2,
        }
        for r in rows
    ]


# ------------------------------------------------------------------ question board
def _visible_posts(seat: Seat) -> Q:
    """Hidden posts: the coordinator sees them, and so does their own author (with the reason)."""
    if seat.is_coordinator:
        return Q()
    return Q(hidden_at__isnull=True) | Q(author=seat.user)


def questions_for(seat: Seat, *, q: str = "", topic: str = "", unanswered: bool = False) -> QuerySet:
    questions = Question.objects.filter(programme=seat.programme).filter(_visible_posts(seat))
    for word in q.split()[:5]:
        questions = questions.filter(Q(title__icontains=word) | Q(body__icontains=word))
    if topic:
        questions = questions.filter(topic=topic)
    if unanswered:
        questions = questions.filter(answer_count=0)
    return questions.annotate(
        own_region=Case(
            When(region=seat.region, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    ).order_by("own_region", "-created_at", "-id")


def question_for(seat: Seat, pk: int) -> Question:
    return get_or_404(questions_for(seat), pk=pk)


def answers_for(seat: Seat, question: Question) -> QuerySet:
    return question.answers.filter(_visible_posts(seat)).select_related("hidden_by")


def answer_for_coordinator(seat: Seat, question: Question, pk) -> Answer:
    if not seat.is_coordinator:
        raise Http404
    return get_or_404(question.answers.all(), pk=pk)


# ------------------------------------------------------------------ meetups
def _meetups(seat: Seat) -> QuerySet:
    own = MeetupSignup.objects.filter(meetup=OuterRef("pk"), user=seat.user)
    return (
        Meetup.objects.filter(programme=seat.programme)
        .annotate(
            taken=Count("signups", filter=Q(signups__state=MeetupSignup.State.CONFIRMED)),
            waiting=Count("signups", filter=Q(signups__state=MeetupSignup.State.WAITING)),
            my_state=Subquery(own.values("state")[:1], output_field=CharField()),
            place_rank=Case(
                When(region=seat.region, then=Value(0)),
                When(region="", then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            ),
        )
        .select_related("programme")
    )


def upcoming_meetups(seat: Seat) -> QuerySet:
    """Meetups not yet over: the reader's county first, then digital ones, then the rest."""
    since = timezone.now() - timedelta(hours=12)
    return _meetups(seat).filter(starts_at__gte=since).order_by("place_rank", "starts_at", "id")


def past_meetups(seat: Seat) -> QuerySet:
    since = timezone.now() - timedelta(hours=12)
    return _meetups(seat).filter(starts_at__lt=since).order_by("-starts_at", "-id")


def meetup_for(seat: Seat, pk) -> Meetup:
    return get_or_404(_meetups(seat), pk=pk)


def meetup_signups(meetup: Meetup) -> QuerySet:
    return meetup.signups.exclude(state=MeetupSignup.State.CANCELLED).order_by("state", "signed_up_at", "id")


def own_signup(seat: Seat, meetup: Meetup) -> MeetupSignup | None:
    return MeetupSignup.objects.filter(meetup=meetup, user=seat.user).first()
