"""Box-and-arrow diagrams drawn with matplotlib, so a concept map is a PNG figure on the site.

The book draws its concept diagrams with this module instead of Mermaid: a PNG needs
no JavaScript and no CDN, renders identically in JupyterLab and on the offline site,
and carries alt text like any other figure.

A diagram is a list of :class:`Box` (a key, the text, the centre in axes units
0..1, and a kind that picks the colour) and a list of :class:`Arrow` between box
keys. :func:`flowchart` draws them and returns the figure::

    >>> from actlab.diagrams import Box, Arrow, flowchart
    >>> fig = flowchart([Box("x", "input x", (0.2, 0.5)), Box("z", "z = xW + b", (0.8, 0.5))],
    ...                 [Arrow("x", "z")], size=(4, 1.5))
    >>> len(fig.axes[0].texts)
    3

Arrows start and end on the box outlines (matplotlib clips them with ``patchA``/``patchB``),
so boxes may be moved without touching the arrows.
"""
from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

#: box kind → (face colour, edge colour); colour-blind-safe pairs (Okabe & Ito palette tints)
KINDS: dict[str, tuple[str, str]] = {
    "data": ("#e8f1fb", "#0072b2"),       # data and targets
    "op": ("#fff4e0", "#e69f00"),         # a computation of the forward pass
    "grad": ("#fde9ef", "#cc79a7"),       # a computation of the backward pass
    "concept": ("#eaf6ef", "#009e73"),    # an idea or a family (e.g. "activation function")
    "problem": ("#f2f2f2", "#555555"),    # a failure mode (vanishing / exploding gradients)
}

#: arrow style → matplotlib line style
LINESTYLES = {"solid": "-", "dashed": "--", "dotted": ":"}


@dataclass(frozen=True)
class Box:
    """A labelled box centred at ``xy`` (axes fraction); ``kind`` is a key of :data:`KINDS`."""

    key: str
    text: str
    xy: tuple[float, float]
    kind: str = "op"


@dataclass(frozen=True)
class Arrow:
    """An arrow from box ``src`` to box ``dst``, optionally labelled at its middle.

    ``style`` is a key of :data:`LINESTYLES`; ``bend`` curves the arrow (matplotlib's
    ``arc3`` radius: 0 is straight, positive bends to the right of the direction of travel).
    """

    src: str
    dst: str
    label: str = ""
    style: str = "solid"
    bend: float = 0.0


def _label_position(ax, src, dst, bend: float) -> tuple[float, float]:
    """Axes position of the middle of the *visible* part of the arrow from box ``src`` to ``dst``.

    The arrow runs between the box centres but is clipped by both outlines; the label goes
    halfway between the two clipping points (on the arc, for a bent arrow), so that it
    never hides the arrow head.
    """
    renderer = ax.figure.canvas.get_renderer()
    boxes = [artist.get_bbox_patch().get_window_extent(renderer) for artist in (src, dst)]
    (x0, y0), (x1, y1) = (((b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2) for b in boxes)
    dx, dy = x1 - x0, y1 - y0

    def fraction_inside(box) -> float:
        """How far along the chord (as a fraction of its length) a box's half-size reaches."""
        reach = [box.width / 2 / abs(dx) if dx else np.inf, box.height / 2 / abs(dy) if dy else np.inf]
        return min(min(reach), 0.5)

    t = (fraction_inside(boxes[0]) + 1 - fraction_inside(boxes[1])) / 2
    # arc3 bends the chord through a control point at mid + bend·(dy, −dx); a quadratic
    # Bézier is displaced from its chord by 2t(1 − t) times that offset at parameter t
    px = x0 + t * dx + 2 * t * (1 - t) * bend * dy
    py = y0 + t * dy - 2 * t * (1 - t) * bend * dx
    return tuple(ax.transAxes.inverted().transform((px, py)))


def flowchart(boxes: list[Box], arrows: list[Arrow], *, size: tuple[float, float] = (9.0, 4.0),
              fontsize: float = 9.5, title: str = "") -> Figure:
    """Draw ``boxes`` joined by ``arrows`` on a fresh figure of ``size`` inches; return the figure.

    Raises ``ValueError`` naming the offending key for a duplicate box, an arrow to an
    unknown box, an unknown box kind or an unknown arrow style.
    """
    keys = [b.key for b in boxes]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise ValueError(f"flowchart: duplicate box keys {duplicates}")
    for box in boxes:
        if box.kind not in KINDS:
            raise ValueError(f"flowchart: box {box.key!r} has unknown kind {box.kind!r}; "
                             f"choose one of {sorted(KINDS)}")
    for arrow in arrows:
        for end in (arrow.src, arrow.dst):
            if end not in keys:
                raise ValueError(f"flowchart: arrow {arrow.src!r} -> {arrow.dst!r} names unknown box {end!r}")
        if arrow.style not in LINESTYLES:
            raise ValueError(f"flowchart: arrow style {arrow.style!r} unknown; choose one of {sorted(LINESTYLES)}")

    fig, ax = plt.subplots(figsize=size)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=fontsize + 1.5)
    artists = {}
    for box in boxes:
        face, edge = KINDS[box.kind]
        artists[box.key] = ax.text(
            *box.xy, box.text, ha="center", va="center", fontsize=fontsize, zorder=3,
            bbox=dict(boxstyle="round,pad=0.45", facecolor=face, edgecolor=edge, linewidth=1.4))
    fig.canvas.draw()   # positions the box outlines, which the arrows and their labels need
    for arrow in arrows:
        src, dst = artists[arrow.src], artists[arrow.dst]
        edge = KINDS[next(b.kind for b in boxes if b.key == arrow.src)][1]
        ax.annotate(
            # drawn after the boxes (zorder 4 > 3): a box positions its outline patch when it is
            # drawn, and the arrow needs those outlines in place to clip itself to them
            "", xy=(0.5, 0.5), xycoords=dst, xytext=(0.5, 0.5), textcoords=src, zorder=4,
            arrowprops=dict(arrowstyle="-|>", color=edge, linewidth=1.3, mutation_scale=12,
                            linestyle=LINESTYLES[arrow.style],
                            connectionstyle=f"arc3,rad={arrow.bend}",
                            patchA=src.get_bbox_patch(), patchB=dst.get_bbox_patch(),
                            shrinkA=2, shrinkB=2))
        if arrow.label:
            ax.text(*_label_position(ax, src, dst, arrow.bend), arrow.label, ha="center", va="center",
                    fontsize=fontsize - 1.5, style="italic", color="#333333", zorder=5,
                    bbox=dict(boxstyle="round,pad=0.15", facecolor="white", edgecolor="none", alpha=0.9))
    return fig


__all__ = ["KINDS", "LINESTYLES", "Box", "Arrow", "flowchart"]
