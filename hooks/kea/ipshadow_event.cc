// ipshadow Kea hook: JSON line encoding of events (runs in the writer thread).
#include <ipshadow_event.h>

#include <charconv>
#include <cstring>
#include <chrono>

namespace ipshadow {

const char*
eventTypeName(EventType type) {
    switch (type) {
    case EventType::LEASE4_COMMITTED: return ("lease4_committed");
    case EventType::LEASE4_RENEW: return ("lease4_renew");
    case EventType::LEASE4_RELEASE: return ("lease4_release");
    case EventType::LEASE4_EXPIRE: return ("lease4_expire");
    case EventType::LEASE4_DECLINE: return ("lease4_decline");
    case EventType::GROUP_CLAIM: return ("group_claim");
    }
    return ("unknown");
}

namespace {

const char HEX_DIGITS[] = "0123456789abcdef";

// The encoder writes through a raw pointer into space reserved beforehand: every
// helper below writes at most the number of bytes its caller reserved.

/// Bytes as "aa:bb:cc" (3 per byte at most).
char*
putHex(char* p, const uint8_t* bytes, size_t size) {
    for (size_t i = 0; i < size; ++i) {
        if (i > 0) {
            *p++ = ':';
        }
        *p++ = HEX_DIGITS[bytes[i] >> 4];
        *p++ = HEX_DIGITS[bytes[i] & 0x0f];
    }
    return (p);
}

/// Up to 20 digits.
char*
putUint(char* p, uint64_t value) {
    return (std::to_chars(p, p + 20, value).ptr);
}

/// Up to 15 bytes.
char*
putIpv4(char* p, uint32_t address) {
    for (int shift = 24; shift >= 0; shift -= 8) {
        p = putUint(p, (address >> shift) & 0xff);
        if (shift > 0) {
            *p++ = '.';
        }
    }
    return (p);
}

template <size_t N>
char*
putLiteral(char* p, const char (&text)[N]) {
    memcpy(p, text, N - 1);
    return (p + N - 1);
}

/// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is invalid.
size_t
utf8SequenceLength(const std::string& s, size_t i) {
    const unsigned char c = s[i];
    size_t len = 0;
    uint32_t min = 0;
    uint32_t cp = 0;
    if (c < 0x80) {
        return (1);
    } else if ((c & 0xe0) == 0xc0) {
        len = 2; min = 0x80; cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
        len = 3; min = 0x800; cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
        len = 4; min = 0x10000; cp = c & 0x07;
    } else {
        return (0);
    }
    if (i + len > s.size()) {
        return (0);
    }
    for (size_t k = 1; k < len; ++k) {
        const unsigned char cc = s[i + k];
        if ((cc & 0xc0) != 0x80) {
            return (0);
        }
        cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
        return (0);
    }
    return (len);
}

/// Bytes a JSON string literal of @p text may take: 6 per input byte ("\u00XX",
/// "\ufffd") plus the quotes.
size_t
jsonStringBound(const std::string& text) {
    return (text.size() * 6 + 2);
}

/// @p text as a JSON string literal (at most jsonStringBound(text) bytes).
char*
putJsonString(char* p, const std::string& text) {
    *p++ = '"';
    for (size_t i = 0; i < text.size();) {
        const unsigned char c = text[i];
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
            *p++ = static_cast<char>(c);
        } else if (c == '"' || c == '\\') {
            *p++ = '\\';
            *p++ = static_cast<char>(c);
        } else if (c == '\n') {
            p = putLiteral(p, "\\n");
        } else if (c == '\r') {
            p = putLiteral(p, "\\r");
        } else if (c == '\t') {
            p = putLiteral(p, "\\t");
        } else if (c < 0x80) {     // other control characters and DEL
            p = putLiteral(p, "\\u00");
            *p++ = HEX_DIGITS[c >> 4];
            *p++ = HEX_DIGITS[c & 0x0f];
        } else {
            const size_t len = utf8SequenceLength(text, i);
            if (len == 0) {
                p = putLiteral(p, "\\ufffd");
                ++i;
                continue;
            }
            memcpy(p, text.data() + i, len);
            p += len;
            i += len;
            continue;
        }
        ++i;
    }
    *p++ = '"';
    return (p);
}

} // namespace

void
appendHexColon(std::string& out, const uint8_t* bytes, size_t size) {
    const size_t start = out.size();
    out.resize(start + size * 3);
    out.resize(static_cast<size_t>(putHex(&out[start], bytes, size) - out.data()));
}

std::string
hexColon(const std::vector<uint8_t>& bytes) {
    std::string out;
    appendHexColon(out, bytes.data(), bytes.size());
    return (out);
}

std::string
ipv4Text(uint32_t address) {
    char buf[16];
    return (std::string(buf, putIpv4(buf, address)));
}

void
appendJsonString(std::string& out, const std::string& text) {
    const size_t start = out.size();
    out.resize(start + jsonStringBound(text));
    out.resize(static_cast<size_t>(putJsonString(&out[start], text) - out.data()));
}

void
appendJsonLine(std::string& out, const Event& event) {
    // Bound the line, make room once, then write it through a pointer.
    size_t bound = 256 + event.hwaddr.size() * 3 + event.client_id.size() * 3 +
                   jsonStringBound(event.hostname) + jsonStringBound(event.group);
    for (auto const& name : event.classes) {
        bound += jsonStringBound(name) + 1;
    }
    const size_t start = out.size();
    out.resize(start + bound);
    char* p = &out[start];
    p = putLiteral(p, "{\"v\":1,\"type\":\"");
    const char* type = eventTypeName(event.type);
    const size_t type_len = strlen(type);
    memcpy(p, type, type_len);
    p += type_len;
    p = putLiteral(p, "\",\"ts\":");
    p = putUint(p, event.ts_ms < 0 ? 0 : static_cast<uint64_t>(event.ts_ms));
    p = putLiteral(p, ",\"address\":\"");
    p = putIpv4(p, event.address);
    p = putLiteral(p, "\",\"hwaddr\":\"");
    p = putHex(p, event.hwaddr.data(), event.hwaddr.size());
    p = putLiteral(p, "\",\"client_id\":");
    if (event.has_client_id) {
        *p++ = '"';
        p = putHex(p, event.client_id.data(), event.client_id.size());
        *p++ = '"';
    } else {
        p = putLiteral(p, "null");
    }
    p = putLiteral(p, ",\"hostname\":");
    p = event.hostname.empty() ? putLiteral(p, "null") : putJsonString(p, event.hostname);
    p = putLiteral(p, ",\"subnet_id\":");
    p = putUint(p, event.subnet_id);
    p = putLiteral(p, ",\"valid_lft\":");
    p = putUint(p, event.valid_lft);
    p = putLiteral(p, ",\"group\":");
    p = event.group.empty() ? putLiteral(p, "null") : putJsonString(p, event.group);
    p = putLiteral(p, ",\"classes\":[");
    for (size_t i = 0; i < event.classes.size(); ++i) {
        if (i > 0) {
            *p++ = ',';
        }
        p = putJsonString(p, event.classes[i]);
    }
    p = putLiteral(p, "]}\n");
    out.resize(static_cast<size_t>(p - out.data()));
}

std::string
toJsonLine(const Event& event) {
    std::string out;
    appendJsonLine(out, event);
    return (out);
}

int64_t
nowMs() {
    using namespace std::chrono;
    return (duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
}

} // namespace ipshadow
