#!/usr/bin/python3
"""Baseline for bench/sigma.sh: parse every .yml/.yaml rule under a folder
with PyYAML's C loader (yaml.CSafeLoader), every document, as pySigma's
SigmaCollection.from_yaml reads them, and print how many documents."""
import os
import sys

import yaml

n = 0
for d, _, files in os.walk(sys.argv[1]):
    for f in files:
        if f.lower().endswith(('.yml', '.yaml')):
            with open(os.path.join(d, f), 'rb') as fh:
                n += sum(1 for _ in yaml.load_all(fh, Loader=yaml.CSafeLoader))
print(n, 'documents')
