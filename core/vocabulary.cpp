#include "vocabulary.h"

#include <array>

using namespace Qt::StringLiterals;

namespace doorstep {

namespace {

template<typename E> struct Word
{
    E value;
    QString token;
    QString label;
};

const std::array<Word<Role>, 5> &roleWords()
{
    static const std::array<Word<Role>, 5> words{{
        {Role::Midwife, u"midwife"_s, u"Midwife"_s},
        {Role::HealthVisitor, u"health_visitor"_s, u"Health visitor"_s},
        {Role::SocialWorker, u"social_worker"_s, u"Social worker"_s},
        {Role::Supervisor, u"supervisor"_s, u"Supervisor"_s},
        {Role::Administrator, u"administrator"_s, u"Administrator"_s},
    }};
    return words;
}

const std::array<Word<ContactType>, 4> &contactTypeWords()
{
    static const std::array<Word<ContactType>, 4> words{{
        {ContactType::FaceToFaceHome, u"face_to_face_home"_s, u"Face-to-face at home"_s},
        {ContactType::FaceToFaceClinic, u"face_to_face_clinic"_s, u"Face-to-face at clinic"_s},
        {ContactType::Video, u"video"_s, u"Video call"_s},
        {ContactType::Telephone, u"telephone"_s, u"Telephone"_s},
    }};
    return words;
}

const std::array<Word<Outcome>, 7> &outcomeWords()
{
    static const std::array<Word<Outcome>, 7> words{{
        {Outcome::Completed, u"completed"_s, u"Completed"_s},
        {Outcome::WasNotBrought, u"was_not_brought"_s, u"Was not brought"_s},
        {Outcome::NoAccess, u"no_access"_s, u"No access"_s},
        {Outcome::Declined, u"declined"_s, u"Declined"_s},
        {Outcome::CancelledByFamily, u"cancelled_by_family"_s, u"Cancelled by the family"_s},
        {Outcome::CancelledByService, u"cancelled_by_service"_s, u"Cancelled by the service"_s},
        // Only ever an adult's own appointment: validation refuses it on a child's contact.
        {Outcome::DidNotAttend, u"did_not_attend"_s, u"Did not attend (adult's own appointment)"_s},
    }};
    return words;
}

const std::array<Word<AdvocateResponse>, 3> &responseWords()
{
    static const std::array<Word<AdvocateResponse>, 3> words{{
        {AdvocateResponse::Accepted, u"accepted"_s, u"Accepted"_s},
        {AdvocateResponse::Declined, u"declined"_s, u"Declined"_s},
        {AdvocateResponse::Considering, u"considering"_s, u"Considering"_s},
    }};
    return words;
}

template<typename E, std::size_t N> const Word<E> &find(const std::array<Word<E>, N> &words, E value)
{
    for (const auto &w : words) {
        if (w.value == value)
            return w;
    }
    // Every enumerator is in its table; reaching here means a table is out of date.
    Q_UNREACHABLE();
    return words.front();
}

template<typename E, std::size_t N>
std::optional<E> fromToken(const std::array<Word<E>, N> &words, const QString &token)
{
    for (const auto &w : words) {
        if (w.token == token)
            return w.value;
    }
    return std::nullopt;
}

} // namespace

QString toToken(Role role)
{
    return find(roleWords(), role).token;
}
QString toToken(ContactType type)
{
    return find(contactTypeWords(), type).token;
}
QString toToken(Outcome outcome)
{
    return find(outcomeWords(), outcome).token;
}
QString toToken(AdvocateResponse response)
{
    return find(responseWords(), response).token;
}

std::optional<Role> roleFromToken(const QString &token)
{
    return fromToken(roleWords(), token);
}
std::optional<ContactType> contactTypeFromToken(const QString &token)
{
    return fromToken(contactTypeWords(), token);
}
std::optional<Outcome> outcomeFromToken(const QString &token)
{
    return fromToken(outcomeWords(), token);
}
std::optional<AdvocateResponse> advocateResponseFromToken(const QString &token)
{
    return fromToken(responseWords(), token);
}

QString label(Role role)
{
    return find(roleWords(), role).label;
}
QString label(ContactType type)
{
    return find(contactTypeWords(), type).label;
}
QString label(Outcome outcome)
{
    return find(outcomeWords(), outcome).label;
}
QString label(AdvocateResponse response)
{
    return find(responseWords(), response).label;
}

bool isFaceToFace(ContactType type)
{
    return type == ContactType::FaceToFaceHome || type == ContactType::FaceToFaceClinic;
}

bool isBirthVisitRole(Role role)
{
    return role == Role::Midwife || role == Role::HealthVisitor;
}

QString formatDate(const QDate &date)
{
    if (!date.isValid())
        return {};
    // Fixed English abbreviations: the interface is UK English whatever the device locale.
    static const std::array<const char16_t *, 12> months{u"Jan", u"Feb", u"Mar", u"Apr", u"May", u"Jun",
                                                         u"Jul", u"Aug", u"Sep", u"Oct", u"Nov", u"Dec"};
    return u"%1 %2 %3"_s.arg(date.day()).arg(QString::fromUtf16(months[date.month() - 1])).arg(date.year());
}

} // namespace doorstep
