// ipshadow Kea hook: translation of Kea packets and leases into ipshadow's plain types.
#include <ipshadow_kea.h>

#include <dhcp/dhcp4.h>
#include <dhcp/option4_client_fqdn.h>

using isc::dhcp::Lease4Ptr;
using isc::dhcp::OptionPtr;
using isc::dhcp::Pkt4Ptr;

namespace ipshadow {

namespace {

std::string
optionText(const OptionPtr& option) {
    const std::vector<uint8_t>& data = option->getData();
    std::string text(data.begin(), data.end());
    while (!text.empty() && text.back() == '\0') {
        text.pop_back();
    }
    return (text);
}

std::string
queryHostname(const Pkt4Ptr& query) {
    OptionPtr host = query->getOption(isc::dhcp::DHO_HOST_NAME);
    if (host) {
        return (optionText(host));
    }
    auto fqdn = boost::dynamic_pointer_cast<isc::dhcp::Option4ClientFqdn>(
        query->getOption(isc::dhcp::DHO_FQDN));
    if (fqdn) {
        std::string name = fqdn->getDomainName();
        if (!name.empty() && name.back() == '.') {
            name.pop_back();
        }
        return (name);
    }
    return ("");
}

} // namespace

ClientView
clientView(const Pkt4Ptr& query) {
    ClientView view;
    isc::dhcp::HWAddrPtr hwaddr = query->getHWAddr();
    if (hwaddr) {
        view.hwaddr = hwaddr->hwaddr_;
    }
    view.hostname = queryHostname(query);
    OptionPtr rai = query->getOption(isc::dhcp::DHO_DHCP_AGENT_OPTIONS);
    if (rai) {
        OptionPtr circuit = rai->getOption(isc::dhcp::RAI_OPTION_AGENT_CIRCUIT_ID);
        if (circuit) {
            view.has_circuit_id = true;
            view.circuit_id = circuit->getData();
        }
    }
    isc::dhcp::Pkt4* packet = query.get();
    view.in_class = [packet](const std::string& name) { return (packet->inClass(name)); };
    return (view);
}

std::string
clientKey(const Pkt4Ptr& query) {
    OptionPtr id = query->getOption(isc::dhcp::DHO_DHCP_CLIENT_IDENTIFIER);
    if (id && !id->getData().empty()) {
        return ("id:" + hexColon(id->getData()));
    }
    isc::dhcp::HWAddrPtr hwaddr = query->getHWAddr();
    if (hwaddr && !hwaddr->hwaddr_.empty()) {
        return ("hw:" + hexColon(hwaddr->hwaddr_));
    }
    return ("");
}

std::string
clientKey(const Lease4Ptr& lease) {
    if (lease->client_id_ && !lease->client_id_->getClientId().empty()) {
        return ("id:" + hexColon(lease->client_id_->getClientId()));
    }
    if (lease->hwaddr_ && !lease->hwaddr_->hwaddr_.empty()) {
        return ("hw:" + hexColon(lease->hwaddr_->hwaddr_));
    }
    return ("");
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
