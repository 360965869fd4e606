// ipshadow Kea hook tests: Unix-socket listener implementation.
#include "test_listener.h"

#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <stdexcept>

namespace ipshadow {
namespace test {

std::string
tempSocketPath(const std::string& name) {
    return ("/tmp/ipshadow-test-" + std::to_string(getpid()) + "-" + name + ".sock");
}

TestListener::TestListener(const std::string& path, bool reading)
    : path_(path), reading_(reading) {
    unlink(path_.c_str());
    listen_fd_ = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr;
    memset(&addr, 0, sizeof(addr));
    addr.sun_family = AF_UNIX;
    strncpy(addr.sun_path, path_.c_str(), sizeof(addr.sun_path) - 1);
    if (listen_fd_ < 0 || bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0 ||
        listen(listen_fd_, 8) != 0) {
        throw std::runtime_error("cannot listen on " + path_);
    }
    thread_ = std::thread(&TestListener::run, this);
}

TestListener::~TestListener() {
    stop_ = true;
    thread_.join();
    ::close(listen_fd_);
    unlink(path_.c_str());
}

void
TestListener::run() {
    std::vector<int> clients;
    std::string partial;
    while (!stop_) {
        std::vector<pollfd> fds;
        fds.push_back(pollfd{listen_fd_, POLLIN, 0});
        if (reading_) {
            for (int fd : clients) {
                fds.push_back(pollfd{fd, POLLIN, 0});
            }
        }
        if (poll(fds.data(), fds.size(), 20) <= 0) {
            continue;
        }
        if (fds[0].revents & POLLIN) {
            const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd >= 0) {
                clients.push_back(fd);
                ++accepted_;
            }
        }
        for (size_t i = 1; i < fds.size(); ++i) {
            if (!(fds[i].revents & (POLLIN | POLLHUP))) {
                continue;
            }
            char buf[65536];
            const ssize_t n = read(fds[i].fd, buf, sizeof(buf));
            if (n <= 0) {
                continue;
            }
            std::lock_guard<std::mutex> lock(mutex_);
            partial.append(buf, static_cast<size_t>(n));
            size_t pos;
            while ((pos = partial.find('\n')) != std::string::npos) {
                lines_.push_back(partial.substr(0, pos));
                partial.erase(0, pos + 1);
            }
        }
    }
    for (int fd : clients) {
        ::close(fd);
    }
}

std::vector<std::string>
TestListener::lines() {
    std::lock_guard<std::mutex> lock(mutex_);
    return (lines_);
}

bool
TestListener::waitForLines(size_t count, int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (std::chrono::steady_clock::now() < deadline) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (lines_.size() >= count) {
                return (true);
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return (false);
}

} // namespace test
} // namespace ipshadow
