#!/usr/bin/env bash
# Times `huntbook run` of the seed notebook on the real mapping, in one run:
# the engine in-process (unsupervised, as before supervision), supervised
# (today's default), and supervised with the scheduling extras
# (--compare-last --index DIR --on-change --on-failure), after 30 earlier
# runs in the index folder. Prints the medians and the overheads.
#
#   bench/ops.sh [MAPPING] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
mapping=$(realpath "${1:-../shared/data/ossem-dm/techniques_to_events_mapping.yaml}")
runs=${2:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=$work/huntbook
go build -o "$(dirname "$bin")/" ./cmd/...
source bench/lib.sh

nb=notebooks/attack_techniques_to_events.ipynb
common=(run "$nb" -p source="$mapping" --quiet)
# 30 earlier runs for the index and the comparison to read.
for i in $(seq 30); do "$bin" "${common[@]}" -o "$work/hist/r.html" >/dev/null 2>&1; done
read -r inproc_t inproc_m < <(median_run "$runs" "$bin" "${common[@]}" -o "$work/a/r.html" --overwrite --in-process)
read -r sup_t sup_m < <(median_run "$runs" "$bin" "${common[@]}" -o "$work/b/r.html" --overwrite)
read -r ops_t ops_m < <(median_run "$runs" "$bin" "${common[@]}" -o "$work/hist/r.html" --compare-last --index "$work/hist" --on-change true --on-failure true)
printf 'mapping                                 %s\n' "$mapping"
printf 'in-process (before supervision)         %6.3f s  %5d MB peak\n' "$inproc_t" "$inproc_m"
printf 'supervised engine (default)             %6.3f s  %5d MB peak  %+5.1f%%\n' "$sup_t" "$sup_m" "$(echo "($sup_t/$inproc_t-1)*100" | bc -l)"
printf 'supervised + compare, index, hooks      %6.3f s  %5d MB peak  %+5.1f%% (index of %d runs)\n' "$ops_t" "$ops_m" "$(echo "($ops_t/$inproc_t-1)*100" | bc -l)" "$(find "$work/hist" -name '*.run.json' | wc -l)"
