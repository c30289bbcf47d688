#!/usr/bin/env python3
"""The seed notebook's data logic in pandas, as the baseline bench/top.sh and
bench/report.sh time huntbook against. Reads the mapping with PyYAML's C
loader (CSafeLoader), as a fair pandas user would; the seed itself used the
slower pure-Python yaml.safe_load. Needs Debian's python3-pandas, python3-yaml.
"""
import sys

import pandas as pd
import yaml

with open(sys.argv[1]) as f:
    mapping = pd.json_normalize(yaml.load(f, Loader=yaml.CSafeLoader))
sub = "x_mitre_is_subtechnique" if "x_mitre_is_subtechnique" in mapping else "is_subtechnique"
print(mapping.head())
enterprise_sub = mapping[mapping[sub] == True][["technique_id", "data_source", "data_component"]].drop_duplicates()
print(enterprise_sub["data_source"].value_counts().nlargest(15))
print(enterprise_sub["data_component"].value_counts().nlargest(15))
relationships = mapping[["source", "target", "relationship"]].drop_duplicates().dropna().reset_index(drop=True)
print(relationships.head())
t = mapping[mapping["technique_id"] == "T1003.001"]
print(t[["data_source", "data_component"]].drop_duplicates())
print(t)
