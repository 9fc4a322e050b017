#include "parser/diagnostic.h"
