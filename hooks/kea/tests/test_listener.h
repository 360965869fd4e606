// ipshadow Kea hook tests: a Unix-socket listener standing in for the sidecar.
#ifndef IPSHADOW_TEST_LISTENER_H
#define IPSHADOW_TEST_LISTENER_H

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ipshadow {
namespace test {

/// @brief Accepts connections on a Unix socket and collects the lines received.
/// With reading paused it accepts but never reads (a stalled sidecar).
class TestListener {
public:
    explicit TestListener(const std::string& path, bool reading = true);
    ~TestListener();

    /// @brief Lines received so far (without '\n').
    std::vector<std::string> lines();

    /// @brief Wait until at least @p count lines arrived or @p timeout_ms passed.
    bool waitForLines(size_t count, int timeout_ms);

    /// @brief Start reading (after a stall).
    void resume() { reading_ = true; }

    /// @brief Number of connections accepted.
    int accepted() const { return (accepted_.load()); }

private:
    void run();

    std::string path_;
    int listen_fd_ = -1;
    std::atomic<bool> reading_;
    std::atomic<bool> stop_{false};
    std::atomic<int> accepted_{0};
    std::thread thread_;
    std::mutex mutex_;
    std::vector<std::string> lines_;
};

/// @brief A fresh socket path under /tmp for test @p name.
std::string tempSocketPath(const std::string& name);

} // namespace test
} // namespace ipshadow

#endif // IPSHADOW_TEST_LISTENER_H
