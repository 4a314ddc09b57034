"""Checks of the Chinese edition's message catalogs (``locales/<lang>/LC_MESSAGES/**/*.po``).

Each check takes parsed catalogs or message text and returns a list of problems (empty: none),
so that ``test_catalog_checks.py`` can prove on made-up catalogs that each check fails when it
must, and ``test_catalogs.py`` applies them to the real ones. The rules they enforce are those of
``locales/TRANSLATING.md``:

- :func:`incomplete`: every message is translated and none is fuzzy;
- :func:`markup_problems`: a translation keeps its message's MyST: the same roles with the same
  targets, the same links (targets) and footnote references — Sphinx fails the build when their
  number changes — and every math span, code span and bare URL;
- :func:`terminology_problems`: where a message names a glossary term, its translation uses the
  term's Chinese form (``chapters/glossary.md``, the ``**中文：**`` line of each entry, read by
  ``actlab_site.glossary.terminology``);
- :func:`catalog_drift`: the catalogs hold exactly the messages the English sources have now.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "locales"
#: pages whose messages are cited as published (paper titles): no terminology check
CITED_AS_PUBLISHED = ("chapters/bibliography",)
#: how many offending messages a failure lists per catalog
SHOWN = 3

# ---------------------------------------------------------------- reading catalogs


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def catalog_names(locale_dir: Path) -> list[str]:
    """The catalogs of one language (``locales/zh_CN/LC_MESSAGES``), as page names without
    ``.po`` (``chapters/01_background``, ``sphinx``), sorted."""
    return sorted(str(p.relative_to(locale_dir).with_suffix("")) for p in locale_dir.rglob("*.po"))


def messages(catalog: Catalog):
    """The catalog's messages, without its header entry and without obsolete ones."""
    return [m for m in catalog if m.id]


def shorten(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


# ---------------------------------------------------------------- (a) completeness


def incomplete(catalog: Catalog) -> list[tuple[str, str]]:
    """``(state, msgid)`` for each message that is ``untranslated`` (empty msgstr) or ``fuzzy``."""
    found = []
    for message in messages(catalog):
        if message.fuzzy:
            found.append(("fuzzy", message.id))
        elif not (message.string or "").strip():
            found.append(("untranslated", message.id))
    return found


# ---------------------------------------------------------------- (b) markup kept

#: a MyST role: {name}`text <target>` or {name}`target`
ROLE = re.compile(r"\{(?P<name>[A-Za-z][\w:.+-]*)\}`(?P<body>[^`]*)`")
#: the explicit target of a role's body: "text <target>"
EXPLICIT_TARGET = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.DOTALL)
CODE_SPAN = re.compile(r"(?P<fence>`+)(?P<code>.+?)(?P=fence)", re.DOTALL)
#: $$…$$ or $…$, not escaped (\$)
MATH = re.compile(r"(?<!\\)\$\$(?P<display>.+?)(?<!\\)\$\$|(?<!\\)\$(?P<inline>[^$]+?)(?<!\\)\$", re.DOTALL)
#: [text](target) or ![alt](target); the target up to its closing parenthesis (one level of nesting)
LINK = re.compile(r"!?\[(?P<text>(?:[^\[\]]|\[[^\]]*\])*)\]\((?P<target>(?:[^()\s]|\([^()]*\))+)(?:\s+\"[^\"]*\")?\)")
FOOTNOTE = re.compile(r"\[\^(?P<label>[^\]]+)\]")
URL = re.compile(r"https?://[^\s<>()\[\]]+[^\s<>()\[\].,;:!?'\"]")
#: markup that must come back unchanged and exactly as often (Sphinx checks their number)
EXACT = ("role", "link", "footnote")
#: markup that must come back unchanged at least as often (a translation may repeat a symbol)
KEPT = ("math", "code", "url")


def role_target(name: str, body: str) -> str:
    """The target of a role: its explicit ``<target>``, else its whole text; a term's in lower
    case (Sphinx looks terms up case-insensitively)."""
    explicit = EXPLICIT_TARGET.match(body.strip())
    target = explicit["target"] if explicit else body.strip()
    return target.lower() if name == "term" else target


@dataclass
class Markup:
    """The markup of one message: a Counter per kind, and the prose left without it."""

    tokens: dict[str, Counter]
    prose: str


def markup(text: str) -> Markup:
    """Split MyST ``text`` into its markup (roles and their targets, code spans, math spans,
    link targets, footnote references, bare URLs) and the prose around it (role and link text
    stay in the prose, their targets do not)."""
    tokens = {kind: Counter() for kind in (*EXACT, *KEPT)}

    def role(match: re.Match) -> str:
        tokens["role"][(match["name"], role_target(match["name"], match["body"]))] += 1
        explicit = EXPLICIT_TARGET.match(match["body"].strip())
        return f" {explicit['text']} " if explicit else (f" {match['body']} " if match["name"] == "term" else " ")

    def code(match: re.Match) -> str:
        tokens["code"][match["code"].strip()] += 1
        return " "

    def math(match: re.Match) -> str:
        tokens["math"][(match["display"] or match["inline"]).strip()] += 1
        return " "

    def link(match: re.Match) -> str:
        tokens["link"][match["target"]] += 1
        return f" {match['text']} "

    def footnote(match: re.Match) -> str:
        tokens["footnote"][match["label"]] += 1
        return " "

    def url(match: re.Match) -> str:
        tokens["url"][match.group(0)] += 1
        return " "

    rest = ROLE.sub(role, text)
    rest = CODE_SPAN.sub(code, rest)
    rest = MATH.sub(math, rest)
    rest = LINK.sub(link, rest)
    rest = FOOTNOTE.sub(footnote, rest)
    rest = URL.sub(url, rest)
    return Markup(tokens, rest)


def describe(kind: str, token) -> str:
    if kind == "role":
        return f"{{{token[0]}}} with target {token[1]!r}"
    return f"{kind} {token!r}"


def markup_problems(msgid: str, msgstr: str) -> list[str]:
    """What the translation ``msgstr`` lost or changed of the markup of ``msgid``."""
    source, translation = markup(msgid).tokens, markup(msgstr).tokens
    problems = []
    for kind in (*EXACT, *KEPT):
        missing = source[kind] - translation[kind]
        problems += [f"lost {describe(kind, token)}" for token in sorted(missing, key=str)]
        if kind in EXACT:
            extra = translation[kind] - source[kind]
            problems += [f"added {describe(kind, token)}" for token in sorted(extra, key=str)]
    return problems


# ---------------------------------------------------------------- (c) terminology

def term_pattern(term: str) -> re.Pattern:
    """The English term as a whole word or phrase, any case, singular or plural
    (``nonlinearity`` → ``nonlinearities``, ``mini-batch`` → ``mini-batches``); a space and a
    hyphen between its words are interchangeable (``mini batch``)."""
    words = re.split(r"[\s-]+", term.strip())
    last = re.escape(words[-1])
    plurals = [last, last + "s", last + "es"]
    if words[-1].endswith("y"):
        plurals.append(re.escape(words[-1][:-1]) + "ies")
    head = r"[\s-]+".join(re.escape(word) for word in words[:-1])
    body = (head + r"[\s-]+" if head else "") + "(?:" + "|".join(plurals) + ")"
    return re.compile(r"(?<![\w-])" + body + r"(?![\w-])", re.IGNORECASE)


def terms_named(msgid: str, glossary: dict[str, tuple[str, ...]]) -> list[str]:
    """The glossary terms ``msgid`` names: in its prose (code, math and targets left out) or as
    the target of a ``{term}`` role."""
    parts = markup(msgid)
    linked = {target for name, target in parts.tokens["role"] if name == "term"}
    return [term for term in glossary
            if term.lower() in linked or term_pattern(term).search(parts.prose)]


def terminology_problems(msgid: str, msgstr: str, glossary: dict[str, tuple[str, ...]]) -> list[str]:
    """Each glossary term of ``msgid`` whose Chinese forms are all absent from ``msgstr``'s prose
    (the translation's role and link targets, code and math do not count)."""
    prose = markup(msgstr).prose
    return [f"{term!r} is translated without {' or '.join(glossary[term])}"
            for term in terms_named(msgid, glossary)
            if not any(form.lower() in prose.lower() for form in glossary[term])]


# ---------------------------------------------------------------- (d) up to date


def catalog_drift(templates: dict[str, set[str]], catalogs: dict[str, set[str]]) -> list[str]:
    """Compare the msgids the sources have now (page → msgids, from fresh ``.pot`` templates)
    with the catalogs' (page → msgids): a page or message missing from the catalogs, or one they
    hold that the sources no longer have."""
    problems = []
    for page in sorted(templates.keys() | catalogs.keys()):
        if page not in catalogs:
            problems.append(f"{page}: no catalog ({len(templates[page])} messages)")
            continue
        if page not in templates:
            problems.append(f"{page}: a catalog for a page the sources no longer have")
            continue
        new, gone = templates[page] - catalogs[page], catalogs[page] - templates[page]
        if new or gone:
            problems.append(f"{page}: {len(new)} messages not in the catalog, {len(gone)} no longer in the sources"
                            + "".join(f"\n    new: {shorten(m)}" for m in sorted(new)[:SHOWN])
                            + "".join(f"\n    gone: {shorten(m)}" for m in sorted(gone)[:SHOWN]))
    return problems
