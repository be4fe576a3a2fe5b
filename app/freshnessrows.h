// The sync freshness part of the coverage page as coverage rows: per practitioner, their name,
// when their devices last synced ("Not synced since 24 Nov 2026", "Never synced") and how many
// changes still wait on them. A pure function of the server's answer and "today".
#pragma once

#include "app/coverageview.h"
#include "sync/client/coveragefetch.h"

#include <QDate>
#include <QList>

namespace doorstep::app {

QList<CoverageRow> buildFreshnessRows(const QList<sync::PractitionerFreshness> &entries, const QDate &today);

} // namespace doorstep::app
