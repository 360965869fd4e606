// ipshadow Kea hook: logger definition and the writer's logging observer.
#include <ipshadow_log.h>

#include <atomic>

namespace ipshadow {

isc::log::Logger ipshadow_logger("ipshadow-hooks");

namespace {
std::atomic<int> threshold(static_cast<int>(LogLevel::INFO));
}

void
setLogLevel(LogLevel level) {
    threshold.store(static_cast<int>(level));
}

bool
logEnabled(LogLevel level) {
    return (static_cast<int>(level) >= threshold.load(std::memory_order_relaxed));
}

void
LoggingObserver::onConnected(const std::string& path) {
    if (logEnabled(LogLevel::INFO)) {
        LOG_INFO(ipshadow_logger, IPSHADOW_SOCKET_CONNECTED).arg(path);
    }
}

void
LoggingObserver::onConnectFailed(const std::string& path, const std::string& error,
                                 unsigned retry_ms) {
    if (logEnabled(LogLevel::WARN)) {
        LOG_WARN(ipshadow_logger, IPSHADOW_SOCKET_CONNECT_FAILED).arg(path).arg(error).arg(retry_ms);
    }
}

void
LoggingObserver::onDisconnected(const std::string& path, const std::string& error) {
    if (logEnabled(LogLevel::WARN)) {
        LOG_WARN(ipshadow_logger, IPSHADOW_SOCKET_DISCONNECTED).arg(path).arg(error);
    }
}

} // namespace ipshadow
