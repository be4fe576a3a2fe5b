#include "visiteditor.h"

#include "app/caseloadmodel.h"
#include "app/qmlsingleton.h"
#include "app/sessioncontroller.h"
#include "app/storeworker.h"
#include "core/recordid.h"
#include "core/validation.h"
#include "core/vocabulary.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <array>

using namespace Qt::StringLiterals;

namespace doorstep::app {

namespace {

constexpr std::array AllContactTypes{ContactType::FaceToFaceHome, ContactType::FaceToFaceClinic,
                                     ContactType::Video, ContactType::Telephone};

constexpr std::array AllOutcomes{
    Outcome::Completed,         Outcome::WasNotBrought,      Outcome::NoAccess,    Outcome::Declined,
    Outcome::CancelledByFamily, Outcome::CancelledByService, Outcome::DidNotAttend};

QList<Option> contactTypeOptions()
{
    QList<Option> options;
    for (ContactType type : AllContactTypes)
        options.append({toToken(type), label(type)});
    return options;
}

// A child who missed a contact "was not brought": "did not attend" is only ever offered for an
// adult's own appointment, a contact that lists no children (theme 3).
QList<Option> outcomeOptions(bool concernsChildren)
{
    QList<Option> options;
    for (Outcome outcome : AllOutcomes) {
        if (concernsChildren && outcome == Outcome::DidNotAttend)
            continue;
        options.append({toToken(outcome), label(outcome)});
    }
    return options;
}

} // namespace

VisitEditor::VisitEditor(StoreWorker *worker, SessionController *session, CaseloadModel *caseload,
                         store::Store::Clock clock, QObject *parent)
    : QObject(parent)
    , m_worker(worker)
    , m_session(session)
    , m_caseload(caseload)
    , m_clock(clock ? std::move(clock) : [] { return QDateTime::currentDateTimeUtc(); })
    , m_contactTypes(new OptionModel(this))
    , m_outcomes(new OptionModel(this))
{
    m_contactTypes->setOptions(contactTypeOptions());
    m_outcomes->setOptions(outcomeOptions(true));
    connect(m_worker, &StoreWorker::visitRecorded, this, &VisitEditor::onVisitRecorded);
    connect(m_worker, &StoreWorker::visitFailed, this, &VisitEditor::onVisitFailed);
    connect(m_worker, &StoreWorker::draftLoaded, this, &VisitEditor::onDraftLoaded);
    m_draftTimer.setSingleShot(true);
    m_draftTimer.setInterval(draftDelayMs);
    connect(&m_draftTimer, &QTimer::timeout, this, &VisitEditor::saveDraftNow);
    for (auto changed :
         {&VisitEditor::contactTypeChanged, &VisitEditor::outcomeChanged, &VisitEditor::seenChanged,
          &VisitEditor::seenAloneChanged, &VisitEditor::presentChanged, &VisitEditor::observationsChanged,
          &VisitEditor::concernsChanged, &VisitEditor::childWordsChanged,
          &VisitEditor::livedExperienceChanged, &VisitEditor::presentationChanged})
        connect(this, changed, this, &VisitEditor::scheduleDraftSave);
}

VisitEditor *VisitEditor::create(QQmlEngine *, QJSEngine *)
{
    return provideSingleton(s_instance);
}

void VisitEditor::setInstance(VisitEditor *instance)
{
    s_instance = instance;
}

void VisitEditor::setContactType(const QString &token)
{
    if (token == m_contactType)
        return;
    m_contactType = token;
    clearError(u"contactType"_s);
    Q_EMIT contactTypeChanged();
}

void VisitEditor::setOutcome(const QString &token)
{
    if (token == m_outcome)
        return;
    m_outcome = token;
    clearError(u"outcome"_s);
    Q_EMIT outcomeChanged();
}

void VisitEditor::setSeen(bool seen)
{
    if (seen == m_seen)
        return;
    m_seen = seen;
    clearError(u"seen"_s);
    Q_EMIT seenChanged();
    // Seen alone implies seen: unticking "seen" cannot leave "seen alone" behind.
    if (!seen)
        setSeenAlone(false);
}

void VisitEditor::setSeenAlone(bool seenAlone)
{
    if (seenAlone == m_seenAlone)
        return;
    m_seenAlone = seenAlone;
    clearError(u"seenAlone"_s);
    Q_EMIT seenAloneChanged();
}

void VisitEditor::setText(QString &member, const QString &value, const QString &errorField,
                          void (VisitEditor::*changed)())
{
    if (value == member)
        return;
    member = value;
    clearError(errorField);
    Q_EMIT(this->*changed)();
}

void VisitEditor::setPresent(const QString &text)
{
    setText(m_present, text, u"present"_s, &VisitEditor::presentChanged);
}

void VisitEditor::setObservations(const QString &text)
{
    setText(m_observations, text, u"observations"_s, &VisitEditor::observationsChanged);
}

void VisitEditor::setConcerns(const QString &text)
{
    setText(m_concerns, text, u"concerns"_s, &VisitEditor::concernsChanged);
}

void VisitEditor::setChildWords(const QString &text)
{
    setText(m_childWords, text, u"views"_s, &VisitEditor::childWordsChanged);
}

void VisitEditor::setLivedExperience(const QString &text)
{
    setText(m_livedExperience, text, u"views"_s, &VisitEditor::livedExperienceChanged);
}

void VisitEditor::setPresentation(const QString &text)
{
    setText(m_presentation, text, u"views"_s, &VisitEditor::presentationChanged);
}

void VisitEditor::open(const QString &childId)
{
    const auto row = m_caseload->rowFor(childId);
    if (!row)
        return;
    const bool wasActive = isActive();
    resetForm();
    m_childId = row->childId;
    m_familyId = row->familyId;
    m_childName = row->name;
    m_familyLabel = row->familyLabel;
    m_ageText = row->ageText;
    m_userId = m_session->session().userId;
    m_outcomes->setOptions(outcomeOptions(true));
    setStatusMessage({});
    Q_EMIT childChanged();
    if (!wasActive)
        Q_EMIT activeChanged();
}

void VisitEditor::close()
{
    closeForm(true);
}

void VisitEditor::closeForm(bool discardStored)
{
    if (!isActive())
        return;
    m_draftTimer.stop();
    if (discardStored)
        m_worker->requestDiscardDraft(DraftKey);
    resetForm();
    m_userId.clear();
    m_childId.clear();
    m_familyId.clear();
    m_childName.clear();
    m_familyLabel.clear();
    m_ageText.clear();
    Q_EMIT childChanged();
    Q_EMIT activeChanged();
}

void VisitEditor::suspend()
{
    if (!isActive())
        return;
    m_suspended = currentDraft();
    // Queued before the lock the session asks for next, so it is in the store before the key goes.
    saveDraftNow();
    closeForm(false);
}

void VisitEditor::resume(const QString &userId)
{
    m_checkStoredDraft = false;
    if (!m_suspended) {
        m_checkStoredDraft = !isActive();
        return;
    }
    Draft draft = std::move(*m_suspended);
    m_suspended.reset();
    if (draft.userId != userId || isActive())
        return;
    restore(draft);
}

void VisitEditor::restore(const Draft &draft)
{
    resetForm();
    m_userId = draft.userId;
    m_childId = draft.childId;
    m_familyId = draft.familyId;
    m_childName = draft.childName;
    m_familyLabel = draft.familyLabel;
    m_ageText = draft.ageText;
    m_outcomes->setOptions(outcomeOptions(true));
    setContactType(draft.contactType);
    setOutcome(draft.outcome);
    setSeen(draft.seen);
    setSeenAlone(draft.seenAlone);
    setPresent(draft.present);
    setObservations(draft.observations);
    setConcerns(draft.concerns);
    setChildWords(draft.childWords);
    setLivedExperience(draft.livedExperience);
    setPresentation(draft.presentation);
    // Restoring is not editing: nothing new to save.
    m_draftTimer.stop();
    setStatusMessage({});
    Q_EMIT childChanged();
    Q_EMIT activeChanged();
}

void VisitEditor::caseloadReady()
{
    if (!m_checkStoredDraft)
        return;
    m_checkStoredDraft = false;
    if (!isActive())
        m_worker->requestDraft(DraftKey);
}

void VisitEditor::onDraftLoaded(const QString &key, bool found, const QByteArray &payload)
{
    if (key != DraftKey || !found || isActive())
        return;
    const auto draft = decodeDraft(payload);
    const SessionInfo session = m_session->session();
    if (!draft || session.userId.isEmpty() || draft->userId != session.userId)
        return;
    // The child may have left the caseload since: then the draft has nowhere to go.
    const auto row = m_caseload->rowFor(draft->childId);
    if (!row) {
        m_worker->requestDiscardDraft(DraftKey);
        return;
    }
    Draft current = *draft;
    current.familyId = row->familyId;
    current.childName = row->name;
    current.familyLabel = row->familyLabel;
    current.ageText = row->ageText;
    restore(current);
    Q_EMIT draftRestored();
}

void VisitEditor::flushDraft()
{
    if (m_draftTimer.isActive())
        saveDraftNow();
}

void VisitEditor::scheduleDraftSave()
{
    if (isActive())
        m_draftTimer.start();
}

void VisitEditor::saveDraftNow()
{
    m_draftTimer.stop();
    if (isActive())
        m_worker->requestSaveDraft(DraftKey, encodeDraft(currentDraft()));
}

VisitEditor::Draft VisitEditor::currentDraft() const
{
    return Draft{m_userId,       m_childId,       m_familyId, m_childName,  m_familyLabel,
                 m_ageText,      m_contactType,   m_outcome,  m_seen,       m_seenAlone,
                 m_present,      m_observations,  m_concerns, m_childWords, m_livedExperience,
                 m_presentation, m_pendingRequest};
}

QByteArray VisitEditor::encodeDraft(const Draft &d)
{
    // The form's own fields, by name; only ids and the typed text, never anything derived.
    const QJsonObject json{{u"version"_s, 1},
                           {u"userId"_s, d.userId},
                           {u"childId"_s, d.childId},
                           {u"contactType"_s, d.contactType},
                           {u"outcome"_s, d.outcome},
                           {u"seen"_s, d.seen},
                           {u"seenAlone"_s, d.seenAlone},
                           {u"present"_s, d.present},
                           {u"observations"_s, d.observations},
                           {u"concerns"_s, d.concerns},
                           {u"childWords"_s, d.childWords},
                           {u"livedExperience"_s, d.livedExperience},
                           {u"presentation"_s, d.presentation}};
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

std::optional<VisitEditor::Draft> VisitEditor::decodeDraft(const QByteArray &payload)
{
    const QJsonObject json = QJsonDocument::fromJson(payload).object();
    if (json.value(u"version"_s).toInt() != 1 || json.value(u"childId"_s).toString().isEmpty())
        return std::nullopt;
    Draft d;
    d.userId = json.value(u"userId"_s).toString();
    d.childId = json.value(u"childId"_s).toString();
    d.contactType = json.value(u"contactType"_s).toString();
    d.outcome = json.value(u"outcome"_s).toString();
    d.seen = json.value(u"seen"_s).toBool();
    d.seenAlone = json.value(u"seenAlone"_s).toBool();
    d.present = json.value(u"present"_s).toString();
    d.observations = json.value(u"observations"_s).toString();
    d.concerns = json.value(u"concerns"_s).toString();
    d.childWords = json.value(u"childWords"_s).toString();
    d.livedExperience = json.value(u"livedExperience"_s).toString();
    d.presentation = json.value(u"presentation"_s).toString();
    return d;
}

void VisitEditor::discardDraft()
{
    m_suspended.reset();
}

void VisitEditor::resetForm()
{
    setPending(0);
    setContactType({});
    setOutcome({});
    setSeen(false);
    setSeenAlone(false);
    setPresent({});
    setObservations({});
    setConcerns({});
    setChildWords({});
    setLivedExperience({});
    setPresentation({});
    showProblems({});
}

void VisitEditor::save()
{
    if (!isActive() || isSaving())
        return;

    QList<Error> problems;
    const auto contactType = contactTypeFromToken(m_contactType);
    if (!contactType)
        problems.append(
            makeError(store::Store::Invalid, tr("Choose how the contact took place."), u"contactType"_s));
    const auto outcome = outcomeFromToken(m_outcome);
    if (!outcome || !m_outcomes->contains(m_outcome))
        problems.append(
            makeError(store::Store::Invalid, tr("Choose the outcome of the contact."), u"outcome"_s));
    const SessionInfo session = m_session->session();
    if (session.userId.isEmpty()) {
        problems.append(makeError(store::Store::Invalid,
                                  tr("This device is not linked to a practitioner. Enrol it again with "
                                     "doorstep-cli before recording visits.")));
    }
    if (!problems.isEmpty()) {
        showProblems(problems);
        Q_EMIT saveFailed();
        return;
    }

    const QDateTime now = m_clock().toUTC();
    Visit visit;
    visit.id = newRecordId();
    visit.familyId = m_familyId;
    visit.practitionerId = session.userId;
    visit.practitionerRole = session.role;
    visit.occurredAt = now;
    visit.contactType = *contactType;
    visit.outcome = *outcome;
    visit.children = {VisitChild{m_childId, m_seen, m_seenAlone}};
    visit.present = m_present.trimmed();
    visit.observations = m_observations.trimmed();
    visit.concerns = m_concerns.trimmed();
    visit.signedOffAt = now; // saving is signing off: the record is never edited afterwards
    problems += validateVisit(visit);

    std::optional<ChildViews> views;
    if (!m_childWords.trimmed().isEmpty() || !m_livedExperience.trimmed().isEmpty() ||
        !m_presentation.trimmed().isEmpty()) {
        views = ChildViews{newRecordId(),
                           visit.id,
                           m_childId,
                           m_childWords.trimmed(),
                           m_livedExperience.trimmed(),
                           m_presentation.trimmed(),
                           now};
        const QList<Error> viewProblems = validateChildViews(*views);
        for (Error problem : viewProblems) {
            problem.field = u"views"_s;
            problems.append(problem);
        }
    }

    if (!problems.isEmpty()) {
        showProblems(problems);
        Q_EMIT saveFailed();
        return;
    }
    showProblems({});
    setPending(++m_lastRequest);
    m_worker->requestRecordVisit(m_pendingRequest, visit, views);
}

QString VisitEditor::formField(const QString &recordField)
{
    QString f = recordField.toLower();
    f.remove(u'_');
    if (f.isEmpty())
        return {};
    if (f.contains(u"contact"_s))
        return u"contactType"_s;
    if (f.contains(u"outcome"_s))
        return u"outcome"_s;
    if (f.contains(u"seenalone"_s) || f.contains(u"alone"_s))
        return u"seenAlone"_s;
    // Problems with how the child figured in the visit ("seen" on a contact that did not happen).
    if (f.contains(u"seen"_s) || f.startsWith(u"children"_s))
        return u"seen"_s;
    if (f.contains(u"present"_s) && !f.contains(u"presentation"_s))
        return u"present"_s;
    if (f.contains(u"observ"_s))
        return u"observations"_s;
    if (f.contains(u"concern"_s))
        return u"concerns"_s;
    if (f.contains(u"words"_s) || f.contains(u"lived"_s) || f.contains(u"presentation"_s) ||
        f.contains(u"views"_s) || f.contains(u"voice"_s))
        return u"views"_s;
    return {};
}

void VisitEditor::showProblems(const QList<Error> &problems)
{
    QHash<QString, QString> errors;
    QStringList general;
    for (const Error &problem : problems) {
        const QString field = problem.field == u"views"_s ? problem.field : formField(problem.field);
        // Validation names a child by id; the person filling in the form knows the child by name.
        QString message = problem.message;
        if (!m_childId.isEmpty())
            message.replace(m_childId, m_childName);
        if (field.isEmpty()) {
            general.append(message);
            continue;
        }
        // One message per field is enough to act on; the first is the most basic.
        if (!errors.contains(field))
            errors.insert(field, message);
    }
    const QString errorString = general.join(u'\n');
    if (errors == m_errors && errorString == m_errorString)
        return;
    m_errors = errors;
    m_errorString = errorString;
    Q_EMIT errorsChanged();
}

void VisitEditor::clearError(const QString &field)
{
    if (m_errors.remove(field) > 0)
        Q_EMIT errorsChanged();
}

void VisitEditor::setStatusMessage(const QString &message)
{
    if (message == m_statusMessage)
        return;
    m_statusMessage = message;
    Q_EMIT statusMessageChanged();
}

void VisitEditor::setPending(int requestId)
{
    if (requestId == m_pendingRequest)
        return;
    m_pendingRequest = requestId;
    Q_EMIT savingChanged();
}

void VisitEditor::onVisitRecorded(int requestId, const QString &, const QString &warning)
{
    // Saved just before the lock: the put-away draft is now a signed-off visit, not a draft.
    if (m_suspended && m_suspended->pendingRequest != 0 && requestId == m_suspended->pendingRequest) {
        m_suspended.reset();
        m_worker->requestDiscardDraft(DraftKey);
        setStatusMessage(warning.isEmpty() ? tr("Visit saved.") : warning);
        return;
    }
    if (requestId != m_pendingRequest)
        return;
    const QString name = m_childName;
    setPending(0);
    setStatusMessage(warning.isEmpty() ? tr("Visit saved for %1.").arg(name) : warning);
    Q_EMIT saved();
    close();
}

void VisitEditor::onVisitFailed(int requestId, const QString &field, const QString &message)
{
    if (requestId != m_pendingRequest)
        return;
    setPending(0);
    showProblems({makeError(store::Store::Invalid, message, field)});
    Q_EMIT saveFailed();
}

} // namespace doorstep::app
