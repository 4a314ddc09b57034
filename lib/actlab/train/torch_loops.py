"""The PyTorch training loops: an MLP of catalog activations, x·sin(x) regression, classifiers."""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Callable, Sequence

import numpy as np
import torch
from torch import nn

from actlab import data, validate
from actlab import torch as atorch
from actlab.train.common import ClassifierResult, check_activation, check_classifier_args, check_layers

Array = np.ndarray


def _device(device) -> torch.device:
    """``device`` as a ``torch.device``; ``None`` means :func:`actlab.torch.try_gpu`."""
    return atorch.try_gpu() if device is None else torch.device(device)


class CatalogActivation(nn.Module):
    """An ``nn.Module`` applying the catalog activation ``name`` elementwise (PyTorch backend).

    >>> CatalogActivation("leaky_relu", negative_slope=0.2)(torch.tensor([-1.0, 1.0]))
    tensor([-0.2000,  1.0000])
    """

    def __init__(self, name: str, **params: float) -> None:
        super().__init__()
        check_activation("CatalogActivation", name)
        self.name, self.params = name, dict(params)
        self.fn = atorch.get(name, **params)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.fn(x)

    def extra_repr(self) -> str:
        return ", ".join([repr(self.name), *(f"{k}={v:g}" for k, v in self.params.items())])


def mlp(n_in: int, hidden: Sequence[int], n_out: int, activation: str, **params: float) -> nn.Sequential:
    """``Linear(n_in, h1) → f → Linear(h1, h2) → f → … → Linear(h_last, n_out)``.

    ``f`` is the elementwise catalog activation ``activation`` (``params`` are its
    keyword parameters, e.g. ``negative_slope``). The output layer has no
    activation: it gives regression values or logits. PyTorch's default
    initialisation is used; seed it with ``torch.manual_seed`` before calling.
    """
    check_layers("mlp", n_in, hidden, n_out)
    check_activation("mlp", activation)
    sizes = [n_in, *hidden]
    layers: list[nn.Module] = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        layers += [nn.Linear(a, b), CatalogActivation(activation, **params)]
    layers.append(nn.Linear(sizes[-1], n_out))
    return nn.Sequential(*layers)


def _seeded(build: Callable[[], nn.Module] | nn.Module, seed: int) -> nn.Module:
    """``build`` itself if it is a module, else ``build()`` under ``torch.manual_seed(seed)``.

    The global RNG state is restored afterwards, so training never disturbs the caller's seed.
    """
    if isinstance(build, nn.Module):
        return build
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = build()
    if not isinstance(model, nn.Module):
        raise ValueError(f"build() must return a torch.nn.Module, got {type(model).__name__}")
    return model


def _progress(total: int, enabled: bool, desc: str):
    from tqdm.auto import tqdm

    return tqdm(total=total, disable=not enabled, desc=desc, leave=False)


# --------------------------------------------------------------------------- regression: x·sin(x)


@dataclass
class FitResult:
    """What :func:`fit_xsin` returns. ``x``, ``y`` are the (unscaled) training data."""

    losses: list[tuple[int, float]]
    final_loss: float
    model: nn.Module
    x: Array
    y: Array
    device: torch.device
    seconds: float
    x_mean: float = 0.0
    x_std: float = 1.0

    def predict(self, x) -> Array:
        """The network's output for raw inputs ``x`` (any shape; returned as float32 ``(n, 1)``)."""
        xt = torch.as_tensor(np.asarray(x, dtype=np.float32).reshape(-1, 1))
        xt = (xt - self.x_mean) / self.x_std
        with torch.no_grad():
            return self.model(xt.to(self.device)).cpu().numpy()

    def summary(self) -> dict[str, Any]:
        """``{"device", "seconds", "final_loss"}`` — the ``GPU_RESULT`` of a gpu cell."""
        return {"device": str(self.device), "seconds": self.seconds, "final_loss": self.final_loss}


def fit_xsin(activation: str = "relu", width: int = 32, lr: float = 0.01, steps: int = 2000,
             seed: int = 0, scale_inputs: bool = True, device=None,
             callback: Callable[[int, float, nn.Module], bool | None] | None = None,
             progress: bool = False, report_every: int = 50) -> FitResult:
    """Fit y = x·sin(x) + N(0, 0.2²) (:func:`actlab.data.xsin`, 100 points) with a 1-``width``-1 MLP.

    Full-batch Adam (learning rate ``lr``) on the mean squared error for ``steps``
    steps. ``seed`` fixes the initial weights (the data are always ``data.xsin()``,
    so a sweep over seeds varies only the initialisation). With ``scale_inputs`` the
    inputs are standardised, x → (x − mean)/std, before the first layer; targets are
    never scaled, so losses are comparable with the noise floor 0.2² = 0.04 and with
    Var(y) ≈ 13.95.

    Every ``report_every`` steps (and at the first) the training loss before that
    step is appended to ``losses`` and ``callback(step, loss, model)`` is called;
    if it returns ``False`` training stops. ``final_loss`` is the MSE of the final
    model on all 100 points. ``device=None`` uses :func:`actlab.torch.try_gpu`.
    """
    check_activation("fit_xsin", activation)
    validate.positive_int("fit_xsin", width=width, steps=steps, report_every=report_every)
    validate.positive_number("fit_xsin", "lr", lr)
    dev = _device(device)
    x, y = data.xsin()
    x_mean, x_std = (float(x.mean()), float(x.std())) if scale_inputs else (0.0, 1.0)
    model = _seeded(lambda: mlp(1, [width], 1, activation), seed).to(dev)
    xt = ((torch.from_numpy(x) - x_mean) / x_std).to(dev)
    yt = torch.from_numpy(y).to(dev)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    losses: list[tuple[int, float]] = []
    start = time.perf_counter()
    with _progress(steps, progress, f"fit_xsin[{activation}, {width}]") as bar:
        for step in range(steps):
            loss = torch.mean((model(xt) - yt) ** 2)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            bar.update()
            if step % report_every == 0:
                value = float(loss.detach())
                losses.append((step, value))
                if callback is not None and callback(step, value, model) is False:
                    break
    with torch.no_grad():
        final = float(torch.mean((model(xt) - yt) ** 2))
    seconds = time.perf_counter() - start
    return FitResult(losses, final, model, x, y, dev, seconds, x_mean, x_std)


def fit_xsin_batch(activation: str = "relu", widths: Sequence[int] = (32,), seeds: Sequence[int] = (0,),
                   lr: float = 0.01, steps: int = 2000, scale_inputs: bool = True, device=None,
                   progress: bool = False, report_every: int = 50) -> dict[tuple[int, int], FitResult]:
    """:func:`fit_xsin` for every (width, seed) pair at once: one batched model, same results.

    Each member network is initialised exactly as ``fit_xsin(activation, width, seed=seed)``
    would initialise it; the members are stacked into batched weight tensors (narrower
    members padded with hidden units whose weights are 0 and whose gradients are masked, so
    they stay 0 and contribute nothing) and trained together on the **sum** of their MSEs.
    Parameters are disjoint and Adam's update is elementwise, so every member follows its
    own ``fit_xsin`` trajectory — up to floating-point summation order — while the
    per-step overhead is paid once. A sweep of 9 networks runs about 9× faster.

    Returns ``{(width, seed): FitResult}``; each result holds an ordinary ``mlp`` with the
    trained weights, and ``seconds`` is the wall time of the whole batch.
    """
    check_activation("fit_xsin_batch", activation)
    for width in widths:
        validate.positive_int("fit_xsin_batch", width=width)
    validate.positive_int("fit_xsin_batch", steps=steps, report_every=report_every)
    validate.positive_number("fit_xsin_batch", "lr", lr)
    members = [(int(w), int(s)) for w in widths for s in seeds]
    if not members or len(set(members)) != len(members):
        raise ValueError("fit_xsin_batch: need at least one width and one seed, without repeats")
    dev = _device(device)
    x, y = data.xsin()
    x_mean, x_std = (float(x.mean()), float(x.std())) if scale_inputs else (0.0, 1.0)
    M, H = len(members), max(w for w, _ in members)
    W1, b1, W2, b2, mask = (torch.zeros(M, a, b) for a, b in [(1, H), (1, H), (H, 1), (1, 1), (1, H)])
    for m, (width, seed) in enumerate(members):
        net = _seeded(lambda: mlp(1, [width], 1, activation), seed)  # noqa: B023 — called at once
        with torch.no_grad():
            W1[m, 0, :width], b1[m, 0, :width] = net[0].weight[:, 0], net[0].bias
            W2[m, :width, 0], b2[m, 0, 0] = net[2].weight[0], net[2].bias[0]
        mask[m, 0, :width] = 1.0
    params = [nn.Parameter(t.to(dev)) for t in (W1, b1, W2, b2)]
    mask = mask.to(dev)
    act = atorch.get(activation)
    xt = ((torch.from_numpy(x) - x_mean) / x_std).to(dev).expand(M, -1, -1)
    yt = torch.from_numpy(y).to(dev).expand(M, -1, -1)

    def member_losses() -> torch.Tensor:
        hidden = act(torch.baddbmm(params[1], xt, params[0])) * mask
        return torch.mean((torch.baddbmm(params[3], hidden, params[2]) - yt) ** 2, dim=(1, 2))

    optimizer = torch.optim.Adam(params, lr=lr)
    history: list[list[tuple[int, float]]] = [[] for _ in members]
    start = time.perf_counter()
    with _progress(steps, progress, f"fit_xsin_batch[{activation}, {M} nets]") as bar:
        for step in range(steps):
            losses = member_losses()
            optimizer.zero_grad()
            losses.sum().backward()
            optimizer.step()
            bar.update()
            if step % report_every == 0:
                for m, value in enumerate(losses.detach().cpu().tolist()):
                    history[m].append((step, value))
    with torch.no_grad():
        finals = member_losses().cpu().tolist()
    seconds = time.perf_counter() - start
    results = {}
    for m, (width, seed) in enumerate(members):
        net = mlp(1, [width], 1, activation)
        with torch.no_grad():
            net[0].weight.copy_(params[0][m, 0, :width, None])
            net[0].bias.copy_(params[1][m, 0, :width])
            net[2].weight.copy_(params[2][m, :width, 0][None, :])
            net[2].bias.copy_(params[3][m, 0])
        results[width, seed] = FitResult(history[m], finals[m], net.to(dev), x, y, dev, seconds, x_mean, x_std)
    return results


# --------------------------------------------------------------------------- classification


def _as_input(X) -> torch.Tensor:
    """Float arrays become float32 tensors; integer arrays (ids for embeddings) stay int64."""
    arr = np.asarray(X)
    if arr.dtype.kind == "f":
        return torch.from_numpy(np.ascontiguousarray(arr, dtype=np.float32))
    if arr.dtype.kind in "iu":
        return torch.from_numpy(np.ascontiguousarray(arr, dtype=np.int64))
    raise ValueError(f"fit_classifier: inputs must be a float or integer array, got dtype {arr.dtype}")


def fit_classifier(model: nn.Module | Callable[[], nn.Module], X_train, y_train, X_val, y_val, *,
                   epochs: int = 100, lr: float = 0.01, batch_size: int | None = None, seed: int = 0,
                   device=None, target: float = 0.9, weight_decay: float = 0.0,
                   progress: bool = False,
                   callback: Callable[[int, dict[str, float], nn.Module], bool | None] | None = None,
                   ) -> ClassifierResult:
    """Train a PyTorch classifier with Adam and report accuracy, epochs to ``target`` and wall time.

    ``model`` is a module, or better a zero-argument function that builds one: it is
    then called under ``torch.manual_seed(seed)`` so the initial weights are seeded
    (the caller's RNG state is left untouched). The model maps a batch of inputs to
    logits: shape ``(N, K)`` with K ≥ 2 → softmax cross-entropy on int64 labels
    (the softmax is inside the loss, ``nn.CrossEntropyLoss``, which is the
    numerically stable form); shape ``(N,)`` or ``(N, 1)`` → sigmoid binary
    cross-entropy (``nn.BCEWithLogitsLoss``) on 0/1 labels.

    ``batch_size=None`` trains full-batch (one step per epoch); otherwise mini-batches
    are drawn in an order fixed by ``seed``. After each epoch the validation accuracy
    is measured; ``callback(epoch, record, model)`` returning ``False`` stops training.
    """
    check_classifier_args("fit_classifier", X_train, y_train, X_val, y_val, epochs, batch_size, lr, target)
    dev = _device(device)
    net = _seeded(model, seed).to(dev)
    Xtr, Xva = _as_input(X_train).to(dev), _as_input(X_val).to(dev)
    with torch.no_grad():
        binary = net(Xva[:1]).reshape(1, -1).shape[1] == 1
    label_dtype = torch.float32 if binary else torch.int64
    ytr = torch.as_tensor(np.asarray(y_train)).to(dev, label_dtype)
    yva = torch.as_tensor(np.asarray(y_val)).to(dev, label_dtype)
    loss_fn = nn.BCEWithLogitsLoss() if binary else nn.CrossEntropyLoss()

    def logits(X: torch.Tensor) -> torch.Tensor:
        out = net(X)
        return out.reshape(-1) if binary else out

    def accuracy() -> float:
        net.eval()
        with torch.no_grad():
            out = logits(Xva)
            pred = (out > 0).to(label_dtype) if binary else out.argmax(dim=1)
            acc = float((pred == yva).float().mean())
        net.train()
        return acc

    optimizer = torch.optim.Adam(net.parameters(), lr=lr, weight_decay=weight_decay)
    generator = torch.Generator().manual_seed(seed)
    n = len(Xtr)
    history: list[dict[str, float]] = []
    reached: int | None = None
    start = time.perf_counter()
    with _progress(epochs, progress, "fit_classifier") as bar:
        for epoch in range(1, epochs + 1):
            order = torch.randperm(n, generator=generator).to(dev) if batch_size else None
            total = 0.0
            for lo in range(0, n, batch_size or n):
                idx = order[lo:lo + batch_size] if order is not None else slice(None)
                loss = loss_fn(logits(Xtr[idx]), ytr[idx])
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                total += float(loss.detach()) * (len(Xtr[idx]) if batch_size else n)
            record = {"epoch": epoch, "loss": total / n, "val_accuracy": accuracy()}
            history.append(record)
            bar.update()
            if reached is None and record["val_accuracy"] >= target:
                reached = epoch
            if callback is not None and callback(epoch, record, net) is False:
                break
    seconds = time.perf_counter() - start

    def proba(X) -> Array:
        net.eval()
        with torch.no_grad():
            out = logits(_as_input(X).to(dev))
            p = torch.sigmoid(out) if binary else torch.softmax(out, dim=1)
        return p.cpu().numpy()

    return ClassifierResult(history, history[-1]["val_accuracy"], reached, target, net, str(dev),
                            seconds, proba)
