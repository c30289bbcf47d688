#!/usr/bin/env bash
# Times the whole `huntbook report` process on a mapping file next to the
# pandas version of the seed's data logic (bench/pandas_top.py, C YAML
# loader; tables only, no charts or graph) in the same run, and prints the
# medians, peak memory, the report's size and the ratio.
#
#   bench/report.sh [MAPPING] [RUNS]
#
# MAPPING defaults to ../shared/data/ossem-dm/techniques_to_events_mapping.yaml.
# Needs /usr/bin/time; the baseline needs /usr/bin/python3 with Debian's
# python3-pandas and python3-yaml (without them only huntbook is timed).
# Set GOBENCH=1 to also run the in-process Go benchmark (BenchmarkReport).
set -euo pipefail
cd "$(dirname "$0")/.."
mapping=${1:-../shared/data/ossem-dm/techniques_to_events_mapping.yaml}
runs=${2:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=$work/huntbook
go build -o "$(dirname "$bin")/" ./cmd/...

source bench/lib.sh

size=$(stat -c %s "$mapping")
read -r hb_t hb_m < <(median_run "$runs" "$bin" report --mapping "$mapping" -o "$work/report.html")
report_size=$(stat -c %s "$work/report.html")
printf 'file             %s (%.1f MB)\n' "$mapping" "$(echo "$size/1048576" | bc -l)"
printf 'huntbook report  %6.3f s  %5d MB peak  (median of %d runs)\n' "$hb_t" "$hb_m" "$runs"
printf 'report size      %d bytes (%.2f MB; target at most 1.5 MB)\n' "$report_size" "$(echo "$report_size/1048576" | bc -l)"
if have_pandas; then
	read -r pd_t pd_m < <(median_run "$runs" /usr/bin/python3 bench/pandas_top.py "$mapping")
	printf 'pandas (C YAML)  %6.3f s  %5d MB peak  (tables only)\n' "$pd_t" "$pd_m"
	printf 'ratio            huntbook takes 1/%.1f of pandas'"'"' time, %.2f of its memory (target: 1/20 of the time)\n' \
		"$(echo "$pd_t/$hb_t" | bc -l)" "$(echo "$hb_m/$pd_m" | bc -l)"
fi
if [[ ${GOBENCH:-} == 1 ]]; then
	go test -run '^$' -bench '^BenchmarkReport$' -benchmem ./pkg/report
fi
