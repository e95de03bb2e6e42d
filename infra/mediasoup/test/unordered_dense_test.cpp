// Unit test of the project's ankerl/unordered_dense.h (over abseil): the
// behaviour mediasoup 3.27.1 relies on, compared with upstream's semantics.
// Output: "ok N - ..." / "not ok N - ..." per case, then
// "unordered-dense: P/T cases passed". Exit status 0 only if all passed.
#include <ankerl/unordered_dense.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <random>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ud = ankerl::unordered_dense;

namespace {

int checkFailures = 0;
int casesRun = 0;
int casesPassed = 0;

#define CHECK(cond)                                                                       \
    do {                                                                                  \
        if (!(cond)) {                                                                    \
            if (checkFailures++ < 5) {                                                    \
                std::fprintf(stderr, "  %s:%d: CHECK(%s)\n", __FILE__, __LINE__, #cond);  \
            }                                                                             \
        }                                                                                 \
    } while (0)

template <class Map>
auto keys(const Map& m) {
    std::vector<typename Map::key_type> out;
    for (const auto& v : m) {
        if constexpr (std::is_same_v<typename Map::value_type, typename Map::key_type>) {
            out.push_back(v);
        } else {
            out.push_back(v.first);
        }
    }
    return out;
}

using IntVec = std::vector<int>;

void insertionOrder() {
    ud::map<int, std::string> m;
    for (int k : {42, 7, 19, 3, 100, -5}) {
        m.emplace(k, std::to_string(k));
    }
    CHECK((keys(m) == IntVec{42, 7, 19, 3, 100, -5}));
    auto [it, inserted] = m.emplace(7, "again");
    CHECK(!inserted);
    CHECK(it->second == "7");
    CHECK(m.size() == 6);
    CHECK((keys(m) == IntVec{42, 7, 19, 3, 100, -5}));
}

void eraseKeyMovesLastIntoHole() {
    ud::map<int, int> m{{1, 10}, {2, 20}, {3, 30}, {4, 40}, {5, 50}};
    CHECK(m.erase(2) == 1);
    CHECK((keys(m) == IntVec{1, 5, 3, 4}));
    CHECK(m.erase(2) == 0);
    CHECK(m.erase(4) == 1); // the last one: nothing moves
    CHECK((keys(m) == IntVec{1, 5, 3}));
    CHECK(m.at(5) == 50 && m.find(5) == m.begin() + 1);
    CHECK(!m.contains(2) && m.find(2) == m.end() && m.count(2) == 0);
}

void eraseIteratorLoop() {
    ud::map<int, int> m;
    for (int i = 0; i < 1000; ++i) {
        m[i] = i * 2;
    }
    int visits = 0;
    for (auto it = m.begin(); it != m.end();) {
        ++visits;
        it = (it->first % 2 == 0) ? m.erase(it) : std::next(it);
    }
    CHECK(visits == 1000);
    CHECK(m.size() == 500);
    for (int i = 0; i < 1000; ++i) {
        CHECK(m.contains(i) == (i % 2 == 1));
    }
    for (const auto& [k, v] : m) {
        CHECK(v == k * 2);
    }
    const auto lastKey = std::prev(m.end())->first;
    const auto afterLast = m.erase(std::prev(m.end()));
    CHECK(afterLast == m.end() && !m.contains(lastKey));
    ud::set<int> s{1, 2, 3};
    auto sit = s.erase(s.begin());
    CHECK(*sit == 3);
    CHECK((keys(s) == IntVec{3, 2}));
    const auto below500 = static_cast<std::size_t>(
        std::count_if(m.begin(), m.end(), [](const auto& kv) { return kv.first < 500; }));
    const auto sizeBefore = m.size();
    CHECK(ud::erase_if(m, [](const auto& kv) { return kv.first < 500; }) == below500);
    CHECK(m.size() == sizeBefore - below500 && below500 >= 249);
    for (const auto& kv : m) {
        CHECK(kv.first >= 500);
    }
}

void setBasics() {
    ud::set<uint16_t> s;
    for (uint16_t v : {9, 4, 9, 1, 4}) {
        s.insert(v);
    }
    CHECK(s.size() == 3);
    CHECK((keys(s) == std::vector<uint16_t>{9, 4, 1}));
    static_assert(std::is_const_v<std::remove_reference_t<decltype(*s.begin())>>);
    CHECK(s.contains(4) && !s.contains(5));
    CHECK(s.erase(9) == 1 && (keys(s) == std::vector<uint16_t>{1, 4}));
    int a = 0, b = 0;
    ud::set<int*> ptrs{&a, &b};
    CHECK(ptrs.contains(&a) && ptrs.erase(&a) == 1 && !ptrs.contains(&a));
}

void mapMembers() {
    ud::map<std::string, int> m;
    m["one"] = 1;
    m.insert({"two", 2});
    m.insert(std::make_pair(std::string("three"), 3));
    m.insert({{"four", 4}, {"five", 5}});
    CHECK(m.try_emplace("two", 22).second == false && m.at("two") == 2);
    CHECK(m.try_emplace("six", 6).second == true);
    CHECK(m.insert_or_assign("one", 11).second == false && m["one"] == 11);
    CHECK(m.size() == 6 && !m.empty());
    bool threw = false;
    try {
        (void)m.at("missing");
    } catch (const std::out_of_range&) {
        threw = true;
    }
    CHECK(threw);
    const auto& cm = m;
    CHECK(cm.find("four") != cm.cend() && cm.find("four")->second == 4);
    CHECK(m.cbegin()->first == "one");
    m.clear();
    CHECK(m.empty() && m.find("one") == m.end());
    m["again"] = 1;
    CHECK(m.size() == 1);
}

void copyAndMove() {
    ud::map<int, std::string> a{{1, "a"}, {2, "b"}};
    ud::map<int, std::string> b = a;
    b[3] = "c";
    b.erase(1);
    CHECK(a.size() == 2 && a.contains(1) && !a.contains(3));
    CHECK(b.size() == 2 && b.at(2) == "b" && b.at(3) == "c");
    ud::map<int, std::string> c = std::move(b);
    CHECK(c.size() == 2 && c.at(3) == "c");
    CHECK(b.empty() && !b.contains(3)); // NOLINT(bugprone-use-after-move): defined empty
    b[9] = "reused";
    CHECK(b.size() == 1 && b.at(9) == "reused");
    a = c;
    CHECK(a == c);
    a = std::move(c);
    CHECK(a.size() == 2 && a.at(2) == "b" && c.empty());
    a = {{5, "x"}};
    CHECK(a.size() == 1 && a.at(5) == "x");
}

enum class Color : uint8_t { RED, GREEN, BLUE };

const ud::map<Color, std::string>& colorNames() {
    static const ud::map<Color, std::string> table = {
        {Color::RED, "red"}, {Color::GREEN, "green"}, {Color::BLUE, "blue"}, {Color::RED, "dup"}};
    return table;
}

void staticTablesAndKeyTypes() {
    CHECK(colorNames().size() == 3);
    CHECK(colorNames().at(Color::RED) == "red"); // first of duplicates wins, as upstream
    CHECK(colorNames().find(Color::BLUE)->second == "blue");
    ud::map<uint64_t, int> wide{{UINT64_MAX, 1}, {0, 2}};
    CHECK(wide.at(UINT64_MAX) == 1);
    ud::map<int8_t, int> narrow{{-128, 1}, {127, 2}};
    CHECK(narrow.at(-128) == 1 && narrow.at(127) == 2);
    int x = 0, y = 0;
    ud::map<int*, ud::set<int*>> graph;
    graph[&x].insert(&y);
    graph[&x].insert(&x);
    graph[&y];
    CHECK(graph.size() == 2 && graph.at(&x).size() == 2 && graph.at(&y).empty());
}

struct PortKey {
    uint16_t minPort;
    uint16_t maxPort;
    bool operator==(const PortKey& other) const noexcept {
        return minPort == other.minPort && maxPort == other.maxPort;
    }
};

struct PortKeyHash {
    // Deliberately weak, like a hand-written combiner can be.
    std::size_t operator()(const PortKey& key) const noexcept {
        return ud::hash<uint16_t>{}(key.minPort) * 31 + ud::hash<uint16_t>{}(key.maxPort);
    }
};

void customHasherAndHash() {
    ud::map<PortKey, int, PortKeyHash> m;
    for (uint16_t i = 0; i < 500; ++i) {
        m[PortKey{i, static_cast<uint16_t>(i + 10)}] = i;
    }
    CHECK(m.size() == 500);
    CHECK(m.at(PortKey{42, 52}) == 42 && !m.contains(PortKey{42, 53}));
    static_assert(std::is_same_v<decltype(ud::hash<uint8_t>{}(uint8_t{1})), uint64_t>);
    static_assert(std::is_same_v<decltype(ud::hash<uintptr_t>{}(uintptr_t{1})), uint64_t>);
    CHECK(ud::hash<uint32_t>{}(12345) == ud::hash<uint32_t>{}(12345));
    ud::set<uint64_t> distinct;
    for (uint32_t i = 0; i < 1000; ++i) {
        distinct.insert(ud::hash<uint32_t>{}(i));
    }
    CHECK(distinct.size() == 1000);
}

// Random operations against a model of upstream's semantics: a vector in
// insertion order where erase moves the last element into the hole.
void randomAgainstModel() {
    std::mt19937 rng(20240722);
    ud::map<uint32_t, uint32_t> m;
    std::vector<std::pair<uint32_t, uint32_t>> model;
    auto modelFind = [&](uint32_t k) {
        for (std::size_t i = 0; i < model.size(); ++i) {
            if (model[i].first == k) {
                return i;
            }
        }
        return model.size();
    };
    auto modelEraseAt = [&](std::size_t i) {
        model[i] = model.back();
        model.pop_back();
    };
    for (int op = 0; op < 20000; ++op) {
        const uint32_t key = rng() % 300;
        switch (rng() % 4) {
            case 0:
            case 1: {
                const bool inserted = m.emplace(key, op).second;
                const bool modelInserted = modelFind(key) == model.size();
                if (modelInserted) {
                    model.emplace_back(key, op);
                }
                CHECK(inserted == modelInserted);
                break;
            }
            case 2: {
                const std::size_t i = modelFind(key);
                const std::size_t erased = m.erase(key);
                CHECK(erased == (i < model.size() ? 1u : 0u));
                if (i < model.size()) {
                    modelEraseAt(i);
                }
                break;
            }
            default: {
                if (model.empty()) {
                    break;
                }
                const std::size_t i = rng() % model.size();
                auto next = m.erase(m.begin() + static_cast<std::ptrdiff_t>(i));
                modelEraseAt(i);
                CHECK(next == m.begin() + static_cast<std::ptrdiff_t>(i));
            }
        }
    }
    CHECK(m.size() == model.size());
    CHECK(std::equal(m.begin(), m.end(), model.begin(), model.end()));
    for (const auto& [k, v] : model) {
        CHECK(m.find(k) != m.end() && m.find(k)->second == v);
    }
}

void report(const char* name) {
    ++casesRun;
    if (checkFailures == 0) {
        ++casesPassed;
        std::printf("ok %d - %s\n", casesRun, name);
    } else {
        std::printf("not ok %d - %s (%d failed checks)\n", casesRun, name, checkFailures);
    }
    checkFailures = 0;
}

} // namespace

int main() {
    const std::pair<const char*, void (*)()> cases[] = {
        {"map keeps insertion order; a duplicate emplace returns the existing element", insertionOrder},
        {"erase(key) moves the last element into the hole", eraseKeyMovesLastIntoHole},
        {"it = m.erase(it) visits every element once; erase_if", eraseIteratorLoop},
        {"set: order, const elements, erase, pointer keys", setBasics},
        {"map members: operator[], at, insert, try_emplace, insert_or_assign, clear", mapMembers},
        {"copy and move construction and assignment", copyAndMove},
        {"static const tables, enum, integer, pointer keys, map of sets", staticTablesAndKeyTypes},
        {"custom hasher; hash<T> returns uint64_t", customHasherAndHash},
        {"20000 random operations match upstream's erase semantics", randomAgainstModel},
    };
    for (const auto& [name, run] : cases) {
        run();
        report(name);
    }
    std::printf("unordered-dense: %d/%d cases passed\n", casesPassed, casesRun);
    return casesPassed == casesRun ? 0 : 1;
}
