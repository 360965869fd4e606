// Benchmark-only: a hook that registers the same callouts as libdhcp_ipshadow.so and does nothing in them, to measure
// what Kea's hook framework alone costs per lease (the ceiling for any hook with these callouts).
#include <hooks/hooks.h>

using isc::hooks::CalloutHandle;
using isc::hooks::LibraryHandle;

extern "C" {
int version() { return (KEA_HOOKS_VERSION); }
int load(LibraryHandle&) { return (0); }
int unload() { return (0); }
int multi_threading_compatible() { return (1); }
int pkt4_receive(CalloutHandle&) { return (0); }
int lease4_select(CalloutHandle&) { return (0); }
int pkt4_send(CalloutHandle&) { return (0); }
int lease4_renew(CalloutHandle&) { return (0); }
int lease4_release(CalloutHandle&) { return (0); }
int lease4_expire(CalloutHandle&) { return (0); }
int lease4_decline(CalloutHandle&) { return (0); }
}
