"""Drive a real JupyterLab, as a learner would, from Playwright.

:class:`LabServer` runs ``jupyter lab`` (this virtual environment's, with the pinned
extensions: jupyterlab-myst, the ipywidgets manager) over a temporary copy of the course.
:class:`LabPage` is JupyterLab loaded in a browser page: it opens a notebook, runs all of it
with JupyterLab's own "Run All Cells" command, waits for the kernel to go idle by asking the
server's REST API (``/api/sessions``, ``/api/kernels/<id>``), and reads what the page shows:
rendered Markdown, output blocks, widget views.

The page is started with ``expose_app_in_browser`` so that commands can be issued through
``window.jupyterapp`` — the same command registry the menus and keyboard shortcuts use.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"

#: user settings of the test server: every cell in the page (no windowing: the checks read
#: all of them), no announcement pop-up asking to fetch news (the machine may be offline),
#: and no autosave (the tests save when they mean to)
SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings":
        {"fetchNews": "false", "checkForUpdates": False},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}
#: what the test server serves: copies of these folders of the repository
COPIED = ("chapters", "exercises/student")
#: the page `make lab` opens
LANDING = "chapters/intro.md"
START_TIMEOUT_S = 90


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LabServer:
    """``jupyter lab`` on 127.0.0.1 over a temporary copy of the course (see the module doc)."""

    def __init__(self, tmp: Path):
        self.root = tmp / "root"
        for folder in COPIED:
            shutil.copytree(ROOT / folder, self.root / folder,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "*.grade.json"))
        # the course's JupyterLab defaults, as `make lab` installs them into this environment
        (tmp / "app-settings" / "overrides.d").mkdir(parents=True)
        shutil.copy(ROOT / "lib" / "lab" / "overrides.json", tmp / "app-settings" / "overrides.d" / "actlab.json")
        settings = tmp / "settings"
        for name, values in SETTINGS.items():
            (settings / name).parent.mkdir(parents=True, exist_ok=True)
            (settings / name).write_text(json.dumps(values))
        self.token = secrets.token_hex(16)
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        env = {**os.environ,
               "JUPYTER_CONFIG_DIR": str(tmp / "config"), "JUPYTER_DATA_DIR": str(tmp / "data"),
               "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
               # this environment's kernel spec ("Python 3 (actlab)") before any other
               "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter"),
               "JUPYTERLAB_SETTINGS_DIR": str(settings), "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "workspaces")}
        self.log_path = tmp / "jupyterlab.log"
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
             "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
             f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={self.root}",
             f"--LabApp.app_settings_dir={tmp / 'app-settings'}", "--LabApp.expose_app_in_browser=True"],
            cwd=self.root, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        self._wait_started()

    def _wait_started(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"jupyter lab exited ({self.process.returncode}):\n{self.log()}")
            try:
                self.api("api/status")
                return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"jupyter lab did not answer within {START_TIMEOUT_S} s:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def api(self, path: str, method: str = "GET"):
        """JSON answer of the server's REST API at ``path`` (token-authenticated)."""
        request = urllib.request.Request(self.base + path, method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as answer:
            body = answer.read()
        return json.loads(body) if body else None

    def kernel_of(self, path: str) -> dict | None:
        """The kernel model (``execution_state``, ``last_activity`` …) of the session on ``path``."""
        for session in self.api("api/sessions"):
            if session.get("path") == path and session.get("kernel"):
                return self.api(f"api/kernels/{session['kernel']['id']}")
        return None

    def shut_down(self, path: str) -> None:
        for session in self.api("api/sessions"):
            if session.get("path") == path:
                self.api(f"api/sessions/{session['id']}", method="DELETE")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


@dataclass
class RunResult:
    """What Run All left in the page and in the saved notebook."""

    path: str
    seconds: float
    completed: bool
    stderr_blocks: list[str] = field(default_factory=list)   # DOM output blocks of mime type stderr
    saved_errors: list[str] = field(default_factory=list)    # error outputs in the saved notebook
    saved_stderr: list[str] = field(default_factory=list)    # stderr stream outputs in the saved notebook
    dialogs: list[str] = field(default_factory=list)         # dialogs JupyterLab opened meanwhile
    unexecuted: list[int] = field(default_factory=list)      # code cells not run 1, 2, 3 … in order
    untrusted: int = 0                                       # cells JupyterLab still does not trust


#: evaluated in the page: open a notebook with JupyterLab's document manager, wait for its
#: kernel, make it the current widget, and number its cells in the DOM
_OPEN = """async (path) => {
  const app = window.jupyterapp;
  const widget = await app.commands.execute('docmanager:open', {path, factory: 'Notebook'});
  await widget.context.ready;
  await widget.sessionContext.ready;
  app.shell.activateById(widget.id);
  return widget.id;
}"""
_FIND = "const widget = [...window.jupyterapp.shell.widgets('main')].find(w => w.id === id);"
_NUMBER_CELLS = """(id) => { %s
  widget.content.widgets.forEach((cell, i) => cell.node.setAttribute('data-cell-index', String(i)));
}""" % _FIND
#: what a rendered Markdown element shows, math and code left out (their source is meant
#: literally), and the marks jupyterlab-myst puts on what it could not resolve or typeset
#: (a span titled with the message, holding a warning icon: "Citation Not Found", a KaTeX
#: parse error, an unknown role or directive)
_READ_RENDERED = """(rendered) => {
  const clone = rendered.cloneNode(true);
  clone.querySelectorAll('.katex, code, pre').forEach(e => e.remove());
  const problems = [...rendered.querySelectorAll('span[title]:has(> svg[data-slot="icon"]), .katex-error')]
    .map(e => `${e.title || 'KaTeX error'}: ${e.innerText.trim().slice(0, 80)}`);
  return {text: clone.innerText, problems};
}"""
#: per markdown cell of a notebook: its source, whether jupyterlab-myst rendered it, and the above
_MARKDOWN = """(id) => { %s
  const read = %s;
  return widget.content.widgets.filter(c => c.model.type === 'markdown').map(cell => {
    const rendered = cell.node.querySelector('.myst');
    const source = cell.model.sharedModel.getSource();
    if (!rendered) return {source, myst: false, text: cell.node.innerText, problems: []};
    return {source, myst: true, ...read(rendered)};
  });
}""" % (_FIND, _READ_RENDERED)
#: what must never be visible in rendered Markdown: a MyST role (``{cite:t}`key```, or its
#: name alone), a directive fence (```` ```{note} ````, ``:::{note}``), a target label ``(name)=``
RAW_MYST = re.compile(
    r"\{[a-z][\w:-]*\}`"
    r"|\{(?:cite|ref|numref|doc|eq|term|glue|download|bibliography|tableofcontents)(?::\w+)?\}"
    r"|```|:::|^\s*\([\w:-]+\)=\s*$", re.MULTILINE)


def rendering_problems(where: str, text: str, marks: list[str]) -> list[str]:
    """Raw MyST visible in ``text``, and jupyterlab-myst's marks of what it could not render."""
    return ([f"raw MyST {m.group(0)!r} shown in {where}" for m in RAW_MYST.finditer(text)]
            + [f"{mark} ({where})" for mark in marks])


class LabPage:
    """JupyterLab in one browser page (see the module doc)."""

    def __init__(self, pw_page, server: LabServer, tree_path: str = ""):
        """Load JupyterLab; with ``tree_path``, opening that file as ``jupyter lab PATH`` does."""
        self.pw, self.server = pw_page, server
        self.console_errors: list[str] = []
        pw_page.on("console", lambda m: self.console_errors.append(m.text) if m.type == "error" else None)
        pw_page.on("pageerror", lambda e: self.console_errors.append(f"uncaught: {e}"))
        where = f"lab/tree/{tree_path}" if tree_path else "lab"
        pw_page.goto(f"{server.base}{where}?reset&token={server.token}")
        pw_page.wait_for_function("window.jupyterapp !== undefined", timeout=60_000)
        pw_page.evaluate("() => window.jupyterapp.restored")

    def open(self, path: str) -> str:
        """Open the notebook at ``path`` (relative to the server root); its widget id."""
        widget_id = self.pw.evaluate(_OPEN, path)
        self.wait_idle(path, timeout=120)
        self.pw.evaluate(_NUMBER_CELLS, widget_id)
        return widget_id

    def wait_idle(self, path: str, timeout: float, settle: float = 1.0) -> bool:
        """Wait until the kernel of ``path`` reports ``idle`` and no activity for ``settle`` s."""
        deadline = time.monotonic() + timeout
        quiet_since, last = None, None
        while time.monotonic() < deadline:
            kernel = self.server.kernel_of(path)
            state = kernel and (kernel["execution_state"], kernel["last_activity"])
            if state and state[0] == "idle" and state == last:
                quiet_since = quiet_since or time.monotonic()
                if time.monotonic() - quiet_since >= settle:
                    return True
            else:
                quiet_since = None
            last = state
            time.sleep(0.25)
        return False

    def run_all(self, widget_id: str, path: str, timeout: float) -> RunResult:
        """Run > Run All Cells; wait for the command to finish and the kernel to go idle."""
        start = time.monotonic()
        self.pw.evaluate("""(id) => { %s
            window.jupyterapp.shell.activateById(id);
            window.__runAll = 'running';
            window.jupyterapp.commands.execute('notebook:run-all-cells')
              .then(ok => { window.__runAll = ok ? 'done' : 'stopped'; },
                    err => { window.__runAll = 'failed: ' + err; });
        }""" % _FIND, widget_id)
        deadline = start + timeout
        while self.pw.evaluate("window.__runAll") == "running" and time.monotonic() < deadline:
            time.sleep(0.5)
        idle = self.wait_idle(path, timeout=max(deadline - time.monotonic(), 5))
        seconds = time.monotonic() - start
        self.save(widget_id)
        result = RunResult(path, seconds, completed=idle and self.pw.evaluate("window.__runAll") == "done")
        result.stderr_blocks = self.pw.evaluate("""(id) => [...document.querySelectorAll(
            `#${id} .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]`)]
            .map(e => e.innerText.slice(0, 300))""", widget_id)
        result.untrusted = self.pw.evaluate(
            "(id) => { %s return [...widget.content.model.cells].filter(c => !c.trusted).length; }" % _FIND,
            widget_id)
        result.dialogs = self.pw.evaluate(
            "() => [...document.querySelectorAll('.jp-Dialog')].map(d => d.innerText.slice(0, 200))")
        saved = json.loads((self.server.root / path).read_text(encoding="utf-8"))
        code = [i for i, c in enumerate(saved["cells"]) if c["cell_type"] == "code" and "".join(c["source"]).strip()]
        result.unexecuted = [i for n, i in enumerate(code, 1) if saved["cells"][i].get("execution_count") != n]
        for index, cell in enumerate(saved["cells"]):
            for out in cell.get("outputs", []):
                if out["output_type"] == "error":
                    result.saved_errors.append(f"cell {index}: {out['ename']}: {out['evalue'][:200]}")
                elif out["output_type"] == "stream" and out["name"] == "stderr":
                    result.saved_stderr.append(f"cell {index}: {''.join(out['text'])[:300]}")
        return result

    def save(self, widget_id: str) -> None:
        self.pw.evaluate("async (id) => { %s await widget.context.save(); }" % _FIND, widget_id)

    def read_rendered(self, selector: str) -> dict:
        """``text`` and ``problems`` (see ``_READ_RENDERED``) of the rendered Markdown at ``selector``."""
        return self.pw.locator(selector).first.evaluate(_READ_RENDERED)

    def markdown_cells(self, widget_id: str) -> list[dict]:
        """Per markdown cell: ``source``, ``myst`` (rendered by jupyterlab-myst), ``text``, ``problems``."""
        return self.pw.evaluate(_MARKDOWN, widget_id)

    def cell(self, widget_id: str, index: int):
        """Locator of cell ``index`` of the notebook."""
        return self.pw.locator(f"#{widget_id} [data-cell-index='{index}']")

    def screenshot(self, widget_id: str, name: str, max_height: int = 12_000) -> Path:
        """The notebook from its top, in a window as tall as it (up to ``max_height`` px)."""
        scroller = f"#{widget_id} .jp-WindowedPanel-outer"
        height = self.pw.evaluate("(sel) => document.querySelector(sel).scrollHeight", scroller)
        size = self.pw.viewport_size
        self.pw.set_viewport_size({"width": size["width"], "height": min(height + 120, max_height)})
        self.pw.evaluate("(sel) => document.querySelector(sel).scrollTo(0, 0)", scroller)
        path = SCREENSHOTS / f"{name}.png"
        self.pw.screenshot(path=str(path))
        self.pw.set_viewport_size(size)
        return path

    def close(self, widget_id: str, path: str) -> None:
        """Shut the notebook's kernel down (REST) and close its tab without a prompt."""
        self.server.shut_down(path)
        self.pw.evaluate("(id) => { %s if (widget) widget.dispose(); }" % _FIND, widget_id)
