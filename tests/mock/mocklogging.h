#pragma once

// "chat.mock": one line per event of the mock server; never tokens or passwords.
#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcMock)
