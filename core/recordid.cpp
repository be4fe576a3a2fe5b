#include "recordid.h"

#include <QRandomGenerator>
#include <QUuid>

#include <array>
#include <cstring>

namespace doorstep {

QString newRecordId()
{
    return newRecordId(QDateTime::currentDateTimeUtc());
}

QString newRecordId(const QDateTime &madeAt)
{
    // RFC 9562, 5.7: 48 bits of Unix time in milliseconds, big-endian; the version (7) in the top
    // four bits of byte 6; the variant (binary 10) in the top two bits of byte 8; the rest random
    // from the system's generator, as QUuid::createUuid draws it.
    std::array<quint32, 4> words;
    QRandomGenerator::system()->fillRange(words.data(), words.size());
    std::array<uchar, 16> bytes;
    static_assert(sizeof words == sizeof bytes);
    std::memcpy(bytes.data(), words.data(), bytes.size());
    const quint64 millis = quint64(qMax<qint64>(0, madeAt.toMSecsSinceEpoch()));
    for (int i = 0; i < 6; ++i)
        bytes[i] = uchar(millis >> (8 * (5 - i)));
    bytes[6] = uchar(0x70 | (bytes[6] & 0x0F));
    bytes[8] = uchar(0x80 | (bytes[8] & 0x3F));
    return QUuid::fromRfc4122(QByteArrayView(bytes.data(), qsizetype(bytes.size())))
        .toString(QUuid::WithoutBraces);
}

} // namespace doorstep
