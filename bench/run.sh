#!/usr/bin/env bash
# Times the whole `huntbook run` process on the Go seed notebook next to
# `jupyter nbconvert --to html --execute` of the Python seed notebook
# (pandas, plotly, networkx), in the same run, on the same mapping, and
# prints the medians and the ratio.
#
#   bench/run.sh [MAPPING] [RUNS]
#
# MAPPING defaults to ../shared/data/ossem-dm/techniques_to_events_mapping.yaml
# (the Go notebook gets it as -p source=MAPPING; the Python one as $MAPPING).
# The baseline needs Debian's jupyter-nbconvert python3-ipykernel
# python3-pandas python3-yaml python3-plotly python3-networkx; without them
# only huntbook is timed.
set -euo pipefail
cd "$(dirname "$0")/.."
mapping=$(realpath "${1:-../shared/data/ossem-dm/techniques_to_events_mapping.yaml}")
runs=${2:-5}
seed=$(realpath ../shared/seed/seed_python.ipynb)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=$work/huntbook
go build -o "$(dirname "$bin")/" ./cmd/...

source bench/lib.sh

nb=notebooks/attack_techniques_to_events.ipynb
# --overwrite: every run writes the same name (without it each would get a suffix).
read -r hb_t hb_m < <(median_run "$runs" "$bin" run "$nb" -p source="$mapping" -o "$work/r.html" --overwrite --quiet)
read -r demo_t demo_m < <(median_run "$runs" "$bin" run "$nb" -o "$work/demo.html" --overwrite --quiet)
"$bin" run "$nb" -p source="$mapping" -o "$work/r.html" --overwrite --quiet
printf 'mapping                 %s\n' "$mapping"
printf 'huntbook run            %6.3f s  %5d MB peak  report %s bytes\n' "$hb_t" "$hb_m" "$(stat -c %s "$work/r.html")"
printf 'huntbook run (demo)     %6.3f s  %5d MB peak\n' "$demo_t" "$demo_m"
if /usr/bin/python3 -c 'import nbconvert, ipykernel, pandas, yaml, plotly, networkx' 2>/dev/null; then
	export MAPPING=$mapping
	nbruns=$(( runs < 3 ? runs : 3 ))
	read -r nc_t nc_m < <(median_run "$nbruns" /usr/bin/jupyter nbconvert --to html --execute "$seed" --output-dir "$work/py")
	printf 'nbconvert (Python seed) %6.3f s  %5d MB peak (median of %d)\n' "$nc_t" "$nc_m" "$nbruns"
	printf 'ratio                   huntbook run takes 1/%.1f of nbconvert'"'"'s time (target: at most 1/20)\n' \
		"$(echo "$nc_t/$hb_t" | bc -l)"
else
	echo 'nbconvert baseline skipped: apt-get install jupyter-nbconvert python3-ipykernel python3-pandas python3-yaml python3-plotly python3-networkx'
fi
