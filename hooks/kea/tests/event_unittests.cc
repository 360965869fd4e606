// Unit tests: JSON line encoding and escaping.
#include "unittest.h"

#include <ipshadow_event.h>

#include <cc/data.h>

using namespace ipshadow;
using isc::data::Element;

TEST(jsonLineWholeRecord) {
    Event e;
    e.type = EventType::LEASE4_COMMITTED;
    e.ts_ms = 1764000000123;
    e.address = 0x0a000005;
    e.hwaddr = {0x0c, 0xaa, 0x00, 0x01, 0x02, 0xff};
    e.has_client_id = true;
    e.client_id = {0x01, 0x0c, 0xaa};
    e.hostname = "ci-1";
    e.subnet_id = 7;
    e.valid_lft = 3600;
    e.group = "ci";
    e.classes = {"ALL", "IPSHADOW"};
    EXPECT_EQ(toJsonLine(e),
              "{\"v\":1,\"type\":\"lease4_committed\",\"ts\":1764000000123,\"address\":\"10.0.0.5\","
              "\"hwaddr\":\"0c:aa:00:01:02:ff\",\"client_id\":\"01:0c:aa\",\"hostname\":\"ci-1\","
              "\"subnet_id\":7,\"valid_lft\":3600,\"group\":\"ci\",\"classes\":[\"ALL\",\"IPSHADOW\"]}\n");
}

TEST(jsonLineNulls) {
    Event e;
    e.type = EventType::LEASE4_EXPIRE;
    e.address = 0xc0000201;
    EXPECT_EQ(toJsonLine(e),
              "{\"v\":1,\"type\":\"lease4_expire\",\"ts\":0,\"address\":\"192.0.2.1\","
              "\"hwaddr\":\"\",\"client_id\":null,\"hostname\":null,\"subnet_id\":0,"
              "\"valid_lft\":0,\"group\":null,\"classes\":[]}\n");
}

TEST(jsonTypeNames) {
    EXPECT_EQ(std::string(eventTypeName(EventType::LEASE4_RENEW)), "lease4_renew");
    EXPECT_EQ(std::string(eventTypeName(EventType::LEASE4_RELEASE)), "lease4_release");
    EXPECT_EQ(std::string(eventTypeName(EventType::LEASE4_DECLINE)), "lease4_decline");
    EXPECT_EQ(std::string(eventTypeName(EventType::GROUP_CLAIM)), "group_claim");
}

TEST(jsonEscaping) {
    std::string out;
    appendJsonString(out, "a\"b\\c\nd\te\x01\x7f");
    EXPECT_EQ(out, "\"a\\\"b\\\\c\\nd\\te\\u0001\\u007f\"");
    out.clear();
    appendJsonString(out, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");     // valid UTF-8 kept
    EXPECT_EQ(out, "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
    out.clear();
    appendJsonString(out, "x\xff\xc3(\xed\xa0\x80y");   // invalid bytes, lone surrogate
    EXPECT_EQ(out, "\"x\\ufffd\\ufffd(\\ufffd\\ufffd\\ufffdy\"");
    out.clear();
    appendJsonString(out, std::string("n\0l", 3));
    EXPECT_EQ(out, "\"n\\u0000l\"");
}

TEST(jsonLineParsesBack) {
    Event e;
    e.type = EventType::GROUP_CLAIM;
    e.address = 0x0a000105;
    // Kea's own parser only knows \u00XX escapes, so no invalid UTF-8 here (see jsonEscaping).
    e.hostname = "evil\"host\n\\\x02";
    e.group = "g\"1";
    e.classes = {"A\\B"};
    std::string line = toJsonLine(e);
    EXPECT_EQ(line.back(), '\n');
    EXPECT_EQ(line.find('\n'), line.size() - 1);            // exactly one line
    auto parsed = Element::fromJSON(line.substr(0, line.size() - 1));
    EXPECT_EQ(parsed->get("type")->stringValue(), "group_claim");
    EXPECT_EQ(parsed->get("address")->stringValue(), "10.0.1.5");
    EXPECT_EQ(parsed->get("group")->stringValue(), "g\"1");
    EXPECT_EQ(parsed->get("classes")->get(0)->stringValue(), "A\\B");
    EXPECT_EQ(parsed->get("hostname")->stringValue(), "evil\"host\n\\\x02");
    EXPECT_EQ(parsed->get("client_id")->getType(), static_cast<int>(Element::null));
}

TEST(hexAndAddressText) {
    EXPECT_EQ(hexColon({}), "");
    EXPECT_EQ(hexColon({0x00, 0xab}), "00:ab");
    EXPECT_EQ(ipv4Text(0xffffffff), "255.255.255.255");
    EXPECT_EQ(ipv4Text(0), "0.0.0.0");
}

TEST(jsonLineWorstCaseFitsItsBound) {
    // Every field at its longest and every byte escaped: the encoder's space bound must hold.
    Event e;
    e.type = EventType::LEASE4_COMMITTED;
    e.ts_ms = INT64_MAX;
    e.address = 0xffffffff;
    e.hwaddr.assign(20, 0xff);
    e.has_client_id = true;
    e.client_id.assign(255, 0xab);
    e.hostname = std::string(300, '\xff');
    e.subnet_id = UINT32_MAX;
    e.valid_lft = UINT32_MAX;
    e.group = std::string(50, '\x01');
    e.classes.assign(20, std::string(30, '"'));
    std::string out = "prefix";
    appendJsonLine(out, e);
    EXPECT_EQ(out.compare(0, 6, "prefix"), 0);
    const std::string line = out.substr(6);
    EXPECT_EQ(line.find('\n'), line.size() - 1);
    std::string fffd;
    for (int i = 0; i < 300; ++i) {
        fffd += "\\ufffd";
    }
    EXPECT_TRUE(line.find("\"hostname\":\"" + fffd + "\",") != std::string::npos);
    // Kea's JSON parser refuses \ufffd: parse the rest with an ASCII hostname of the same length.
    e.hostname = std::string(300, '\x7f');
    std::string again;
    appendJsonLine(again, e);
    auto parsed = Element::fromJSON(again);
    EXPECT_EQ(parsed->get("hostname")->stringValue(), std::string(300, '\x7f'));
    EXPECT_EQ(parsed->get("group")->stringValue(), std::string(50, '\x01'));
    EXPECT_EQ(parsed->get("classes")->get(19)->stringValue(), std::string(30, '"'));
    EXPECT_EQ(parsed->get("ts")->intValue(), INT64_MAX);
    EXPECT_EQ(parsed->get("address")->stringValue(), "255.255.255.255");
    EXPECT_EQ(parsed->get("client_id")->stringValue(), hexColon(e.client_id));
    EXPECT_EQ(parsed->get("subnet_id")->intValue(), static_cast<int64_t>(UINT32_MAX));
}
