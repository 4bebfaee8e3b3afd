"""One row of the member list, built in Python (as Django's admin builds its change-list rows): the list is
the hottest signed-in page of a big campaign, and the template engine spent most of its time in the nine
tags and twenty lookups each row needed. The markup is the same the template wrote; it is put together
with plain f-strings over escaped pieces (complaints.core.markup), not format_html, whose per-argument
wrappers cost about a twentieth of the page."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from complaints.core.humanize import money
from complaints.core.markup import csrf_input, esc, safe

register = template.Library()

YES = '<span aria-label="{}">✓</span>'
NO = '<span class="muted" aria-label="{}">–</span>'


def _words(context: template.Context) -> dict[str, str]:
    # Translated once a page, not once a row.
    words = context.render_context.get("member_row_words")
    if words is None:
        words = {
            "organizer": esc(gettext("organizer")),
            "you": esc(gettext("you")),
            "not_shared": esc(gettext("not shared")),
            "yes": esc(gettext("yes")),
            "no": esc(gettext("no")),
            "withdrew": esc(gettext("withdrew consent")),
            "promote": esc(gettext("Make organizer")),
        }
        context.render_context["member_row_words"] = words
    return words


@register.simple_tag(takes_context=True)
def member_row(context: template.Context, member, campaign, can_manage: bool) -> SafeString:
    words = _words(context)
    request = context.get("request")
    case = getattr(member, "case", None)  # RelatedObjectDoesNotExist is an AttributeError
    amount = case.amount if case is not None else None
    is_organizer = member.role == "organizer"
    # A list kept for every member (campaigns.cache.roster_piece) marks nobody; mark_viewer adds the mark.
    viewer = None if context.get("rows_for_everyone") else getattr(getattr(request, "user", None), "pk", None)

    name = esc(member.pseudonym)
    if is_organizer:
        name += f' <span class="badge">{words["organizer"]}</span>'
    if member.user_id == viewer:
        name += _you(words)
    if member.share_with_group and amount is not None:
        shared = esc(money(amount, case.currency))
    else:
        shared = f'<span class="muted">{words["not_shared"]}</span>'
    yes, no = YES.format(words["yes"]), NO.format(words["no"])
    if member.include_in_filings:
        filings = yes
    elif member.consent_withdrawn_at:
        filings = f'<span class="badge">{words["withdrew"]}</span>'
    else:
        filings = no
    cells = "\n      ".join(
        f"<td>{cell}</td>"
        for cell in (shared, yes if amount is not None else no, yes if member.evidence_count else no, filings)
    )
    actions = ""
    if can_manage:
        promote = ""
        if not is_organizer:
            url = esc(reverse("campaigns:promote", args=[campaign.slug, member.pseudonym_number]))
            promote = (
                f'\n        <form method="post" action="{url}" class="inline-form">'
                f"{csrf_input(context.get('csrf_token'))}\n"
                f'          <button type="submit" class="link-button">{words["promote"]}</button>\n        </form>'
            )
        actions = f"\n      <td>{promote}</td>"
    return safe(
        f'<tr id="member-{int(member.pseudonym_number)}">\n      <th scope="row">{name}</th>\n      {cells}{actions}\n    </tr>'
    )


def _you(words: dict[str, str]) -> str:
    return f' <span class="badge you">{words["you"]}</span>'


def mark_viewer(rows: str, number: int | None) -> SafeString:
    """Rows built for everyone, with the "you" mark on the viewer's own row (when it is on this page)."""
    if number is not None:
        start = rows.find(f'<tr id="member-{int(number)}">')
        if start != -1:
            end = rows.index("</th>", start)
            rows = rows[:end] + _you({"you": esc(gettext("you"))}) + rows[end:]
    return safe(rows)
