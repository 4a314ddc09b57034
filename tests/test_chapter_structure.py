"""Every chapter teaches in the same shape (README "Contributing", *The chapter skeleton*).

Checked on every chapter notebook (``chapters/0*.ipynb``, 06b included):

- **opening**: the first Markdown cell has the ``# Title``, a "Learning objectives" admonition
  with 3–5 bullets, then a "Before you start" admonition;
- **closing**: the last level-2 headings are ``## Key takeaways`` (3–5 bullets),
  ``## Check yourself`` (3–5 numbered questions, each followed by its own ``{dropdown}``
  Answer) and ``## Practise``, which links the chapter's exercise notebook (and it exists);
- **figures**: every code cell with an ``image/png`` output has alt text that states a finding,
  in ``metadata.mystnb.image.alt``;
- **corrections of the source article**: no admonition titled "The article …", no sentence
  opening with "The article says", no heading naming the article; a callout about the article
  is titled ``Source §x says …`` with ``:class: dropdown warning``;
- **glossary**: every term of ``chapters/glossary.md`` has its Chinese term, is linked with
  ``{term}`` somewhere in the chapters or exercises, every ``{term}`` names a defined term, and a
  chapter links a term at most once.

Each checker takes Markdown (or a notebook) and returns a list of problems; the unit tests at the
end run each on made-up input that passes and input that fails.
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "lib" / "site"))  # for actlab_site.glossary, the reader of the glossary page

CHAPTERS = sorted((ROOT / "chapters").glob("0*.ipynb"))
#: where a glossary term may be used: every notebook and page but the glossary itself
GLOSSARY = ROOT / "chapters" / "glossary.md"
TERM_SOURCES = sorted(p for p in [*ROOT.glob("chapters/*.ipynb"), *ROOT.glob("chapters/*.md"),
                                  *ROOT.glob("exercises/*/*.ipynb")] if p != GLOSSARY)

OBJECTIVES, PREREQUISITES = "Learning objectives", "Before you start"
CLOSING = ("Key takeaways", "Check yourself", "Practise")
ITEMS = range(3, 6)  # 3–5 objectives, takeaways, questions

#: a MyST directive fenced by ``:::`` or backticks, possibly indented (inside a list item)
DIRECTIVE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>:{3,}|`{3,})\{(?P<name>[\w:-]+)\}[ \t]*(?P<arg>[^\n]*)\n"
    r"(?P<body>.*?)^[ \t]*(?P=fence)[ \t]*$", re.MULTILINE | re.DOTALL)
OPTION = re.compile(r"^[ \t]*:(?P<key>[\w-]+):[ \t]*(?P<value>[^\n]*)$")
ADMONITIONS = {"admonition", "note", "tip", "hint", "important", "warning", "caution", "attention",
               "danger", "error", "seealso"}
BULLET = re.compile(r"^[-*+] ", re.MULTILINE)
NUMBERED = re.compile(r"^\d+[.)] ", re.MULTILINE)
HEADING = re.compile(r"^(?P<hashes>#{1,6}) +(?P<text>.+?)[ \t]*#*$", re.MULTILINE)
CORRECTION_TITLE = re.compile(r"^Source §\d+(?:\.\d+)?(?:(?:, | and |–)§?\d+(?:\.\d+)?)* says …$")
CORRECTION_CLASSES = {"dropdown", "warning"}
ARTICLE_SAYS = re.compile(r"(?:^|[.!?:])\s*(?P<says>The article says)", re.IGNORECASE | re.MULTILINE)
TERM_ROLE = re.compile(r"\{term\}`(?:[^`<]*<)?(?P<term>[^`<>]+?)>?`")
FIGURE_ALT_THAT_SAYS_NOTHING = re.compile(r"^(?:an? )?(?:plot|figure|graph|chart|image)s? of\b", re.IGNORECASE)


@dataclass
class Directive:
    name: str
    title: str
    options: dict[str, str]
    body: str
    start: int
    end: int


def directives(markdown: str) -> list[Directive]:
    """The top-level MyST directives of ``markdown`` (their bodies are searched again for nesting)."""
    found = []
    for match in DIRECTIVE.finditer(markdown):
        lines = match["body"].splitlines()
        options = {}
        while lines and (option := OPTION.match(lines[0])):
            options[option["key"]] = option["value"].strip()
            lines.pop(0)
        found.append(Directive(match["name"], match["arg"].strip(), options, "\n".join(lines),
                               match.start(), match.end()))
        found += [Directive(d.name, d.title, d.options, d.body, match.start("body") + d.start,
                            match.start("body") + d.end) for d in directives(match["body"])]
    return found


def admonition_title(directive: Directive) -> str:
    """The title a reader sees: the argument of ``{admonition}``, else the directive's name."""
    return directive.title or directive.name.capitalize()


def markdown_cells(notebook: dict) -> list[str]:
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"]


def sections(markdown: str, level: int = 2) -> list[tuple[str, str]]:
    """(heading, text up to the next heading of that level or higher), for each heading of ``level``."""
    headings = [m for m in HEADING.finditer(markdown) if len(m["hashes"]) <= level]
    return [(m["text"], markdown[m.end():nxt.start() if nxt else len(markdown)])
            for m, nxt in zip(headings, [*headings[1:], None]) if len(m["hashes"]) == level]


def _count(what: str, found: int) -> list[str]:
    return [] if found in ITEMS else [f"{what}: {found} found, 3–5 wanted"]


def opening_problems(first_cell: str) -> list[str]:
    """The first Markdown cell: ``# Title``, then Learning objectives (3–5 bullets), then Before you start."""
    problems = [] if first_cell.lstrip().startswith("# ") else ["the first Markdown cell does not start with '# Title'"]
    titled = {admonition_title(d): d for d in directives(first_cell) if d.name == "admonition"}
    objectives, prerequisites = titled.get(OBJECTIVES), titled.get(PREREQUISITES)
    if objectives is None:
        problems.append(f"no '{OBJECTIVES}' admonition in the first Markdown cell")
    else:
        problems += _count(f"'{OBJECTIVES}' bullets", len(BULLET.findall(objectives.body)))
    if prerequisites is None:
        problems.append(f"no '{PREREQUISITES}' admonition in the first Markdown cell")
    elif objectives is not None and prerequisites.start < objectives.start:
        problems.append(f"'{PREREQUISITES}' comes before '{OBJECTIVES}'")
    return problems


def closing_problems(markdown: str, exercise: str) -> list[str]:
    """The chapter's last level-2 sections are Key takeaways, Check yourself, Practise (linking ``exercise``)."""
    found = sections(markdown)
    last = [heading for heading, _ in found[-len(CLOSING):]]
    if last != list(CLOSING):
        return [f"the last '##' headings are {last}, not {list(CLOSING)}"]
    text = dict(found[-len(CLOSING):])
    problems = _count("'Key takeaways' bullets", len(BULLET.findall(text["Key takeaways"])))
    questions = NUMBERED.split(text["Check yourself"])[1:]
    problems += _count("'Check yourself' numbered questions", len(questions))
    for number, question in enumerate(questions, 1):
        answers = [d for d in directives(question) if d.name == "dropdown" and d.title == "Answer"]
        if len(answers) != 1:
            problems.append(f"'Check yourself' question {number} is followed by {len(answers)} "
                            "'{dropdown} Answer' blocks, not 1")
    if f"]({exercise})" not in text["Practise"]:
        problems.append(f"'Practise' does not link its exercise notebook ({exercise})")
    return problems


def exercise_link(chapter: Path) -> str:
    """The link from ``chapters/NN_stem.ipynb`` to its exercise notebook ``exNN_stem.ipynb``."""
    return f"../exercises/student/ex{chapter.name}"


def figure_problems(notebook: dict) -> list[str]:
    """Code cells with a PNG output need alt text, in ``metadata.mystnb.image.alt``, that states a finding."""
    problems = []
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "code" or not any("image/png" in out.get("data", {}) for out in cell.get("outputs", [])):
            continue
        alt = cell.get("metadata", {}).get("mystnb", {}).get("image", {}).get("alt", "")
        if not alt.strip():
            problems.append(f"cell {index}: a figure without alt text (metadata.mystnb.image.alt)")
        elif FIGURE_ALT_THAT_SAYS_NOTHING.match(alt.strip()):
            problems.append(f"cell {index}: alt text {alt[:40]!r}… names the kind of figure; state its finding")
    return problems


def is_about_the_article(directive: Directive) -> bool:
    """An admonition that corrects the source: its title names it, or its body opens with a § reference."""
    title = admonition_title(directive)
    return bool(re.search(r"\barticle|§", title, re.IGNORECASE) or title.startswith("Source ")
                or re.match(r"\s*§\d", directive.body))


def callout_problems(markdown: str) -> list[str]:
    """Corrections of the source are ``Source §x says …`` dropdown warnings; nothing is framed by "the article"."""
    problems = []
    for directive in directives(markdown):
        if directive.name not in ADMONITIONS:
            continue
        title = admonition_title(directive)
        if title.lower().startswith("the article"):
            problems.append(f"admonition titled {title!r}: title a correction 'Source §x says …'")
        elif is_about_the_article(directive):
            if directive.name != "admonition" or not CORRECTION_TITLE.match(title):
                problems.append(f"{{{directive.name}}} {title!r}: a correction is '{{admonition}} Source §x says …'")
            classes = set(directive.options.get("class", "").split())
            if classes != CORRECTION_CLASSES:
                problems.append(f"{title!r} has :class: {' '.join(sorted(classes)) or '(none)'}, not 'dropdown warning'")
    prose = DIRECTIVE.sub("", markdown)
    problems += [f"a sentence opens with 'The article says': …{prose[m.start('says'):m.end() + 40].strip()}…"
                 for m in ARTICLE_SAYS.finditer(prose)]
    problems += [f"heading {m['text']!r} is framed by the article: name the concept"
                 for m in HEADING.finditer(markdown) if len(m["hashes"]) > 1 and "article" in m["text"].lower()]
    return problems


def glossary_terms(markdown: str) -> dict[str, str]:
    """Term → Chinese term of a glossary page: ``actlab_site.glossary.terms``, imported only here so
    that the other checks run in a checkout that has no glossary yet."""
    from actlab_site.glossary import terms

    return terms(markdown)


def term_links(markdown: str) -> list[str]:
    """The glossary terms ``markdown`` links with ``{term}``, lower case, in order."""
    return [m["term"].strip().lower() for m in TERM_ROLE.finditer(markdown)]


def term_problems(defined: dict[str, str], uses: dict[str, list[str]]) -> list[str]:
    """Terms defined and linked nowhere; links to undefined terms; a term linked twice in one source."""
    known = {term.lower() for term in defined}
    linked = {term for links in uses.values() for term in links}
    problems = [f"glossary term {term!r} is linked with {{term}} nowhere in chapters/ or exercises/"
                for term in defined if term.lower() not in linked]
    for source, links in uses.items():
        problems += [f"{source}: {{term}}`{term}` is not a glossary term" for term in sorted(set(links) - known)]
        problems += [f"{source}: links {term!r} {links.count(term)} times (once, at its first use)"
                     for term in sorted(set(links)) if links.count(term) > 1]
    return problems


def _notebook(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _source_markdown(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.suffix == ".md" else "\n\n".join(markdown_cells(_notebook(path)))


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _fail_if(problems: list[str], where: str) -> None:
    assert not problems, f"{where}:\n  " + "\n  ".join(problems)


# --- the chapters --------------------------------------------------------------------------

def test_there_are_chapters():
    assert len(CHAPTERS) >= 9, f"expected chapters 01–08 and 06b under chapters/, found {[p.name for p in CHAPTERS]}"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=_rel)
def test_chapter_opens_with_objectives_and_prerequisites(chapter):
    _fail_if(opening_problems(markdown_cells(_notebook(chapter))[0]), _rel(chapter))


@pytest.mark.parametrize("chapter", CHAPTERS, ids=_rel)
def test_chapter_closes_with_takeaways_questions_and_practice(chapter):
    link = exercise_link(chapter)
    problems = closing_problems("\n\n".join(markdown_cells(_notebook(chapter))), link)
    if not (chapter.parent / link).is_file():
        problems.append(f"the exercise notebook {link} does not exist")
    _fail_if(problems, _rel(chapter))


@pytest.mark.parametrize("chapter", CHAPTERS, ids=_rel)
def test_every_figure_has_alt_text(chapter):
    _fail_if(figure_problems(_notebook(chapter)), _rel(chapter))


@pytest.mark.parametrize("chapter", CHAPTERS, ids=_rel)
def test_corrections_use_the_source_callout(chapter):
    _fail_if(callout_problems("\n\n".join(markdown_cells(_notebook(chapter)))), _rel(chapter))


def test_glossary_terms_are_defined_with_chinese_and_linked():
    defined = glossary_terms(GLOSSARY.read_text(encoding="utf-8"))
    uses = {_rel(path): term_links(_source_markdown(path)) for path in TERM_SOURCES}
    _fail_if(term_problems(defined, uses), _rel(GLOSSARY))


# --- the checkers, on made-up Markdown -----------------------------------------------------

GOOD_OPENING = """# Saturation

Why does a sigmoid network stop learning?

:::{admonition} Learning objectives
:class: tip
After this chapter you can:

- explain saturation
- compute $\\sigma'$
- measure the gradient per layer
:::

:::{admonition} Before you start
:class: note
Chapter 1.
:::
"""


def _answered(n: int) -> str:
    return "\n".join(f"{i}. Question {i}?\n\n   :::{{dropdown}} Answer\n   Answer {i}.\n   :::\n" for i in range(1, n + 1))


GOOD_CLOSING = f"""## Saturation

Text.

## Key takeaways

- one
- two
- three

## Check yourself

{_answered(3)}
## Practise

Work [exercise notebook 3: principles](../exercises/student/ex03_x.ipynb).
"""


def test_opening_checker():
    assert opening_problems(GOOD_OPENING) == []
    two_objectives = GOOD_OPENING.replace("- measure the gradient per layer\n", "")
    assert opening_problems(two_objectives) == ["'Learning objectives' bullets: 2 found, 3–5 wanted"]
    assert opening_problems(GOOD_OPENING.replace("Before you start", "Prerequisites")) == \
        ["no 'Before you start' admonition in the first Markdown cell"]
    assert "no 'Learning objectives' admonition in the first Markdown cell" in \
        opening_problems(GOOD_OPENING.replace("Learning objectives", "Goals"))
    swapped = GOOD_OPENING.replace("Learning objectives", "@").replace("Before you start", "Learning objectives") \
        .replace("@", "Before you start")
    assert "'Before you start' comes before 'Learning objectives'" in opening_problems(swapped)
    assert opening_problems("Intro\n" + GOOD_OPENING)[0].startswith("the first Markdown cell does not start")


def test_closing_checker():
    link = "../exercises/student/ex03_x.ipynb"
    assert closing_problems(GOOD_CLOSING, link) == []
    assert closing_problems(GOOD_CLOSING.replace("## Key takeaways", "## Summary"), link) == \
        ["the last '##' headings are ['Summary', 'Check yourself', 'Practise'], "
         "not ['Key takeaways', 'Check yourself', 'Practise']"]
    assert closing_problems(GOOD_CLOSING.replace("- three\n", ""), link) == \
        ["'Key takeaways' bullets: 2 found, 3–5 wanted"]
    assert closing_problems(GOOD_CLOSING.replace(_answered(3), _answered(6)), link) == \
        ["'Check yourself' numbered questions: 6 found, 3–5 wanted"]
    unanswered = GOOD_CLOSING.replace("   :::{dropdown} Answer\n   Answer 2.\n   :::\n", "")
    assert closing_problems(unanswered, link) == \
        ["'Check yourself' question 2 is followed by 0 '{dropdown} Answer' blocks, not 1"]
    assert closing_problems(GOOD_CLOSING, "../exercises/student/ex04_y.ipynb") == \
        ["'Practise' does not link its exercise notebook (../exercises/student/ex04_y.ipynb)"]
    assert exercise_link(Path("chapters/06b_modern_architectures.ipynb")) == \
        "../exercises/student/ex06b_modern_architectures.ipynb"


def _figure_cell(metadata: dict) -> dict:
    return {"cell_type": "code", "metadata": metadata, "source": ["plot()"],
            "outputs": [{"output_type": "display_data", "data": {"image/png": "iVBOR", "text/plain": "<Figure>"}}]}


def test_figure_checker():
    finding = {"mystnb": {"image": {"alt": "Dead units rise as the initial bias falls"}}}
    text_only = {"cell_type": "code", "metadata": {}, "source": ["1"],
                 "outputs": [{"output_type": "execute_result", "data": {"text/plain": "1"}}]}
    assert figure_problems({"cells": [_figure_cell(finding), text_only]}) == []
    assert figure_problems({"cells": [text_only, _figure_cell({})]}) == \
        ["cell 1: a figure without alt text (metadata.mystnb.image.alt)"]
    vague = {"mystnb": {"image": {"alt": "A plot of the dead units"}}}
    assert figure_problems({"cells": [_figure_cell(vague)]})[0].startswith("cell 0: alt text 'A plot of")


GOOD_CALLOUT = """Saturation makes the gradient vanish for large |z|.

:::{admonition} Source §3.3 says …
:class: dropdown warning
§3.3 says the gradient vanishes near 0; the cell above shows it is largest there.
:::

The article, in passing, calls it slow.
"""


def test_callout_checker():
    assert callout_problems(GOOD_CALLOUT) == []
    assert callout_problems(GOOD_CALLOUT.replace("Source §3.3 says …", "Source §2.1, §4.1 says …")) == []
    assert callout_problems(GOOD_CALLOUT.replace("Source §3.3 says …", "The article says …")) == \
        ["admonition titled 'The article says …': title a correction 'Source §x says …'"]
    assert callout_problems(GOOD_CALLOUT.replace(":class: dropdown warning", ":class: warning")) == \
        ["'Source §3.3 says …' has :class: warning, not 'dropdown warning'"]
    assert callout_problems(GOOD_CALLOUT.replace("Source §3.3 says …", "Source §3.3 says...")) == \
        ["{admonition} 'Source §3.3 says...': a correction is '{admonition} Source §x says …'"]
    as_warning = GOOD_CALLOUT.replace("{admonition} Source §3.3 says …\n:class: dropdown warning", "{warning}")
    assert callout_problems(as_warning) == [
        "{warning} 'Warning': a correction is '{admonition} Source §x says …'",
        "'Warning' has :class: (none), not 'dropdown warning'"]
    prose = GOOD_CALLOUT + "\nThe article says that ReLU is fast.\n"
    assert callout_problems(prose) == ["a sentence opens with 'The article says': …The article says that ReLU is fast.…"]
    assert callout_problems("## The article's claim about saturation\n\nText.\n") == \
        ["heading \"The article's claim about saturation\" is framed by the article: name the concept"]
    other = ":::{admonition} Learning objectives\n:class: tip\n- explain\n:::\n"
    assert callout_problems(other) == []
    assert callout_problems(":::{note} Open-source tools\nPyTorch is open source.\n:::\n") == []


GOOD_GLOSSARY = """# Glossary

```{glossary}
dead unit
: **中文：** 死亡神经元（死亡 ReLU）

  A ReLU unit inactive on every input.

Jacobian
: **中文：** 雅可比矩阵

  The matrix of first partial derivatives.
```
"""


def test_glossary_parser():
    assert glossary_terms(GOOD_GLOSSARY) == {"dead unit": "死亡神经元（死亡 ReLU）", "Jacobian": "雅可比矩阵"}
    with pytest.raises(ValueError, match="'Jacobian': its definition does not open"):
        glossary_terms(GOOD_GLOSSARY.replace(": **中文：** 雅可比矩阵", ": The matrix"))
    with pytest.raises(ValueError, match="expected one"):
        glossary_terms("# Glossary\n")


def test_term_checker():
    defined = glossary_terms(GOOD_GLOSSARY)
    links = term_links("Units go {term}`dead <dead unit>`; the {term}`jacobian` is dense.")
    assert links == ["dead unit", "jacobian"]
    assert term_problems(defined, {"ch1": links}) == []
    assert term_problems(defined, {"ch1": ["dead unit"]}) == \
        ["glossary term 'Jacobian' is linked with {term} nowhere in chapters/ or exercises/"]
    assert term_problems(defined, {"ch1": [*links, "saturation"]}) == \
        ["ch1: {term}`saturation` is not a glossary term"]
    assert term_problems(defined, {"ch1": [*links, "dead unit"]}) == \
        ["ch1: links 'dead unit' 2 times (once, at its first use)"]
