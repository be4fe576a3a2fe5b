#include "pinpolicy.h"

#include "store.h"

#include <array>
#include <string_view>

namespace doorstep::store {

namespace {

constexpr qsizetype minPinDigits = 6;
constexpr qsizetype minPassphraseChars = 8;

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool allDigits(const QByteArray &pin)
{
    for (const char c : pin) {
        if (!isDigit(c))
            return false;
    }
    return true;
}

// Characters, not bytes: a UTF-8 continuation byte does not start a character.
qsizetype characterCount(const QByteArray &pin)
{
    qsizetype count = 0;
    for (const char c : pin) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
            ++count;
    }
    return count;
}

bool oneCharacterRepeated(const QByteArray &pin)
{
    for (const char c : pin) {
        if (c != pin.front())
            return false;
    }
    return true;
}

// 123456, 654321, 890123 (digits wrap round), abcdefgh, hgfedcba.
bool isRun(const QByteArray &pin, int step)
{
    const bool digits = allDigits(pin);
    for (qsizetype i = 1; i < pin.size(); ++i) {
        const int previous = static_cast<unsigned char>(pin.at(i - 1));
        const int current = static_cast<unsigned char>(pin.at(i));
        if (digits) {
            if ((previous - '0' + step + 10) % 10 != current - '0')
                return false;
        } else if (current - previous != step) {
            return false;
        }
    }
    return true;
}

// 121212, 123123, 12341234: the whole PIN is a shorter pattern said again.
bool repeatsAPattern(const QByteArray &pin)
{
    for (qsizetype period = 1; period <= pin.size() / 2; ++period) {
        bool repeats = true;
        for (qsizetype i = period; i < pin.size() && repeats; ++i)
            repeats = pin.at(i) == pin.at(i - period);
        if (repeats)
            return true;
    }
    return false;
}

bool isCommonPassphrase(const QByteArray &pin)
{
    static constexpr std::array<std::string_view, 9> common = {
        "password", "password1", "passw0rd", "qwertyui", "qwertyuiop",
        "iloveyou", "letmein1",  "abcd1234", "doorstep",
    };
    const QByteArray lower = pin.toLower();
    for (const std::string_view word : common) {
        if (lower == QByteArrayView(word.data(), qsizetype(word.size())))
            return true;
    }
    return false;
}

Error weak(const QString &message)
{
    return makeError(Store::WeakPin, message, QStringLiteral("pin"));
}

} // namespace

Result<void> checkPinStrength(const QByteArray &pin)
{
    const bool digits = allDigits(pin);
    if (digits && pin.size() < minPinDigits) {
        return weak(QStringLiteral("A PIN needs at least 6 digits. Choose a longer one, or a "
                                   "passphrase of at least 8 characters."));
    }
    if (!digits && characterCount(pin) < minPassphraseChars) {
        return weak(QStringLiteral("A passphrase needs at least 8 characters, including a letter or "
                                   "symbol. Choose a longer one, or a PIN of at least 6 digits."));
    }
    const QString what = digits ? QStringLiteral("PIN") : QStringLiteral("passphrase");
    if (oneCharacterRepeated(pin)) {
        return weak(QStringLiteral("That %1 repeats one character, so it is easy to guess. Choose "
                                   "one without an obvious pattern.")
                        .arg(what));
    }
    if (isRun(pin, 1) || isRun(pin, -1)) {
        return weak(QStringLiteral("That %1 is a run of consecutive characters (like 123456 or "
                                   "654321), so it is easy to guess. Choose one without an obvious "
                                   "pattern.")
                        .arg(what));
    }
    if (repeatsAPattern(pin)) {
        return weak(QStringLiteral("That %1 repeats a short pattern (like 121212), so it is easy to "
                                   "guess. Choose one without an obvious pattern.")
                        .arg(what));
    }
    if (!digits && isCommonPassphrase(pin)) {
        return weak(QStringLiteral("That passphrase is one of the first that anyone would try. "
                                   "Choose another."));
    }
    return {};
}

} // namespace doorstep::store
