"""Keep sphinx-thebe's scripts off the pages.

Jupyter Book always loads sphinx-thebe. Thebe runs code on a Binder kernel over the internet,
so the book turns it off (``launch_buttons: thebe: false``), but the extension still adds to
every page an inline script naming its CDN URL (``unpkg.com``), a loader script, and a Binder
configuration of an example repository; and with Sphinx 7.4 it adds the inline script twice,
which the browser reports as an error (``Identifier 'THEBE_JS_URL' has already been
declared``). This removes sphinx-thebe's two page hooks; its directive stays registered, so a
page that uses ``thebe-button`` still builds.
"""
from __future__ import annotations

from sphinx.application import Sphinx

#: sphinx-thebe's listeners that put thebe on the pages
PAGE_HOOKS = {("sphinx_thebe", "init_thebe_core"), ("sphinx_thebe", "update_thebe_context")}


def drop_thebe_page_hooks(app: Sphinx, config) -> None:
    for listeners in app.events.listeners.values():
        for listener in list(listeners):
            handler = listener.handler
            if (getattr(handler, "__module__", None), getattr(handler, "__name__", None)) in PAGE_HOOKS:
                app.disconnect(listener.id)


def setup(app: Sphinx) -> None:
    app.connect("config-inited", drop_thebe_page_hooks)
