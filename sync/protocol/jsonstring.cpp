#include "jsonstring.h"

namespace doorstep::protocol {

namespace {

char hexDigit(uint value)
{
    return char(value < 10 ? '0' + value : 'a' + value - 10);
}

void appendEscapedUnit(QByteArray &out, char16_t unit)
{
    out.append("\\u");
    out.append(hexDigit((unit >> 12) & 0xf));
    out.append(hexDigit((unit >> 8) & 0xf));
    out.append(hexDigit((unit >> 4) & 0xf));
    out.append(hexDigit(unit & 0xf));
}

} // namespace

void appendJsonString(QByteArray &out, QStringView text)
{
    // As QJsonDocument writes strings: the two JSON specials and control characters escaped
    // (the usual short forms, else \u00xx), everything else as UTF-8, and a lone surrogate
    // (which UTF-8 cannot carry) as \uXXXX.
    out.append('"');
    const char16_t *p = text.utf16();
    const char16_t *const end = p + text.size();
    while (p != end) {
        // Ids, clocks and kinds are plain ASCII: copied a run at a time.
        const char16_t *run = p;
        while (p != end && *p >= 0x20 && *p < 0x80 && *p != '"' && *p != '\\')
            ++p;
        if (p != run) {
            const qsizetype at = out.size();
            out.resize(at + (p - run));
            char *to = out.data() + at;
            while (run != p)
                *to++ = char(*run++);
            continue;
        }
        const char16_t u = *p++;
        if (u < 0x80) {
            switch (u) {
            case '"':
                out.append("\\\"");
                break;
            case '\\':
                out.append("\\\\");
                break;
            case '\b':
                out.append("\\b");
                break;
            case '\f':
                out.append("\\f");
                break;
            case '\n':
                out.append("\\n");
                break;
            case '\r':
                out.append("\\r");
                break;
            case '\t':
                out.append("\\t");
                break;
            default:
                appendEscapedUnit(out, u);
            }
        } else if (u < 0x800) {
            out.append(char(0xc0 | (u >> 6)));
            out.append(char(0x80 | (u & 0x3f)));
        } else if (QChar::isHighSurrogate(u) && p != end && QChar::isLowSurrogate(*p)) {
            const char32_t code = QChar::surrogateToUcs4(u, *p++);
            out.append(char(0xf0 | (code >> 18)));
            out.append(char(0x80 | ((code >> 12) & 0x3f)));
            out.append(char(0x80 | ((code >> 6) & 0x3f)));
            out.append(char(0x80 | (code & 0x3f)));
        } else if (QChar::isSurrogate(u)) {
            appendEscapedUnit(out, u);
        } else {
            out.append(char(0xe0 | (u >> 12)));
            out.append(char(0x80 | ((u >> 6) & 0x3f)));
            out.append(char(0x80 | (u & 0x3f)));
        }
    }
    out.append('"');
}

} // namespace doorstep::protocol
