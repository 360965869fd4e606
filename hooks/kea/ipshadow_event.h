// ipshadow Kea hook: one lease or claim event and its JSON line encoding.
#ifndef IPSHADOW_EVENT_H
#define IPSHADOW_EVENT_H

#include <cstdint>
#include <string>
#include <vector>

namespace ipshadow {

/// @brief Kind of event sent to the sidecar (the JSON "type" field).
enum class EventType {
    LEASE4_COMMITTED,
    LEASE4_RENEW,
    LEASE4_RELEASE,
    LEASE4_EXPIRE,
    LEASE4_DECLINE,
    GROUP_CLAIM
};

/// @brief The JSON name of an event type.
const char* eventTypeName(EventType type);

/// @brief A copy of what a callout saw, made in the callout and encoded by the writer thread.
struct Event {
    EventType type = EventType::LEASE4_COMMITTED;
    int64_t ts_ms = 0;                  ///< Unix time in milliseconds.
    uint32_t address = 0;               ///< IPv4 address in host byte order.
    std::vector<uint8_t> hwaddr;        ///< Hardware address; "" when empty.
    bool has_client_id = false;         ///< False encodes client_id as null.
    std::vector<uint8_t> client_id;
    std::string hostname;               ///< Empty encodes as null.
    uint32_t subnet_id = 0;
    uint32_t valid_lft = 0;
    std::string group;                  ///< Empty encodes as null.
    std::vector<std::string> classes;
};

/// @brief Encode bytes as lower-case hex pairs joined by ':' ("aa:bb:cc").
std::string hexColon(const std::vector<uint8_t>& bytes);

/// @brief Append @p size bytes as hexColon() does; @p out keeps its capacity.
void appendHexColon(std::string& out, const uint8_t* bytes, size_t size);

/// @brief Dotted-quad text of an IPv4 address held in host byte order.
std::string ipv4Text(uint32_t address);

/// @brief Append @p text to @p out as a JSON string literal (quotes included).
///
/// Control characters, '"' and '\\' are escaped; bytes that are not valid UTF-8
/// are replaced with U+FFFD so the line is always valid JSON.
void appendJsonString(std::string& out, const std::string& text);

/// @brief Append the event as one JSON object followed by '\n'.
void appendJsonLine(std::string& out, const Event& event);

/// @brief The event as one JSON line, '\n' included.
std::string toJsonLine(const Event& event);

/// @brief Current Unix time in milliseconds.
int64_t nowMs();

} // namespace ipshadow

#endif // IPSHADOW_EVENT_H
