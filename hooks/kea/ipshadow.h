// ipshadow Kea hook: the implementation class behind the callouts (testable without Kea).
#ifndef IPSHADOW_H
#define IPSHADOW_H

#include <ipshadow_config.h>
#include <ipshadow_event.h>
#include <ipshadow_groups.h>
#include <ipshadow_queue.h>

#include <cc/data.h>
#include <hooks/hooks.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ipshadow {

/// @brief Kea control channel result codes (as in cc/command_interpreter.h).
enum ResultCode { RESULT_SUCCESS = 0, RESULT_ERROR = 1, RESULT_EMPTY = 3 };

/// @brief The shadow-inventory bridge: group decisions, claims, events and commands.
///
/// Callouts translate Kea objects into ClientView/Event and call these methods;
/// the methods never block on I/O (events go through EventWriter's queue).
class Ipshadow {
public:
    Ipshadow(Config config, std::shared_ptr<WriterObserver> observer = nullptr,
             WriterTiming timing = WriterTiming());

    /// @brief Start the writer thread.
    void start() { writer_.start(); }

    /// @brief Stop the writer thread.
    void stop() { writer_.stop(); }

    /// @brief The checked configuration.
    const Config& config() const { return (config_); }

    /// @brief pkt4_receive: group decision for a query (claims an address when allocating).
    Decision receive(const ClientView& client, std::string_view client_key, bool allocating);

    /// @brief True when groups are configured (else receive() never matches and select() never swaps).
    bool hasGroups() const { return (groups_.size() != 0); }

    /// @brief The ClientView fields the group rules look at.
    const ViewNeeds& viewNeeds() const { return (groups_.viewNeeds()); }

    /// @brief lease4_select: the address to put in the lease (0: leave it), and the
    /// group_claim event queued on the first REQUEST that confirms the claim.
    /// @p claim_event carries the lease's fields; its type, address and group are set here.
    uint32_t select(std::string_view client_key, const Decision& decision, bool fake,
                    std::unique_ptr<Event> claim_event);

    /// @brief select() for a decision reduced to whether a group matched and the address decided.
    uint32_t select(std::string_view client_key, bool matched, uint32_t decided, bool fake,
                    std::unique_ptr<Event> claim_event);

    /// @brief A lease event (committed, renew, release, expire, decline): updates the
    /// claims, fills the event's group and queues it. Never blocks.
    void leaseEvent(std::unique_ptr<Event> event, std::string_view client_key);

    /// @brief ipshadow-groups-set: {"groups": {"name": ["10.0.0.5", ...]}}.
    isc::data::ConstElementPtr groupsSet(const isc::data::ConstElementPtr& arguments);

    /// @brief ipshadow-groups-get: groups, rules, addresses and claims.
    isc::data::ConstElementPtr groupsGet() const;

    /// @brief ipshadow-stats-get: writer and group counters.
    isc::data::ConstElementPtr statsGet() const;

    /// @brief An event to fill and hand to select() or leaseEvent() (recycled when possible).
    std::unique_ptr<Event> newEvent() { return (writer_.acquire()); }

    /// @brief Writer counters (for unload logging and tests).
    WriterStats writerStats() const { return (writer_.stats()); }

    /// @brief Group counters (for tests).
    GroupCounters groupCounters() const { return (groups_.counters()); }

    /// @brief Direct access to the table (tests).
    GroupTable& groups() { return (groups_); }

private:
    Config config_;
    GroupTable groups_;
    EventWriter writer_;
};

/// @brief The hook points whose callouts load() registers for @p config, in this order.
///
/// With groups (group mode): pkt4_receive (class guard, claim), lease4_select (swap, and the
/// lease a REQUEST commits), pkt4_send (lease4_committed at the ACK) and the lease callouts.
/// Without groups (events-only mode) nothing is classified or swapped, so pkt4_receive and
/// lease4_select are left out: each registered hook point costs Kea about 2,000 instructions per
/// call even for a callout that does nothing. pkt4_send then reads the lease4_committed line
/// from the packets (fillAckEvent).
std::vector<const char*> hookPoints(const Config& config);

/// @brief True when pkt4_send's arguments include subnet4 (Kea 2.6; not 2.2). Without it the
/// events-only lease4_committed line carries subnet_id 0, which the sidecar resolves from
/// Kea's own subnets (config-get).
constexpr bool PKT4_SEND_HAS_SUBNET = KEA_HOOKS_VERSION >= 20600;

#if !defined(IPSHADOW_KEA_HOOKS_VERSION)
#error "build with -DIPSHADOW_KEA_HOOKS_VERSION=<KEA_HOOKS_VERSION> (the Makefile sets it)"
#endif

/// @brief True when @p config makes pkt4_send read the lease from the packets (events-only mode).
bool eventsFromPackets(const Config& config);

/// @brief Build a Kea control channel answer {"result": code, "text": text[, "arguments": args]}.
isc::data::ConstElementPtr makeAnswer(int code, const std::string& text,
                                      const isc::data::ConstElementPtr& arguments = nullptr);

/// @brief A command error carrying the message for IPSHADOW_COMMAND_FAILED.
class CommandError : public std::runtime_error {
public:
    explicit CommandError(const std::string& what) : std::runtime_error(what) {}
};

} // namespace ipshadow

#endif // IPSHADOW_H
