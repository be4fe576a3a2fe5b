// Result: a value or an error a person can act on. Used across layers instead of exceptions.
#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace doorstep {

// What went wrong: a stable machine code ("wrong_pin", "invalid", ...), the field or item it
// concerns (may be empty), and a sentence a practitioner or an engineer can act on.
struct Error
{
    QString code;
    QString message;
    QString field;
};

template<typename T> class [[nodiscard]] Result
{
public:
    Result(T value)
        : m_state(std::move(value))
    {}
    Result(Error error)
        : m_state(std::move(error))
    {}

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }
    const T &value() const & { return std::get<T>(m_state); }
    T &value() & { return std::get<T>(m_state); }
    T &&value() && { return std::get<T>(std::move(m_state)); }
    const Error &error() const { return std::get<Error>(m_state); }

private:
    std::variant<T, Error> m_state;
};

// A result that carries no value: success, or an error.
template<> class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error))
    {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

inline Error makeError(QString code, QString message, QString field = {})
{
    return Error{std::move(code), std::move(message), std::move(field)};
}

} // namespace doorstep
