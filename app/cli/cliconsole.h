// Output for doorstep-cli: results to stdout (text or --json), messages to stderr. Knows nothing
// of the store.
#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace doorstep::cli {

enum ExitCode { Success = 0, Failure = 1, Usage = 2 };

class Console
{
public:
    explicit Console(bool json)
        : m_json(json)
    {}
    bool json() const { return m_json; }

    void line(const QString &text) const;                       // stdout, text mode only
    void value(const QJsonObject &object) const;                // stdout, --json mode
    void value(const QJsonArray &array) const;                  // stdout, --json mode
    void id(const QString &id) const;                           // a created record's id, in either mode
    void note(const QString &text) const;                       // stderr: progress and hints
    int fail(const QString &message, int code = Failure) const; // stderr "doorstep-cli: …"

private:
    bool m_json;
};

} // namespace doorstep::cli
