#include <gtest/gtest.h>

#include "tests/support/live_db.h"

TEST(LiveServer, Placeholder) { SUCCEED(); }
