"""Make text from the public safe to quote in an email to staff: no link in it can be clicked by mistake.

Mail programs turn anything that looks like an address into a link (``https://…``, ``www.x.org``,
``x.org/login``, ``name@x.org``), so a visitor could put a convincing fake link in front of staff. Here every
scheme becomes ``hxxp(s)``/``fxp`` and every dot of a host name or IP address becomes ``[.]`` — the
convention security teams use: ``hxxps://example[.]com/login`` is still readable, and a person can rebuild it
deliberately. Invisible direction and control characters (which can make text read differently from what it
is) are removed.
"""

import re
import unicodedata

SCHEMES = re.compile(r"\b(h)tt(ps?)(?=:)|\b(f)t(p)(?=:)", re.IGNORECASE)
# A host name: labels joined by dots (ASCII or fullwidth/ideographic dots) ending in a label of 2+ letters.
DOT = r"[.\uff0e\u3002\uff61]"
HOST = re.compile(rf"(?:[^\W_](?:[\w-]*[^\W_])?{DOT})+[^\W\d_]{{2,}}\b")
IPV4 = re.compile(rf"\b\d{{1,3}}(?:{DOT}\d{{1,3}}){{3}}\b")
# Zero-width (non-)joiners are format characters that emoji and some scripts (Persian, Hindi) need.
KEEP = {"\n", "\t", "\u200c", "\u200d"}


def without_controls(text):
    # Cc: control characters; Cf: format characters such as right-to-left overrides and zero-width joiners.
    return "".join(ch for ch in text if ch in KEEP or unicodedata.category(ch) not in ("Cc", "Cf"))


def defang(text):
    text = without_controls(text)
    text = SCHEMES.sub(lambda m: f"{m[1]}xx{m[2]}" if m[1] else f"{m[3]}x{m[4]}", text)
    dots = re.compile(DOT)
    text = HOST.sub(lambda m: dots.sub("[.]", m[0]), text)
    return IPV4.sub(lambda m: dots.sub("[.]", m[0]), text)


def quote(text, label):
    """``text`` as a quoted block: a first line naming it, then every line prefixed with "| ", so nothing in it can
    pass for the email's own words (not even a fake end marker)."""
    lines = defang(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join([f"{label} (as typed; links disabled):", *(f"| {line}" for line in lines)])
