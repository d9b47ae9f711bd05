#!/usr/bin/env bash
# Runs the JMH benchmarks of BENCHMARKS.md, then the report (table rows + Rosenbrock chart).
#
#   benchmarks/run.sh quick   # -f 1 -wi 2 -i 3 -w 1s -r 1s -prof gc: ~8 minutes on 2 cores
#   benchmarks/run.sh full    # JMH defaults-like: -f 3 -wi 5 -i 10 -w 2s -r 2s -prof gc: a few hours
#   benchmarks/run.sh quick 'Rosenbrock.*' -p n=1000   # extra arguments go to JMH (a regex, params)
#
# Build first (from the repository root):
#   mvn -B -q -N install && mvn -B -q -pl annotations,runtime,processor install -DskipTests \
#     && mvn -B -f benchmarks/pom.xml clean package   # clean: generated code is only redone from scratch
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
mode="${1:-quick}"
shift || true
case "$mode" in
  quick) opts=(-f 1 -wi 2 -i 3 -w 1s -r 1s) ;;
  full) opts=(-f 3 -wi 5 -i 10 -w 2s -r 2s) ;;
  *) echo "usage: $0 quick|full [JMH arguments]" >&2; exit 2 ;;
esac
out="$here/results"
mkdir -p "$out"
jar="$here/target/benchmarks.jar"
java -cp "$jar" dev.adjoint.benchmarks.Check
java -jar "$jar" "${opts[@]}" -prof gc -jvmArgs '-Xms2g -Xmx2g' \
  -rf json -rff "$out/$mode.json" "$@" | tee "$out/$mode.txt"
java -cp "$jar" dev.adjoint.benchmarks.Report "$out/$mode.json" "$out/$mode.md" "$out/rosenbrock-$mode.png"
