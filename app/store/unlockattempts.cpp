#include "unlockattempts.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <algorithm>

namespace doorstep::store {

namespace {
const QString failuresKey = QStringLiteral("failures");
const QString lastFailureKey = QStringLiteral("lastFailureAt");
} // namespace

UnlockAttempts::UnlockAttempts(QString path)
    : m_path(std::move(path))
{
    QFile file(m_path);
    if (!file.open(QIODevice::ReadOnly))
        return;
    const QJsonObject json = QJsonDocument::fromJson(file.read(4096)).object();
    m_failures = std::max(0, json.value(failuresKey).toInt());
    m_lastFailureAt = QDateTime::fromString(json.value(lastFailureKey).toString(), Qt::ISODateWithMs);
    if (!m_lastFailureAt.isValid())
        m_failures = 0;
}

qint64 UnlockAttempts::waitAfter(int failures)
{
    if (failures < freeAttempts)
        return 0;
    const int exponent = failures - freeAttempts;
    // 2^12 already exceeds the cap; avoid shifting past 63 bits.
    if (exponent >= 12)
        return maxWaitSeconds;
    return std::min(qint64(1) << exponent, maxWaitSeconds);
}

qint64 UnlockAttempts::secondsToWait(const QDateTime &now) const
{
    const qint64 wait = waitAfter(m_failures);
    if (wait == 0)
        return 0;
    const qint64 elapsedMs = m_lastFailureAt.msecsTo(now);
    const qint64 remainingMs = std::clamp(wait * 1000 - elapsedMs, qint64(0), wait * 1000);
    return (remainingMs + 999) / 1000;
}

bool UnlockAttempts::recordFailure(const QDateTime &now)
{
    ++m_failures;
    m_lastFailureAt = now.toUTC();
    return save();
}

bool UnlockAttempts::reset()
{
    m_failures = 0;
    m_lastFailureAt = {};
    return !QFile::exists(m_path) || QFile::remove(m_path);
}

bool UnlockAttempts::save() const
{
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const QJsonObject json{{failuresKey, m_failures},
                           {lastFailureKey, m_lastFailureAt.toString(Qt::ISODateWithMs)}};
    file.write(QJsonDocument(json).toJson(QJsonDocument::Compact));
    return file.commit();
}

} // namespace doorstep::store
