#pragma once

// The links in a message's text: http, https and mailto URLs only, so a click can never run
// "javascript:", open a local file or hand a custom scheme to another program. Found in plain
// text, the way people paste them; trailing punctuation of the sentence and an unbalanced closing
// bracket are not part of the link ("(see https://example.com/a)." links https://example.com/a).
#include <QList>
#include <QString>
#include <QUrl>

namespace MessageLinks {
struct Link
{
    qsizetype start = 0; // in the text, in UTF-16 code units
    qsizetype length = 0;
    QUrl url;
};

QList<Link> find(const QString &text);
// The link that covers position `at` of the text, or an invalid URL.
QUrl linkAt(const QString &text, qsizetype at);
} // namespace MessageLinks
