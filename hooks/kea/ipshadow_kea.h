// ipshadow Kea hook: copies what the library needs out of Kea's packets and leases.
#ifndef IPSHADOW_KEA_H
#define IPSHADOW_KEA_H

#include <ipshadow_config.h>
#include <ipshadow_event.h>

#include <dhcp/pkt4.h>
#include <dhcpsrv/lease.h>

#include <memory>
#include <string>
#include <string_view>

namespace ipshadow {

/// @brief A claim key held on the stack: "id:<client-id>" or "hw:<mac>" (empty: neither).
///
/// Callouts build one per packet without touching the heap (keys of more than
/// MAX_INLINE_BYTES bytes, only possible with fused long options, go to a string).
class ClientKey {
public:
    static constexpr size_t MAX_INLINE_BYTES = 255;

    /// @brief Set the key to @p prefix ("id:" or "hw:") and @p size bytes as hex pairs.
    void assign(const char* prefix, const uint8_t* bytes, size_t size);

    /// @brief Make the key empty.
    void clear() { size_ = 0; long_.clear(); }

    /// @brief The key text (valid while this object lives and is not reassigned).
    std::string_view view() const {
        return (long_.empty() ? std::string_view(inline_, size_) : std::string_view(long_));
    }

    bool empty() const { return (view().empty()); }

private:
    char inline_[3 + MAX_INLINE_BYTES * 3];
    size_t size_ = 0;
    std::string long_;
};

/// @brief The fields group rules look at; in_class refers to @p query, which must outlive it.
/// Only the fields selected by @p needs are filled (the others stay empty).
ClientView clientView(const isc::dhcp::Pkt4Ptr& query, const ViewNeeds& needs = ViewNeeds());

/// @brief Claim key of a query's client: "id:<client-id>" if option 61 is present, else "hw:<mac>".
void clientKey(const isc::dhcp::Pkt4Ptr& query, ClientKey& key);

/// @brief Claim key of a lease's client, computed like clientKey(query).
void clientKey(const isc::dhcp::Lease4Ptr& lease, ClientKey& key);

/// @brief clientKey(query) as a string.
std::string clientKey(const isc::dhcp::Pkt4Ptr& query);

/// @brief clientKey(lease) as a string.
std::string clientKey(const isc::dhcp::Lease4Ptr& lease);

/// @brief Overwrite @p event (possibly recycled) with an event of @p type describing
/// @p lease; classes come from @p query when given. Reuses the event's string capacity.
void fillLeaseEvent(Event& event, EventType type, const isc::dhcp::Lease4Ptr& lease,
                    const isc::dhcp::Pkt4Ptr& query);

/// @brief Overwrite @p event with the lease4_committed event of a DHCPACK, read from the
/// packets alone (events-only mode, without lease4_select): address = the response's yiaddr,
/// hwaddr and client-id from the query, hostname as Kea stores it in the lease (the response's
/// option 12, else the FQDN option's name), valid_lft = the response's option 51,
/// classes = the query's. @p subnet_id comes from the caller (pkt4_send's subnet4).
void fillAckEvent(Event& event, const isc::dhcp::Pkt4Ptr& query,
                  const isc::dhcp::Pkt4Ptr& response, uint32_t subnet_id);

/// @brief True for the message types that allocate (DHCPDISCOVER, DHCPREQUEST).
bool isAllocating(const isc::dhcp::Pkt4Ptr& query);

} // namespace ipshadow

#endif // IPSHADOW_KEA_H
