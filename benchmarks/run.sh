#!/usr/bin/env bash
# LoopBridge benchmarks: build, run everything, write benchmarks/results/latest.md.
#
#   benchmarks/run.sh                 # the full run (~35 min): core JMH, footprint, coroutines, UI harness, streams, report
#   benchmarks/run.sh --quick         # 1 fork/run, short iterations: a few minutes, for trying things out
#   benchmarks/run.sh --only report   # re-render latest.md from the result files already there
#   benchmarks/run.sh --only ui,report
#
# Sections, in order: build, core (JMH, io.loopbridge.bench.core, ~8 min), footprint (TimerFootprint,
# ~1 min), coro (io.loopbridge.bench.coro: suspend/resume and await JMH, CoroutineFootprint, and UiAwaitBench:
# await+resume on the FX thread and the EDT against a thenCompose step and kotlinx, ~5 min; on a
# JDK 21+ JVM: $CORO_JAVA, else $JAVA if it can, else the newest under /usr/lib/jvm; skipped with the
# reason when there is none), ui (the end-to-end harness on the FX Application Thread and the EDT, io.loopbridge.bench.ui,
# ~15 min: JavaFX on headless Monocle and on GTK glass, Swing headless and on X11, the last two under
# xvfb-run; xvfb and libgtk-3-0 are installed with apt-get if missing), streams (io.loopbridge.bench.streams: echo
# throughput and latency, 1,000 connections, subprocess lines, against blocking sockets and Netty, ~8 min),
# report. Each writes its results
# as JSON into benchmarks/results/ (JMH's -rf json shape) and the report turns every file there into one
# markdown page. Each section is bounded by a timeout; the whole run stays under 40 minutes.
#
# Environment: JAVA (default: java on PATH, JDK 17+), CORO_JAVA (a JDK 21+ java for the coro section), MVN_FLAGS (e.g. -o to stay offline),
# JMH_ARGS (extra JMH options for the core section, e.g. "-p batch=64"), UI_ARGS (extra UiSuite options,
# e.g. "--modes fx-monocle,swing-headless" or "--impls loopbridge,runLater").
#
# The machine this runs on matters: the report records its CPU count, model and load average before
# and after. On a shared machine quote ratios measured side by side in one run, not absolute figures.
set -euo pipefail
cd "$(dirname "$0")/.."

JAVA=${JAVA:-java}
MVN_FLAGS=${MVN_FLAGS:-}
JMH_ARGS=${JMH_ARGS:-}
UI_ARGS=${UI_ARGS:-}
RESULTS=benchmarks/results
JAR=benchmarks/target/benchmarks.jar
SECTIONS=build,core,footprint,coro,ui,streams,report
QUICK=0

while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --only) shift; SECTIONS=$1 ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option '$1' (expected: --quick, --only SECTION[,SECTION])" >&2; exit 2 ;;
  esac
  shift
done
wants() { [[ ",$SECTIONS," == *",$1,"* ]]; }
mkdir -p "$RESULTS"
started=$(date +%s)
# What each measuring section records about its run goes to run-notes.txt, quoted in the report: when,
# how loaded the machine was before and after, how long, and whether it was a quick run.
load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?"; }
note_section() { # name, start epoch, load before: replaces the section's line from an earlier run
  local quick=""; [ "$QUICK" = 1 ] && quick=" QUICK RUN (1 fork, short iterations): not for quoting."
  touch "$RESULTS/run-notes.txt"
  grep -v "^- $1:" "$RESULTS/run-notes.txt" > "$RESULTS/run-notes.tmp" || true
  mv "$RESULTS/run-notes.tmp" "$RESULTS/run-notes.txt"
  echo "- $1: $(date -u -d "@$2" '+%Y-%m-%d %H:%M') UTC, $(( ($(date +%s) - $2 + 59) / 60 )) min; load average (1/5/15 min) before $3, after $(load).$quick" >> "$RESULTS/run-notes.txt"
}

if wants build; then
  echo "== build"
  # package, never install: ~/.m2 may be shared
  mvn -B -q $MVN_FLAGS -pl benchmarks -am package -DskipTests
fi

if wants core; then
  echo "== core (JMH)"
  t0=$(date +%s); l0=$(load)
  if [ "$QUICK" = 1 ]; then jmh_run="-f 1 -wi 3 -w 200ms -i 3 -r 200ms"; else jmh_run=""; fi
  # forks, warm-up and measurement come from the annotations (3 forks) unless --quick
  set +e +o pipefail
  # shellcheck disable=SC2086
  timeout 25m "$JAVA" -Djmh.ignoreLock=true -jar "$JAR" 'io\.loopbridge\.bench\.core\..*' $jmh_run -prof gc \
    -rf json -rff "$RESULTS/core-jmh.json" $JMH_ARGS 2>&1 | tee "$RESULTS/core-jmh.log" \
    | grep --line-buffered -E '^# (Parameters|Run progress):'
  rc=${PIPESTATUS[0]}
  set -e -o pipefail
  if [ "$rc" != 0 ] || grep -q '<failure>' "$RESULTS/core-jmh.log"; then
    echo "run.sh: JMH failed (exit $rc) or a benchmark failed: see $RESULTS/core-jmh.log" >&2
    exit 1
  fi
  note_section "core JMH" "$t0" "$l0"
fi

if wants footprint; then
  echo "== footprint"
  t0=$(date +%s); l0=$(load)
  if [ "$QUICK" = 1 ]; then runs=1; else runs=3; fi
  timeout 10m "$JAVA" -cp "$JAR" io.loopbridge.bench.core.TimerFootprint --runs "$runs" --out "$RESULTS/core-footprint.json"
  note_section "footprint" "$t0" "$l0"
fi

if wants coro; then
  echo "== coro (coroutines, JDK 21+ with --add-exports java.base/jdk.internal.vm=ALL-UNNAMED)"
  coro_check() { "$1" --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -cp "$JAR" io.loopbridge.bench.coro.CoroutineBench >/dev/null 2>&1; }
  coro_java=${CORO_JAVA:-}
  if [ -z "$coro_java" ]; then
    if coro_check "$JAVA"; then coro_java=$JAVA; else
      for j in /usr/lib/jvm/*/bin/java; do coro_check "$j" && coro_java=$j; done
    fi
  fi
  if [ -z "$coro_java" ] || ! coro_check "$coro_java"; then
    echo "run.sh: coro section skipped: $("${coro_java:-$JAVA}" --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -cp "$JAR" io.loopbridge.bench.coro.CoroutineBench 2>&1 | tail -1)"
  else
    t0=$(date +%s); l0=$(load)
    if [ "$QUICK" = 1 ]; then jmh_run="-f 1 -wi 3 -w 200ms -i 3 -r 200ms"; runs=1; else jmh_run=""; runs=3; fi
    set +e +o pipefail
    # the JMH forks and the footprint's child JVMs add the export themselves; the footprint's parent checks support
    # shellcheck disable=SC2086
    timeout 10m "$coro_java" -Djmh.ignoreLock=true -jar "$JAR" 'io\.loopbridge\.bench\.coro\..*' $jmh_run -prof gc \
      -rf json -rff "$RESULTS/coro-jmh.json" 2>&1 | tee "$RESULTS/coro-jmh.log" | grep --line-buffered -E '^# (Parameters|Run progress):'
    rc=${PIPESTATUS[0]}
    set -e -o pipefail
    if [ "$rc" != 0 ] || grep -q '<failure>' "$RESULTS/coro-jmh.log"; then
      echo "run.sh: coroutine JMH failed (exit $rc) or a benchmark failed: see $RESULTS/coro-jmh.log" >&2
      exit 1
    fi
    timeout 10m "$coro_java" --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -cp "$JAR" io.loopbridge.bench.coro.CoroutineFootprint \
      --runs "$runs" --out "$RESULTS/coro-footprint.json"
    # await+resume on the FX thread (Monocle; GTK under a virtual display) and the EDT, against a thenCompose step
    # and kotlinx-coroutines on the same dispatcher (UiAwaitBench: one child JVM per mode and run, ~2 min)
    coro_ui=()
    command -v xvfb-run >/dev/null 2>&1 && coro_ui=(xvfb-run -a -s "-screen 0 1280x1024x24")
    quick_ui=""; [ "$QUICK" = 1 ] && quick_ui="--quick"
    timeout 10m "${coro_ui[@]}" "$coro_java" --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -cp "$JAR" io.loopbridge.bench.ui.UiAwaitBench \
      --runs "$runs" $quick_ui --out "$RESULTS/coro-ui-await.json"
    note_section "coro" "$t0" "$l0"
  fi
fi

if wants ui; then
  echo "== ui (end-to-end: FX Application Thread and EDT)"
  t0=$(date +%s); l0=$(load)
  # Real GTK glass and AWT's X11 toolkit need an X server: install Xvfb and GTK 3 as CI would.
  if ! command -v xvfb-run >/dev/null 2>&1 || ! ldconfig -p 2>/dev/null | grep -q 'libgtk-3\.so\.0'; then
    echo "run.sh: installing xvfb and libgtk-3-0 with apt-get"
    sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo -n"
    { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq xvfb xauth libgtk-3-0 >/dev/null; } \
      || echo "run.sh: could not install xvfb/libgtk-3-0: the fx-gtk and swing-xvfb modes will be skipped" >&2
  fi
  if [ "$QUICK" = 1 ]; then ui_run="--runs 1"; else ui_run="--runs 3"; fi
  runner=()
  command -v xvfb-run >/dev/null 2>&1 && runner=(xvfb-run -a -s "-screen 0 1280x1024x24")
  rm -f "$RESULTS"/ui-*.json
  set +e +o pipefail
  # shellcheck disable=SC2086
  timeout 25m "${runner[@]}" "$JAVA" -cp "$JAR" io.loopbridge.bench.ui.UiSuite --out-dir "$RESULTS" $ui_run $UI_ARGS \
    2>&1 | tee "$RESULTS/ui.log" | grep --line-buffered -E '^UiSuite: (wrote|.* FAILED|.* skipped)|^  UiBench:'
  rc=${PIPESTATUS[0]}
  set -e -o pipefail
  [ "$rc" = 0 ] || echo "run.sh: the UI harness failed (exit $rc): see $RESULTS/ui.log; the report shows what it wrote" >&2
  note_section "ui" "$t0" "$l0"
fi

if wants streams; then
  echo "== streams (echo, 1,000 connections, subprocess lines)"
  t0=$(date +%s); l0=$(load)
  if [ "$QUICK" = 1 ]; then streams_run="--runs 1"; else streams_run="--runs 3"; fi
  runner=()
  command -v xvfb-run >/dev/null 2>&1 && runner=(xvfb-run -a -s "-screen 0 1280x1024x24")
  set +e +o pipefail
  # shellcheck disable=SC2086
  timeout 20m "${runner[@]}" "$JAVA" -cp "$JAR" io.loopbridge.bench.streams.StreamSuite --out-dir "$RESULTS" $streams_run \
    2>&1 | tee "$RESULTS/streams.log" | grep --line-buffered -E '^StreamSuite: (wrote|.* FAILED|.* skipped)'
  rc=${PIPESTATUS[0]}
  set -e -o pipefail
  [ "$rc" = 0 ] || echo "run.sh: the stream benchmarks failed (exit $rc): see $RESULTS/streams.log" >&2
  note_section "streams" "$t0" "$l0"
fi

if wants report; then
  echo "== report"
  cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ *//' || echo "?")
  mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo 2>/dev/null || echo "?")
  jdk=$("$JAVA" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.runtime.version/ {print $2}')
  note="Machine: $(nproc) CPUs ($cpu), $mem, $(uname -sr), JDK $jdk."
  runs="The runs (on a shared machine, a load average near or above the CPU count means other work competed for the CPUs):"
  if [ -s "$RESULTS/run-notes.txt" ]; then runs="$runs"$'\n'"$(cat "$RESULTS/run-notes.txt")"; else runs="$runs none recorded."; fi
  files=()
  for f in "$RESULTS"/core-jmh.json "$RESULTS"/core-footprint.json "$RESULTS"/coro-jmh.json "$RESULTS"/coro-footprint.json "$RESULTS"/coro-ui-await.json "$RESULTS"/ui-*.json "$RESULTS"/streams.json; do
    [ -s "$f" ] && files+=("$f")
  done
  "$JAVA" -cp "$JAR" io.loopbridge.bench.report.MarkdownReport --out "$RESULTS/latest.md" \
    --title "LoopBridge benchmarks: latest run" --note "$note" --note "$runs" \
    --order CallSoonBenchmark,CrossThreadBenchmark,TimerCancelBenchmark,TimerFireBenchmark,TimerCancelHalfBenchmark,TimerFootprint,SuspendResumeBenchmark,AwaitBenchmark,CoroutineFootprint,UiAwait,UiPosts,UiTimers,UiTimerScale,UiFlood,StreamEcho,StreamConnections,StreamLines \
    "${files[@]}"
fi
echo "run.sh: done in $(( ($(date +%s) - started) / 60 )) min"
