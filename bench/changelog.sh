#!/usr/bin/env bash
# Times `relx changelog --dry-run` on a 20,000-commit repository against the
# `git log` floor (git reading the same commit messages), and reports the
# peak resident memory of each (/usr/bin/time -v).
#
#     bench/changelog.sh            # RUNS=10 by default
#     RUNS=20 CZ=.venv/bin/cz bench/changelog.sh   # add commitizen's time
#
# The repository is made by shared/bench/make_repo.py (override with
# MAKE_REPO=path): 20,000 commits, 51 release tags, 200 commits after the
# last one. Two changelog runs are timed: the whole history (a file that does
# not exist yet) and the default incremental run (make_repo's CHANGELOG.md
# names v1.2.3, so only the 200 commits since it are read). Wall times are
# the median of RUNS runs; targets: whole history ≤ 3× the floor, ≤ 64 MiB.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
relx=${RELX:-$root/target/release/relx}
make_repo=${MAKE_REPO:-$root/../shared/bench/make_repo.py}
work=${WORK:-${TMPDIR:-/tmp}/relx-bench-changelog}
runs=${RUNS:-10}
cz=${CZ:-}

[ -x /usr/bin/time ] || { echo "bench/changelog.sh needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
[ -f "$make_repo" ] || { echo "make_repo.py not found at $make_repo (set MAKE_REPO)" >&2; exit 1; }
if [ -z "${RELX:-}" ]; then
    (cd "$root" && cargo build --release --quiet)
fi
repo=$work/repo
if [ ! -f "$repo/.git/synthetic.json" ]; then
    python3 "$make_repo" --commits 20000 --since-tag 200 --old-tags 50 --out "$repo" >/dev/null
fi

# median wall seconds of RUNS runs of "$@" (output discarded)
median() {
    local times=() t
    for _ in $(seq "$runs"); do
        t=$( { TIMEFORMAT=%3R; time "$@" >/dev/null 2>&1; } 2>&1 )
        times+=("$t")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'
}

# peak RSS in MiB of one run of "$@"
peak() {
    /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident set size/ {printf "%.1f", $2/1024}'
}

row() {
    local label=$1; shift
    printf '| %s | %s s | %s MiB |\n' "$label" "$(median "$@")" "$(peak "$@")"
}

floor=(git -C "$repo" log --format=%B --output=/dev/null)
whole=("$relx" -C "$repo" changelog --dry-run --file-name WHOLE-HISTORY.md)
incremental=("$relx" -C "$repo" changelog --dry-run)

echo "relx $("$relx" --version | cut -d' ' -f2), $(git --version), $(nproc) cores, median of $runs runs"
echo
echo "| run (20,000 commits, 51 tags) | wall | peak RSS |"
echo "| --- | --- | --- |"
row "floor: \`git log --format=%B --output=/dev/null\`" "${floor[@]}"
row "\`relx changelog --dry-run\`, whole history" "${whole[@]}"
row "\`relx changelog --dry-run\`, incremental (200 commits)" "${incremental[@]}"
if [ -n "$cz" ]; then
    runs=1 row "\`cz changelog --dry-run\`, whole history (1 run)" \
        sh -c "cd '$repo' && '$cz' changelog --dry-run --file-name WHOLE-HISTORY.md"
fi
f=$(median "${floor[@]}")
w=$(median "${whole[@]}")
awk -v f="$f" -v w="$w" 'BEGIN {printf "\nwhole history / floor: %.2fx (target ≤ 3x)\n", w / f}'
