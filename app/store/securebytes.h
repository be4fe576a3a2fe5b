// Secret bytes (a data key, a derived key, the hex text of a key) kept out of swap and wiped
// when no longer needed: sodium_malloc'd, sodium_mlock'd, sodium_memzero'd on wipe().
//
// Thread: a plain value, used by one thread at a time. Ownership: owns its buffer; move-only so
// a secret is never silently copied into ordinary heap memory.
#pragma once

#include <cstddef>

namespace doorstep::store {

class SecureBytes
{
public:
    SecureBytes() = default;
    explicit SecureBytes(std::size_t size); // zero-filled; isNull() if libsodium cannot allocate
    ~SecureBytes();
    SecureBytes(SecureBytes &&other) noexcept;
    SecureBytes &operator=(SecureBytes &&other) noexcept;
    SecureBytes(const SecureBytes &) = delete;
    SecureBytes &operator=(const SecureBytes &) = delete;

    bool isNull() const { return m_data == nullptr; }
    std::size_t size() const { return m_size; }
    unsigned char *data() { return m_data; }
    const unsigned char *data() const { return m_data; }
    // False when the operating system refused to lock the pages (a low RLIMIT_MEMLOCK): the
    // bytes are still guarded and wiped, but could reach swap.
    bool isLocked() const { return m_locked; }

    // Zeroes the bytes, checks they read back as zero, unlocks and frees them. Afterwards
    // isNull() and wasWiped() are true.
    void wipe();
    bool wasWiped() const { return m_wiped; }

    // Constant-time comparison.
    bool equals(const SecureBytes &other) const;

private:
    unsigned char *m_data = nullptr;
    std::size_t m_size = 0;
    bool m_locked = false;
    bool m_wiped = false;
};

// Calls sodium_init() once; false if libsodium cannot be used on this machine.
bool ensureSodium();

} // namespace doorstep::store
