#!/usr/bin/env bash
# End-to-end throughput of `assay batch` on generated answers (CSV in, JSONL
# or CSV out), as docs/PERFORMANCE.md reports it: one line per run with the
# rows per second from assay's own summary line, wall time and peak memory.
#
#   benches/throughput.sh                  # 10,000, 100,000 and 1,000,000 rows
#   benches/throughput.sh 100000           # chosen row counts
#
# Each row count runs with cues alone (1 and 2 threads, JSON Lines and CSV)
# and with the semantic matcher (`--semantic`, 2 threads, JSON Lines, shown
# as `jsonl+sem`), side by side.
#   LONG=12000 benches/throughput.sh 10000  # also 12,000 answers of 2,000 words
#                                           # (peak memory with long answers)
#   BASE=/tmp/base/target/release/assay ROUNDS=4 benches/throughput.sh 100000
#       # side by side with another build instead: alternating rounds of
#       # BASE and this build (2 threads, JSON Lines), each round's rows per
#       # second, then the medians and this build's change against BASE
#   PEERS_PYTHON=venv/bin/python benches/throughput.sh 100000
#       # also the baselines of ../shared/tools/peers (TF-IDF + cosine,
#       # rapidfuzz cdist, regex) as whole processes on the same file, when
#       # that Python has numpy, pandas, scikit-learn and rapidfuzz
#
# Files go to a temporary folder ($TMPDIR), removed at the end; a million
# JSONL rows need about 6 GB there while they run. Each output is a new
# file, so no run pays for deleting the previous one's.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$#" -eq 0 ]; then
  set -- 10000 100000 1000000
fi

cargo build --quiet --release -p assay-cli
cargo build --quiet --release -p assay-benches --examples
assay=target/release/assay
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

rate_of() { # the rows per second in assay's summary line, in the log file $1
  sed -n 's/.* \([0-9]*\) rows\/s$/\1/p' "$1" | tail -1
}

median() { # of the numbers on standard input
  sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

measure() { # rows threads format input [batch options...]
  local rows=$1 threads=$2 format=$3 input=$4
  shift 4
  local label=$format
  if [ "$#" -gt 0 ]; then label="$format+sem"; fi
  local output="$work/out.$format" log="$work/log" usage="$work/usage"
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -o "$usage" -f "%e %M" "$assay" batch --threads "$threads" "$@" "$input" -o "$output" 2>"$log"
  else
    local start=$SECONDS
    "$assay" batch --threads "$threads" "$@" "$input" -o "$output" 2>"$log"
    echo "$((SECONDS - start)) -" >"$usage"
  fi
  local rate wall peak
  rate=$(rate_of "$log")
  read -r wall peak <"$usage"
  if [ "$peak" != "-" ]; then peak="$((peak / 1024)) MB"; fi
  printf '%10s %7s %9s %10s %8s s %10s\n' "$rows" "$threads" "$label" "$rate" "$wall" "$peak"
  rm -f "$output"
}

if [ -n "${BASE:-}" ]; then
  printf '%10s %6s %12s %12s\n' rows round "base rows/s" "this rows/s"
  for rows in "$@"; do
    input="$work/gen$rows.csv"
    target/release/examples/generate "$rows" 1 >"$input"
    : >"$work/base.rates"
    : >"$work/this.rates"
    for round in $(seq "${ROUNDS:-3}"); do
      "$BASE" batch --threads 2 "$input" -o "$work/base.jsonl" 2>"$work/log"
      base_rate=$(rate_of "$work/log")
      "$assay" batch --threads 2 "$input" -o "$work/this.jsonl" 2>"$work/log"
      this_rate=$(rate_of "$work/log")
      rm -f "$work/base.jsonl" "$work/this.jsonl"
      echo "$base_rate" >>"$work/base.rates"
      echo "$this_rate" >>"$work/this.rates"
      printf '%10s %6s %12s %12s\n' "$rows" "$round" "$base_rate" "$this_rate"
    done
    base_median=$(median <"$work/base.rates")
    this_median=$(median <"$work/this.rates")
    awk -v r="$rows" -v b="$base_median" -v t="$this_median" \
      'BEGIN { printf "%10s %6s %12.0f %12.0f  this build %+.1f%%\n", r, "median", b, t, (t / b - 1) * 100 }'
    rm -f "$input"
  done
  exit 0
fi

printf '%10s %7s %9s %10s %10s %10s\n' rows threads output rows/s wall "peak RSS"
for rows in "$@"; do
  input="$work/gen$rows.csv"
  target/release/examples/generate "$rows" 1 >"$input"
  measure "$rows" 1 jsonl "$input"
  measure "$rows" 2 jsonl "$input"
  measure "$rows" 2 csv "$input"
  measure "$rows" 2 jsonl "$input" --semantic
  if [ -n "${PEERS_PYTHON:-}" ]; then
    peers="${PEERS_DIR:-../shared/tools/peers}/peers_on_file.py"
    for method in tfidf fuzz_cdist regex; do
      start=$(date +%s.%N)
      "$PEERS_PYTHON" "$peers" "$input" "$method" -o "$work/peer.csv" 2>/dev/null
      end=$(date +%s.%N)
      awk -v r="$rows" -v m="$method" -v s="$start" -v e="$end" \
        'BEGIN { printf "%10s %7s %9s %10.0f %8.2f s %10s\n", r, "peer", m, r / (e - s), e - s, "-" }'
      rm -f "$work/peer.csv"
    done
  fi
  rm -f "$input"
done
if [ -n "${LONG:-}" ]; then
  input="$work/long$LONG.csv"
  target/release/examples/generate "$LONG" 1 2000 >"$input"
  echo "answers of 2,000 words:"
  measure "$LONG" 2 jsonl "$input"
  rm -f "$input"
fi
