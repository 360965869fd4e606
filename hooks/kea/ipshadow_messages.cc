// File created from ipshadow_messages.mes

#include <cstddef>
#include <log/message_types.h>
#include <log/message_initializer.h>

namespace ipshadow {

extern const isc::log::MessageID IPSHADOW_BAD_PARAMETER = "IPSHADOW_BAD_PARAMETER";
extern const isc::log::MessageID IPSHADOW_CALLOUT_ERROR = "IPSHADOW_CALLOUT_ERROR";
extern const isc::log::MessageID IPSHADOW_COMMAND_FAILED = "IPSHADOW_COMMAND_FAILED";
extern const isc::log::MessageID IPSHADOW_GROUPS_SET = "IPSHADOW_GROUPS_SET";
extern const isc::log::MessageID IPSHADOW_GROUP_CLAIM = "IPSHADOW_GROUP_CLAIM";
extern const isc::log::MessageID IPSHADOW_GROUP_EXHAUSTED = "IPSHADOW_GROUP_EXHAUSTED";
extern const isc::log::MessageID IPSHADOW_LOAD_FAILED = "IPSHADOW_LOAD_FAILED";
extern const isc::log::MessageID IPSHADOW_LOAD_OK = "IPSHADOW_LOAD_OK";
extern const isc::log::MessageID IPSHADOW_MISSING_PARAMETER = "IPSHADOW_MISSING_PARAMETER";
extern const isc::log::MessageID IPSHADOW_SOCKET_CONNECTED = "IPSHADOW_SOCKET_CONNECTED";
extern const isc::log::MessageID IPSHADOW_SOCKET_CONNECT_FAILED = "IPSHADOW_SOCKET_CONNECT_FAILED";
extern const isc::log::MessageID IPSHADOW_SOCKET_DISCONNECTED = "IPSHADOW_SOCKET_DISCONNECTED";
extern const isc::log::MessageID IPSHADOW_UNKNOWN_PARAMETER = "IPSHADOW_UNKNOWN_PARAMETER";
extern const isc::log::MessageID IPSHADOW_UNLOAD = "IPSHADOW_UNLOAD";
extern const isc::log::MessageID IPSHADOW_WRONG_DAEMON = "IPSHADOW_WRONG_DAEMON";

} // namespace ipshadow

namespace {

const char* values[] = {
    "IPSHADOW_BAD_PARAMETER", "parameter '%1' is invalid: %2",
    "IPSHADOW_CALLOUT_ERROR", "callout %1 failed and was skipped: %2",
    "IPSHADOW_COMMAND_FAILED", "control command %1 failed: %2",
    "IPSHADOW_GROUPS_SET", "group address lists replaced: %1 addresses in %2 groups, %3 claims kept, %4 claims dropped",
    "IPSHADOW_GROUP_CLAIM", "client %1 of group %2 claimed %3",
    "IPSHADOW_GROUP_EXHAUSTED", "group %1 has no free shadow address for client %2",
    "IPSHADOW_LOAD_FAILED", "ipshadow hooks library failed to load: %1",
    "IPSHADOW_LOAD_OK", "ipshadow hooks library loaded: socket %1, queue size %2, %3 groups",
    "IPSHADOW_MISSING_PARAMETER", "required parameter '%1' is missing",
    "IPSHADOW_SOCKET_CONNECTED", "connected to sidecar socket %1",
    "IPSHADOW_SOCKET_CONNECT_FAILED", "cannot connect to sidecar socket %1: %2 (retry in %3 ms)",
    "IPSHADOW_SOCKET_DISCONNECTED", "lost sidecar socket %1: %2",
    "IPSHADOW_UNKNOWN_PARAMETER", "unknown parameter '%1'",
    "IPSHADOW_UNLOAD", "ipshadow hooks library unloaded: %1 events sent, %2 dropped",
    "IPSHADOW_WRONG_DAEMON", "ipshadow can only be loaded by kea-dhcp4, not by %1",
    NULL
};

const isc::log::MessageInitializer initializer(values);

} // Anonymous namespace

