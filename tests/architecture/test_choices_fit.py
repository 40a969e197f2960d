"""Every choice of every CharField fits its column. SQLite stores a longer value without a word, so
only PostgreSQL would refuse it, at run time: a mentor pair's `declined_by` once held ten characters
while "coordinator" has eleven."""

from django.apps import apps
from django.db import models


def test_every_choice_fits_its_column():
    too_long = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.CharField) or not field.choices or field.max_length is None:
                continue
            for value, _label in field.flatchoices:
                if isinstance(value, str) and len(value) > field.max_length:
                    too_long.append(f"{model._meta.label}.{field.name}: {value!r} > {field.max_length}")
    assert too_long == []
