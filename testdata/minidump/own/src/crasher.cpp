// C++ crasher: classes, templates, virtual calls, lambdas, std::thread,
// an uncaught exception. argv[1] picks the crash.
#include <chrono>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

volatile int sink;

namespace shapes {
struct Shape {
    virtual ~Shape() = default;
    virtual int area(int *out) const = 0;
};

template <typename T>
struct Box : Shape {
    T side;
    explicit Box(T s) : side(s) {}
    __attribute__((noinline)) int area(int *out) const override {
        *out = static_cast<int>(side * side); // SIGSEGV when out is null
        return *out;
    }
};
} // namespace shapes

__attribute__((noinline)) int measure(const shapes::Shape &s, int *out) {
    int a = s.area(out);
    sink = a;
    return a + 1;
}

__attribute__((noinline)) void run(const std::string &mode) {
    shapes::Box<long> box(7);
    if (mode == "method") {
        measure(box, nullptr);
    } else if (mode == "thread") {
        std::thread t([&box] {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            measure(box, nullptr);
        });
        t.join();
    } else if (mode == "throw") {
        throw std::runtime_error("unhandled in run()");
    }
}

int main(int argc, char **argv) {
    std::vector<std::thread> idle;
    for (int i = 0; i < 2; i++)
        idle.emplace_back([] {
            for (;;) std::this_thread::sleep_for(std::chrono::seconds(100));
        });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    run(argc > 1 ? argv[1] : "method");
    for (auto &t : idle) t.detach();
    return 0;
}
