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
