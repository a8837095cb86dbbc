#!/usr/bin/env bash
# Before/after in one session: the workloads program of an earlier commit
# (BEFORE, a built binary) and of this one, alternated run by run so that
# both see the same machine; three runs each, quote the medians.
#   benches/reference/before_after.sh /path/to/old/workloads
# Build the old binary with `git worktree add /tmp/old REV && cd /tmp/old &&
# cargo build --release --example workloads`.
set -euo pipefail
cd "$(dirname "$0")/../.."
BEFORE=${1:?usage: before_after.sh BEFORE_WORKLOADS_BINARY}
cargo build --release --example workloads
AFTER=./target/release/examples/workloads
uptime
for w in normal_fill dm_dense mixture3 conditional_ei floor_constant floor_uniform floor_exp sparse_spatial; do
  for t in 2 1; do
    for _ in 1 2 3; do
      "$BEFORE" $w --threads $t | tail -1 | sed 's/^/before /'
      "$AFTER" $w --threads $t | tail -1 | sed 's/^/after  /'
    done
  done
done
uptime
