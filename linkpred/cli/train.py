"""``graphlab train``: train a GNN link predictor (optionally TC-reweighted) over several runs.

The JSON summary holds the validation and test metric (the dataset's: Hits@K, or MRR for
citation2-style splits) of each run's selected epoch and their mean and std over runs.
``--out RUN_DIR`` keeps checkpoints, histories and the selected models (for ``graphlab
analyze``); ``--resume`` continues an interrupted run directory.

``--protocol`` chooses the setting (:data:`linkpred.config.PROTOCOLS`): ``modern`` (default) is
the library's validated one; ``paper`` reproduces the authors' released code for Wang et al.,
ICLR 2024 (NCNC-style split per run, row-normalised features, 2-layer encoder, 1000 epochs,
10 runs, selection on validation Hits@100 / Hits@50 on ogbl-collab).

The input is a registered dataset or a user's edge-list file, with ``--features`` and either a
seeded random split (``--split-seed``, ``--val-ratio``, ``--test-ratio``) or the user's
validation and test edges (``--valid``, ``--test``); outputs name nodes by the file's ids,
integers or names (:mod:`graphlab.readwrite` says how a file of names is read), and the run
directory keeps them for ``analyze`` and ``report``.
"""

from __future__ import annotations

import argparse
import time
from typing import Any

from graphlab.cli.common import (
    add_input,
    echo,
    fmt_mean_std,
    nonneg_int,
    nonneg_real,
    positive_int,
    positive_real,
    real_arg,
)
from graphlab.cli.demo import DemoStep

HELP = "train a GNN link predictor (optionally TC-reweighted)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_input(
        parser,
        "a registered dataset (cora, ogbl-ddi) or an edge-list file (CSV / TSV / whitespace, "
        "one 'u v' pair per line, optional header; ids are integers of any size or names, "
        "and outputs keep them)",
    )
    parser.add_argument(
        "--protocol",
        choices=("modern", "paper"),
        default="modern",
        help="modern (default): the library's validated setting, one 70/10/20 split for all "
        "runs, early stopping; paper: the authors' code for Wang et al. (ICLR 2024): NCNC-style "
        "split per run (~2 validation negatives per positive), row-normalised features, 2 "
        "layers, batch 1152, 1000 epochs, 10 runs, their reweighting schedule",
    )
    parser.add_argument(
        "--features",
        default=None,
        metavar="FILE",
        help="node features of an edge-list file: .npy [ids, F] (row i = node id i; integer "
        "ids only) or text lines 'id,f1,...,fF' (optional header; ids as the edge list names "
        "them); default: a learned embedding per node",
    )
    parser.add_argument(
        "--split-seed",
        type=nonneg_int,
        default=None,
        metavar="S",
        help="seed of the random split and of the validation / test negatives (default --seed; "
        "under --protocol paper run i uses S+i)",
    )
    parser.add_argument(
        "--val-ratio",
        type=real_arg(0, 1, low_open=True, high_open=True),
        default=None,
        metavar="F",
        help="share of the edges held out for validation (default 0.1)",
    )
    parser.add_argument(
        "--test-ratio",
        type=real_arg(0, 1, low_open=True, high_open=True),
        default=None,
        metavar="F",
        help="share of the edges held out for test (default 0.2)",
    )
    parser.add_argument(
        "--valid",
        default=None,
        metavar="EDGEFILE",
        help="validation edges of an edge-list input (its ids), instead of a random split; "
        "with --test; they and the test edges are removed from the training graph",
    )
    parser.add_argument(
        "--test", default=None, metavar="EDGEFILE", help="test edges (with --valid)"
    )
    parser.add_argument(
        "--model",
        default="gcn",
        help="encoder: gcn, sage or graphconv, or ncn / ncnc (a GCN encoder with the common-"
        "neighbour predictors of Wang, Yang & Zhang, ICLR 2024) (default gcn)",
    )
    parser.add_argument(
        "--eval",
        choices=("dataset", "heart"),
        default="dataset",
        help="what selects the epoch and is reported: the dataset's metric (default) or heart: "
        "MRR over HeaRT's 500 hard negatives per positive (Li et al., NeurIPS 2023), with "
        "Hits@1..100 in the summary; the negatives are seeded by the split seed and cached",
    )
    parser.add_argument("--decoder", default="mlp", help="mlp or inner (default mlp)")
    parser.add_argument("--hidden", type=positive_int, default=None, help="width (dataset default)")
    parser.add_argument("--layers", type=positive_int, default=None, help="encoder depth")
    parser.add_argument(
        "--dropout", type=real_arg(0, 1, high_open=True), default=None, help="dropout probability"
    )
    parser.add_argument("--residual", action="store_true", help="residual connections")
    parser.add_argument("--lr", type=positive_real, default=None, help="Adam learning rate")
    parser.add_argument(
        "--batch-size", type=positive_int, default=None, help="edges per decoder batch"
    )
    parser.add_argument("--epochs", type=positive_int, default=None, metavar="N", help="max epochs")
    parser.add_argument(
        "--patience", type=nonneg_int, default=None, help="stop after this many epochs without a "
        "better validation Hits@K (0: off; default 50 on Planetoid, off on OGB)",
    )  # fmt: skip
    parser.add_argument("--reweight", action="store_true", help="TC-inspired edge reweighting")
    parser.add_argument(
        "--reweight-mode",
        choices=("tc", "uniform"),
        default=None,
        help="with --reweight: tc (default, the paper's rule) or uniform (the control: the same "
        "extra weight spread evenly over each group, no TC signal)",
    )
    parser.add_argument(
        "--reweight-temperature",
        type=positive_real,
        default=None,
        metavar="T",
        help="with --reweight (tc rule): softmax temperature of the scores (default 1, the "
        "paper's; below 1 sharpens the rule, whose weight ratio of two receivers is at most "
        "e^(1/T))",
    )
    parser.add_argument(
        "--alpha",
        type=nonneg_real,
        default=None,
        metavar="A",
        help="reweight alpha (default 1; --protocol paper: the authors' value per dataset)",
    )
    parser.add_argument(
        "--interval",
        type=positive_int,
        default=None,
        metavar="I",
        help="epochs between weight updates (default 1; paper: the authors')",
    )
    parser.add_argument(
        "--warmup",
        type=nonneg_int,
        default=None,
        metavar="W",
        help="epochs before the first update (default 0; paper: the authors')",
    )
    parser.add_argument(
        "--runs", type=positive_int, default=1, metavar="R", help="runs (seeds S..S+R-1)"
    )
    parser.add_argument("--seed", type=nonneg_int, default=0, metavar="S", help="first seed")
    parser.add_argument(
        "--eval-every", type=positive_int, default=1, help="epochs between evaluations"
    )
    parser.add_argument(
        "--checkpoint-every", type=positive_int, default=10, help="epochs between checkpoints"
    )
    parser.add_argument("--device", default="auto", metavar="D", help="auto, cpu, cuda, cuda:1")
    parser.add_argument("--out", default=None, metavar="RUN_DIR", help="run directory")
    parser.add_argument(
        "--resume",
        action="store_true",
        help="continue RUN_DIR with the settings of its config.json (a setting flag given with "
        "another value is an error; --device, --runs and --checkpoint-every may change); an "
        "edge-list input needs the same files (INPUT, --features, --valid, --test, same "
        "content) and --num-nodes as the run",
    )
    parser.add_argument(
        "--distributed",
        action="store_true",
        help="data-parallel over the processes of a torchrun job (DDP; gloo on CPU), e.g. "
        "torchrun --nproc-per-node 2 -m graphlab.cli train cora --distributed",
    )
    _track_given(parser)


#: Flag destination -> TrainConfig field, for every flag that is a training setting.
SETTING_OF = {
    "model": "model", "decoder": "decoder", "hidden": "hidden", "layers": "num_layers",
    "dropout": "dropout", "residual": "residual", "lr": "lr", "batch_size": "batch_size",
    "epochs": "epochs", "patience": "patience", "reweight": "reweight", "alpha": "alpha",
    "interval": "interval", "warmup": "warmup", "reweight_mode": "reweight_mode",
    "reweight_temperature": "reweight_temperature", "runs": "runs",
    "seed": "seed",
    "eval_every": "eval_every", "checkpoint_every": "checkpoint_every", "device": "device",
    "protocol": "protocol", "split_seed": "split_seed", "val_ratio": "val_ratio",
    "test_ratio": "test_ratio", "eval": "evaluation",
}  # fmt: skip


def _track_given(parser: argparse.ArgumentParser) -> None:
    """Make the namespace tell which setting flags were given (``--resume`` needs it).

    The setting flags default to ``SUPPRESS`` (absent from the namespace unless given); their
    documented defaults travel in ``args.setting_defaults`` and :func:`given_settings` puts
    them back.
    """
    defaults = {}
    for action in parser._actions:  # argparse has no public accessor for an action's default
        if action.dest in SETTING_OF:
            defaults[action.dest] = action.default
            action.default = argparse.SUPPRESS
    parser.set_defaults(setting_defaults=defaults)


def given_settings(args: argparse.Namespace) -> dict[str, Any]:
    """The TrainConfig fields given explicitly on the command line; fills in the others' defaults.

    A namespace not built by this command's parser (no ``setting_defaults``) counts every
    setting that is not None as given.
    """
    defaults = getattr(args, "setting_defaults", None) or {}
    given = {}
    for dest, field in SETTING_OF.items():
        if hasattr(args, dest):
            if getattr(args, dest) is not None:
                given[field] = getattr(args, dest)
        else:
            setattr(args, dest, defaults.get(dest))
    return given


def _flag(field: str) -> str:
    dest = next(d for d, f in SETTING_OF.items() if f == field)
    return "--" + dest.replace("_", "-")


def resume_config(args: argparse.Namespace, given: dict[str, Any]) -> Any:
    """The settings of the run directory ``args.out``; a flag given with another value is an error.

    Flags left out take the saved values (not the defaults). ``--device``, ``--runs`` and
    ``--checkpoint-every`` (which do not change the numbers) may differ: the given value wins.
    """
    from graphlab.errors import DataFormatError, InputError
    from linkpred.config import NOT_FINGERPRINTED
    from linkpred.rundir import RunDir

    rd = RunDir(args.out)
    if not rd.holds_run():
        raise InputError(f"--resume: {rd.root} holds no run (no config.json)")
    try:
        saved, _ = rd.read_config()
    except InputError as err:
        raise DataFormatError(str(err)) from None
    if args.input != saved.dataset:
        raise InputError(f"--resume: {rd.root} was trained on {saved.dataset}, not {args.input}")
    clash = [
        f"{_flag(k)} {getattr(saved, k)} (given {v})"
        for k, v in given.items()
        if k not in NOT_FINGERPRINTED and v != getattr(saved, k)
    ]
    if clash:
        raise InputError(
            f"--resume: {rd.root} was trained with other settings: {'; '.join(clash)}; leave "
            "these flags out (resume reads config.json) or pass the saved values"
        )
    return saved.replace(**{k: v for k, v in given.items() if k in NOT_FINGERPRINTED})


def config_from_args(args: argparse.Namespace) -> Any:
    from linkpred.train import TrainConfig

    settings = dict(  # noqa: C408 (keywords, as TrainConfig takes them)
        model=args.model, hidden=args.hidden, num_layers=args.layers,
        dropout=args.dropout, residual=args.residual, decoder=args.decoder, lr=args.lr,
        epochs=args.epochs, batch_size=args.batch_size, reweight=args.reweight,
        alpha=args.alpha, interval=args.interval, warmup=args.warmup,
        reweight_mode=args.reweight_mode, reweight_temperature=args.reweight_temperature,
        runs=args.runs,
        seed=args.seed, eval_every=args.eval_every, patience=args.patience,
        checkpoint_every=args.checkpoint_every, device=args.device, protocol=args.protocol,
        split_seed=args.split_seed, val_ratio=args.val_ratio, test_ratio=args.test_ratio,
        evaluation=args.eval,
    )  # fmt: skip
    # flags left unset (None) take the dataset's preset; the config is checked here, before
    # any data is loaded
    return TrainConfig.for_dataset(
        args.input, **{k: v for k, v in settings.items() if v is not None}
    )


def user_data(args: argparse.Namespace, cfg: Any) -> Any:
    """The record of an edge-list input (graph with the file's ids, ``--features``, and the
    ``--valid`` / ``--test`` split when given); ``None`` for a registered dataset, which takes
    none of the file options."""
    from pathlib import Path

    from graphlab.cli.common import load_input
    from graphlab.datasets import resolve
    from graphlab.errors import InputError

    file_opts = [f"--{k.replace('_', '-')}" for k in ("features", "valid", "test", "num_nodes")
                 if getattr(args, k, None) is not None]  # fmt: skip
    if not isinstance(resolve(args.input), Path):
        if file_opts:
            raise InputError(
                f"{', '.join(file_opts)} apply to an edge-list file, not to the registered "
                f"dataset {args.input!r}"
            )
        return None
    if (args.valid is None) != (args.test is None):
        raise InputError("--valid and --test come together (the user's split has both)")
    if args.valid is not None and (args.val_ratio is not None or args.test_ratio is not None):
        raise InputError("--val-ratio / --test-ratio size a random split: not with --valid/--test")
    from graphlab.records import GraphDataset
    from linkpred.data import read_node_features, user_split_dataset

    graph = load_input(args)
    x = None if args.features is None else read_node_features(args.features, graph)
    if args.valid is None:
        return GraphDataset(args.input, graph, x=x)
    from graphlab.readwrite import map_ids, read_pairs

    what = f"the graph of {args.input}"
    valid, test = (
        map_ids(read_pairs(f, huge_ids_as_text=True), graph.node_ids, graph.num_nodes, what)
        for f in (args.valid, args.test)
    )
    return user_split_dataset(args.input, graph, valid, test, x, seed=cfg.split_seed)


#: The options that define the data of an edge-list input (kept in ``RUN_DIR/inputs.json``).
DATA_OPTIONS = ("input", "num_nodes", "features", "valid", "test")


def data_inputs(args: argparse.Namespace) -> dict[str, Any]:
    """What defines the data of an edge-list input: for each file option given, its path and
    the SHA-256 of its content, and ``--num-nodes``; empty for a registered dataset (its name
    and the settings define it)."""
    import hashlib
    from pathlib import Path

    from graphlab.datasets import resolve

    if not isinstance(resolve(args.input), Path):
        return {}
    inputs: dict[str, Any] = {}
    for option in DATA_OPTIONS:
        value = getattr(args, option, None)
        if value is None:
            continue
        if option == "num_nodes":
            inputs[option] = {"value": int(value)}
            continue
        with open(value, "rb") as fh:
            digest = hashlib.file_digest(fh, "sha256").hexdigest()
        inputs[option] = {"path": str(value), "sha256": digest}
    return inputs


def check_resume_inputs(root: Any, inputs: dict[str, Any]) -> None:
    """Refuse to resume the run directory ``root`` with other data than it was trained on: a
    file option given or left out unlike then, or a file of other content (its path may
    change). A run directory without the record (older, or a registered dataset) is not
    checked."""
    from graphlab.errors import InputError
    from linkpred.rundir import RunDir

    saved = RunDir(root).read_inputs()
    if saved is None:
        return
    for option in DATA_OPTIONS:
        old, new = saved.get(option), inputs.get(option)
        if old == new or (old and new and old.get("sha256", 0) == new.get("sha256")):
            continue
        flag = "--" + option.replace("_", "-")
        if option == "input" and old and new:
            problem = (
                f": its input {old['path']} changed since (sha256 {old['sha256'][:12]} then, "
                f"{new['sha256'][:12]} now)"
            )
        elif old is None:
            problem = f" was trained without {flag}; leave it out"
        elif new is None:
            problem = f" was trained with {flag} {old.get('path', old.get('value'))}; give it again"
        elif option == "num_nodes":
            problem = f" was trained with {flag} {old['value']}, given {new['value']}"
        else:
            problem = (
                f" was trained with {flag} {old['path']}, whose content {new['path']} does not "
                f"have (sha256 {old['sha256'][:12]} then, {new['sha256'][:12]} given)"
            )
        raise InputError(
            f"--resume: {root}{problem}; resume with the run's data or choose another --out"
        )


def run(args: argparse.Namespace) -> dict[str, Any] | None:
    from graphlab.errors import InputError
    from linkpred.train import train

    given = given_settings(args)
    if args.resume and args.out is None:
        raise InputError("--resume needs --out RUN_DIR")
    # checks the settings before loading any data
    cfg = resume_config(args, given) if args.resume else config_from_args(args)
    if args.out is not None:
        from graphlab.fileio import check_output_path

        check_output_path(args.out, kind="dir", option="--out")
    data = user_data(args, cfg)  # an edge-list file's graph, read and checked before training
    # the files' hashes matter to a run directory only: without --out nothing reads them again
    inputs = data_inputs(args) if args.out is not None else {}
    if args.resume:
        check_resume_inputs(args.out, inputs)
    quiet = args.json or args.quiet
    finished_note = None
    if args.resume:
        from linkpred.rundir import RunDir

        rd = RunDir(args.out)
        if all(rd.run(i).finished() for i in range(cfg.runs)):
            done = "the run has" if cfg.runs == 1 else f"all {cfg.runs} runs have"
            finished_note = f"{args.out}: {done} finished, nothing left to train; its results:"

    def log(line: str) -> None:
        if not quiet:
            from graphlab.progress import write

            write(line)  # on a line of its own, also while the epoch bar is drawn

    if args.distributed:
        from linkpred.distributed import process_group

        with process_group(cfg.device) as strategy:
            summary = train(
                cfg,
                out=args.out,
                resume=args.resume,
                log=log,
                data=data,
                strategy=strategy,
                inputs=inputs,
            )
        if not strategy.is_main:
            return None  # every rank holds the same summary; the main rank alone reports it
    else:
        summary = train(cfg, out=args.out, resume=args.resume, log=log, data=data, inputs=inputs)
    if finished_note is not None:  # said by the reporting process only (DDP: the main rank)
        echo(args, finished_note)
    runs = summary["runs"]
    variant = ""
    if summary["reweight"]:
        uniform = summary.get("reweight_mode") == "uniform"
        variant = " +reweight (uniform control)" if uniform else " +reweight"
    echo(
        args,
        f"{summary['dataset']} {summary['model']}{variant}: "
        f"valid {summary['metric']} "
        f"{fmt_mean_std(summary['valid_mean'], summary['valid_std'], runs)}, "
        f"test {fmt_mean_std(summary['test_mean'], summary['test_std'], runs)}"
        + (" (1 run)" if runs == 1 else f" ({runs} runs)"),
    )
    if "heart" in summary:  # HeaRT's test metrics of the selected epochs
        echo(
            args,
            "HeaRT test: "
            + ", ".join(
                f"{k} {fmt_mean_std(v['mean'], v['std'], runs)}"
                for k, v in summary["heart"].items()
            ),
        )
    return summary


#: The demo's run directory, under ``graphlab demo --out-dir`` (the report step reads it).
DEMO_RUN = "cora-gcn-reweight"


def demo(args: argparse.Namespace | None = None, *, epochs: int = 40) -> dict[str, Any]:
    """Train a 1-layer GCN with TC reweighting on Cora (random 70/10/20 split, seed 0).

    About 20 s on two CPU cores. Returns the validation / test Hits@100 of the selected epoch
    and the weighted TC before the first and after the last reweighting.

    Parameters
    ----------
    args : argparse.Namespace, optional
        The CLI namespace of ``graphlab demo``: the run is written to ``args.out_dir /``
        :data:`DEMO_RUN` (an earlier demo's run there is replaced), for the report step.
    epochs : int
        Training epochs.
    """
    import shutil
    from pathlib import Path

    from linkpred.rundir import RunDir
    from linkpred.train import TrainConfig, train

    cfg = TrainConfig.for_dataset(
        "cora", model="gcn", reweight=True, alpha=1.0, interval=5, warmup=5,
        epochs=epochs, eval_every=5, patience=0, seed=0,
    )  # fmt: skip
    out = None if args is None else Path(args.out_dir) / DEMO_RUN
    if out is not None and RunDir(out).holds_run():
        shutil.rmtree(out)  # the previous demo's run: this demo trains afresh
    t0 = time.perf_counter()
    summary = train(cfg, out=out)
    run = summary["per_run"][0]
    res = {
        "dataset": "cora",
        "model": "gcn+tc-reweight",
        "epochs": epochs,
        "metric": summary["metric"],
        "best_epoch": run["best_epoch"],
        "valid": run["valid"],
        "test": run["test"],
        "seconds": time.perf_counter() - t0,
    }
    return res


DEMO_STEP = DemoStep(50, "TC-reweighted GCN link prediction on cora", demo)
