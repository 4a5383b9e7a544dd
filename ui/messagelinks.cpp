#include "messagelinks.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace MessageLinks {
namespace {
// Where a link ends: nothing that ends a URL in running text, and nothing a URL may not hold.
const QRegularExpression &pattern()
{
    static const QRegularExpression re(uR"(\b(?:https?://|mailto:)[^\s<>"\x{2028}\x{2029}]+)"_s,
                                       QRegularExpression::CaseInsensitiveOption);
    return re;
}

// Cuts what the sentence around the URL added: ".", ",", a closing bracket without its opening one.
qsizetype trimmedLength(QStringView url)
{
    qsizetype length = url.size();
    while (length > 0) {
        const QChar last = url.at(length - 1);
        if (u".,;:!?'*"_s.contains(last)) {
            --length;
            continue;
        }
        const QChar open = last == u')' ? u'(' : last == u']' ? u'[' : last == u'}' ? u'{' : QChar();
        if (!open.isNull() && url.first(length).count(open) < url.first(length).count(last)) {
            --length;
            continue;
        }
        break;
    }
    return length;
}

bool allowed(const QUrl &url)
{
    if (!url.isValid())
        return false;
    const QString scheme = url.scheme();
    if (scheme == u"mailto"_s)
        return !url.path().isEmpty();
    return (scheme == u"http"_s || scheme == u"https"_s) && !url.host().isEmpty();
}
} // namespace

QList<Link> find(const QString &text)
{
    QList<Link> links;
    // Most messages hold no link: one cheap look before the regular expression.
    if (!text.contains(u':'))
        return links;
    for (auto it = pattern().globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        const qsizetype length = trimmedLength(match.capturedView());
        const QUrl url(match.capturedView().first(length).toString(), QUrl::TolerantMode);
        if (allowed(url))
            links.append({match.capturedStart(), length, url});
    }
    return links;
}

QUrl linkAt(const QString &text, qsizetype at)
{
    for (const Link &link : find(text)) {
        if (at >= link.start && at < link.start + link.length)
            return link.url;
    }
    return {};
}
} // namespace MessageLinks
