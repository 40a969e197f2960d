"""Invented people: names, ages, languages, education and IT background that fit together.

Faker is slow per call, so its names are drawn once into pools; everything after that is plain
`random` with a fixed seed, which keeps the demo the same on every run and fast at 100,000 people.
"""

import datetime
import random
import unicodedata
from collections import Counter

from faker import Faker
from stdnum.no import fodselsnummer

from kobling.demo import data

# Faker calls bokmål "no_NO" ("nb_NO" is not one of its locales).
POOL_SIZE = 150

# Persona -> how likely each background is; decides age, education and what they aim for.
PERSONAS = ("young", "adult", "skilled", "it_newcomer")


def ascii_slug(text: str) -> str:
    """Æ, ø and å do not decompose under NFKD, so they are spelled out first."""
    text = text.lower().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in text.replace(" ", "-") if c.isalnum() or c == "-").strip("-")


def weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def synthetic_national_id(rng: random.Random, birth_year: int, d_number: bool = False) -> str:
    """A valid number in Skatteetaten's synthetic range (month + 80), so it can belong to nobody."""
    start = datetime.date(birth_year, 1, 1)
    while True:
        day = start + datetime.timedelta(days=rng.randrange(365))
        individual = rng.randrange(0, 500) if birth_year < 2000 else rng.randrange(500, 1000)
        dd = day.day + (40 if d_number else 0)
        stem = f"{dd:02d}{day.month + 80:02d}{birth_year % 100:02d}{individual:03d}"
        k1 = fodselsnummer.calc_check_digit1(stem)
        k2 = fodselsnummer.calc_check_digit2(stem + k1)
        if len(k1) == 1 and len(k2) == 1:  # a remainder of 10 has no check digit: take the next
            return f"{stem}{k1}{k2}"


class NamePools:
    def __init__(self, seed: int):
        self.first: dict[tuple[str, str], list[str]] = {}
        self.last: dict[tuple[str, str], list[str]] = {}
        for origin, (male, female, last, *female_last) in data.NAMES.items():
            self.first[origin, "m"] = male.split()
            self.first[origin, "f"] = female.split()
            self.last[origin, "m"] = last.split()
            self.last[origin, "f"] = (female_last[0] if female_last else last).split()
        for origin, locale in data.FAKER_ORIGINS.items():
            fake = Faker(locale)
            fake.seed_instance(seed)
            for sex, first, last in (
                ("m", fake.first_name_male, getattr(fake, "last_name_male", fake.last_name)),
                ("f", fake.first_name_female, getattr(fake, "last_name_female", fake.last_name)),
            ):
                self.first[origin, sex] = _distinct(first, POOL_SIZE)
                self.last[origin, sex] = _distinct(last, POOL_SIZE)
        # Double surnames are common in Norway and widen the pool for large data sets.
        plain = self.last["norwegian", "m"]
        rng = random.Random(seed)
        doubles = [f"{a} {b}" for a, b in zip(rng.sample(plain, len(plain)), plain, strict=True) if a != b]
        self.last["norwegian", "m"] = self.last["norwegian", "f"] = plain + doubles[:30]


def _distinct(make, size: int) -> list[str]:
    seen: dict[str, None] = {}
    for _ in range(size * 4):
        value = make()
        # Faker's vi_VN and en_IN pools sometimes give compound names; one word reads better.
        if " " not in value:
            seen.setdefault(value, None)
        if len(seen) >= size:
            break
    return list(seen)


class NameBook:
    """The full names and e-mail addresses the demo has handed out so far.

    The demo is made by several builders (people and courses, mentoring, recruitment events), each
    with its own random stream. How far a stream has run depends on the day the demo is built
    (teaching days, holidays), so two builders could otherwise draw the same person. Every builder
    reads the book from the database and claims each name and address in it once.
    """

    def __init__(self, names=(), emails=()):
        self.names: set[tuple[str, str]] = set(names)
        self.emails: set[str] = {e.lower() for e in emails}
        self.last_names: Counter[str] = Counter(last for _first, last in self.names)

    @classmethod
    def from_database(cls) -> "NameBook":
        from kobling.core.models import User
        from kobling.people.models import Participant

        people = Participant.objects.values_list("first_name", "last_name", "email")
        emails = [email for *_name, email in people if email]
        emails += User.objects.values_list("email", flat=True)
        return cls(names=[(first, last) for first, last, _email in people], emails=emails)

    def is_free(self, first: str, last: str, *, max_per_last_name: int | None = None) -> bool:
        if (first, last) in self.names:
            return False
        return max_per_last_name is None or self.last_names[last] < max_per_last_name

    def claim_name(self, first: str, last: str) -> None:
        self.names.add((first, last))
        self.last_names[last] += 1

    def claim_email(self, email: str) -> bool:
        """True when the address was free and is now taken."""
        if email.lower() in self.emails:
            return False
        self.emails.add(email.lower())
        return True


class PersonMaker:
    """Makes the field values of one invented participant."""

    def __init__(
        self, rng: random.Random, pools: NamePools, today: datetime.date, book: NameBook | None = None
    ):
        self.rng = rng
        self.pools = pools
        self.today = today
        self.book = book if book is not None else NameBook()

    def name(self, origin: str, sex: str) -> tuple[str, str]:
        first = self.rng.choice(self.pools.first[origin, sex])
        if origin == "norwegian" and self.rng.random() < 0.12:
            second = self.rng.choice(self.pools.first[origin, sex])
            if second != first:
                first = f"{first} {second}" if self.rng.random() < 0.5 else f"{first}-{second}"
        return first, self.rng.choice(self.pools.last[origin, sex])

    def unique_name(
        self, origin: str, first: str, last: str, *, max_per_last_name: int | None = None
    ) -> tuple[str, str]:
        """`first last`, or a new name of the same origin when the book has it already."""
        while not self.book.is_free(first, last, max_per_last_name=max_per_last_name):
            first, last = self.name(origin, self.rng.choice("mf"))
        self.book.claim_name(first, last)
        return first, last

    def origin_for(self, persona: str) -> str:
        immigrant_share = {"young": 0.3, "adult": 0.35, "skilled": 1.0, "it_newcomer": 1.0}[persona]
        if self.rng.random() >= immigrant_share:
            return "norwegian"
        return weighted(self.rng, data.IMMIGRANT_ORIGINS)

    def email(self, first: str, last: str, serial: str = "") -> str:
        domain = self.rng.choice(["example.com", "example.net", "example.org"])
        return f"{ascii_slug(first.split()[0])}.{ascii_slug(last)}{serial}@{domain}"

    def unique_email(self, first: str, last: str, domain: str | None = None) -> str:
        """first.last@domain (a random example domain when none is given), numbered from 2 when taken."""
        base = f"{ascii_slug(first.split()[0])}.{ascii_slug(last)}"
        domain = domain or self.rng.choice(["example.com", "example.net", "example.org"])
        email, n = f"{base}@{domain}", 2
        while not self.book.claim_email(email):
            email, n = f"{base}{n}@{domain}", n + 1
        return email

    def phone(self) -> str:
        return f"+47{self.rng.choice('49')}{self.rng.randrange(10**7):07d}"

    def profile(self, persona: str, region: str, municipality: str) -> dict:
        """Participant fields plus `languages` ({code: level}) and `occupations` (STYRK-08 codes)."""
        rng = self.rng
        origin = self.origin_for(persona)
        sex = rng.choice("mf")
        first, last = self.name(origin, sex)
        low, high = {"young": (18, 30), "adult": (30, 58), "skilled": (25, 55), "it_newcomer": (22, 45)}[
            persona
        ]
        age = rng.randint(low, high)
        immigrant = origin != "norwegian"
        fields = {
            "first_name": first,
            "last_name": last,
            "birth_year": self.today.year - age,
            "region": region,
            "municipality": municipality,
            "immigrant": immigrant,
            "neet": persona == "young" and rng.random() < 0.8,
            "preferred_language": "en" if immigrant and rng.random() < 0.25 else "nb",
            "barrier_income": rng.random() < 0.25,
            "barrier_housing": rng.random() < (0.15 if immigrant else 0.07),
            "barrier_childcare": age > 26 and rng.random() < 0.12,
            "barrier_health": rng.random() < (0.12 if persona == "adult" else 0.06),
        }
        occupations: list[str] = []
        if persona in ("skilled", "it_newcomer"):
            field, level, code = rng.choice(
                data.IT_FIELDS if persona == "it_newcomer" else data.HIGHER_EDUCATION
            )
            fields.update(
                education_level=level, education_field=field, education_completed=True, education_abroad=True
            )
            occupations.append(code)
            template = rng.choice(data.WORK_EXPERIENCE["skilled"])
            fields["work_experience"] = template.format(field_lower=field.split(",")[0].lower())
            if persona == "it_newcomer" or rng.random() < 0.3:
                occupations.append(weighted(rng, data.IT_OCCUPATIONS))
        else:
            choices = [e for e in data.SCHOOL_EDUCATION if age >= 22 or e[1] != "bachelor"]
            field, level = rng.choice(choices)
            fields.update(
                education_level=level,
                education_field=field,
                education_completed=rng.random() < (0.55 if level == "bachelor" else 0.75),
                education_abroad=immigrant and rng.random() < 0.6,
            )
            fields["work_experience"] = rng.choice(data.WORK_EXPERIENCE["young" if age < 27 else "adult"])
            occupations.append(weighted(rng, data.IT_OCCUPATIONS))
            if rng.random() < 0.35:
                occupations.append(weighted(rng, data.OTHER_OCCUPATIONS))
        evidence = ["courses", "school", "self_study", "certifications", "work"]
        count = rng.choices([0, 1, 2, 3], weights=[1, 4, 3, 1])[0] if persona != "it_newcomer" else 3
        fields["it_evidence"] = sorted(rng.sample(evidence, count), key=evidence.index)
        fields["it_interest_notes"] = rng.choice(data.IT_INTEREST_NOTES) if count else ""
        fields["languages"] = self.languages(origin)
        fields["occupations"] = list(dict.fromkeys(occupations))
        fields["origin"] = origin
        return fields

    def languages(self, origin: str) -> dict[str, str]:
        rng = self.rng
        natives, extras = data.ORIGIN_LANGUAGES[origin]
        if origin == "norwegian":
            return {"no": "native", "en": rng.choice(["B1", "B2", "B2", "C1", "C1"])}
        langs = {rng.choice(natives): "native"}
        langs["no"] = rng.choices(["A2", "B1", "B2", "C1"], weights=[2, 4, 3, 1])[0]
        english = ["C1"] if origin == "indian" else ["A2", "B1", "B1", "B2", "B2", "C1"]
        if origin != "spanish" or rng.random() < 0.7:
            langs["en"] = rng.choice(english)
        for code, low, high, chance in extras:
            if code not in langs and rng.random() < chance:
                order = ["A1", "A2", "B1", "B2", "C1", "C2", "native"]
                langs[code] = rng.choice(order[order.index(low) : order.index(high) + 1])
        return langs
