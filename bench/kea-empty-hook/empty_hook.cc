// Benchmark-only: a hook that registers callouts and does nothing in them, to measure what Kea's hook framework alone
// costs per lease (the ceiling for any hook with these callouts). Built three times (build.sh):
//   default                      pkt4_receive, lease4_select, pkt4_send + the lease callouts (the group-mode set)
//   -DEMPTY_EVENTS_SELECT        lease4_select, pkt4_send + the lease callouts
//   -DEMPTY_EVENTS_ONLY          pkt4_send + the lease callouts (the events-only set)
#include <hooks/hooks.h>

using isc::hooks::CalloutHandle;
using isc::hooks::LibraryHandle;

extern "C" {
int version() { return (KEA_HOOKS_VERSION); }
int load(LibraryHandle&) { return (0); }
int unload() { return (0); }
int multi_threading_compatible() { return (1); }
#if !defined(EMPTY_EVENTS_ONLY) && !defined(EMPTY_EVENTS_SELECT)
int pkt4_receive(CalloutHandle&) { return (0); }
#endif
#if !defined(EMPTY_EVENTS_ONLY)
int lease4_select(CalloutHandle&) { return (0); }
#endif
int pkt4_send(CalloutHandle&) { return (0); }
int lease4_renew(CalloutHandle&) { return (0); }
int lease4_release(CalloutHandle&) { return (0); }
int lease4_expire(CalloutHandle&) { return (0); }
int lease4_decline(CalloutHandle&) { return (0); }
}
