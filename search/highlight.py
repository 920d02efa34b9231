"""Highlighting without ever trusting content as HTML: snippets are lists of (text, marked) pairs, and the
template escapes every text and wraps the marked ones in <mark>."""

import re

# PostgreSQL's ts_headline wraps matches in these; plain letters, so they survive its option parser.
MARK_START = "QxQmarkstartQxQ"
MARK_END = "QxQmarkendQxQ"
SNIPPET_LENGTH = 220
_MARKER_RE = re.compile(f"({MARK_START}|{MARK_END})")


def split_marked(text):
    """'a START b END c' -> [('a ', False), ('b', True), (' c', False)]."""
    parts, marked = [], False
    for piece in _MARKER_RE.split(text or ""):
        if piece == MARK_START:
            marked = True
        elif piece == MARK_END:
            marked = False
        elif piece:
            parts.append((piece, marked))
    return parts


def python_snippet(text, terms, whole=False, patterns=()):
    """The terms (and matches of the regular expressions ``patterns``) marked in ``text`` (case-insensitive);
    unless ``whole``, cut to a window around the first match."""
    text = text or ""
    choices = [re.escape(t) for t in terms] + list(patterns)
    pattern = re.compile("|".join(choices), re.IGNORECASE) if choices else None
    if not whole:
        text = _window(text, pattern)
    if pattern is None:
        return [(text, False)] if text else []
    parts, position = [], 0
    for match in pattern.finditer(text):
        if match.start() > position:
            parts.append((text[position : match.start()], False))
        parts.append((match.group(), True))
        position = match.end()
    if position < len(text):
        parts.append((text[position:], False))
    return parts


def _window(text, pattern):
    if len(text) <= SNIPPET_LENGTH:
        return text
    match = pattern.search(text) if pattern else None
    start = max(0, match.start() - SNIPPET_LENGTH // 3) if match else 0
    start = text.rfind(" ", 0, start) + 1 if start else 0  # do not cut a word
    end = text.find(" ", start + SNIPPET_LENGTH)
    end = len(text) if end == -1 else end
    return ("… " if start else "") + text[start:end].strip() + (" …" if end < len(text) else "")
