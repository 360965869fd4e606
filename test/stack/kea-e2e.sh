# End-to-end checks of the ipshadow hook with real kea-dhcp4 and real clients.
# Sourced by test/stack/kea.sh (`kea.sh --kea 2.2|2.6 e2e`); uses its cmd_* functions.
# Prints PASS/FAIL per check and "e2e tests (kea X): N passed, M failed".
# shellcheck shell=bash

E2E_GROUPS='[{"name": "ci", "mac-prefix": "0c:aa"},
  {"name": "lab", "hostname-pattern": "lab-[0-9]+"},
  {"name": "rack7", "circuit-id": "port7"}]'

# check NAME ACTUAL EXPECTED
check() {
  if [[ "$2" == "$3" ]]; then
    check_pass "$1"
  else
    check_fail "$1" "got '$2', expected '$3'"
  fi
}

# wait_event TIMEOUT PYTHON-EXPR: print the first event e (a dict) satisfying EXPR, or nothing.
wait_event() {
  python3 - "${EVENTS_FILE}" "$1" "$2" <<'PY' || true
import json, sys, time
path, timeout, expr = sys.argv[1], float(sys.argv[2]), sys.argv[3]
deadline = time.time() + timeout
while True:
    try:
        with open(path) as f:
            for line in f:
                e = json.loads(line)
                if eval(expr, {}, {"e": e}):
                    print(json.dumps(e, sort_keys=True))
                    sys.exit(0)
    except FileNotFoundError:
        pass
    if time.time() > deadline:
        sys.exit(1)
    time.sleep(0.1)
PY
  return 0
}

# field JSON KEY: one field of a JSON object (null prints as None).
field() {
  python3 -c 'import json,sys; v=json.loads(sys.argv[1]); print(eval("v"+sys.argv[2]))' "$1" "$2"
}

stat() {
  field "$(kea_cmd ipshadow-stats-get)" "[\"arguments\"][\"$1\"]"
}

dora_field() {
  sed -n "s/.*$1=\\([^ ]*\\).*/\\1/p" <<<"$2"
}

in_shadow_pool() {
  [[ "$1" == 10.64.8.* ]] && echo yes || echo no
}

e2e_lease_events() {
  local out leased ev mac="02:00:00:00:01:01"
  out="$(cmd_dora "${mac}" --hostname plain-1 --release)"
  leased="$(dora_field leased "${out}")"
  check "ordinary client is leased an ordinary address" "$(in_shadow_pool "${leased}")/${leased:+ok}" "no/ok"
  ev="$(wait_event 5 "e['type']=='lease4_committed' and e['hwaddr']=='${mac}'")"
  check "lease4_committed event: address" "$(field "${ev:-{\}}" '.get("address")')" "${leased}"
  check "lease4_committed event: fields" \
    "$(field "${ev:-{\}}" '.get("v"), v.get("subnet_id"), v.get("valid_lft"), v.get("hostname"), v.get("client_id"), v.get("group"), "IPORDINARY" in v.get("classes", []), v.get("ts", 0) > 1.7e12')" \
    "(1, 1, ${VALID_LIFETIME}, 'plain-1', '01:${mac}', None, True, True)"
  ev="$(wait_event 5 "e['type']=='lease4_release' and e['hwaddr']=='${mac}'")"
  check "lease4_release event: address" "$(field "${ev:-{\}}" '.get("address")')" "${leased}"
}

e2e_groups() {
  local answer out ev
  answer="$(kea_cmd ipshadow-groups-set '{"groups": {"ci": ["10.64.8.20", "10.64.8.21", "10.64.8.22"],
    "lab": ["10.64.8.40"], "rack7": ["10.64.8.50"]}}')"
  check "ipshadow-groups-set" "$(field "${answer}" '["result"], v["arguments"]["addresses"]')" "(0, 5)"

  out="$(cmd_dora 0c:aa:00:00:01:01)"
  check "group client (mac-prefix): DISCOVER and REQUEST get the pushed address" "${out}" \
    "offered=10.64.8.20 leased=10.64.8.20"
  ev="$(wait_event 5 "e['type']=='group_claim' and e['hwaddr']=='0c:aa:00:00:01:01'")"
  check "group_claim event" "$(field "${ev:-{\}}" '.get("address"), v.get("group"), v.get("subnet_id")')" \
    "('10.64.8.20', 'ci', 1)"
  ev="$(wait_event 5 "e['type']=='lease4_committed' and e['hwaddr']=='0c:aa:00:00:01:01'")"
  check "lease4_committed of a group client names its group" \
    "$(field "${ev:-{\}}" '.get("address"), v.get("group"), "IPSHADOW" in v.get("classes", [])')" \
    "('10.64.8.20', 'ci', True)"

  out="$(cmd_dora 02:00:00:00:01:05 --hostname lab-7)"
  check "group client (hostname-pattern) gets its group's address" "${out}" \
    "offered=10.64.8.40 leased=10.64.8.40"

  check "second ci client gets the next address" "$(cmd_dora 0c:aa:00:00:01:02)" \
    "offered=10.64.8.21 leased=10.64.8.21"
  check "third ci client gets the last address" "$(cmd_dora 0c:aa:00:00:01:03)" \
    "offered=10.64.8.22 leased=10.64.8.22"
  out="$(cmd_dora 0c:aa:00:00:01:04)"
  check "ci client beyond the list is served from the ordinary pool" \
    "$(in_shadow_pool "$(dora_field leased "${out}")")/$(dora_field leased "${out}" | grep -c .)" "no/1"

  out="$(cmd_dora 02:00:00:00:01:06 --request 10.64.8.99)"
  check "ordinary client asking for a free shadow-pool address gets an ordinary one" \
    "$(in_shadow_pool "$(dora_field leased "${out}")")/$(dora_field leased "${out}" | grep -c .)" "no/1"
  out="$(cmd_dora 02:00:00:00:01:07 --request 10.64.8.21)"
  check "ordinary client asking for a claimed shadow address gets an ordinary one" \
    "$(in_shadow_pool "$(dora_field leased "${out}")")/$(dora_field leased "${out}" | grep -c .)" "no/1"

  out="$(cmd_dora 0c:aa:00:00:01:01)"
  check "group client's next DORA keeps its address" "${out}" "offered=10.64.8.20 leased=10.64.8.20"
  ev="$(wait_event 5 "e['type']=='lease4_renew' and e['hwaddr']=='0c:aa:00:00:01:01'")"
  check "lease4_renew event" "$(field "${ev:-{\}}" '.get("address"), v.get("group")')" "('10.64.8.20', 'ci')"

  # Option 82 circuit-id from perfdhcp acting as the relay.
  # perfdhcp often loses the first DISCOVER of a run (ARP on the first reply): three tries.
  cmd_perf --exchanges 3 --clients 1 --rate 10 --option 82,0105706f727437 >/dev/null
  local i
  for ((i = 0; i < 30; i++)); do
    answer="$(kea_cmd lease4-get '{"ip-address": "10.64.8.50"}')"
    [[ "$(field "${answer}" '["result"]')" == "0" ]] && break
    sleep 0.1
  done
  check "group client (circuit-id via relay option 82) gets its group's address" \
    "$(field "${answer}" '["result"]')" "0"

  # Many ordinary clients: none of them lands in the shadow pool.
  cmd_perf --rate 200 --seconds 2 --clients 500 >/dev/null
  answer="$(kea_cmd lease4-get-all)"
  check "only group clients hold shadow-pool leases" \
    "$(python3 -c '
import json, sys
leases = json.loads(sys.argv[1])["arguments"]["leases"]
shadow = sorted(l["ip-address"] for l in leases if l["ip-address"].startswith("10.64.8."))
print(len(leases) > 400, shadow)' "${answer}")" \
    "True ['10.64.8.20', '10.64.8.21', '10.64.8.22', '10.64.8.40', '10.64.8.50']"
  answer="$(kea_cmd ipshadow-groups-get)"
  check "ipshadow-groups-get lists the claims as leased" \
    "$(python3 -c '
import json, sys
g = json.loads(sys.argv[1])["arguments"]["groups"]
print(sorted((c["address"], c["state"]) for n in g for c in g[n]["claims"]))' "${answer}")" \
    "[('10.64.8.20', 'leased'), ('10.64.8.21', 'leased'), ('10.64.8.22', 'leased'), ('10.64.8.40', 'leased'), ('10.64.8.50', 'leased')]"
}

e2e_expire_and_prelease() {
  local answer ev
  answer="$(kea_cmd lease4-add '{"ip-address": "10.100.1.1", "hw-address": "02:00:00:00:01:99",
    "valid-lft": 1, "subnet-id": 1}')"
  check "lease4-add of a short lease" "$(field "${answer}" '["result"]')" "0"
  ev="$(wait_event 10 "e['type']=='lease4_expire' and e['address']=='10.100.1.1'")"
  check "lease4_expire event" "$(field "${ev:-{\}}" '.get("hwaddr"), v.get("subnet_id"), v.get("classes")')" \
    "('02:00:00:00:01:99', 1, [])"
  answer="$(kea_cmd lease4-add '{"ip-address": "10.100.2.2", "hw-address": "02:00:00:00:01:98",
    "subnet-id": 1, "user-context": {"ipshadow": {"reservation": "e2e"}}}')"
  check "pre-lease (lease4-add) is served on the client's DORA" \
    "$(field "${answer}" '["result"]') $(cmd_dora 02:00:00:00:01:98)" "0 offered=10.100.2.2 leased=10.100.2.2"
}

e2e_decline() {
  local out ev answer
  kea_cmd ipshadow-groups-set '{"groups": {"ci": ["10.64.8.20", "10.64.8.21", "10.64.8.22", "10.64.8.23"]}}' >/dev/null
  # Something else on the link already uses 10.64.8.23: the client's ARP check declines it.
  ip -n "${NS_SRV}" addr add 10.64.8.23/32 dev "${IF_SRV}"
  out="$(cmd_dora 0c:aa:00:00:01:05 --arp-check)"
  ip -n "${NS_SRV}" addr del 10.64.8.23/32 dev "${IF_SRV}"
  ev="$(wait_event 5 "e['type']=='lease4_decline' and e['address']=='10.64.8.23'")"
  check "lease4_decline event" "$(field "${ev:-{\}}" '.get("hwaddr"), v.get("group")')" \
    "('0c:aa:00:00:01:05', 'ci')"
  check "declining client is then served from the ordinary pool" \
    "$(in_shadow_pool "$(dora_field leased "${out}")")/$(dora_field leased "${out}" | grep -c .)" "no/1"
  answer="$(kea_cmd ipshadow-groups-get)"
  check "declined address is unlisted" \
    "$(field "${answer}" '["arguments"]["groups"]["ci"]["addresses"]')" \
    "['10.64.8.20', '10.64.8.21', '10.64.8.22']"
  check "no lease4_committed for the declined (probation) lease" \
    "$(wait_event 0 "e['type']=='lease4_committed' and e['address']=='10.64.8.23' and e['hwaddr']==''" | grep -c .)" "0"
}

# check_perf_served WHEN RATE SECONDS: a perfdhcp run at RATE/s is served at more than 80% of RATE.
check_perf_served() {
  local rate
  rate="$(perf_rate "$(cmd_perf --rate "$2" --seconds "$3")")"
  check "$1 perfdhcp is served ($2/s asked)" \
    "$(awk -v r="${rate:-0}" -v min="$(($2 * 8 / 10))" 'BEGIN {print (r > min) ? "yes" : "no " r}')" "yes"
}

e2e_fail_open() {
  local before after out
  listen_stop
  sleep 0.3
  before="$(stat dropped)"
  out="$(cmd_dora 02:00:00:00:01:10)"
  check "with no sidecar Kea still serves a DORA" "$(dora_field leased "${out}" | grep -c .)" "1"
  check_perf_served "with no sidecar" 500 2
  sleep 0.5
  after="$(stat dropped)"
  check "events are counted as dropped while the sidecar is away" \
    "$(awk -v a="${after}" -v b="${before}" 'BEGIN {print (a - b >= 900) ? "yes" : "no (" a - b ")"}')" "yes"
  check "stats say disconnected" "$(stat connected)" "False"
  listen_start
  local i
  for ((i = 0; i < 60; i++)); do
    [[ "$(stat connected)" == "True" ]] && break
    sleep 0.1
  done
  check "the writer reconnects to a new sidecar" "$(stat connected) $(($(stat reconnects) >= 1))" "True 1"
  cmd_dora 02:00:00:00:01:11 >/dev/null
  check "events flow again after the reconnect" \
    "$(wait_event 5 "e['type']=='lease4_committed' and e['hwaddr']=='02:00:00:00:01:11'" | grep -c .)" "1"

  # A stalled sidecar (accepts, never reads): Kea keeps serving, events are dropped.
  cmd_listen stall
  before="$(stat dropped-queue-full)"
  check_perf_served "with a stalled sidecar" 1000 4
  check "a stalled sidecar fills the queue and events are dropped" \
    "$(awk -v a="$(stat dropped-queue-full)" -v b="${before}" 'BEGIN {print (a > b) ? "yes" : "no"}')" "yes"
  cmd_listen resume
  for ((i = 0; i < 100; i++)); do
    [[ "$(stat queue-depth)" == "0" ]] && break
    sleep 0.1
  done
  check "the queue drains when the sidecar reads again" "$(stat queue-depth)" "0"
  printf '  stats: %s\n' "$(kea_cmd ipshadow-stats-get | tr -d '\n')"
}

e2e_main() {
  cmd_down >/dev/null 2>&1 || true
  mkdir -p "${STATE}"
  rm -f "${EVENTS_FILE}"
  # The listener needs the state dir of the root too.
  mkdir -p "${HOST_VIEW}"
  listen_start
  cmd_up --groups "${E2E_GROUPS}" --queue-size 256 >/dev/null
  e2e_lease_events
  e2e_groups
  e2e_expire_and_prelease
  e2e_decline
  e2e_fail_open
  cmd_down >/dev/null 2>&1 || true
  printf 'e2e tests (kea %s): %d passed, %d failed\n' "${KEA}" "${CHECKS_PASSED}" "${CHECKS_FAILED}"
  ((CHECKS_FAILED == 0))
}
