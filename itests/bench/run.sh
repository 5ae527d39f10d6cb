#!/usr/bin/env bash
# siprec-platform benchmark: ramps SIPp load through the B2BUA of the built distribution, step by step,
# and prints per step: calls attempted / succeeded / failed, recordings counted at the SRS, retransmissions,
# post-dial delay (INVITE -> 180) and set-up time (INVITE -> 200) as average and percentiles, and the Karaf JVM's
# CPU and heap.
#
#   itests/bench/run.sh [--smoke] [--steps "50 100 200 400 800"] [--seconds 20] [--call-ms 2000] [--rtp]
#                       [--srs embedded|sipp|none] [--dist path/to/siprec-karaf-dist-*.tar.gz] [--sip-port 5060]
#                       [--warmup 10] [--all] [--keep] [--overload] [--media N]
#
#   --smoke    one step of 10 CPS for 5 s (quick check that the harness and the platform work)
#   --rtp      calls carry RTP both ways (g711a.pcap, uac_basic/uas_basic) instead of signalling only
#   --warmup S 20 CPS for S seconds before the first step, not counted (default 10; 0 with --smoke)
#   --all      run every step even after one with failed calls (default: stop after the first failing step)
#   --overload the caller takes a 503 with Retry-After as an expected outcome (uac_or_503.xml, no RTP): for steps
#              above capacity, to show overload control (docs/operations.md) at work. A step then prints the calls
#              admitted (the callee's completed calls), refused (503), goodput (admitted per second) and passes when
#              no call failed and every admitted call was recorded
#   --cps-max N  sets cps.max=N in etc/org.siprec.src.overload.cfg (overload control's rate limit; default: as shipped)
#   --media N  media mode (issue 10) instead of the SIPp ladder: the repo's RTP generator/sink
#              (org.siprec.testsupport.media.MediaBench, itests/support) sets up N calls with its own UDP SIP caller
#              (5080) and callee (5070), is the SRS too (srs.uris -> 127.0.0.1:5095), sends timestamped 172-byte RTP
#              every 20 ms both ways for --seconds, and prints loss and added delay p50/p99/p99.9/max at the callee,
#              the caller and the SRS, with a verdict against < 0.01 % loss and p99 < 5 ms. With --smoke: 3 s.
#              Needs itests/support/target/siprec-test-support-*.jar (mvn install -pl itests/support)
#   --keep     leave the work directory (unpacked Karaf, SIPp traces) in place
#   --sip-port the B2BUA's UDP/TCP port (default 5060; another one avoids a Karaf already running on 5060)
#   --srs      who records (the record-all policy records every call):
#              embedded  the distribution's embedded SRS (default); recordings = new lines of its index.jsonl,
#                        cross-checked with the new WAV files
#              sipp      a SIPp SRS on 127.0.0.1:5095 (sipp/recording/srs_load.xml, one process per step);
#                        recordings = its completed recording sessions (SuccessfulCall of -trace_stat)
#              none      recording off (record-all policy disabled): the B2BUA alone
#            A step counts as passed only if every successful call was also recorded (srs embedded or sipp).
# Needs: sipp (Debian sip-tester), Java 17 (JAVA_HOME, or /usr/lib/jvm/java-17-openjdk-amd64), jstat, python3.
# Uses 127.0.0.1: B2BUA 5060 (--sip-port), callee 5070 (media 16070), caller 5080 (media 16080), relay 20000-29999,
# embedded SRS 5090 (receive ports 30000-39999), SIPp SRS 5095 (media 17090, --srs sipp); --media: the tool's caller
# 5080, callee 5070 and SRS 5095 (UDP only), RTP on ephemeral ports.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
SIPP_DIR="$ROOT/itests/src/test/resources/sipp"
PCAP="${SIPREC_PCAP:-/usr/share/sip-tester/g711a.pcap}"

STEPS="50 100 200 400 800"
SECONDS_PER_STEP=20
CALL_MS=2000
RTP=0
ALL=0
KEEP=0
DIST=""
SIP_PORT=5060
WARMUP=10
SRS=embedded
OVERLOAD=0
CPS_MAX=""
MEDIA=""
SMOKE=0
ARGS="$*"
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) SMOKE=1; STEPS="10"; SECONDS_PER_STEP=5; CALL_MS=1000; WARMUP=0 ;;
    --warmup) WARMUP="$2"; shift ;;
    --steps) STEPS="$2"; shift ;;
    --seconds) SECONDS_PER_STEP="$2"; shift ;;
    --call-ms) CALL_MS="$2"; shift ;;
    --rtp) RTP=1 ;;
    --all) ALL=1 ;;
    --keep) KEEP=1 ;;
    --dist) DIST="$2"; shift ;;
    --sip-port) SIP_PORT="$2"; shift ;;
    --srs) SRS="$2"; shift ;;
    --overload) OVERLOAD=1 ;;
    --cps-max) CPS_MAX="$2"; shift ;;
    --media) MEDIA="$2"; shift ;;
    -h|--help) sed -n '2,38p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

if [ -n "$MEDIA" ]; then
  [[ "$MEDIA" =~ ^[0-9]+$ ]] && [ "$MEDIA" -gt 0 ] || { echo "--media needs a number of calls" >&2; exit 2; }
  SRS=media  # the media tool is the SRS
  MEDIA_JAR="$(ls "$ROOT"/itests/support/target/siprec-test-support-*.jar 2>/dev/null | grep -v -e '-sources\.jar$' -e '-tests\.jar$' | head -1 || true)"
  [ -f "$MEDIA_JAR" ] || { echo "no itests/support/target/siprec-test-support-*.jar: build it (mvn install -DskipTests -pl itests/support)" >&2; exit 2; }
  [ "$SMOKE" = 1 ] && SECONDS_PER_STEP=3
fi
case "$SRS" in embedded|sipp|none|media) ;; *) echo "--srs must be embedded, sipp or none" >&2; exit 2 ;; esac
SRS_PORT=5095

if [ -z "$DIST" ]; then
  DIST="$(ls -t "$ROOT"/karaf-dist/target/siprec-karaf-dist-*.tar.gz 2>/dev/null | head -1 || true)"
fi
[ -f "$DIST" ] || { echo "no distribution: build it (mvn -B install -DskipTests) or pass --dist" >&2; exit 2; }
command -v sipp >/dev/null || { echo "sipp not found (apt-get install sip-tester)" >&2; exit 2; }

if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q '"17\.'; then
  JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64
fi
export JAVA_HOME
JSTAT="$JAVA_HOME/bin/jstat"; [ -x "$JSTAT" ] || JSTAT="$(command -v jstat || true)"

WORK="$ROOT/itests/target/bench/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$WORK"
echo "bench: distribution $DIST"
echo "bench: work directory $WORK"
tar -xzf "$DIST" -C "$WORK"
KARAF_HOME="$(find "$WORK" -mindepth 1 -maxdepth 1 -type d | head -1)"
sed -i -E "s/^(udp|tcp)\.port *=.*/\1.port=$SIP_PORT/" "$KARAF_HOME/etc/org.siprec.sip.cfg"
[ -n "$CPS_MAX" ] && sed -i -E "s/^cps\.max *=.*/cps.max=$CPS_MAX/" "$KARAF_HOME/etc/org.siprec.src.overload.cfg" && echo "bench: cps.max=$CPS_MAX"
case "$SRS" in
  sipp|media) sed -i -E "s|^srs\.uris *=.*|srs.uris=sip:srs@127.0.0.1:$SRS_PORT|" "$KARAF_HOME/etc/org.siprec.srs.sip.cfg" ;;
  none) sed -i -E "s/^enabled *=.*/enabled=false/" "$KARAF_HOME/etc/org.siprec.policy.recordall.cfg" ;;
esac
echo "bench: recorded by: $SRS"
RECORDINGS="$KARAF_HOME/data/recordings"

options_ok() {
  (cd "$WORK" && sipp -sf "$SIPP_DIR/uac_options.xml" -i 127.0.0.1 -p 5099 -m 1 -recv_timeout 500 -nostdin \
      127.0.0.1:$SIP_PORT >/dev/null 2>&1)
}

if options_ok; then
  echo "bench: something already answers on 127.0.0.1:$SIP_PORT; stop it first or use --sip-port" >&2
  exit 2
fi

KARAF_SH_PID=""
CALLEE_PID=""
SRS_PID=""
cleanup() {
  set +e
  [ -n "$CALLEE_PID" ] && kill "$CALLEE_PID" 2>/dev/null
  [ -n "$SRS_PID" ] && kill "$SRS_PID" 2>/dev/null
  if [ -n "$KARAF_SH_PID" ]; then
    "$KARAF_HOME/bin/stop" >/dev/null 2>&1
    for _ in $(seq 1 60); do kill -0 "$KARAF_SH_PID" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$KARAF_SH_PID" 2>/dev/null; then
      [ -n "${KARAF_PID:-}" ] && kill -9 "$KARAF_PID" 2>/dev/null
      kill -9 "$KARAF_SH_PID" 2>/dev/null
    fi
  fi
  if [ "$KEEP" = 0 ] && [ "${BENCH_OK:-0}" = 1 ]; then
    rm -rf "$KARAF_HOME"
  fi
}
trap cleanup EXIT

T0=$(date +%s%N)
(cd "$KARAF_HOME" && exec bin/karaf server </dev/null >"$WORK/karaf.out" 2>&1) &
KARAF_SH_PID=$!
for _ in $(seq 1 240); do
  options_ok && break
  kill -0 "$KARAF_SH_PID" 2>/dev/null || { echo "Karaf exited"; tail -30 "$WORK/karaf.out"; exit 1; }
  sleep 0.5
done
options_ok || { echo "B2BUA did not answer OPTIONS in 120 s"; tail -40 "$KARAF_HOME/data/log/karaf.log"; exit 1; }
echo "bench: B2BUA answering OPTIONS $(( ($(date +%s%N) - T0) / 1000000 )) ms after start"
KARAF_PID="$(pgrep -P "$KARAF_SH_PID" java || true)"
[ -z "$KARAF_PID" ] && KARAF_PID="$(pgrep -f "karaf.home=$KARAF_HOME" | head -1)"
echo "bench: Karaf JVM pid $KARAF_PID"

CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$KARAF_PID/stat"; }
heap_used_mb() {  # S0U S1U EU OU from jstat -gc
  [ -n "$JSTAT" ] || { echo "?"; return; }
  "$JSTAT" -gc "$KARAF_PID" 2>/dev/null | awk 'NR==2 {printf "%.0f", ($3+$4+$6+$8)/1024}'
}
# datagrams the kernel dropped on the UDP socket bound to a port (full receive buffer), from /proc/net/udp{,6}
udp_drops() {
  local hex; hex=$(printf ':%04X' "$1")
  awk -v p="$hex" '$2 ~ p"$" {d += $13} END {print d + 0}' /proc/net/udp /proc/net/udp6 2>/dev/null
}
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$KARAF_PID/status"; }

# recordings so far at the embedded SRS: finished recordings (index.jsonl lines) and WAV files
index_lines() { [ -f "$RECORDINGS/index.jsonl" ] && wc -l <"$RECORDINGS/index.jsonl" || echo 0; }
wav_files() { [ -d "$RECORDINGS" ] && find "$RECORDINGS" -name '*.wav' | wc -l || echo 0; }
# completed recording sessions at this step's SIPp SRS (its last -trace_stat row)
sipp_srs_done() {
  [ -f "$1/srs.stat.csv" ] || { echo 0; return; }
  awk -F';' 'NR==1 {for (i = 1; i <= NF; i++) if ($i == "SuccessfulCall(C)") c = i} END {print (c && $c != "" ? $c : 0)}' "$1/srs.stat.csv"
}
# the recordings of a step end with its calls (the SRC sends BYE when a call ends): wait until the count has been
# stable for 3 s (at most 60 s), then print it
settled() {
  local last=-1 now same=0
  for _ in $(seq 1 120); do
    now=$("$@")
    if [ "$now" = "$last" ]; then same=$((same + 1)); [ "$same" -ge 6 ] && break; else same=0; last=$now; fi
    sleep 0.5
  done
  echo "$last"
}

if [ -n "$MEDIA" ]; then
  # media mode: the repo's RTP generator/sink sets up the calls, is the SRS, and prints the figures
  CPU0=$(awk '{print $14 + $15}' "/proc/$KARAF_PID/stat"); W0=$(date +%s%N)
  "$JAVA_HOME/bin/java" -cp "$MEDIA_JAR" org.siprec.testsupport.media.MediaBench --calls "$MEDIA" --seconds "$SECONDS_PER_STEP" \
      --b2bua "127.0.0.1:$SIP_PORT" --caller-port 5080 --callee-port 5070 --srs-port "$SRS_PORT" \
      --commit "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet HEAD 2>/dev/null || echo '+changes')" \
      --command "itests/bench/run.sh $ARGS" | tee "$WORK/media.txt" && MRC=0 || MRC=$?
  CPU1=$(awk '{print $14 + $15}' "/proc/$KARAF_PID/stat"); W1=$(date +%s%N)
  echo "Karaf CPU over the media run (set-up, RTP, BYE): $(awk -v t="$((CPU1 - CPU0))" -v hz="$(getconf CLK_TCK)" -v ns="$((W1 - W0))" 'BEGIN {printf "%.0f", 100 * t / hz / (ns / 1e9)}') % of one core; UDP drops at the B2BUA: $(udp_drops "$SIP_PORT")"
  grep -E 'ERROR|Exception' "$KARAF_HOME/data/log/karaf.log" | head -5 | sed 's/^/karaf.log: /' || true
  cp "$KARAF_HOME/data/log/karaf.log" "$WORK/karaf.log" 2>/dev/null || true
  [ "$MRC" = 0 ] && BENCH_OK=1
  exit "$MRC"
fi

if [ "$OVERLOAD" = 1 ]; then
  UAC=uac_or_503.xml; UAS=uas_simple.xml; PCAPKEY=()
elif [ "$RTP" = 1 ]; then
  UAC=uac_basic.xml; UAS=uas_basic.xml; PCAPKEY=(-key pcap "$PCAP")
else
  UAC=uac_simple.xml; UAS=uas_simple.xml; PCAPKEY=()
fi

RESULTS="$WORK/results.tsv"
printf "cps\tseconds\tcall_ms\tattempted\tok\tfailed\trecorded\tretrans\tpdd_avg_ms\tpdd_p50\tpdd_p95\tpdd_p99\tsetup_avg_ms\tsetup_p99\tcpu_pct\theap_max_mb\trss_mb\tb2bua_udp_drops\n" >"$RESULTS"
BEST=0
FAILED_STEP=0
# one load step: callee and caller sipp, Karaf CPU and heap sampled while it runs; sets LINE, RC, CALLS
run_step() {
  local CPS=$1 SECS=$2 STEP=$3
  mkdir -p "$STEP"
  CALLS=$(( CPS * SECS ))
  local TIMEOUT=$(( SECS + CALL_MS / 1000 + 60 ))
  local IDX0 WAV0
  IDX0=$(index_lines); WAV0=$(wav_files)
  if [ "$SRS" = sipp ]; then
    (cd "$STEP" && exec sipp -sf "$SIPP_DIR/recording/srs_load.xml" -i 127.0.0.1 -p "$SRS_PORT" -mi 127.0.0.1 -mp 17090 \
        -nostdin -trace_err -error_file srs.errors.log -trace_stat -stf srs.stat.csv -fd 1 \
        -max_recv_loops 10000 >srs.out 2>&1) &
    SRS_PID=$!
  fi
  (cd "$STEP" && exec sipp "${PCAPKEY[@]}" -sf "$SIPP_DIR/$UAS" -i 127.0.0.1 -p 5070 -mi 127.0.0.1 -mp 16070 \
      -nostdin -trace_err -error_file callee.errors.log -trace_stat -stf callee.stat.csv -fd 1 \
      -max_recv_loops 10000 >callee.out 2>&1) &
  CALLEE_PID=$!
  sleep 0.5
  local TICKS0 W0 TICKS1 W1 H D0
  TICKS0=$(cpu_ticks); W0=$(date +%s%N); HEAP_MAX=0; D0=$(udp_drops "$SIP_PORT")
  (cd "$STEP" && exec sipp "${PCAPKEY[@]}" -key dest 127.0.0.1:5070 -sf "$SIPP_DIR/$UAC" -s callee \
      -i 127.0.0.1 -p 5080 -mi 127.0.0.1 -mp 16080 -r "$CPS" -m "$CALLS" -d "$CALL_MS" -l $(( CPS * (CALL_MS / 1000 + 5) * 2 )) \
      -recv_timeout 10000 -timeout "${TIMEOUT}s" -nostdin -max_recv_loops 10000 \
      -trace_err -error_file caller.errors.log -trace_stat -stf caller.stat.csv -fd 1 \
      -trace_rtt -rtt_freq 10 -trace_screen -screen_file caller.screen.log \
      127.0.0.1:$SIP_PORT >caller.out 2>&1) &
  CALLER_PID=$!
  while kill -0 "$CALLER_PID" 2>/dev/null; do
    H=$(heap_used_mb); [ "$H" != "?" ] && [ "$H" -gt "$HEAP_MAX" ] && HEAP_MAX=$H
    sleep 1
  done
  wait "$CALLER_PID" && RC=0 || RC=$?
  TICKS1=$(cpu_ticks); W1=$(date +%s%N); DROPS=$(( $(udp_drops "$SIP_PORT") - D0 ))
  # the callee writes its statistics every second (-fd 1): let the last row catch up before reading it
  [ "$OVERLOAD" = 1 ] && sleep 2
  ADMITTED=$(awk -F';' 'NR==1 {for (i = 1; i <= NF; i++) if ($i == "SuccessfulCall(C)") c = i} END {print (c && $c != "" ? $c : 0)}' "$STEP/callee.stat.csv")
  kill "$CALLEE_PID" 2>/dev/null || true; wait "$CALLEE_PID" 2>/dev/null || true; CALLEE_PID=""
  case "$SRS" in
    embedded)
      RECORDED=$(( $(settled index_lines) - IDX0 )); WAVS=$(( $(wav_files) - WAV0 ))
      [ "$WAVS" = "$RECORDED" ] || echo "  note: $RECORDED new index entries but $WAVS new WAV files" ;;
    sipp)
      RECORDED=$(settled sipp_srs_done "$STEP")
      kill "$SRS_PID" 2>/dev/null || true; wait "$SRS_PID" 2>/dev/null || true; SRS_PID="" ;;
    none) RECORDED="-" ;;
  esac
  CPU=$(awk -v t="$((TICKS1 - TICKS0))" -v hz="$CLK_TCK" -v ns="$((W1 - W0))" 'BEGIN {printf "%.0f", 100 * t / hz / (ns / 1e9)}')
  LINE=$(python3 - "$STEP" "$CPS" "$SECS" "$CALL_MS" "$CPU" "$HEAP_MAX" "$(rss_mb)" "$DROPS" "$RECORDED" <<'PY2'
import csv, glob, sys
step, cps, secs, call_ms, cpu, heap, rss, drops, recorded = sys.argv[1:10]
rows = list(csv.reader(open(f"{step}/caller.stat.csv"), delimiter=";"))
s = dict(zip(rows[0], rows[-1]))
def ms(v):  # HH:MM:SS:micro
    h, m, sec, us = (v or "0:0:0:0").split(":")
    return (int(h) * 3600 + int(m) * 60 + int(sec)) * 1000 + int(us) / 1000
rt = {1: [], 2: []}
for f in glob.glob(f"{step}/*_rtt.csv"):
    for r in list(csv.reader(open(f), delimiter=";"))[1:]:
        if len(r) >= 3 and r[2].strip() in ("1", "2"):
            rt[int(r[2])].append(float(r[1]))
def pct(xs, p):
    if not xs:
        return "-"
    xs = sorted(xs)
    return "%.0f" % xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]
ok, failed = int(s["SuccessfulCall(C)"]), int(s["FailedCall(C)"])
print("\t".join(map(str, [cps, secs, call_ms, s["TotalCallCreated"], ok, failed, recorded, s["Retransmissions(C)"],
      "%.1f" % ms(s["ResponseTime1(C)"]), pct(rt[1], 50), pct(rt[1], 95), pct(rt[1], 99),
      "%.1f" % ms(s["ResponseTime2(C)"]), pct(rt[2], 99), cpu, heap, rss, drops])))
PY2
)
}

if [ "$WARMUP" -gt 0 ]; then
  run_step 20 "$WARMUP" "$WORK/warmup"
  echo "warm-up 20 CPS for $WARMUP s: $(echo "$LINE" | awk -F'\t' '{printf "ok %s failed %s recorded %s", $5, $6, $7}') (not counted)"
  sleep 3
fi

for CPS in $STEPS; do
  STEP="$WORK/step-$CPS"
  run_step "$CPS" "$SECONDS_PER_STEP" "$STEP"
  echo "$LINE" >>"$RESULTS"
  FAILED=$(echo "$LINE" | cut -f6); ATTEMPTED=$(echo "$LINE" | cut -f4); OK=$(echo "$LINE" | cut -f5)
  echo "step $CPS CPS: $(echo "$LINE" | awk -F'\t' '{printf "attempted %s ok %s failed %s recorded %s retrans %s | PDD (INVITE->180) avg %s ms p50 %s p95 %s p99 %s | set-up (INVITE->200) avg %s ms p99 %s | Karaf CPU %s%% heap max %s MB RSS %s MB | UDP drops at the B2BUA %s", $4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18}') (sipp exit $RC)"
  if [ "$OVERLOAD" = 1 ]; then
    echo "  overload: admitted $ADMITTED (goodput $(( ADMITTED / SECONDS_PER_STEP )) CPS), refused with 503 $(( OK - ADMITTED )), recorded $RECORDED"
    OK=$ADMITTED
  fi
  if [ "$FAILED" = 0 ] && [ "$RC" = 0 ] && [ "$ATTEMPTED" = "$CALLS" ] && { [ "$SRS" = none ] || [ "$RECORDED" = "$OK" ]; }; then
    BEST=$CPS
  else
    FAILED_STEP=1
    echo "  failures: see $STEP/caller.errors.log$([ "$SRS" = sipp ] && echo " and srs.errors.log")"
    [ "$SRS" != none ] && [ "$RECORDED" != "$OK" ] && echo "  $OK calls succeeded but $RECORDED were recorded"
    [ "$ALL" = 1 ] || break
  fi
  sleep 3
done

echo
column -t -s $'\t' "$RESULTS"
echo
echo "highest rate with zero failed calls$([ "$SRS" = none ] || echo " and every call recorded"): $BEST CPS (calls of $CALL_MS ms, $([ "$RTP" = 1 ] && echo "RTP both ways" || echo "no RTP"), recorded by: $SRS)"
grep -E 'ERROR|Exception' "$KARAF_HOME/data/log/karaf.log" | head -5 | sed 's/^/karaf.log: /' || true
cp "$KARAF_HOME/data/log/karaf.log" "$WORK/karaf.log" 2>/dev/null || true
BENCH_OK=1
[ "$BEST" -gt 0 ] || exit 1
