// ipshadow Kea hook: runs every registered unit test; prints one line per test and a summary.
#include "unittest.h"

#include <cstring>
#include <exception>

namespace ipshadow {
namespace test {

std::vector<TestCase>&
registry() {
    static std::vector<TestCase> cases;
    return (cases);
}

int&
failures() {
    static int count = 0;
    return (count);
}

} // namespace test
} // namespace ipshadow

int
main(int argc, char* argv[]) {
    using namespace ipshadow::test;
    const char* filter = argc > 1 ? argv[1] : nullptr;
    int passed = 0;
    int failed = 0;
    for (auto const& test : registry()) {
        if (filter && !strstr(test.name, filter)) {
            continue;
        }
        failures() = 0;
        try {
            test.body();
        } catch (const std::exception& ex) {
            fail(test.name, 0, std::string("uncaught exception: ") + ex.what());
        } catch (...) {
            fail(test.name, 0, "uncaught exception");
        }
        if (failures() == 0) {
            ++passed;
            std::cout << "PASS " << test.name << std::endl;
        } else {
            ++failed;
            std::cout << "FAIL " << test.name << std::endl;
        }
    }
    std::cout << "unit tests: " << passed << " passed, " << failed << " failed" << std::endl;
    return (failed == 0 ? 0 : 1);
}
