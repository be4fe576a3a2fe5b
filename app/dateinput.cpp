#include "dateinput.h"

#include <QLocale>
#include <QStringList>

using namespace Qt::StringLiterals;

namespace doorstep::app {

std::optional<QDate> parseDateInput(const QString &text)
{
    const QString simplified = text.simplified();
    if (simplified.isEmpty())
        return std::nullopt;
    // Month names in English whatever the system locale: the interface is in UK English.
    const QLocale english(QLocale::English, QLocale::UnitedKingdom);
    static const QStringList formats{u"d MMM yyyy"_s, u"d MMMM yyyy"_s, u"d/M/yyyy"_s, u"yyyy-MM-dd"_s};
    for (const QString &format : formats) {
        const QDate date = english.toDate(simplified, format);
        if (date.isValid())
            return date;
    }
    return std::nullopt;
}

} // namespace doorstep::app
