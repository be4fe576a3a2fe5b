// Where things live on this platform.
#pragma once

#include <QString>

namespace doorstep::platform {

// The default device profile folder: the platform's app-data location ("…/Doorstep/profile").
QString defaultProfileDir();

} // namespace doorstep::platform
