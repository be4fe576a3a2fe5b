#include "cliconsole.h"

#include <QJsonDocument>

#include <cstdio>

namespace doorstep::cli {

namespace {
void write(FILE *stream, const QByteArray &bytes)
{
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stream);
    std::fflush(stream);
}
} // namespace

void Console::line(const QString &text) const
{
    write(stdout, text.toUtf8() + '\n');
}

void Console::value(const QJsonObject &object) const
{
    write(stdout, QJsonDocument(object).toJson(QJsonDocument::Indented));
}

void Console::value(const QJsonArray &array) const
{
    write(stdout, QJsonDocument(array).toJson(QJsonDocument::Indented));
}

void Console::id(const QString &id) const
{
    if (m_json)
        value(QJsonObject{{QStringLiteral("id"), id}});
    else
        line(id);
}

void Console::note(const QString &text) const
{
    write(stderr, text.toUtf8() + '\n');
}

int Console::fail(const QString &message, int code) const
{
    write(stderr, QByteArrayLiteral("doorstep-cli: ") + message.toUtf8() + '\n');
    return code;
}

} // namespace doorstep::cli
