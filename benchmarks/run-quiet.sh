#!/usr/bin/env bash
# The measurement of issue 14, for a quiet machine: generated gradients (fGradient, fGradientInto)
# against hand-written ones (into a fresh array, into the caller's buffer), with error bars of 5 % or
# less, allocation per operation, and the ratio generated / hand-written with its error.
#
#   benchmarks/run-quiet.sh                      # every problem's comparison set (64 benchmarks, about 3 h)
#   benchmarks/run-quiet.sh 'Rk4Bench.*'         # a JMH regex instead of the comparison set
#   benchmarks/run-quiet.sh '' -p n=1000         # extra arguments go to JMH (after the regex)
#
# What it runs: Check (every approach against Adjoint, the Into entry points bit for bit; exits 1 on
# a disagreement), then JMH with 5 forks x 10 measured iterations of 2 s after 5 warm-up iterations
# of 2 s, -prof gc, heap fixed and touched up front (-Xms2g -Xmx2g -XX:+AlwaysPreTouch), JSON to
# benchmarks/results/quiet.json, then RatioReport's table (results/quiet-ratios.md, also printed) and
# Report's full table (results/quiet.md). Rows whose error exceeds 5 % of the mean are marked (!).
#
# Build first (from the repository root; `clean`: Maven does not rerun the processor otherwise):
#   mvn -B -q install -DskipTests && mvn -B -q -Pbenchmarks -pl benchmarks clean package
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
jar="$here/target/benchmarks.jar"
out="$here/results"
mkdir -p "$out"
# The comparison set: the approaches that have a hand-written counterpart, and the primal for scale.
set_regex='(Q6|BlackScholes|Rosenbrock|Logistic|IteratedMap|MonteCarlo|Rk4|Rnn)Bench\.(primal|handWritten|handWrittenInto|handWrittenAdjointInto|adjointReverse|adjointReverseInto|adjointReverseWrt|adjointReverseWrtInto|adjointReverseRule|adjointReverseRuleInto)$'
regex="${1:-}"
shift || true
[ -n "$regex" ] || regex="$set_regex"

load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?")
echo "load average before the run: $load (a quiet machine is below 0.3; $(nproc) cores)"
java -version 2>&1 | head -1
java -cp "$jar" dev.adjoint.benchmarks.Check
java -jar "$jar" "$regex" -f 5 -wi 5 -w 2s -i 10 -r 2s -prof gc \
  -jvmArgs '-Xms2g -Xmx2g -XX:+AlwaysPreTouch' \
  -rf json -rff "$out/quiet.json" "$@" | tee "$out/quiet.txt"
java -cp "$jar" dev.adjoint.benchmarks.Report "$out/quiet.json" "$out/quiet.md" "$out/rosenbrock-quiet.png"
java -cp "$jar" dev.adjoint.benchmarks.RatioReport "$out/quiet.json" "$out/quiet-ratios.md"
