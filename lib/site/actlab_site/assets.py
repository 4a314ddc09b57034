"""Copy the npm-installed browser assets the pages load into the site's ``_static`` folder.

Only what the pages use is copied: MathJax's ``tex-chtml`` component with its CHTML web
fonts (``woff-v2/*.woff``) and the TeX extensions its ``autoload`` fetches on demand
(``\\boldsymbol``, ``\\cancel``, ...); ``require.js``; and the ipywidgets HTML manager's AMD
bundle with the FontAwesome web fonts it references; and this package's own files under
``static/`` (the widget manager's set-up, the language switch's style). ``_config.yml`` points ``mathjax_path`` and
``nb_ipywidgets_js`` at these copies; :func:`check_configured_paths` fails the build if
one of those settings names a file this table does not ship.

Files are copied when the build finishes (like MyST-NB's own CSS), and only when their
content changed, so a build with nothing to do stays fast.
"""
from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util.osutil import copyfile, ensuredir

SITE_LIB = Path(__file__).resolve().parents[1]
NODE_MODULES = SITE_LIB / "node_modules"
OWN_STATIC = Path(__file__).resolve().parent / "static"
WIDGETS = "offline/@jupyter-widgets"
#: Two AMD modules of the widget manager's bundle inject FontAwesome's CSS, and webpack
#: resolves the fonts next to each module's URL (require.js: baseUrl + module name, and
#: static/widgets-setup.js sets baseUrl to _static/offline/): "@jupyter-widgets/controls"
#: → offline/@jupyter-widgets/, "@jupyter-widgets/html-manager/dist/libembed-amd" →
#: offline/@jupyter-widgets/html-manager/dist/. Whichever CSS the browser applies last wins,
#: so both folders get the fonts (woff2, with woff for older browsers).
WIDGET_FONT_FOLDERS = (WIDGETS, f"{WIDGETS}/html-manager/dist")

#: (root, glob under root, folder under the site's _static)
ASSETS: tuple[tuple[Path, str, str], ...] = (
    (NODE_MODULES, "mathjax/es5/tex-chtml.js", "offline/mathjax"),
    (NODE_MODULES, "mathjax/LICENSE", "offline/mathjax"),
    (NODE_MODULES, "mathjax/es5/output/chtml/fonts/woff-v2/*.woff", "offline/mathjax/output/chtml/fonts/woff-v2"),
    (NODE_MODULES, "mathjax/es5/input/tex/extensions/*.js", "offline/mathjax/input/tex/extensions"),
    (NODE_MODULES, "requirejs/require.js", "offline"),
    (OWN_STATIC, "widgets-setup.js", "offline"),
    (OWN_STATIC, "language-switch.css", "offline"),
    (OWN_STATIC, "language-switch.js", "offline"),
    (NODE_MODULES, "@jupyter-widgets/html-manager/dist/embed-amd.js", WIDGETS),
    *((NODE_MODULES, f"@jupyter-widgets/html-manager/dist/*.{suffix}", folder)
      for folder in WIDGET_FONT_FOLDERS for suffix in ("woff2", "woff")),
)


def planned_copies() -> dict[str, Path]:
    """Map each destination (relative to ``_static``) to its source file.

    :raises ExtensionError: if a pattern matches nothing (``npm ci`` not run, or a
        package changed its layout).
    """
    copies: dict[str, Path] = {}
    for root, pattern, folder in ASSETS:
        matches = sorted(root.glob(pattern))
        if not matches:
            hint = " (run `npm ci` in lib/site; `make book` does it)" if root == NODE_MODULES else ""
            raise ExtensionError(f"actlab_site: no file matches {root / pattern}{hint}")
        for source in matches:
            copies[f"{folder}/{source.name}"] = source
    return copies


def _static_relative(uri: str) -> str | None:
    """The ``_static``-relative path of a script URI, or None if it is external."""
    if "://" in uri or uri.startswith("//"):
        return None
    return uri.removeprefix("_static/")


def check_configured_paths(app: Sphinx, config) -> None:
    """Fail early if ``mathjax_path`` or ``nb_ipywidgets_js`` name a file that is not shipped."""
    shipped = planned_copies()
    configured = [config.mathjax_path, *config.nb_ipywidgets_js]
    for uri in configured:
        relative = _static_relative(uri)
        if relative is None:
            raise ExtensionError(f"actlab_site: {uri!r} is external; the site must serve it from _static")
        if relative not in shipped:
            raise ExtensionError(f"actlab_site: {uri!r} is configured but not in actlab_site.assets.ASSETS")


def copy_assets(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.builder.outdir) / "_static"
    for relative, source in planned_copies().items():
        destination = static / relative
        ensuredir(destination.parent)
        copyfile(source, destination)


def setup(app: Sphinx) -> None:
    app.connect("config-inited", check_configured_paths)
    app.connect("build-finished", copy_assets)
