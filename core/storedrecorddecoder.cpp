#include "storedrecorddecoder.h"

#include "change.h"
#include "recordcodec.h"
#include "validation.h"
#include "vocabulary.h"

#include <QJsonDocument>
#include <QVarLengthArray>

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace doorstep {

// Stored records read straight from their text. Every step accepts only what the full path
// (QJsonDocument, then Reader) accepts with the very same value, and answers false for anything
// else, so that the caller can hand the record to the full path, which then decides (and names
// the problem) as it always has.
struct StoredRecordParser
{
    StoredRecordDecoder &decoder;
    const char *p;
    const char *end;
    std::string scratch; // a string's text with its escapes undone

    void ws()
    {
        // Compact text (the codec's own) has none: one test.
        if (p == end || static_cast<unsigned char>(*p) > 0x20)
            return;
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
            ++p;
    }

    bool take(char c)
    {
        ws();
        if (p < end && *p == c) {
            ++p;
            return true;
        }
        return false;
    }

    bool atEnd()
    {
        ws();
        return p == end;
    }

    // The bytes among the eight at `s` that end plain ASCII text (a quote, a backslash, a control
    // character or a byte of a multi-byte character), each marked by its high bit: word-at-a-time
    // tests, exact for whether there is one and for which comes first in memory (a borrow only
    // marks bytes after the first).
    static quint64 specialBytes(const char *s)
    {
        constexpr quint64 ones = 0x0101010101010101ULL;
        constexpr quint64 highs = 0x8080808080808080ULL;
        quint64 v;
        std::memcpy(&v, s, sizeof v);
        const auto hasZero = [](quint64 x) {
            return (x - ones) & ~x & highs;
        };
        const quint64 below20 = (v - ones * 0x20) & ~v & highs;
        return (v & highs) | below20 | hasZero(v ^ (ones * '"')) | hasZero(v ^ (ones * '\\'));
    }

    // A string's UTF-8 text (into the payload, or into `scratch` when it had escapes). Refuses
    // \u escapes and control characters, which the full path handles or refuses itself.
    bool string(QByteArrayView &out, bool &ascii)
    {
        ws();
        if (p >= end || *p != '"')
            return false;
        const char *start = ++p;
        ascii = true;
        for (;;) {
            while (end - p >= 8) {
                const quint64 special = specialBytes(p);
                if (special == 0) {
                    p += 8;
                    continue;
                }
                if constexpr (std::endian::native == std::endian::little)
                    p += std::countr_zero(special) / 8;
                break;
            }
            if (p >= end)
                return false;
            const auto c = static_cast<unsigned char>(*p);
            if (c == '"') {
                out = QByteArrayView(start, p - start);
                ++p;
                return true;
            }
            if (c == '\\')
                break;
            if (c < 0x20)
                return false;
            if (c >= 0x80)
                ascii = false;
            ++p;
        }
        scratch.assign(start, p);
        while (p < end) {
            const auto c = static_cast<unsigned char>(*p);
            if (c == '"') {
                out = QByteArrayView(scratch.data(), qsizetype(scratch.size()));
                ++p;
                return true;
            }
            if (c < 0x20)
                return false;
            if (c >= 0x80)
                ascii = false;
            if (c != '\\') {
                scratch.push_back(char(c));
                ++p;
                continue;
            }
            if (++p >= end)
                return false;
            switch (*p) {
            case '"':
            case '\\':
            case '/':
                scratch.push_back(*p);
                break;
            case 'b':
                scratch.push_back('\b');
                break;
            case 'f':
                scratch.push_back('\f');
                break;
            case 'n':
                scratch.push_back('\n');
                break;
            case 'r':
                scratch.push_back('\r');
                break;
            case 't':
                scratch.push_back('\t');
                break;
            default:
                return false;
            }
            ++p;
        }
        return false;
    }

    static bool toQString(QByteArrayView utf8, bool ascii, QString &out)
    {
        if (ascii) {
            out = QString::fromLatin1(utf8);
            return true;
        }
        out = QString::fromUtf8(utf8);
        // Text that is not valid UTF-8: the full path's parser decides what it is.
        return !out.contains(QChar::ReplacementCharacter);
    }

    bool text(QString &out)
    {
        QByteArrayView utf8;
        bool ascii = true;
        return string(utf8, ascii) && toQString(utf8, ascii, out);
    }

    // Text that recurs across records (ids, references, short vocabulary): one QString each.
    bool sharedText(QString &out)
    {
        QByteArrayView utf8;
        bool ascii = true;
        if (!string(utf8, ascii))
            return false;
        if (const auto known = decoder.m_shared.constFind(utf8); known != decoder.m_shared.constEnd()) {
            out = *known;
            return true;
        }
        if (!toQString(utf8, ascii, out))
            return false;
        decoder.m_shared.insert(decoder.keep(utf8), out);
        return true;
    }

    bool boolean(bool &out)
    {
        ws();
        if (end - p >= 4 && std::memcmp(p, "true", 4) == 0) {
            p += 4;
            out = true;
            return true;
        }
        if (end - p >= 5 && std::memcmp(p, "false", 5) == 0) {
            p += 5;
            out = false;
            return true;
        }
        return false;
    }

    static int number(const char *s, int digits)
    {
        int n = 0;
        for (int i = 0; i < digits; ++i) {
            if (s[i] < '0' || s[i] > '9')
                return -1;
            n = n * 10 + (s[i] - '0');
        }
        return n;
    }

    static QDate dateOf(const char *s)
    {
        if (s[4] != '-' || s[7] != '-')
            return {};
        const int y = number(s, 4);
        const int m = number(s + 5, 2);
        const int d = number(s + 8, 2);
        return y < 0 || m < 0 || d < 0 ? QDate() : QDate(y, m, d);
    }

    // yyyy-MM-dd, as the codec writes it.
    bool date(QDate &out)
    {
        QByteArrayView utf8;
        bool ascii = true;
        if (!string(utf8, ascii) || utf8.size() != 10)
            return false;
        out = dateOf(utf8.data());
        return out.isValid();
    }

    bool optionalDate(std::optional<QDate> &out)
    {
        QDate d;
        if (!date(d))
            return false;
        out = d;
        return true;
    }

    // yyyy-MM-ddTHH:mm:ss.zzzZ, as the codec writes it (other offsets and precisions go the
    // full way).
    bool dateTime(QDateTime &out)
    {
        QByteArrayView utf8;
        bool ascii = true;
        if (!string(utf8, ascii) || utf8.size() != 24)
            return false;
        const char *s = utf8.data();
        if (s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != '.' || s[23] != 'Z')
            return false;
        const QDate d = dateOf(s);
        const int h = number(s + 11, 2);
        const int m = number(s + 14, 2);
        const int sec = number(s + 17, 2);
        const int ms = number(s + 20, 3);
        if (!d.isValid() || h < 0 || m < 0 || sec < 0 || ms < 0)
            return false;
        const QTime t(h, m, sec, ms);
        if (!t.isValid())
            return false;
        out = QDateTime(d, t, Qt::UTC);
        return true;
    }

    template<typename E> bool token(int vocabulary, E &out, std::optional<E> (*fromToken)(const QString &))
    {
        QByteArrayView utf8;
        bool ascii = true;
        if (!string(utf8, ascii))
            return false;
        QHash<QByteArray, int> &known = decoder.m_tokens[vocabulary];
        const QByteArray key = QByteArray::fromRawData(utf8.data(), utf8.size());
        auto found = known.constFind(key);
        if (found == known.constEnd()) {
            QString word;
            std::optional<E> value;
            if (toQString(utf8, ascii, word))
                value = fromToken(word);
            found = known.insert(QByteArray(utf8.data(), utf8.size()), value ? int(*value) : -1);
        }
        if (*found < 0)
            return false;
        out = E(*found);
        return true;
    }

    // An object whose keys are all in `keys`, each at most once, with every key of `required`
    // (a bit per key); `field(i)` reads the value of keys[i].
    template<size_t N, typename Field>
    bool object(const std::array<std::string_view, N> &keys, quint32 required, Field &&field)
    {
        static_assert(N <= 32);
        if (!take('{'))
            return false;
        quint32 seen = 0;
        if (take('}'))
            return required == 0;
        for (;;) {
            QByteArrayView key;
            bool ascii = true;
            if (!string(key, ascii) || !take(':'))
                return false;
            size_t index = N;
            for (size_t i = 0; i < N; ++i) {
                if (keys[i].size() == size_t(key.size()) &&
                    std::equal(keys[i].begin(), keys[i].end(), key.begin())) {
                    index = i;
                    break;
                }
            }
            if (index == N || (seen & (1u << index)) != 0)
                return false;
            seen |= 1u << index;
            if (!field(index))
                return false;
            if (take(','))
                continue;
            if (take('}'))
                return (seen & required) == required;
            return false;
        }
    }

    bool visitChildren(QList<VisitChild> &out)
    {
        static constexpr std::array<std::string_view, 3> keys = {"childId", "seen", "seenAlone"};
        if (!take('['))
            return false;
        if (take(']'))
            return true;
        QVarLengthArray<VisitChild, 4> read;
        for (;;) {
            VisitChild c;
            const bool ok = object(keys, 0b111, [&](size_t i) {
                switch (i) {
                case 0:
                    return sharedText(c.childId);
                case 1:
                    return boolean(c.seen);
                default:
                    return boolean(c.seenAlone);
                }
            });
            if (!ok)
                return false;
            read.append(std::move(c));
            if (take(','))
                continue;
            if (!take(']'))
                return false;
            out = sharedChildren(read);
            return true;
        }
    }

    // A child's visits mostly list the same children, seen the same way: such lists share one copy
    // (implicitly shared, so a change to one detaches it). Fewer allocations for the load, and the
    // flag rules, which read every visit's list, find most of them already in the cache. The ids
    // are shared strings (sharedText), so equal ids have the same text in memory.
    QList<VisitChild> sharedChildren(const QVarLengthArray<VisitChild, 4> &read)
    {
        quint64 h = quint64(read.size());
        for (const VisitChild &c : read) {
            h = (h ^ quint64(quintptr(c.childId.constData())) ^ quint64(c.childId.size()) << 48 ^
                 (quint64(c.seen) << 62) ^ (quint64(c.seenAlone) << 63)) *
                0x9E3779B97F4A7C15ULL;
        }
        const auto same = [&read](const QList<VisitChild> &list) {
            return std::equal(list.cbegin(), list.cend(), read.cbegin(), read.cend(),
                              [](const VisitChild &a, const VisitChild &b) {
                                  return a.childId.constData() == b.childId.constData() &&
                                         a.childId.size() == b.childId.size() && a.seen == b.seen &&
                                         a.seenAlone == b.seenAlone;
                              });
        };
        const auto known = decoder.m_children.constFind(h);
        if (known != decoder.m_children.constEnd() && same(*known))
            return *known;
        QList<VisitChild> list(read.cbegin(), read.cend());
        // On a clash of hashes the first list keeps its place.
        if (known == decoder.m_children.constEnd())
            decoder.m_children.insert(h, list);
        return list;
    }

    bool read(Family &f)
    {
        static constexpr std::array<std::string_view, 12> keys = {"id",
                                                                  "teamId",
                                                                  "practitionerId",
                                                                  "label",
                                                                  "postcode",
                                                                  "movedInOn",
                                                                  "movedFrom",
                                                                  "careProceedingsStartedOn",
                                                                  "carerHasCareAndSupportNeeds",
                                                                  "carersSocialWorker",
                                                                  "domesticAbuseRecordedOn",
                                                                  "earlyHelpStatus"};
        return object(keys, 0b1'0000'1111, [&](size_t i) {
            switch (i) {
            case 0:
                return sharedText(f.id);
            case 1:
                return sharedText(f.teamId);
            case 2:
                return sharedText(f.practitionerId);
            case 3:
                return text(f.label);
            case 4:
                return text(f.postcode);
            case 5:
                return optionalDate(f.movedInOn);
            case 6:
                return text(f.movedFrom);
            case 7:
                return optionalDate(f.careProceedingsStartedOn);
            case 8:
                return boolean(f.carerHasCareAndSupportNeeds);
            case 9:
                return text(f.carersSocialWorker);
            case 10:
                return optionalDate(f.domesticAbuseRecordedOn);
            default:
                return sharedText(f.earlyHelpStatus);
            }
        });
    }

    bool read(FamilyMember &m)
    {
        static constexpr std::array<std::string_view, 4> keys = {"id", "familyId", "name", "relationship"};
        return object(keys, 0b1111, [&](size_t i) {
            switch (i) {
            case 0:
                return sharedText(m.id);
            case 1:
                return sharedText(m.familyId);
            case 2:
                return text(m.name);
            default:
                return sharedText(m.relationship);
            }
        });
    }

    bool read(Child &c)
    {
        static constexpr std::array<std::string_view, 5> keys = {"id", "familyId", "name", "dateOfBirth",
                                                                 "nhsNumber"};
        return object(keys, 0b1111, [&](size_t i) {
            switch (i) {
            case 0:
                return sharedText(c.id);
            case 1:
                return sharedText(c.familyId);
            case 2:
                return text(c.name);
            case 3:
                return date(c.dateOfBirth);
            default:
                return text(c.nhsNumber);
            }
        });
    }

    bool read(Visit &v)
    {
        static constexpr std::array<std::string_view, 12> keys = {
            "id",      "familyId", "practitionerId", "practitionerRole", "occurredAt", "contactType",
            "outcome", "children", "present",        "observations",     "concerns",   "signedOffAt"};
        return object(keys, 0b0000'1111'1111, [&](size_t i) {
            switch (i) {
            case 0:
                return sharedText(v.id);
            case 1:
                return sharedText(v.familyId);
            case 2:
                return sharedText(v.practitionerId);
            case 3:
                return token(0, v.practitionerRole, &roleFromToken);
            case 4:
                return dateTime(v.occurredAt);
            case 5:
                return token(1, v.contactType, &contactTypeFromToken);
            case 6:
                return token(2, v.outcome, &outcomeFromToken);
            case 7:
                return visitChildren(v.children);
            case 8:
                return text(v.present);
            case 9:
                return text(v.observations);
            case 10:
                return text(v.concerns);
            default:
                return dateTime(v.signedOffAt);
            }
        });
    }

    bool read(ChildViews &v)
    {
        static constexpr std::array<std::string_view, 7> keys = {
            "id", "visitId", "childId", "words", "livedExperience", "presentation", "recordedAt"};
        return object(keys, 0b111, [&](size_t i) {
            switch (i) {
            case 0:
                return text(v.id);
            case 1:
                return sharedText(v.visitId);
            case 2:
                return sharedText(v.childId);
            case 3:
                return text(v.words);
            case 4:
                return text(v.livedExperience);
            case 5:
                return text(v.presentation);
            default:
                return dateTime(v.recordedAt);
            }
        });
    }

    bool read(AdvocateOffer &o)
    {
        static constexpr std::array<std::string_view, 8> keys = {
            "id", "familyId", "memberId", "offeredOn", "offeredBy", "service", "response", "followUpOn"};
        return object(keys, 0b0111'1111, [&](size_t i) {
            switch (i) {
            case 0:
                return text(o.id);
            case 1:
                return sharedText(o.familyId);
            case 2:
                return sharedText(o.memberId);
            case 3:
                return date(o.offeredOn);
            case 4:
                return sharedText(o.offeredBy);
            case 5:
                return sharedText(o.service);
            case 6:
                return token(3, o.response, &advocateResponseFromToken);
            default:
                return optionalDate(o.followUpOn);
            }
        });
    }

    bool read(Alert &a)
    {
        static constexpr std::array<std::string_view, 12> keys = {
            "id",       "familyId", "childId",  "category",       "whatHappened", "whoIsAtRisk",
            "riskFrom", "source",   "raisedOn", "requiredAction", "reviewOn",     "closedOn"};
        return object(keys, 0b0111'1111'1011, [&](size_t i) {
            switch (i) {
            case 0:
                return text(a.id);
            case 1:
                return sharedText(a.familyId);
            case 2:
                return sharedText(a.childId);
            case 3:
                return sharedText(a.category);
            case 4:
                return text(a.whatHappened);
            case 5:
                return text(a.whoIsAtRisk);
            case 6:
                return text(a.riskFrom);
            case 7:
                return sharedText(a.source);
            case 8:
                return date(a.raisedOn);
            case 9:
                return text(a.requiredAction);
            case 10:
                return date(a.reviewOn);
            default:
                return optionalDate(a.closedOn);
            }
        });
    }

    bool read(Amendment &a)
    {
        static constexpr std::array<std::string_view, 7> keys = {
            "id", "targetKind", "targetId", "authorId", "madeAt", "reason", "correction"};
        return object(keys, 0b011'1111, [&](size_t i) {
            switch (i) {
            case 0:
                return text(a.id);
            case 1:
                return sharedText(a.targetKind);
            case 2:
                return sharedText(a.targetId);
            case 3:
                return sharedText(a.authorId);
            case 4:
                return dateTime(a.madeAt);
            case 5:
                return text(a.reason);
            default:
                return text(a.correction);
            }
        });
    }

    // The record read whole and valid, then added; false leaves the caseload as it was.
    template<typename T> bool add(QList<T> &list, Problems (*validate)(const T &))
    {
        T record;
        if (!read(record) || !atEnd() || !validate(record).isEmpty())
            return false;
        list.append(std::move(record));
        return true;
    }

    bool add(Caseload &caseload, const QString &entity)
    {
        if (entity == Entity::Visit)
            return add(caseload.visits, &validateVisit);
        if (entity == Entity::ChildViews)
            return add(caseload.views, &validateChildViews);
        if (entity == Entity::Child)
            return add(caseload.children, &validateChild);
        if (entity == Entity::Family)
            return add(caseload.families, &validateFamily);
        if (entity == Entity::FamilyMember)
            return add(caseload.members, &validateFamilyMember);
        if (entity == Entity::AdvocateOffer)
            return add(caseload.offers, &validateAdvocateOffer);
        if (entity == Entity::Alert)
            return add(caseload.alerts, &validateAlert);
        if (entity == Entity::Amendment)
            return add(caseload.amendments, &validateAmendment);
        return false;
    }
};

QByteArrayView StoredRecordDecoder::keep(QByteArrayView text)
{
    if (text.isEmpty())
        return {};
    constexpr qsizetype blockSize = 16 * 1024; // some 400 ids; a longer text has a block of its own
    if (text.size() > m_keyFreeSize) {
        const qsizetype size = std::max(blockSize, text.size());
        m_keyBlocks.push_back(std::make_unique_for_overwrite<char[]>(size_t(size)));
        m_keyFree = m_keyBlocks.back().get();
        m_keyFreeSize = size;
    }
    const QByteArrayView kept(m_keyFree, text.size());
    std::memcpy(m_keyFree, text.data(), size_t(text.size()));
    m_keyFree += text.size();
    m_keyFreeSize -= text.size();
    return kept;
}

Result<void> StoredRecordDecoder::add(Caseload &caseload, const QString &entity, const QByteArray &json)
{
    StoredRecordParser parser{*this, json.constData(), json.constData() + json.size(), {}};
    if (parser.add(caseload, entity))
        return {};
    return addToCaseload(caseload, entity, QJsonDocument::fromJson(json).object());
}

} // namespace doorstep
