// Unit tests: parameter checks and group rule matching.
#include "unittest.h"

#include <ipshadow_config.h>

using namespace ipshadow;
using isc::data::Element;

namespace {

Config
parse(const std::string& json) {
    return (parseConfig(Element::fromJSON(json)));
}

/// The kind and parameter path of the error parseConfig raises for @p json.
std::string
errorOf(const std::string& json) {
    try {
        parse(json);
    } catch (const ParameterError& ex) {
        const char* kind = ex.kind() == ParameterError::Kind::MISSING ? "missing" :
                           ex.kind() == ParameterError::Kind::UNKNOWN ? "unknown" : "bad";
        return (std::string(kind) + " " + ex.parameter());
    }
    return ("accepted");
}

ClientView
client(std::vector<uint8_t> mac, std::string hostname = "", std::vector<std::string> classes = {}) {
    ClientView view;
    view.hwaddr = std::move(mac);
    view.hostname = std::move(hostname);
    view.in_class = [classes](const std::string& name) {
        for (auto const& c : classes) {
            if (c == name) return (true);
        }
        return (false);
    };
    return (view);
}

} // namespace

TEST(configAcceptsEveryParameter) {
    Config c = parse(R"({"socket-path": "/run/ipshadow/events.sock", "queue-size": 100,
        "log-level": "debug", "shadow-class": "SHADOW", "ordinary-class": "PLAIN",
        "offer-hold-seconds": 30,
        "groups": [{"name": "ci", "client-class": "CI", "mac-prefix": "0c:AA",
                    "hostname-pattern": "ci-[0-9]+", "circuit-id": "0x0a0b"},
                   {"name": "lab", "circuit-id": "eth0/1"}]})");
    EXPECT_EQ(c.socket_path, "/run/ipshadow/events.sock");
    EXPECT_EQ(c.queue_size, 100u);
    EXPECT_TRUE(c.log_level == LogLevel::DEBUG);
    EXPECT_EQ(c.shadow_class, "SHADOW");
    EXPECT_EQ(c.ordinary_class, "PLAIN");
    EXPECT_EQ(c.offer_hold_seconds, 30u);
    ASSERT_TRUE(c.groups.size() == 2);
    EXPECT_EQ(c.groups[0].name, "ci");
    EXPECT_EQ(c.groups[0].client_class, "CI");
    EXPECT_TRUE(c.groups[0].mac_prefix == (std::vector<uint8_t>{0x0c, 0xaa}));
    EXPECT_TRUE(c.groups[0].circuit_id == (std::vector<uint8_t>{0x0a, 0x0b}));
    EXPECT_TRUE(c.groups[1].circuit_id == (std::vector<uint8_t>{'e', 't', 'h', '0', '/', '1'}));
}

TEST(configDefaults) {
    Config c = parse(R"({"socket-path": "/tmp/e.sock"})");
    EXPECT_EQ(c.queue_size, 65536u);
    EXPECT_TRUE(c.log_level == LogLevel::INFO);
    EXPECT_EQ(c.shadow_class, "IPSHADOW");
    EXPECT_EQ(c.ordinary_class, "IPORDINARY");
    EXPECT_EQ(c.offer_hold_seconds, 60u);
    EXPECT_TRUE(c.groups.empty());
}

TEST(configRefusesEveryBadParameter) {
    const std::string ok = R"("socket-path": "/tmp/e.sock")";
    EXPECT_EQ(errorOf("{}"), "missing socket-path");
    EXPECT_EQ(errorOf("[]"), "missing socket-path");
    EXPECT_EQ(errorOf(R"({"socket-path": 5})"), "bad socket-path");
    EXPECT_EQ(errorOf(R"({"socket-path": ""})"), "bad socket-path");
    EXPECT_EQ(errorOf(R"({"socket-path": "relative.sock"})"), "bad socket-path");
    EXPECT_EQ(errorOf("{\"socket-path\": \"/" + std::string(120, 'x') + "\"}"), "bad socket-path");
    EXPECT_EQ(errorOf("{" + ok + R"(, "queue-size": 0})"), "bad queue-size");
    EXPECT_EQ(errorOf("{" + ok + R"(, "queue-size": 1000001})"), "bad queue-size");
    EXPECT_EQ(errorOf("{" + ok + R"(, "queue-size": "10"})"), "bad queue-size");
    EXPECT_EQ(errorOf("{" + ok + R"(, "queue-size": 1000000})"), "accepted");
    EXPECT_EQ(errorOf("{" + ok + R"(, "log-level": "verbose"})"), "bad log-level");
    EXPECT_EQ(errorOf("{" + ok + R"(, "log-level": 1})"), "bad log-level");
    EXPECT_EQ(errorOf("{" + ok + R"(, "shadow-class": ""})"), "bad shadow-class");
    EXPECT_EQ(errorOf("{" + ok + R"(, "ordinary-class": "A B"})"), "bad ordinary-class");
    EXPECT_EQ(errorOf("{" + ok + R"(, "ordinary-class": "IPSHADOW"})"), "bad ordinary-class");
    EXPECT_EQ(errorOf("{" + ok + R"(, "offer-hold-seconds": 0})"), "bad offer-hold-seconds");
    EXPECT_EQ(errorOf("{" + ok + R"(, "socket_path": "/x"})"), "unknown socket_path");
    EXPECT_EQ(errorOf("{" + ok + R"(, "groups": {}})"), "bad groups");
    EXPECT_EQ(errorOf("{" + ok + R"(, "groups": ["g"]})"), "bad groups[0]");
    EXPECT_EQ(errorOf("{" + ok + R"(, "groups": [{"mac-prefix": "0c"}]})"), "bad groups[0].name");
    EXPECT_EQ(errorOf("{" + ok + R"(, "groups": [{"name": "g"}]})"), "bad groups[0]");
    EXPECT_EQ(errorOf("{" + ok + R"(, "groups": [{"name": "g", "mac-prefix": "0g"}]})"),
              "bad groups[0].mac-prefix");
    EXPECT_EQ(errorOf("{" + ok + R"(, "groups": [{"name": "g", "mac-prefix": "0c:a"}]})"),
              "bad groups[0].mac-prefix");
    EXPECT_EQ(errorOf("{" + ok + R"(, "groups": [{"name": "g", "hostname-pattern": "(a"}]})"),
              "bad groups[0].hostname-pattern");
    EXPECT_EQ(errorOf("{" + ok + R"(, "groups": [{"name": "g", "circuit-id": "0xzz"}]})"),
              "bad groups[0].circuit-id");
    EXPECT_EQ(errorOf("{" + ok + R"(, "groups": [{"name": "g", "client-class": 3}]})"),
              "bad groups[0].client-class");
    EXPECT_EQ(errorOf("{" + ok + R"(, "groups": [{"name": "g", "mac": "0c"}]})"),
              "unknown groups[0].mac");
    EXPECT_EQ(errorOf("{" + ok + R"(, "groups": [{"name": "g", "mac-prefix": "0c"},
                                                 {"name": "g", "mac-prefix": "0d"}]})"),
              "bad groups[1].name");
}

TEST(viewNeedsFollowTheRules) {
    ViewNeeds none = viewNeeds(parse(R"({"socket-path": "/run/x.sock"})").groups);
    EXPECT_FALSE(none.hwaddr || none.hostname || none.circuit_id);
    ViewNeeds mac = viewNeeds(parse(R"({"socket-path": "/run/x.sock",
        "groups": [{"name": "ci", "mac-prefix": "0c:aa"}, {"name": "lab", "client-class": "LAB"}]})").groups);
    EXPECT_TRUE(mac.hwaddr);
    EXPECT_FALSE(mac.hostname || mac.circuit_id);
    ViewNeeds all = viewNeeds(parse(R"({"socket-path": "/run/x.sock",
        "groups": [{"name": "a", "hostname-pattern": "lab-.*"}, {"name": "b", "circuit-id": "port7"}]})").groups);
    EXPECT_TRUE(all.hostname && all.circuit_id);
    EXPECT_FALSE(all.hwaddr);
}

TEST(ruleMacPrefix) {
    Config c = parse(R"({"socket-path": "/tmp/e.sock",
                         "groups": [{"name": "g", "mac-prefix": "0c-aa"}]})");
    EXPECT_TRUE(c.groups[0].matches(client({0x0c, 0xaa, 1, 2, 3, 4})));
    EXPECT_FALSE(c.groups[0].matches(client({0x0c, 0xab, 1, 2, 3, 4})));
    EXPECT_FALSE(c.groups[0].matches(client({0x0c})));
}

TEST(ruleHostnameIsWholeNameCaseInsensitive) {
    Config c = parse(R"({"socket-path": "/tmp/e.sock",
                         "groups": [{"name": "g", "hostname-pattern": "ci-[0-9]+"}]})");
    EXPECT_TRUE(c.groups[0].matches(client({1}, "ci-42")));
    EXPECT_TRUE(c.groups[0].matches(client({1}, "CI-7")));
    EXPECT_FALSE(c.groups[0].matches(client({1}, "ci-42.example")));
    EXPECT_FALSE(c.groups[0].matches(client({1}, "")));
}

TEST(ruleCircuitIdAndClass) {
    Config c = parse(R"({"socket-path": "/tmp/e.sock",
        "groups": [{"name": "g", "circuit-id": "port7", "client-class": "CI"}]})");
    ClientView v = client({1}, "", {"CI"});
    EXPECT_FALSE(c.groups[0].matches(v));            // no option 82
    v.has_circuit_id = true;
    v.circuit_id = {'p', 'o', 'r', 't', '7'};
    EXPECT_TRUE(c.groups[0].matches(v));
    v.circuit_id = {'p', 'o', 'r', 't', '8'};
    EXPECT_FALSE(c.groups[0].matches(v));
    ClientView w = client({1}, "", {"OTHER"});
    w.has_circuit_id = true;
    w.circuit_id = {'p', 'o', 'r', 't', '7'};
    EXPECT_FALSE(c.groups[0].matches(w));            // every rule must match
}

TEST(parseHelpers) {
    EXPECT_TRUE(parseHexBytes("0CAA.bb") == (std::vector<uint8_t>{0x0c, 0xaa, 0xbb}));
    EXPECT_THROW(parseHexBytes(""), std::invalid_argument);
    EXPECT_THROW(parseHexBytes("0c::a"), std::invalid_argument);
    EXPECT_EQ(parseIpv4("10.0.0.5"), 0x0a000005u);
    EXPECT_THROW(parseIpv4("10.0.0"), std::invalid_argument);
    EXPECT_THROW(parseIpv4("10.0.0.256"), std::invalid_argument);
    EXPECT_TRUE(parseCircuitId("0x") == (std::vector<uint8_t>{'0', 'x'}));
}
