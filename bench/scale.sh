#!/usr/bin/env bash
# Scale benchmark: whole-process time, peak RSS and MB/s of `huntbook report`
# on the real mapping (8.8k records) and on synthetic mappings of 100k and 1M
# records (huntbook synth), with the pandas version of the seed's data logic
# (bench/pandas_top.py, C YAML loader) timed in the same run, as ratios.
#
#   bench/scale.sh              # pandas on 8.8k and 100k (about 30 s)
#   PANDAS_1M=1 bench/scale.sh  # pandas on 1M too: about 5 minutes and 20 GB
#
# Synthetic files are written anew (seed 1) to $SCALE_DIR (default
# /tmp/huntbook-scale); generating 1M records takes a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
real=../shared/data/ossem-dm/techniques_to_events_mapping.yaml
dir=${SCALE_DIR:-/tmp/huntbook-scale}
mkdir -p "$dir"
bin=$dir/huntbook
go build -o "$(dirname "$bin")/" ./cmd/...

files=()
[[ -f $real ]] && files+=("$real")
for n in 100000 1000000; do
	f=$dir/synth-$n.yaml
	"$bin" synth -n "$n" --seed 1 -o "$f" 2>/dev/null
	files+=("$f")
done

printf '%-10s %9s %8s | %9s %8s %8s | %9s %8s | %7s %7s\n' records MB runs "huntbook" "peak MB" "MB/s" pandas "peak MB" "time x" "mem /"
prev=""
for f in "${files[@]}"; do
	records=$(grep -c '^- technique_id' "$f")
	mb=$(echo "$(stat -c %s "$f")/1048576" | bc -l)
	runs=3
	(( records >= 1000000 )) && runs=1
	read -r t m < <(median_run "$runs" "$bin" report --quiet --mapping "$f" -o "$dir/report.html" --technique "$(sed -n 's/^- technique_id: //p;q' "$f")")
	pt=- pm=- ratio=- mratio=-
	if have_pandas && { (( records < 1000000 )) || [[ ${PANDAS_1M:-} == 1 ]]; }; then
		read -r pt pm < <(median_run 1 /usr/bin/python3 bench/pandas_top.py "$f")
		ratio=$(printf '%.1f' "$(echo "$pt/$t" | bc -l)")
		mratio=$(printf '%.1f' "$(echo "$pm/$m" | bc -l)")
	fi
	printf '%-10s %9.1f %8s | %8.2fs %8s %8.1f | %9s %8s | %7s %7s\n' "$records" "$mb" "$runs" "$t" "$m" "$(echo "$mb/$t" | bc -l)" "$pt" "$pm" "$ratio" "$mratio"
	[[ -n $prev ]] && growth=$(printf '%.1f' "$(echo "$t/$prev" | bc -l)")
	prev=$t
done
echo "time x: pandas time / huntbook time (target ≥ 20); mem /: pandas peak / huntbook peak (target ≥ 8 at 1M)"
echo "from 100k to 1M records huntbook's time grew ${growth:-?}x (target at most 12x)"
