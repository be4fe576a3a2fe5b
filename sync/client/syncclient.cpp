#include "syncclient.h"
