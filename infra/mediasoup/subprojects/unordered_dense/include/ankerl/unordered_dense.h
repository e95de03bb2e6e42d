// The part of ankerl::unordered_dense (https://github.com/martinus/unordered_dense,
// MIT) that mediasoup uses, written over Debian's abseil because neither Debian
// nor npm ships the header-only library and meson's wrap would download it.
//
// Same observable behaviour as upstream: elements live in a std::vector in
// insertion order; erase() moves the last element into the hole, and
// erase(iterator) returns an iterator to that slot, so the loop
// `for (it = m.begin(); it != m.end();) it = cond ? m.erase(it) : ++it;`
// visits every element once. A plain alias to absl::flat_hash_map would not
// do: its erase(iterator) returns void and its iteration order is unspecified.
// Lookups go through an absl::flat_hash_map<Key, index> on the side.
#ifndef ANKERL_UNORDERED_DENSE_H
#define ANKERL_UNORDERED_DENSE_H

#define ANKERL_UNORDERED_DENSE_VERSION_MAJOR 4
#define ANKERL_UNORDERED_DENSE_VERSION_MINOR 8
#define ANKERL_UNORDERED_DENSE_VERSION_PATCH 1

#include <absl/container/flat_hash_map.h>
#include <absl/hash/hash.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <iterator>
#include <stdexcept>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace ankerl::unordered_dense {

// 64-bit hash, as upstream's; mediasoup feeds it to its own hash combining.
template <class T, class Enable = void>
struct hash {
    using is_avalanching = void;

    [[nodiscard]] auto operator()(const T& obj) const noexcept -> std::uint64_t {
        return static_cast<std::uint64_t>(absl::Hash<T>{}(obj));
    }
};

namespace detail {

template <class Key, class Hash>
struct index_hash {
    Hash hasher{};

    auto operator()(const Key& key) const -> std::size_t {
        return static_cast<std::size_t>(hasher(key));
    }
};

template <class Key, class T, class Hash, class KeyEqual, bool IsMap>
class table {
public:
    using key_type = Key;
    using value_type = std::conditional_t<IsMap, std::pair<Key, T>, Key>;
    using size_type = std::size_t;
    using difference_type = std::ptrdiff_t;
    using hasher = Hash;
    using key_equal = KeyEqual;
    using value_container_type = std::vector<value_type>;
    using reference = value_type&;
    using const_reference = const value_type&;
    using pointer = value_type*;
    using const_pointer = const value_type*;
    using const_iterator = typename value_container_type::const_iterator;
    // A set's elements are its keys, so they are never mutable through an iterator.
    using iterator = std::conditional_t<IsMap, typename value_container_type::iterator, const_iterator>;

private:
    using index_type = absl::flat_hash_map<Key, size_type, index_hash<Key, Hash>, KeyEqual>;

    value_container_type m_values{};
    index_type m_index{};

    static auto key_of(const value_type& value) -> const Key& {
        if constexpr (IsMap) {
            return value.first;
        } else {
            return value;
        }
    }

    // Appends, then indexes; undoes the append if the key already exists.
    template <class... Args>
    auto append(Args&&... args) -> std::pair<iterator, bool> {
        m_values.emplace_back(std::forward<Args>(args)...);
        try {
            auto [slot, inserted] = m_index.try_emplace(key_of(m_values.back()), m_values.size() - 1);
            if (!inserted) {
                m_values.pop_back();
                return {begin() + static_cast<difference_type>(slot->second), false};
            }
        } catch (...) {
            m_values.pop_back();
            throw;
        }
        return {begin() + static_cast<difference_type>(m_values.size() - 1), true};
    }

    void erase_at(size_type idx) {
        m_index.erase(key_of(m_values[idx]));
        const size_type last = m_values.size() - 1;
        if (idx != last) {
            m_values[idx] = std::move(m_values[last]);
            m_index.find(key_of(m_values[idx]))->second = idx;
        }
        m_values.pop_back();
    }

    auto index_of(const Key& key) const -> size_type {
        auto it = m_index.find(key);
        return it == m_index.end() ? m_values.size() : it->second;
    }

public:
    table() = default;

    explicit table(size_type bucket_count, const Hash& hash = Hash(), const KeyEqual& equal = KeyEqual())
        : m_index(bucket_count, index_hash<Key, Hash>{hash}, equal) {}

    template <class InputIt>
    table(InputIt first, InputIt last, size_type bucket_count = 0, const Hash& hash = Hash(),
          const KeyEqual& equal = KeyEqual())
        : table(bucket_count, hash, equal) {
        insert(first, last);
    }

    table(std::initializer_list<value_type> init, size_type bucket_count = 0, const Hash& hash = Hash(),
          const KeyEqual& equal = KeyEqual())
        : table(init.begin(), init.end(), bucket_count, hash, equal) {}

    table(const table&) = default;
    table(table&& other) noexcept
        : m_values(std::move(other.m_values)), m_index(std::move(other.m_index)) {
        other.clear();
    }
    auto operator=(const table&) -> table& = default;
    auto operator=(table&& other) noexcept -> table& {
        if (this != &other) {
            m_values = std::move(other.m_values);
            m_index = std::move(other.m_index);
            other.clear();
        }
        return *this;
    }
    auto operator=(std::initializer_list<value_type> init) -> table& {
        clear();
        insert(init);
        return *this;
    }
    ~table() = default;

    auto begin() noexcept -> iterator { return m_values.begin(); }
    auto begin() const noexcept -> const_iterator { return m_values.cbegin(); }
    auto cbegin() const noexcept -> const_iterator { return m_values.cbegin(); }
    auto end() noexcept -> iterator { return m_values.end(); }
    auto end() const noexcept -> const_iterator { return m_values.cend(); }
    auto cend() const noexcept -> const_iterator { return m_values.cend(); }

    [[nodiscard]] auto empty() const noexcept -> bool { return m_values.empty(); }
    [[nodiscard]] auto size() const noexcept -> size_type { return m_values.size(); }
    [[nodiscard]] auto max_size() const noexcept -> size_type { return m_values.max_size(); }
    [[nodiscard]] auto values() const noexcept -> const value_container_type& { return m_values; }
    [[nodiscard]] auto hash_function() const -> hasher { return m_index.hash_function().hasher; }
    [[nodiscard]] auto key_eq() const -> key_equal { return m_index.key_eq(); }

    void clear() noexcept {
        m_values.clear();
        m_index.clear();
    }

    void reserve(size_type capacity) {
        m_values.reserve(capacity);
        m_index.reserve(capacity);
    }

    void swap(table& other) noexcept {
        using std::swap;
        swap(m_values, other.m_values);
        swap(m_index, other.m_index);
    }

    template <class... Args>
    auto emplace(Args&&... args) -> std::pair<iterator, bool> {
        return append(std::forward<Args>(args)...);
    }

    template <class... Args>
    auto emplace_hint(const_iterator /*hint*/, Args&&... args) -> iterator {
        return append(std::forward<Args>(args)...).first;
    }

    auto insert(const value_type& value) -> std::pair<iterator, bool> { return append(value); }
    auto insert(value_type&& value) -> std::pair<iterator, bool> { return append(std::move(value)); }
    auto insert(const_iterator /*hint*/, const value_type& value) -> iterator { return append(value).first; }
    auto insert(const_iterator /*hint*/, value_type&& value) -> iterator {
        return append(std::move(value)).first;
    }

    template <class P, bool M = IsMap,
              std::enable_if_t<M && std::is_constructible_v<value_type, P&&> &&
                                   !std::is_same_v<std::decay_t<P>, value_type>,
                               int> = 0>
    auto insert(P&& value) -> std::pair<iterator, bool> {
        return append(std::forward<P>(value));
    }

    template <class InputIt>
    void insert(InputIt first, InputIt last) {
        for (; first != last; ++first) {
            append(*first);
        }
    }

    void insert(std::initializer_list<value_type> init) { insert(init.begin(), init.end()); }

    template <class... Args, bool M = IsMap, std::enable_if_t<M, int> = 0>
    auto try_emplace(const key_type& key, Args&&... args) -> std::pair<iterator, bool> {
        if (auto it = find(key); it != end()) {
            return {it, false};
        }
        return append(std::piecewise_construct, std::forward_as_tuple(key),
                      std::forward_as_tuple(std::forward<Args>(args)...));
    }

    template <class... Args, bool M = IsMap, std::enable_if_t<M, int> = 0>
    auto try_emplace(key_type&& key, Args&&... args) -> std::pair<iterator, bool> {
        if (auto it = find(key); it != end()) {
            return {it, false};
        }
        return append(std::piecewise_construct, std::forward_as_tuple(std::move(key)),
                      std::forward_as_tuple(std::forward<Args>(args)...));
    }

    template <class M2, bool M = IsMap, std::enable_if_t<M, int> = 0>
    auto insert_or_assign(const key_type& key, M2&& mapped) -> std::pair<iterator, bool> {
        auto result = try_emplace(key, std::forward<M2>(mapped));
        if (!result.second) {
            result.first->second = std::forward<M2>(mapped);
        }
        return result;
    }

    template <class M2, bool M = IsMap, std::enable_if_t<M, int> = 0>
    auto insert_or_assign(key_type&& key, M2&& mapped) -> std::pair<iterator, bool> {
        auto result = try_emplace(std::move(key), std::forward<M2>(mapped));
        if (!result.second) {
            result.first->second = std::forward<M2>(mapped);
        }
        return result;
    }

    auto find(const key_type& key) -> iterator {
        return begin() + static_cast<difference_type>(index_of(key));
    }
    auto find(const key_type& key) const -> const_iterator {
        return cbegin() + static_cast<difference_type>(index_of(key));
    }
    [[nodiscard]] auto contains(const key_type& key) const -> bool { return m_index.contains(key); }
    [[nodiscard]] auto count(const key_type& key) const -> size_type { return contains(key) ? 1 : 0; }

    template <class U = T, bool M = IsMap, std::enable_if_t<M, int> = 0>
    auto at(const key_type& key) -> U& {
        auto it = find(key);
        if (it == end()) {
            throw std::out_of_range("ankerl::unordered_dense::map::at(): key not found");
        }
        return it->second;
    }

    template <class U = T, bool M = IsMap, std::enable_if_t<M, int> = 0>
    auto at(const key_type& key) const -> const U& {
        auto it = find(key);
        if (it == end()) {
            throw std::out_of_range("ankerl::unordered_dense::map::at(): key not found");
        }
        return it->second;
    }

    template <class U = T, bool M = IsMap, std::enable_if_t<M, int> = 0>
    auto operator[](const key_type& key) -> U& {
        return try_emplace(key).first->second;
    }

    template <class U = T, bool M = IsMap, std::enable_if_t<M, int> = 0>
    auto operator[](key_type&& key) -> U& {
        return try_emplace(std::move(key)).first->second;
    }

    // The last element takes the erased one's place; the returned iterator
    // points at that slot (end() if the erased element was the last one).
    auto erase(const_iterator pos) -> iterator {
        const auto idx = static_cast<size_type>(pos - m_values.cbegin());
        erase_at(idx);
        return begin() + static_cast<difference_type>(idx);
    }

    template <bool M = IsMap, std::enable_if_t<M, int> = 0>
    auto erase(iterator pos) -> iterator {
        return erase(const_iterator(pos));
    }

    auto erase(const_iterator first, const_iterator last) -> iterator {
        const auto from = static_cast<size_type>(first - m_values.cbegin());
        auto to = static_cast<size_type>(last - m_values.cbegin());
        while (to > from) {
            erase_at(--to);
        }
        return begin() + static_cast<difference_type>(from);
    }

    auto erase(const key_type& key) -> size_type {
        const auto idx = index_of(key);
        if (idx == m_values.size()) {
            return 0;
        }
        erase_at(idx);
        return 1;
    }

    friend auto operator==(const table& a, const table& b) -> bool {
        if (a.size() != b.size()) {
            return false;
        }
        for (const auto& value : a) {
            auto it = b.find(key_of(value));
            if (it == b.end()) {
                return false;
            }
            if constexpr (IsMap) {
                if (!(it->second == value.second)) {
                    return false;
                }
            }
        }
        return true;
    }
    friend auto operator!=(const table& a, const table& b) -> bool { return !(a == b); }
};

} // namespace detail

template <class Key, class T, class Hash = hash<Key>, class KeyEqual = std::equal_to<Key>>
using map = detail::table<Key, T, Hash, KeyEqual, true>;

template <class Key, class Hash = hash<Key>, class KeyEqual = std::equal_to<Key>>
using set = detail::table<Key, void, Hash, KeyEqual, false>;

template <class Key, class T, class Hash, class KeyEqual, bool IsMap, class Pred>
auto erase_if(detail::table<Key, T, Hash, KeyEqual, IsMap>& table, Pred pred) -> std::size_t {
    const auto before = table.size();
    for (auto it = table.begin(); it != table.end();) {
        it = pred(*it) ? table.erase(it) : std::next(it);
    }
    return before - table.size();
}

} // namespace ankerl::unordered_dense

#endif // ANKERL_UNORDERED_DENSE_H
