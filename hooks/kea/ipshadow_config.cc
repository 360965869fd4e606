// ipshadow Kea hook: parsing and checking of the hook parameters.
#include <ipshadow_config.h>

#include <arpa/inet.h>
#include <sys/un.h>

#include <algorithm>
#include <cctype>
#include <set>

using isc::data::ConstElementPtr;
using isc::data::Element;

namespace ipshadow {

namespace {

const size_t MAX_QUEUE_SIZE = 1000000;
const size_t MAX_HWADDR_LEN = 20;       // Kea's HWAddr::MAX_HWADDR_LEN
const uint32_t MAX_OFFER_HOLD = 86400;

const char*
typeName(int type) {
    switch (type) {
    case Element::integer: return ("integer");
    case Element::real: return ("real");
    case Element::boolean: return ("boolean");
    case Element::null: return ("null");
    case Element::string: return ("string");
    case Element::list: return ("list");
    case Element::map: return ("map");
    default: return ("unknown");
    }
}

void
requireType(const ConstElementPtr& value, Element::types type, const std::string& path) {
    if (value->getType() != type) {
        throw ParameterError(ParameterError::Kind::BAD, path,
                             std::string("expected type ") + typeName(type) + ", got " +
                             typeName(value->getType()));
    }
}

std::string
nonEmptyString(const ConstElementPtr& value, const std::string& path) {
    requireType(value, Element::string, path);
    const std::string& text = value->stringValue();
    if (text.empty()) {
        throw ParameterError(ParameterError::Kind::BAD, path, "must not be empty");
    }
    return (text);
}

int64_t
intInRange(const ConstElementPtr& value, const std::string& path, int64_t min, int64_t max) {
    requireType(value, Element::integer, path);
    const int64_t number = value->intValue();
    if (number < min || number > max) {
        throw ParameterError(ParameterError::Kind::BAD, path,
                             "must be between " + std::to_string(min) + " and " +
                             std::to_string(max) + ", got " + std::to_string(number));
    }
    return (number);
}

std::string
checkSocketPath(const ConstElementPtr& value) {
    const std::string path = nonEmptyString(value, "socket-path");
    if (path[0] != '/') {
        throw ParameterError(ParameterError::Kind::BAD, "socket-path", "must be an absolute path");
    }
    if (path.size() >= sizeof(sockaddr_un::sun_path)) {
        throw ParameterError(ParameterError::Kind::BAD, "socket-path",
                             "longer than " + std::to_string(sizeof(sockaddr_un::sun_path) - 1) +
                             " bytes");
    }
    return (path);
}

LogLevel
checkLogLevel(const ConstElementPtr& value) {
    const std::string text = nonEmptyString(value, "log-level");
    for (LogLevel level : {LogLevel::DEBUG, LogLevel::INFO, LogLevel::WARN, LogLevel::ERROR}) {
        if (text == logLevelName(level)) {
            return (level);
        }
    }
    throw ParameterError(ParameterError::Kind::BAD, "log-level",
                         "must be one of debug, info, warn, error; got '" + text + "'");
}

std::string
checkClassName(const ConstElementPtr& value, const std::string& path) {
    const std::string name = nonEmptyString(value, path);
    for (char c : name) {
        if (std::isspace(static_cast<unsigned char>(c)) || std::iscntrl(static_cast<unsigned char>(c))) {
            throw ParameterError(ParameterError::Kind::BAD, path,
                                 "must not contain white space or control characters");
        }
    }
    return (name);
}

GroupRule
parseGroup(const ConstElementPtr& value, const std::string& path) {
    requireType(value, Element::map, path);
    GroupRule rule;
    bool has_rule = false;
    for (auto const& entry : value->mapValue()) {
        const std::string key_path = path + "." + entry.first;
        if (entry.first == "name") {
            rule.name = checkClassName(entry.second, key_path);
        } else if (entry.first == "client-class") {
            rule.client_class = checkClassName(entry.second, key_path);
            has_rule = true;
        } else if (entry.first == "mac-prefix") {
            const std::string text = nonEmptyString(entry.second, key_path);
            try {
                rule.mac_prefix = parseHexBytes(text);
            } catch (const std::invalid_argument& ex) {
                throw ParameterError(ParameterError::Kind::BAD, key_path, ex.what());
            }
            if (rule.mac_prefix.size() > MAX_HWADDR_LEN) {
                throw ParameterError(ParameterError::Kind::BAD, key_path,
                                     "longer than a hardware address (20 bytes)");
            }
            has_rule = true;
        } else if (entry.first == "hostname-pattern") {
            rule.hostname_pattern = nonEmptyString(entry.second, key_path);
            try {
                rule.hostname_regex = std::regex(rule.hostname_pattern,
                                                 std::regex::ECMAScript | std::regex::icase |
                                                 std::regex::optimize);
            } catch (const std::regex_error& ex) {
                throw ParameterError(ParameterError::Kind::BAD, key_path,
                                     std::string("not a valid regular expression: ") + ex.what());
            }
            has_rule = true;
        } else if (entry.first == "circuit-id") {
            const std::string text = nonEmptyString(entry.second, key_path);
            try {
                rule.circuit_id = parseCircuitId(text);
            } catch (const std::invalid_argument& ex) {
                throw ParameterError(ParameterError::Kind::BAD, key_path, ex.what());
            }
            rule.has_circuit_id = true;
            has_rule = true;
        } else {
            throw ParameterError(ParameterError::Kind::UNKNOWN, key_path, "unknown group key");
        }
    }
    if (rule.name.empty()) {
        throw ParameterError(ParameterError::Kind::BAD, path + ".name", "every group needs a name");
    }
    if (!has_rule) {
        throw ParameterError(ParameterError::Kind::BAD, path,
                             "needs at least one of client-class, mac-prefix, hostname-pattern, "
                             "circuit-id");
    }
    return (rule);
}

std::vector<GroupRule>
parseGroups(const ConstElementPtr& value) {
    requireType(value, Element::list, "groups");
    std::vector<GroupRule> groups;
    std::set<std::string> names;
    for (size_t i = 0; i < value->size(); ++i) {
        const std::string path = "groups[" + std::to_string(i) + "]";
        GroupRule rule = parseGroup(value->get(i), path);
        if (!names.insert(rule.name).second) {
            throw ParameterError(ParameterError::Kind::BAD, path + ".name",
                                 "duplicate group name '" + rule.name + "'");
        }
        groups.push_back(std::move(rule));
    }
    return (groups);
}

int
hexDigit(char c) {
    if (c >= '0' && c <= '9') return (c - '0');
    if (c >= 'a' && c <= 'f') return (c - 'a' + 10);
    if (c >= 'A' && c <= 'F') return (c - 'A' + 10);
    return (-1);
}

} // namespace

bool
GroupRule::matches(const ClientView& client) const {
    if (!mac_prefix.empty()) {
        if (client.hwaddr.size() < mac_prefix.size() ||
            !std::equal(mac_prefix.begin(), mac_prefix.end(), client.hwaddr.begin())) {
            return (false);
        }
    }
    if (has_circuit_id && (!client.has_circuit_id || client.circuit_id != circuit_id)) {
        return (false);
    }
    if (!client_class.empty() && (!client.in_class || !client.in_class(client_class))) {
        return (false);
    }
    if (!hostname_pattern.empty() &&
        (client.hostname.empty() || !std::regex_match(client.hostname, hostname_regex))) {
        return (false);
    }
    return (true);
}

ViewNeeds
viewNeeds(const std::vector<GroupRule>& rules) {
    ViewNeeds needs;
    needs.hwaddr = needs.hostname = needs.circuit_id = false;
    for (auto const& rule : rules) {
        needs.hwaddr = needs.hwaddr || !rule.mac_prefix.empty();
        needs.hostname = needs.hostname || !rule.hostname_pattern.empty();
        needs.circuit_id = needs.circuit_id || rule.has_circuit_id;
    }
    return (needs);
}

std::vector<uint8_t>
parseHexBytes(const std::string& text) {
    std::vector<uint8_t> bytes;
    int high = -1;
    for (char c : text) {
        if (c == ':' || c == '-' || c == '.') {
            if (high >= 0) {
                throw std::invalid_argument("'" + text + "' has an odd number of hex digits in a byte");
            }
            continue;
        }
        const int digit = hexDigit(c);
        if (digit < 0) {
            throw std::invalid_argument("'" + text + "' is not hex bytes (e.g. 0c:aa:bb)");
        }
        if (high < 0) {
            high = digit;
        } else {
            bytes.push_back(static_cast<uint8_t>(high << 4 | digit));
            high = -1;
        }
    }
    if (high >= 0) {
        throw std::invalid_argument("'" + text + "' has an odd number of hex digits");
    }
    if (bytes.empty()) {
        throw std::invalid_argument("'" + text + "' holds no bytes");
    }
    return (bytes);
}

std::vector<uint8_t>
parseCircuitId(const std::string& text) {
    std::vector<uint8_t> bytes;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        bytes = parseHexBytes(text.substr(2));
    } else {
        bytes.assign(text.begin(), text.end());
    }
    if (bytes.size() > 255) {
        throw std::invalid_argument("longer than an option 82 sub-option (255 bytes)");
    }
    return (bytes);
}

uint32_t
parseIpv4(const std::string& text) {
    in_addr addr;
    if (text.empty() || inet_pton(AF_INET, text.c_str(), &addr) != 1) {
        throw std::invalid_argument("'" + text + "' is not an IPv4 address");
    }
    return (ntohl(addr.s_addr));
}

const char*
logLevelName(LogLevel level) {
    switch (level) {
    case LogLevel::DEBUG: return ("debug");
    case LogLevel::INFO: return ("info");
    case LogLevel::WARN: return ("warn");
    case LogLevel::ERROR: return ("error");
    }
    return ("info");
}

Config
parseConfig(const ConstElementPtr& parameters) {
    Config config;
    if (!parameters || parameters->getType() != Element::map) {
        throw ParameterError(ParameterError::Kind::MISSING, "socket-path", "no parameters given");
    }
    bool has_socket = false;
    for (auto const& entry : parameters->mapValue()) {
        const std::string& key = entry.first;
        const ConstElementPtr& value = entry.second;
        if (key == "socket-path") {
            config.socket_path = checkSocketPath(value);
            has_socket = true;
        } else if (key == "queue-size") {
            config.queue_size = static_cast<size_t>(intInRange(value, key, 1, MAX_QUEUE_SIZE));
        } else if (key == "log-level") {
            config.log_level = checkLogLevel(value);
        } else if (key == "shadow-class") {
            config.shadow_class = checkClassName(value, key);
        } else if (key == "ordinary-class") {
            config.ordinary_class = checkClassName(value, key);
        } else if (key == "offer-hold-seconds") {
            config.offer_hold_seconds = static_cast<uint32_t>(intInRange(value, key, 1, MAX_OFFER_HOLD));
        } else if (key == "groups") {
            config.groups = parseGroups(value);
        } else {
            throw ParameterError(ParameterError::Kind::UNKNOWN, key, "unknown parameter");
        }
    }
    if (!has_socket) {
        throw ParameterError(ParameterError::Kind::MISSING, "socket-path", "required");
    }
    if (config.shadow_class == config.ordinary_class) {
        throw ParameterError(ParameterError::Kind::BAD, "ordinary-class",
                             "must differ from shadow-class ('" + config.shadow_class + "')");
    }
    return (config);
}

} // namespace ipshadow
