"""Small writes on core records that send nothing (the account flows that e-mail are in kobling.accounts)."""

from django.conf import settings
from django.utils.text import slugify

from kobling.core.models import User


def unique_slug(model, text: str) -> str:
    base = slugify(text)[:70] or "x"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def user_set_language(*, user: User, language: str) -> None:
    if language in dict(settings.LANGUAGES) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])
