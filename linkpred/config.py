"""Settings of a training job: complete and checked when constructed, with per-dataset presets.

A :class:`TrainConfig` has no "fill in later" fields: the hyperparameters that depend on the
dataset have no defaults, and :meth:`TrainConfig.for_dataset` supplies them from :data:`PRESETS`
(the validated setting of a known dataset), overridden by whatever the caller gives.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from graphlab.errors import InputError
from graphlab.validation import check_choice, check_int, check_real, check_seed

from .models import DECODERS, check_model
from .reweight import check_schedule

__all__ = ["HYPERPARAMETERS", "PRESETS", "TrainConfig"]

#: the settings whose best value depends on the dataset (no defaults in :class:`TrainConfig`)
HYPERPARAMETERS = ("hidden", "num_layers", "dropout", "lr", "epochs", "batch_size", "patience")

_PLANETOID = {
    "hidden": 256,
    "num_layers": 1,
    "dropout": 0.0,
    "lr": 1e-3,
    "epochs": 500,
    "batch_size": 2048,
    "patience": 50,
}

#: Validated hyperparameters per dataset. Planetoid (the reference protocol with fewer epochs:
#: on Cora the validation peak comes within ~50 epochs); ogbl-ddi: OGB's example, no early stop.
PRESETS: dict[str, dict[str, Any]] = {
    "cora": _PLANETOID,
    "citeseer": _PLANETOID,
    "pubmed": _PLANETOID,
    "ogbl-ddi": {
        "hidden": 256,
        "num_layers": 2,
        "dropout": 0.5,
        "lr": 5e-3,
        "epochs": 200,
        "batch_size": 65536,
        "patience": 0,
    },
}

#: settings that may differ between a run and its resume
NOT_FINGERPRINTED = ("device", "checkpoint_every", "runs")


@dataclass(frozen=True, kw_only=True)
class TrainConfig:
    """Settings of a training job, checked on construction (frozen: they stay valid).

    Build one with :meth:`for_dataset` to get a dataset's validated hyperparameters, or give
    all of :data:`HYPERPARAMETERS` yourself.

    Parameters
    ----------
    dataset : str
        Registered dataset name (or the name of the data passed to :func:`linkpred.train.train`).
    hidden, num_layers, dropout, lr, epochs, batch_size, patience
        Encoder width and depth, dropout probability in [0, 1), Adam learning rate, maximum
        epochs, training edges per decoder batch, and epochs without a better validation
        Hits@K before stopping (0: never stop early).
    model : str, default "gcn"
        A key of :data:`linkpred.models.MODELS`.
    residual : bool, default False
    decoder : {"mlp", "inner"}, default "mlp"
        A 2-layer (``decoder_layers``) MLP on :math:`h_u \\odot h_v`, or the inner product.
    decoder_layers : int, default 2
    grad_clip : float, default 1.0
        Gradient-norm clipping.
    reweight : bool, default False
        TC-inspired edge reweighting with ``alpha``, ``interval``, ``warmup``
        (:class:`linkpred.reweight.TCReweighter`).
    runs : int, default 1
        Runs with seeds ``seed, seed + 1, ...``.
    seed : int, default 0
    split_seed : int, default 0
        Seed of the random split of graphs without an official one (:meth:`for_dataset` makes
        it ``seed`` unless given).
    eval_every, checkpoint_every : int
        Epochs between evaluations / checkpoints.
    device : str, default "auto"

    Raises
    ------
    InputError
        On a bad value, naming the setting.

    Examples
    --------
    >>> cfg = TrainConfig.for_dataset("cora", model="sage", epochs=20)
    >>> cfg.hidden, cfg.num_layers, cfg.epochs, cfg.split_seed
    (256, 1, 20, 0)
    >>> TrainConfig.for_dataset("ogbl-collab")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graphlab.errors.InputError: no preset hyperparameters for dataset 'ogbl-collab' ...
    """

    dataset: str
    hidden: int
    num_layers: int
    dropout: float
    lr: float
    epochs: int
    batch_size: int
    patience: int
    model: str = "gcn"
    residual: bool = False
    decoder: str = "mlp"
    decoder_layers: int = 2
    grad_clip: float = 1.0
    reweight: bool = False
    alpha: float = 1.0
    interval: int = 1
    warmup: int = 0
    runs: int = 1
    seed: int = 0
    split_seed: int = 0
    eval_every: int = 1
    checkpoint_every: int = 10
    device: str = "auto"

    def __post_init__(self) -> None:
        if not isinstance(self.dataset, str) or not self.dataset:
            raise InputError(f"dataset must be a non-empty name, got {self.dataset!r}")
        check_model(self.model)
        check_choice(self.decoder, "decoder", DECODERS)
        for key in ("hidden", "num_layers", "epochs", "batch_size", "runs", "eval_every",
                    "checkpoint_every", "decoder_layers"):  # fmt: skip
            check_int(getattr(self, key), key, low=1)
        check_int(self.patience, "patience", low=0)
        check_real(self.dropout, "dropout", low=0, high=1, high_open=True)
        check_real(self.lr, "lr", low=0, low_open=True)
        check_real(self.grad_clip, "grad_clip", low=0, low_open=True)
        check_schedule(self.alpha, self.interval, self.warmup)
        check_seed(self.seed)
        check_seed(self.split_seed, "split_seed")
        if not isinstance(self.device, str):
            raise InputError(f"device must be a device name such as 'cpu', got {self.device!r}")

    @classmethod
    def for_dataset(cls, dataset: str, **settings: Any) -> TrainConfig:
        """The config of ``dataset``: its :data:`PRESETS` entry, overridden by ``settings``.

        A dataset with an official split (OGB's ``ogbl-*``) has no generic default: without a
        preset every one of :data:`HYPERPARAMETERS` must be given. Any other graph is split at
        random like Planetoid and gets the Planetoid preset for what is not given.
        ``split_seed`` defaults to ``seed``.

        Raises
        ------
        InputError
            An ``ogbl-*`` dataset without a preset and without all hyperparameters, an unknown
            setting, or a bad value.
        """
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(settings) - names - {"dataset"})
        if unknown:
            raise InputError(f"unknown training settings: {', '.join(unknown)}")
        preset = PRESETS.get(dataset)
        if preset is None:
            missing = [k for k in HYPERPARAMETERS if k not in settings]
            if str(dataset).startswith("ogbl-") and missing:
                raise InputError(
                    f"no preset hyperparameters for dataset {dataset!r} (presets: "
                    f"{', '.join(PRESETS)}): pass {', '.join(missing)}"
                )
            preset = _PLANETOID
        values = {**preset, **settings}
        values.setdefault("split_seed", values.get("seed", 0))
        return cls(dataset=dataset, **values)

    def replace(self, **changes: Any) -> TrainConfig:
        """A copy with ``changes`` (checked again)."""
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def fingerprint(self) -> str:
        """Hash of the settings that determine the numbers (not device, runs, checkpointing)."""
        d = {k: v for k, v in asdict(self).items() if k not in NOT_FINGERPRINTED}
        return hashlib.sha256(json.dumps(d, sort_keys=True).encode()).hexdigest()[:16]

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> TrainConfig:
        """The config saved by :meth:`to_dict` (keys it does not know are ignored)."""
        names = {f.name for f in fields(cls)}
        try:
            return cls(**{k: v for k, v in d.items() if k in names})
        except TypeError as err:  # a required setting is missing
            raise InputError(f"incomplete training settings ({err})") from None

    def differs(self, other: TrainConfig) -> list[str]:
        """Names of the fingerprinted settings in which ``other`` differs."""
        return [
            f.name
            for f in fields(self)
            if f.name not in NOT_FINGERPRINTED and getattr(self, f.name) != getattr(other, f.name)
        ]
