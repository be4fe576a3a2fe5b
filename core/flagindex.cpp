#include "flagindex.h"

#include "flags.h"

#include <QHash>
#include <QHashFunctions>

#include <algorithm>
#include <bit>
#include <cstring>

namespace doorstep {

namespace {

bool hasText(const QString &s)
{
    // Nearly every text starts with a letter.
    if (s.isEmpty())
        return false;
    if (const char16_t first = s.front().unicode(); first > u' ' && first < 0x7f)
        return true;
    return std::any_of(s.begin(), s.end(), [](QChar c) { return !c.isSpace(); });
}

// Offsets of groups from their sizes: counts[s] becomes the first position of group s, and one more
// entry holds the total.
std::vector<qsizetype> offsetsOf(std::vector<qsizetype> counts)
{
    qsizetype total = 0;
    for (qsizetype &n : counts)
        total += std::exchange(n, total);
    counts.push_back(total);
    return counts;
}

} // namespace

// Every id is hashed once: each child's, each listed child's at a visit, each view's child. The
// visits are read once; the contacts are then placed by child from a compact copy.
// Each view marks the contacts of its child at its visit, found among the few of that child by
// comparing visit ids, so that no visit id is hashed.
CaseloadIndex::CaseloadIndex(const Caseload &c, Views views, VisitHook hook)
{
    IdSlots slotOfId(c.children.size());
    m_slotOfChild.reserve(size_t(c.children.size()));
    m_childIdOfSlot.reserve(size_t(c.children.size()));
    for (const Child &child : c.children) {
        const qsizetype slot = slotOfId.insert(child.id);
        if (size_t(slot) == m_childIdOfSlot.size())
            m_childIdOfSlot.push_back(&child.id);
        m_slotOfChild.push_back(slot);
    }

    std::vector<qsizetype> contactCounts(size_t(slotOfId.size()), 0);
    std::vector<ChildContact> inVisitOrder;
    std::vector<quint32> slotOfContact; // a slot per distinct child id: far fewer than 2^32
    inVisitOrder.reserve(size_t(c.visits.size()));
    slotOfContact.reserve(size_t(c.visits.size()));
    for (const Visit &v : c.visits) {
        const QDate date = contactDate(v);
        // Read while the visit is at hand: it tells the visit ids of a child's contacts apart
        // below, and orders the flags about them, without going back to each visit.
        const bool withViews = views == Views::Index && !v.children.isEmpty();
        const quint64 visitIdPrefix = withViews ? idPrefix(v.id) : 0;
        if (hook.call)
            hook.call(hook.context, v, date);
        for (const VisitChild &vc : v.children) {
            const qsizetype slot = slotOfId.insert(vc.childId);
            if (size_t(slot) == contactCounts.size()) {
                contactCounts.push_back(0);
                m_childIdOfSlot.push_back(&vc.childId);
            }
            ++contactCounts[size_t(slot)];
            slotOfContact.push_back(quint32(slot));
            inVisitOrder.push_back(contactOf(v, vc, date, visitIdPrefix));
            if (withViews) {
                inVisitOrder.back().visitIdText = v.id.constData();
                inVisitOrder.back().visitIdSize = v.id.size();
            }
        }
    }

    m_firstContact = offsetsOf(std::move(contactCounts));
    std::vector<qsizetype> next(m_firstContact.begin(), m_firstContact.end() - 1);
    m_contactCount = inVisitOrder.size();
    m_contacts.reset(new ChildContact[m_contactCount]);
    for (size_t n = 0; n < m_contactCount; ++n)
        m_contacts[size_t(next[size_t(slotOfContact[n])]++)] = inVisitOrder[n];

    if (views == Views::Skip)
        return;
    // A view of a child listed at no visit answers nothing.
    for (const ChildViews &cv : c.views) {
        const bool voice = hasText(cv.words) || hasText(cv.presentation);
        const bool lived = hasText(cv.livedExperience);
        if (!voice && !lived)
            continue;
        const qsizetype slot = slotOfId.find(cv.childId);
        if (slot < 0)
            continue;
        const quint64 visitIdPrefix = idPrefix(cv.visitId);
        const QChar *visitIdText = cv.visitId.constData();
        const qsizetype visitIdSize = cv.visitId.size();
        for (qsizetype i = m_firstContact[size_t(slot)]; i < m_firstContact[size_t(slot) + 1]; ++i) {
            ChildContact &contact = m_contacts[size_t(i)];
            if (contact.visitIdPrefix != visitIdPrefix)
                continue;
            const bool sameText = contact.visitIdText == visitIdText && contact.visitIdSize == visitIdSize;
            if (sameText || sameId(contact.visit->id, cv.visitId)) {
                contact.anyViews = true;
                contact.voiceAndImpact = contact.voiceAndImpact || (voice && lived);
            }
        }
    }
}

namespace {

// Past this many places an insertion stops trusting the cheap hash.
constexpr size_t longProbe = 48;

quint64 mix(quint64 h)
{
    h ^= h >> 32;
    h *= 0xD6E8FEB86659FD93ULL;
    h ^= h >> 32;
    return h;
}

} // namespace

IdSlots::IdSlots(qsizetype expected)
{
    const quint64 seed = quint64(size_t(QHashSeed::globalSeed()));
    m_seed[0] = seed;
    m_seed[1] = std::rotl(seed, 17);
    m_seed[2] = std::rotl(seed, 41);
    m_ids.reserve(size_t(expected));
    rebuild(std::bit_ceil(size_t(std::max<qsizetype>(expected, 8)) * 2));
}

quint64 IdSlots::hashOf(QStringView id) const
{
    if (m_keyed)
        return quint64(qHash(id, size_t(m_seed[0])));
    const qsizetype n = id.size();
    const char *bytes = reinterpret_cast<const char *>(id.data());
    quint64 w0 = 0;
    quint64 w1 = 0;
    quint64 w2 = 0;
    quint64 w3 = 0;
    if (n >= 8) {
        const char *tail = bytes + 2 * (n - 8);
        std::memcpy(&w0, bytes, 8);
        std::memcpy(&w1, bytes + 8, 8);
        std::memcpy(&w2, tail, 8);
        std::memcpy(&w3, tail + 8, 8);
    } else if (n > 0) { // an empty id may have no text at all, and memcpy wants a pointer
        quint64 w[2] = {0, 0};
        std::memcpy(w, bytes, size_t(n) * 2);
        w0 = w[0];
        w1 = w[1];
    }
    constexpr quint64 k0 = 0x9E3779B97F4A7C15ULL;
    constexpr quint64 k1 = 0xBF58476D1CE4E5B9ULL;
    // Two independent products, so that they overlap in the pipeline.
    const quint64 a = (w0 ^ m_seed[0]) * k0 + (w1 ^ m_seed[1]) * k1;
    const quint64 b = (w2 ^ quint64(n)) * k1 + (w3 ^ m_seed[2]) * k0;
    return mix(a ^ std::rotl(b, 31));
}

void IdSlots::rebuild(size_t capacity)
{
    m_table.assign(capacity, Entry{0, -1});
    m_mask = capacity - 1;
    m_longestProbe = 0;
    for (size_t slot = 0; slot < m_ids.size(); ++slot) {
        const quint64 h = hashOf(m_ids[slot]);
        size_t i = size_t(h) & m_mask;
        size_t probe = 0;
        while (m_table[i].slot >= 0) {
            i = (i + 1) & m_mask;
            ++probe;
        }
        m_table[i] = Entry{h, qsizetype(slot)};
        m_longestProbe = std::max(m_longestProbe, probe);
    }
}

qsizetype IdSlots::insert(QStringView id)
{
    const quint64 h = hashOf(id);
    size_t i = size_t(h) & m_mask;
    size_t probe = 0;
    for (; m_table[i].slot >= 0; i = (i + 1) & m_mask, ++probe) {
        const Entry &e = m_table[i];
        if (e.hash == h && sameId(m_ids[size_t(e.slot)], id))
            return e.slot;
    }
    const qsizetype slot = size();
    m_ids.push_back(id);
    if (probe > longProbe && !m_keyed) {
        m_keyed = true;
        rebuild(m_table.size());
    } else if (m_ids.size() * 2 > m_table.size()) {
        rebuild(m_table.size() * 2);
    } else {
        m_table[i] = Entry{h, slot};
        m_longestProbe = std::max(m_longestProbe, probe);
    }
    return slot;
}

qsizetype IdSlots::find(QStringView id) const
{
    const quint64 h = hashOf(id);
    size_t i = size_t(h) & m_mask;
    for (size_t probe = 0; probe <= m_longestProbe && m_table[i].slot >= 0; i = (i + 1) & m_mask, ++probe) {
        const Entry &e = m_table[i];
        if (e.hash == h && sameId(m_ids[size_t(e.slot)], id))
            return e.slot;
    }
    return -1;
}

IdFilter::IdFilter(qsizetype expected)
{
    // About 16 bits per id, at least one word: a false "maybe" is rare and costs one look-up.
    const quint64 bits = std::bit_ceil(quint64(std::max<qsizetype>(expected, 4)) * 16);
    m_bits.assign(size_t(std::max<quint64>(bits / 64, 1)), 0);
    m_shift = 64 - std::countr_zero(bits);
}

void IdFilter::add(QStringView id)
{
    const quint64 h = fingerprint(id) * 0x9E3779B97F4A7C15ULL >> m_shift;
    m_bits[size_t(h >> 6)] |= quint64(1) << (h & 63);
}

// The length and the first and last four characters: ids that differ anywhere else collide, and
// are then told apart by the exact look-up.
quint64 IdFilter::fingerprint(QStringView id)
{
    const qsizetype n = id.size();
    quint64 head = 0;
    quint64 tail = 0;
    if (n >= 4) {
        std::memcpy(&head, id.data(), sizeof head);
        std::memcpy(&tail, id.data() + n - 4, sizeof tail);
    } else {
        for (qsizetype i = 0; i < n; ++i)
            head = (head << 16) | id[i].unicode();
    }
    return head ^ std::rotl(tail, 29) ^ (quint64(n) << 48);
}

} // namespace doorstep
