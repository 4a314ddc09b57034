"""Draw the book's logo (chapters/_static/logo.svg) and favicon (chapters/_static/favicon.png).

Three activation curves from the course library — sigmoid, tanh and GELU — on a dark
rounded tile. The files are committed; rerun after changing the drawing:

    .venv/bin/python lib/site/make_logo.py
"""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
matplotlib.rcParams["svg.hashsalt"] = "actlab-logo"  # stable element ids in the SVG
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.patches import FancyBboxPatch  # noqa: E402

from actlab import numpy as anp  # noqa: E402

STATIC = Path(__file__).resolve().parents[2] / "chapters" / "_static"
#: activation → line colour
CURVES = {"sigmoid": "#4fc3f7", "tanh": "#ffb74d", "gelu": "#81c784"}
BACKGROUND = "#1f2a44"


def draw(size_inches: float, line_width: float) -> plt.Figure:
    fig = plt.figure(figsize=(size_inches, size_inches))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(-1, 1)
    ax.set_ylim(-1, 1)
    ax.axis("off")
    ax.add_patch(FancyBboxPatch((-0.94, -0.94), 1.88, 1.88, boxstyle="round,pad=0.0,rounding_size=0.3",
                                facecolor=BACKGROUND, edgecolor="none"))
    x = np.linspace(-2.6, 2.6, 200)
    for name, colour in CURVES.items():
        ax.plot(x / 3.3, anp.get(name)(x) / 3.3, color=colour, linewidth=line_width, solid_capstyle="round")
    ax.plot([-0.8, 0.8], [0, 0], color="white", alpha=0.35, linewidth=line_width / 3)
    ax.plot([0, 0], [-0.8, 0.8], color="white", alpha=0.35, linewidth=line_width / 3)
    return fig


def main() -> None:
    fig = draw(2.0, 6.0)
    # no date or tool version in the SVG, so redrawing an unchanged logo changes no byte
    fig.savefig(STATIC / "logo.svg", transparent=True, metadata={"Date": None, "Creator": None})
    plt.close(fig)
    fig = draw(0.64, 3.0)
    fig.savefig(STATIC / "favicon.png", dpi=100, transparent=True, metadata={"Software": None})
    plt.close(fig)


if __name__ == "__main__":
    main()
