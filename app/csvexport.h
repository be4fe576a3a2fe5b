// Writes an exported CSV file (the supervisor's coverage) into a folder the user chose. Blocking
// file I/O: call it off the GUI thread (CoverageController runs it on the global thread pool).
// Stateless; any thread.
#pragma once

#include "core/result.h"

#include <QString>

namespace doorstep::app {

// Writes `csv` (UTF-8) to folder/fileName, atomically (a half-written file never appears), making
// the folder when missing. The full path written, or an error a person can act on.
Result<QString> writeCsvFile(const QString &folder, const QString &fileName, const QString &csv);

} // namespace doorstep::app
