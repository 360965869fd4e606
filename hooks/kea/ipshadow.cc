// ipshadow Kea hook: implementation class (decisions, claims, events, control commands).
#include <ipshadow.h>

using isc::data::ConstElementPtr;
using isc::data::Element;
using isc::data::ElementPtr;

namespace ipshadow {

Ipshadow::Ipshadow(Config config, std::shared_ptr<WriterObserver> observer, WriterTiming timing)
    : config_(std::move(config)), groups_(config_.groups, config_.offer_hold_seconds),
      writer_(config_.socket_path, config_.queue_size, std::move(observer), timing) {
}

Decision
Ipshadow::receive(const ClientView& client, std::string_view client_key, bool allocating) {
    return (groups_.classify(client, client_key, allocating, nowMs()));
}

uint32_t
Ipshadow::select(std::string_view client_key, const Decision& decision, bool fake,
                 std::unique_ptr<Event> claim_event) {
    return (select(client_key, !decision.group.empty(), decision.address, fake,
                   std::move(claim_event)));
}

uint32_t
Ipshadow::select(std::string_view client_key, bool matched, uint32_t decided, bool fake,
                 std::unique_ptr<Event> claim_event) {
    if (!matched || client_key.empty()) {
        return (0);
    }
    bool first_confirm = false;
    const uint32_t address = groups_.select(client_key, decided, fake, nowMs(),
                                            first_confirm);
    if (address != 0 && first_confirm && claim_event) {
        claim_event->type = EventType::GROUP_CLAIM;
        claim_event->address = address;
        claim_event->group = groups_.groupOf(address);
        writer_.push(std::move(claim_event));
    }
    return (address);
}

void
Ipshadow::leaseEvent(std::unique_ptr<Event> event, std::string_view client_key) {
    switch (event->type) {
    case EventType::LEASE4_COMMITTED:
    case EventType::LEASE4_RENEW:
        groups_.leaseActive(event->address, client_key);
        break;
    case EventType::LEASE4_RELEASE:
    case EventType::LEASE4_EXPIRE:
        groups_.leaseGone(event->address, client_key);
        break;
    case EventType::LEASE4_DECLINE:
        // Name the group before the address is unlisted.
        event->group = groups_.groupOf(event->address);
        groups_.declined(event->address);
        writer_.push(std::move(event));
        return;
    case EventType::GROUP_CLAIM:
        break;
    }
    event->group = groups_.groupOf(event->address);
    writer_.push(std::move(event));
}

ConstElementPtr
Ipshadow::groupsSet(const ConstElementPtr& arguments) {
    if (!arguments || arguments->getType() != Element::map) {
        throw CommandError("arguments must be a map with a 'groups' map");
    }
    ConstElementPtr groups = arguments->get("groups");
    if (!groups || groups->getType() != Element::map) {
        throw CommandError("'groups' must be a map of group name to a list of IPv4 addresses");
    }
    std::map<std::string, std::vector<uint32_t>> lists;
    for (auto const& entry : groups->mapValue()) {
        if (entry.second->getType() != Element::list) {
            throw CommandError("groups." + entry.first + " must be a list of IPv4 addresses");
        }
        std::vector<uint32_t>& addresses = lists[entry.first];
        for (auto const& item : entry.second->listValue()) {
            if (item->getType() != Element::string) {
                throw CommandError("groups." + entry.first + " holds a non-string address");
            }
            try {
                addresses.push_back(parseIpv4(item->stringValue()));
            } catch (const std::invalid_argument& ex) {
                throw CommandError("groups." + entry.first + ": " + ex.what());
            }
        }
    }
    SetResult result;
    try {
        result = groups_.setAddresses(lists);
    } catch (const std::invalid_argument& ex) {
        throw CommandError(ex.what());
    }
    ElementPtr args = Element::createMap();
    args->set("addresses", Element::create(static_cast<int64_t>(result.addresses)));
    args->set("groups", Element::create(static_cast<int64_t>(result.groups)));
    args->set("claims-kept", Element::create(static_cast<int64_t>(result.claims_kept)));
    args->set("claims-dropped", Element::create(static_cast<int64_t>(result.claims_dropped)));
    return (makeAnswer(RESULT_SUCCESS,
                       std::to_string(result.addresses) + " addresses set in " +
                       std::to_string(result.groups) + " groups", args));
}

namespace {

ElementPtr
rulesElement(const GroupRule& rule) {
    ElementPtr rules = Element::createMap();
    if (!rule.client_class.empty()) {
        rules->set("client-class", Element::create(rule.client_class));
    }
    if (!rule.mac_prefix.empty()) {
        rules->set("mac-prefix", Element::create(hexColon(rule.mac_prefix)));
    }
    if (!rule.hostname_pattern.empty()) {
        rules->set("hostname-pattern", Element::create(rule.hostname_pattern));
    }
    if (rule.has_circuit_id) {
        std::string hex = hexColon(rule.circuit_id);
        std::string plain;
        for (char c : hex) {
            if (c != ':') {
                plain.push_back(c);
            }
        }
        rules->set("circuit-id", Element::create("0x" + plain));
    }
    return (rules);
}

} // namespace

ConstElementPtr
Ipshadow::groupsGet() const {
    ElementPtr groups = Element::createMap();
    size_t total = 0;
    for (auto const& info : groups_.snapshot()) {
        ElementPtr group = Element::createMap();
        group->set("rules", rulesElement(*info.rule));
        ElementPtr addresses = Element::createList();
        for (uint32_t address : info.addresses) {
            addresses->add(Element::create(ipv4Text(address)));
        }
        group->set("addresses", addresses);
        ElementPtr claims = Element::createList();
        for (auto const& claim : info.claims) {
            ElementPtr item = Element::createMap();
            item->set("address", Element::create(ipv4Text(claim.address)));
            item->set("client", Element::create(claim.client));
            item->set("state", Element::create(std::string(claimStateName(claim.state))));
            claims->add(item);
        }
        group->set("claims", claims);
        group->set("free", Element::create(static_cast<int64_t>(info.addresses.size() -
                                                                info.claims.size())));
        groups->set(info.rule->name, group);
        total += info.addresses.size();
    }
    ElementPtr args = Element::createMap();
    args->set("groups", groups);
    if (total == 0) {
        return (makeAnswer(RESULT_EMPTY, "no shadow addresses set", args));
    }
    return (makeAnswer(RESULT_SUCCESS, std::to_string(total) + " shadow addresses in " +
                       std::to_string(groups_.size()) + " groups", args));
}

ConstElementPtr
Ipshadow::statsGet() const {
    const WriterStats w = writer_.stats();
    const GroupCounters g = groups_.counters();
    ElementPtr args = Element::createMap();
    auto put = [&args](const char* name, uint64_t value) {
        args->set(name, Element::create(static_cast<int64_t>(value)));
    };
    put("sent", w.sent);
    put("dropped", w.dropped);
    put("dropped-queue-full", w.dropped_queue_full);
    put("dropped-disconnected", w.dropped_disconnected);
    put("dropped-write-failed", w.dropped_write_failed);
    put("reconnects", w.reconnects);
    put("queue-depth", w.queue_depth);
    put("queue-capacity", w.queue_capacity);
    args->set("connected", Element::create(w.connected));
    put("assigned", g.assigned);
    put("offered", g.offered);
    put("exhausted", g.exhausted);
    return (makeAnswer(RESULT_SUCCESS, "ipshadow statistics", args));
}

std::vector<const char*>
hookPoints(const Config& config) {
    std::vector<const char*> points;
    if (!config.groups.empty()) {
        points.push_back("pkt4_receive");
    }
    if (!eventsFromPackets(config)) {
        points.push_back("lease4_select");
    }
    for (const char* point : {"pkt4_send", "lease4_renew", "lease4_release",
                              "lease4_decline", "lease4_expire"}) {
        points.push_back(point);
    }
    return (points);
}

bool
eventsFromPackets(const Config& config) {
    return (config.groups.empty());
}

ConstElementPtr
makeAnswer(int code, const std::string& text, const ConstElementPtr& arguments) {
    ElementPtr answer = Element::createMap();
    answer->set("result", Element::create(code));
    answer->set("text", Element::create(text));
    if (arguments) {
        answer->set("arguments", arguments);
    }
    return (answer);
}

} // namespace ipshadow
