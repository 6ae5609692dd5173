"""Bad-input corpus of the command line (issue 11, item 5).

Every case is a command line with one thing wrong: a missing, empty, truncated, binary or
gzip-corrupt file, a node id of 10**12, a negative or NaN weight, a flag out of range, an unknown
dataset or one of the wrong kind, a corrupt model or checkpoint, a ground truth that does not fit
the query. Each must give

- exit status 2,
- exactly one line on stderr, which names the problem (a regular expression per case) and holds
  no control character,
- no traceback,
- no file created, changed or removed in the working folder (outputs named in the case included).

The cases run in-process through :func:`graphlab.cli.main` (fast); a few run as real
subprocesses, which also checks what the interpreter prints at exit.
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import tree_snapshot
from graphlab.cli import main

# --------------------------------------------------------------------------- fixture files

TEXT = {
    # edge lists
    "empty.txt": b"",
    "blank.txt": b"\n\n   \n",
    "comments.txt": b"# only a comment\n# another\n",
    "header_only.csv": b"source,target\n",
    "binary.bin": bytes(range(256)) * 4,
    "controls.txt": b"\x00\x01\x02 \x1b[31m\x07\n0 1\n",
    "nul.txt": b"\x00" * 64,
    "latin1.txt": b"0 1\n\xe9 2\n",
    "utf16.txt": "0 1\n1 2\n".encode("utf-16"),
    "huge.txt": b"0 1\n1 2\n2 1000000000000\n",
    "huge.tsv": b"source\ttarget\n# comment\n0\t1\n\n1000000000000\t3\n",
    "huge_1e30.txt": b"0 1\n1 1e30\n",
    "bigint.txt": b"0 1\n1 99999999999999999999999\n",
    "neg_id.txt": b"0 1\n0 -1\n",
    "float_id.txt": b"0 1\n0.5 1\n",
    "alpha_id.txt": b"0 1\n2 x\n",  # names: a graph, but not with --num-nodes
    "empty_id.csv": b"a,b\nb,c\n,c\n",
    "quoted_id.csv": b'a,b\n"b",c\n',
    "quoted_comma.csv": b'source,target\n"smith, john",beta\nbeta,gamma\n',  # as pandas writes
    "neg_weight.txt": b"0 1 1.5\n1 2 -2\n",
    "neg_weight.csv": b"u,v,w\n0,1,1\n# note\n1,2,-0.5\n",
    "nan_weight.txt": b"0 1 nan\n1 2 1\n",
    "inf_weight.txt": b"0 1 1\n1 2 inf\n",
    "text_weight.txt": b"0 1 1\n1 2 heavy\n",
    "four_cols.txt": b"0 1 2 3\n1 2 3 4\n",
    "one_col.txt": b"0\n1\n",
    "ragged.txt": b"0 1\n1 2 3 4 5\n",
    "only_loops.txt": b"0 0\n1 1\n",
    "long_line.txt": b"0 " + b"x" * 10000 + b"\n",
    "escape_line.txt": b"0 1\n\x1b]0;pwned\x07 2\n",
    "edges.txt": b"0 1\n1 2\n2 0\n2 3\n",
    "query_out.txt": b"0 1\n0 99\n",
    # hypergraphs
    "h_ok.txt": b"1 2 3\n2 3\n",
    "h_other.txt": b"5 6 7\n",
    "h_pair.txt": b"1 2\n",
    "h_blank_line.txt": b"1 2\n\n3 4\n",
    "h_alpha.txt": b"1 2 x\n",
    "h_neg.txt": b"1 2 -3\n",
    "h_huge.txt": b"1 1000000000000\n",
    "h_binary.txt": b"\x00\x01\xff\xfe\x89PNG\r\n",
    "h_json.json": b'{"a": ',
    "h_hif.json": b'{"incidences": [{"edge": "e", "node": ',
    # run directory files
    "garbage.pt": b"not a torch file\x00\x01",
}


def _gzip_files() -> dict[str, bytes]:
    good = gzip.compress(b"0 1\n1 2\n" * 200)
    return {
        "cut.txt.gz": good[: len(good) // 2],
        "garbage.gz": b"\x1f\x8b" + b"\x00garbage" * 10,
        "not_gzip.txt.gz": b"0 1\n1 2\n",
        "empty.txt.gz": gzip.compress(b""),
        "h_cut.txt.gz": gzip.compress(b"1 2 3\n" * 500)[:40],
    }


def _run_dirs(root: Path) -> None:
    """Run directories of `graphlab train` with one thing broken each."""
    from linkpred.config import TrainConfig
    from linkpred.rundir import RunDir

    (root / "rd_empty").mkdir()
    (root / "rd_badconfig").mkdir()
    (root / "rd_badconfig" / "config.json").write_text("{not json")
    (root / "rd_binconfig").mkdir()
    (root / "rd_binconfig" / "config.json").write_bytes(b"\x00\x1b[2J\xff")
    cfg = TrainConfig.for_dataset("cora", epochs=1)
    for name in ("rd_nomodel", "rd_badmodel", "rd_truncmodel", "rd_badckpt"):
        RunDir(root / name).write_config(cfg)
    good = root / "ok.pt"
    import torch

    torch.save({"model": {"w": torch.zeros(3)}, "weight": None}, good)
    for name, content in (
        ("rd_badmodel", b"\x00\x01 garbage"),
        ("rd_truncmodel", good.read_bytes()[:100]),
    ):
        files = RunDir(root / name).run(0)
        files.root.mkdir(parents=True, exist_ok=True)
        files.best_model.write_bytes(content)
    ck = RunDir(root / "rd_badckpt").run(0)
    ck.root.mkdir(parents=True, exist_ok=True)
    ck.checkpoint.write_bytes(good.read_bytes()[:100])
    good.unlink()


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("badinput")
    for name, content in {**TEXT, **_gzip_files()}.items():
        (root / name).write_bytes(content)
    (root / "adir").mkdir()
    (root / "adir" / "README").write_text("not a graph\n")
    _run_dirs(root)
    return root


# --------------------------------------------------------------------------- the corpus
# (argv, regular expression the one stderr line must match)

NUMERIC_FLAGS: list[tuple[str, list[str], str, list[str]]] = [
    # command, leading args, flag, bad values
    ("stats", ["edges.txt"], "--hops", ["0", "-1", "x", "1.5", "nan"]),
    ("stats", ["edges.txt"], "--num-nodes", ["0", "-3", "many"]),
    ("stats", ["edges.txt"], "--memory-budget", ["0", "-1G", "lots", "nan"]),
    ("stats", ["edges.txt"], "--workers", ["0", "two"]),
    ("tc", ["edges.txt"], "--hops", ["0", "-1", "K"]),
    ("tc", ["edges.txt"], "--dim", ["0", "-64"]),
    ("tc", ["edges.txt"], "--seed", ["-1", "s"]),
    ("tc", ["edges.txt"], "--beta", ["0", "-0.5", "nan", "inf"]),
    ("tc", ["edges.txt"], "--num-nodes", ["0"]),
    ("analyze", ["rd_nomodel"], "--k", ["0", "-1", "ten"]),
    ("analyze", ["rd_nomodel"], "--hops", ["0", "-2"]),
    ("analyze", ["rd_nomodel"], "--run", ["-1", "first"]),
    ("train", ["cora"], "--hidden", ["0", "-8"]),
    ("train", ["cora"], "--layers", ["0"]),
    ("train", ["cora"], "--dropout", ["1", "-0.1", "1.5", "nan"]),
    ("train", ["cora"], "--lr", ["0", "-0.01", "inf"]),
    ("train", ["cora"], "--batch-size", ["0"]),
    ("train", ["cora"], "--epochs", ["0", "-5", "many"]),
    ("train", ["cora"], "--patience", ["-1"]),
    ("train", ["cora"], "--alpha", ["-1", "nan"]),
    ("train", ["cora"], "--interval", ["0"]),
    ("train", ["cora"], "--warmup", ["-1"]),
    ("train", ["cora"], "--runs", ["0", "-1"]),
    ("train", ["cora"], "--seed", ["-1"]),
    ("train", ["cora"], "--eval-every", ["0"]),
    ("train", ["cora"], "--checkpoint-every", ["0"]),
    ("shift", ["cora"], "--periods", ["0", "1", "-3"]),
    ("shift", ["cora"], "--seed", ["-1"]),
    ("hypergraph", ["info", "h_ok.txt"], "--max-cliques", ["0", "-1", "lots"]),
    ("reconstruct", ["--query", "h_ok.txt"], "--budget", ["0", "-5", "nan"]),
    ("reconstruct", ["--query", "h_ok.txt"], "--seed", ["-1"]),
    ("reconstruct", ["--query", "h_ok.txt"], "--ensemble", ["0"]),
    ("reconstruct", ["--query", "h_ok.txt"], "--threshold", ["-0.1", "1.5", "best", "nan"]),
]

CASES: list[tuple[list[str], str]] = [
    (
        [cmd, *lead, f"{flag}={value}"],  # "=": a value such as -1G is not taken for a flag
        rf"^graphlab {cmd}.*: error: argument {re.escape(flag)}.*(must be|positive number)",
    )
    for cmd, lead, flag, values in NUMERIC_FLAGS
    for value in values
]

EDGE_FILE_CASES: list[tuple[str, str]] = [
    ("nope.txt", r"nope\.txt.*(no such file|neither a registered)"),
    ("./nope.txt", r"nope\.txt.*no such file"),
    ("adir", r"adir.*directory"),
    ("empty.txt", r"empty\.txt: holds no edges"),
    ("blank.txt", r"blank\.txt: holds no edges"),
    ("comments.txt", r"comments\.txt: holds no edges"),
    ("header_only.csv", r"header_only\.csv: holds no edges"),
    ("binary.bin", r"binary\.bin: not a text file"),
    ("controls.txt", r"controls\.txt: line 1: not a text file \(control character '\\x00'\)"),
    ("nul.txt", r"nul\.txt: line 1: not a text file"),
    ("latin1.txt", r"latin1\.txt: not a text file"),
    ("utf16.txt", r"utf16\.txt: not a text file"),
    ("neg_id.txt", r"neg_id\.txt: line 2: negative node id"),
    ("float_id.txt", r"float_id\.txt: line 2: node ids must be integers"),
    ("empty_id.csv", r"empty_id\.csv: line 3: an empty node id"),
    ("quoted_id.csv", r"quoted_id\.csv: line 2: a quoted node id"),
    ("quoted_comma.csv", r"quoted_comma\.csv: line 2: a quoted node id"),
    ("neg_weight.txt", r"neg_weight\.txt: line 2: negative weight -2"),
    ("neg_weight.csv", r"neg_weight\.csv: line 4: negative weight -0\.5"),
    ("nan_weight.txt", r"nan_weight\.txt: line 1: weight must be a finite number"),
    ("inf_weight.txt", r"inf_weight\.txt: line 2: weight must be a finite number"),
    ("text_weight.txt", r"text_weight\.txt: line 2: weight 'heavy' is not a number"),
    ("four_cols.txt", r"four_cols\.txt: line 1 has 4 columns"),
    ("one_col.txt", r"one_col\.txt: line 1 has 1 columns"),
    ("ragged.txt", r"ragged\.txt: line 2 has 5 columns"),
    ("long_line.txt", r"long_line\.txt: holds no edges"),  # one line: a header
    ("escape_line.txt", r"escape_line\.txt: line 2: not a text file"),
    ("cut.txt.gz", r"cut\.txt\.gz: line \d+: gzip stream is truncated or corrupt"),
    ("garbage.gz", r"garbage\.gz: line 1: gzip stream is truncated or corrupt"),
    ("not_gzip.txt.gz", r"not_gzip\.txt\.gz: line 1: gzip stream is truncated or corrupt"),
    ("empty.txt.gz", r"empty\.txt\.gz: holds no edges"),
]

# every edge-list reader: stats and tc read the same files
for _cmd in ("stats", "tc"):
    CASES += [([_cmd, f, "--out", "table.csv"], rx) for f, rx in EDGE_FILE_CASES]
    CASES += [
        (
            [_cmd, "alpha_id.txt", "--num-nodes", "5", "--out", "table.csv"],
            r"alpha_id\.txt: line 2: node id 'x' is not a number: .*without --num-nodes",
        )
    ]
    # ids of 2**53 or more are read as text (digit for digit), but cannot be positions
    CASES += [
        (
            [_cmd, f, "--num-nodes", "5", "--out", "table.csv"],
            re.escape(f) + r": line 2: node id too large.*without --num-nodes",
        )
        for f in ("huge_1e30.txt", "bigint.txt")
    ]

HYPERGRAPH_FILE_CASES: list[tuple[str, str]] = [
    ("nope.txt", r"nope\.txt.*(no such file|neither a registered)"),
    ("empty.txt", r"empty\.txt: holds no hyperedges"),
    ("h_blank_line.txt", r"h_blank_line\.txt: line 2: empty line"),
    # "1 2 x" is a hyperedge of three names; "1 2 -3" a file of numbers with a negative one
    ("h_neg.txt", r"h_neg\.txt: line 1: expected non-negative integer ids or names, got '-3'"),
    ("h_huge.txt", r"h_huge\.txt: line 1: node id 1,000,000,000,000.*renumber"),
    ("h_binary.txt", r"h_binary\.txt: line 1: not a text file \(control character"),
    ("h_json.json", r"h_json\.json"),
    ("h_hif.json", r"h_hif\.json"),
    ("h_cut.txt.gz", r"h_cut\.txt\.gz: line \d+: gzip stream is truncated or corrupt"),
    ("binary.bin", r"binary\.bin"),
]
# info, project and reconstruct renumber a file's ids (keeping them as names): a huge id is no
# problem there
RENUMBERED_CASES = [(f, rx) for f, rx in HYPERGRAPH_FILE_CASES if f != "h_huge.txt"]
CASES += [(["hypergraph", "info", f], rx) for f, rx in RENUMBERED_CASES]
CASES += [(["hypergraph", "project", f, "--out", "p.csv"], rx) for f, rx in RENUMBERED_CASES]
CASES += [
    (["reconstruct", "--query", f, "--method", "max-cliques", "--out", "r.txt"], rx)
    for f, rx in RENUMBERED_CASES
    # a file the hyperedge reader refuses is tried as an edge list ("1 2\n\n3 4" is one)
    if f not in ("h_json.json", "h_hif.json", "binary.bin")
    and f not in ("h_blank_line.txt", "h_binary.txt")
]

CASES += [
    # datasets
    (["datasets", "--kind", "foo"], r"unknown kind 'foo'; the registry's kinds are .*hypergraph"),
    (["datasets", "--kind", ""], r"unknown kind ''"),
    (["datasets", "--kind", "\x1b[31mred"], r"unknown kind '\\x1b\[31mred'"),
    (["datasets", "--frobnicate"], r"unrecognized arguments: --frobnicate"),
    (["datasets", "extra"], r"unrecognized arguments: extra"),
    # top level
    (["frobnicate"], r"^graphlab: error: argument COMMAND: invalid choice: 'frobnicate'"),
    (["--frobnicate"], r"^graphlab: error: unrecognized arguments: --frobnicate"),
    # unknown datasets / wrong kinds / wrong positional use
    (["stats", "no-such-dataset"], r"'no-such-dataset' is neither a registered dataset"),
    (["stats", "cor"], r"did you mean cora"),
    (["stats"], r"the following arguments are required: DATASET_OR_EDGEFILE"),
    (["stats", "cora", "--num-nodes", "5"], r"apply to edge-list files"),
    (["stats", "cora", "--backend", "spark"], r"argument --backend: invalid choice: 'spark'"),
    (["stats", "edges.txt", "--workers", "2"], r"--workers sizes the local cluster"),
    (["stats", "only_loops.txt"], r"the graph has no edges"),
    (["stats", "edges.txt", "--num-nodes", "2"], r"edges\.txt: line 2: edge \(1, 2\) names a node"),
    (["stats", "edges.txt", "--num-nodes", "1000000000000000000"], r"more than this machine"),
    # huge ids are compacted (huge.txt is a 4-node graph) unless --num-nodes says they are
    # positions: then the id space is checked before anything is allocated
    (["stats", "huge.txt", "--num-nodes", "3"], r"huge\.txt: line 3: edge .* names a node >= "),
    (["tc", "huge.tsv", "--num-nodes", "4"], r"huge\.tsv: line 5: edge .* names a node >= "),
    (["tc", "no-such-dataset"], r"neither a registered dataset"),
    (["tc", "cora", "--num-nodes", "5"], r"--num-nodes applies to edge-list files"),
    (["tc", "edges.txt", "--approx", "--beta", "0.5"], r"--beta is a parameter of exact TC"),
    (
        ["tc", "edges.txt", "--query-edges", "query_out.txt"],
        r"query_out\.txt: line 2: node 99 of pair \(0, 99\) is not a node of the graph edges\.txt",
    ),
    (["tc", "edges.txt", "--query-edges", "nope.txt"], r"nope\.txt: no such file"),
    (["tc", "edges.txt", "--query-edges", "huge.txt"], r"huge\.txt: line 3: node 1000000000000 "),
    (["tc", "edges.txt", "--query-edges", "neg_id.txt"], r"neg_id\.txt: line 2: negative node id"),
    (["tc", "edges.txt", "--query-edges", "binary.bin"], r"binary\.bin: not a text file"),
    (["train", "no-such-dataset"], r"no-such-dataset"),
    (["train", "cora", "--model", "gat"], r"model must be one of 'gcn', 'sage', 'graphconv'"),
    (["train", "cora", "--decoder", "cosine"], r"decoder must be one of"),
    (["train", "cora", "--resume"], r"--resume needs --out RUN_DIR"),
    (["train", "cora", "--out", "run_new", "--device", "tpu9"], r"unknown device 'tpu9'"),
    (["train", "cora", "--out", "rd_nomodel"], r"rd_nomodel already holds a run"),
    (["train", "cora", "--out", "rd_empty", "--resume"], r"rd_empty holds no run"),
    (["train", "cora", "--out", "rd_badconfig", "--resume"], r"rd_badconfig.*config\.json"),
    (["train", "cora", "--out", "rd_nomodel", "--resume", "--epochs", "3"], r"other settings"),
    (
        ["train", "cora", "--out", "rd_badckpt", "--resume", "--epochs", "1"],
        r"rd_badckpt/run_0/checkpoint\.pt: checkpoint truncated or corrupt",
    ),
    (["analyze", "nope_dir"], r"nope_dir"),
    (["analyze", "rd_empty"], r"rd_empty: not a run directory \(no config\.json\)"),
    (["analyze", "rd_badconfig"], r"rd_badconfig.*config\.json"),
    (["analyze", "rd_binconfig"], r"rd_binconfig.*config\.json"),
    (["analyze", "edges.txt"], r"edges\.txt"),
    (["analyze", "rd_nomodel"], r"best_model\.pt: no selected model"),
    (["analyze", "rd_nomodel", "--run", "3"], r"rd_nomodel has run 0 only, not 3$"),
    (["analyze", "rd_badmodel"], r"rd_badmodel/run_0/best_model\.pt: cannot be read as a model"),
    (["analyze", "rd_truncmodel"], r"best_model\.pt: cannot be read as a model: truncated"),
    (["shift", "no-such-dataset"], r"no-such-dataset"),
    (["shift", "edges.txt"], r"edges\.txt"),
    (["hypergraph"], r"the following arguments are required: ACTION"),
    (["hypergraph", "explode", "h_ok.txt"], r"invalid choice: 'explode'"),
    (["hypergraph", "info", "cora"], r"dataset 'cora' is a graph, not a hypergraph"),
    (["hypergraph", "info", "adir"], r"adir"),
    (["hypergraph", "project", "h_ok.txt"], r"the following arguments are required: --out"),
    (["hypergraph", "project", "h_ok.txt", "--out", "p.csv", "--distinct"], r"--distinct only"),
    (["hypergraph", "info", "h_ok.txt", "--part", "middle"], r"argument --part: invalid choice"),
    (["reconstruct"], r"give a registered pair NAME, or --query"),
    (["reconstruct", "shyre-nothing"], r"shyre-nothing"),
    (["reconstruct", "shyre-crime", "--query", "h_ok.txt"], r"give either NAME or --train"),
    (["reconstruct", "--query", "nope.txt"], r"--query nope\.txt: no such file"),
    (["reconstruct", "--query", "h_binary.txt"], r"h_binary\.txt: .*not a text file"),
    (["reconstruct", "--query", "h_neg.txt", "--method", "max-cliques"], r"h_neg\.txt: line 1"),
    (["reconstruct", "--query", "h_ok.txt"], r"needs a training hypergraph \(--train H0\)"),
    (["reconstruct", "--query", "h_ok.txt", "--train", "nope.txt"], r"--train nope\.txt"),
    (["reconstruct", "--query", "h_ok.txt", "--train", "empty.txt"], r"no hyperedge"),
    (["reconstruct", "--query", "h_ok.txt", "--method", "magic"], r"argument --method"),
    (["reconstruct", "--query", "h_ok.txt", "--classifier", "svm"], r"argument --classifier"),
    (
        ["reconstruct", "--query", "h_ok.txt", "--method", "max-cliques", "--truth", "empty.txt"],
        r"--truth empty\.txt: holds no hyperedges",
    ),
    (
        ["reconstruct", "--query", "h_ok.txt", "--method", "max-cliques", "--truth", "nope.txt"],
        r"--truth nope\.txt: no such file",
    ),
    (
        ["reconstruct", "--query", "h_ok.txt", "--method", "max-cliques", "--truth", "h_other.txt"],
        r"--truth h_other\.txt does not project onto the query h_ok\.txt: nodes 5 and 6 share",
    ),
    (
        ["reconstruct", "--query", "h_ok.txt", "--method", "max-cliques", "--truth", "h_pair.txt"],
        r"--truth h_pair\.txt does not project onto the query h_ok\.txt: query edge \(1, 3\)",
    ),
    (
        ["reconstruct", "--query", "h_ok.txt", "--method", "max-cliques", "--table", "t.csv"],
        r"--table needs ground truth",
    ),
    (["reconstruct", "shyre-crime", "--truth", "h_ok.txt"], r"does not project onto the query"),
    (["demo", "--frobnicate"], r"^graphlab demo: error: unrecognized arguments: --frobnicate"),
    # an unknown flag is reported by the subcommand, with its help (not `graphlab --help`)
    *[
        (
            [*cmd, "--bogus"],
            rf"^graphlab {cmd[0]}: error: unrecognized arguments: --bogus "
            rf"\(see `graphlab {cmd[0]} --help`\)$",
        )
        for cmd in (
            ["stats", "edges.txt"],
            ["tc", "edges.txt"],
            ["train", "cora"],
            ["analyze", "rd_nomodel"],
            ["shift", "ogbl-collab"],
            ["hypergraph", "info", "h_ok.txt"],
            ["reconstruct", "--query", "h_ok.txt"],
            ["datasets"],
        )
    ],
    # a dataset of the wrong kind says what the command needs in words, never a class name
    (["stats", "contact-primary-school"], r"is a hypergraph, not a graph$"),
    (["tc", "shyre-crime"], r"is a train/test hypergraph pair, not a graph$"),
    (["reconstruct", "cora"], r"^graphlab reconstruct: error: dataset 'cora' is a graph, not a t"),
    (["demo", "--out-dir", "edges.txt"], r"edges\.txt"),
]


def _ids(case: tuple[list[str], str]) -> str:
    return " ".join(case[0])[:80]


@pytest.mark.parametrize(("argv", "pattern"), CASES, ids=[_ids(c) for c in CASES])
def test_bad_input_is_one_line_and_exit_2(argv, pattern, workdir, monkeypatch, capsys):
    monkeypatch.chdir(workdir)
    before = tree_snapshot(workdir)
    status = main(argv)
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert status == 2, (status, captured.err[-2000:])
    assert len(lines) == 1, captured.err[-2000:]
    line = lines[0]
    assert "Traceback" not in captured.err
    assert "weights_only" not in line
    assert line.isprintable(), line  # binary content is escaped, never echoed raw
    assert len(line) <= 400, line
    assert re.search(pattern, line), line
    assert line.startswith("graphlab"), line
    assert tree_snapshot(workdir) == before, "a failed command created or changed a file"


def test_the_corpus_is_large():
    assert len(CASES) >= 150


# --------------------------------------------------------------------------- real processes

SUBPROCESS_CASES = [
    (["stats", "edges.txt", "--num-nodes", "1000000000000"], r"num_nodes=1,000,000,000,000"),
    (
        ["stats", "huge_1e30.txt", "--num-nodes", "5"],
        r"node id too large",
    ),  # pandas' cast warning stays quiet
    (["analyze", "rd_nomodel", "--k", "0"], r"argument --k: must be an integer >= 1"),
    (["analyze", "rd_badmodel"], r"cannot be read as a model"),
    (["datasets", "--kind", "foo"], r"unknown kind 'foo'"),
]


def _run(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "graphlab", *argv],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("argv", "pattern"), SUBPROCESS_CASES, ids=[_ids(c) for c in SUBPROCESS_CASES]
)
def test_bad_input_in_a_real_process(argv, pattern, workdir):
    before = tree_snapshot(workdir)
    res = _run(argv, workdir)
    assert res.returncode == 2, res.stderr
    assert len(res.stderr.splitlines()) == 1, res.stderr
    assert re.search(pattern, res.stderr) and "Traceback" not in res.stderr
    assert tree_snapshot(workdir) == before


def test_a_closed_pipe_ends_quietly(workdir):
    """`graphlab datasets | head -1`: no BrokenPipeError traceback, status 0 or 141."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "graphlab", "datasets", "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=workdir,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before the first line is written
    err = proc.stderr.read().decode()
    status = proc.wait(timeout=120)
    assert status in (0, 141), err
    assert "Traceback" not in err and "BrokenPipe" not in err, err


def test_json_output_is_untouched_by_the_parser_change(workdir, capsys, monkeypatch):
    monkeypatch.chdir(workdir)
    assert main(["datasets", "--kind", "link", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert {d["kind"] for d in summary["datasets"]} == {"link"}
