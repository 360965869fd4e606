// Unit tests: the bounded queue and the writer thread (drop when full, never block, reconnect).
#include "unittest.h"
#include "test_listener.h"

#include <ipshadow_queue.h>

#include <chrono>
#include <set>

using namespace ipshadow;
using namespace ipshadow::test;

namespace {

std::unique_ptr<Event>
event(uint32_t address) {
    std::unique_ptr<Event> e(new Event());
    e->type = EventType::LEASE4_COMMITTED;
    e->address = address;
    e->hwaddr = {0x0c, 0, 0, 0, 0, 1};
    return (e);
}

WriterTiming
fastTiming() {
    WriterTiming t;
    t.backoff_min_ms = 10;
    t.backoff_max_ms = 40;
    t.idle_wait_ms = 5;
    return (t);
}

bool
waitUntil(const std::function<bool()>& done, int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (std::chrono::steady_clock::now() < deadline) {
        if (done()) {
            return (true);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return (done());
}

} // namespace

TEST(queueIsFifoAndBounded) {
    EventQueue queue(3);
    for (uint32_t i = 1; i <= 3; ++i) {
        auto e = event(i);
        EXPECT_TRUE(queue.tryPush(e));
        EXPECT_FALSE(e);                    // moved into the queue
    }
    auto extra = event(4);
    EXPECT_FALSE(queue.tryPush(extra));
    EXPECT_TRUE(extra != nullptr);          // a refused event is left with the caller
    EXPECT_EQ(queue.depth(), 3u);
    std::unique_ptr<Event> out;
    for (uint32_t i = 1; i <= 3; ++i) {
        EXPECT_TRUE(queue.tryPop(out));
        EXPECT_EQ(out->address, i);
    }
    EXPECT_FALSE(queue.tryPop(out));
    EXPECT_EQ(queue.depth(), 0u);
    // Wraps around many times.
    for (uint32_t i = 0; i < 1000; ++i) {
        auto e = event(i);
        EXPECT_TRUE(queue.tryPush(e));
        EXPECT_TRUE(queue.tryPop(out));
        EXPECT_EQ(out->address, i);
    }
}

TEST(queueManyProducersLoseNothingAccepted) {
    EventQueue queue(1024);
    std::atomic<uint64_t> accepted{0};
    std::atomic<bool> done{false};
    std::set<uint32_t> seen;
    std::thread consumer([&]() {
        std::unique_ptr<Event> out;
        while (!done || queue.depth() > 0) {
            if (queue.tryPop(out)) {
                seen.insert(out->address);
            }
        }
        while (queue.tryPop(out)) {
            seen.insert(out->address);
        }
    });
    std::vector<std::thread> producers;
    for (uint32_t p = 0; p < 4; ++p) {
        producers.emplace_back([&, p]() {
            for (uint32_t i = 0; i < 50000; ++i) {
                auto e = event(p << 24 | i);
                if (queue.tryPush(e)) {
                    ++accepted;
                }
            }
        });
    }
    for (auto& t : producers) {
        t.join();
    }
    done = true;
    consumer.join();
    EXPECT_EQ(seen.size(), accepted.load());
}

TEST(writerDropsWhenSocketIsDown) {
    EventWriter writer(tempSocketPath("down"), 64, nullptr, fastTiming());
    writer.start();
    for (uint32_t i = 0; i < 1000; ++i) {
        writer.push(event(i));
    }
    EXPECT_TRUE(waitUntil([&]() { return (writer.stats().dropped == 1000); }, 3000));
    WriterStats s = writer.stats();
    EXPECT_EQ(s.sent, 0u);
    EXPECT_EQ(s.dropped, 1000u);
    EXPECT_FALSE(s.connected);
    writer.stop();
}

TEST(writerNeverBlocksOnStalledReader) {
    const std::string path = tempSocketPath("stall");
    TestListener listener(path, false);     // accepts, never reads
    EventWriter writer(path, 128, nullptr, fastTiming());
    writer.start();
    EXPECT_TRUE(waitUntil([&]() { return (writer.stats().connected); }, 2000));
    const int pushes = 200000;              // far more than socket buffers + queue hold
    double worst_us = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < pushes; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        writer.push(event(static_cast<uint32_t>(i)));
        const double us = std::chrono::duration<double, std::micro>(
            std::chrono::steady_clock::now() - t0).count();
        worst_us = std::max(worst_us, us);
    }
    const double total_ms = std::chrono::duration<double, std::milli>(
        std::chrono::steady_clock::now() - start).count();
    WriterStats s = writer.stats();
    std::cout << "  " << pushes << " pushes to a stalled reader: " << total_ms << " ms, worst "
              << worst_us << " us, dropped " << s.dropped_queue_full << std::endl;
    EXPECT_TRUE(total_ms < 2000);
    EXPECT_TRUE(worst_us < 50000);          // scheduling noise only; a blocked push would hang
    EXPECT_TRUE(s.dropped_queue_full > 100000);
    EXPECT_TRUE(s.queue_depth <= 128);
    // The reader wakes up: what was queued arrives, and nothing is counted twice.
    listener.resume();
    EXPECT_TRUE(waitUntil([&]() {
        WriterStats w = writer.stats();
        return (w.queue_depth == 0 && w.sent + w.dropped == static_cast<uint64_t>(pushes));
    }, 5000));
    s = writer.stats();
    EXPECT_EQ(s.sent + s.dropped, static_cast<uint64_t>(pushes));
    EXPECT_TRUE(listener.waitForLines(s.sent, 3000));
    writer.stop();
}

TEST(writerSendsLinesAndReconnects) {
    const std::string path = tempSocketPath("reconnect");
    EventWriter writer(path, 64, nullptr, fastTiming());
    writer.start();
    {
        TestListener listener(path);
        EXPECT_TRUE(waitUntil([&]() { return (writer.stats().connected); }, 2000));
        writer.push(event(0x0a000005));
        EXPECT_TRUE(listener.waitForLines(1, 2000));
        EXPECT_EQ(listener.lines().at(0).substr(0, 40),
                  "{\"v\":1,\"type\":\"lease4_committed\",\"ts\":0,");
    }
    // The sidecar went away: the next writes fail, then a new sidecar is found.
    EXPECT_TRUE(waitUntil([&]() {
        writer.push(event(1));
        return (!writer.stats().connected);
    }, 3000));
    TestListener listener2(path);
    EXPECT_TRUE(waitUntil([&]() { return (writer.stats().connected); }, 3000));
    writer.push(event(0x0a000006));
    EXPECT_TRUE(waitUntil([&]() {
        for (auto const& line : listener2.lines()) {
            if (line.find("\"10.0.0.6\"") != std::string::npos) return (true);
        }
        return (false);
    }, 2000));
    WriterStats s = writer.stats();
    EXPECT_EQ(s.reconnects, 1u);
    EXPECT_TRUE(s.sent >= 2);
    writer.stop();
}

TEST(writerStopIsPromptWithStalledReader) {
    const std::string path = tempSocketPath("stop");
    TestListener listener(path, false);
    EventWriter writer(path, 100000, nullptr, fastTiming());
    writer.start();
    EXPECT_TRUE(waitUntil([&]() { return (writer.stats().connected); }, 2000));
    for (int i = 0; i < 100000; ++i) {
        writer.push(event(static_cast<uint32_t>(i)));
    }
    const auto t0 = std::chrono::steady_clock::now();
    writer.stop();
    const double ms = std::chrono::duration<double, std::milli>(
        std::chrono::steady_clock::now() - t0).count();
    EXPECT_TRUE(ms < 1000);
}

TEST(writerRecyclesSentEvents) {
    const std::string path = tempSocketPath("recycle");
    TestListener listener(path);
    EventWriter writer(path, 8, nullptr, fastTiming());
    writer.start();
    EXPECT_TRUE(waitUntil([&]() { return (writer.stats().connected); }, 2000));
    std::unique_ptr<Event> first = writer.acquire();
    Event* raw = first.get();
    first->hostname = std::string(100, 'h');    // capacity worth keeping
    writer.push(std::move(first));
    EXPECT_TRUE(listener.waitForLines(1, 2000));
    // The writer hands the sent event back: the next acquire() reuses it (same thread frees it).
    EXPECT_TRUE(waitUntil([&]() {
        std::unique_ptr<Event> again = writer.acquire();
        const bool same = again.get() == raw;
        if (same) {
            EXPECT_TRUE(again->hostname.capacity() >= 100);
        }
        return (same);
    }, 2000));
    writer.stop();
}
