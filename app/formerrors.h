// The error plumbing a form controller shares (AlertEditor, AmendmentEditor): what is wrong with
// each named field, what belongs to no field, and the one save request whose answer the form
// waits for. A plain value owned by the controller; GUI thread.
#pragma once

#include <QHash>
#include <QString>
#include <QStringList>
#include <QVariantMap>

namespace doorstep::app {

class FormErrors
{
public:
    explicit FormErrors(QStringList fields)
        : m_fields(std::move(fields))
    {}

    // A problem with a field the form shows goes beside it; any other joins errorString().
    void show(const QString &field, const QString &message);
    // Forgets the field's problem (it was edited); true when there was one.
    bool clear(const QString &field) { return m_errors.remove(field) > 0; }
    void clearAll();
    bool any() const { return !m_errors.isEmpty() || !m_errorString.isEmpty(); }
    bool has(const QString &field) const { return m_errors.contains(field); }

    QString error(const QString &field) const { return m_errors.value(field); }
    QString errorString() const { return m_errorString; }
    // Every field present, so QML reads "" rather than undefined for a field with no problem.
    QVariantMap map() const;

private:
    QStringList m_fields;
    QHash<QString, QString> m_errors;
    QString m_errorString;
};

// The save request a form waits for (StoreWorker::nextRequestId()); 0: none.
struct PendingSave
{
    int id = 0;

    bool waiting() const { return id != 0; }
    // True, and no longer waiting, when `requestId` answers this form's request.
    bool take(int requestId)
    {
        if (requestId == 0 || requestId != id)
            return false;
        id = 0;
        return true;
    }
};

} // namespace doorstep::app
