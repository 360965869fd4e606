// ipshadow Kea hook: the entry points. Callouts only unpack and delegate. They are not exported
// under their hook point's name (Kea would register those whatever the parameters): load()
// registers the ones the configuration needs (hookPoints(): no pkt4_receive without groups).
#include <ipshadow.h>
#include <ipshadow_kea.h>
#include <ipshadow_log.h>

#include <dhcp/dhcp4.h>
#include <hooks/hooks.h>
#if IPSHADOW_KEA_HOOKS_VERSION >= 20600
#include <dhcpsrv/subnet.h>     // pkt4_send's subnet4 (the header does not compile on Kea 2.2)
#endif
#include <process/daemon.h>

using isc::data::ConstElementPtr;
using isc::dhcp::Lease4Ptr;
using isc::dhcp::Pkt4Ptr;
using isc::hooks::CalloutHandle;
using isc::hooks::LibraryHandle;
using namespace ipshadow;

namespace {

/// The library's single instance, set by load() and cleared by unload().
std::shared_ptr<Ipshadow> impl;

/// Events-only mode: pkt4_send reads lease4_committed from the packets (no lease4_select
/// registered). Set by load().
bool from_packets = false;

/// What the callouts leave in the query's callout context (one per packet; the name fits
/// in a string's in-place buffer). pkt4_receive sets it for every query.
struct PacketState {
    bool matched = false;       ///< A group matched, or the client holds a claim.
    uint32_t address = 0;       ///< The address claimed at pkt4_receive, 0 if none.
    Lease4Ptr lease;            ///< The lease a REQUEST is committing (lease4_select, lease4_renew).
};

const std::string CONTEXT_STATE("ipshadow");

/// The query's state; false (and @p state untouched) if no callout set one.
bool
getState(CalloutHandle& handle, PacketState& state) {
    try {
        handle.getContext(CONTEXT_STATE, state);
        return (true);
    } catch (const isc::hooks::NoSuchCalloutContext&) {
        return (false);
    }
}

/// Remember the lease a REQUEST commits, for pkt4_send to report once Kea ACKs it.
void
captureLease(CalloutHandle& handle, PacketState& state, const Lease4Ptr& lease) {
    state.lease = lease;
    handle.setContext(CONTEXT_STATE, state);
}

void
logCalloutError(const char* hook, const char* what) {
    if (logEnabled(LogLevel::ERROR)) {
        LOG_ERROR(ipshadow_logger, IPSHADOW_CALLOUT_ERROR).arg(hook).arg(what);
    }
}

bool
skipOrDrop(CalloutHandle& handle) {
    return (handle.getStatus() == CalloutHandle::NEXT_STEP_SKIP ||
            handle.getStatus() == CalloutHandle::NEXT_STEP_DROP);
}

/// Queue one lease event; shared by the lease callouts.
int
leaseCallout(CalloutHandle& handle, const char* hook, EventType type, bool has_query) {
    if (!impl) {
        return (0);
    }
    try {
        Pkt4Ptr query;
        if (has_query) {
            handle.getArgument("query4", query);
            // Kea also "renews" at DISCOVER time (an offer of the existing lease):
            // only the REQUEST renews anything.
            if (type == EventType::LEASE4_RENEW && query &&
                query->getType() == isc::dhcp::DHCPDISCOVER) {
                return (0);
            }
        }
        Lease4Ptr lease;
        handle.getArgument("lease4", lease);
        if (lease) {
            std::unique_ptr<Event> event = impl->newEvent();
            fillLeaseEvent(*event, type, lease, query);
            ClientKey key;
            clientKey(lease, key);
            impl->leaseEvent(std::move(event), key.view());
            if (type == EventType::LEASE4_RENEW && !from_packets) {
                PacketState state;
                if (impl->hasGroups()) {
                    // Keep what pkt4_receive decided (events-only mode has nothing to keep).
                    getState(handle, state);
                }
                captureLease(handle, state, lease);
            }
        }
    } catch (const std::exception& ex) {
        logCalloutError(hook, ex.what());
    }
    return (0);
}

/// lease4_select for a group client: swap in its claimed address; queue group_claim on the
/// REQUEST that confirms the claim.
void
selectShadow(CalloutHandle& handle, const PacketState& state, bool fake, const Lease4Ptr& lease) {
    Pkt4Ptr query;
    handle.getArgument("query4", query);
    ClientKey key;
    clientKey(query, key);
    std::unique_ptr<Event> claim;
    if (!fake) {
        claim = impl->newEvent();
        fillLeaseEvent(*claim, EventType::GROUP_CLAIM, lease, query);
    }
    const uint32_t address = impl->select(key.view(), true, state.address, fake, std::move(claim));
    if (address != 0) {
        lease->addr_ = isc::asiolink::IOAddress(address);
        if (!fake && logEnabled(LogLevel::DEBUG)) {
            LOG_DEBUG(ipshadow_logger, DBGLVL_IPSHADOW_PACKET, IPSHADOW_GROUP_CLAIM)
                .arg(std::string(key.view())).arg(impl->groups().groupOf(address))
                .arg(lease->addr_.toText());
        }
    }
}

/// pkt4_send in events-only mode: lease4_committed from the ACK and its query, the subnet id
/// from pkt4_send's subnet4 on Kea 2.6. Kea 2.2 has no such argument: the line says 0 and the
/// sidecar finds the subnet by address (registering lease4_select for it costs Kea 3.5% more
/// instructions per lease, callgrind).
void
sendFromPackets(CalloutHandle& handle, const Pkt4Ptr& query, const Pkt4Ptr& response) {
    uint32_t subnet_id = 0;
#if IPSHADOW_KEA_HOOKS_VERSION >= 20600
    isc::dhcp::Subnet4Ptr subnet;
    handle.getArgument("subnet4", subnet);
    if (subnet) {
        subnet_id = subnet->getID();
    }
#endif
    std::unique_ptr<Event> event = impl->newEvent();
    fillAckEvent(*event, query, response, subnet_id);
    ClientKey key;
    clientKey(query, key);
    impl->leaseEvent(std::move(event), key.view());
}

/// Run a control command and set its response; never throws.
int
commandCallout(CalloutHandle& handle, const char* name,
               ConstElementPtr (*run)(const ConstElementPtr& arguments)) {
    ConstElementPtr response;
    try {
        ConstElementPtr command;
        handle.getArgument("command", command);
        ConstElementPtr arguments = command ? command->get("arguments") : ConstElementPtr();
        if (!impl) {
            throw CommandError("ipshadow is not loaded");
        }
        response = run(arguments);
    } catch (const std::exception& ex) {
        if (logEnabled(LogLevel::WARN)) {
            LOG_WARN(ipshadow_logger, IPSHADOW_COMMAND_FAILED).arg(name).arg(ex.what());
        }
        response = makeAnswer(RESULT_ERROR, ex.what());
    }
    handle.setArgument("response", response);
    return (0);
}

void
logParameterError(const ParameterError& ex) {
    switch (ex.kind()) {
    case ParameterError::Kind::MISSING:
        LOG_ERROR(ipshadow_logger, IPSHADOW_MISSING_PARAMETER).arg(ex.parameter());
        break;
    case ParameterError::Kind::UNKNOWN:
        LOG_ERROR(ipshadow_logger, IPSHADOW_UNKNOWN_PARAMETER).arg(ex.parameter());
        break;
    case ParameterError::Kind::BAD:
        LOG_ERROR(ipshadow_logger, IPSHADOW_BAD_PARAMETER).arg(ex.parameter()).arg(ex.reason());
        break;
    }
}

/// @brief Tag the query with the shadow or the ordinary class, claiming an address for group clients.
int
pkt4Receive(CalloutHandle& handle) {
    if (!impl || skipOrDrop(handle)) {
        return (0);
    }
    try {
        Pkt4Ptr query;
        handle.getArgument("query4", query);
        if (!impl->hasGroups()) {
            // No group can match: every query is ordinary.
            handle.setContext(CONTEXT_STATE, PacketState());
            query->addClass(impl->config().ordinary_class);
            return (0);
        }
        ClientKey key;
        clientKey(query, key);
        const Decision decision = impl->receive(clientView(query, impl->viewNeeds()), key.view(),
                                                isAllocating(query));
        handle.setContext(CONTEXT_STATE,
                          PacketState{!decision.group.empty(), decision.address, Lease4Ptr()});
        if (decision.address != 0) {
            query->addClass(impl->config().shadow_class);
        } else {
            query->addClass(impl->config().ordinary_class);
            if (decision.report_exhausted && logEnabled(LogLevel::WARN)) {
                LOG_WARN(ipshadow_logger, IPSHADOW_GROUP_EXHAUSTED)
                    .arg(decision.group).arg(std::string(key.view()));
            }
        }
    } catch (const std::exception& ex) {
        logCalloutError("pkt4_receive", ex.what());
    }
    return (0);
}

/// @brief Put the client's claimed shadow address in the lease (DISCOVER and REQUEST alike,
/// group mode), and remember the lease a REQUEST commits (both modes).
int
lease4Select(CalloutHandle& handle) {
    if (!impl || skipOrDrop(handle)) {
        return (0);
    }
    try {
        bool fake = true;
        Lease4Ptr lease;
        handle.getArgument("fake_allocation", fake);
        handle.getArgument("lease4", lease);
        if (!lease) {
            return (0);
        }
        PacketState state;
        if (!impl->hasGroups()) {
            // Events-only mode: no pkt4_receive state (looking for it would throw); only
            // the lease a REQUEST commits matters.
            if (!fake) {
                captureLease(handle, state, lease);
            }
            return (0);
        }
        getState(handle, state);
        if (state.matched) {
            selectShadow(handle, state, fake, lease);
        }
        if (!fake) {
            captureLease(handle, state, lease);
        }
    } catch (const std::exception& ex) {
        logCalloutError("lease4_select", ex.what());
    }
    return (0);
}

/// @brief One lease4_committed event for the lease of a REQUEST that Kea ACKs.
///
/// Sent from here rather than from leases4_committed: on Kea 2.2 merely registering that
/// hook point makes Kea park and unpark every REQUEST, about 18,000 instructions per lease
/// more than this callout costs (callgrind, do-nothing hooks with either hook point).
int
pkt4Send(CalloutHandle& handle) {
    if (!impl) {
        return (0);
    }
    try {
        Pkt4Ptr response;
        handle.getArgument("response4", response);
        if (!response || response->getType() != isc::dhcp::DHCPACK) {
            return (0);
        }
        Pkt4Ptr query;
        handle.getArgument("query4", query);
        if (!query || query->getType() != isc::dhcp::DHCPREQUEST) {
            return (0);
        }
        if (from_packets) {
            sendFromPackets(handle, query, response);
            return (0);
        }
        // A REQUEST's lease is in the context (lease4_select or lease4_renew captured it).
        PacketState state;
        if (!getState(handle, state) || !state.lease ||
            state.lease->state_ == isc::dhcp::Lease::STATE_DECLINED) {
            return (0);
        }
        std::unique_ptr<Event> event = impl->newEvent();
        fillLeaseEvent(*event, EventType::LEASE4_COMMITTED, state.lease, query);
        ClientKey key;
        clientKey(state.lease, key);
        impl->leaseEvent(std::move(event), key.view());
    } catch (const std::exception& ex) {
        logCalloutError("pkt4_send", ex.what());
    }
    return (0);
}

int
lease4Renew(CalloutHandle& handle) {
    return (leaseCallout(handle, "lease4_renew", EventType::LEASE4_RENEW, true));
}

int
lease4Release(CalloutHandle& handle) {
    return (leaseCallout(handle, "lease4_release", EventType::LEASE4_RELEASE, true));
}

int
lease4Decline(CalloutHandle& handle) {
    return (leaseCallout(handle, "lease4_decline", EventType::LEASE4_DECLINE, true));
}

int
lease4Expire(CalloutHandle& handle) {
    return (leaseCallout(handle, "lease4_expire", EventType::LEASE4_EXPIRE, false));
}

/// The callout of each hook point named by hookPoints().
const std::pair<const char*, isc::hooks::CalloutPtr> CALLOUTS[] = {
    {"pkt4_receive", pkt4Receive},   {"lease4_select", lease4Select},
    {"pkt4_send", pkt4Send},         {"lease4_renew", lease4Renew},
    {"lease4_release", lease4Release}, {"lease4_decline", lease4Decline},
    {"lease4_expire", lease4Expire},
};

/// Register the callouts @p config needs (group mode or events-only mode).
void
registerCallouts(LibraryHandle& handle, const Config& config) {
    for (const char* point : hookPoints(config)) {
        for (auto const& callout : CALLOUTS) {
            if (std::string(callout.first) == point) {
                handle.registerCallout(point, callout.second);
            }
        }
    }
}

} // namespace

extern "C" {

/// @brief ipshadow-groups-set {"groups": {"name": ["10.0.0.5", ...]}}.
int
ipshadow_groups_set(CalloutHandle& handle) {
    return (commandCallout(handle, "ipshadow-groups-set", [](const ConstElementPtr& args) {
        const ConstElementPtr answer = impl->groupsSet(args);
        if (logEnabled(LogLevel::INFO)) {
            ConstElementPtr counts = answer->get("arguments");
            LOG_INFO(ipshadow_logger, IPSHADOW_GROUPS_SET)
                .arg(counts->get("addresses")->intValue()).arg(counts->get("groups")->intValue())
                .arg(counts->get("claims-kept")->intValue())
                .arg(counts->get("claims-dropped")->intValue());
        }
        return (answer);
    }));
}

/// @brief ipshadow-groups-get: rules, addresses and claims of every group.
int
ipshadow_groups_get(CalloutHandle& handle) {
    return (commandCallout(handle, "ipshadow-groups-get",
                           [](const ConstElementPtr&) { return (impl->groupsGet()); }));
}

/// @brief ipshadow-stats-get: sent, dropped, reconnects, assigned, queue depth.
int
ipshadow_stats_get(CalloutHandle& handle) {
    return (commandCallout(handle, "ipshadow-stats-get",
                           [](const ConstElementPtr&) { return (impl->statsGet()); }));
}

/// @brief Check the daemon and every parameter, register the commands, start the writer.
int
load(LibraryHandle& handle) {
    try {
        const std::string proc_name = isc::process::Daemon::getProcName();
        if (proc_name != "kea-dhcp4") {
            LOG_ERROR(ipshadow_logger, IPSHADOW_WRONG_DAEMON).arg(proc_name);
            return (1);
        }
        Config config = parseConfig(handle.getParameters());
        setLogLevel(config.log_level);
        auto created = std::make_shared<Ipshadow>(std::move(config),
                                                  std::make_shared<LoggingObserver>());
        handle.registerCommandCallout("ipshadow-groups-set", ipshadow_groups_set);
        handle.registerCommandCallout("ipshadow-groups-get", ipshadow_groups_get);
        handle.registerCommandCallout("ipshadow-stats-get", ipshadow_stats_get);
        from_packets = eventsFromPackets(created->config());
        registerCallouts(handle, created->config());
        created->start();
        impl = created;
        if (logEnabled(LogLevel::INFO)) {
            LOG_INFO(ipshadow_logger, IPSHADOW_LOAD_OK).arg(impl->config().socket_path)
                .arg(impl->config().queue_size).arg(impl->config().groups.size());
        }
    } catch (const ParameterError& ex) {
        logParameterError(ex);
        return (1);
    } catch (const std::exception& ex) {
        LOG_ERROR(ipshadow_logger, IPSHADOW_LOAD_FAILED).arg(ex.what());
        return (1);
    } catch (...) {
        LOG_ERROR(ipshadow_logger, IPSHADOW_LOAD_FAILED).arg("unknown error");
        return (1);
    }
    return (0);
}

/// @brief Stop the writer thread and drop the instance.
int
unload() {
    try {
        if (impl) {
            impl->stop();
            const WriterStats stats = impl->writerStats();
            if (logEnabled(LogLevel::INFO)) {
                LOG_INFO(ipshadow_logger, IPSHADOW_UNLOAD).arg(stats.sent).arg(stats.dropped);
            }
            impl.reset();
        }
    } catch (...) {
        impl.reset();
    }
    return (0);
}

/// @brief Every callout is thread-safe (Kea 2.6 runs them on several threads).
int
multi_threading_compatible() {
    return (1);
}

} // extern "C"
