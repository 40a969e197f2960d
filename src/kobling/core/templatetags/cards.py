"""`{% card %}`: a card of a start page's section, its frame written once (core/_card.html).

    {% card "mentor-quiet" _("Pairs gone quiet") when=mentor.quiet about=_("…") %}
      …what the card shows when `when` is true…
    {% nothing %}
      …the text of the muted paragraph shown instead, saying what will show here…
    {% more %}
      …what follows either, such as a <p> with a link to the whole list…
    {% endcard %}

The first two arguments are the card's id and its heading (an h3, under the section's h2). All else
is optional: `about` (a muted paragraph under the heading: what the card counts); `when` (without
it, the body always shows and there is no {% nothing %} part); {% more %}.
"""

from django import template
from django.template.base import token_kwargs

register = template.Library()

OPTIONS = ("about", "when")
PARTS = ("nothing", "more")


class CardNode(template.Node):
    def __init__(self, card_id, heading, options, parts):
        self.card_id, self.heading, self.options, self.parts = card_id, heading, options, parts

    def render(self, context):
        values = {name: value.resolve(context) for name, value in self.options.items()}
        shows = values.pop("when", True)
        card = context.template.engine.get_template("core/_card.html")
        return card.render(
            context.new(
                {
                    "card_id": self.card_id.resolve(context),
                    "heading": self.heading.resolve(context),
                    "about": values.get("about"),
                    "body": self.parts["body"].render(context) if shows else "",
                    "nothing": "" if shows else self.parts["nothing"].render(context),
                    "more": self.parts["more"].render(context),
                }
            )
        )


@register.tag
def card(parser, token):
    """Parse {% card id heading [about=…] [when=…] %}…[{% nothing %}…][{% more %}…]{% endcard %}."""
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError("{% card %} takes an id and a heading, then about= and when=.")
    options = token_kwargs(bits[3:], parser)
    if len(options) != len(bits) - 3 or set(options) - set(OPTIONS):
        raise template.TemplateSyntaxError("{% card %} takes only about= and when= after its heading.")
    parts = {name: template.NodeList() for name in PARTS}
    part = "body"
    while True:
        parts[part] = parser.parse(("nothing", "more", "endcard"))
        part = parser.next_token().contents
        if part == "endcard":
            break
    if "when" in options and not parts["nothing"]:
        raise template.TemplateSyntaxError("{% card %} with when= needs a {% nothing %} part.")
    return CardNode(parser.compile_filter(bits[1]), parser.compile_filter(bits[2]), options, parts)
