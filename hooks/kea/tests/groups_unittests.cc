// Unit tests: claims — same address for DISCOVER and REQUEST, never two clients on one address.
#include "unittest.h"

#include <ipshadow_groups.h>

using namespace ipshadow;

namespace {

const uint32_t A1 = 0x0a000005;     // 10.0.0.5
const uint32_t A2 = 0x0a000006;
const uint32_t A3 = 0x0a000007;

std::vector<GroupRule>
rules() {
    GroupRule ci;
    ci.name = "ci";
    ci.mac_prefix = {0x0c};
    GroupRule lab;
    lab.name = "lab";
    lab.hostname_pattern = "lab-.*";
    lab.hostname_regex = std::regex("lab-.*");
    return {ci, lab};
}

ClientView
mac(uint8_t first, uint8_t last, std::string hostname = "") {
    ClientView view;
    view.hwaddr = {first, 0, 0, 0, 0, last};
    view.hostname = std::move(hostname);
    return (view);
}

std::string
key(uint8_t first, uint8_t last) {
    char buf[32];
    snprintf(buf, sizeof(buf), "hw:%02x:00:00:00:00:%02x", first, last);
    return (buf);
}

} // namespace

TEST(nonMatchingClientGetsNothing) {
    GroupTable table(rules(), 60);
    table.setAddresses({{"ci", {A1}}});
    Decision d = table.classify(mac(0x10, 1), key(0x10, 1), true, 1000);
    EXPECT_EQ(d.group, "");
    EXPECT_EQ(d.address, 0u);
    bool first = false;
    EXPECT_EQ(table.select(key(0x10, 1), 0, true, 1000, first), 0u);
    EXPECT_TRUE(table.snapshot()[0].claims.empty());
}

TEST(sameAddressForDiscoverAndRequest) {
    GroupTable table(rules(), 60);
    table.setAddresses({{"ci", {A1, A2}}});
    // DISCOVER
    Decision offer = table.classify(mac(0x0c, 1), key(0x0c, 1), true, 1000);
    EXPECT_EQ(offer.group, "ci");
    EXPECT_EQ(offer.address, A1);
    bool first = true;
    EXPECT_EQ(table.select(key(0x0c, 1), offer.address, true, 1000, first), A1);
    EXPECT_FALSE(first);
    // REQUEST
    Decision request = table.classify(mac(0x0c, 1), key(0x0c, 1), true, 2000);
    EXPECT_EQ(request.address, A1);
    EXPECT_EQ(table.select(key(0x0c, 1), request.address, false, 2000, first), A1);
    EXPECT_TRUE(first);
    // A retransmitted REQUEST is not a new claim.
    EXPECT_EQ(table.select(key(0x0c, 1), request.address, false, 2100, first), A1);
    EXPECT_FALSE(first);
    EXPECT_EQ(table.counters().assigned, 1u);
    EXPECT_EQ(table.counters().offered, 1u);
    auto snap = table.snapshot();
    ASSERT_TRUE(snap[0].claims.size() == 1);
    EXPECT_EQ(snap[0].claims[0].client, key(0x0c, 1));
    EXPECT_TRUE(snap[0].claims[0].state == ClaimState::LEASED);
}

TEST(noDoubleAssignment) {
    GroupTable table(rules(), 60);
    table.setAddresses({{"ci", {A1, A2}}});
    Decision c1 = table.classify(mac(0x0c, 1), key(0x0c, 1), true, 1000);
    Decision c2 = table.classify(mac(0x0c, 2), key(0x0c, 2), true, 1000);
    Decision c3 = table.classify(mac(0x0c, 3), key(0x0c, 3), true, 1000);
    EXPECT_EQ(c1.address, A1);
    EXPECT_EQ(c2.address, A2);
    EXPECT_EQ(c3.address, 0u);
    EXPECT_TRUE(c3.exhausted);
    EXPECT_EQ(c3.group, "ci");
    EXPECT_TRUE(c3.report_exhausted);
    EXPECT_EQ(table.counters().exhausted, 1u);
    // Exhaustion is reported once until the group has room again.
    EXPECT_FALSE(table.classify(mac(0x0c, 4), key(0x0c, 4), true, 1000).report_exhausted);
    table.leaseGone(A1, key(0x0c, 1));
    EXPECT_EQ(table.classify(mac(0x0c, 4), key(0x0c, 4), true, 1000).address, A1);
    EXPECT_TRUE(table.classify(mac(0x0c, 5), key(0x0c, 5), true, 1000).report_exhausted);
    // Client 3 asking again (e.g. REQUEST) still does not get someone else's address.
    bool first = false;
    EXPECT_EQ(table.select(key(0x0c, 3), 0, false, 1000, first), 0u);
}

TEST(offerExpiresButLeaseDoesNot) {
    GroupTable table(rules(), 10);
    table.setAddresses({{"ci", {A1}}});
    EXPECT_EQ(table.classify(mac(0x0c, 1), key(0x0c, 1), true, 0).address, A1);
    // Still held for client 1 within the hold time.
    EXPECT_EQ(table.classify(mac(0x0c, 2), key(0x0c, 2), true, 9000).address, 0u);
    // After the hold time an unconfirmed offer is given to someone else...
    EXPECT_EQ(table.classify(mac(0x0c, 2), key(0x0c, 2), true, 10001).address, A1);
    bool first = false;
    EXPECT_EQ(table.select(key(0x0c, 2), A1, false, 10002, first), A1);
    // ...and client 1 no longer holds it; a leased claim never expires.
    EXPECT_EQ(table.classify(mac(0x0c, 1), key(0x0c, 1), true, 999999999).address, 0u);
}

TEST(existingClaimWinsEvenIfRulesStopMatching) {
    GroupTable table(rules(), 60);
    table.setAddresses({{"lab", {A3}}});
    EXPECT_EQ(table.classify(mac(0x10, 1, "lab-1"), key(0x10, 1), true, 0).address, A3);
    // The REQUEST carries no hostname.
    Decision d = table.classify(mac(0x10, 1), key(0x10, 1), true, 10);
    EXPECT_EQ(d.group, "lab");
    EXPECT_EQ(d.address, A3);
}

TEST(nonAllocatingQueryClaimsNothing) {
    GroupTable table(rules(), 60);
    table.setAddresses({{"ci", {A1}}});
    Decision d = table.classify(mac(0x0c, 1), key(0x0c, 1), false, 0);
    EXPECT_EQ(d.group, "ci");
    EXPECT_EQ(d.address, 0u);
    EXPECT_TRUE(table.snapshot()[0].claims.empty());
}

TEST(setKeepsListedClaimsAndDropsOthers) {
    GroupTable table(rules(), 60);
    table.setAddresses({{"ci", {A1, A2}}});
    table.classify(mac(0x0c, 1), key(0x0c, 1), true, 0);   // A1
    table.classify(mac(0x0c, 2), key(0x0c, 2), true, 0);   // A2
    SetResult r = table.setAddresses({{"ci", {A2, A3}}});
    EXPECT_EQ(r.addresses, 2u);
    EXPECT_EQ(r.groups, 1u);
    EXPECT_EQ(r.claims_kept, 1u);
    EXPECT_EQ(r.claims_dropped, 1u);
    EXPECT_EQ(table.classify(mac(0x0c, 2), key(0x0c, 2), true, 1).address, A2);
    EXPECT_EQ(table.classify(mac(0x0c, 1), key(0x0c, 1), true, 1).address, A3);
    EXPECT_EQ(table.groupOf(A1), "");
    EXPECT_EQ(table.groupOf(A3), "ci");
}

TEST(setRefusesBadListsAndChangesNothing) {
    GroupTable table(rules(), 60);
    table.setAddresses({{"ci", {A1}}});
    EXPECT_THROW(table.setAddresses({{"nope", {A2}}}), std::invalid_argument);
    EXPECT_THROW(table.setAddresses({{"ci", {A2, A2}}}), std::invalid_argument);
    EXPECT_THROW(table.setAddresses({{"lab", {A1}}}), std::invalid_argument);  // A1 is ci's
    EXPECT_THROW(table.setAddresses({{"ci", {A2}}, {"lab", {A2}}}), std::invalid_argument);
    EXPECT_EQ(table.groupOf(A1), "ci");
    EXPECT_EQ(table.groupOf(A2), "");
    // Moving an address between groups in one push is fine.
    EXPECT_NO_THROW(table.setAddresses({{"ci", {}}, {"lab", {A1}}}));
    EXPECT_EQ(table.groupOf(A1), "lab");
}

TEST(leaseEventsTrackClaims) {
    GroupTable table(rules(), 60);
    table.setAddresses({{"ci", {A1, A2}}});
    // A lease Kea already holds on a listed address (e.g. after a reload) is recorded.
    table.leaseActive(A1, key(0x0c, 9));
    EXPECT_EQ(table.classify(mac(0x0c, 1), key(0x0c, 1), true, 0).address, A2);
    EXPECT_EQ(table.classify(mac(0x0c, 9), key(0x0c, 9), true, 0).address, A1);
    // Release frees it for the next client.
    table.leaseGone(A1, key(0x0c, 9));
    EXPECT_EQ(table.classify(mac(0x0c, 3), key(0x0c, 3), true, 0).address, A1);
    // Decline frees the claim and unlists the address.
    table.declined(A1);
    EXPECT_EQ(table.groupOf(A1), "");
    EXPECT_EQ(table.snapshot()[0].addresses.size(), 1u);
}

TEST(clientWithoutKeyIsNotTracked) {
    GroupTable table(rules(), 60);
    table.setAddresses({{"ci", {A1}}});
    Decision d = table.classify(mac(0x0c, 1), "", true, 0);
    EXPECT_EQ(d.group, "ci");
    EXPECT_EQ(d.address, 0u);
}

TEST(noGroupsNeverMatchOrClaim) {
    GroupTable table({}, 60);
    EXPECT_EQ(table.size(), 0u);
    Decision d = table.classify(mac(0x0c, 1), key(0x0c, 1), true, 0);
    EXPECT_EQ(d.group, "");
    EXPECT_EQ(d.address, 0u);
    bool first = false;
    EXPECT_EQ(table.select(key(0x0c, 1), 0, false, 0, first), 0u);
    table.leaseActive(A1, key(0x0c, 1));
    EXPECT_EQ(table.groupOf(A1), "");
    EXPECT_TRUE(table.snapshot().empty());
}
