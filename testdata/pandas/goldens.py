#!/usr/bin/env python3
"""Computes the seed notebook's tables with pandas, for huntbook's goldens.

Development tool, not needed to build or test huntbook. Run it from the
repository root with Debian's python3-pandas and python3-yaml:

    /usr/bin/python3 testdata/pandas/goldens.py ../shared/data/ossem-dm/techniques_to_events_mapping.yaml 2021
    /usr/bin/python3 testdata/pandas/goldens.py ../shared/data/ossem-dm/techniques_to_events_mapping.v2022.yaml 2022

It writes testdata/pandas/<schema>/*.json: each table as columns, index and
rows of tagged cells (see tag below), so NaN, None, ints and strings stay
distinct. The pandas code is the seed's, with the 2022 column names.
"""
import json
import math
import os
import sys

import pandas as pd
import yaml


def tag(v):
    if v is None:
        return "None"
    if isinstance(v, bool):
        return "bool:%s" % v
    if isinstance(v, int) or type(v).__name__.startswith("int"):
        return "int:%d" % int(v)
    if isinstance(v, float) or type(v).__name__.startswith("float"):
        return "NaN" if math.isnan(v) else "float:%r" % float(v)
    if isinstance(v, str):
        return "str:" + v
    if isinstance(v, list):
        return ["list"] + [tag(e) for e in v]
    if isinstance(v, dict):
        return ["dict"] + [[k, tag(e)] for k, e in v.items()]
    raise TypeError(type(v))


def frame(df):
    return {
        "columns": [str(c) for c in df.columns],
        "index": [int(i) for i in df.index],
        "data": [[tag(v) for v in row] for row in df.itertuples(index=False, name=None)],
    }


def series(s):
    return {
        "name": s.name,
        "index": [tag(i) for i in s.index],
        "values": [int(v) for v in s.values],
    }


def main(path, schema):
    sub = "x_mitre_is_subtechnique" if schema == "2021" else "is_subtechnique"
    with open(path) as f:
        records = yaml.load(f, Loader=yaml.CSafeLoader)
    mapping = pd.json_normalize(records)
    out = {}
    out["head"] = frame(mapping.head())
    enterprise_sub = mapping[mapping[sub] == True][["technique_id", "data_source", "data_component"]].drop_duplicates()
    out["sub_components"] = {"rows": len(enterprise_sub), "first": frame(enterprise_sub.head(20))}
    for col in ("data_source", "data_component"):
        out["value_counts_" + col] = series(enterprise_sub[col].value_counts())
        out["top15_" + col] = series(enterprise_sub[col].value_counts().nlargest(15))
    relationships = mapping[["source", "target", "relationship"]].drop_duplicates().dropna().reset_index(drop=True)
    out["relationships"] = frame(relationships)
    t = mapping[mapping["technique_id"] == "T1003.001"]
    out["t1003_001_components"] = frame(t[["data_source", "data_component"]].drop_duplicates())
    out["t1003_001_rows"] = frame(t)
    # Gaps: (technique, component) pairs none of whose rows has an event.
    has = mapping.assign(has_event=mapping["event_id"].notna())
    g = has.groupby(["technique_id", "data_source", "data_component"], sort=False)["has_event"].any().reset_index()
    g = g[~g["has_event"]]
    gaps = {}
    for _, r in g.iterrows():
        gaps.setdefault(r["data_source"] + "|" + r["data_component"], []).append(r["technique_id"])
    out["gaps"] = gaps
    out["facts"] = {
        "records": len(mapping),
        "duplicated_records": int(mapping.astype(str).duplicated().sum()),
        "techniques": int(mapping["technique_id"].nunique()),
    }
    dest = os.path.join(os.path.dirname(os.path.abspath(__file__)), schema)
    os.makedirs(dest, exist_ok=True)
    for name, v in out.items():
        with open(os.path.join(dest, name + ".json"), "w") as f:
            json.dump(v, f, indent=1, ensure_ascii=False)
            f.write("\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
