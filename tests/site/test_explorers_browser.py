"""The client-side explorers on the built site, in headless chromium (fixtures in conftest).

Every ``<div class="actlab-explorer" data-explorer="KIND">`` of the built book is driven
by ``_static/explorers/explorers.js``, which computes live in the page (its numbers are
held to actlab's in ``test_explorer_math.py``) from the manifest that
``python -m actlab.widgets.export`` wrote at build time. For each kind, on the first content page that shows it (or, while
no chapter shows it yet, on the harness page ``_static/explorers/harness.html``):

* moving a slider with the keyboard changes the plot (the SVG paths and bars) and the
  readout, and puts the new state into the page's URL; screenshots of the explorer
  before and after go to ``test-artifacts/screenshots/explorer-KIND-{before,after}.png``;
* loading a URL that carries a state restores it, with the numbers actlab computes;
* every "try this" link (``a.actlab-try``) sets the state it names, without a reload;
* in each edition of the site the explorers work alike, labelled in the page's language.

Once any chapter page shows an explorer, every kind must be shown by some page.
"""
from __future__ import annotations

import math
import re
from urllib.parse import unquote, urlsplit

import numpy as np
import pytest
from playwright.sync_api import expect

import actlab
import built_site as bs

KINDS = ("derivative", "gradflow", "softmax", "playground")
HARNESS = "_static/explorers/harness.html"
DATA = "_static/explorers/data"
#: kind → (the slider a reader moves, the key pressed, how many times, the URL field it sets)
MOVES = {"derivative": ("x0", "ArrowRight", 5, "x0"), "gradflow": ("depth", "ArrowRight", 1, "depth"),
         "softmax": ("z0", "ArrowLeft", 10, "z"), "playground": ("width", "ArrowLeft", 3, "width")}
#: what draws the explorer: every path, bar and heatmap cell of its plots
PLOT_SIGNATURE = """root => [...root.querySelectorAll(
        '.actlab-plots path, .actlab-plots rect[data-series], .actlab-plots rect[data-cell]')]
    .map(n => n.getAttribute('d') || n.getAttribute('height') + '/' + n.getAttribute('fill')).join('|')"""


def explorer_divs(site_dir, page: str):
    return bs.soup(site_dir / page).select("div.actlab-explorer[data-explorer]")


def placements(site_dir) -> dict[str, list[str]]:
    """Kind → the content pages (chapters etc., not the harness) that show an explorer of it."""
    found: dict[str, list[str]] = {}
    for page in bs.content_pages(site_dir):
        for div in explorer_divs(site_dir, page):
            found.setdefault(div["data-explorer"], []).append(page)
    return found


def page_for(site_dir, kind: str, edition=bs.EDITIONS[bs.SOURCE_LANGUAGE]) -> str:
    """The first page of ``edition`` that shows ``kind`` (the edition's harness while none does)."""
    pages = [p for p in placements(site_dir).get(kind, []) if bs.edition_of(p) == edition]
    return (pages or [bs.in_edition(HARNESS, edition)])[0]


def url_states(url: str) -> dict[str, str]:
    """The explorer states in a URL's query: key → "field:value,…"."""
    pairs = (part.partition("=") for part in urlsplit(url).query.split("&") if part)
    return {unquote(name): unquote(value) for name, sep, value in pairs if sep}


def fields(state: str) -> dict[str, str]:
    return dict(item.split(":", 1) for item in state.split(",") if ":" in item)


def same(shown: str, wanted: str) -> bool:
    """Whether a state field shows the value a link asked for ("6" for "6.0" too)."""
    try:
        return shown == wanted or float(shown) == pytest.approx(float(wanted))
    except ValueError:
        return False


def open_explorer(page, path: str, kind: str):
    """Open ``path`` and return the first explorer of ``kind`` once it has drawn."""
    response = page.open(path)
    assert response is not None and response.ok, f"{path}: HTTP {response.status if response else '?'}"
    root = page.locator(f'div.actlab-explorer[data-explorer="{kind}"]').first
    expect(root.locator(".actlab-plots svg").first).to_be_visible(timeout=20_000)
    expect(root.locator(".actlab-readout")).not_to_be_empty()
    return root


def shown(root, what: str) -> str:
    return root.locator(f'.actlab-readout [data-value="{what}"]').inner_text()


def test_the_explorer_data_is_on_the_site(site_dir):
    data = site_dir / DATA
    expected = ["manifest"] + [f"frameworks-{name}" for name in actlab.names(elementwise=True)]
    missing = [key for key in expected if not (data / f"{key}.js").is_file()]
    assert not missing, (f"{DATA} lacks {missing}: `make book` must run "
                         "`python -m actlab.widgets.export chapters/_static/explorers/data` first")
    modules = data.parent
    assert all((modules / name).is_file() for name in ("activations.js", "training.js", "gradflow.js", "playground.js",
                                                            "playground-worker.js"))


def test_pages_with_explorers_load_the_script(site_dir):
    for kind, pages in placements(site_dir).items():
        assert kind in KINDS, f"{pages[0]}: unknown explorer kind {kind!r}; choose one of {KINDS}"
        for page in pages:
            scripts = bs.soup(site_dir / page).select('script[src*="explorers/explorers.js"]')
            assert scripts, f"{page} shows a {kind} explorer but does not load explorers.js (html_js_files)"


def test_every_kind_is_placed_once_chapters_show_explorers(site_dir):
    placed = placements(site_dir)
    if not placed:
        pytest.skip(f"no page shows an explorer yet: the browser tests use {HARNESS}")
    missing = [kind for kind in KINDS if kind not in placed]
    assert not missing, f"no page of the book shows the {missing} explorer(s); placed: {placed}"


@pytest.mark.parametrize("edition", bs.EDITIONS.values(), ids=lambda e: e.language)
@pytest.mark.parametrize("kind", KINDS)
def test_moving_a_slider_redraws_and_updates_the_url(page, site_dir, kind, edition):
    """In every edition (the explorers' words follow the page's language, their workings not)."""
    path = page_for(site_dir, kind, edition)
    root = open_explorer(page, path, kind)
    key = root.get_attribute("data-key") or kind
    plot_before = root.evaluate(PLOT_SIGNATURE)
    readout_before = root.locator(".actlab-readout").inner_text()
    state_before = root.get_attribute("data-state")
    assert url_states(page.url).get(key) == state_before, "the initial state is not in the URL"
    bs.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    suffix = "" if edition.language == bs.SOURCE_LANGUAGE else f"-{edition.folder}"
    root.screenshot(path=bs.SCREENSHOTS / f"explorer-{kind}{suffix}-before.png")

    name, press, times, field = MOVES[kind]
    slider = root.locator(f'input[type="range"][name="{name}"]')
    for _ in range(times):
        slider.press(press)
    expect(root).not_to_have_attribute("data-state", state_before)
    expect(root.locator(".actlab-readout")).not_to_have_text(readout_before)
    page.wait_for_function(f"([root, before]) => ({PLOT_SIGNATURE})(root) !== before",
                           arg=[root.element_handle(), plot_before])
    root.screenshot(path=bs.SCREENSHOTS / f"explorer-{kind}{suffix}-after.png")

    state_after = root.get_attribute("data-state")
    assert url_states(page.url).get(key) == state_after, f"URL {page.url} does not hold {state_after}"
    assert fields(state_after)[field] != fields(state_before)[field]
    page.assert_clean()


def test_derivative_state_from_the_url(page, site_dir):
    """sigmoid at x₀ = 6: the analytic, finite-difference, PyTorch and TensorFlow f′ all read 0.00246651."""
    from actlab.widgets.derivative import DerivativeState, compute

    state = "act:sigmoid~tanh,x0:6,fw:1"
    root = open_explorer(page, f"{page_for(site_dir, 'derivative')}?derivative={state}", "derivative")
    expect(root).to_have_attribute("data-state", state)
    assert root.locator('input[name="x0"]').input_value() == "6"
    expected = f"{compute(DerivativeState('sigmoid', x0=6.0, frameworks=False))['at_x0']['analytic']:.6g}"
    for what in ("analytic", "finite_difference", "torch", "tensorflow"):
        assert shown(root, what) == expected, what
    assert shown(root, "regions").startswith("saturated (|f′| < 0.1): [-8, -2.1] ∪ [2.1, 8]")
    assert root.locator('path[data-series="df:tanh"]').count() == 1
    page.assert_clean()


def test_derivative_at_any_point_and_parameter(page, site_dir):
    """x₀ and the parameters are continuous: ELU with α = 1.37 at x₀ = −1.234 is actlab's, to the digits shown."""
    from actlab.widgets.derivative import DerivativeState, compute

    state = "act:elu,x0:-1.234,alpha:1.37,fw:1"
    root = open_explorer(page, f"{page_for(site_dir, 'derivative')}?derivative={state}", "derivative")
    expect(root).to_have_attribute("data-state", state)
    at = compute(DerivativeState("elu", x0=-1.234, params={"alpha": 1.37}, frameworks=False))["at_x0"]
    assert shown(root, "f") == f"{at['f']:.6g}"
    assert shown(root, "analytic") == f"{at['analytic']:.6g}"
    assert shown(root, "finite_difference") == f"{at['finite_difference']:.6g}"
    assert root.locator('[data-value="torch"]').count() == 0  # measured at build time on the grid only
    expect(root.locator('[data-value="frameworks"]')).to_contain_text("measured when the site was built")
    assert float(root.locator('input[name="alpha"]').input_value()) == pytest.approx(1.37, abs=0.003)  # its step
    page.assert_clean()


def test_gradflow_state_from_the_url(page, site_dir):
    """Any depth and width, computed in a Web Worker: the verdict is actlab's and the ratio and
    signal are within a factor 10 of its (the browser draws its own seeded weights, and 64 samples
    of a depth-37 network scatter that much from draw to draw)."""
    from actlab.widgets.gradient_flow import GradientFlowState, compute

    state = "act:relu,init:he,depth:37,width:100,residual:0,norm:none,seed:0"
    root = open_explorer(page, f"{page_for(site_dir, 'gradflow')}?gradflow={state}", "gradflow")
    expect(root).to_have_attribute("data-state", state)
    assert root.locator('select[name="init"]').input_value() == "he"
    result = compute(GradientFlowState("relu", 37, 100, "he"))
    assert 0.1 < float(shown(root, "ratio")) / result["ratio"] < 10
    assert 0.1 < float(shown(root, "signal")) / result["signal"] < 10
    assert shown(root, "verdict").startswith(f"{result['verdict']}: ")
    figure = root.evaluate(PLOT_SIGNATURE)
    root.locator('select[name="init"]').select_option("glorot")  # ReLU without He's factor 2 ...
    expect(root.locator('[data-value="verdict"]')).to_have_text(re.compile("^vanishing: the forward signal dies out"))
    assert fields(url_states(page.url)["gradflow"])["init"] == "glorot"
    root.locator('select[name="init"]').select_option("he")  # ... and back: the seed gives the same figure
    expect(root.locator('[data-value="verdict"]')).to_have_text(re.compile(f"^{result['verdict']}: "))
    assert root.evaluate(PLOT_SIGNATURE) == figure
    page.assert_clean()


def test_gradflow_residual_and_norm_switches(page, site_dir):
    """The residual checkbox (by keyboard) and the normalisation menu each redraw the figure and
    go into the URL; that URL, opened afresh, restores both controls and the same figure."""
    path = page_for(site_dir, "gradflow")
    root = open_explorer(page, f"{path}?gradflow=act:sigmoid,init:glorot,depth:30,width:64,seed:2", "gradflow")
    expect(root).to_have_attribute("data-state", "act:sigmoid,init:glorot,depth:30,width:64,residual:0,norm:none,seed:2")
    expect(root).not_to_have_attribute("aria-busy", "true")
    steps = [("residual", lambda: root.locator('input[name="residual"]').press("Space"), "1"),
             ("norm", lambda: root.locator('select[name="norm"]').select_option("layer"), "layer"),
             ("norm", lambda: root.locator('select[name="norm"]').select_option("batch"), "batch")]
    for name, move, value in steps:
        before = root.evaluate(PLOT_SIGNATURE)
        move()
        expect(root).to_have_attribute("data-state", re.compile(rf"(^|,){name}:{value}(,|$)"))
        expect(root).not_to_have_attribute("aria-busy", "true")
        page.wait_for_function(f"([root, before]) => ({PLOT_SIGNATURE})(root) !== before",
                               arg=[root.element_handle(), before])
        assert fields(url_states(page.url)["gradflow"])[name] == value
    assert root.locator('input[name="residual"]').is_checked()
    figure, readout, url = root.evaluate(PLOT_SIGNATURE), root.locator(".actlab-readout table").text_content(), page.url
    expect(root.locator(".actlab-plots svg").nth(1)).to_contain_text("residual + BatchNorm blocks: forward signal")
    page.goto("about:blank")
    page.goto(url, wait_until="networkidle")  # the link, loaded afresh
    root = page.locator('div.actlab-explorer[data-explorer="gradflow"]').first
    expect(root).to_have_attribute("data-state", "act:sigmoid,init:glorot,depth:30,width:64,residual:1,norm:batch,seed:2")
    expect(root).not_to_have_attribute("aria-busy", "true")
    expect(root.locator(".actlab-readout table")).to_have_text(readout)
    assert root.locator('input[name="residual"]').is_checked()
    assert root.locator('select[name="norm"]').input_value() == "batch"
    assert root.evaluate(PLOT_SIGNATURE) == figure
    page.assert_clean()


def test_softmax_state_from_the_url_matches_actlab(page, site_dir):
    """The browser's softmax, Jacobian and p − t are actlab.numpy's, to the digits shown."""
    from actlab.widgets.softmax import SoftmaxState, compute

    state = "z:3_0_-2_1,T:0.5,t:2"
    root = open_explorer(page, f"{page_for(site_dir, 'softmax')}?softmax={state}", "softmax")
    expect(root).to_have_attribute("data-state", state)
    result = compute(SoftmaxState((3.0, 0.0, -2.0, 1.0), 0.5, 2))
    for i in range(4):
        assert float(shown(root, f"p{i}")) == pytest.approx(result["probabilities"][i], abs=5e-5)
        assert float(shown(root, f"g{i}")) == pytest.approx(result["gradient"][i], abs=5e-5)
    assert float(shown(root, "loss").rsplit("=", 1)[1]) == pytest.approx(result["loss"], abs=5e-5)
    cells = root.locator("rect[data-cell]")
    assert cells.count() == 16
    jacobian = root.evaluate("root => actlabExplorers.softmaxNumbers([3, 0, -2, 1], 0.5, 2).jacobian")
    np.testing.assert_allclose(jacobian, result["jacobian"], atol=1e-15)
    page.assert_clean()


def test_playground_state_from_the_url_and_play(page, site_dir):
    state = ("data:xsin,noise:0.2,test:0.25,layers:2,width:8,act:tanh~relu,lr:0.05,loss:ce,l2:0.001,seed:4")
    root = open_explorer(page, f"{page_for(site_dir, 'playground')}?playground={state}", "playground")
    expect(root).to_have_attribute("data-state", state)
    assert root.locator('select[name="act1"]').input_value() == "tanh"
    assert root.locator('select[name="act2"]').input_value() == "relu"
    assert shown(root, "status").startswith("step 0: training loss ")
    assert shown(root, "status").endswith("(75 training, 25 test points)")
    root.locator('button[name="play"]').click()  # trains ...
    expect(root.locator('[data-value="status"]')).not_to_have_text(re.compile("^step 0:"))
    root.locator('button[name="play"]').click()  # ... until paused (the worker's last snapshot drawn)
    expect(root).not_to_have_attribute("aria-busy", "true")
    steps = int(shown(root, "status").split(":")[0].split()[1])
    assert steps > 0 and float(shown(root, "gradnorm1")) > 0
    expect(root).to_have_attribute("data-state", state)  # the set-up, not the progress, is in the URL
    root.locator('button[name="step"]').click()
    expect(root.locator('[data-value="status"]')).to_have_text(re.compile(f"^step {steps + 1}: "))
    root.locator('button[name="reset"]').click()
    assert shown(root, "status").startswith("step 0: ")
    page.assert_clean()


def try_links(site_dir) -> list[tuple[str, str]]:
    """(page, href) of every "try this" link on the English pages that show explorers, and the
    harness (a translation's pages have the same links)."""
    english = bs.EDITIONS[bs.SOURCE_LANGUAGE]
    pages = sorted({p for ps in placements(site_dir).values() for p in ps if bs.edition_of(p) == english}) + [HARNESS]
    return [(p, a["href"]) for p in pages for a in bs.soup(site_dir / p).select("a.actlab-try[href]")]


def test_try_links_set_the_state_without_a_reload(page, site_dir):
    links = try_links(site_dir)
    assert links, "no a.actlab-try link on any page with explorers (the harness has one)"
    for path, href in links:
        targets = url_states(href)
        assert targets, f"{path}: try link {href!r} names no explorer state"
        if page.url.split("?")[0] != page.url_of(path):
            page.open(path)
            page.locator(".actlab-explorer.actlab-ready").first.wait_for()
        page.evaluate("window.__notReloaded = true")
        page.locator(f'a.actlab-try[href="{href}"]').first.click()
        for key, state in targets.items():
            root = page.locator(f'.actlab-explorer[data-key="{key}"], '
                                f'.actlab-explorer[data-explorer="{key}"]:not([data-key])').first
            for name, value in fields(state).items():
                expect(root).to_have_attribute("data-state", re.compile(rf"(^|,){re.escape(name)}:"))
                shown_value = fields(root.get_attribute("data-state"))[name]
                assert same(shown_value, value), f"{path}: {href} set {name}={shown_value}, not {value}"
            assert url_states(page.url)[key] == root.get_attribute("data-state")
        assert page.evaluate("window.__notReloaded === true"), f"{path}: {href} reloaded the page"
    page.assert_clean()
