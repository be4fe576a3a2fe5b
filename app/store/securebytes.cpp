#include "securebytes.h"

#include <sodium.h>

#include <utility>

namespace doorstep::store {

bool ensureSodium()
{
    // sodium_init() is itself thread-safe and idempotent; caching the answer saves the call.
    static const bool ready = sodium_init() >= 0;
    return ready;
}

SecureBytes::SecureBytes(std::size_t size)
{
    if (!ensureSodium() || size == 0)
        return;
    m_data = static_cast<unsigned char *>(sodium_malloc(size));
    if (!m_data)
        return;
    m_size = size;
    sodium_memzero(m_data, m_size);
    // sodium_malloc already tries to lock; locking again tells us whether it worked.
    m_locked = sodium_mlock(m_data, m_size) == 0;
}

SecureBytes::~SecureBytes()
{
    wipe();
}

SecureBytes::SecureBytes(SecureBytes &&other) noexcept
    : m_data(std::exchange(other.m_data, nullptr))
    , m_size(std::exchange(other.m_size, 0))
    , m_locked(std::exchange(other.m_locked, false))
    , m_wiped(other.m_wiped)
{}

SecureBytes &SecureBytes::operator=(SecureBytes &&other) noexcept
{
    if (this != &other) {
        wipe();
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
        m_locked = std::exchange(other.m_locked, false);
        m_wiped = other.m_wiped;
    }
    return *this;
}

void SecureBytes::wipe()
{
    if (!m_data)
        return;
    sodium_memzero(m_data, m_size);
    const bool zero = sodium_is_zero(m_data, m_size) == 1;
    if (m_locked)
        sodium_munlock(m_data, m_size);
    sodium_free(m_data);
    m_data = nullptr;
    m_size = 0;
    m_locked = false;
    m_wiped = zero;
}

bool SecureBytes::equals(const SecureBytes &other) const
{
    if (m_size != other.m_size)
        return false;
    if (m_size == 0)
        return true;
    return sodium_memcmp(m_data, other.m_data, m_size) == 0;
}

} // namespace doorstep::store
