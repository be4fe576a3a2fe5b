// Strict JSON (RFC 8259) read over UTF-8 text, for the body readers (bodyreader.h). Stricter than
// QJsonDocument wherever the two differ (no control characters or \u escapes in strings, no
// exponents, shallow nesting, no byte-order mark), so that any text it takes, QJsonDocument takes
// too and reads the same.
//
// Every step checks its bounds and says whether it read what it expected; after a false the
// position means nothing and the caller stops reading.
//
// Thread: one reader per text, any thread. The text must outlive the reader and its views.
#pragma once

#include <QByteArrayView>

namespace doorstep::protocol {

class StrictJson
{
public:
    explicit StrictJson(QByteArrayView text);

    // How far into the text the reader is.
    qsizetype position() const { return m_at - m_begin; }
    // Nothing but white space is left.
    bool atEnd();
    // The next character, after white space, is `c` (take: and is read).
    bool peek(char c);
    bool take(char c);
    // A string of printable ASCII with no escapes (keys, ids): its text between the quotes.
    bool plainString(QByteArrayView *text);
    // Any value, checked to its end; `text`: all of it, as written.
    bool value(QByteArrayView *text);

private:
    void space();
    bool value(int depth);
    bool container(int depth);
    bool string();
    bool character();
    bool number();
    bool word(QByteArrayView expected);

    const char *m_begin;
    const char *m_at;
    const char *m_end;
};

} // namespace doorstep::protocol
