"""The catalog checks, on made-up catalogs and messages: each must fail when it should."""
from __future__ import annotations

import io

import pytest
from babel.messages.pofile import read_po

from actlab_site.glossary import chinese_forms
from catalog_checks import (catalog_drift, incomplete, markup, markup_problems,
                            term_pattern, terminology_problems, terms_named)

PO = '''\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"

msgid "Learning objectives"
msgstr "学习目标"

msgid "Key takeaways"
msgstr ""

#, fuzzy
msgid "The gradient vanishes."
msgstr "梯度爆炸。"

#~ msgid "An obsolete message"
#~ msgstr ""
'''

GLOSSARY = {
    "saturation": ("饱和",),
    "vanishing gradient": ("梯度消失",),
    "gradient": ("梯度",),
    "dead unit": chinese_forms("死亡神经元（死亡 ReLU）"),
    "nonlinearity": ("非线性",),
    "mini-batch": ("小批量",),
    "logit": chinese_forms("对数几率（logit）"),
}


def test_incomplete_finds_untranslated_and_fuzzy_and_ignores_header_and_obsolete():
    catalog = read_po(io.BytesIO(PO.encode()))
    assert incomplete(catalog) == [("untranslated", "Key takeaways"), ("fuzzy", "The gradient vanishes.")]


def test_a_complete_catalog_passes():
    complete = PO.replace('msgstr ""\n\n#, fuzzy', 'msgstr "要点"\n\n').replace('msgstr "梯度爆炸。"', 'msgstr "梯度消失。"')
    assert incomplete(read_po(io.BytesIO(complete.encode()))) == []


def test_markup_separates_roles_code_math_links_and_prose():
    found = markup("The {term}`saturated <saturation>` units of `tf.nn.relu` give $f'(x) = 0$ "
                   "([2015](bibliography.md), {ref}`ch5-loss`)[^1]; see https://example.org/a.")
    assert found.tokens["role"] == {("term", "saturation"): 1, ("ref", "ch5-loss"): 1}
    assert found.tokens["code"] == {"tf.nn.relu": 1}
    assert found.tokens["math"] == {"f'(x) = 0": 1}
    assert found.tokens["link"] == {"bibliography.md": 1}
    assert found.tokens["footnote"] == {"1": 1}
    assert found.tokens["url"] == {"https://example.org/a": 1}
    assert "saturated" in found.prose and "tf.nn" not in found.prose and "bibliography" not in found.prose


def test_a_faithful_translation_keeps_all_markup():
    msgid = "A {term}`saturated <saturation>` unit: $\\sigma'(z) \\approx 0$ for `z = 10` ([chapter 2](02_core_concepts.ipynb))."
    msgstr = "{term}`饱和 <saturation>` 的单元：当 `z = 10` 时 $\\sigma'(z) \\approx 0$（[第 2 章](02_core_concepts.ipynb)）。"
    assert markup_problems(msgid, msgstr) == []


@pytest.mark.parametrize("msgstr, problem", [
    ("{term}`饱和` 的单元：$\\sigma'(z) \\approx 0$，`z = 10`（[第 2 章](02_core_concepts.ipynb)）。",
     "lost {term} with target 'saturation'"),
    ("{term}`饱和 <saturation>` 的单元：$\\sigma'(z) = 0$，`z = 10`（[第 2 章](02_core_concepts.ipynb)）。",
     "lost math"),
    ("{term}`饱和 <saturation>` 的单元：$\\sigma'(z) \\approx 0$，`z=10`（[第 2 章](02_core_concepts.ipynb)）。",
     "lost code"),
    ("{term}`饱和 <saturation>` 的单元：$\\sigma'(z) \\approx 0$，`z = 10`（[第 2 章](02_core.ipynb)）。",
     "lost link '02_core_concepts.ipynb'"),
    ("{term}`饱和 <saturation>` 的单元：$\\sigma'(z) \\approx 0$，`z = 10`（第 2 章）。",
     "lost link"),
    ("{term}`饱和 <saturation>` {term}`梯度 <gradient>`：$\\sigma'(z) \\approx 0$，`z = 10`（[第 2 章](02_core_concepts.ipynb)）。",
     "added {term} with target 'gradient'"),
])
def test_markup_problems_name_what_a_translation_lost_or_added(msgstr, problem):
    msgid = "A {term}`saturated <saturation>` unit: $\\sigma'(z) \\approx 0$ for `z = 10` ([chapter 2](02_core_concepts.ipynb))."
    problems = markup_problems(msgid, msgstr)
    assert any(p.startswith(problem) for p in problems), problems


def test_term_targets_compare_case_insensitively_and_math_may_repeat():
    assert markup_problems("{term}`Saturation` sets in at $|z| > 4$.",
                           "{term}`饱和 <saturation>` 出现在 $|z| > 4$ 时（即 $|z| > 4$）。") == []


def test_chinese_forms_reads_alternatives():
    assert chinese_forms("激活函数") == ("激活函数",)
    assert chinese_forms("死亡神经元（死亡 ReLU）") == ("死亡神经元", "死亡 ReLU")
    assert chinese_forms("雅可比矩阵（雅可比、Jacobian）") == ("雅可比矩阵", "雅可比", "Jacobian")


@pytest.mark.parametrize("term, text, found", [
    ("nonlinearity", "Two nonlinearities compared", True),
    ("mini-batch", "mini-batches of 32", True),
    ("mini-batch", "mini batch", True),
    ("vanishing gradient", "Vanishing  gradients", True),
    ("gradient", "a subgradient", False),
    ("logit", "logistic regression", False),
    ("saturation", "desaturation", False),
])
def test_term_pattern_matches_whole_words_any_case_and_plurals(term, text, found):
    assert bool(term_pattern(term).search(text)) is found


def test_terms_named_ignores_code_math_and_targets_but_counts_term_roles():
    assert terms_named("Call `gradient(x)` on $\\text{gradient}$ ([see](gradient.md)).", GLOSSARY) == []
    assert terms_named("Units that are {term}`dead <dead unit>`.", GLOSSARY) == ["dead unit"]
    assert set(terms_named("The vanishing gradient problem", GLOSSARY)) == {"vanishing gradient", "gradient"}


def test_terminology_accepts_the_primary_form_or_an_alternative():
    assert terminology_problems("A dead unit never recovers.", "死亡神经元无法恢复。", GLOSSARY) == []
    assert terminology_problems("A dead unit never recovers.", "死亡 ReLU 无法恢复。", GLOSSARY) == []
    assert terminology_problems("The logits", "各个 logit", GLOSSARY) == []


def test_terminology_fails_on_another_chinese_term_and_ignores_targets_in_the_translation():
    assert terminology_problems("Saturation slows learning.", "饱和使学习变慢。", GLOSSARY) == []
    problems = terminology_problems("Saturation slows learning.", "{term}`过饱 <saturation>` 使学习变慢。", GLOSSARY)
    assert problems == ["'saturation' is translated without 饱和"]
    # an English alternative found only in a role target does not count
    assert terminology_problems("The {term}`logits <logit>` of a class.", "类别的 {term}`分数 <logit>`。", GLOSSARY) != []


def test_catalog_drift_names_new_gone_and_missing_catalogs():
    templates = {"chapters/a": {"One", "Two"}, "chapters/b": {"Three"}}
    assert catalog_drift(templates, {"chapters/a": {"One", "Two"}, "chapters/b": {"Three"}}) == []
    problems = catalog_drift(templates, {"chapters/a": {"One", "Old"}, "chapters/c": {"Four"}})
    assert problems[0].startswith("chapters/a: 1 messages not in the catalog, 1 no longer in the sources")
    assert "new: Two" in problems[0] and "gone: Old" in problems[0]
    assert problems[1] == "chapters/b: no catalog (1 messages)"
    assert problems[2] == "chapters/c: a catalog for a page the sources no longer have"
