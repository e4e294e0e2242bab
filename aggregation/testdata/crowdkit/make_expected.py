"""Runs crowd-kit on the datasets beside this file and writes expected.json.

    PYTHONPATH=/path/to/crowd-kit python3 make_expected.py

It also writes the generated datasets (random*.csv, pairs_random.csv) from a
fixed seed first; numpy's legacy RandomState gives the same numbers on every
numpy version, so they come out the same each time.

expected.json holds one entry per case: the dataset, the class and its
options, the call, and every fitted attribute crowd-kit leaves behind, with
full float precision. The Go tests in ../../ (crowdkit_test.go) read it.
"""

import csv
import json
import math
import os
import sys
import warnings

import numpy as np
import pandas as pd
import scipy

import crowdkit
from crowdkit.aggregation import (
    GLAD,
    KOS,
    MACE,
    MMSR,
    BradleyTerry,
    DawidSkene,
    GoldMajorityVote,
    MajorityVote,
    NoisyBradleyTerry,
    OneCoinDawidSkene,
    Wawa,
    ZeroBasedSkill,
)
from crowdkit.aggregation.utils import get_accuracy
from crowdkit.metrics.data import consistency, uncertainty
from crowdkit.metrics.workers import accuracy_on_aggregates

HERE = os.path.dirname(os.path.abspath(__file__))
warnings.simplefilter("ignore")


def parse_cell(s):
    if s == "true":
        return True
    if s == "false":
        return False
    try:
        return int(s)
    except ValueError:
        pass
    try:
        return float(s)
    except ValueError:
        return s


def read(name):
    with open(os.path.join(HERE, name + ".csv"), newline="") as f:
        rows = list(csv.reader(f))
    return pd.DataFrame([[parse_cell(c) for c in r] for r in rows[1:]], columns=rows[0])


def read_series(name):
    frame = read(name)
    return pd.Series(list(frame["label"]), index=list(frame["task"]))


def write(name, frame):
    with open(os.path.join(HERE, name + ".csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(list(frame.columns))
        for row in frame.itertuples(index=False):
            w.writerow([str(v) for v in row])


def generate():
    """Answers from workers of known accuracy, shuffled so that first
    appearance differs from sorted order."""
    rng = np.random.RandomState(20240601)
    workers = ["w%02x" % int(x) for x in rng.choice(256, size=15, replace=False)]
    accuracy = rng.uniform(0.3, 0.95, size=len(workers))
    rows = []
    for t in range(80):
        task = "task-%03d" % int(rng.randint(1000))
        truth = int(rng.randint(3))
        for w in rng.choice(len(workers), size=5, replace=False):
            label = truth if rng.rand() < accuracy[w] else int(rng.choice([l for l in range(3) if l != truth]))
            rows.append([task + "-%d" % t, workers[w], label])
    rows = [rows[i] for i in rng.permutation(len(rows))]
    write("random", pd.DataFrame(rows, columns=["task", "worker", "label"]))

    rows = []
    for t in range(60):
        truth = int(rng.randint(2))
        for w in rng.choice(len(workers), size=4, replace=False):
            right = rng.rand() < accuracy[w]
            label = ["pos", "neg"][truth if right else 1 - truth]
            rows.append(["b%02d" % t, workers[w], label])
    rows = [rows[i] for i in rng.permutation(len(rows))]
    write("random_binary", pd.DataFrame(rows, columns=["task", "worker", "label"]))

    items = ["item%d" % i for i in range(8)]
    strength = rng.uniform(0, 3, size=len(items))
    rows = []
    for k in range(120):
        w = workers[rng.randint(10)]
        i, j = rng.choice(len(items), size=2, replace=False)
        p = 1 / (1 + math.exp(strength[j] - strength[i]))
        win = items[i] if rng.rand() < p else items[j]
        rows.append([w, "p%03d" % k, items[i], items[j], win])
    write("pairs_random", pd.DataFrame(rows, columns=["worker", "task", "left", "right", "label"]))


def plain(v):
    if isinstance(v, (np.bool_, bool)):
        return bool(v)
    if isinstance(v, np.integer):
        return int(v)
    if isinstance(v, (np.floating, float)):
        f = float(v)
        return None if math.isnan(f) else f
    if isinstance(v, tuple):
        return [plain(x) for x in v]
    return v


def encode(value):
    if isinstance(value, pd.Series):
        return {"kind": "series", "index": [plain(i) for i in value.index], "values": [plain(v) for v in value]}
    if isinstance(value, pd.DataFrame):
        return {
            "kind": "frame",
            "index": [plain(i) for i in value.index],
            "columns": [plain(c) for c in value.columns],
            "values": [[plain(v) for v in row] for row in value.itertuples(index=False)],
        }
    if isinstance(value, np.ndarray):
        return {"kind": "array", "values": [[plain(v) for v in row] for row in value.tolist()]}
    if isinstance(value, list):
        return {"kind": "list", "values": [plain(v) for v in value]}
    return {"kind": "scalar", "value": plain(value)}


ATTRIBUTES = ["labels_", "probas_", "skills_", "priors_", "errors_", "loss_history_", "alphas_", "betas_",
              "scores_", "thetas_", "spamming_", "biases_"]

cases = []


def case(name, dataset, cls, params, call="fit", args=None, data=None):
    args = args or {}
    data = read(dataset) if data is None else data
    agg = cls(**params)
    call_args = {k: build() for k, (_, build) in args.items()}
    entry = {"name": name, "dataset": dataset, "class": cls.__name__, "params": params, "call": call,
             "args": {k: desc for k, (desc, _) in args.items()}}
    try:
        getattr(agg, call)(data, **call_args)
    except Exception as e:  # crowd-kit cannot do this one: say so, the Go test skips it
        entry["crowdkit_error"] = f"{type(e).__name__}: {e}"
        cases.append(entry)
        return
    out = {}
    for a in ATTRIBUTES:
        v = getattr(agg, a, None)
        if v is not None and not (isinstance(v, float) and math.isnan(v)):
            out[a] = encode(v)
    entry["expected"] = out
    cases.append(entry)


def metric(name, dataset, fn, kwargs, args=None):
    args = args or {}
    data = read(dataset)
    call_args = {k: build() for k, (_, build) in args.items()}
    result = fn(data, **kwargs, **call_args)
    cases.append({"name": name, "dataset": dataset, "metric": fn.__name__, "params": kwargs,
                  "args": {k: desc for k, (desc, _) in args.items()}, "expected": {"result": encode(result)}})


def gold(name):
    """The golden labels in name.csv."""
    return "gold:" + name, lambda: read_series(name)


def skills(values):
    """Skills given inline: the Go test reads them from the case."""
    return {"skills": values}, lambda: pd.Series(values)


def aggregator(cls):
    return "aggregator:" + cls.__name__, lambda: cls()


generate()
toy_skills = {"w1": 0.1, "w2": 0.9, "w3": 0.75, "w4": 0.6, "w5": 0.4}
CLASSIFICATION = ["toy", "simple", "ds_steps", "bool", "random", "random_binary"]

for ds in CLASSIFICATION:
    case(f"mv/{ds}", ds, MajorityVote, {})
    case(f"wawa/{ds}", ds, Wawa, {}, call="fit_predict_proba")
    case(f"zbs/{ds}", ds, ZeroBasedSkill, {}, call="fit_predict_proba")
    case(f"ds/{ds}", ds, DawidSkene, {})
    case(f"onecoin/{ds}", ds, OneCoinDawidSkene, {})
    case(f"glad/{ds}", ds, GLAD, {})
    case(f"mace-vb/{ds}", ds, MACE, {})
    case(f"mace-em/{ds}", ds, MACE, {"method": "em"})
    case(f"mmsr/{ds}", ds, MMSR, {}, call="fit_predict_score")

case("mv-skills/toy", "toy", MajorityVote, {}, call="fit_predict", args={"skills": skills(toy_skills)})
case("mv-skills-value/toy", "toy", MajorityVote, {"on_missing_skill": "value", "default_skill": 0.55},
     call="fit_predict", args={"skills": skills({k: v for k, v in toy_skills.items() if k != "w3"})})
case("mv-skills-ignore/toy", "toy", MajorityVote, {"on_missing_skill": "ignore"},
     call="fit_predict", args={"skills": skills({k: v for k, v in toy_skills.items() if k != "w3"})})
case("zbs-options/simple", "simple", ZeroBasedSkill,
     {"n_iter": 37, "lr_init": 0.7, "lr_steps_to_reduce": 5, "lr_reduce_factor": 0.8, "eps": 0.01}, call="fit_predict")
for ds, g in [("toy", "toy_gold"), ("simple", "simple_gold"), ("multiple_gt", "multiple_gt_gold")]:
    case(f"gold-mv/{ds}", ds, GoldMajorityVote, {}, call="fit_predict_proba", args={"true_labels": gold(g)})
for n in [0, 1, 2, 20]:
    case(f"ds-steps-{n}/ds_steps", "ds_steps", DawidSkene, {"n_iter": n})
case("ds-tol0/toy", "toy", DawidSkene, {"n_iter": 10, "tol": 0})
case("ds-gold/toy", "toy", DawidSkene, {"n_iter": 10}, args={"true_labels": gold("toy_gold")})
case("ds-gold/simple", "simple", DawidSkene, {}, args={"true_labels": gold("simple_gold")})
case("ds-gold/multiple_gt", "multiple_gt", DawidSkene, {}, args={"true_labels": gold("multiple_gt_gold")})


def initial_error(kind):
    index = pd.MultiIndex.from_product([["w1", "w2", "w3", "w4", "w5"], ["yes", "no"]], names=["worker", "label"])
    e = pd.DataFrame(np.zeros((len(index), 2)), index=index, columns=["no", "yes"])
    if kind == "addition":
        e.loc[("w2", "yes"), "no"] = 1.1
        e.loc[("w2", "yes"), "yes"] = 0.9
        e.loc[("w2", "no"), "yes"] = 0.4
        e.loc[("w2", "no"), "no"] = 0.6
    elif kind == "assign":
        e.loc[:, :] = np.random.RandomState(42).randint(1, 100, size=e.shape)
        e = e / e.groupby("worker", sort=False).sum()
    elif kind == "counts":
        e.loc[:, :] = np.random.RandomState(7).randint(1, 100, size=e.shape)
    return e


def error(kind):
    """An initial error matrix, also written to toy_initial_error_KIND.csv."""
    return "error:toy_initial_error_" + kind, lambda: initial_error(kind)


def write_error(kind):
    e = initial_error(kind).reset_index()
    write("toy_initial_error_" + kind, e)


for kind in ["addition", "assign", "counts"]:
    write_error(kind)
for n in [0, 10]:
    case(f"ds-addition-{n}/toy", "toy", DawidSkene, {"n_iter": n, "initial_error_strategy": "addition"},
         args={"initial_error": error("addition")})
    case(f"ds-assign-{n}/toy", "toy", DawidSkene, {"n_iter": n, "initial_error_strategy": "assign"},
         args={"initial_error": error("assign")})
    case(f"ds-assign-counts-{n}/toy", "toy", DawidSkene, {"n_iter": n, "initial_error_strategy": "assign"},
         args={"initial_error": error("counts")})

case("glad-short/toy", "toy", GLAD, {"n_iter": 3})
case("glad-tol0/simple", "simple", GLAD, {"n_iter": 20, "tol": 0})
case("glad-options/simple", "simple", GLAD, {"m_step_max_iter": 5, "m_step_tol": 0.1})
case("kos/bool", "bool", KOS, {"n_iter": 10})
case("kos/random_binary", "random_binary", KOS, {})
case("kos-seed/random_binary", "random_binary", KOS, {"n_iter": 7, "random_state": 3})
case("mace-short/simple", "simple", MACE, {"n_restarts": 1, "n_iter": 5})
case("mace-options/random", "random", MACE,
     {"n_restarts": 3, "n_iter": 20, "smoothing": 0.2, "default_noise": 0.3, "alpha": 0.7, "beta": 0.4, "random_state": 5})
case("mmsr-seed/random", "random", MMSR, {"random_state": 11, "n_iter": 500}, call="fit_predict_score")

for ds in ["pairs_abc", "pairs_equal", "pairs_random"]:
    for n_iter, tol in [(0, 0), (10, 0), (100500, 1e-5)]:
        case(f"bt-{n_iter}-{tol}/{ds}", ds, BradleyTerry, {"n_iter": n_iter, "tol": tol})
    case(f"noisy-bt/{ds}", ds, NoisyBradleyTerry, {})
    case(f"noisy-bt-10/{ds}", ds, NoisyBradleyTerry, {"n_iter": 10, "tol": 0})
case("noisy-bt-options/pairs_random", "pairs_random", NoisyBradleyTerry,
     {"n_iter": 30, "tol": 1e-3, "regularization_ratio": 0.01, "random_state": 4})

for ds in ["toy", "simple", "random"]:
    metric(f"consistency/{ds}", ds, consistency, {})
    metric(f"consistency-by-task/{ds}", ds, consistency, {"by_task": True})
    metric(f"uncertainty/{ds}", ds, uncertainty, {})
    metric(f"uncertainty-by-worker/{ds}", ds, uncertainty, {"compute_by": "worker", "aggregate": False})
    metric(f"accuracy-on-aggregates/{ds}", ds, accuracy_on_aggregates, {})
    metric(f"accuracy-on-aggregates-by-worker/{ds}", ds, accuracy_on_aggregates, {"by": "worker"})
metric("consistency-skills/toy", "toy", consistency, {"by_task": True}, args={"workers_skills": skills(toy_skills)})
metric("uncertainty-skills/toy", "toy", uncertainty, {"aggregate": False}, args={"workers_skills": skills(toy_skills)})
metric("consistency-ds/simple", "simple", consistency, {}, args={"aggregator": aggregator(OneCoinDawidSkene)})
metric("uncertainty-wawa/simple", "simple", uncertainty, {}, args={"aggregator": aggregator(Wawa)})


def golden_set_accuracy(data, true_labels, by="worker"):
    return get_accuracy(data, true_labels, by=by)


for ds, g in [("toy", "toy_gold"), ("simple", "simple_gold"), ("multiple_gt", "multiple_gt_gold")]:
    metric(f"golden-accuracy/{ds}", ds, golden_set_accuracy, {}, args={"true_labels": gold(g)})
    metric(f"golden-accuracy-total/{ds}", ds, golden_set_accuracy, {"by": None}, args={"true_labels": gold(g)})

with open(os.path.join(HERE, "expected.json"), "w") as f:
    json.dump({"crowdkit": crowdkit.__version__, "numpy": np.__version__, "pandas": pd.__version__, "scipy": scipy.__version__,
               "cases": cases}, f, indent=1, sort_keys=False)
    f.write("\n")
print("wrote", len(cases), "cases", file=sys.stderr)
