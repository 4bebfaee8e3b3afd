"""One row of the member list, built in Python (as Django's admin builds its change-list rows): the list is
the hottest signed-in page of a big campaign, and the template engine spent most of its time in the nine
tags and twenty lookups each row needed. The markup is the same the template wrote."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

register = template.Library()

YES = '<span aria-label="{}">✓</span>'
NO = '<span class="muted" aria-label="{}">–</span>'


def _words(context: template.Context) -> dict[str, str]:
    # Translated once a page, not once a row.
    words = context.render_context.get("member_row_words")
    if words is None:
        words = {
            "organizer": gettext("organizer"),
            "you": gettext("you"),
            "not_shared": gettext("not shared"),
            "yes": gettext("yes"),
            "no": gettext("no"),
            "withdrew": gettext("withdrew consent"),
            "promote": gettext("Make organizer"),
        }
        context.render_context["member_row_words"] = words
    return words


@register.simple_tag(takes_context=True)
def member_row(context: template.Context, member, campaign, can_manage: bool) -> str:
    words = _words(context)
    request = context.get("request")
    case = getattr(member, "case", None)  # RelatedObjectDoesNotExist is an AttributeError
    amount = case.amount if case is not None else None
    is_organizer = member.role == "organizer"
    viewer = getattr(getattr(request, "user", None), "pk", None)

    name = format_html(
        "{}{}{}",
        member.pseudonym,
        format_html(' <span class="badge">{}</span>', words["organizer"]) if is_organizer else "",
        format_html(' <span class="badge you">{}</span>', words["you"]) if member.user_id == viewer else "",
    )
    if member.share_with_group and amount is not None:
        shared = format_html("{} {}", floatformat(amount, "2g"), case.currency)
    else:
        shared = format_html('<span class="muted">{}</span>', words["not_shared"])
    entered = format_html(YES, words["yes"]) if amount is not None else format_html(NO, words["no"])
    evidence = format_html(YES, words["yes"]) if member.evidence_count else format_html(NO, words["no"])
    if member.include_in_filings:
        filings = format_html(YES, words["yes"])
    elif member.consent_withdrawn_at:
        filings = format_html('<span class="badge">{}</span>', words["withdrew"])
    else:
        filings = format_html(NO, words["no"])
    cells = format_html_join("\n      ", "<td>{}</td>", ((shared,), (entered,), (evidence,), (filings,)))
    actions = ""
    if can_manage:
        promote = ""
        if not is_organizer:
            promote = format_html(
                '\n        <form method="post" action="{}" class="inline-form">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">\n'
                '          <button type="submit" class="link-button">{}</button>\n        </form>',
                reverse("campaigns:promote", args=[campaign.slug, member.pseudonym_number]),
                context.get("csrf_token", ""),
                words["promote"],
            )
        actions = format_html("\n      <td>{}</td>", promote)
    return format_html('<tr>\n      <th scope="row">{}</th>\n      {}{}\n    </tr>', name, cells, actions)
