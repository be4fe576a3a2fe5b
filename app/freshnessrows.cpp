#include "freshnessrows.h"

#include "core/vocabulary.h"

#include <QCoreApplication>
#include <QTimeZone>

namespace doorstep::app {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("FreshnessRows", text);
}

// A practitioner whose devices have not synced for this many days is shown red.
constexpr int staleDays = 7;

} // namespace

QList<CoverageRow> buildFreshnessRows(const QList<sync::PractitionerFreshness> &entries, const QDate &today)
{
    const QTimeZone london("Europe/London");
    QList<CoverageRow> rows;
    rows.reserve(entries.size());
    for (const sync::PractitionerFreshness &entry : entries) {
        CoverageRow row;
        row.id = entry.practitionerId;
        row.title = entry.name.isEmpty() ? tr("Practitioner %1").arg(entry.practitionerId) : entry.name;
        if (!entry.lastSyncedAt.isValid()) {
            row.detail = tr("Never synced");
            row.severity = QStringLiteral("amber");
        } else {
            const QDate day = entry.lastSyncedAt.toTimeZone(london).date();
            if (day >= today) {
                row.detail = tr("Synced today");
            } else {
                row.detail = tr("Not synced since %1").arg(formatDate(day));
                row.severity =
                    day.daysTo(today) > staleDays ? QStringLiteral("red") : QStringLiteral("amber");
            }
        }
        row.value = entry.unsynced;
        row.valueText = entry.unsynced == 0   ? tr("Nothing waiting to send")
                        : entry.unsynced == 1 ? tr("1 change not synced")
                                              : tr("%1 changes not synced").arg(entry.unsynced);
        rows.append(row);
    }
    return rows;
}

} // namespace doorstep::app
