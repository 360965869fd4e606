#!/usr/bin/env python3
"""Idempotent test data for ipshadow's NetBox, through the REST API (stdlib only).

Reads NETBOX_URL and NETBOX_TOKEN (the full Authorization header value) from the environment, or
from the env file written by `netbox.sh up` (NETBOX_ENV_FILE, default ~/.cache/ipshadow/netbox.env).

Creates (only what is missing; re-running never duplicates): a site, manufacturer, device type,
device role (also a VM role), cluster type and 2 clusters, 2 tenants, tags `web`/`batch`, IPAM roles
`k8s-nodes`/`batch-nodes`, prefixes 10.10.0.0/22, 10.20.0.0/24, 10.30.0.0/24 (global VRF), two IP
ranges (the "ipshadow shadow range" 10.10.3.0-10.10.3.200 and a DHCP pool 10.20.0.100-10.20.0.199),
VMs with an interface, a MAC address object (primary on the interface) and an IP each, devices with
2 interfaces + MACs + IPs, and N plain IP addresses (bulk POSTs in chunks; 10.100.0.0/16 is added
for large N). Writes a JSON summary with the ids tests need (default ~/.cache/ipshadow/netbox-seed.json).
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import json
import os
import sys
import time
import urllib.parse
from typing import Any, Callable, Iterable, Iterator

SEED_DESCRIPTION = "ipshadow seed"
SHADOW_RANGE = ("10.10.3.0/22", "10.10.3.200/22")
DHCP_RANGE = ("10.20.0.100/24", "10.20.0.199/24")
BENCH_PREFIX = "10.100.0.0/16"


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')} seed] {msg}", file=sys.stderr, flush=True)


class ApiError(RuntimeError):
    pass


class NetBox:
    """A tiny keep-alive JSON client for NetBox's REST API."""

    def __init__(self, url: str, token: str, timeout: float = 300.0) -> None:
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme not in ("http", "https"):
            raise ValueError(f"bad NETBOX_URL: {url}")
        self.scheme = parsed.scheme
        self.netloc = parsed.netloc
        self.base = parsed.path.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.conn: http.client.HTTPConnection | None = None
        self.requests = 0

    def _connect(self) -> http.client.HTTPConnection:
        if self.conn is None:
            cls = http.client.HTTPSConnection if self.scheme == "https" else http.client.HTTPConnection
            self.conn = cls(self.netloc, timeout=self.timeout)
        return self.conn

    def request(self, method: str, path: str, body: Any = None, params: Iterable[tuple[str, Any]] = ()) -> Any:
        query = urllib.parse.urlencode([(k, v) for k, v in params])
        target = path if path.startswith("/") else f"/{path}"
        if not target.startswith(self.base + "/api/"):
            target = f"{self.base}{target}"
        if query:
            target += ("&" if "?" in target else "?") + query
        data = None if body is None else json.dumps(body).encode()
        headers = {"Authorization": self.token, "Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        for attempt in range(5):
            try:
                conn = self._connect()
                conn.request(method, target, body=data, headers=headers)
                resp = conn.getresponse()
                raw = resp.read()
                self.requests += 1
            except (OSError, http.client.HTTPException) as exc:
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
                if attempt == 4:
                    raise ApiError(f"{method} {target}: {exc}") from exc
                time.sleep(1 + attempt)
                continue
            if resp.status >= 500 and attempt < 4:
                log(f"{method} {target}: HTTP {resp.status}, retrying")
                time.sleep(1 + attempt)
                continue
            if resp.status >= 400:
                raise ApiError(f"{method} {target}: HTTP {resp.status}: {raw[:2000].decode(errors='replace')}")
            return json.loads(raw) if raw else None
        raise ApiError(f"{method} {target}: gave up")

    def get(self, path: str, params: Iterable[tuple[str, Any]] = ()) -> Any:
        return self.request("GET", path, params=params)

    def post(self, path: str, body: Any) -> Any:
        return self.request("POST", path, body=body)

    def patch(self, path: str, body: Any) -> Any:
        return self.request("PATCH", path, body=body)

    def list_all(self, path: str, params: Iterable[tuple[str, Any]] = (), page: int = 1000) -> list[dict]:
        """Every object of a list endpoint (following `next`, which keeps the filters)."""
        out: list[dict] = []
        data = self.get(path, [*params, ("limit", page), ("ordering", "id")])
        while True:
            out.extend(data["results"])
            nxt = data.get("next")
            if not nxt:
                return out
            parsed = urllib.parse.urlsplit(nxt)
            data = self.get(f"{parsed.path}?{parsed.query}")


def chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def ident(obj: Any) -> Any:
    """The id of a nested object as NetBox returns it (or the value itself)."""
    return obj.get("id") if isinstance(obj, dict) else obj


def host(addr: str) -> str:
    return addr.split("/")[0]


class Seeder:
    def __init__(self, nb: NetBox, args: argparse.Namespace) -> None:
        self.nb = nb
        self.args = args
        self.created: dict[str, int] = {}
        self.summary: dict[str, Any] = {}

    # --- generic ensure helpers ---------------------------------------------------------

    def _count(self, endpoint: str, n: int) -> None:
        if n:
            self.created[endpoint] = self.created.get(endpoint, 0) + n

    def ensure_one(self, endpoint: str, lookup: dict[str, Any], body: dict[str, Any]) -> dict:
        """Get the single object matching `lookup`, or create it from `body`."""
        found = self.nb.get(endpoint, list(lookup.items()))["results"]
        if len(found) > 1:
            raise ApiError(f"{endpoint} {lookup}: {len(found)} matches, expected one")
        if found:
            return found[0]
        obj = self.nb.post(endpoint, body)
        self._count(endpoint, 1)
        return obj

    def ensure_many(
        self,
        endpoint: str,
        desired: list[dict],
        key: Callable[[dict], Any],
        filter_name: str,
        filter_values: list[Any],
        extra_params: list[tuple[str, Any]] | None = None,
        filter_chunk: int = 100,
    ) -> dict[Any, dict]:
        """Bulk-create the desired objects whose key is not present yet; return key -> object."""
        existing: dict[Any, dict] = {}
        for part in chunks(sorted(set(filter_values), key=str), filter_chunk):
            params = [(filter_name, v) for v in part] + (extra_params or [])
            for obj in self.nb.list_all(endpoint, params):
                existing.setdefault(key(obj), obj)
        missing = [d for d in desired if key(d) not in existing]
        for part in chunks(missing, self.args.chunk):
            t0 = time.monotonic()
            for obj in self.nb.post(endpoint, part):
                existing[key(obj)] = obj
            self._count(endpoint, len(part))
            if len(missing) > self.args.chunk:
                log(f"{endpoint}: created {len(part)} in {time.monotonic() - t0:.1f} s")
        return existing

    def bulk_patch(self, endpoint: str, updates: list[dict]) -> None:
        for part in chunks(updates, self.args.chunk):
            self.nb.patch(endpoint, part)
            self.created[f"{endpoint} (patched)"] = self.created.get(f"{endpoint} (patched)", 0) + len(part)

    # --- the data set ---------------------------------------------------------------------

    def organisation(self) -> None:
        nb = self
        self.site = nb.ensure_one("/api/dcim/sites/", {"slug": "ipshadow-lab"},
                                  {"name": "ipshadow-lab", "slug": "ipshadow-lab", "status": "active",
                                   "description": SEED_DESCRIPTION})
        self.tenants = [
            nb.ensure_one("/api/tenancy/tenants/", {"slug": slug},
                          {"name": name, "slug": slug, "description": SEED_DESCRIPTION})
            for name, slug in (("Tenant Alpha", "alpha"), ("Tenant Beta", "beta"))
        ]
        self.tags = {
            slug: nb.ensure_one("/api/extras/tags/", {"slug": slug},
                                {"name": slug, "slug": slug, "color": color, "description": SEED_DESCRIPTION})
            for slug, color in (("web", "2196f3"), ("batch", "ff9800"))
        }
        self.ipam_roles = {
            slug: nb.ensure_one("/api/ipam/roles/", {"slug": slug},
                                {"name": slug, "slug": slug, "description": SEED_DESCRIPTION})
            for slug in ("k8s-nodes", "batch-nodes")
        }
        mfr = nb.ensure_one("/api/dcim/manufacturers/", {"slug": "ipshadow-generic"},
                            {"name": "ipshadow Generic", "slug": "ipshadow-generic"})
        self.device_type = nb.ensure_one("/api/dcim/device-types/", {"slug": "ipshadow-server-1u"},
                                         {"manufacturer": mfr["id"], "model": "ipshadow Server 1U",
                                          "slug": "ipshadow-server-1u", "u_height": 1})
        self.device_role = nb.ensure_one("/api/dcim/device-roles/", {"slug": "ipshadow-server"},
                                         {"name": "ipshadow server", "slug": "ipshadow-server",
                                          "color": "4caf50", "vm_role": True})
        ctype = nb.ensure_one("/api/virtualization/cluster-types/", {"slug": "ipshadow-kvm"},
                              {"name": "ipshadow KVM", "slug": "ipshadow-kvm"})
        self.clusters = [
            nb.ensure_one("/api/virtualization/clusters/", {"name": name},
                          {"name": name, "type": ctype["id"], "status": "active", "tenant": tenant["id"],
                           "scope_type": "dcim.site", "scope_id": self.site["id"],
                           "description": SEED_DESCRIPTION})
            for name, tenant in (("k8s-web", self.tenants[0]), ("hpc-batch", self.tenants[1]))
        ]

    def _prefix(self, prefix: str, role: str | None, description: str, tenant: dict | None = None) -> dict:
        body: dict[str, Any] = {"prefix": prefix, "status": "active", "description": description,
                                "scope_type": "dcim.site", "scope_id": self.site["id"]}
        if role:
            body["role"] = self.ipam_roles[role]["id"]
        if tenant:
            body["tenant"] = tenant["id"]
        return self.ensure_one("/api/ipam/prefixes/", {"prefix": prefix, "vrf_id": "null"}, body)

    def _range(self, start: str, end: str, body: dict) -> dict:
        found = self.nb.get("/api/ipam/ip-ranges/",
                            [("start_address", host(start)), ("vrf_id", "null")])["results"]
        found = [r for r in found if host(r["end_address"]) == host(end)]
        if found:
            return found[0]
        obj = self.nb.post("/api/ipam/ip-ranges/", {"start_address": start, "end_address": end, **body})
        self._count("/api/ipam/ip-ranges/", 1)
        return obj

    def ipam(self) -> None:
        self.prefixes = {
            "10.10.0.0/22": self._prefix("10.10.0.0/22", "k8s-nodes", "k8s nodes (web)", self.tenants[0]),
            "10.20.0.0/24": self._prefix("10.20.0.0/24", "batch-nodes", "batch nodes", self.tenants[1]),
            "10.30.0.0/24": self._prefix("10.30.0.0/24", None, "misc"),
        }
        self.shadow_range = self._range(*SHADOW_RANGE, {
            "status": "active", "role": self.ipam_roles["k8s-nodes"]["id"], "tenant": self.tenants[0]["id"],
            "tags": [{"slug": "web"}], "mark_populated": False, "mark_utilized": False,
            "description": "ipshadow shadow range: addresses held ahead of demand (k8s-web)",
        })
        self.dhcp_range = self._range(*DHCP_RANGE, {
            "status": "active", "role": self.ipam_roles["batch-nodes"]["id"], "tenant": self.tenants[1]["id"],
            "description": "DHCP pool (batch)",
        })

    def _ip_pools(self, n: int) -> list[str]:
        """The plain seeded addresses: deterministic, outside VM/device/range addresses."""
        pools: list[Iterable[ipaddress.IPv4Address]] = [
            (ipaddress.IPv4Address("10.10.2.1") + i for i in range(254)),    # in 10.10.0.0/22
            (ipaddress.IPv4Address("10.30.0.1") + i for i in range(254)),    # 10.30.0.0/24
            (ipaddress.IPv4Address("10.20.0.1") + i for i in range(99)),     # 10.20.0.0/24 below the pool
            ipaddress.IPv4Network(BENCH_PREFIX).hosts(),
        ]
        plens = [22, 24, 24, 16]
        out: list[str] = []
        for pool, plen in zip(pools, plens):
            for addr in pool:
                if len(out) >= n:
                    return out
                out.append(f"{addr}/{plen}")
        if len(out) < n:
            raise SystemExit(f"--ips {n} is more than the seed's address pools hold")
        return out

    def plain_ips(self) -> None:
        n = self.args.ips
        addrs = self._ip_pools(n)
        if any(a.endswith("/16") for a in addrs):
            self.prefixes[BENCH_PREFIX] = self._prefix(BENCH_PREFIX, None, "benchmark addresses")
        statuses = ["active"] * 7 + ["reserved", "dhcp", "deprecated"]
        desired = []
        for i, addr in enumerate(addrs):
            tags = []
            if i % 3 == 0:
                tags.append({"slug": "web"})
            if i % 5 == 0:
                tags.append({"slug": "batch"})
            desired.append({
                "address": addr,
                "status": statuses[i % len(statuses)],
                "tenant": self.tenants[i % 2]["id"],
                "dns_name": f"h-{host(addr).replace('.', '-')}.seed.ipshadow.test",
                "description": SEED_DESCRIPTION,
                "tags": tags,
            })
        t0 = time.monotonic()
        got = self.ensure_many("/api/ipam/ip-addresses/", desired, lambda o: host(o["address"]),
                               "address", [host(a) for a in addrs], [("vrf_id", "null")], filter_chunk=200)
        log(f"plain IPs: {len(got)} present ({self.created.get('/api/ipam/ip-addresses/', 0)} created so far) "
            f"in {time.monotonic() - t0:.1f} s")

    def _attach(self, kind: str, parents: list[dict], iface_names: list[str], mac_of: Callable[[int, int], str],
                ip_of: Callable[[int, int], str]) -> dict[Any, dict]:
        """Interfaces (+ primary MAC object + IP) for VMs (kind 'vm') or devices (kind 'device')."""
        if kind == "vm":
            if_ep, if_type, parent_field = "/api/virtualization/interfaces/", "virtualization.vminterface", \
                "virtual_machine"
        else:
            if_ep, if_type, parent_field = "/api/dcim/interfaces/", "dcim.interface", "device"
        desired_ifs = []
        for p in parents:
            for name in iface_names:
                body = {parent_field: p["id"], "name": name, "description": SEED_DESCRIPTION}
                if kind == "device":
                    body["type"] = "1000base-t"
                desired_ifs.append(body)
        ifaces = self.ensure_many(if_ep, desired_ifs, lambda o: (ident(o[parent_field]), o["name"]),
                                  f"{parent_field}_id", [p["id"] for p in parents])
        # MAC address objects, assigned to the interfaces (NetBox >= 4.2 dcim.mac-addresses).
        desired_macs, want_mac = [], {}
        for pi, p in enumerate(parents):
            for ii, name in enumerate(iface_names):
                mac = mac_of(pi, ii)
                iface = ifaces[(p["id"], name)]
                want_mac[iface["id"]] = mac
                desired_macs.append({"mac_address": mac, "assigned_object_type": if_type,
                                     "assigned_object_id": iface["id"], "description": SEED_DESCRIPTION})
        macs = self.ensure_many("/api/dcim/mac-addresses/", desired_macs, lambda o: o["mac_address"].upper(),
                                "mac_address", [m["mac_address"] for m in desired_macs])
        updates = []
        for iface in ifaces.values():
            if iface["id"] not in want_mac:
                continue
            mac = macs[want_mac[iface["id"]].upper()]
            if ident(iface.get("primary_mac_address")) != mac["id"]:
                updates.append({"id": iface["id"], "primary_mac_address": mac["id"]})
        self.bulk_patch(if_ep, updates)
        # One IP per interface.
        desired_ips, want_ip = [], {}
        for pi, p in enumerate(parents):
            for ii, name in enumerate(iface_names):
                addr = ip_of(pi, ii)
                iface = ifaces[(p["id"], name)]
                want_ip[(p["id"], name)] = host(addr)
                desired_ips.append({"address": addr, "status": "active", "assigned_object_type": if_type,
                                    "assigned_object_id": iface["id"], "tenant": p.get("tenant") and ident(p["tenant"]),
                                    "dns_name": f"{p['name']}-{name}.seed.ipshadow.test",
                                    "description": SEED_DESCRIPTION})
        ips = self.ensure_many("/api/ipam/ip-addresses/", desired_ips, lambda o: host(o["address"]),
                               "address", [host(d["address"]) for d in desired_ips], [("vrf_id", "null")])
        # The first interface's IP is the parent's primary IPv4.
        ep = "/api/virtualization/virtual-machines/" if kind == "vm" else "/api/dcim/devices/"
        updates = []
        for p in parents:
            ip = ips[want_ip[(p["id"], iface_names[0])]]
            if ident(p.get("primary_ip4")) != ip["id"]:
                updates.append({"id": p["id"], "primary_ip4": ip["id"]})
        self.bulk_patch(ep, updates)
        return ifaces

    def vms(self) -> None:
        n = self.args.vms
        if n > 250:
            raise SystemExit("--vms is limited to 250 (one /24 of 10.10.0.0/22)")
        desired = []
        for i in range(n):
            cluster = self.clusters[i % 2]
            desired.append({
                "name": f"ipshadow-vm-{i + 1:03d}",
                "cluster": cluster["id"],
                "site": self.site["id"],
                "tenant": self.tenants[i % 2]["id"],
                "role": self.device_role["id"],
                "status": "active",
                "vcpus": 2,
                "memory": 2048,
                "tags": [{"slug": "web" if i % 2 == 0 else "batch"}],
                "description": SEED_DESCRIPTION,
            })
        names = [d["name"] for d in desired]
        vms = self.ensure_many("/api/virtualization/virtual-machines/", desired, lambda o: o["name"], "name", names)
        parents = [vms[name] for name in names]
        self._attach("vm", parents, ["eth0"],
                     mac_of=lambda pi, ii: f"02:15:00:00:{(pi + 1) >> 8:02X}:{(pi + 1) & 0xFF:02X}",
                     ip_of=lambda pi, ii: f"10.10.0.{pi + 1}/22")
        self.summary["vms"] = {name: vms[name]["id"] for name in names}

    def devices(self) -> None:
        n = self.args.devices
        if n > 120:
            raise SystemExit("--devices is limited to 120")
        desired = [{
            "name": f"ipshadow-host-{i + 1:02d}",
            "device_type": self.device_type["id"],
            "role": self.device_role["id"],
            "site": self.site["id"],
            "tenant": self.tenants[i % 2]["id"],
            "cluster": self.clusters[i % 2]["id"],
            "status": "active",
            "tags": [{"slug": "web" if i % 2 == 0 else "batch"}],
            "description": SEED_DESCRIPTION,
        } for i in range(n)]
        names = [d["name"] for d in desired]
        devs = self.ensure_many("/api/dcim/devices/", desired, lambda o: o["name"], "name", names)
        parents = [devs[name] for name in names]
        self._attach("device", parents, ["eth0", "eth1"],
                     mac_of=lambda pi, ii: f"02:16:00:00:{pi + 1:02X}:{ii:02X}",
                     ip_of=lambda pi, ii: f"10.10.1.{pi * 2 + ii + 1}/22")
        self.summary["devices"] = {name: devs[name]["id"] for name in names}

    def run(self) -> dict[str, Any]:
        t0 = time.monotonic()
        self.organisation()
        self.ipam()
        self.vms()
        self.devices()
        self.plain_ips()
        total_ips = self.nb.get("/api/ipam/ip-addresses/", [("limit", 1), ("vrf_id", "null")])["count"]
        self.summary.update({
            "site": self.site["id"],
            "tenants": {t["slug"]: t["id"] for t in self.tenants},
            "tags": {k: v["id"] for k, v in self.tags.items()},
            "ipam_roles": {k: v["id"] for k, v in self.ipam_roles.items()},
            "clusters": {c["name"]: c["id"] for c in self.clusters},
            "device_role": self.device_role["id"],
            "prefixes": {k: v["id"] for k, v in self.prefixes.items()},
            "ip_ranges": {
                "shadow": {"id": self.shadow_range["id"], "start": self.shadow_range["start_address"],
                           "end": self.shadow_range["end_address"]},
                "dhcp": {"id": self.dhcp_range["id"], "start": self.dhcp_range["start_address"],
                         "end": self.dhcp_range["end_address"]},
            },
            "ip_addresses_global": total_ips,
            "created": self.created,
        })
        made = ", ".join(f"{k.split('/api/')[-1]}={v}" for k, v in sorted(self.created.items())) or "nothing"
        log(f"done in {time.monotonic() - t0:.1f} s with {self.nb.requests} requests; created: {made}; "
            f"global IPs now {total_ips}")
        return self.summary


def read_env_file(path: str) -> dict[str, str]:
    env: dict[str, str] = {}
    try:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                line = line.strip()
                if not line or line.startswith("#") or "=" not in line:
                    continue
                k, v = line.split("=", 1)
                if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'":
                    v = v[1:-1]
                env[k.strip()] = v
    except FileNotFoundError:
        pass
    return env


def main(argv: list[str]) -> int:
    cache = os.environ.get("IPSHADOW_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "ipshadow")
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ips", type=int, default=int(os.environ.get("SEED_IPS", "200")),
                    help="plain IP addresses to create (env SEED_IPS, default 200)")
    ap.add_argument("--vms", type=int, default=int(os.environ.get("SEED_VMS", "20")),
                    help="VMs, each with eth0 + MAC + IP (env SEED_VMS, default 20)")
    ap.add_argument("--devices", type=int, default=int(os.environ.get("SEED_DEVICES", "4")),
                    help="devices, each with eth0/eth1 + MACs + IPs (env SEED_DEVICES, default 4)")
    ap.add_argument("--chunk", type=int, default=int(os.environ.get("SEED_CHUNK", "500")),
                    help="objects per bulk POST/PATCH (env SEED_CHUNK, default 500)")
    ap.add_argument("--env-file", default=os.environ.get("NETBOX_ENV_FILE", os.path.join(cache, "netbox.env")))
    ap.add_argument("--summary", default=os.environ.get("SEED_SUMMARY", os.path.join(cache, "netbox-seed.json")),
                    help="where to write the JSON summary of ids ('-' for stdout)")
    args = ap.parse_args(argv)
    if min(args.ips, args.vms, args.devices) < 0 or args.chunk < 1:
        ap.error("sizes must be >= 0 and --chunk >= 1")

    file_env = read_env_file(args.env_file)
    url = os.environ.get("NETBOX_URL") or file_env.get("NETBOX_URL")
    token = os.environ.get("NETBOX_TOKEN") or file_env.get("NETBOX_TOKEN")
    if not url or not token:
        ap.error(f"NETBOX_URL/NETBOX_TOKEN not set and not in {args.env_file}")

    log(f"seeding {url}: ips={args.ips} vms={args.vms} devices={args.devices} chunk={args.chunk}")
    summary = Seeder(NetBox(url, token), args).run()
    text = json.dumps(summary, indent=2, sort_keys=True) + "\n"
    if args.summary == "-":
        sys.stdout.write(text)
    else:
        os.makedirs(os.path.dirname(os.path.abspath(args.summary)), exist_ok=True)
        tmp = f"{args.summary}.tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, args.summary)
        log(f"summary in {args.summary}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except ApiError as exc:
        log(f"ERROR: {exc}")
        sys.exit(1)
