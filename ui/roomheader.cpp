#include "roomheader.h"

#include "messagedelegate.h"
#include "untrustedtext.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

using namespace Qt::StringLiterals;

RoomHeader::RoomHeader(QWidget *parent)
    : QWidget(parent)
    , m_name(new QLabel(this))
    , m_state(new QLabel(this))
    , m_mute(new QToolButton(this))
{
    setObjectName(u"roomHeader"_s);
    m_name->setObjectName(u"roomHeaderName"_s);
    m_name->setTextFormat(Qt::PlainText);
    QFont bold = m_name->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.15);
    m_name->setFont(bold);
    m_state->setObjectName(u"roomHeaderState"_s);
    m_state->setTextFormat(Qt::PlainText);
    m_state->setSizePolicy(QSizePolicy::Ignored,
                           QSizePolicy::Preferred); // a long reason is cut, not widening
    m_mute->setObjectName(u"muteButton"_s);
    m_mute->setCheckable(true);
    m_mute->setAutoRaise(true);
    m_mute->setToolButtonStyle(Qt::ToolButtonTextOnly);
    setMuted(false);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(m_name);
    layout->addSpacing(8);
    layout->addWidget(m_state, 1);
    layout->addWidget(m_mute);
    connect(m_mute, &QToolButton::toggled, this, [this](bool muted) {
        setMuted(muted);
        Q_EMIT muteToggled(muted);
    });
    hide();
}

void RoomHeader::setRoom(const QString &room)
{
    setVisible(!room.isEmpty());
    // The name as the room list shows it: one line, isolated, so it cannot reorder what follows.
    m_name->setText(u"#"_s + UntrustedText::isolated(room));
}

void RoomHeader::setState(const QString &words, const QString &detail, bool problem)
{
    m_state->setText(words);
    m_state->setToolTip(UntrustedText::toolTip(detail)); // may quote the server's close reason
    QPalette palette = this->palette();
    if (problem)
        palette.setColor(QPalette::WindowText, MessageDelegate::failureColor());
    else
        palette.setColor(QPalette::WindowText, palette.color(QPalette::PlaceholderText));
    m_state->setPalette(palette);
}

QString RoomHeader::stateText() const
{
    return m_state->text();
}

void RoomHeader::setMuted(bool muted)
{
    const QSignalBlocker blocker(m_mute);
    m_mute->setChecked(muted);
    // Words, not a bell glyph: not every desktop font has one.
    m_mute->setText(muted ? tr("Muted") : tr("Mute"));
    m_mute->setToolTip(muted ? tr("Notifications of this room are muted (unread messages are still counted). "
                                  "Click to unmute.")
                             : tr("Mute notifications of this room"));
}

bool RoomHeader::isMuted() const
{
    return m_mute->isChecked();
}
