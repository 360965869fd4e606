// ipshadow Kea hook: bounded event queue and the writer thread that feeds the sidecar socket.
#ifndef IPSHADOW_QUEUE_H
#define IPSHADOW_QUEUE_H

#include <ipshadow_event.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace ipshadow {

/// @brief Bounded lock-free multi-producer single-consumer queue of events.
///
/// Producers (Kea callouts, possibly on several threads) never wait: a push on a
/// full queue fails at once. Based on the sequence-numbered ring of D. Vyukov.
class EventQueue {
public:
    /// @brief A queue holding at most @p capacity events (capacity >= 1).
    explicit EventQueue(size_t capacity);

    EventQueue(const EventQueue&) = delete;
    EventQueue& operator=(const EventQueue&) = delete;

    /// @brief Move @p event into the queue; false (event untouched) if full. Never blocks.
    bool tryPush(std::unique_ptr<Event>& event);

    /// @brief Take the oldest event; false if empty. Single consumer only.
    bool tryPop(std::unique_ptr<Event>& event);

    /// @brief Approximate number of queued events.
    size_t depth() const;

    /// @brief Maximum number of queued events.
    size_t capacity() const { return (capacity_); }

private:
    struct Cell {
        std::atomic<uint64_t> sequence;
        std::unique_ptr<Event> event;
    };

    const size_t capacity_;
    std::unique_ptr<Cell[]> cells_;
    alignas(64) std::atomic<uint64_t> enqueue_pos_;
    alignas(64) std::atomic<uint64_t> dequeue_pos_;
};

/// @brief Counters of the writer, as reported by ipshadow-stats-get.
struct WriterStats {
    uint64_t sent = 0;                  ///< Lines completely written to the socket.
    uint64_t dropped = 0;               ///< Sum of the three drop counters below.
    uint64_t dropped_queue_full = 0;
    uint64_t dropped_disconnected = 0;
    uint64_t dropped_write_failed = 0;
    uint64_t reconnects = 0;            ///< Successful connections after the first one.
    size_t queue_depth = 0;
    size_t queue_capacity = 0;
    bool connected = false;
};

/// @brief Receives the writer's connection state changes (for logging); called on the writer thread.
class WriterObserver {
public:
    virtual ~WriterObserver() = default;
    virtual void onConnected(const std::string& path) = 0;
    virtual void onConnectFailed(const std::string& path, const std::string& error,
                                 unsigned retry_ms) = 0;
    virtual void onDisconnected(const std::string& path, const std::string& error) = 0;
};

/// @brief Timing knobs of the writer (defaults suit production; tests shorten them).
struct WriterTiming {
    unsigned backoff_min_ms = 100;
    unsigned backoff_max_ms = 5000;
    unsigned idle_wait_ms = 10;     ///< Flush period: events wait at most this long.
    unsigned batch_max = 1024;      ///< Lines per send().
};

/// @brief Owns the queue and a thread that writes events as JSON lines to a Unix socket.
///
/// push() is the only call made on the packet path: it never blocks and never
/// throws. Events are counted and dropped when the queue is full, or by the
/// thread while the socket is down; the thread reconnects with exponential backoff.
class EventWriter {
public:
    EventWriter(const std::string& socket_path, size_t queue_size,
                std::shared_ptr<WriterObserver> observer = nullptr,
                WriterTiming timing = WriterTiming());
    ~EventWriter();

    EventWriter(const EventWriter&) = delete;
    EventWriter& operator=(const EventWriter&) = delete;

    /// @brief Start the writer thread (idempotent).
    void start();

    /// @brief Stop and join the writer thread; queued events are discarded (idempotent).
    void stop();

    /// @brief An event to fill and push(): a recycled one when available, so that
    /// strings keep their capacity and memory is not freed across threads.
    std::unique_ptr<Event> acquire();

    /// @brief Queue an event for the sidecar; false if it was dropped. Never blocks.
    bool push(std::unique_ptr<Event> event) noexcept;

    /// @brief A snapshot of the counters.
    WriterStats stats() const;

    /// @brief The Unix socket path written to.
    const std::string& socketPath() const { return (socket_path_); }

private:
    void run();
    bool connectSocket(std::string& error);
    void closeSocket();
    size_t writeAll(const std::string& data, std::string& error);
    void handleConnect(int64_t now_ms);
    void drainOnce();
    void idleWait(int64_t now_ms);
    void recycle(std::unique_ptr<Event>& event);

    const std::string socket_path_;
    const WriterTiming timing_;
    EventQueue queue_;
    EventQueue spare_;              ///< Sent events handed back to the callouts for reuse.
    const size_t urgent_depth_;     ///< Depth at which a push wakes the writer early.
    std::shared_ptr<WriterObserver> observer_;

    std::thread thread_;
    std::atomic<bool> stopping_{false};
    std::atomic<bool> sleeping_{false};
    std::mutex wake_mutex_;
    std::condition_variable wake_;

    // Writer-thread state.
    int fd_ = -1;
    bool ever_connected_ = false;
    bool failure_logged_ = false;
    unsigned backoff_ms_ = 0;
    int64_t next_connect_ms_ = 0;
    std::string batch_;

    std::atomic<uint64_t> sent_{0};
    std::atomic<uint64_t> dropped_full_{0};
    std::atomic<uint64_t> dropped_disconnected_{0};
    std::atomic<uint64_t> dropped_write_{0};
    std::atomic<uint64_t> reconnects_{0};
    std::atomic<bool> connected_{false};
};

} // namespace ipshadow

#endif // IPSHADOW_QUEUE_H
