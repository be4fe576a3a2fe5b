#include "rulesettings.h"
