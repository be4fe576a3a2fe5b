#include "vocabulary.h"
