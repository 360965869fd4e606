// ipshadow Kea hook: logger, debug levels and the "log-level" threshold.
#ifndef IPSHADOW_LOG_H
#define IPSHADOW_LOG_H

#include <ipshadow_config.h>
#include <ipshadow_messages.h>
#include <ipshadow_queue.h>

#include <log/logger_support.h>
#include <log/macros.h>

namespace ipshadow {

/// @brief The library's logger ("kea-dhcp4.ipshadow-hooks" in Kea's logging config).
extern isc::log::Logger ipshadow_logger;

/// @brief Debug level of per-packet messages (claims).
const int DBGLVL_IPSHADOW_PACKET = 40;

/// @brief Set the threshold below which the library's own messages are not logged.
void setLogLevel(LogLevel level);

/// @brief True if a message of @p level passes the "log-level" threshold.
bool logEnabled(LogLevel level);

/// @brief Logs the writer's connection state changes with catalogued messages.
class LoggingObserver : public WriterObserver {
public:
    void onConnected(const std::string& path) override;
    void onConnectFailed(const std::string& path, const std::string& error,
                         unsigned retry_ms) override;
    void onDisconnected(const std::string& path, const std::string& error) override;
};

} // namespace ipshadow

#endif // IPSHADOW_LOG_H
