"""STYRK-08 is chosen by typing: a code, a code and title, or a word that finds one occupation."""

import pytest
from django import forms
from django.utils import translation

from kobling.core.fields import OccupationField


class JobForm(forms.Form):
    occupation = OccupationField(label="Occupation")


class OptionalJobForm(forms.Form):
    occupation = OccupationField(label="Occupation", required=False)


@pytest.mark.parametrize("typed", ["2512", "2512 Programvareutviklere", "  2512   Software developers "])
def test_a_code_with_or_without_its_title_is_the_occupation(db, typed):
    form = JobForm({"occupation": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["occupation"].code == "2512"


def test_a_word_that_finds_exactly_one_occupation_is_enough(db):
    form = JobForm({"occupation": "programvareutvikl"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["occupation"].code == "2512"


def test_a_word_that_finds_several_names_them_and_asks_for_one(db):
    with translation.override("nb"):
        form = JobForm({"occupation": "utvikler"})
        assert not form.is_valid()
        message = form.errors["occupation"][0]
    assert "2512 Programvareutviklere" in message and "2513" in message
    assert "Choose one" not in message  # in bokmål


@pytest.mark.parametrize("typed", ["9999", "astronaut-pilot-ninja", "251", "=HYPERLINK(1)", "x" * 5000])
def test_nothing_found_is_refused_with_a_message(db, typed):
    form = JobForm({"occupation": typed})
    assert not form.is_valid()
    assert form.errors["occupation"]


def test_an_empty_optional_field_is_none_and_a_required_one_explains(db):
    assert OptionalJobForm({"occupation": ""}).is_valid()
    form = JobForm({"occupation": ""})
    assert not form.is_valid() and "STYRK-08" in form.errors["occupation"][0]


def test_the_input_offers_every_unit_group_as_a_suggestion_and_shows_the_chosen_one(db):
    from kobling.core.models import Occupation

    with translation.override("en"):
        html = str(JobForm(initial={"occupation": "2512"})["occupation"])
    assert 'list="id_occupation-occupations"' in html
    assert '<datalist id="id_occupation-occupations">' in html
    assert html.count("<option ") == Occupation.objects.filter(level=4).count()
    assert 'value="2512 Software developers"' in html
    assert " required" in html and 'required="' not in html


def test_what_the_person_typed_comes_back_when_it_is_refused(db):
    html = str(JobForm({"occupation": "utvikler"})["occupation"])
    assert 'value="utvikler"' in html
