#include "flags.h"

#include "flagindex.h"
#include "vocabulary.h"

#include <QHash>
#include <QStringBuilder>
#include <QTimeZone>

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <span>
#include <utility>
#include <vector>

using namespace Qt::StringLiterals;

namespace doorstep {

namespace {

const QString noId; // the child of a flag about a family or a member

// A flag while the rules run: where its ids are in the caseload and which texts it has, so that the
// sort moves a few words per flag and each Flag is built once, in its final place.
struct PendingFlag
{
    const QString *familyId;
    const QString *childId;
    const QString *subjectId;
    quint64 childPrefix;   // idPrefix(*childId)
    quint64 subjectPrefix; // idPrefix(*subjectId)
    quint32 reason;        // in FlagSink::texts
    quint32 toClear;       // in FlagSink::texts
    int daysOverdue;
    FlagKind kind;
    FlagSeverity severity;
};

// The flags the rules raise, and their texts. Many flags share a text (every child's-voice flag of
// one day and contact type has the same reason), and then hold one implicitly shared copy of it.
struct FlagSink
{
    std::vector<PendingFlag> flags;
    std::vector<QString> texts;

    quint32 text(QString s)
    {
        texts.push_back(std::move(s));
        return quint32(texts.size() - 1);
    }
    void add(FlagKind kind, FlagSeverity severity, const QString &familyId, const QString &childId,
             const QString &subjectId, int daysOverdue, quint32 reason, quint32 toClear)
    {
        add(kind, severity, familyId, childId, idPrefix(childId), subjectId, idPrefix(subjectId), daysOverdue,
            reason, toClear);
    }
    // With the prefixes of the ids, where the rule has them at hand.
    void add(FlagKind kind, FlagSeverity severity, const QString &familyId, const QString &childId,
             quint64 childPrefix, const QString &subjectId, quint64 subjectPrefix, int daysOverdue,
             quint32 reason, quint32 toClear)
    {
        flags.push_back(PendingFlag{&familyId, &childId, &subjectId, childPrefix, subjectPrefix, reason,
                                    toClear, daysOverdue, kind, severity});
    }
};

// formatDate() for every flag made many thousands of identical strings; a caseload has few
// distinct contact days, so each is formatted once per computation.
class DateTexts
{
public:
    const QString &operator()(const QDate &date)
    {
        const qint64 day = date.isValid() ? date.toJulianDay() : std::numeric_limits<qint64>::min();
        auto it = m_texts.constFind(day);
        if (it == m_texts.constEnd())
            it = m_texts.insert(day, formatDate(date));
        return *it;
    }

private:
    QHash<qint64, QString> m_texts;
};

bool isNewBirthContact(const ChildContact &c, const QDate &dateOfBirth)
{
    // A visit before the birth (antenatal) is not the new birth visit.
    return c.outcome == Outcome::Completed && isFaceToFace(c.contactType) &&
           isBirthVisitRole(c.practitionerRole) && c.date >= dateOfBirth;
}

QString days(qint64 n)
{
    return n == 1 ? u"1 day"_s : u"%1 days"_s.arg(n);
}

// Ids compared as views, equal at once when they share their text (a flag's ids are copies of the
// records' ids, so most do).
int compareIds(const QString &a, const QString &b)
{
    if (a.constData() == b.constData() && a.size() == b.size())
        return 0;
    return QStringView(a).compare(QStringView(b));
}

// Most severe first, then most overdue, then by family, child, kind and subject id; flags alike in
// all of these keep the order the rules raised them in.
//
// The sort compares integers only: severity and days overdue make one, and each id its first eight
// characters (idPrefix). That is the full order unless two different ids share their first eight
// characters; one pass over neighbours checks it (in the integer order all flags whose prefixes tie
// are neighbours, so a difference hidden by a tie shows between two of them), and where it finds
// one, that run of flags is sorted again comparing the texts.
//
// The place of each flag in that order, by the index of the flag in sink.flags. Its working arrays
// are freed on return, before the flags themselves are built.
std::vector<quint32> sortedPositions(const FlagSink &sink)
{
    struct Key
    {
        quint64 rank; // larger first: severity, then days overdue
        quint64 family;
        quint64 child;
        quint64 subject;
        // Where the family's and the child's ids are: copies of one id share their text, so the
        // check below that the prefixes hide no difference seldom needs to look at the records.
        const QChar *familyText;
        const QChar *childText;
        qint32 familySize; // -1: too long to tell by text and size alone
        qint32 childSize;
        quint32 kind;
        quint32 index; // in sink.flags
    };
    const std::vector<PendingFlag> &flags = sink.flags;
    std::vector<Key> keys;
    keys.reserve(flags.size());
    // Flags raised one after another mostly share their family, and copies of one id share its
    // text: the prefix of the last text is kept.
    struct LastPrefix
    {
        const QChar *text = nullptr;
        qsizetype size = -1;
        quint64 prefix = 0;
        quint64 operator()(const QString &id)
        {
            if (id.constData() != text || id.size() != size) {
                text = id.constData();
                size = id.size();
                prefix = idPrefix(id);
            }
            return prefix;
        }
    };
    LastPrefix familyPrefix;
    const auto shortSize = [](qsizetype n) {
        return n <= std::numeric_limits<qint32>::max() ? qint32(n) : -1;
    };
    for (size_t i = 0; i < flags.size(); ++i) {
        const PendingFlag &f = flags[i];
        // Days overdue are an int; offset into unsigned so that negative values still order.
        const quint64 days = quint64(qint64(f.daysOverdue) - qint64(std::numeric_limits<int>::min()));
        keys.push_back(Key{(quint64(f.severity) << 33) | days, familyPrefix(*f.familyId), f.childPrefix,
                           f.subjectPrefix, familyPrefix.text, f.childId->constData(),
                           shortSize(familyPrefix.size), shortSize(f.childId->size()), quint32(f.kind),
                           quint32(i)});
    }
    // The rules raise a child's flags of one kind together (a flag per contact, say), so the flags
    // fall into groups alike in all but their subject. The groups are sorted, and then the few
    // flags of each group (or of groups that tie): the same order as sorting all the flags, with
    // far fewer flags compared.
    struct Group
    {
        quint64 rank;
        quint64 family;
        quint64 child;
        quint32 kind;
        quint32 first; // in keys; the group is keys[first, next group's first)
    };
    std::vector<Group> groups;
    for (size_t i = 0; i < keys.size(); ++i) {
        const Key &k = keys[i];
        if (!groups.empty()) {
            const Group &g = groups.back();
            if (k.rank == g.rank && k.family == g.family && k.child == g.child && k.kind == g.kind)
                continue;
        }
        groups.push_back(Group{k.rank, k.family, k.child, k.kind, quint32(i)});
    }
    const auto groupEnd = [&](const Group &g) {
        const size_t next = size_t(&g - groups.data()) + 1;
        return next < groups.size() ? groups[next].first : quint32(keys.size());
    };
    const auto sameGroupKey = [](const Group &a, const Group &b) {
        return a.rank == b.rank && a.family == b.family && a.child == b.child && a.kind == b.kind;
    };
    std::vector<quint32> order(groups.size());
    for (size_t g = 0; g < groups.size(); ++g)
        order[g] = quint32(g);
    std::sort(order.begin(), order.end(), [&](quint32 x, quint32 y) {
        const Group &a = groups[x];
        const Group &b = groups[y];
        if (a.rank != b.rank)
            return a.rank > b.rank;
        if (a.family != b.family)
            return a.family < b.family;
        if (a.child != b.child)
            return a.child < b.child;
        if (a.kind != b.kind)
            return a.kind < b.kind;
        return a.first < b.first;
    });
    // The flags in sorted order, by their index in keys (keys[i].index == i): an index moves four
    // bytes where a key moves sixty-four.
    std::vector<quint32> ranked;
    ranked.reserve(keys.size());
    for (size_t o = 0; o < order.size();) {
        const size_t from = ranked.size();
        size_t to = o;
        for (; to < order.size() && sameGroupKey(groups[order[to]], groups[order[o]]); ++to) {
            const Group &g = groups[order[to]];
            for (quint32 i = g.first; i < groupEnd(g); ++i)
                ranked.push_back(i);
        }
        if (ranked.size() - from > 1) {
            std::sort(ranked.begin() + qsizetype(from), ranked.end(), [&keys](quint32 x, quint32 y) {
                const quint64 a = keys[x].subject;
                const quint64 b = keys[y].subject;
                return a != b ? a < b : x < y;
            });
        }
        o = to;
    }

    const auto prefixesHideADifference = [&](quint32 x, quint32 y) {
        const Key &a = keys[x];
        const Key &b = keys[y];
        const PendingFlag &fa = flags[a.index];
        const PendingFlag &fb = flags[b.index];
        const bool sameFamilyText =
            a.familyText == b.familyText && a.familySize == b.familySize && a.familySize >= 0;
        if (!sameFamilyText && !sameId(*fa.familyId, *fb.familyId))
            return true;
        if (a.child != b.child)
            return false;
        const bool sameChildText =
            a.childText == b.childText && a.childSize == b.childSize && a.childSize >= 0;
        if (!sameChildText && !sameId(*fa.childId, *fb.childId))
            return true;
        return a.kind == b.kind && a.subject == b.subject && !sameId(*fa.subjectId, *fb.subjectId);
    };
    const auto byText = [&](quint32 x, quint32 y) {
        const Key &a = keys[x];
        const Key &b = keys[y];
        if (a.rank != b.rank)
            return a.rank > b.rank;
        const PendingFlag &fa = flags[a.index];
        const PendingFlag &fb = flags[b.index];
        if (a.family != b.family)
            return a.family < b.family;
        if (const int c = compareIds(*fa.familyId, *fb.familyId); c != 0)
            return c < 0;
        if (a.child != b.child)
            return a.child < b.child;
        if (const int c = compareIds(*fa.childId, *fb.childId); c != 0)
            return c < 0;
        if (a.kind != b.kind)
            return a.kind < b.kind;
        if (a.subject != b.subject)
            return a.subject < b.subject;
        if (const int c = compareIds(*fa.subjectId, *fb.subjectId); c != 0)
            return c < 0;
        return a.index < b.index;
    };
    // Runs of one rank and family prefix are checked, and sorted again only where needed.
    for (auto run = ranked.begin(); run != ranked.end();) {
        const Key &first = keys[*run];
        const auto end = std::find_if(run + 1, ranked.end(), [&](quint32 i) {
            return keys[i].rank != first.rank || keys[i].family != first.family;
        });
        if (std::adjacent_find(run, end, prefixesHideADifference) != end)
            std::sort(run, end, byText);
        run = end;
    }

    std::vector<quint32> position(ranked.size());
    for (size_t r = 0; r < ranked.size(); ++r)
        position[ranked[r]] = quint32(r);
    return position;
}

// Each Flag is built in the order the rules raised it and put straight into its sorted place. Built
// in sorted order instead, it took each id's reference from records all over the caseload, one
// cache miss after another that the atomic increment of each reference count could not overlap; in
// raise order the records come nearly in the order they lie in memory, and the random stores to
// the list overlap freely.
QList<Flag> sortedFlags(const FlagSink &sink)
{
    const std::vector<PendingFlag> &flags = sink.flags;
    const std::vector<quint32> position = sortedPositions(sink);
    QList<Flag> out(qsizetype(flags.size()));
    Flag *placed = out.data();
    for (size_t i = 0; i < flags.size(); ++i) {
        const PendingFlag &f = flags[i];
        // Braces, not parentheses: clang 14 (the fuzz build) lacks C++20's parenthesised aggregate
        // initialisation.
        placed[position[i]] = Flag{f.kind,       f.severity,    *f.familyId,          *f.childId,
                                   *f.subjectId, f.daysOverdue, sink.texts[f.reason], sink.texts[f.toClear]};
    }
    return out;
}

// Theme 1. Age rule: a child aged 0..window days with no new birth visit; Info before the visit is
// due, Amber while it is due (amberFromDay..redAfterDay), Red after. Period rule: a child born in
// a configured period who never had one, at any age, is Red. Both apply: one flag, the more severe
// (the period rule, which is always Red).
void newbornFlags(const Caseload &caseload, const CaseloadIndex &index, const RuleSettings &s,
                  const QDate &today, FlagSink &out)
{
    quint32 toClear = 0;
    bool haveToClear = false;
    for (qsizetype i = 0; i < caseload.children.size(); ++i) {
        const Child &child = caseload.children.at(i);
        const QDate dob = child.dateOfBirth;
        // An expected baby (date of birth still to come) is never flagged.
        if (!dob.isValid() || dob > today)
            continue;
        const qint64 age = dob.daysTo(today);
        const BirthPeriod *period = nullptr;
        for (const BirthPeriod &p : s.birthPeriods) {
            if (dob >= p.from && dob <= p.to) {
                period = &p;
                break;
            }
        }
        const bool inWindow = age <= s.newbornWindowDays;
        if (!inWindow && !period)
            continue;
        const std::span<const ChildContact> contacts = index.contactsOf(i);
        if (std::any_of(contacts.begin(), contacts.end(),
                        [&](const ChildContact &c) { return isNewBirthContact(c, dob); }))
            continue;

        if (!std::exchange(haveToClear, true))
            toClear =
                out.text(u"Record a completed face-to-face visit (home or clinic) by a midwife or health "
                         u"visitor that includes this child."_s);
        const int daysOverdue = static_cast<int>(std::max<qint64>(0, age - s.newbornRedAfterDay));
        FlagSeverity severity;
        QString reason;
        const QString born = u"Born %1 (%2 old)"_s.arg(formatDate(dob), days(age));
        if (period) {
            severity = FlagSeverity::Red;
            reason =
                u"%1, during \"%2\" (%3 to %4), and never had a face-to-face visit by a midwife or health "
                u"visitor; every baby born in that period must have had one."_s.arg(
                    born, period->label, formatDate(period->from), formatDate(period->to));
        } else if (age <= s.newbornRedAfterDay) {
            severity = age < s.newbornAmberFromDay ? FlagSeverity::Info : FlagSeverity::Amber;
            reason =
                u"%1 and no face-to-face visit by a midwife or health visitor yet; the new birth visit is "
                u"due between day %2 and day %3."_s.arg(born)
                    .arg(s.newbornAmberFromDay)
                    .arg(s.newbornRedAfterDay);
        } else {
            severity = FlagSeverity::Red;
            reason =
                u"%1 and no face-to-face visit by a midwife or health visitor yet; the new birth visit was "
                u"due by day %2 and is %3 overdue."_s.arg(born)
                    .arg(s.newbornRedAfterDay)
                    .arg(days(daysOverdue));
        }
        out.add(FlagKind::NewbornNoFaceToFace, severity, child.familyId, child.id, child.id, daysOverdue,
                out.text(std::move(reason)), toClear);
    }
}

// Theme 3. Contacts missed in the window [today - window, today], both ends inclusive. A later
// completed contact at which the child was seen answers the pattern.
void wasNotBroughtFlags(const Caseload &caseload, const CaseloadIndex &index, const RuleSettings &s,
                        const QDate &today, FlagSink &out)
{
    const QDate windowStart = today.addDays(-s.wasNotBroughtWindowDays);
    quint32 toClear = 0;
    bool haveToClear = false;
    for (qsizetype i = 0; i < caseload.children.size(); ++i) {
        const Child &child = caseload.children.at(i);
        const std::span<const ChildContact> contacts = index.contactsOf(i);
        int count = 0;
        const ChildContact *latest = nullptr;
        for (const ChildContact &c : contacts) {
            if (c.outcome != Outcome::WasNotBrought || c.date < windowStart || c.date > today)
                continue;
            ++count;
            if (!latest || latest->visit->occurredAt < c.visit->occurredAt)
                latest = &c;
        }
        if (count < s.wasNotBroughtCount || count == 0)
            continue;
        const bool seenSince = std::any_of(contacts.begin(), contacts.end(), [&](const ChildContact &c) {
            return c.seen && c.outcome == Outcome::Completed &&
                   c.visit->occurredAt > latest->visit->occurredAt && c.date <= today;
        });
        if (seenSince)
            continue;
        if (!std::exchange(haveToClear, true))
            toClear =
                out.text(u"Record a completed contact at which the child is seen. If the child is still not "
                         u"being brought, talk it through with your safeguarding lead."_s);
        out.add(FlagKind::WasNotBroughtPattern,
                count >= 2 * s.wasNotBroughtCount ? FlagSeverity::Red : FlagSeverity::Amber, child.familyId,
                child.id, child.id, 0,
                out.text(u"The child was not brought to %1 contacts in the last %2 (most recently on %3)."_s
                             .arg(count)
                             .arg(days(s.wasNotBroughtWindowDays), formatDate(latest->date))),
                toClear);
    }
}

// The families a rule applies to, by id, each with its date; as QHash::insert, a later family with
// the same id replaces an earlier one. The filter spares the exact look-up for nearly every id not
// among them.
class FamilyDates
{
public:
    template<typename Pick>
    FamilyDates(const Caseload &caseload, Pick &&pick)
        : m_filter(0)
    {
        for (const Family &family : caseload.families) {
            if (const std::optional<QDate> date = pick(family))
                m_dates.insert(family.id, Entry{&family, *date});
        }
        m_filter = IdFilter(m_dates.size());
        for (auto it = m_dates.cbegin(); it != m_dates.cend(); ++it)
            m_filter.add(it.key());
    }
    bool isEmpty() const { return m_dates.isEmpty(); }
    qsizetype size() const { return m_dates.size(); }
    // The family and its date, or null.
    const std::pair<const Family *, QDate> *find(const QString &familyId) const
    {
        if (!m_filter.mayContain(familyId))
            return nullptr;
        const auto it = m_dates.constFind(familyId);
        return it == m_dates.constEnd() ? nullptr : &*it;
    }

private:
    using Entry = std::pair<const Family *, QDate>;
    QHash<QStringView, Entry> m_dates;
    IdFilter m_filter;
};

// Theme 3. (a) Every completed contact at which a child was seen needs the child's views or
// presentation. (b) Where domestic abuse is recorded, each child already born needs, from a
// contact on or after that date, their voice (or presentation) and the impact on them.
void childVoiceFlags(const Caseload &caseload, const CaseloadIndex &index, const QDate &today, FlagSink &out)
{
    // One reason per contact type and day: this rule raises a flag per contact, tens of thousands on
    // a large caseload, and they share a few hundred texts.
    QString lowerLabels[4];
    for (const ContactType t : {ContactType::FaceToFaceHome, ContactType::FaceToFaceClinic,
                                ContactType::Video, ContactType::Telephone})
        lowerLabels[static_cast<int>(t)] = label(t).toLower();
    DateTexts dateText;
    // By day * 4 + contact type; the flags of one child's contacts come together, and the few keys
    // of the last while are found in a small table before the hash.
    QHash<qint64, quint32> reasons;
    struct Recent
    {
        qint64 key = std::numeric_limits<qint64>::max();
        quint32 reason = 0;
    };
    std::array<Recent, 64> recent;
    const quint32 toClear =
        out.text(u"Record the child's own words, what a day is like for them, or (for a baby or a child "
                 u"who cannot speak) how they presented and interacted, for that contact."_s);
    // Child by child, so that each child's flags come together (see sortedFlags).
    for (qsizetype slot = 0; slot < index.slotCount(); ++slot) {
        const std::span<const ChildContact> contacts = index.contactsOfSlot(slot);
        const QString &childId = index.childIdOfSlot(slot);
        const quint64 childPrefix = contacts.empty() ? 0 : idPrefix(childId);
        for (const ChildContact &c : contacts) {
            if (c.outcome != Outcome::Completed || !c.seen || c.anyViews)
                continue;
            const int type = static_cast<int>(c.contactType);
            const qint64 key = c.date.isValid() ? c.date.toJulianDay() * 4 + type
                                                : std::numeric_limits<qint64>::min() + type;
            Recent &r = recent[size_t(quint64(key) * 0x9E3779B97F4A7C15ULL >> 58)];
            if (r.key != key) {
                auto reason = reasons.constFind(key);
                if (reason == reasons.constEnd())
                    reason = reasons.insert(
                        key, out.text(u"The child was seen at the "_s % lowerLabels[type] %
                                      u" contact on "_s % dateText(c.date) %
                                      u", but their views, or how they presented, were not recorded."_s));
                r = Recent{key, *reason};
            }
            out.add(FlagKind::ChildVoiceMissing, FlagSeverity::Amber, c.visit->familyId, childId, childPrefix,
                    c.visit->id, c.visitIdPrefix, 0, r.reason, toClear);
        }
    }

    const FamilyDates abuseRecordedOn(caseload, [](const Family &family) {
        return family.domesticAbuseRecordedOn && family.domesticAbuseRecordedOn->isValid()
                   ? family.domesticAbuseRecordedOn
                   : std::nullopt;
    });
    if (abuseRecordedOn.isEmpty())
        return;
    for (qsizetype i = 0; i < caseload.children.size(); ++i) {
        const Child &child = caseload.children.at(i);
        if (!child.dateOfBirth.isValid() || child.dateOfBirth >= today)
            continue;
        const auto *recorded = abuseRecordedOn.find(child.familyId);
        if (!recorded)
            continue;
        const QDate since = recorded->second;
        // The views count when the contact they were recorded at is on or after the date the abuse
        // was recorded; the contact dates them, so views of a contact not listing the child do not.
        const std::span<const ChildContact> contacts = index.contactsOf(i);
        const bool heard = std::any_of(contacts.begin(), contacts.end(), [&](const ChildContact &c) {
            return c.date >= since && c.voiceAndImpact;
        });
        if (heard)
            continue;
        out.add(FlagKind::ChildVoiceMissing, FlagSeverity::Red, child.familyId, child.id, child.id, 0,
                out.text(u"Domestic abuse was recorded in the household on %1, and the child's voice and the "
                         u"impact on them have not been recorded since."_s.arg(formatDate(since))),
                out.text(u"At a contact on or after %1, record the child's own words (or, for a baby or a "
                         u"child who cannot speak, how they presented) and what life at home is like for "
                         u"them."_s.arg(formatDate(since))));
    }
}

// Theme 13. The offer is due within advocateOfferDays of the start (that day included); from the
// day after, every member without an offer is flagged.
void advocateFlags(const Caseload &caseload, const RuleSettings &s, const QDate &today, FlagSink &out)
{
    const FamilyDates overdue(caseload, [&](const Family &family) {
        return family.careProceedingsStartedOn && family.careProceedingsStartedOn->isValid() &&
                       family.careProceedingsStartedOn->daysTo(today) > s.advocateOfferDays
                   ? family.careProceedingsStartedOn
                   : std::nullopt;
    });
    if (overdue.isEmpty())
        return;
    // The members of those families, and then the offers to any of them.
    std::vector<std::pair<const FamilyMember *, const Family *>> due;
    IdFilter dueIds(overdue.size() * 4);
    for (const FamilyMember &m : caseload.members) {
        if (const auto *family = overdue.find(m.familyId)) {
            due.emplace_back(&m, family->first);
            dueIds.add(m.id);
        }
    }
    if (due.empty())
        return;
    QHash<QStringView, bool> offered;
    for (const AdvocateOffer &o : caseload.offers) {
        if (dueIds.mayContain(o.memberId))
            offered.insert(o.memberId, true);
    }
    quint32 toClear = 0;
    bool haveToClear = false;
    for (const auto &[m, family] : due) {
        if (offered.contains(m->id))
            continue;
        if (!std::exchange(haveToClear, true))
            toClear = out.text(
                u"Record an advocate offer to this family member, with the service and their response."_s);
        const QDate started = *family->careProceedingsStartedOn;
        out.add(
            FlagKind::AdvocateNotOffered, FlagSeverity::Red, family->id, noId, m->id,
            static_cast<int>(started.daysTo(today) - s.advocateOfferDays),
            out.text(u"Care proceedings started on %1 and this family member (%2) has not been offered an "
                     u"advocate; the offer was due within %3."_s.arg(formatDate(started), m->relationship,
                                                                     days(s.advocateOfferDays))),
            toClear);
    }
}

// Theme 5. The review date itself is not overdue; the day after is.
void alertFlags(const Caseload &caseload, const QDate &today, FlagSink &out)
{
    quint32 toClear = 0;
    bool haveToClear = false;
    for (const Alert &a : caseload.alerts) {
        if (a.closedOn || !a.reviewOn.isValid() || a.reviewOn >= today)
            continue;
        if (!std::exchange(haveToClear, true))
            toClear = out.text(u"Review the alert: set a new review date, or close it."_s);
        const int daysOverdue = static_cast<int>(a.reviewOn.daysTo(today));
        out.add(FlagKind::AlertReviewOverdue, FlagSeverity::Red, a.familyId, a.childId, a.id, daysOverdue,
                out.text(u"The alert (%1) was due for review on %2 and is %3 overdue."_s.arg(
                    a.category, formatDate(a.reviewOn), days(daysOverdue))),
                toClear);
    }
}

// Theme 4. Any completed contact with the household on or after the move answers it. The contacts
// are seen as the index reads each visit (seeVisit), so that the visits are read once.
class NewFamilyRule
{
public:
    NewFamilyRule(const Caseload &caseload, const RuleSettings &s, const QDate &today)
        : m_movedInOn(caseload, [&](const Family &family) {
            return family.movedInOn && family.movedInOn->isValid() &&
                           family.movedInOn->daysTo(today) > s.newFamilyContactDays
                       ? family.movedInOn
                       : std::nullopt;
        })
    {}
    // The hook for the index, or none when no family is due a contact.
    CaseloadIndex::VisitHook hook()
    {
        if (m_movedInOn.isEmpty())
            return {};
        return {[](void *rule, const Visit &v, const QDate &date) {
                    static_cast<NewFamilyRule *>(rule)->seeVisit(v, date);
                },
                this};
    }
    void flags(const Caseload &caseload, const RuleSettings &s, const QDate &today, FlagSink &out) const;

private:
    void seeVisit(const Visit &v, const QDate &date)
    {
        if (v.outcome != Outcome::Completed)
            return;
        const auto *moved = m_movedInOn.find(v.familyId);
        if (moved && date >= moved->second)
            m_contacted.insert(v.familyId, true);
    }

    const FamilyDates m_movedInOn;
    QHash<QStringView, bool> m_contacted;
};

void NewFamilyRule::flags(const Caseload &caseload, const RuleSettings &s, const QDate &today,
                          FlagSink &out) const
{
    if (m_movedInOn.isEmpty())
        return;
    const FamilyDates &movedInOn = m_movedInOn;
    const QHash<QStringView, bool> &contacted = m_contacted;
    quint32 toClear = 0;
    bool haveToClear = false;
    for (const Family &family : caseload.families) {
        // A family without a move date that shares its id with one that moved is not flagged (this
        // read an empty optional before: the date it printed was whatever its storage held).
        if (!family.movedInOn || !movedInOn.find(family.id) || contacted.contains(family.id))
            continue;
        if (!std::exchange(haveToClear, true))
            toClear =
                out.text(u"Record a completed contact with the family, and request records from the area "
                         u"they moved from."_s);
        const QDate moved = *family.movedInOn;
        const qint64 since = moved.daysTo(today);
        const QString from =
            family.movedFrom.trimmed().isEmpty() ? QString() : u" from %1"_s.arg(family.movedFrom);
        out.add(FlagKind::NewFamilyNoContact, FlagSeverity::Amber, family.id, noId, family.id,
                static_cast<int>(since - s.newFamilyContactDays),
                out.text(
                    u"The family moved into the area%1 on %2 and has had no completed contact in %3; contact "
                    u"was due within %4."_s.arg(from, formatDate(moved), days(since),
                                                days(s.newFamilyContactDays))),
                toClear);
    }
}

} // namespace

QString toToken(FlagKind kind)
{
    switch (kind) {
    case FlagKind::NewbornNoFaceToFace:
        return u"newborn_no_face_to_face"_s;
    case FlagKind::WasNotBroughtPattern:
        return u"was_not_brought_pattern"_s;
    case FlagKind::ChildVoiceMissing:
        return u"child_voice_missing"_s;
    case FlagKind::AdvocateNotOffered:
        return u"advocate_not_offered"_s;
    case FlagKind::AlertReviewOverdue:
        return u"alert_review_overdue"_s;
    case FlagKind::NewFamilyNoContact:
        return u"new_family_no_contact"_s;
    }
    Q_UNREACHABLE();
    return {};
}

QString label(FlagKind kind)
{
    switch (kind) {
    case FlagKind::NewbornNoFaceToFace:
        return u"No face-to-face visit"_s;
    case FlagKind::WasNotBroughtPattern:
        return u"Not brought to contacts"_s;
    case FlagKind::ChildVoiceMissing:
        return u"Child's voice missing"_s;
    case FlagKind::AdvocateNotOffered:
        return u"Advocate not offered"_s;
    case FlagKind::AlertReviewOverdue:
        return u"Alert review overdue"_s;
    case FlagKind::NewFamilyNoContact:
        return u"New family not contacted"_s;
    }
    Q_UNREACHABLE();
    return {};
}

QString toToken(FlagSeverity severity)
{
    switch (severity) {
    case FlagSeverity::Info:
        return u"info"_s;
    case FlagSeverity::Amber:
        return u"amber"_s;
    case FlagSeverity::Red:
        return u"red"_s;
    }
    Q_UNREACHABLE();
    return {};
}

QDate contactDate(const Visit &visit)
{
    static const QTimeZone uk(QByteArrayLiteral("Europe/London"));
    if (!visit.occurredAt.isValid())
        return {};
    // The UTC day and time of day by arithmetic on the epoch milliseconds: the same as
    // toUTC().date() and .time(), without building a QDateTime for every contact.
    constexpr qint64 msPerDay = 24 * 60 * 60 * 1000;
    constexpr qint64 julianDayOfEpoch = 2440588; // 1970-01-01
    const qint64 ms = visit.occurredAt.toMSecsSinceEpoch();
    const qint64 day = ms >= 0 ? ms / msPerDay : -((-ms + msPerDay - 1) / msPerDay);
    const qint64 msOfDay = ms - day * msPerDay;
    // UK time is UTC or up to two hours ahead of it, so before 22:00 UTC the day is the same; this
    // spares the slow time-zone conversion for nearly every contact.
    constexpr qint64 lastSameDayMs = 22 * 60 * 60 * 1000;
    if (msOfDay < lastSameDayMs || !uk.isValid())
        return QDate::fromJulianDay(julianDayOfEpoch + day);
    return visit.occurredAt.toTimeZone(uk).date();
}

bool isNewBirthVisitFor(const Visit &visit, const Child &child)
{
    const auto listed = std::find_if(visit.children.begin(), visit.children.end(),
                                     [&](const VisitChild &vc) { return vc.childId == child.id; });
    if (listed == visit.children.end())
        return false;
    return isNewBirthContact(contactOf(visit, *listed, contactDate(visit), 0), child.dateOfBirth);
}

QList<Flag> computeNewbornFlags(const Caseload &caseload, const RuleSettings &settings, const QDate &today)
{
    FlagSink sink;
    newbornFlags(caseload, CaseloadIndex(caseload, CaseloadIndex::Views::Skip), settings, today, sink);
    return sortedFlags(sink);
}

QList<Flag> computeFlags(const Caseload &caseload, const RuleSettings &settings, const QDate &today)
{
    FlagSink sink;
    {
        // The index is freed before the sort: memory the process has just given back is taken
        // again page by page, each page a fault, so the fewer megabytes live at once the better.
        NewFamilyRule newFamily(caseload, settings, today);
        const CaseloadIndex index(caseload, CaseloadIndex::Views::Index, newFamily.hook());
        // The most flags the rules can raise, so that the list is never copied as it grows (a
        // caseload with few views raised more than the old guess of one per two contacts, and the
        // copy cost 2.4 M instructions of 39 M); only the pages written are touched. At most one
        // per contact and one per child from the child's-voice rule (most flags are its), one per
        // child from each other child rule, one per member, alert and family.
        sink.flags.reserve(size_t(3 * caseload.children.size() + index.contactCount() +
                                  caseload.members.size() + caseload.alerts.size() +
                                  caseload.families.size()));
        newbornFlags(caseload, index, settings, today, sink);
        wasNotBroughtFlags(caseload, index, settings, today, sink);
        childVoiceFlags(caseload, index, today, sink);
        advocateFlags(caseload, settings, today, sink);
        alertFlags(caseload, today, sink);
        newFamily.flags(caseload, settings, today, sink);
    }
    return sortedFlags(sink);
}

} // namespace doorstep
