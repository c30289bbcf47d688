#!/usr/bin/env python3
"""The baseline for bench/attack.sh: plain Python over MITRE's STIX bundle.

    python3 bench/attack_python.py ../shared/data/attack/enterprise-attack-18.1.json T1003.001

json.load of the whole bundle, then the walk huntbook's `technique`
command does: the technique by its ATT&CK ID, its detection strategies
(detects relationships), their analytics, each analytic's log source
references and the events of each ("EventCode=13, 14" is two), printed one
row per event. Nothing but the standard library, as a hunter would write it.
"""
import json
import re
import sys


def attack_id(o):
    for r in o.get("external_references") or []:
        if r.get("source_name") in ("mitre-attack", "mitre-ics-attack", "mitre-mobile-attack"):
            return r.get("external_id", "")
    return ""


def main(path, technique):
    with open(path, encoding="utf-8") as f:
        bundle = json.load(f)
    by_id = {o["id"]: o for o in bundle["objects"]}
    tech = next(o for o in bundle["objects"]
                if o["type"] == "attack-pattern" and attack_id(o) == technique and not o.get("revoked"))
    print("%s %s" % (technique, tech["name"]))
    print("tactics: " + ", ".join(p["phase_name"] for p in tech.get("kill_chain_phases", [])))
    print("platforms: " + ", ".join(tech.get("x_mitre_platforms", [])))
    for rel in bundle["objects"]:
        if rel["type"] != "relationship" or rel["relationship_type"] != "detects" or rel["target_ref"] != tech["id"]:
            continue
        strategy = by_id[rel["source_ref"]]
        if strategy["type"] != "x-mitre-detection-strategy":
            continue
        print("%s %s" % (attack_id(strategy), strategy["name"]))
        for ref in strategy.get("x_mitre_analytic_refs", []):
            analytic = by_id[ref]
            for src in analytic.get("x_mitre_log_source_references", []):
                component = by_id[src["x_mitre_data_component_ref"]]
                channel = src["channel"]
                events = re.findall(r"\d+", channel) if channel.startswith("EventCode=") else [channel]
                for ev in events:
                    print("  %s %s %s %s %s" % (attack_id(analytic), ", ".join(analytic.get("x_mitre_platforms", [])),
                                                component["name"], src["name"], ev))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "T1003.001")
