#include "formerrors.h"

namespace doorstep::app {

void FormErrors::show(const QString &field, const QString &message)
{
    if (m_fields.contains(field))
        m_errors.insert(field, message);
    else
        m_errorString = m_errorString.isEmpty() ? message : m_errorString + u'\n' + message;
}

void FormErrors::clearAll()
{
    m_errors.clear();
    m_errorString.clear();
}

QVariantMap FormErrors::map() const
{
    QVariantMap map;
    for (const QString &field : m_fields)
        map.insert(field, m_errors.value(field));
    return map;
}

} // namespace doorstep::app
