// ipshadow Kea hook: translation of Kea packets and leases into ipshadow's plain types.
#include <ipshadow_kea.h>

#include <dhcp/dhcp4.h>
#include <dhcp/option4_client_fqdn.h>
#include <dhcp/option_int.h>

using isc::dhcp::Lease4Ptr;
using isc::dhcp::Option;
using isc::dhcp::OptionPtr;
using isc::dhcp::Pkt4;
using isc::dhcp::Pkt4Ptr;

namespace ipshadow {

namespace {

/// An option of the query, read from Kea's option map in place: Pkt::getOption()
/// clones the option while a hook point has option copying enabled (every callout
/// here runs in one), and nothing here modifies options.
const Option*
packetOption(const Pkt4& query, uint16_t code) {
    auto it = query.options_.find(code);
    return (it == query.options_.end() ? nullptr : it->second.get());
}

/// Option 12 as sent (trailing NULs dropped), else the FQDN option's name, its trailing dot kept only
/// when `keep_dot`; `name` is left alone when the packet has neither.
void
optionHostname(const Pkt4& pkt, std::string& name, bool keep_dot) {
    const Option* host = packetOption(pkt, isc::dhcp::DHO_HOST_NAME);
    if (host) {
        const std::vector<uint8_t>& data = host->getData();
        name.assign(data.begin(), data.end());
        while (!name.empty() && name.back() == '\0') {
            name.pop_back();
        }
        return;
    }
    auto fqdn = dynamic_cast<const isc::dhcp::Option4ClientFqdn*>(
        packetOption(pkt, isc::dhcp::DHO_FQDN));
    if (fqdn) {
        name = fqdn->getDomainName();
        if (!keep_dot && !name.empty() && name.back() == '.') {
            name.pop_back();
        }
    }
}

void
queryHostname(const Pkt4& query, std::string& name) {
    optionHostname(query, name, false);
}

/// Copy the query's classes into the event, reusing its strings.
void
copyClasses(Event& event, const Pkt4Ptr& query) {
    size_t count = 0;
    if (query) {
        for (auto const& name : query->getClasses()) {
            if (count < event.classes.size()) {
                event.classes[count].assign(name);
            } else {
                event.classes.push_back(name);
            }
            ++count;
        }
    }
    event.classes.resize(count);
}

/// The lease hostname Kea derives for a response: option 12 as sent, else the FQDN option's
/// full name (Kea keeps its trailing dot in the lease).
void
responseHostname(const Pkt4& response, std::string& name) {
    name.clear();
    optionHostname(response, name, true);
}

} // namespace

void
ClientKey::assign(const char* prefix, const uint8_t* bytes, size_t size) {
    long_.clear();
    if (size == 0) {
        size_ = 0;
        return;
    }
    if (size > MAX_INLINE_BYTES) {
        long_ = prefix;
        appendHexColon(long_, bytes, size);
        size_ = 0;
        return;
    }
    static const char digits[] = "0123456789abcdef";
    char* p = inline_;
    for (const char* c = prefix; *c; ++c) {
        *p++ = *c;
    }
    for (size_t i = 0; i < size; ++i) {
        if (i > 0) {
            *p++ = ':';
        }
        *p++ = digits[bytes[i] >> 4];
        *p++ = digits[bytes[i] & 0x0f];
    }
    size_ = static_cast<size_t>(p - inline_);
}

ClientView
clientView(const Pkt4Ptr& query, const ViewNeeds& needs) {
    ClientView view;
    if (needs.hwaddr) {
        isc::dhcp::HWAddrPtr hwaddr = query->getHWAddr();
        if (hwaddr) {
            view.hwaddr = hwaddr->hwaddr_;
        }
    }
    if (needs.hostname) {
        queryHostname(*query, view.hostname);
    }
    if (needs.circuit_id) {
        const Option* rai = packetOption(*query, isc::dhcp::DHO_DHCP_AGENT_OPTIONS);
        if (rai) {
            OptionPtr circuit = rai->getOption(isc::dhcp::RAI_OPTION_AGENT_CIRCUIT_ID);
            if (circuit) {
                view.has_circuit_id = true;
                view.circuit_id = circuit->getData();
            }
        }
    }
    isc::dhcp::Pkt4* packet = query.get();
    view.in_class = [packet](const std::string& name) { return (packet->inClass(name)); };
    return (view);
}

void
clientKey(const Pkt4Ptr& query, ClientKey& key) {
    const Option* id = packetOption(*query, isc::dhcp::DHO_DHCP_CLIENT_IDENTIFIER);
    if (id && !id->getData().empty()) {
        key.assign("id:", id->getData().data(), id->getData().size());
        return;
    }
    const isc::dhcp::HWAddrPtr& hwaddr = query->getHWAddr();
    if (hwaddr && !hwaddr->hwaddr_.empty()) {
        key.assign("hw:", hwaddr->hwaddr_.data(), hwaddr->hwaddr_.size());
        return;
    }
    key.clear();
}

void
clientKey(const Lease4Ptr& lease, ClientKey& key) {
    if (lease->client_id_ && !lease->client_id_->getClientId().empty()) {
        const std::vector<uint8_t>& id = lease->client_id_->getClientId();
        key.assign("id:", id.data(), id.size());
        return;
    }
    if (lease->hwaddr_ && !lease->hwaddr_->hwaddr_.empty()) {
        key.assign("hw:", lease->hwaddr_->hwaddr_.data(), lease->hwaddr_->hwaddr_.size());
        return;
    }
    key.clear();
}

std::string
clientKey(const Pkt4Ptr& query) {
    ClientKey key;
    clientKey(query, key);
    return (std::string(key.view()));
}

std::string
clientKey(const Lease4Ptr& lease) {
    ClientKey key;
    clientKey(lease, key);
    return (std::string(key.view()));
}

void
fillLeaseEvent(Event& event, EventType type, const Lease4Ptr& lease, const Pkt4Ptr& query) {
    event.type = type;
    event.ts_ms = nowMs();
    event.address = lease->addr_.toUint32();
    if (lease->hwaddr_) {
        event.hwaddr.assign(lease->hwaddr_->hwaddr_.begin(), lease->hwaddr_->hwaddr_.end());
    } else {
        event.hwaddr.clear();
    }
    event.has_client_id = static_cast<bool>(lease->client_id_);
    if (lease->client_id_) {
        const std::vector<uint8_t>& id = lease->client_id_->getClientId();
        event.client_id.assign(id.begin(), id.end());
    } else {
        event.client_id.clear();
    }
    event.hostname.assign(lease->hostname_);
    event.subnet_id = lease->subnet_id_;
    event.valid_lft = lease->valid_lft_;
    event.group.clear();
    copyClasses(event, query);
}

void
fillAckEvent(Event& event, const Pkt4Ptr& query, const Pkt4Ptr& response, uint32_t subnet_id) {
    event.type = EventType::LEASE4_COMMITTED;
    event.ts_ms = nowMs();
    event.address = response->getYiaddr().toUint32();
    const isc::dhcp::HWAddrPtr& hwaddr = query->getHWAddr();
    if (hwaddr) {
        event.hwaddr.assign(hwaddr->hwaddr_.begin(), hwaddr->hwaddr_.end());
    } else {
        event.hwaddr.clear();
    }
    const Option* id = packetOption(*query, isc::dhcp::DHO_DHCP_CLIENT_IDENTIFIER);
    event.has_client_id = id && !id->getData().empty();
    if (event.has_client_id) {
        event.client_id.assign(id->getData().begin(), id->getData().end());
    } else {
        event.client_id.clear();
    }
    responseHostname(*response, event.hostname);
    event.subnet_id = subnet_id;
    event.valid_lft = 0;
    const Option* lifetime = packetOption(*response, isc::dhcp::DHO_DHCP_LEASE_TIME);
    auto value = dynamic_cast<const isc::dhcp::OptionUint32*>(lifetime);
    if (value) {
        // Kea builds option 51 as an OptionUint32, which keeps its value outside getData().
        event.valid_lft = value->getValue();
    } else if (lifetime && lifetime->getData().size() == 4) {
        const std::vector<uint8_t>& d = lifetime->getData();
        event.valid_lft = (uint32_t(d[0]) << 24) | (uint32_t(d[1]) << 16) | (uint32_t(d[2]) << 8) | d[3];
    }
    event.group.clear();
    copyClasses(event, query);
}

bool
isAllocating(const Pkt4Ptr& query) {
    const uint8_t type = query->getType();
    return (type == isc::dhcp::DHCPDISCOVER || type == isc::dhcp::DHCPREQUEST);
}

} // namespace ipshadow
