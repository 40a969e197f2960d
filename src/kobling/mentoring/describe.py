"""Puts scores, explanations and unmatched reasons into plain words, in the reader's language."""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kobling.core.models import Occupation, Region
from kobling.mentoring.models import Availability, Industry, Topic
from kobling.people.forms import LANGUAGE_NAMES


def _and(items: list[str]) -> str:
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def occupation_titles(codes) -> dict[str, str]:
    return {o.code: o.title for o in Occupation.objects.filter(code__in=set(codes))}


def codes_in(explanations) -> set[str]:
    codes = set()
    for parts in explanations:
        for part in parts or ():
            if part["criterion"] == "occupation" and part["detail"].get("group"):
                codes.add(part["detail"]["group"])
    return codes


def language_name(code: str) -> str:
    return str(LANGUAGE_NAMES.get(code, code))


def region_name(code: str) -> str:
    return str(Region(code).label) if code in Region.values else code


def lower_first(text: str) -> str:
    """'Job interviews' -> 'job interviews', but 'CV' stays 'CV'."""
    text = str(text)
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _labels(values, choices) -> list[str]:
    names = dict(choices)
    return [lower_first(names.get(v, v)) for v in values]


def sentence(part: dict, titles: dict[str, str]) -> str:
    """One part of an explanation as a short phrase, or "" when it adds nothing worth saying."""
    detail = part["detail"]
    kind = part["criterion"]
    if kind == "occupation":
        group, level = detail.get("group", ""), detail.get("level", 0)
        if not level:
            return _("different professions")
        title = lower_first(titles.get(group, group))
        return {
            4: _("same profession: %(title)s (%(code)s)"),
            3: _("close professions: %(title)s (%(code)s)"),
            2: _("related field: %(title)s (%(code)s)"),
            1: _("same broad field: %(title)s (%(code)s)"),
        }[level] % {"title": title, "code": group}
    if kind == "industry" and detail.get("shared"):
        return _("both in %(industries)s") % {"industries": _and(_labels(detail["shared"], Industry.choices))}
    if kind == "topics":
        shared = detail.get("shared") or []
        if shared:
            return ngettext(
                "mentor offers help with %(topics)s, which the mentee asked for",
                "mentor offers help with %(topics)s, which the mentee asked for",
                len(shared),
            ) % {"topics": _and(_labels(shared, Topic.choices))}
        return ""
    if kind == "region":
        where = detail.get("kind")
        if where == "municipality":
            return _("both in %(place)s") % {"place": detail.get("municipality", "").title()}
        if where == "county":
            return _("both in %(place)s") % {"place": region_name(detail.get("region", ""))}
        if where == "digital":
            return _("different places, but both can meet digitally")
        return ""
    if kind == "availability" and detail.get("shared"):
        return _("both can meet %(when)s") % {"when": _and(_labels(detail["shared"], Availability.choices))}
    if kind == "language" and detail.get("shared"):
        return _("both speak %(languages)s") % {
            "languages": _and([language_name(c) for c in detail["shared"]])
        }
    return ""


def explanation_text(parts: list[dict], titles: dict[str, str]) -> str:
    phrases = [p for p in (sentence(part, titles) for part in parts) if p]
    text = "; ".join(phrases)
    return text[:1].upper() + text[1:] if text else ""


def explanation_rows(parts: list[dict], titles: dict[str, str]) -> list[tuple[str, float, str]]:
    from kobling.mentoring.forms import CRITERION_LABELS

    return [(str(CRITERION_LABELS[p["criterion"]]), p["points"], sentence(p, titles)) for p in parts]


def reason_text(reason: dict, titles: dict[str, str]) -> str:
    code = reason["code"]
    if code == "no_mentors":
        return _("There is no approved mentor with a free place in the programme.")
    if code == "excluded":
        return _("You have left this mentee out of the matching.")
    if code == "language":
        languages = reason.get("languages") or []
        if not languages:
            return _("The mentee has no language at B1 or better registered.")
        return _("No approved mentor speaks %(languages)s at B1 or better.") % {
            "languages": _and([language_name(c) for c in languages])
        }
    if code == "meeting":
        if reason.get("mode") == 1:
            return _(
                "The mentee can only meet in person, and no mentor who shares a language is in %(region)s."
            ) % {"region": region_name(reason.get("region", ""))}
        return _("No mentor who shares a language can meet the way the mentee can (in person or digitally).")
    if code == "gender":
        return _("The mentee wants a mentor of the same gender, and none who fits is.")
    if code == "declined":
        return _("The only mentors who fit have said no to this mentee before, or you excluded them.")
    if code == "full":
        if reason.get("profession"):
            code_ = reason["profession"]
            return _("Every mentor in the profession (%(title)s, %(code)s) who fits is full.") % {
                "title": lower_first(titles.get(code_, code_)),
                "code": code_,
            }
        return ngettext(
            "The one mentor who fits is full.",
            "All %(n)s mentors who fit are full.",
            reason.get("fitting", 0),
        ) % {"n": reason.get("fitting", 0)}
    if code == "taken":
        return ngettext(
            "%(n)s mentor fits and has room: run the matching to propose one.",
            "%(n)s mentors fit and have room: run the matching to propose one.",
            reason.get("fitting", 0),
        ) % {"n": reason.get("fitting", 0)}
    return code


def need_text(need: dict, titles: dict[str, str]) -> str:
    profession = need["profession"]
    who = (
        format_lazy("{} ({})", titles.get(profession, profession), profession)
        if profession
        else _("any profession")
    )
    where = _("anywhere, meeting digitally") if need["region"] == "digital" else region_name(need["region"])
    language = language_name(need["language"]) if need["language"] else _("any language")
    return _("%(who)s · %(where)s · speaks %(language)s") % {"who": who, "where": where, "language": language}
