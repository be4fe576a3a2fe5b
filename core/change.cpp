#include "change.h"
