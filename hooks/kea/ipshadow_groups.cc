// ipshadow Kea hook: group matching and claim tracking of shadow addresses.
#include <ipshadow_groups.h>

#include <ipshadow_event.h>

#include <set>
#include <stdexcept>

namespace ipshadow {

const char*
claimStateName(ClaimState state) {
    return (state == ClaimState::LEASED ? "leased" : "offered");
}

GroupTable::GroupTable(std::vector<GroupRule> rules, uint32_t offer_hold_seconds)
    : offer_hold_ms_(static_cast<int64_t>(offer_hold_seconds) * 1000), view_needs_(ipshadow::viewNeeds(rules)) {
    for (auto& rule : rules) {
        group_index_[rule.name] = groups_.size();
        groups_.push_back(Group{std::move(rule), {}, false});
    }
}

bool
GroupTable::claimUsable(const Claim& claim, int64_t now_ms) const {
    return (claim.state == ClaimState::LEASED || claim.expires_ms > now_ms);
}

bool
GroupTable::findFree(size_t group, int64_t now_ms, uint32_t& address) const {
    for (uint32_t candidate : groups_[group].addresses) {
        auto it = claims_.find(candidate);
        if (it == claims_.end() || !claimUsable(it->second, now_ms)) {
            address = candidate;
            return (true);
        }
    }
    return (false);
}

void
GroupTable::eraseClaim(uint32_t address) {
    auto it = claims_.find(address);
    if (it == claims_.end()) {
        return;
    }
    auto owner = client_claim_.find(it->second.client);
    if (owner != client_claim_.end() && owner->second == address) {
        client_claim_.erase(owner);
    }
    groups_[it->second.group].exhaustion_reported = false;
    claims_.erase(it);
}

void
GroupTable::putClaim(uint32_t address, size_t group, std::string_view client, ClaimState state,
                     int64_t now_ms) {
    // One claim per client and one client per address.
    auto previous = client_claim_.find(client);
    if (previous != client_claim_.end() && previous->second != address) {
        eraseClaim(previous->second);
    }
    eraseClaim(address);
    Claim claim;
    claim.group = group;
    claim.client = std::string(client);
    claim.state = state;
    claim.expires_ms = now_ms + offer_hold_ms_;
    client_claim_.insert_or_assign(claim.client, address);
    claims_[address] = std::move(claim);
}

Decision
GroupTable::classify(const ClientView& client, std::string_view client_key, bool allocating,
                     int64_t now_ms) {
    Decision decision;
    if (groups_.empty()) {
        return (decision);      // nothing to match, and no claim can exist
    }
    std::lock_guard<std::mutex> lock(mutex_);
    auto held = client_key.empty() ? client_claim_.end() : client_claim_.find(client_key);
    if (held != client_claim_.end()) {
        Claim& claim = claims_[held->second];
        if (allocating && claim.state == ClaimState::OFFERED) {
            claim.expires_ms = now_ms + offer_hold_ms_;
        }
        decision.group = groups_[claim.group].rule.name;
        decision.address = held->second;
        return (decision);
    }
    size_t group = 0;
    while (group < groups_.size() && !groups_[group].rule.matches(client)) {
        ++group;
    }
    if (group == groups_.size()) {
        return (decision);
    }
    decision.group = groups_[group].rule.name;
    if (!allocating || client_key.empty()) {
        return (decision);
    }
    uint32_t address = 0;
    if (!findFree(group, now_ms, address)) {
        decision.exhausted = true;
        decision.report_exhausted = !groups_[group].exhaustion_reported;
        groups_[group].exhaustion_reported = true;
        ++counters_.exhausted;
        return (decision);
    }
    putClaim(address, group, client_key, ClaimState::OFFERED, now_ms);
    ++counters_.offered;
    decision.address = address;
    return (decision);
}

uint32_t
GroupTable::select(std::string_view client_key, uint32_t decided, bool fake, int64_t now_ms,
                   bool& first_confirm) {
    first_confirm = false;
    std::lock_guard<std::mutex> lock(mutex_);
    auto held = client_claim_.find(client_key);
    uint32_t address = 0;
    if (held != client_claim_.end()) {
        address = held->second;
    } else if (decided != 0) {
        // The claim vanished between pkt4_receive and lease4_select (groups-set):
        // take the address again only if it is still listed and free.
        auto listed = address_group_.find(decided);
        auto claimed = claims_.find(decided);
        if (listed == address_group_.end() ||
            (claimed != claims_.end() && claimUsable(claimed->second, now_ms))) {
            return (0);
        }
        putClaim(decided, listed->second, client_key, ClaimState::OFFERED, now_ms);
        address = decided;
    } else {
        return (0);
    }
    Claim& claim = claims_[address];
    if (fake) {
        if (claim.state == ClaimState::OFFERED) {
            claim.expires_ms = now_ms + offer_hold_ms_;
        }
        return (address);
    }
    claim.state = ClaimState::LEASED;
    if (!claim.reported) {
        claim.reported = true;
        first_confirm = true;
        ++counters_.assigned;
    }
    return (address);
}

void
GroupTable::leaseActive(uint32_t address, std::string_view client_key) {
    if (client_key.empty() || groups_.empty()) {
        return;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    auto listed = address_group_.find(address);
    if (listed == address_group_.end()) {
        return;
    }
    auto claim = claims_.find(address);
    if (claim != claims_.end() && claim->second.client == client_key) {
        claim->second.state = ClaimState::LEASED;
        return;
    }
    // Kea holds a lease on a listed address we did not know about (e.g. after a
    // reload): record it so the address is never handed to someone else.
    putClaim(address, listed->second, client_key, ClaimState::LEASED, 0);
    claims_[address].reported = true;
}

void
GroupTable::leaseGone(uint32_t address, std::string_view client_key) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto claim = claims_.find(address);
    if (claim == claims_.end()) {
        return;
    }
    if (claim->second.client == client_key || claim->second.state == ClaimState::LEASED) {
        eraseClaim(address);
    }
}

void
GroupTable::declined(uint32_t address) {
    std::lock_guard<std::mutex> lock(mutex_);
    eraseClaim(address);
    auto listed = address_group_.find(address);
    if (listed == address_group_.end()) {
        return;
    }
    auto& addresses = groups_[listed->second].addresses;
    for (auto it = addresses.begin(); it != addresses.end(); ++it) {
        if (*it == address) {
            addresses.erase(it);
            break;
        }
    }
    address_group_.erase(listed);
}

std::string
GroupTable::groupOf(uint32_t address) const {
    if (groups_.empty()) {
        return (std::string());
    }
    std::lock_guard<std::mutex> lock(mutex_);
    auto listed = address_group_.find(address);
    return (listed == address_group_.end() ? std::string() : groups_[listed->second].rule.name);
}

SetResult
GroupTable::setAddresses(const std::map<std::string, std::vector<uint32_t>>& lists) {
    std::lock_guard<std::mutex> lock(mutex_);
    // Check everything first so a refused push changes nothing.
    std::unordered_map<uint32_t, size_t> pushed;
    std::set<size_t> named;
    for (auto const& list : lists) {
        auto index = group_index_.find(list.first);
        if (index == group_index_.end()) {
            throw std::invalid_argument("unknown group '" + list.first + "'");
        }
        named.insert(index->second);
        for (uint32_t address : list.second) {
            if (address == 0) {
                throw std::invalid_argument("0.0.0.0 cannot be a shadow address");
            }
            if (!pushed.emplace(address, index->second).second) {
                throw std::invalid_argument("address " + ipv4Text(address) +
                                            " is listed twice");
            }
        }
    }
    for (auto const& entry : pushed) {
        auto current = address_group_.find(entry.first);
        if (current != address_group_.end() && current->second != entry.second &&
            named.count(current->second) == 0) {
            throw std::invalid_argument("address " + ipv4Text(entry.first) +
                                        " already belongs to group '" +
                                        groups_[current->second].rule.name + "'");
        }
    }
    SetResult result;
    for (size_t group : named) {
        for (uint32_t address : groups_[group].addresses) {
            auto still = pushed.find(address);
            const bool kept = still != pushed.end() && still->second == group;
            if (claims_.count(address) != 0) {
                if (kept) {
                    ++result.claims_kept;
                } else {
                    ++result.claims_dropped;
                    eraseClaim(address);
                }
            }
            address_group_.erase(address);
        }
        groups_[group].addresses.clear();
        groups_[group].exhaustion_reported = false;
    }
    for (auto const& list : lists) {
        const size_t group = group_index_[list.first];
        groups_[group].addresses = list.second;
        for (uint32_t address : list.second) {
            address_group_[address] = group;
        }
        result.addresses += list.second.size();
    }
    result.groups = named.size();
    return (result);
}

std::vector<GroupInfo>
GroupTable::snapshot() const {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<GroupInfo> infos;
    for (auto const& group : groups_) {
        GroupInfo info;
        info.rule = &group.rule;
        info.addresses = group.addresses;
        for (uint32_t address : group.addresses) {
            auto claim = claims_.find(address);
            if (claim != claims_.end()) {
                info.claims.push_back(ClaimInfo{address, claim->second.client, claim->second.state});
            }
        }
        infos.push_back(std::move(info));
    }
    return (infos);
}

GroupCounters
GroupTable::counters() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return (counters_);
}

} // namespace ipshadow
