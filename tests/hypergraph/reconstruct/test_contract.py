"""scikit-learn's estimator contract, run over every reconstructor."""

from __future__ import annotations

import pytest
from sklearn.base import clone

from graphlab.errors import InputError
from hypergraph.core import Hypergraph
from hypergraph.projection import clique_expansion
from hypergraph.reconstruct import (
    CliqueCover,
    MaxCliques,
    NotFittedError,
    Reconstructor,
    SHyRe,
)

TRAIN = Hypergraph.from_edges([[0, 1, 2], [2, 3], [3, 4], [2, 4], [5, 6, 7, 8], [5, 6], [8, 9]])
TEST = Hypergraph.from_edges([[0, 1, 2, 3], [3, 4], [4, 5], [3, 5], [0, 1], [6, 7, 8]])
QUERY = clique_expansion(TEST)

# every reconstructor, with non-default parameters where it has them (a default would hide a
# parameter that __init__ does not store under its own name)
ESTIMATORS = {
    "max-cliques": lambda: MaxCliques(max_cliques=10_000),
    "clique-cover": lambda: CliqueCover(seed=5, to_maximal=True),
    "shyre-lr": lambda: SHyRe(50, classifier="lr", threshold=0.4, seed=3),
    "shyre-mlp-motif": lambda: SHyRe(50, features="motif", motif_cap=8, seed=1),
}


# reconstructors of weighted projections run the contract in their own module (they need a
# weighted query): name -> that module, which must exercise clone and NotFittedError
ELSEWHERE = {"MultiplicityReconstructor": "test_multiplicity.py"}


def test_every_reconstructor_is_covered():
    from pathlib import Path

    classes = {type(make()) for make in ESTIMATORS.values()}
    others = {c for c in Reconstructor.__subclasses__() if c.__name__ in ELSEWHERE}
    assert classes | others == set(Reconstructor.__subclasses__())
    for cls in others:
        text = (Path(__file__).parent / ELSEWHERE[cls.__name__]).read_text()
        assert cls.__name__ in text and "clone(" in text and "NotFittedError" in text


@pytest.fixture(params=sorted(ESTIMATORS))
def make(request):
    return ESTIMATORS[request.param]


def test_params_round_trip(make):
    est = make()
    params = est.get_params()
    assert params == est.get_params(deep=False)  # no parameter is itself an estimator
    assert type(est)(**params).get_params() == params
    assert est.set_params(**params) is est and est.get_params() == params
    assert (
        repr(est) == f"{type(est).__name__}({', '.join(f'{k}={v!r}' for k, v in params.items())})"
    )
    name = next(iter(params))
    with pytest.raises(InputError, match="unknown parameter 'nope'"):
        est.set_params(nope=1)
    est.set_params(**{name: params[name]})
    assert est.get_params() == params


def test_predict_before_fit_raises(make):
    est = make()
    with pytest.raises(NotFittedError, match="not fitted"):
        est.predict(QUERY)
    assert not est.__sklearn_is_fitted__()
    assert issubclass(NotFittedError, InputError)


def test_fit_returns_self_and_clone_is_unfitted(make):
    est = make()
    assert est.fit(TRAIN) is est
    assert est.__sklearn_is_fitted__()
    copy = clone(est)
    assert copy is not est and type(copy) is type(est)
    assert copy.get_params() == est.get_params()
    assert not copy.__sklearn_is_fitted__()
    with pytest.raises(NotFittedError):
        copy.predict(QUERY)


def test_same_seed_same_output(make):
    first = make().fit(TRAIN).predict(QUERY)
    again = clone(make()).fit(TRAIN).predict(QUERY)
    assert isinstance(first, Hypergraph) and first.num_nodes == QUERY.num_nodes
    assert first.edges() == again.edges()
    # a refit of the same object gives the same answer too
    est = make().fit(TRAIN)
    assert est.fit(TRAIN).predict(QUERY).edges() == first.edges()


def test_predict_names_nodes_as_the_query(make):
    """A query with node_ids (a file's names or ids) gives a reconstruction whose node_names
    are those ids; the hyperedges are those of the unnamed query."""
    names = [f"n{i}" for i in range(QUERY.num_nodes)]
    plain = make().fit(TRAIN).predict(QUERY)
    named = make().fit(TRAIN).predict(QUERY.with_node_ids(names))
    assert named.edges() == plain.edges() and plain.node_names is None
    assert named.node_names.tolist() == names
