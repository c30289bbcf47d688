#!/usr/bin/env bash
# Times reading EVTX files to field maps: the whole `huntbook logs` process
# (every record decoded: System fields and EventData/UserData), next to
# libevtx's evtxexport (one process per file, XML out) and python-evtx
# (bench/pyevtx_fields.py: records to XML to field maps), in the same run,
# and prints the medians and the ratios.
#
#   bench/evtx.sh [DIR] [RUNS]
#
# DIR defaults to ../shared/data/evtx (EVTX-ATTACK-SAMPLES, 119 files).
# Baselines need Debian's libevtx-utils and python3-evtx; without them only
# huntbook is timed. Targets: faster than evtxexport, at least 20x python-evtx.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-../shared/data/evtx}
runs=${2:-5}
bin=$(mktemp -d)/huntbook
trap 'rm -rf "$(dirname "$bin")"' EXIT
go build -o "$(dirname "$bin")/" ./cmd/...

source bench/lib.sh

files=$(find "$dir" -iname '*.evtx' | wc -l)
size=$(find "$dir" -iname '*.evtx' -print0 | du -cb --files0-from=- | tail -n 1 | cut -f1)
printf 'files              %d under %s (%.1f MB)\n' "$files" "$dir" "$(echo "$size/1048576" | bc -l)"
read -r hb_t hb_m < <(median_run "$runs" "$bin" logs "$dir" --format json)
printf 'huntbook logs      %6.3f s  %5d MB peak\n' "$hb_t" "$hb_m"
read -r hb1_t hb1_m < <(median_run "$runs" env GOMAXPROCS=1 "$bin" logs "$dir" --format json)
printf '  on one core      %6.3f s  %5d MB peak\n' "$hb1_t" "$hb1_m"
if command -v evtxexport >/dev/null; then
	export dir
	read -r ee_t ee_m < <(median_run "$runs" bash -c 'find "$dir" -iname "*.evtx" -print0 | xargs -0 -n 1 evtxexport -f xml >/dev/null')
	printf 'evtxexport         %6.3f s  %5d MB peak  huntbook takes 1/%.1f of its time (target: < 1)\n' \
		"$ee_t" "$ee_m" "$(echo "$ee_t/$hb_t" | bc -l)"
fi
if /usr/bin/python3 -c 'import Evtx.Evtx' 2>/dev/null; then
	read -r py_t py_m < <(median_run 1 /usr/bin/python3 bench/pyevtx_fields.py "$dir")
	printf 'python-evtx        %6.3f s  %5d MB peak  huntbook takes 1/%.1f of its time (target: 1/20)\n' \
		"$py_t" "$py_m" "$(echo "$py_t/$hb_t" | bc -l)"
fi
