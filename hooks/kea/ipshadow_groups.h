// ipshadow Kea hook: group matching and per-group shadow address lists with claims.
#ifndef IPSHADOW_GROUPS_H
#define IPSHADOW_GROUPS_H

#include <ipshadow_config.h>

#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ipshadow {

/// @brief State of a claim on a shadow address.
enum class ClaimState {
    OFFERED,    ///< Taken for a DISCOVER (or a REQUEST not yet seen at lease4_select); expires.
    LEASED      ///< Confirmed by a REQUEST or seen in a lease event; kept until the lease goes.
};

/// @brief What pkt4_receive decided for a query.
struct Decision {
    std::string group;          ///< Matching group, empty if none.
    uint32_t address = 0;       ///< Claimed shadow address, 0 if none.
    bool exhausted = false;     ///< Matched a group that had no free address.
    bool report_exhausted = false;  ///< First exhaustion since the group last had room (log it).
};

/// @brief Result of ipshadow-groups-set.
struct SetResult {
    size_t addresses = 0;
    size_t groups = 0;
    size_t claims_kept = 0;
    size_t claims_dropped = 0;
};

/// @brief One claim, for ipshadow-groups-get.
struct ClaimInfo {
    uint32_t address = 0;
    std::string client;
    ClaimState state = ClaimState::OFFERED;
};

/// @brief One group, for ipshadow-groups-get.
struct GroupInfo {
    const GroupRule* rule = nullptr;
    std::vector<uint32_t> addresses;
    std::vector<ClaimInfo> claims;
};

/// @brief Counters of group assignment.
struct GroupCounters {
    uint64_t offered = 0;       ///< New claims made for a query.
    uint64_t assigned = 0;      ///< Claims confirmed by a REQUEST at lease4_select.
    uint64_t exhausted = 0;     ///< Matching queries that found no free address.
};

/// @brief Thread-safe table of groups, their shadow addresses and the clients' claims.
///
/// A client (keyed by client-id, else hardware address) holds at most one claim,
/// and an address is claimed by at most one client, so the same address goes out
/// on DISCOVER and REQUEST and never to two clients. OFFERED claims expire after
/// the offer hold time; LEASED claims last until release, expiry or decline.
class GroupTable {
public:
    GroupTable(std::vector<GroupRule> rules, uint32_t offer_hold_seconds);

    /// @brief Match a query and, if @p allocating (DISCOVER/REQUEST), claim an address.
    Decision classify(const ClientView& client, std::string_view client_key, bool allocating,
                      int64_t now_ms);

    /// @brief At lease4_select: the address to hand out. A REQUEST (@p fake false) confirms
    /// the claim; @p first_confirm tells whether it is newly confirmed (report it once).
    uint32_t select(std::string_view client_key, uint32_t decided, bool fake, int64_t now_ms,
                    bool& first_confirm);

    /// @brief A lease on @p address is held by the client (commit, renew): record its claim.
    void leaseActive(uint32_t address, std::string_view client_key);

    /// @brief The lease on @p address ended (release, expire): free its claim.
    void leaseGone(uint32_t address, std::string_view client_key);

    /// @brief The client declined @p address: free its claim and unlist it until pushed again.
    void declined(uint32_t address);

    /// @brief Name of the group listing @p address, or empty.
    std::string groupOf(uint32_t address) const;

    /// @brief Replace the address lists of the named groups; throws std::invalid_argument
    /// (nothing changed) on an unknown group, a duplicate or an address listed in another group.
    SetResult setAddresses(const std::map<std::string, std::vector<uint32_t>>& lists);

    /// @brief A snapshot of every group, in configuration order.
    std::vector<GroupInfo> snapshot() const;

    /// @brief Counters snapshot.
    GroupCounters counters() const;

    /// @brief Number of configured groups.
    size_t size() const { return (groups_.size()); }

    /// @brief The ClientView fields the group rules look at.
    const ViewNeeds& viewNeeds() const { return (view_needs_); }

private:
    struct Claim {
        size_t group = 0;
        std::string client;
        ClaimState state = ClaimState::OFFERED;
        int64_t expires_ms = 0;
        bool reported = false;
    };
    struct Group {
        GroupRule rule;
        std::vector<uint32_t> addresses;
        bool exhaustion_reported = false;
    };

    bool claimUsable(const Claim& claim, int64_t now_ms) const;
    bool findFree(size_t group, int64_t now_ms, uint32_t& address) const;
    void eraseClaim(uint32_t address);
    void putClaim(uint32_t address, size_t group, std::string_view client, ClaimState state,
                  int64_t now_ms);

    const int64_t offer_hold_ms_;
    ViewNeeds view_needs_;
    std::vector<Group> groups_;
    std::map<std::string, size_t> group_index_;
    std::unordered_map<uint32_t, size_t> address_group_;
    std::unordered_map<uint32_t, Claim> claims_;
    std::map<std::string, uint32_t, std::less<>> client_claim_;  ///< Found by string_view.
    GroupCounters counters_;
    mutable std::mutex mutex_;
};

/// @brief Name of a claim state ("offered" or "leased").
const char* claimStateName(ClaimState state);

} // namespace ipshadow

#endif // IPSHADOW_GROUPS_H
