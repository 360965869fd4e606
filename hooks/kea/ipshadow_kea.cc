// ipshadow Kea hook: translation of Kea packets and leases into ipshadow's plain types.
#include <ipshadow_kea.h>

#include <dhcp/dhcp4.h>
#include <dhcp/option4_client_fqdn.h>

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

void
queryHostname(const Pkt4& query, std::string& name) {
    const Option* host = packetOption(query, isc::dhcp::DHO_HOST_NAME);
    if (host) {
        const std::vector<uint8_t>& data = host->getData();
        name.assign(data.begin(), data.end());
        while (!name.empty() && name.back() == '\0') {
            name.pop_back();
        }
        return;
    }
    auto fqdn = dynamic_cast<const isc::dhcp::Option4ClientFqdn*>(
        packetOption(query, isc::dhcp::DHO_FQDN));
    if (fqdn) {
        name = fqdn->getDomainName();
        if (!name.empty() && name.back() == '.') {
            name.pop_back();
        }
    }
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

bool
isAllocating(const Pkt4Ptr& query) {
    const uint8_t type = query->getType();
    return (type == isc::dhcp::DHCPDISCOVER || type == isc::dhcp::DHCPREQUEST);
}

} // namespace ipshadow
