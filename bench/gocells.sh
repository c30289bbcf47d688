#!/usr/bin/env bash
# Start-up and cell speed of the Go 1.26 cell engine next to a baseline
# commit, in the same run: bench/kernel.py (kernel ready, trivial cell's
# round trip) for both builds, then `huntbook run` of the seed notebook,
# then the engine's Go benchmarks (start, a trivial cell, loops, boxing).
#
#   bench/gocells.sh [BASE] [RUNS]
#
# BASE defaults to main; RUNS (huntbook run repetitions) to 9. Needs
# jupyter_client for the kernel figures (skipped without it).
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-main}
runs=${2:-9}
work=$(mktemp -d)
trap 'git worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
go build -o "$work/new/" ./cmd/...
git worktree add --detach "$work/base" "$base" >/dev/null 2>&1
(cd "$work/base" && go build -o "$work/old/" ./cmd/...)

source bench/lib.sh

nb=notebooks/attack_techniques_to_events.ipynb
for v in old new; do
	"$work/$v/huntbook" kernel install --prefix "$work/$v/jp" >/dev/null
done
if /usr/bin/python3 -c 'import jupyter_client' 2>/dev/null; then
	for v in old new old new; do
		printf 'kernel %-4s ' "$v"
		JUPYTER_PATH="$work/$v/jp/share/jupyter" /usr/bin/python3 bench/kernel.py --launches 5 --cells 50 2>/dev/null | tr '\n' ' '
		echo
	done
fi
for v in old new old new; do
	read -r t m < <(median_run "$runs" "$work/$v/huntbook" run "$nb" -o "$work/r.html" --overwrite --quiet)
	printf 'huntbook run %-4s %6.3f s  %5d MB peak\n' "$v" "$t" "$m"
done
# the engine's own figures (Go benchmarks; a benchmark the base lacks is
# left out of its lines)
for v in old new; do
	dir=$PWD
	[ "$v" = old ] && dir=$work/base
	(cd "$dir" && go test -run '^$' -bench 'New|TrivialCell|LoopCell|BoxCell' -benchtime 20x -count 3 ./pkg/interp 2>/dev/null) |
		awk -v v="$v" '/^Benchmark/ {printf "go bench %-4s %-24s %10.0f ns/op\n", v, $1, $3}'
done
