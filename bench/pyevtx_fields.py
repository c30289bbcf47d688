#!/usr/bin/env python3
"""python-evtx baseline for bench/evtx.sh: every record of every .evtx file
under DIR parsed into a field map (System fields and EventData/UserData
name -> value), as `huntbook logs` does. Prints the record count."""
import os
import sys
import xml.etree.ElementTree as ET

import Evtx.Evtx as evtx

NS = '{http://schemas.microsoft.com/win/2004/08/events/event}'


def fields(xml):
    root = ET.fromstring(xml)
    m = {}
    for k in root.find(NS + 'System'):
        m[k.tag.split('}')[-1]] = k.text
        for a, v in k.attrib.items():
            m[a] = v
    for sec in root:
        if sec.tag == NS + 'System':
            continue
        for i, d in enumerate(sec.iter()):
            if d is sec:
                continue
            m[d.attrib.get('Name', 'Data[%d]' % i)] = d.text
    return m


n = 0
for d, _, fs in os.walk(sys.argv[1]):
    for f in sorted(fs):
        if not f.lower().endswith('.evtx'):
            continue
        with evtx.Evtx(os.path.join(d, f)) as log:
            for rec in log.records():
                try:
                    fields(rec.xml())
                except ET.ParseError:
                    pass  # control characters python-evtx writes unescaped
                n += 1
print(n)
