// ipshadow Kea hook: copies what the library needs out of Kea's packets and leases.
#ifndef IPSHADOW_KEA_H
#define IPSHADOW_KEA_H

#include <ipshadow_config.h>
#include <ipshadow_event.h>

#include <dhcp/pkt4.h>
#include <dhcpsrv/lease.h>

#include <memory>
#include <string>

namespace ipshadow {

/// @brief The fields group rules look at; in_class refers to @p query, which must outlive it.
ClientView clientView(const isc::dhcp::Pkt4Ptr& query);

/// @brief Claim key of a query's client: "id:<client-id>" if option 61 is present, else "hw:<mac>".
std::string clientKey(const isc::dhcp::Pkt4Ptr& query);

/// @brief Claim key of a lease's client, computed like clientKey(query).
std::string clientKey(const isc::dhcp::Lease4Ptr& lease);

/// @brief Overwrite @p event (possibly recycled) with an event of @p type describing
/// @p lease; classes come from @p query when given. Reuses the event's string capacity.
void fillLeaseEvent(Event& event, EventType type, const isc::dhcp::Lease4Ptr& lease,
                    const isc::dhcp::Pkt4Ptr& query);

/// @brief True for the message types that allocate (DHCPDISCOVER, DHCPREQUEST).
bool isAllocating(const isc::dhcp::Pkt4Ptr& query);

} // namespace ipshadow

#endif // IPSHADOW_KEA_H
