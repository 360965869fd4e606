// ipshadow Kea hook: hook parameters, checked once in load().
#ifndef IPSHADOW_CONFIG_H
#define IPSHADOW_CONFIG_H

#include <cc/data.h>

#include <cstdint>
#include <functional>
#include <regex>
#include <stdexcept>
#include <string>
#include <vector>

namespace ipshadow {

/// @brief Threshold for the library's own log messages (the "log-level" parameter).
enum class LogLevel { DEBUG = 0, INFO = 1, WARN = 2, ERROR = 3 };

/// @brief What the group rules look at in a query.
struct ClientView {
    std::vector<uint8_t> hwaddr;
    std::string hostname;               ///< Option 12, else the FQDN option's name.
    bool has_circuit_id = false;
    std::vector<uint8_t> circuit_id;    ///< Option 82 sub-option 1.
    std::function<bool(const std::string&)> in_class;  ///< Kea client-class membership.
};

/// @brief Which ClientView fields the configured rules look at (the others need not be filled).
struct ViewNeeds {
    bool hwaddr = true;
    bool hostname = true;
    bool circuit_id = true;
};

/// @brief One group and its matching rules; every rule that is set must match.
struct GroupRule {
    std::string name;
    std::string client_class;           ///< Empty: not checked.
    std::vector<uint8_t> mac_prefix;    ///< Empty: not checked.
    std::string hostname_pattern;       ///< Empty: not checked; else a whole-name ECMAScript regex.
    std::regex hostname_regex;
    bool has_circuit_id = false;
    std::vector<uint8_t> circuit_id;

    /// @brief True if the client satisfies every rule of the group.
    bool matches(const ClientView& client) const;
};

/// @brief The checked hook parameters.
struct Config {
    std::string socket_path;
    size_t queue_size = 65536;
    LogLevel log_level = LogLevel::INFO;
    std::string shadow_class = "IPSHADOW";
    std::string ordinary_class = "IPORDINARY";
    uint32_t offer_hold_seconds = 60;
    std::vector<GroupRule> groups;
};

/// @brief A bad hook parameter; kind selects the catalogued message.
class ParameterError : public std::runtime_error {
public:
    enum class Kind { MISSING, UNKNOWN, BAD };

    ParameterError(Kind kind, const std::string& parameter, const std::string& reason)
        : std::runtime_error(parameter + ": " + reason), kind_(kind), parameter_(parameter),
          reason_(reason) {
    }

    Kind kind() const { return (kind_); }
    const std::string& parameter() const { return (parameter_); }
    const std::string& reason() const { return (reason_); }

private:
    Kind kind_;
    std::string parameter_;
    std::string reason_;
};

/// @brief The ClientView fields that @p rules look at.
ViewNeeds viewNeeds(const std::vector<GroupRule>& rules);

/// @brief Check and convert the library's parameters map; throws ParameterError.
Config parseConfig(const isc::data::ConstElementPtr& parameters);

/// @brief Parse "0c:aa:bb", "0c-aa-bb", "0caabb" or "0c.aabb" into bytes; throws std::invalid_argument.
std::vector<uint8_t> parseHexBytes(const std::string& text);

/// @brief Parse a circuit-id: "0x" followed by hex bytes, or else the literal string's bytes.
std::vector<uint8_t> parseCircuitId(const std::string& text);

/// @brief Parse a dotted-quad IPv4 address into host byte order; throws std::invalid_argument.
uint32_t parseIpv4(const std::string& text);

/// @brief Name of a log level as used by the "log-level" parameter.
const char* logLevelName(LogLevel level);

} // namespace ipshadow

#endif // IPSHADOW_CONFIG_H
