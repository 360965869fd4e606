// ipshadow Kea hook: a tiny test harness (TEST, EXPECT_*), enough for the unit tests.
#ifndef IPSHADOW_UNITTEST_H
#define IPSHADOW_UNITTEST_H

#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace ipshadow {
namespace test {

/// @brief A registered test case.
struct TestCase {
    const char* name;
    std::function<void()> body;
};

/// @brief Every test case, in registration order.
std::vector<TestCase>& registry();

/// @brief Number of failed expectations in the running test.
int& failures();

/// @brief Registers a test case at static-initialisation time.
struct Registrar {
    Registrar(const char* name, std::function<void()> body) {
        registry().push_back(TestCase{name, std::move(body)});
    }
};

/// @brief Record a failed expectation.
inline void fail(const char* file, int line, const std::string& what) {
    ++failures();
    std::cerr << "  " << file << ":" << line << ": " << what << std::endl;
}

template <typename A, typename B>
void expectEq(const A& actual, const B& expected, const char* a_text, const char* e_text,
              const char* file, int line) {
    if (!(actual == expected)) {
        std::ostringstream out;
        out << "EXPECT_EQ(" << a_text << ", " << e_text << "): got '" << actual
            << "', expected '" << expected << "'";
        fail(file, line, out.str());
    }
}

} // namespace test
} // namespace ipshadow

#define IPS_CONCAT2(a, b) a##b
#define IPS_CONCAT(a, b) IPS_CONCAT2(a, b)

#define TEST(name)                                                                    \
    static void name();                                                               \
    static ::ipshadow::test::Registrar IPS_CONCAT(registrar_, name)(#name, name);     \
    static void name()

#define EXPECT_TRUE(cond)                                                             \
    do { if (!(cond)) ::ipshadow::test::fail(__FILE__, __LINE__, "EXPECT_TRUE(" #cond ")"); } while (0)

#define EXPECT_FALSE(cond)                                                            \
    do { if (cond) ::ipshadow::test::fail(__FILE__, __LINE__, "EXPECT_FALSE(" #cond ")"); } while (0)

#define EXPECT_EQ(actual, expected)                                                   \
    ::ipshadow::test::expectEq((actual), (expected), #actual, #expected, __FILE__, __LINE__)

#define ASSERT_TRUE(cond)                                                             \
    do { if (!(cond)) { ::ipshadow::test::fail(__FILE__, __LINE__, "ASSERT_TRUE(" #cond ")"); return; } } while (0)

#define EXPECT_THROW(stmt, type)                                                      \
    do {                                                                              \
        bool caught_ = false;                                                         \
        try { stmt; } catch (const type&) { caught_ = true; } catch (...) {}          \
        if (!caught_) ::ipshadow::test::fail(__FILE__, __LINE__, "EXPECT_THROW(" #stmt ", " #type ")"); \
    } while (0)

#define EXPECT_NO_THROW(stmt)                                                         \
    do {                                                                              \
        try { stmt; } catch (const std::exception& ex_) {                             \
            ::ipshadow::test::fail(__FILE__, __LINE__, std::string("EXPECT_NO_THROW(" #stmt "): ") + ex_.what()); \
        } catch (...) { ::ipshadow::test::fail(__FILE__, __LINE__, "EXPECT_NO_THROW(" #stmt ")"); } \
    } while (0)

#endif // IPSHADOW_UNITTEST_H
