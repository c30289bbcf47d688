#!/usr/bin/env bash
# Times the whole `huntbook top` process on a mapping file next to the
# pandas version of the seed's data logic (bench/pandas_top.py, C YAML
# loader), in the same run, and prints the medians and the ratio.
#
#   bench/top.sh [MAPPING] [RUNS]
#
# MAPPING defaults to ../shared/data/ossem-dm/techniques_to_events_mapping.yaml.
# Needs /usr/bin/python3 with Debian's python3-pandas and python3-yaml for
# the baseline; without them only huntbook is timed.
set -euo pipefail
cd "$(dirname "$0")/.."
mapping=${1:-../shared/data/ossem-dm/techniques_to_events_mapping.yaml}
runs=${2:-7}
bin=$(mktemp -d)/huntbook
trap 'rm -rf "$(dirname "$bin")"' EXIT
go build -o "$(dirname "$bin")/" ./cmd/...

source bench/lib.sh

size=$(stat -c %s "$mapping")
read -r hb_t hb_m < <(median_run "$runs" "$bin" top --mapping "$mapping" --by data_source --subtechniques)
printf 'file          %s (%.1f MB)\n' "$mapping" "$(echo "$size/1048576" | bc -l)"
printf 'huntbook top  %6.3f s  %5d MB peak  %6.1f MB/s\n' "$hb_t" "$hb_m" "$(echo "$size/1048576/$hb_t" | bc -l)"
if have_pandas; then
	read -r pd_t pd_m < <(median_run "$runs" /usr/bin/python3 bench/pandas_top.py "$mapping")
	printf 'pandas (C)    %6.3f s  %5d MB peak\n' "$pd_t" "$pd_m"
	printf 'ratio         huntbook takes 1/%.1f of pandas'"'"' time, %.2f of its memory (target: 1/20 of the time)\n' \
		"$(echo "$pd_t/$hb_t" | bc -l)" "$(echo "$hb_m/$pd_m" | bc -l)"
fi
