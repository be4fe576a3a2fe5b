// The flag rules' working index (used by flags.cpp only): CaseloadIndex, what each child of a
// caseload figured in (contacts, and the views recorded at them), built once per flag computation so
// that every rule walks small arrays by position instead of hashing ids again; IdSlots, the table
// that hashes each id once; IdFilter, a cheap "may this id be in the set?" test in front of the hash
// look-ups the rules still make; idPrefix, ids as numbers for the sort. Plain data pointing into a
// caseload it does not own (which must outlive it); one thread.
#pragma once

#include "domain.h"

#include <QDate>
#include <QString>
#include <QStringView>
#include <QtEndian>

#include <algorithm>
#include <cstring>
#include <memory>
#include <span>
#include <vector>

namespace doorstep {

// The first eight characters of an id as one number that orders as the text does, so that nearly
// every comparison of ids in the sort is one integer comparison (ids are UUIDs: eight hex digits
// tell nearly all apart). Each character takes a byte; one past Latin-1 takes 255 and ends the
// prefix, which keeps the order (a tie falls back to comparing the texts).
inline quint64 idPrefix(QStringView id)
{
    const char16_t *c = id.utf16();
    if (id.size() >= 8) {
        // Eight characters below 255 (nearly every id): their low bytes, first one highest.
        quint64 lo;
        quint64 hi;
        std::memcpy(&lo, c, sizeof lo);
        std::memcpy(&hi, c + 4, sizeof hi);
        // With every high byte zero, a character of 255 is the only one that carries into its high
        // byte when one is added.
        constexpr quint64 highBytes = 0xFF00FF00FF00FF00ULL;
        constexpr quint64 ones = 0x0001000100010001ULL;
        if (((lo | hi | (lo + ones) | (hi + ones)) & highBytes) == 0) {
            const auto pack = [](quint64 w) {
                w = (w | (w >> 8)) & 0x0000FFFF0000FFFFULL;
                return (w | (w >> 16)) & 0xFFFFFFFFULL;
            };
            return qFromBigEndian(pack(lo) | (pack(hi) << 32));
        }
    }
    const qsizetype n = std::min<qsizetype>(id.size(), 8);
    quint64 prefix = 0;
    qsizetype i = 0;
    while (i < n) {
        const char16_t unit = c[i++];
        prefix = (prefix << 8) | std::min<char16_t>(unit, 255);
        if (unit >= 255)
            break;
    }
    return i == 0 ? 0 : prefix << (8 * (8 - i));
}

// One child on one contact, with what the rules ask of the contact copied beside it, so that a walk
// over a child's contacts reads this array rather than the large Visit records. The child is the
// slot's (CaseloadIndex::childIdOfSlot).
struct ChildContact
{
    const Visit *visit;
    QDate date;            // contactDate(*visit)
    quint64 visitIdPrefix; // idPrefix(visit->id) when the index holds views
    // Where visit->id's text is, when the index holds views: a view of this visit nearly always
    // holds a copy of that very id, and then matches without a look at the visit.
    const QChar *visitIdText = nullptr;
    qsizetype visitIdSize = 0;
    Outcome outcome;
    ContactType contactType;
    Role practitionerRole;
    bool seen;
    // Only when the index holds views: views of this child at this visit with words, presentation
    // or lived experience written (any), and with the child's voice and the impact on them.
    bool anyViews = false;
    bool voiceAndImpact = false;
};

inline ChildContact contactOf(const Visit &visit, const VisitChild &listed, const QDate &date,
                              quint64 visitIdPrefix)
{
    return ChildContact{&visit,     date,          visitIdPrefix,     nullptr,
                        0,          visit.outcome, visit.contactType, visit.practitionerRole,
                        listed.seen};
}

// Ids to dense slots 0, 1, 2, ... in the order first added: the one place the index hashes ids. Open
// addressing on a cheap hash of an id's length and first and last eight characters, salted with
// Qt's per-process seed. Ids are made on devices and the server computes flags too, so ids made to
// collide must not make it quadratic: when an insertion has to probe further than a few dozen
// places, the table is rebuilt on Qt's own keyed hash of the whole id, and every look-up probes no
// further than the longest insertion did.
class IdSlots
{
public:
    explicit IdSlots(qsizetype expected);
    // The slot of id, adding it as the next slot if new. The id's text must outlive the table.
    qsizetype insert(QStringView id);
    // The slot of id, or -1.
    qsizetype find(QStringView id) const;
    qsizetype size() const { return qsizetype(m_ids.size()); }

private:
    struct Entry
    {
        quint64 hash;
        qsizetype slot; // -1: empty
    };
    quint64 hashOf(QStringView id) const;
    void rebuild(size_t capacity);

    std::vector<Entry> m_table;
    std::vector<QStringView> m_ids; // by slot
    size_t m_mask = 0;
    size_t m_longestProbe = 0;
    quint64 m_seed[3];
    bool m_keyed = false; // hashing with qHash after a long probe
};

// Called for each visit, in the order of caseload.visits, while the index reads it, with its UK day
// (contactDate()): a rule that needs one more look at every visit takes it there rather than in a
// second pass over the large records.
struct CaseloadVisitHook
{
    void (*call)(void *context, const Visit &visit, const QDate &date) = nullptr;
    void *context = nullptr;
};

// Built from a caseload on construction; views are indexed only when asked for (the newborn rule
// alone needs none).
class CaseloadIndex
{
public:
    enum class Views { Skip, Index };
    using VisitHook = CaseloadVisitHook;
    CaseloadIndex(const Caseload &caseload, Views views, VisitHook hook = {});

    // The contacts of the child at position i of caseload.children, in the order of caseload.visits.
    std::span<const ChildContact> contactsOf(qsizetype i) const
    {
        return contactsOfSlot(m_slotOfChild[size_t(i)]);
    }
    // Every child listed at a visit has a slot, also one not in caseload.children: slots 0 to
    // slotCount() - 1, in the order their ids first appear in caseload.children and then the visits.
    qsizetype slotCount() const { return qsizetype(m_firstContact.size()) - 1; }
    std::span<const ChildContact> contactsOfSlot(qsizetype slot) const
    {
        const size_t from = size_t(m_firstContact[size_t(slot)]);
        return std::span<const ChildContact>(m_contacts.get(), m_contactCount)
            .subspan(from, size_t(m_firstContact[size_t(slot) + 1]) - from);
    }
    // Every contact of every slot.
    qsizetype contactCount() const { return qsizetype(m_contactCount); }
    // The id of the child of a slot, as first met (every contact of the slot lists the same text).
    const QString &childIdOfSlot(qsizetype slot) const { return *m_childIdOfSlot[size_t(slot)]; }

private:
    std::vector<qsizetype> m_slotOfChild; // by position in caseload.children; one id, one slot
    std::vector<const QString *> m_childIdOfSlot;
    // Grouped by slot: [m_firstContact[s], m_firstContact[s + 1]). Not a vector: every element is
    // written once, in its place, and a vector would clear them all first.
    std::unique_ptr<ChildContact[]> m_contacts;
    size_t m_contactCount = 0;
    std::vector<qsizetype> m_firstContact;
};

// A set of ids answering "maybe" or "certainly not" from a few characters of the id, without a hash
// of the whole text. "Maybe" must be confirmed by an exact look-up: the test is not keyed, so ids made
// to collide only cost that look-up, which every id paid before.
class IdFilter
{
public:
    explicit IdFilter(qsizetype expected);
    void add(QStringView id);
    bool mayContain(QStringView id) const
    {
        const quint64 h = fingerprint(id) * 0x9E3779B97F4A7C15ULL >> m_shift;
        return (m_bits[size_t(h >> 6)] >> (h & 63)) & 1;
    }

private:
    static quint64 fingerprint(QStringView id);
    std::vector<quint64> m_bits;
    int m_shift;
};

// Equality of two ids, with the cheap tests first (same text, length, first character).
inline bool sameId(QStringView a, QStringView b)
{
    if (a.size() != b.size())
        return false;
    if (a.data() == b.data() || a.isEmpty())
        return true;
    return a.front() == b.front() && std::memcmp(a.data(), b.data(), size_t(a.size()) * sizeof(QChar)) == 0;
}

} // namespace doorstep
