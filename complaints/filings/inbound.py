"""Reading a reply mailed to a filing's address: one parser for the SMTP receiver and the provider's webhook.

It turns a message (stdlib `email.message.Message`; anymail's inbound message is one) into plain values the
inbound service works with: who sent it, to which addresses, its Message-ID, the answer's text without
the quoted filing below it, and its attachments as bytes. Nothing here touches the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email.message import Message
from email.utils import getaddresses, parseaddr

from django.utils.html import strip_tags

MAX_TEXT_CHARS = 20_000
MAX_ATTACHMENTS = 10

# The line where a mail program starts quoting what is answered (Gmail, Outlook, QQ Mail, Foxmail, Apple Mail,
# in English and Chinese); everything from it on is the filing we sent, not the answer.
_QUOTE_START = re.compile(
    r"^\s*(?:"
    r"On\b.{0,300}\bwrote:"
    r"|在.{0,300}写道[:：]"
    r"|-{2,}\s*(?:Original Message|Forwarded message|原始邮件|转发邮件|回复的原邮件)\s*-{2,}"
    r"|_{10,}"
    r"|(?:From|发件人)\s*[:：].*"
    r")\s*$",
    re.IGNORECASE,
)
# Senders whose mail is never answered automatically (RFC 3834: no replies to robots, lists or bounces).
_ROBOT_LOCALS = re.compile(
    r"^(?:mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?)(?:[+.-].*)?$", re.I
)


@dataclass(frozen=True)
class InboundAttachment:
    filename: str
    content: bytes


@dataclass(frozen=True)
class InboundMessage:
    recipients: tuple[str, ...]
    sender: str  # the From address, lower case
    reply_address: str  # where a reply about this message may go ("" for bounces and robots)
    message_id: str
    subject: str
    text: str  # the answer, quoted text trimmed
    attachments: tuple[InboundAttachment, ...] = field(default=())
    automatic: bool = False  # a robot, a list or a bounce: never answered


def trim_quoted(text: str) -> str:
    """The answer above the quoted original: cut at the first quoting header, drop "> " lines."""
    kept: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if _QUOTE_START.match(line):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line.rstrip())
    return "\n".join(kept).strip()[:MAX_TEXT_CHARS]


def _decoded(part: Message) -> str:
    payload = part.get_payload(decode=True) or b""
    charset = part.get_content_charset() or "utf-8"
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:  # a charset Python does not know
        return payload.decode("utf-8", errors="replace")


def _is_attachment(part: Message) -> bool:
    disposition = part.get_content_disposition()
    if disposition == "attachment":
        return True
    # A picture inside an HTML body (a logo in the signature) is no part of the answer.
    if disposition == "inline" or part.get("Content-ID"):
        return False
    return part.get_content_maintype() not in ("text", "multipart", "message")


def _body_and_attachments(message: Message) -> tuple[str, list[InboundAttachment]]:
    plain, html = "", ""
    attachments: list[InboundAttachment] = []
    for part in message.walk():
        if part.is_multipart():
            continue
        if _is_attachment(part):
            if len(attachments) < MAX_ATTACHMENTS:
                attachments.append(
                    InboundAttachment(part.get_filename() or "", part.get_payload(decode=True) or b"")
                )
        elif part.get_content_type() == "text/plain" and not plain:
            plain = _decoded(part)
        elif part.get_content_type() == "text/html" and not html:
            html = strip_tags(re.sub(r"(?i)<br\s*/?>|</p>|</div>", "\n", _decoded(part)))
    return plain or html, attachments


def _automatic(message: Message, reply_address: str) -> bool:
    auto = str(message.get("Auto-Submitted", "no")).strip().lower()
    precedence = str(message.get("Precedence", "")).strip().lower()
    return (
        auto != "no"
        or precedence in {"bulk", "junk", "list"}
        or bool(message.get("List-Id") or message.get("List-Unsubscribe"))
        or not reply_address
        or bool(_ROBOT_LOCALS.match(reply_address.partition("@")[0]))
    )


def message_read(
    message: Message, *, recipients: list[str] | tuple[str, ...] = (), envelope_sender: str | None = None
) -> InboundMessage:
    """What the inbound service needs from one message; `recipients` from the SMTP envelope or the provider."""
    headers = [str(v) for name in ("To", "Cc", "Delivered-To") for v in message.get_all(name, [])]
    addresses = [address for address in recipients if address]
    addresses += [address for _name, address in getaddresses(headers) if address]
    sender = parseaddr(str(message.get("From", "")))[1].strip().lower()
    # A bounce has an empty envelope sender ("<>"): it is never answered.
    reply_address = sender if envelope_sender is None else envelope_sender.strip().strip("<>").lower()
    text, attachments = _body_and_attachments(message)
    return InboundMessage(
        recipients=tuple(dict.fromkeys(a.strip().strip("<>") for a in addresses)),
        sender=sender,
        reply_address=reply_address,
        message_id=str(message.get("Message-ID", "")).strip()[:300],
        subject=" ".join(str(message.get("Subject", "")).split())[:300],
        text=trim_quoted(text),
        attachments=tuple(attachments),
        automatic=_automatic(message, reply_address),
    )
