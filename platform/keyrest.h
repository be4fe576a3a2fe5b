// Where the wrapped data key rests between sessions. The store asks for the wrapped blob and
// gives it back after a PIN change; it never sees how or where it is kept. Linux keeps it in a
// file in the profile folder (FileKeyRest); an Android Keystore or iOS Keychain implementation
// can be added as another subclass without touching the store.
#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace doorstep::platform {

class KeyRest
{
public:
    virtual ~KeyRest() = default;
    virtual std::optional<QByteArray> load() const = 0;
    // Replaces the blob atomically: a crash leaves the old one or the new one, never half.
    virtual bool save(const QByteArray &wrapped) = 0;
    // Destroys the blob (crypto-shred): overwritten, then removed.
    virtual bool destroy() = 0;
};

class FileKeyRest final : public KeyRest
{
public:
    explicit FileKeyRest(QString path);
    std::optional<QByteArray> load() const override;
    bool save(const QByteArray &wrapped) override;
    bool destroy() override;

private:
    QString m_path;
};

} // namespace doorstep::platform
