// ipshadow Kea hook: the hooks API version this library was compiled against.
#include <hooks/hooks.h>

extern "C" {

/// @brief Kea checks this against its own KEA_HOOKS_VERSION before loading the library.
int
version() {
    return (KEA_HOOKS_VERSION);
}

}
