# perfdhcp benchmark of the ipshadow hook: leases/s and Kea CPU per lease, with and without it.
# Sourced by test/stack/kea.sh (`kea.sh --kea 2.2|2.6 bench ...`); uses its cmd_* functions.
# shellcheck shell=bash

# cpu_ticks PIDFILE: user+system clock ticks used so far by the process (0 if gone).
cpu_ticks() {
  local pid
  pid="$(cat "$1" 2>/dev/null || true)"
  if [[ -n "${pid}" && -r "/proc/${pid}/stat" ]]; then
    awk '{print $14 + $15}' "/proc/${pid}/stat"
  else
    echo 0
  fi
}

# bench_run LABEL: one perfdhcp run against the running Kea; appends "rate kea_us listener_us".
bench_run() {
  local k0 k1 l0 l1 out rate
  k0="$(cpu_ticks "${STATE}/kea.pid")"
  l0="$(cpu_ticks "${STATE}/listener.pid")"
  out="$(cmd_perf --rate "${BENCH_RATE}" --seconds "${BENCH_SECONDS}")"
  k1="$(cpu_ticks "${STATE}/kea.pid")"
  l1="$(cpu_ticks "${STATE}/listener.pid")"
  rate="$(perf_rate "${out}")"
  awk -v r="${rate:-0}" -v s="${BENCH_SECONDS}" -v k=$((k1 - k0)) -v l=$((l1 - l0)) \
    -v hz="$(getconf CLK_TCK)" -v d="$(perf_drops "${out}")" 'BEGIN {
      n = r * s; if (n < 1) n = 1
      printf "%.1f %.1f %.1f %d\n", r, k * 1e6 / hz / n, l * 1e6 / hz / n, d }'
}

cmd_bench() {
  if [[ "${1:-}" == "--callgrind" ]]; then
    shift
    cmd_bench_callgrind "$@"
    return
  fi
  local rounds=3 r line stats
  BENCH_RATE=20000
  BENCH_SECONDS=8
  while (($# > 0)); do
    case "$1" in
      --rounds) rounds="$2"; shift 2 ;;
      --rate) BENCH_RATE="$2"; shift 2 ;;
      --seconds) BENCH_SECONDS="$2"; shift 2 ;;
      *) die "bench: unknown option $1" ;;
    esac
  done
  local -a plain=() guarded=() hooked=()
  for ((r = 1; r <= rounds; r++)); do
    listen_stop
    EXPR_GUARDS=0
    cmd_up --no-hook >/dev/null 2>&1
    plain+=("$(bench_run)")
    cmd_up --no-hook --expr-guards >/dev/null 2>&1
    guarded+=("$(bench_run)")
    EXPR_GUARDS=0
    listen_start
    cmd_up >/dev/null 2>&1
    hooked+=("$(bench_run)")
    stats="$(kea_cmd ipshadow-stats-get)"
    read -r -a p <<<"${plain[-1]}"
    read -r -a g <<<"${guarded[-1]}"
    read -r -a h <<<"${hooked[-1]}"
    printf 'round %d: no hook %s leases/s (Kea %s us CPU/lease, %s drops); no hook + expression-guarded pools %s leases/s (%s us, %s drops); hook %s leases/s (Kea %s us CPU/lease, listener %s us/lease, %s drops; hook sent %s, dropped %s)\n' \
      "${r}" "${p[0]}" "${p[1]}" "${p[3]}" "${g[0]}" "${g[1]}" "${g[3]}" "${h[0]}" "${h[1]}" "${h[2]}" "${h[3]}" \
      "$(python3 -c 'import json,sys; print(json.load(sys.stdin)["arguments"]["sent"])' <<<"${stats}")" \
      "$(python3 -c 'import json,sys; print(json.load(sys.stdin)["arguments"]["dropped"])' <<<"${stats}")"
  done
  listen_stop
  kea_stop
  printf '%s\n' "${plain[@]}" >"${STATE}/bench-plain.txt"
  printf '%s\n' "${guarded[@]}" >"${STATE}/bench-guarded.txt"
  printf '%s\n' "${hooked[@]}" >"${STATE}/bench-hook.txt"
  paste -d' ' "${STATE}/bench-plain.txt" "${STATE}/bench-guarded.txt" "${STATE}/bench-hook.txt" |
    awk -v kea="${KEA}" -v rate="${BENCH_RATE}" -v secs="${BENCH_SECONDS}" -v rounds="${rounds}" '
    { pr += $1; pc += $2; gr += $5; gc += $6; hr += $9; hc += $10; lc += $11 }
    END {
      printf "bench kea %s: perfdhcp -r %s for %ss x %d rounds (alternating)\n", kea, rate, secs, rounds
      printf "  leases/s: no hook %.1f, no hook + expression-guarded pools %.1f, hook with events flowing %.1f\n",
        pr / NR, gr / NR, hr / NR
      printf "  ratio hook/no-hook %.3f, hook/expression-guarded %.3f\n",
        (pr > 0 ? hr / pr : 0), (gr > 0 ? hr / gr : 0)
      printf "  Kea CPU per lease: no hook %.1f us, expression-guarded %.1f us, hook %.1f us; listener %.1f us/lease\n",
        pc / NR, gc / NR, hc / NR, lc / NR }'
}

# --- callgrind: instructions per lease (repeatable on a loaded machine) ------

# kea_pid_under_valgrind: pid of the valgrind process running this stack's kea-dhcp4.
kea_pid_under_valgrind() {
  pgrep -f "valgrind.*kea-dhcp4 -c ${VIEW}/kea.json" | head -n 1
}

# acks_sent: Kea's pkt4-ack-sent statistic.
acks_sent() {
  kea_cmd statistic-get '{"name": "pkt4-ack-sent"}' |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["arguments"]["pkt4-ack-sent"][0][0])'
}

# callgrind_run LABEL LISTENER(0|1) UP-ARGS...: Kea under callgrind, one perfdhcp run; prints
# "callgrind LABEL: ACKS acks, ALL instructions/lease (all threads), PKT (packet thread), DROPS drops".
callgrind_run() {
  local label="$1" listener="$2" out pid i a0 a1 perf_out all main f n
  shift 2
  EXPR_GUARDS=0     # cmd_up options persist in these globals: start each set-up clean
  EXTRA_LIB=""
  out="${STATE}/callgrind/${label// /-}"
  rm -rf "${out}"
  mkdir -p "${out}"
  listen_stop
  ((listener)) && listen_start
  cmd_up "$@" >/dev/null 2>&1
  kea_stop
  : >"${LOG_FILE}"
  kea_argv
  local -a argv=()
  for a in "${KEA_ARGV[@]}"; do
    [[ "${a}" == "kea-dhcp4" ]] && argv+=(valgrind --tool=callgrind --separate-threads=yes
      "--callgrind-out-file=${out}/callgrind.out.%p")
    argv+=("${a}")
  done
  setsid "${argv[@]}" >>"${LOG_FILE}" 2>&1 &
  for ((i = 0; i < 600; i++)); do
    kea_ready && break
    sleep 0.2
  done
  pid="$(kea_pid_under_valgrind)"
  [[ -n "${pid}" ]] || die "kea-dhcp4 did not start under valgrind (log: ${LOG_FILE})"
  echo "${pid}" >"${STATE}/kea.pid"
  cmd_perf --rate 20 --seconds 2 >/dev/null     # warm-up: first packets, lazy initialisation
  sleep 1
  callgrind_control -z "${pid}" >/dev/null
  a0="$(acks_sent)"
  perf_out="$(cmd_perf --rate "${BENCH_RATE}" --seconds "${BENCH_SECONDS}")"
  sleep 1
  a1="$(acks_sent)"
  callgrind_control -d "${pid}" >/dev/null
  kea_stop
  listen_stop
  all=0
  main=0
  for f in "${out}"/callgrind.out.*.1-*; do
    n="$(awk '/^summary:/ {print $2}' "${f}")"
    all=$((all + n))
    [[ "${f}" == *-01 ]] && main="${n}"
  done
  awk -v l="${label}" -v a=$((a1 - a0)) -v all="${all}" -v m="${main}" -v d="$(perf_drops "${perf_out}")" 'BEGIN {
    if (a < 1) a = 1
    printf "callgrind %s: %d acks, %.0f instructions/lease (all threads), %.0f (packet thread), %d drops\n",
      l, a, all / a, m / a, d }'
}

# cmd_bench_callgrind [--rate R] [--seconds S] [--empty-hook SO] [--empty-select SO] [--empty-events SO]
# [--runs LIST]: instructions per lease of kea-dhcp4 (Kea 2.2 on the host) for each set-up, one after the other.
# LIST (comma-separated, default all whose libraries are given): plain, guarded, empty, empty-select, empty-events,
# events, hook, hook-nolistener.
cmd_bench_callgrind() {
  local empty="" empty_select="" empty_events="" runs=""
  BENCH_RATE=20
  BENCH_SECONDS=30
  while (($# > 0)); do
    case "$1" in
      --rate) BENCH_RATE="$2"; shift 2 ;;
      --seconds) BENCH_SECONDS="$2"; shift 2 ;;
      --empty-hook) empty="$2"; shift 2 ;;
      --empty-select) empty_select="$2"; shift 2 ;;
      --empty-events) empty_events="$2"; shift 2 ;;
      --runs) runs=",$2,"; shift 2 ;;
      *) die "bench --callgrind: unknown option $1" ;;
    esac
  done
  [[ -z "${ROOT}" ]] || die "bench --callgrind runs Kea 2.2 on the host (no valgrind in the Kea 2.6 root)"
  apt_install valgrind
  want() { [[ -z "${runs}" || "${runs}" == *",$1,"* ]]; }
  want plain && callgrind_run "no hook" 0 --no-hook
  want guarded && callgrind_run "guarded pools" 0 --no-hook --expr-guards
  if [[ -n "${empty}" ]] && want empty; then
    callgrind_run "empty hook + guarded pools" 0 --no-hook --expr-guards --extra-lib "${empty}"
  fi
  # Events-only anchors: unguarded pools, as an events-only deployment has no shadow pool to guard.
  if [[ -n "${empty_select}" ]] && want empty-select; then
    callgrind_run "empty hook lease4_select+pkt4_send" 0 --no-hook --extra-lib "${empty_select}"
  fi
  if [[ -n "${empty_events}" ]] && want empty-events; then
    callgrind_run "empty hook pkt4_send only" 0 --no-hook --extra-lib "${empty_events}"
  fi
  if want events; then
    callgrind_run "events-only hook + listener" 1 --groups '[]'
  fi
  want hook && callgrind_run "hook + listener" 1
  if want hook-nolistener; then
    callgrind_run "hook, no listener" 0
  fi
}
