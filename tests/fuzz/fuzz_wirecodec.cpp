// The incoming frame decoder: any text a server sends must decode to a message, a server error or
// a reason, never crash; and the fast reader must agree with the QJsonDocument reference.
#include "chatmessage.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const IncomingFrame frame = WireCodec::decode(text);
    const IncomingFrame reference = WireCodec::decodeReference(text);
    const ChatMessage &a = frame.message;
    const ChatMessage &b = reference.message;
    if (frame.kind != reference.kind || frame.errorText != reference.errorText || a.text != b.text ||
        a.user != b.user || a.id != b.id || a.clientId != b.clientId || a.createdAtText != b.createdAtText ||
        a.createdAt.isValid() != b.createdAt.isValid() ||
        (b.createdAt.isValid() && (a.createdAt.toMSecsSinceEpoch() != b.createdAt.toMSecsSinceEpoch() ||
                                   a.createdAt.offsetFromUtc() != b.createdAt.offsetFromUtc())))
        __builtin_trap(); // the two readers disagree on what the server said
    switch (frame.kind) {
    case IncomingFrame::Kind::Message:
        (void)frame.message.displayTime();
        // What we send must decode again as the same message.
        if (WireCodec::decode(WireCodec::encodeOutgoing(frame.message.text, frame.message.clientId))
                .message.text != frame.message.text)
            __builtin_trap();
        break;
    case IncomingFrame::Kind::ServerError:
    case IncomingFrame::Kind::Invalid:
        if (frame.errorText.isEmpty())
            __builtin_trap(); // the user would see no reason
        break;
    }
    return 0;
}
