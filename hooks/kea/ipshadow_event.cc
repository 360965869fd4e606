// ipshadow Kea hook: JSON line encoding of events (runs in the writer thread).
#include <ipshadow_event.h>

#include <charconv>
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

void
appendHexColon(std::string& out, const uint8_t* bytes, size_t size) {
    static const char digits[] = "0123456789abcdef";
    if (size == 0) {
        return;
    }
    const size_t start = out.size();
    out.resize(start + size * 3 - 1);
    char* p = &out[start];
    for (size_t i = 0; i < size; ++i) {
        if (i > 0) {
            *p++ = ':';
        }
        *p++ = digits[bytes[i] >> 4];
        *p++ = digits[bytes[i] & 0x0f];
    }
}

namespace {

void
appendHexBytes(std::string& out, const std::vector<uint8_t>& bytes) {
    appendHexColon(out, bytes.data(), bytes.size());
}

void
appendUint(std::string& out, uint64_t value) {
    char buf[24];
    const auto result = std::to_chars(buf, buf + sizeof(buf), value);
    out.append(buf, result.ptr);
}

void
appendIpv4(std::string& out, uint32_t address) {
    for (int shift = 24; shift >= 0; shift -= 8) {
        appendUint(out, (address >> shift) & 0xff);
        if (shift > 0) {
            out.push_back('.');
        }
    }
}

} // namespace

std::string
hexColon(const std::vector<uint8_t>& bytes) {
    std::string out;
    out.reserve(bytes.size() * 3);
    appendHexBytes(out, bytes);
    return (out);
}

std::string
ipv4Text(uint32_t address) {
    std::string out;
    appendIpv4(out, address);
    return (out);
}

namespace {

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

} // namespace

void
appendJsonString(std::string& out, const std::string& text) {
    static const char digits[] = "0123456789abcdef";
    out.push_back('"');
    for (size_t i = 0; i < text.size();) {
        const unsigned char c = text[i];
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(static_cast<char>(c));
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c < 0x20 || c == 0x7f) {
            out += "\\u00";
            out.push_back(digits[c >> 4]);
            out.push_back(digits[c & 0x0f]);
        } else if (c >= 0x80) {
            const size_t len = utf8SequenceLength(text, i);
            if (len == 0) {
                out += "\\ufffd";
                ++i;
                continue;
            }
            out.append(text, i, len);
            i += len;
            continue;
        } else {
            out.push_back(static_cast<char>(c));
        }
        ++i;
    }
    out.push_back('"');
}

void
appendJsonLine(std::string& out, const Event& event) {
    out += "{\"v\":1,\"type\":\"";
    out += eventTypeName(event.type);
    out += "\",\"ts\":";
    appendUint(out, event.ts_ms < 0 ? 0 : static_cast<uint64_t>(event.ts_ms));
    out += ",\"address\":\"";
    appendIpv4(out, event.address);
    out += "\",\"hwaddr\":\"";
    appendHexBytes(out, event.hwaddr);
    out += "\",\"client_id\":";
    if (event.has_client_id) {
        out.push_back('"');
        appendHexBytes(out, event.client_id);
        out.push_back('"');
    } else {
        out += "null";
    }
    out += ",\"hostname\":";
    if (event.hostname.empty()) {
        out += "null";
    } else {
        appendJsonString(out, event.hostname);
    }
    out += ",\"subnet_id\":";
    appendUint(out, event.subnet_id);
    out += ",\"valid_lft\":";
    appendUint(out, event.valid_lft);
    out += ",\"group\":";
    if (event.group.empty()) {
        out += "null";
    } else {
        appendJsonString(out, event.group);
    }
    out += ",\"classes\":[";
    for (size_t i = 0; i < event.classes.size(); ++i) {
        if (i > 0) {
            out.push_back(',');
        }
        appendJsonString(out, event.classes[i]);
    }
    out += "]}\n";
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
