#!/usr/bin/env bash
# One measuring session: each reference figure, then ours on 2 threads and
# on 1 (three runs each; quote the medians), then the floors. Run on a quiet
# machine; see docs/PERFORMANCE.md. The reference environments are set up
# once per machine as that document says (they live outside the repository).
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --example workloads
W=./target/release/examples/workloads
R=benches/reference
BT=~/.cache/ref-braintools/bin/python
NEST=~/.cache/ref-nest/bin/python
uptime
for w in normal_fill dm_dense mixture3 conditional_ei; do
  if [ -x "$BT" ]; then "$BT" $R/braintools_workloads.py $w 2>/dev/null | tail -1; fi
  for t in 2 1; do for _ in 1 2 3; do $W $w --threads $t | tail -1; done; done
done
# The same dense workloads refilling a used buffer (no allocation, no page faults).
for w in normal_fill dm_dense mixture3 conditional_ei; do
  for t in 2 1; do for _ in 1 2 3; do $W $w --into --threads $t | tail -1 | sed 's/$/ into/'; done; done
done
for w in floor_constant floor_uniform floor_exp; do
  for t in 2 1; do for _ in 1 2 3; do $W $w --threads $t | tail -1; done; done
done
if [ -x "$NEST" ]; then "$NEST" $R/nest_workloads.py sparse_spatial 100000 2 2>/dev/null | tail -1; fi
for t in 2 1; do for _ in 1 2 3; do $W sparse_spatial --threads $t | tail -1; done; done
uptime
# The Potjans-Diesmann microcircuit: NEST at half scale, ours at half and
# full scale (each a cold single call in a fresh process, as NEST's is).
if [ -x "$NEST" ]; then for _ in 1 2 3; do "$NEST" $R/nest_pd.py 0.5 2 2>/dev/null | tail -1; done; fi
for s in 0.5 1.0; do for _ in 1 2 3; do $W pd14 $s --threads 2 | tail -1; done; done
uptime
