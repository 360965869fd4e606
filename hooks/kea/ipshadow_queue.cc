// ipshadow Kea hook: bounded queue and socket writer thread (fail-open: Kea never waits).
#include <ipshadow_queue.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>

namespace ipshadow {

namespace {

/** Nice value of the writer thread (0 is Kea's own; 19 the lowest). */
constexpr int WRITER_NICE = 10;

int64_t
monotonicMs() {
    using namespace std::chrono;
    return (duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count());
}

std::string
errnoText(int err) {
    char buf[128];
    // GNU strerror_r returns the message pointer.
    return (strerror_r(err, buf, sizeof(buf)));
}

} // namespace

EventQueue::EventQueue(size_t capacity)
    : capacity_(std::max<size_t>(capacity, 1)), cells_(new Cell[capacity_]),
      enqueue_pos_(0), dequeue_pos_(0) {
    for (size_t i = 0; i < capacity_; ++i) {
        cells_[i].sequence.store(i, std::memory_order_relaxed);
    }
}

bool
EventQueue::tryPush(std::unique_ptr<Event>& event) {
    uint64_t pos = enqueue_pos_.load(std::memory_order_relaxed);
    Cell* cell;
    for (;;) {
        cell = &cells_[pos % capacity_];
        const uint64_t seq = cell->sequence.load(std::memory_order_acquire);
        const int64_t diff = static_cast<int64_t>(seq) - static_cast<int64_t>(pos);
        if (diff == 0) {
            if (enqueue_pos_.compare_exchange_weak(pos, pos + 1, std::memory_order_relaxed)) {
                break;
            }
        } else if (diff < 0) {
            return (false);     // full (or the consumer is still emptying this cell)
        } else {
            pos = enqueue_pos_.load(std::memory_order_relaxed);
        }
    }
    cell->event = std::move(event);
    cell->sequence.store(pos + 1, std::memory_order_release);
    return (true);
}

bool
EventQueue::tryPop(std::unique_ptr<Event>& event) {
    uint64_t pos = dequeue_pos_.load(std::memory_order_relaxed);
    Cell* cell;
    for (;;) {
        cell = &cells_[pos % capacity_];
        const uint64_t seq = cell->sequence.load(std::memory_order_acquire);
        const int64_t diff = static_cast<int64_t>(seq) - static_cast<int64_t>(pos + 1);
        if (diff == 0) {
            if (dequeue_pos_.compare_exchange_weak(pos, pos + 1, std::memory_order_relaxed)) {
                break;
            }
        } else if (diff < 0) {
            return (false);     // empty
        } else {
            pos = dequeue_pos_.load(std::memory_order_relaxed);
        }
    }
    event = std::move(cell->event);
    cell->sequence.store(pos + capacity_, std::memory_order_release);
    return (true);
}

size_t
EventQueue::depth() const {
    const uint64_t in = enqueue_pos_.load(std::memory_order_relaxed);
    const uint64_t out = dequeue_pos_.load(std::memory_order_relaxed);
    return (in > out ? static_cast<size_t>(std::min<uint64_t>(in - out, capacity_)) : 0);
}

EventWriter::EventWriter(const std::string& socket_path, size_t queue_size,
                         std::shared_ptr<WriterObserver> observer, WriterTiming timing)
    : socket_path_(socket_path), timing_(timing), queue_(queue_size), spare_(queue_size),
      urgent_depth_(std::max<size_t>(1, queue_.capacity() / 2)),
      observer_(std::move(observer)), backoff_ms_(timing.backoff_min_ms) {
}

EventWriter::~EventWriter() {
    stop();
}

void
EventWriter::start() {
    if (thread_.joinable()) {
        return;
    }
    stopping_ = false;
    thread_ = std::thread(&EventWriter::run, this);
}

void
EventWriter::stop() {
    if (!thread_.joinable()) {
        return;
    }
    {
        std::lock_guard<std::mutex> lock(wake_mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
    closeSocket();
    std::unique_ptr<Event> event;
    while (queue_.tryPop(event) || spare_.tryPop(event)) {
        // Discarded on shutdown; Kea is unloading the library.
    }
}

std::unique_ptr<Event>
EventWriter::acquire() {
    std::unique_ptr<Event> event;
    if (!spare_.tryPop(event)) {
        event.reset(new Event());
    }
    return (event);
}

void
EventWriter::recycle(std::unique_ptr<Event>& event) {
    if (!spare_.tryPush(event)) {
        event.reset();
    }
}

bool
EventWriter::push(std::unique_ptr<Event> event) noexcept {
    if (!event || !queue_.tryPush(event)) {
        dropped_full_.fetch_add(1, std::memory_order_relaxed);
        return (false);
    }
    // The writer wakes up every idle_wait_ms and sends what gathered as one batch, so
    // the packet path makes no system call. Only a half-full queue wakes it early
    // (no lock taken: a lost wake-up costs at most idle_wait_ms).
    if (queue_.depth() >= urgent_depth_ && sleeping_.load(std::memory_order_seq_cst)) {
        wake_.notify_one();
    }
    return (true);
}

WriterStats
EventWriter::stats() const {
    WriterStats s;
    s.sent = sent_.load(std::memory_order_relaxed);
    s.dropped_queue_full = dropped_full_.load(std::memory_order_relaxed);
    s.dropped_disconnected = dropped_disconnected_.load(std::memory_order_relaxed);
    s.dropped_write_failed = dropped_write_.load(std::memory_order_relaxed);
    s.dropped = s.dropped_queue_full + s.dropped_disconnected + s.dropped_write_failed;
    s.reconnects = reconnects_.load(std::memory_order_relaxed);
    s.queue_depth = queue_.depth();
    s.queue_capacity = queue_.capacity();
    s.connected = connected_.load(std::memory_order_relaxed);
    return (s);
}

void
EventWriter::run() {
    // Below Kea's packet threads: when the CPU is short, Kea serves and this thread waits (or the queue drops).
    // Only this thread's nice value changes (Linux: per thread); failure just leaves it at Kea's priority.
    setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), WRITER_NICE);
    while (!stopping_.load(std::memory_order_relaxed)) {
        const int64_t now = monotonicMs();
        if (fd_ < 0 && now >= next_connect_ms_) {
            handleConnect(now);
        }
        drainOnce();
        if (queue_.depth() < urgent_depth_) {
            idleWait(monotonicMs());
        }
    }
}

void
EventWriter::handleConnect(int64_t now_ms) {
    std::string error;
    if (connectSocket(error)) {
        if (ever_connected_) {
            reconnects_.fetch_add(1, std::memory_order_relaxed);
        }
        ever_connected_ = true;
        failure_logged_ = false;
        backoff_ms_ = timing_.backoff_min_ms;
        connected_ = true;
        if (observer_) {
            observer_->onConnected(socket_path_);
        }
        return;
    }
    if (!failure_logged_ && observer_) {
        observer_->onConnectFailed(socket_path_, error, backoff_ms_);
    }
    failure_logged_ = true;
    next_connect_ms_ = now_ms + backoff_ms_;
    backoff_ms_ = std::min(backoff_ms_ * 2, timing_.backoff_max_ms);
}

void
EventWriter::drainOnce() {
    batch_.clear();
    size_t lines = 0;
    std::unique_ptr<Event> event;
    while (lines < timing_.batch_max && queue_.tryPop(event)) {
        if (fd_ < 0) {
            dropped_disconnected_.fetch_add(1, std::memory_order_relaxed);
        } else {
            appendJsonLine(batch_, *event);
            ++lines;
        }
        recycle(event);
    }
    if (lines == 0) {
        return;
    }
    std::string error;
    const size_t written = writeAll(batch_, error);
    // Every line ends in '\n': count them only when the batch went out in part.
    const uint64_t complete = written == batch_.size() ? lines :
        std::count(batch_.begin(), batch_.begin() + written, '\n');
    sent_.fetch_add(complete, std::memory_order_relaxed);
    if (complete < lines) {
        dropped_write_.fetch_add(lines - complete, std::memory_order_relaxed);
    }
    if (written < batch_.size() && !stopping_.load()) {
        closeSocket();
        if (observer_) {
            observer_->onDisconnected(socket_path_, error);
        }
        next_connect_ms_ = 0;   // try again at once, then back off
    }
}

void
EventWriter::idleWait(int64_t now_ms) {
    int64_t wait_ms = timing_.idle_wait_ms;
    if (fd_ < 0) {
        wait_ms = std::max<int64_t>(1, std::min<int64_t>(wait_ms, next_connect_ms_ - now_ms));
    }
    std::unique_lock<std::mutex> lock(wake_mutex_);
    sleeping_.store(true, std::memory_order_seq_cst);
    if (queue_.depth() < urgent_depth_ && !stopping_.load()) {
        wake_.wait_for(lock, std::chrono::milliseconds(wait_ms));
    }
    sleeping_.store(false, std::memory_order_relaxed);
}

bool
EventWriter::connectSocket(std::string& error) {
    const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error = errnoText(errno);
        return (false);
    }
    sockaddr_un addr;
    memset(&addr, 0, sizeof(addr));
    addr.sun_family = AF_UNIX;
    strncpy(addr.sun_path, socket_path_.c_str(), sizeof(addr.sun_path) - 1);
    // Non-blocking: a listener with a full backlog gives EAGAIN instead of a wait.
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
        error = errnoText(errno);
        ::close(fd);
        return (false);
    }
    fd_ = fd;
    return (true);
}

void
EventWriter::closeSocket() {
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
    connected_ = false;
}

size_t
EventWriter::writeAll(const std::string& data, std::string& error) {
    size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = send(fd_, data.data() + done, data.size() - done,
                               MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            done += static_cast<size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            // A slow reader only holds up this thread; the callouts keep queueing or dropping.
            if (stopping_.load()) {
                error = "stopping";
                return (done);
            }
            pollfd pfd = {fd_, POLLOUT, 0};
            poll(&pfd, 1, 100);
            if (pfd.revents & (POLLERR | POLLHUP)) {
                error = "peer closed the socket";
                return (done);
            }
            continue;
        }
        error = n == 0 ? "short write" : errnoText(errno);
        return (done);
    }
    return (done);
}

} // namespace ipshadow
