"""Sphinx extension of the book "Activation Functions, Hands-On".

Loaded by ``_config.yml`` (``sphinx: local_extensions: {actlab_site: lib/site}``). It does
six jobs, one module each:

- :mod:`actlab_site.assets` serves the browser assets the pages use (MathJax 3, require.js,
  the ipywidgets HTML manager) from the site's own ``_static`` folder, copied from
  ``lib/site/node_modules`` (installed by ``npm ci`` in ``make book``), so no page needs a CDN;
- :mod:`actlab_site.framework_tabs` turns consecutive notebook cells tagged ``tab-numpy``,
  ``tab-pytorch``, ``tab-tensorflow`` into one sphinx-design tab set whose choice is synced
  across the page (and remembered across pages);
- :mod:`actlab_site.glossary` lets Sphinx's ``glossary`` read the MyST definition-list form
  that jupyterlab-myst requires, so ``chapters/glossary.md`` renders in both;
- :mod:`actlab_site.no_thebe` keeps sphinx-thebe's scripts (a CDN loader) off the pages;
- :mod:`actlab_site.accessibility` fixes what the theme and docutils put on every page that
  an accessibility audit (axe-core) reports;
- :mod:`actlab_site.i18n` keeps stored outputs and display math out of the Chinese edition's
  message catalogs (``locales/``).
"""
from __future__ import annotations

from sphinx.application import Sphinx

from actlab_site import accessibility, assets, framework_tabs, glossary, i18n, no_thebe


def setup(app: Sphinx) -> dict:
    assets.setup(app)
    framework_tabs.setup(app)
    glossary.setup(app)
    no_thebe.setup(app)
    accessibility.setup(app)
    i18n.setup(app)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
