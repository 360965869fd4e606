// Unit tests: what the callouts copy out of Kea packets and leases.
#include "unittest.h"

#include <ipshadow_kea.h>

#include <dhcp/dhcp4.h>
#include <dhcp/option.h>
#include <dhcp/option4_client_fqdn.h>
#include <dhcp/option_int.h>

using namespace ipshadow;
using namespace isc::dhcp;
using isc::asiolink::IOAddress;

namespace {

OptionPtr
option(uint16_t code, const std::string& data) {
    return (OptionPtr(new Option(Option::V4, code, OptionBuffer(data.begin(), data.end()))));
}

Pkt4Ptr
query(uint8_t type) {
    Pkt4Ptr pkt(new Pkt4(type, 1234));
    pkt->setHWAddr(HWAddrPtr(new HWAddr(std::vector<uint8_t>{0x0c, 0xaa, 0, 0, 0, 1}, HTYPE_ETHER)));
    return (pkt);
}

} // namespace

TEST(clientViewFromQuery) {
    Pkt4Ptr pkt = query(DHCPDISCOVER);
    pkt->addOption(option(DHO_HOST_NAME, std::string("ci-1\0", 5)));
    OptionPtr rai(new Option(Option::V4, DHO_DHCP_AGENT_OPTIONS));
    rai->addOption(option(RAI_OPTION_AGENT_CIRCUIT_ID, "port7"));
    pkt->addOption(rai);
    pkt->addClass("CI");
    ClientView v = clientView(pkt);
    EXPECT_TRUE(v.hwaddr == (std::vector<uint8_t>{0x0c, 0xaa, 0, 0, 0, 1}));
    EXPECT_EQ(v.hostname, "ci-1");
    EXPECT_TRUE(v.has_circuit_id);
    EXPECT_TRUE(v.circuit_id == (std::vector<uint8_t>{'p', 'o', 'r', 't', '7'}));
    EXPECT_TRUE(v.in_class("CI"));
    EXPECT_FALSE(v.in_class("OTHER"));
    EXPECT_TRUE(isAllocating(pkt));
    EXPECT_FALSE(isAllocating(query(DHCPRELEASE)));
}

TEST(clientKeyPrefersClientId) {
    Pkt4Ptr pkt = query(DHCPREQUEST);
    EXPECT_EQ(clientKey(pkt), "hw:0c:aa:00:00:00:01");
    pkt->addOption(option(DHO_DHCP_CLIENT_IDENTIFIER, "\x01\x0c\xaa"));
    EXPECT_EQ(clientKey(pkt), "id:01:0c:aa");
}

TEST(leaseEventCopiesTheLease) {
    Lease4Ptr lease(new Lease4());
    lease->addr_ = IOAddress("10.0.0.5");
    lease->hwaddr_.reset(new HWAddr(std::vector<uint8_t>{0x0c, 0xaa, 0, 0, 0, 1}, HTYPE_ETHER));
    lease->client_id_.reset(new ClientId(std::vector<uint8_t>{0x01, 0x0c, 0xaa}));
    lease->hostname_ = "ci-1";
    lease->subnet_id_ = 7;
    lease->valid_lft_ = 600;
    Pkt4Ptr pkt = query(DHCPREQUEST);
    pkt->addClass("IPSHADOW");
    // A recycled event: every field is overwritten.
    std::unique_ptr<Event> event(new Event());
    event->group = "stale";
    event->has_client_id = false;
    event->classes = {"A", "B", "C", "D", "E", "F", "G", "H"};
    fillLeaseEvent(*event, EventType::LEASE4_RENEW, lease, pkt);
    EXPECT_TRUE(event->type == EventType::LEASE4_RENEW);
    EXPECT_EQ(event->group, "");
    EXPECT_EQ(event->address, 0x0a000005u);
    EXPECT_EQ(hexColon(event->hwaddr), "0c:aa:00:00:00:01");
    EXPECT_TRUE(event->has_client_id);
    EXPECT_EQ(hexColon(event->client_id), "01:0c:aa");
    EXPECT_EQ(event->hostname, "ci-1");
    EXPECT_EQ(event->subnet_id, 7u);
    EXPECT_EQ(event->valid_lft, 600u);
    EXPECT_TRUE(event->ts_ms > 0);
    bool has_class = false;
    for (auto const& c : event->classes) {
        has_class = has_class || c == "IPSHADOW";
    }
    EXPECT_TRUE(has_class);
    EXPECT_EQ(clientKey(lease), "id:01:0c:aa");
    EXPECT_EQ(event->classes.size(), pkt->getClasses().size());
    fillLeaseEvent(*event, EventType::LEASE4_EXPIRE, lease, Pkt4Ptr());
    EXPECT_TRUE(event->classes.empty());
    lease->client_id_.reset();
    fillLeaseEvent(*event, EventType::LEASE4_EXPIRE, lease, Pkt4Ptr());
    EXPECT_FALSE(event->has_client_id);
    EXPECT_TRUE(event->client_id.empty());
}

TEST(packetFieldsAreReadWithoutCopyingOptions) {
    // Kea enables option copying around every hook point; reading must not clone.
    Pkt4Ptr pkt = query(DHCPREQUEST);
    pkt->addOption(option(DHO_DHCP_CLIENT_IDENTIFIER, "\x01\x0c\xaa"));
    pkt->addOption(option(DHO_HOST_NAME, "ci-1"));
    pkt->setCopyRetrievedOptions(true);
    const Option* id = pkt->options_.find(DHO_DHCP_CLIENT_IDENTIFIER)->second.get();
    const Option* host = pkt->options_.find(DHO_HOST_NAME)->second.get();
    ClientKey key;
    clientKey(pkt, key);
    EXPECT_EQ(std::string(key.view()), "id:01:0c:aa");
    EXPECT_EQ(clientView(pkt).hostname, "ci-1");
    EXPECT_TRUE(pkt->options_.find(DHO_DHCP_CLIENT_IDENTIFIER)->second.get() == id);
    EXPECT_TRUE(pkt->options_.find(DHO_HOST_NAME)->second.get() == host);
}

TEST(clientKeyOfEveryLength) {
    ClientKey key;
    std::vector<uint8_t> bytes;
    for (size_t size : {0, 1, 6, 255, 256, 600}) {
        bytes.assign(size, 0xab);
        key.assign("id:", bytes.data(), bytes.size());
        EXPECT_EQ(std::string(key.view()), size == 0 ? std::string() : "id:" + hexColon(bytes));
    }
    key.assign("hw:", bytes.data(), 2);     // back from a long key to an inline one
    EXPECT_EQ(std::string(key.view()), "hw:ab:ab");
    key.clear();
    EXPECT_TRUE(key.empty());
}

TEST(clientViewFillsOnlyWhatRulesNeed) {
    Pkt4Ptr pkt = query(DHCPDISCOVER);
    pkt->addOption(option(DHO_HOST_NAME, "ci-1"));
    ViewNeeds needs;
    needs.hostname = needs.circuit_id = false;
    ClientView v = clientView(pkt, needs);
    EXPECT_TRUE(v.hwaddr == (std::vector<uint8_t>{0x0c, 0xaa, 0, 0, 0, 1}));
    EXPECT_EQ(v.hostname, "");
    needs.hwaddr = false;
    needs.hostname = true;
    v = clientView(pkt, needs);
    EXPECT_TRUE(v.hwaddr.empty());
    EXPECT_EQ(v.hostname, "ci-1");
}

TEST(ackEventIsReadFromThePackets) {
    Pkt4Ptr request = query(DHCPREQUEST);
    request->addOption(option(DHO_DHCP_CLIENT_IDENTIFIER, "\x01\x0c\xaa"));
    request->addClass("ALL");
    request->addClass("UNKNOWN");
    Pkt4Ptr ack(new Pkt4(DHCPACK, 1234));
    ack->setYiaddr(IOAddress("10.65.0.12"));
    ack->addOption(OptionPtr(new OptionUint32(Option::V4, DHO_DHCP_LEASE_TIME, 3600)));
    ack->addOption(option(DHO_HOST_NAME, "ci-1"));
    Event event;
    event.group = "stale";
    event.classes = {"a", "b", "c"};
    fillAckEvent(event, request, ack, 7);
    EXPECT_TRUE(event.type == EventType::LEASE4_COMMITTED);
    EXPECT_EQ(toJsonLine(event).substr(toJsonLine(event).find(",\"address\"")),
              ",\"address\":\"10.65.0.12\",\"hwaddr\":\"0c:aa:00:00:00:01\",\"client_id\":\"01:0c:aa\","
              "\"hostname\":\"ci-1\",\"subnet_id\":7,\"valid_lft\":3600,\"group\":null,"
              "\"classes\":[\"ALL\",\"UNKNOWN\"]}\n");
}

TEST(ackEventWithoutClientIdTakesTheFqdnName) {
    Pkt4Ptr request = query(DHCPREQUEST);
    Pkt4Ptr ack(new Pkt4(DHCPACK, 1234));
    ack->setYiaddr(IOAddress("10.65.0.13"));
    ack->addOption(OptionPtr(new Option4ClientFqdn(0, Option4ClientFqdn::RCODE_SERVER(),
                                                   "lab-3.example.org.")));
    Event event;
    fillAckEvent(event, request, ack, 1);
    EXPECT_FALSE(event.has_client_id);
    EXPECT_EQ(event.hostname, "lab-3.example.org.");
    EXPECT_EQ(event.valid_lft, 0u);
    EXPECT_TRUE(event.classes.empty());
}
