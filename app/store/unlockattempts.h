// Wrong-PIN back-off that survives restarts: the number of failed unlocks and the time of the
// last one, in a small plain file in the profile folder (nothing secret in it). The first three
// failures cost nothing; after that each attempt must wait 2^(failures-3) seconds after the last
// failure, at most an hour. A successful unlock resets it.
//
// Thread: not thread-safe; the store's thread. Ownership: reads and writes only its own file.
#pragma once

#include <QDateTime>
#include <QString>

namespace doorstep::store {

class UnlockAttempts
{
public:
    static constexpr int freeAttempts = 3;
    static constexpr qint64 maxWaitSeconds = 3600;

    // Reads the file at `path` if there is one; a missing or unreadable file means no failures.
    explicit UnlockAttempts(QString path);

    int failures() const { return m_failures; }
    // Whole seconds before another attempt may be tried (0: now). A clock that went backwards
    // never makes the wait longer than the full back-off.
    qint64 secondsToWait(const QDateTime &now) const;
    // The full wait that follows `failures` failures.
    static qint64 waitAfter(int failures);

    bool recordFailure(const QDateTime &now);
    bool reset();

private:
    bool save() const;

    QString m_path;
    int m_failures = 0;
    QDateTime m_lastFailureAt;
};

} // namespace doorstep::store
