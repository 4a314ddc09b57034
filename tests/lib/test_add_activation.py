"""CONTRIBUTING.md's promise, kept: adding an activation its documented way is all it takes.

The test copies the library, its tests and the bibliography to a temporary folder, inserts each
code block of CONTRIBUTING.md's worked example where the block's first line says, and runs the
library and widget tests on the copy (with the copy's ``lib`` first on ``sys.path``, so that the
editable install of this checkout does not leak in): every test parametrised over the new
activation, and the catalog-wide ones in full.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "CONTRIBUTING.md"
NAME = "toy_celu"
#: what the copy needs: the library, its tests, and the bibliography the catalog test reads
COPIED = ("lib", "tests/lib", "tests/widgets", "chapters/references.bib", "pyproject.toml", "CONTRIBUTING.md")
#: a code block's first line: ``# <path>: above the line "<anchor>"`` or ``# <path>: at the end``
_WHERE = re.compile(r'^[#%] (?P<path>\S+): (?:above the line "(?P<anchor>[^"]+)"|at the end)$')
_BLOCK = re.compile(r"^```\w*\n(.*?)^```", re.M | re.S)
#: tests that must run over the new activation: accuracy, parity, contract, stability, documentation,
#: catalog, backprop and the derivative explorer
EXPECTED = {f"tests/{test}" for test in (
    "lib/test_accuracy.py::test_forward_and_derivative_match_mpmath",
    "lib/test_accuracy.py::test_derivative_matches_central_differences",
    "lib/test_parity.py::test_forward_parity", "lib/test_parity.py::test_derivative_parity_torch",
    "lib/test_parity.py::test_derivative_parity_tensorflow", "lib/test_parity.py::test_derivative_at_infinity_is_the_limit",
    "lib/test_contract.py::test_dtype_is_preserved_and_integers_promote",
    "lib/test_contract.py::test_inputs_are_never_mutated",
    "lib/test_contract.py::test_non_real_input_raises_type_error_naming_function_and_dtype",
    "lib/test_stability.py::test_finite_everywhere_on_finite_inputs",
    "lib/test_properties.py::test_monotone_activations_are_non_decreasing",
    "lib/test_docstrings.py::test_each_activation_is_a_named_function_with_a_full_docstring",
    "lib/test_catalog.py::test_record_is_complete", "lib/test_catalog.py::test_framework_names_are_real_objects",
    "lib/test_catalog.py::test_backends_export_every_name",
    "lib/test_mlp_and_gradflow.py::test_backprop_passes_gradient_check",
    "lib/test_mlp_and_gradflow.py::test_backprop_equals_torch_autograd",
    "widgets/test_derivative.py::test_every_activation_agrees_away_from_kinks")}


def documented_steps() -> list[tuple[str, str | None, str]]:
    """(path, anchor line or None for "at the end", code) for every located block of the guide."""
    steps = []
    for block in _BLOCK.findall(GUIDE.read_text(encoding="utf-8")):
        first, _, code = block.partition("\n")
        where = _WHERE.match(first)
        if where:
            steps.append((where["path"], where["anchor"], code))
    return steps


def apply(copy: Path, path: str, anchor: str | None, code: str) -> None:
    target = copy / path
    text = target.read_text(encoding="utf-8")
    if anchor is None:
        text = text.rstrip("\n") + "\n\n" + code
    else:
        lines = text.splitlines(keepends=True)
        at = [i for i, line in enumerate(lines) if line.rstrip("\n") == anchor]
        assert len(at) == 1, f"CONTRIBUTING.md: {path} has {len(at)} lines {anchor!r}, not one"
        text = "".join(lines[:at[0]]) + code + "".join(lines[at[0]:])
    target.write_text(text, encoding="utf-8")


def test_the_guide_locates_every_step():
    steps = documented_steps()
    assert [path for path, _, _ in steps] == [
        "lib/actlab/catalog.py", "lib/actlab/catalog.py", "chapters/references.bib",
        "lib/actlab/numpy.py", "lib/actlab/torch.py", "lib/actlab/tensorflow.py"]
    for path, anchor, _ in steps:
        if anchor is not None:
            text = (ROOT / path).read_text(encoding="utf-8").splitlines()
            assert text.count(anchor) == 1, f"{path}: the anchor {anchor!r} must be one whole line"


@pytest.fixture(scope="module")
def repository_with_a_new_activation(tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("repository")
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", ".hypothesis", ".pytest_cache")
    for item in COPIED:
        source, target = ROOT / item, copy / item
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=ignore)
        else:
            shutil.copy2(source, target)
    for step in documented_steps():
        apply(copy, *step)
    return copy


def run(copy: Path, *args: str, timeout: int = 480) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env["PYTHONPATH"] = os.pathsep.join([str(copy / "lib"), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return subprocess.run([sys.executable, *args], cwd=copy, env=env, capture_output=True, text=True,
                          timeout=timeout)


def test_the_copy_imports_its_own_library(repository_with_a_new_activation):
    copy = repository_with_a_new_activation
    out = run(copy, "-c", "import actlab; print(actlab.__file__); print(actlab.names()[-1])")
    assert out.returncode == 0, out.stderr
    path, last = out.stdout.split()
    assert Path(path).is_relative_to(copy / "lib") and last == NAME


def test_the_library_and_widget_tests_take_the_new_activation(repository_with_a_new_activation):
    """Every test parametrised over the catalog runs for the new name, and the catalog-wide ones pass."""
    copy = repository_with_a_new_activation
    common = ("-m", "pytest", "-q", "-p", "no:cacheprovider", "--ignore", "tests/lib/test_add_activation.py")
    over_the_name = run(copy, *common, "-rA", "tests/lib", "tests/widgets", "-k", NAME)
    tail = over_the_name.stdout[-3000:] + over_the_name.stderr[-2000:]
    assert over_the_name.returncode == 0, tail
    ran = set(re.findall(r"^PASSED (\S+?)\[", over_the_name.stdout, re.M))
    missing = sorted(EXPECTED - ran)
    assert not missing, f"these tests did not run over {NAME}: {missing}"
    catalog_wide = run(copy, *common, "tests/lib/test_catalog.py", "tests/lib/test_docstrings.py",
                       "tests/lib/test_validate.py", "tests/widgets")
    assert catalog_wide.returncode == 0, catalog_wide.stdout[-3000:] + catalog_wide.stderr[-2000:]
