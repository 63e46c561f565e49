#!/usr/bin/env bash
# Load test of `assay serve` on loopback, as docs/PERFORMANCE.md reports it:
# CLIENTS concurrent keep-alive clients post generated answers to /v1/score
# for SECONDS seconds (requests/s, p50, p99), then one 100,000-row JSON Lines
# request is streamed through /v1/batch, with the server's peak memory.
#
#   benches/serve_load.sh                # 8 clients, 30 s, 100,000 rows
#   benches/serve_load.sh 16 10 20000    # chosen clients, seconds, rows
#
# The server and the clients share this machine's cores.
set -euo pipefail
cd "$(dirname "$0")/.."
clients=${1:-8}
seconds=${2:-30}
rows=${3:-100000}

cargo build --quiet --release -p assay-cli
cargo build --quiet --release -p assay-benches --examples
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

# 100,000 generated rows are about 85 MB: over the 64 MB default limit.
target/release/assay serve --addr 127.0.0.1:0 --max-batch-body $((1 << 30)) 2>"$work/serve.log" &
server=$!
for _ in $(seq 100); do
  grep -q "listening on" "$work/serve.log" 2>/dev/null && break
  sleep 0.1
done
url=$(sed -n 's/.*listening on \(http:[^ ]*\)\/ .*/\1/p' "$work/serve.log")
echo "server $url (pid $server)"

target/release/examples/serve_load "$url" "$clients" "$seconds"

target/release/examples/generate "$rows" 3 >"$work/rows.csv"
python3 - "$work/rows.csv" >"$work/rows.jsonl" <<'PY'
import csv, json, sys
with open(sys.argv[1], newline="") as f:
    for row in csv.DictReader(f):
        print(json.dumps(row))
PY
start=$(date +%s.%N)
curl -sS --fail -H 'Content-Type: application/x-ndjson' --data-binary @"$work/rows.jsonl" \
  "$url/v1/batch" | wc -l | xargs printf '%s rows back'
end=$(date +%s.%N)
printf ' from %s MB in %.1f s; server peak RSS %s\n' \
  "$(($(stat -c %s "$work/rows.jsonl") / 1048576))" "$(echo "$end - $start" | bc)" \
  "$(grep VmHWM /proc/"$server"/status | awk '{print $2/1024 " MB"}')"
