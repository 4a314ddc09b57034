"""`make test-portable`: the library tests and every notebook under nbval, re-run with the
numerical libraries forced onto other code paths than this machine's defaults.

The stored notebook outputs must reproduce on any x86-64 CPU that the pinned wheels run on,
but one machine normally exercises only its own code paths. Each variation below moves it
onto others — the ones another CPU would take:

* ``NPY_DISABLE_CPU_FEATURES`` — NumPy's SIMD dispatch (AVX2/AVX-512 loops off);
* ``ATEN_CPU_CAPABILITY`` — PyTorch's kernels (default = no SIMD, or avx2 instead of avx512);
* ``TF_ENABLE_ONEDNN_OPTS`` — TensorFlow's oneDNN kernels or its own (Eigen); its default
  depends on the CPU (on for CPUs with AVX-512 VNNI/BF16 or AMX), and the two give other
  error messages and other float32 rounding;
* ``OPENBLAS_CORETYPE`` — OpenBLAS's kernels for an older core (its matrix products round
  differently, and 2,000 Adam steps amplify that into another final loss);
* ``OMP_NUM_THREADS`` / ``OPENBLAS_NUM_THREADS`` — 1 or 4 threads;
* the kernel: ``make test`` starts nbval's kernel from the current interpreter, the second
  variation from the installed kernelspec, as JupyterLab and ``nbconvert`` start it.

Each of these changed at least one raw result here (measured; see the README's notebook
output rule). Before running a variation, a probe prints what each library reports under it
(SIMD level, OpenBLAS core, PyTorch capability, oneDNN) and two witnesses — raw results that
depend on the code path — and the run fails if a variation changes none of them, so it can
never pass by testing the default path twice.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

from run_parts import LIBRARY, NBVAL, NOTEBOOK_PATHS, NOTEBOOKS, PY, ROOT, run_parts

#: nbval started like JupyterLab starts a kernel: from the kernelspec ``make install`` installs
KERNELSPEC = [*NBVAL, "--nbval-kernel-name", "python3", *NOTEBOOK_PATHS]

#: title → (environment, nbval command)
VARIATIONS: dict[str, tuple[dict[str, str], list[str]]] = {
    "oldest code paths, one thread": ({
        "NPY_DISABLE_CPU_FEATURES": "X86_V3 X86_V4 AVX512_ICL AVX512_SPR",
        "ATEN_CPU_CAPABILITY": "default",
        "TF_ENABLE_ONEDNN_OPTS": "0",
        "OPENBLAS_CORETYPE": "Sandybridge",
        "OMP_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
    }, NOTEBOOKS),
    "AVX2 paths, oneDNN on, four threads, kernelspec": ({
        "NPY_DISABLE_CPU_FEATURES": "X86_V4 AVX512_ICL AVX512_SPR",
        "ATEN_CPU_CAPABILITY": "avx2",
        "TF_ENABLE_ONEDNN_OPTS": "1",
        "OPENBLAS_CORETYPE": "Nehalem",
        "OMP_NUM_THREADS": "4",
        "OPENBLAS_NUM_THREADS": "4",
    }, KERNELSPEC),
}

#: what a process sees under a variation: run in a fresh interpreter, prints one JSON object
PROBE = r"""
import hashlib, json
import numpy as np
from threadpoolctl import threadpool_info
from actlab import tensorflow as atf  # quiet TensorFlow's logging first
import tensorflow as tf, torch
from tensorflow.python.util import _pywrap_util_port

rng = np.random.default_rng(0)
a, b = rng.standard_normal((100, 64)), rng.standard_normal((64, 33))
blas = next((i for i in threadpool_info() if i["user_api"] == "blas"), {})
print(json.dumps({
    "numpy SIMD": " ".join(np.lib._utils_impl._opt_info().split()) or "baseline only",
    "OpenBLAS core": f"{blas.get('architecture')} ({blas.get('num_threads')} threads)",
    "PyTorch capability": torch.backends.cpu.get_cpu_capability(),
    "TensorFlow oneDNN": bool(_pywrap_util_port.IsMklEnabled()),
    "witness: float64 matmul bits": hashlib.sha256((a @ b).tobytes()).hexdigest()[:12],
    "witness: TF float32 softmax([inf, 0, 1, 2])":
        str(tf.nn.softmax(tf.constant([[np.inf, 0.0, 1.0, 2.0]], tf.float32)).numpy().tolist()),
}))
"""


def probe(env: dict[str, str]) -> dict[str, object]:
    out = subprocess.run([PY, "-c", PROBE], cwd=ROOT, env={**os.environ, **env}, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    default = probe({})
    failures = 0
    for title, (env, notebooks) in VARIATIONS.items():
        seen = probe(env)
        print(f"\n##### variation: {title}\n" + "\n".join(f"  {k}={v}" for k, v in env.items()))
        for key in default:
            mark = "changed" if seen[key] != default[key] else "same"
            print(f"  {key:<45} {str(default[key]):<30} -> {str(seen[key]):<30} {mark}")
        if seen == default:
            print(f"FAILED: the variation '{title}' changed nothing the probe sees; it would test "
                  "the default code paths again")
            failures += 1
            continue
        failures += run_parts([(f"library [{title}]", LIBRARY), (f"notebooks (nbval) [{title}]", notebooks)],
                              env, title=f"timing summary [{title}]")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
