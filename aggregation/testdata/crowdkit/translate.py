"""Writes crowd-kit's own test datasets out as CSV files, once.

The datasets are pytest fixtures in crowd-kit's tests (tests/conftest.py,
tests/aggregation/test_ds_aggregation.py, test_bt_aggregation.py and
data_gold_mv.py). This script calls them and writes each one here, rows in the
fixture's order (the order matters: crowd-kit numbers workers, tasks and
labels in the order they first appear in some places).

    PYTHONPATH=/path/to/crowd-kit:/path/to/crowd-kit/tests python3 translate.py

Cells follow the DataFrame's CSV convention: true/false unquoted are booleans,
unquoted numbers are numbers, everything else is a string.
"""

import csv
import os
import sys

import conftest
from aggregation import data_gold_mv, test_bt_aggregation, test_ds_aggregation

HERE = os.path.dirname(os.path.abspath(__file__))


def call(fixture, *args):
    return fixture.__pytest_wrapped__.obj(*args)


def cell(v):
    if isinstance(v, bool) or type(v).__name__ == "bool_":
        return "true" if v else "false"
    return str(v)


def write(name, frame):
    path = os.path.join(HERE, name + ".csv")
    with open(path, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(list(frame.columns))
        for row in frame.itertuples(index=False):
            w.writerow([cell(v) for v in row])
    print("wrote", path, len(frame), "rows", file=sys.stderr)


def write_series(name, series, key, value):
    frame = series.rename(value).rename_axis(key).reset_index()
    write(name, frame)


write("toy", call(conftest.toy_answers_df))
write_series("toy_truth", call(conftest.toy_ground_truth_df), "task", "label")
write_series("toy_gold", call(conftest.toy_gold_df), "task", "label")
write("simple", call(conftest.simple_answers_df))
write_series("simple_truth", call(conftest.simple_ground_truth), "task", "label")
write_series("simple_gold", call(conftest.simple_gold_df), "task", "label")
write("bool", call(conftest.data_with_bool_labels))
write("ds_steps", call(test_ds_aggregation.data))
write("multiple_gt", call(data_gold_mv.multiple_gt_df))
write_series("multiple_gt_gold", call(data_gold_mv.multiple_gt_gt), "task", "label")
write("pairs_abc", call(test_bt_aggregation.data_abc))
write("pairs_equal", call(test_bt_aggregation.data_equal))
