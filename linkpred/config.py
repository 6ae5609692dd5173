"""Settings of a training job: complete and checked when constructed, with per-dataset presets.

A :class:`TrainConfig` has no "fill in later" fields: the hyperparameters that depend on the
dataset have no defaults, and :meth:`TrainConfig.for_dataset` supplies them from the preset of
the chosen **protocol**, overridden by whatever the caller gives:

``"modern"`` (the default, :data:`PRESETS`)
    The library's validated settings: one seeded 70/10/20 split (one negative per validation
    and test positive) shared by all runs, features as stored, a 1-layer encoder, early
    stopping. Cora GCN reaches Hits@100 of about 80 with it.
``"paper"`` (:data:`PAPER_PRESETS`)
    The setting of the authors' released code (Topo_LP_GNN, ``TC-expr-small/run_small.sh`` and
    ``TC-expr-collab/run_collab_*.sh``) for Wang et al., "A Topological Perspective on
    Demystifying GNN-Based Link Prediction Performance", ICLR 2024: see :data:`PROTOCOLS`.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from graphlab.errors import InputError
from graphlab.validation import check_choice, check_int, check_real, check_seed

from .models import DECODERS, check_model
from .reweight import REWEIGHT_MODES, check_schedule

__all__ = [
    "EVALUATIONS",
    "HYPERPARAMETERS",
    "PAPER_PRESETS",
    "PAPER_REWEIGHT",
    "PRESETS",
    "PROTOCOLS",
    "Protocol",
    "TrainConfig",
]

#: the settings whose best value depends on the dataset (no defaults in :class:`TrainConfig`)
HYPERPARAMETERS = ("hidden", "num_layers", "dropout", "lr", "epochs", "batch_size", "patience")


@dataclass(frozen=True)
class Protocol:
    r"""How a protocol prepares the data and runs the training loop.

    Attributes
    ----------
    split : {"random", "ncnc"}
        Split of a graph without an official one: :func:`linkpred.splits.random_link_split`
        (one negative per validation positive) or :func:`linkpred.splits.ncnc_link_split` (the
        authors' NCNC-style split: about two negatives per validation positive).
    split_per_run : bool
        Run ``i`` gets its own split, seeded ``split_seed + i`` (the authors generate one split
        per run), instead of one split for all runs.
    features : {"raw", "row"}
        Node features as stored, or row-normalised (each row divided by its sum; rows that sum
        to 0 kept), as PyG's ``NormalizeFeatures`` in the authors' code.
    loss : {"sum", "mean"}
        Training loss per batch: :math:`\ell_+ + \ell_-` (OGB's examples) or
        :math:`(\ell_+ + \ell_-)/2` (the authors' code).
    clip : {"joint", "separate"}
        Gradient-norm clipping over all parameters at once, or over the encoder and the decoder
        separately (the authors' code).
    drop_last : bool
        Skip the last, incomplete batch of training edges (the authors' ``PermIterator``).
    """

    split: str
    split_per_run: bool
    features: str
    loss: str
    clip: str
    drop_last: bool


#: The evaluations a config can name (``--eval``): the dataset's metric, or HeaRT's.
EVALUATIONS = ("dataset", "heart")

#: The protocols a config can name (``--protocol``).
PROTOCOLS: dict[str, Protocol] = {
    "modern": Protocol("random", False, "raw", "sum", "joint", False),
    "paper": Protocol("ncnc", True, "row", "mean", "separate", True),
}

_PLANETOID = {
    "hidden": 256,
    "num_layers": 1,
    "dropout": 0.0,
    "lr": 1e-3,
    "epochs": 500,
    "batch_size": 2048,
    "patience": 50,
}

#: Validated hyperparameters per dataset (the ``"modern"`` protocol). Planetoid (the reference
#: protocol with fewer epochs: on Cora the validation peak comes within ~50 epochs); ogbl-ddi,
#: ogbl-collab and ogbl-citation2: the settings of OGB's GCN examples, no early stop.
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
    "ogbl-collab": {
        "hidden": 256,
        "num_layers": 3,
        "dropout": 0.0,
        "lr": 1e-3,
        "epochs": 400,
        "batch_size": 65536,
        "patience": 0,
    },
    "ogbl-citation2": {
        "hidden": 256,
        "num_layers": 3,
        "dropout": 0.0,
        "lr": 5e-4,
        "epochs": 50,
        "batch_size": 65536,
        "patience": 0,
    },
}

# run_small.sh: `--n_layers=1 --n_hidden=256 --encoder_lr=0.001 --predictor_lr=0.001 --runs=10
# --epochs=1000 --train_bsz=1152`, dropout 0 (parse.py). The code's GCN / SAGE / MLP classes
# build one first and one last layer and `n_layers - 2` in between, so `--n_layers=1` is TWO
# layers (encoder and decoder alike); the paper's text says one.
_PAPER_PLANETOID = {
    "hidden": 256,
    "num_layers": 2,
    "decoder_layers": 2,
    "dropout": 0.0,
    "lr": 1e-3,
    "epochs": 1000,
    "batch_size": 1152,
    "patience": 0,
    "runs": 10,
}

#: The ``"paper"`` protocol's hyperparameters (the authors' scripts; see :data:`PROTOCOLS`).
#: ogbl-collab (run_collab_gcn.sh): `--n_layers=3` (three layers), batch 64 Ki (parse.py's
#: default), `--runs=2` in the scripts.
PAPER_PRESETS: dict[str, dict[str, Any]] = {
    "cora": _PAPER_PLANETOID,
    "citeseer": _PAPER_PLANETOID,
    "pubmed": _PAPER_PLANETOID,
    "ogbl-collab": {
        "hidden": 256,
        "num_layers": 3,
        "decoder_layers": 3,
        "dropout": 0.0,
        "lr": 1e-3,
        "epochs": 1000,
        "batch_size": 65536,
        "patience": 0,
        "runs": 2,
    },
}


def _warmup(after: int, interval: int) -> int:
    # the code updates after epoch e when e >= warm_up and e % interval == 0, i.e. before
    # epoch e + 1; TCReweighter updates before epoch E when E > warmup and
    # (E - warmup - 1) % interval == 0: the same epochs when warmup is the first multiple of
    # interval that is >= warm_up
    return math.ceil(after / interval) * interval


#: The reweighting (alpha, interval, warmup) of the paper protocol per (dataset, model), from
#: run_small.sh: GCN with `--aug_type=gcn`, SAGE with `--aug_type=sage` (the base
#: normalisation of the model itself, which is what :class:`linkpred.reweight.TCReweighter`
#: uses); warm-ups converted to this library's schedule. ogbl-collab: parse.py's defaults
#: (alpha 1, warm-up 50, interval 50).
PAPER_REWEIGHT: dict[tuple[str, str], tuple[float, int, int]] = {
    ("cora", "gcn"): (2.0, 1, _warmup(1, 1)),
    ("cora", "sage"): (0.2, 2, _warmup(2, 2)),
    ("citeseer", "gcn"): (2.0, 1, _warmup(5, 1)),
    ("citeseer", "sage"): (2.0, 1, _warmup(1, 1)),
    ("pubmed", "gcn"): (0.2, 2, _warmup(5, 2)),
    ("pubmed", "sage"): (0.5, 2, _warmup(5, 2)),
    ("ogbl-collab", "gcn"): (1.0, 50, _warmup(50, 50)),
    ("ogbl-collab", "sage"): (1.0, 50, _warmup(50, 50)),
}

#: settings that may differ between a run and its resume
NOT_FINGERPRINTED = ("device", "checkpoint_every", "runs")


@dataclass(frozen=True, kw_only=True)
class TrainConfig:
    """Settings of a training job, checked on construction (frozen: they stay valid).

    Build one with :meth:`for_dataset` to get a dataset's hyperparameters under a protocol, or
    give all of :data:`HYPERPARAMETERS` yourself.

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
    reweight_mode : {"tc", "uniform"}, default "tc"
        With ``reweight``: the paper's rule, or the uniform control that adds the same extra
        weight evenly (no TC signal; :mod:`linkpred.reweight`).
    reweight_temperature : float, default 1.0
        With ``reweight``: the softmax temperature of the paper's rule (below 1 lifts its bound
        of :math:`e` on the weight ratio of two receivers; :mod:`linkpred.reweight`).
    runs : int, default 1
        Runs with seeds ``seed, seed + 1, ...``.
    seed : int, default 0
    split_seed : int, default 0
        Seed of the random split of graphs without an official one (:meth:`for_dataset` makes
        it ``seed`` unless given).
    val_ratio, test_ratio : float, default 0.1, 0.2
        Shares of the edges that the random split of such a graph holds out.
    eval_every, checkpoint_every : int
        Epochs between evaluations / checkpoints.
    device : str, default "auto"
    protocol : {"modern", "paper"}, default "modern"
        How the data is split and prepared and the loop run (a key of :data:`PROTOCOLS`);
        ``"paper"`` is the authors' setting, for reproducing their tables.
    evaluation : {"dataset", "heart"}, default "dataset"
        What selects the epoch and is reported: the dataset's own metric (Hits@K or MRR), or
        HeaRT's MRR over per-positive hard negatives (:mod:`linkpred.heart`, ``--eval heart``).

    Raises
    ------
    InputError
        On a bad value, naming the setting.

    Examples
    --------
    >>> cfg = TrainConfig.for_dataset("cora", model="sage", epochs=20)
    >>> cfg.hidden, cfg.num_layers, cfg.epochs, cfg.split_seed
    (256, 1, 20, 0)
    >>> paper = TrainConfig.for_dataset("citeseer", protocol="paper", reweight=True)
    >>> paper.num_layers, paper.epochs, paper.batch_size, paper.runs, paper.alpha, paper.warmup
    (2, 1000, 1152, 10, 2.0, 5)
    >>> TrainConfig.for_dataset("ogbl-ppa")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    graphlab.errors.InputError: no preset hyperparameters for dataset 'ogbl-ppa' ...
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
    reweight_mode: str = "tc"
    reweight_temperature: float = 1.0
    runs: int = 1
    seed: int = 0
    split_seed: int = 0
    val_ratio: float = 0.1
    test_ratio: float = 0.2
    eval_every: int = 1
    checkpoint_every: int = 10
    device: str = "auto"
    protocol: str = "modern"
    evaluation: str = "dataset"

    def __post_init__(self) -> None:
        if not isinstance(self.dataset, str) or not self.dataset:
            raise InputError(f"dataset must be a non-empty name, got {self.dataset!r}")
        check_model(self.model)
        check_choice(self.protocol, "protocol", PROTOCOLS)
        check_choice(self.evaluation, "evaluation", EVALUATIONS)
        check_choice(self.decoder, "decoder", DECODERS)
        for key in ("hidden", "num_layers", "epochs", "batch_size", "runs", "eval_every",
                    "checkpoint_every", "decoder_layers"):  # fmt: skip
            check_int(getattr(self, key), key, low=1)
        check_int(self.patience, "patience", low=0)
        check_real(self.dropout, "dropout", low=0, high=1, high_open=True)
        check_real(self.lr, "lr", low=0, low_open=True)
        check_real(self.grad_clip, "grad_clip", low=0, low_open=True)
        check_schedule(self.alpha, self.interval, self.warmup)
        check_choice(self.reweight_mode, "reweight_mode", REWEIGHT_MODES)
        check_real(self.reweight_temperature, "reweight_temperature", low=0, low_open=True)
        if self.reweight_temperature != 1 and (not self.reweight or self.reweight_mode != "tc"):
            raise InputError(
                "reweight_temperature is a setting of the TC rule: it needs --reweight and "
                "reweight_mode 'tc'"
            )
        if self.reweight_mode != "tc" and not self.reweight:
            raise InputError(
                f"reweight_mode {self.reweight_mode!r} needs reweighting on (--reweight)"
            )
        check_seed(self.seed)
        check_seed(self.split_seed, "split_seed")
        check_real(self.val_ratio, "val_ratio", low=0, high=1, low_open=True, high_open=True)
        check_real(self.test_ratio, "test_ratio", low=0, high=1, low_open=True, high_open=True)
        if self.val_ratio + self.test_ratio >= 1:
            raise InputError(
                f"val_ratio + test_ratio must be < 1 (edges must remain for training), got "
                f"{self.val_ratio!r} + {self.test_ratio!r}"
            )
        if not isinstance(self.device, str):
            raise InputError(f"device must be a device name such as 'cpu', got {self.device!r}")

    @classmethod
    def for_dataset(cls, dataset: str, **settings: Any) -> TrainConfig:
        """The config of ``dataset`` under ``settings["protocol"]`` (default ``"modern"``):
        the protocol's preset for the dataset, overridden by ``settings``.

        ``"modern"``: :data:`PRESETS`. A dataset with an official split (OGB's ``ogbl-*``) has
        no generic default: without a preset every one of :data:`HYPERPARAMETERS` must be
        given. Any other graph (a user's edge list included) is split at random like Planetoid
        and gets the Planetoid preset for what is not given.

        ``"paper"``: :data:`PAPER_PRESETS`, defined for the paper's datasets only (a user graph
        gets the Planetoid entry); with ``reweight`` the alpha, interval and warm-up of
        :data:`PAPER_REWEIGHT` unless given.

        ``split_seed`` defaults to ``seed``.

        Raises
        ------
        InputError
            An ``ogbl-*`` dataset without a preset of the protocol and without all
            hyperparameters, an unknown setting, or a bad value.
        """
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(settings) - names - {"dataset"})
        if unknown:
            raise InputError(f"unknown training settings: {', '.join(unknown)}")
        protocol = check_choice(settings.get("protocol", "modern"), "protocol", PROTOCOLS)
        presets = PAPER_PRESETS if protocol == "paper" else PRESETS
        preset = presets.get(dataset)
        if preset is None:
            missing = [k for k in HYPERPARAMETERS if k not in settings]
            if str(dataset).startswith("ogbl-") and missing:
                raise InputError(
                    f"no preset hyperparameters for dataset {dataset!r} under the {protocol} "
                    f"protocol (presets: {', '.join(presets)}): pass {', '.join(missing)}"
                )
            preset = presets["cora"]  # a graph without a split is split like Planetoid
        values = {**preset, **settings}
        if protocol == "paper" and values.get("reweight"):
            schedule = PAPER_REWEIGHT.get((dataset, values.get("model", "gcn")))
            if schedule is not None:
                for key, value in zip(("alpha", "interval", "warmup"), schedule, strict=True):
                    values.setdefault(key, value)
        values.setdefault("split_seed", values.get("seed", 0))
        return cls(dataset=dataset, **values)

    @property
    def rules(self) -> Protocol:
        """The :class:`Protocol` this config names."""
        return PROTOCOLS[self.protocol]

    def replace(self, **changes: Any) -> TrainConfig:
        """A copy with ``changes`` (checked again)."""
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def fingerprint(self) -> str:
        """Hash of the settings that determine the numbers (not device, runs, checkpointing)."""
        d = {k: v for k, v in asdict(self).items() if k not in NOT_FINGERPRINTED}
        # settings added later are left out at their defaults: earlier runs keep their prints
        for key, default in (("protocol", "modern"), ("val_ratio", 0.1), ("test_ratio", 0.2),
                             ("evaluation", "dataset"), ("reweight_mode", "tc"),
                             ("reweight_temperature", 1.0)):  # fmt: skip
            if d[key] == default:
                del d[key]
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
