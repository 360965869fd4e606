// Unit tests: the implementation class — commands, result codes and claim events.
#include "unittest.h"
#include "test_listener.h"

#include <ipshadow.h>

using namespace ipshadow;
using namespace ipshadow::test;
using isc::data::ConstElementPtr;
using isc::data::Element;

namespace {

Config
config(const std::string& socket) {
    return (parseConfig(Element::fromJSON(
        "{\"socket-path\": \"" + socket + "\", \"queue-size\": 64, \"groups\": ["
        "{\"name\": \"ci\", \"mac-prefix\": \"0c\"}, {\"name\": \"lab\", \"client-class\": \"LAB\"}]}")));
}

int
resultOf(const ConstElementPtr& answer) {
    return (static_cast<int>(answer->get("result")->intValue()));
}

ClientView
view(uint8_t first) {
    ClientView v;
    v.hwaddr = {first, 1, 2, 3, 4, 5};
    v.in_class = [](const std::string&) { return (false); };
    return (v);
}

} // namespace

TEST(groupsGetIsEmptyUntilSet) {
    Ipshadow impl(config(tempSocketPath("get")));
    ConstElementPtr answer = impl.groupsGet();
    EXPECT_EQ(resultOf(answer), static_cast<int>(RESULT_EMPTY));
    EXPECT_EQ(answer->get("arguments")->get("groups")->size(), 2u);
}

TEST(groupsSetAndGet) {
    Ipshadow impl(config(tempSocketPath("set")));
    ConstElementPtr answer = impl.groupsSet(Element::fromJSON(
        R"({"groups": {"ci": ["10.0.0.5", "10.0.0.6"], "lab": ["10.0.0.9"]}})"));
    EXPECT_EQ(resultOf(answer), static_cast<int>(RESULT_SUCCESS));
    EXPECT_EQ(answer->get("arguments")->get("addresses")->intValue(), 3);
    Decision d = impl.receive(view(0x0c), "hw:0c:01:02:03:04:05", true);
    EXPECT_EQ(d.address, 0x0a000005u);
    ConstElementPtr got = impl.groupsGet();
    EXPECT_EQ(resultOf(got), static_cast<int>(RESULT_SUCCESS));
    ConstElementPtr ci = got->get("arguments")->get("groups")->get("ci");
    EXPECT_EQ(ci->get("addresses")->str(), "[ \"10.0.0.5\", \"10.0.0.6\" ]");
    EXPECT_EQ(ci->get("claims")->str(),
              "[ { \"address\": \"10.0.0.5\", \"client\": \"hw:0c:01:02:03:04:05\", "
              "\"state\": \"offered\" } ]");
    EXPECT_EQ(ci->get("free")->intValue(), 1);
    EXPECT_EQ(ci->get("rules")->str(), "{ \"mac-prefix\": \"0c\" }");
}

TEST(groupsSetRefusesBadArguments) {
    Ipshadow impl(config(tempSocketPath("bad")));
    EXPECT_THROW(impl.groupsSet(ConstElementPtr()), CommandError);
    EXPECT_THROW(impl.groupsSet(Element::fromJSON(R"({"groups": []})")), CommandError);
    EXPECT_THROW(impl.groupsSet(Element::fromJSON(R"({"groups": {"ci": "10.0.0.5"}})")), CommandError);
    EXPECT_THROW(impl.groupsSet(Element::fromJSON(R"({"groups": {"ci": [5]}})")), CommandError);
    EXPECT_THROW(impl.groupsSet(Element::fromJSON(R"({"groups": {"ci": ["10.0.0.300"]}})")), CommandError);
    EXPECT_THROW(impl.groupsSet(Element::fromJSON(R"({"groups": {"x": ["10.0.0.5"]}})")), CommandError);
    EXPECT_EQ(resultOf(impl.groupsGet()), static_cast<int>(RESULT_EMPTY));
}

TEST(claimEventAndStats) {
    const std::string path = tempSocketPath("claim");
    TestListener listener(path);
    Ipshadow impl(config(path));
    impl.start();
    impl.groupsSet(Element::fromJSON(R"({"groups": {"ci": ["10.0.0.5"]}})"));
    const std::string key = "hw:0c:01:02:03:04:05";
    Decision d = impl.receive(view(0x0c), key, true);
    EXPECT_EQ(impl.select(key, d, true, nullptr), 0x0a000005u);        // DISCOVER
    std::unique_ptr<Event> claim(new Event());
    claim->hwaddr = {0x0c, 1, 2, 3, 4, 5};
    claim->subnet_id = 1;
    claim->valid_lft = 600;
    EXPECT_EQ(impl.select(key, d, false, std::move(claim)), 0x0a000005u);  // REQUEST
    std::unique_ptr<Event> committed(new Event());
    committed->type = EventType::LEASE4_COMMITTED;
    committed->address = 0x0a000005;
    impl.leaseEvent(std::move(committed), key);
    EXPECT_TRUE(listener.waitForLines(2, 3000));
    auto lines = listener.lines();
    ASSERT_TRUE(lines.size() == 2);
    auto first = Element::fromJSON(lines[0]);
    EXPECT_EQ(first->get("type")->stringValue(), "group_claim");
    EXPECT_EQ(first->get("address")->stringValue(), "10.0.0.5");
    EXPECT_EQ(first->get("group")->stringValue(), "ci");
    EXPECT_EQ(first->get("hwaddr")->stringValue(), "0c:01:02:03:04:05");
    EXPECT_EQ(first->get("valid_lft")->intValue(), 600);
    auto second = Element::fromJSON(lines[1]);
    EXPECT_EQ(second->get("type")->stringValue(), "lease4_committed");
    EXPECT_EQ(second->get("group")->stringValue(), "ci");
    ConstElementPtr stats = impl.statsGet()->get("arguments");
    EXPECT_EQ(stats->get("sent")->intValue(), 2);
    EXPECT_EQ(stats->get("dropped")->intValue(), 0);
    EXPECT_EQ(stats->get("assigned")->intValue(), 1);
    EXPECT_EQ(stats->get("offered")->intValue(), 1);
    EXPECT_EQ(stats->get("queue-depth")->intValue(), 0);
    EXPECT_EQ(stats->get("queue-capacity")->intValue(), 64);
    EXPECT_TRUE(stats->get("connected")->boolValue());
    impl.stop();
}

TEST(releaseFreesTheShadowAddress) {
    Ipshadow impl(config(tempSocketPath("release")));
    impl.groupsSet(Element::fromJSON(R"({"groups": {"ci": ["10.0.0.5"]}})"));
    const std::string k1 = "hw:0c:01:02:03:04:05";
    const std::string k2 = "hw:0c:01:02:03:04:06";
    Decision d1 = impl.receive(view(0x0c), k1, true);
    impl.select(k1, d1, false, nullptr);
    EXPECT_EQ(impl.receive(view(0x0c), k2, true).address, 0u);
    std::unique_ptr<Event> release(new Event());
    release->type = EventType::LEASE4_RELEASE;
    release->address = 0x0a000005;
    impl.leaseEvent(std::move(release), k1);
    EXPECT_EQ(impl.receive(view(0x0c), k2, true).address, 0x0a000005u);
}

TEST(hookPointsOfGroupMode) {
    const std::vector<std::string> all = {"pkt4_receive", "lease4_select", "pkt4_send",
                                          "lease4_renew", "lease4_release", "lease4_decline",
                                          "lease4_expire"};
    const Config c = config(tempSocketPath("points"));
    const std::vector<const char*> points = hookPoints(c);
    EXPECT_TRUE(std::vector<std::string>(points.begin(), points.end()) == all);
    EXPECT_FALSE(eventsFromPackets(c));
}

TEST(hookPointsOfEventsOnlyModeLeaveOutPkt4ReceiveAndLease4Select) {
    for (const char* groups : {"", ", \"groups\": []"}) {
        const Config c = parseConfig(Element::fromJSON(
            std::string("{\"socket-path\": \"/tmp/x.sock\"") + groups + "}"));
        // pkt4_send alone (and the lease callouts), on Kea 2.2 and 2.6 alike.
        const std::vector<const char*> points = hookPoints(c);
        EXPECT_TRUE(std::vector<std::string>(points.begin(), points.end()) ==
                    std::vector<std::string>({"pkt4_send", "lease4_renew", "lease4_release",
                                              "lease4_decline", "lease4_expire"}));
        EXPECT_TRUE(eventsFromPackets(c));
    }
}

TEST(eventsOnlyModeQueuesLeaseEventsWithoutGroup) {
    const std::string path = tempSocketPath("events-only");
    TestListener listener(path);
    Ipshadow impl(parseConfig(Element::fromJSON(
        "{\"socket-path\": \"" + path + "\", \"queue-size\": 64}")));
    EXPECT_TRUE(!impl.hasGroups());
    impl.start();
    std::unique_ptr<Event> event = impl.newEvent();
    event->type = EventType::LEASE4_COMMITTED;
    event->address = 0x0a410005;
    event->hwaddr = {0x0c, 0xaa, 0, 0, 0, 1};
    event->subnet_id = 1;
    event->valid_lft = 3600;
    impl.leaseEvent(std::move(event), "hw:0c:aa:00:00:00:01");
    EXPECT_TRUE(listener.waitForLines(1, 3000));
    const std::vector<std::string> lines = listener.lines();
    ASSERT_TRUE(lines.size() == 1);
    auto line = Element::fromJSON(lines[0]);
    EXPECT_EQ(line->get("type")->stringValue(), "lease4_committed");
    EXPECT_EQ(line->get("address")->stringValue(), "10.65.0.5");
    EXPECT_EQ(line->get("hwaddr")->stringValue(), "0c:aa:00:00:00:01");
    EXPECT_TRUE(line->get("group")->getType() == Element::null);
    EXPECT_EQ(impl.statsGet()->get("arguments")->get("assigned")->intValue(), 0);
    impl.stop();
}
