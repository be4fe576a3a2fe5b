#include "secretinput.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <termios.h>
#include <unistd.h>

namespace doorstep::platform {

bool stdinIsTerminal()
{
    return isatty(STDIN_FILENO) == 1;
}

namespace {

std::optional<QByteArray> readLine()
{
    std::string line;
    int c = 0;
    while ((c = std::fgetc(stdin)) != EOF && c != '\n')
        line.push_back(static_cast<char>(c));
    if (c == EOF && line.empty())
        return std::nullopt;
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    QByteArray secret(line.data(), static_cast<qsizetype>(line.size()));
    // Do not leave the secret in the std::string's buffer.
    std::fill(line.begin(), line.end(), '\0');
    return secret;
}

} // namespace

std::optional<QByteArray> readSecret(const QString &prompt)
{
    if (!stdinIsTerminal())
        return readLine();

    std::fputs(prompt.toLocal8Bit().constData(), stderr);
    std::fflush(stderr);
    termios saved{};
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    auto secret = readLine();
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    std::fputs("\n", stderr);
    return secret;
}

} // namespace doorstep::platform
