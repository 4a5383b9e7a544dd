#include "findbar.h"

#include "chatview.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QToolButton>

using namespace Qt::StringLiterals;

FindBar::FindBar(ChatView *view, QWidget *parent)
    : QWidget(parent)
    , m_view(view)
    , m_edit(new QLineEdit(this))
    , m_count(new QLabel(this))
    , m_previous(new QToolButton(this))
    , m_next(new QToolButton(this))
    , m_close(new QToolButton(this))
{
    setObjectName(u"findBar"_s);
    m_edit->setObjectName(u"findEdit"_s);
    m_edit->setPlaceholderText(tr("Find in this room"));
    m_edit->setClearButtonEnabled(true);
    m_edit->installEventFilter(this);
    m_count->setObjectName(u"findCount"_s);
    m_count->setTextFormat(Qt::PlainText);
    m_previous->setObjectName(u"findPrevious"_s);
    m_previous->setText(u"\u2193"_s);
    m_previous->setToolTip(tr("Newer match (Shift+Enter, Shift+F3)"));
    m_next->setObjectName(u"findNext"_s);
    m_next->setText(u"\u2191"_s);
    m_next->setToolTip(tr("Older match (Enter, F3)"));
    m_close->setObjectName(u"findClose"_s);
    m_close->setText(u"\u2715"_s);
    m_close->setToolTip(tr("Close (Esc)"));
    m_close->setAutoRaise(true);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_count);
    layout->addWidget(m_next);
    layout->addWidget(m_previous);
    layout->addWidget(m_close);

    m_rowsChanged.setSingleShot(true);
    m_rowsChanged.setInterval(0);
    connect(&m_rowsChanged, &QTimer::timeout, this, &FindBar::onRowsChanged);
    connect(m_edit, &QLineEdit::textChanged, this, &FindBar::onTextChanged);
    connect(m_next, &QToolButton::clicked, this, &FindBar::findNext);
    connect(m_previous, &QToolButton::clicked, this, &FindBar::findPrevious);
    connect(m_close, &QToolButton::clicked, this, &FindBar::close);
    hide();
}

void FindBar::setStoreSearch(RoomSearch::StoreSearch search)
{
    m_search.setStoreSearch(std::move(search));
}

QString FindBar::text() const
{
    return m_edit->text();
}

void FindBar::open()
{
    show();
    m_edit->setFocus(Qt::ShortcutFocusReason);
    m_edit->selectAll();
    refresh();
}

void FindBar::close()
{
    hide();
    m_search.clear();
    m_current = -1;
    m_currentRow = QPersistentModelIndex();
    if (m_view) {
        m_view->setFindText({});
        m_view->setCurrentMatch({});
    }
    Q_EMIT closed();
}

void FindBar::refresh()
{
    if (isHidden())
        return;
    watchModel();
    onTextChanged();
}

void FindBar::watchModel()
{
    QAbstractItemModel *model = m_view ? m_view->model() : nullptr;
    if (model == m_watched)
        return;
    for (const QMetaObject::Connection &connection : std::as_const(m_modelConnections))
        disconnect(connection);
    m_modelConnections.clear();
    m_watched = model;
    if (!model)
        return;
    const auto later = [this] {
        m_rowsChanged.start();
    };
    m_modelConnections = {
        connect(model, &QAbstractItemModel::rowsInserted, this, later),
        connect(model, &QAbstractItemModel::rowsRemoved, this, later),
        connect(model, &QAbstractItemModel::modelReset, this, later),
        connect(model, &QAbstractItemModel::layoutChanged, this, later),
        connect(model, &QAbstractItemModel::dataChanged, this, later),
    };
}

void FindBar::onTextChanged()
{
    watchModel();
    m_search.find(m_watched, m_edit->text());
    if (m_view)
        m_view->setFindText(m_search.needle());
    m_current = m_search.loaded().isEmpty() ? -1 : 0;
    showCurrent();
}

void FindBar::onRowsChanged()
{
    if (isHidden() || m_search.needle().isEmpty())
        return;
    m_search.refreshLoaded(m_watched);
    const int at = m_currentRow.isValid() ? int(m_search.loaded().indexOf(m_currentRow.row())) : -1;
    m_current =
        at >= 0 ? at : (m_search.loaded().isEmpty() ? -1 : qMin(qMax(0, m_current), matchCount() - 1));
    if (at >= 0) // the same row still: only the numbers changed, the view stays where it is
        showCount();
    else
        showCurrent();
}

// Rows came or went since the matches were counted: counted again first, so a step starts from
// the rows as they are.
void FindBar::catchUp()
{
    if (!m_rowsChanged.isActive())
        return;
    m_rowsChanged.stop();
    onRowsChanged();
}

void FindBar::findNext()
{
    catchUp();
    if (matchCount() == 0 && m_search.older().isEmpty())
        return;
    if (m_current + 1 < matchCount()) {
        ++m_current;
    } else if (!m_search.older().isEmpty()) {
        // Past the oldest loaded match: older rows down to the next stored one, if someone loads them.
        const ChatMessage wanted = m_search.older().first();
        Q_EMIT olderMatchWanted(wanted);
        m_search.refreshLoaded(m_watched);
        const int row = m_search.loadedRowOf(m_watched, wanted);
        m_current = row >= 0 ? int(m_search.loaded().indexOf(row)) : 0;
    } else {
        m_current = 0; // wraps around to the newest
    }
    showCurrent();
}

void FindBar::findPrevious()
{
    catchUp();
    if (matchCount() == 0)
        return;
    m_current = m_current <= 0 ? matchCount() - 1 : m_current - 1;
    showCurrent();
}

void FindBar::showCurrent()
{
    m_currentRow = m_watched && m_current >= 0 && m_current < matchCount()
                       ? QPersistentModelIndex(m_watched->index(m_search.loaded().at(m_current), 0))
                       : QPersistentModelIndex();
    if (m_view)
        m_view->setCurrentMatch(m_currentRow);
    showCount();
}

QString FindBar::countText() const
{
    if (m_search.needle().isEmpty())
        return {};
    QString count;
    if (matchCount() > 0)
        count = tr("%1 of %2").arg(m_current + 1).arg(matchCount());
    else if (m_search.older().isEmpty())
        count = tr("No matches");
    if (!m_search.older().isEmpty()) {
        const QString older =
            m_search.olderCapped()
                ? tr("more than %1 in older messages").arg(QLocale().toString(RoomSearch::MaxOlder))
                : tr("%n more in older messages", nullptr, int(m_search.older().size()));
        count = count.isEmpty() ? older : tr("%1 · %2").arg(count, older);
    } else if (m_search.storeSkipped() && m_search.needle().toUcs4().size() < RoomSearch::MinStoreNeedle) {
        count = tr("%1 · older messages from 3 letters on").arg(count);
    }
    return count;
}

void FindBar::showCount()
{
    m_count->setText(countText());
    const bool any = matchCount() > 0 || !m_search.older().isEmpty();
    m_next->setEnabled(any);
    m_previous->setEnabled(matchCount() > 0);
}

bool FindBar::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_edit && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Escape) {
            close();
            return true;
        }
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            if (key->modifiers() & Qt::ShiftModifier)
                findPrevious();
            else
                findNext();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}
