// File created from ipshadow_messages.mes

#ifndef IPSHADOW_MESSAGES_H
#define IPSHADOW_MESSAGES_H

#include <log/message_types.h>

namespace ipshadow {

extern const isc::log::MessageID IPSHADOW_BAD_PARAMETER;
extern const isc::log::MessageID IPSHADOW_CALLOUT_ERROR;
extern const isc::log::MessageID IPSHADOW_COMMAND_FAILED;
extern const isc::log::MessageID IPSHADOW_GROUPS_SET;
extern const isc::log::MessageID IPSHADOW_GROUP_CLAIM;
extern const isc::log::MessageID IPSHADOW_GROUP_EXHAUSTED;
extern const isc::log::MessageID IPSHADOW_LOAD_FAILED;
extern const isc::log::MessageID IPSHADOW_LOAD_OK;
extern const isc::log::MessageID IPSHADOW_MISSING_PARAMETER;
extern const isc::log::MessageID IPSHADOW_SOCKET_CONNECTED;
extern const isc::log::MessageID IPSHADOW_SOCKET_CONNECT_FAILED;
extern const isc::log::MessageID IPSHADOW_SOCKET_DISCONNECTED;
extern const isc::log::MessageID IPSHADOW_UNKNOWN_PARAMETER;
extern const isc::log::MessageID IPSHADOW_UNLOAD;
extern const isc::log::MessageID IPSHADOW_WRONG_DAEMON;

} // namespace ipshadow

#endif // IPSHADOW_MESSAGES_H
