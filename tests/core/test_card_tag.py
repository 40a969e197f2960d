"""The start pages' {% card %} tag: the frame written once, the empty text when there is nothing."""

import pytest
from django.template import Context, Template, TemplateSyntaxError

CARD = (
    "{% load cards %}"
    '{% card "quiet" "Pairs gone quiet" when=pairs about="Pairs with no meeting in 30 days" %}'
    "<ul>{% for p in pairs %}<li>{{ p }}</li>{% endfor %}</ul>"
    "{% nothing %}No quiet pairs.{% more %}<a href='/pairs/'>All pairs</a>{% endcard %}"
)


def test_a_card_with_something_shows_its_body_heading_and_more():
    html = Template(CARD).render(Context({"pairs": ["Amal & Kari", "<b>Ola</b>"]}))
    assert 'id="quiet"' in html and ">Pairs gone quiet</h3>" in html
    assert "Pairs with no meeting in 30 days" in html
    assert "<li>Amal &amp; Kari</li>" in html and "&lt;b&gt;Ola&lt;/b&gt;" in html  # escaped once
    assert "No quiet pairs." not in html and "All pairs" in html


def test_a_card_with_nothing_shows_the_muted_text_instead():
    html = Template(CARD).render(Context({"pairs": []}))
    assert "<ul>" not in html
    assert '<p class="ds-paragraph muted">No quiet pairs.</p>' in html and "All pairs" in html


@pytest.mark.parametrize(
    "source",
    [
        '{% load cards %}{% card "only-an-id" %}x{% endcard %}',
        '{% load cards %}{% card "a" "b" colour="red" %}x{% endcard %}',
        '{% load cards %}{% card "a" "b" when=x %}x{% endcard %}',  # when= without {% nothing %}
    ],
)
def test_a_card_written_wrong_is_refused_when_the_template_loads(source):
    with pytest.raises(TemplateSyntaxError):
        Template(source)
