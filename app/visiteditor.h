// The record-a-visit form for one child: the form's state, the choices it offers (in the words of
// core/vocabulary.h), and save(), which checks the record with core/validation.h and hands it to
// the store worker. Problems come back per field, in plain words, for the page to show beside
// the field. A QML singleton built by AppServices; GUI thread.
#pragma once

#include "app/optionmodel.h"
#include "app/store/store.h"
#include "core/domain.h"
#include "core/result.h"

#include <QHash>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

#include <optional>

class QQmlEngine;
class QJSEngine;

namespace doorstep::app {

class CaseloadModel;
class SessionController;
class StoreWorker;

class VisitEditor : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(bool active READ isActive NOTIFY activeChanged)
    Q_PROPERTY(QString childId READ childId NOTIFY childChanged)
    Q_PROPERTY(QString childName READ childName NOTIFY childChanged)
    Q_PROPERTY(QString familyLabel READ familyLabel NOTIFY childChanged)
    Q_PROPERTY(QString ageText READ ageText NOTIFY childChanged)

    Q_PROPERTY(doorstep::app::OptionModel *contactTypes READ contactTypes CONSTANT)
    Q_PROPERTY(doorstep::app::OptionModel *outcomes READ outcomes CONSTANT)

    Q_PROPERTY(QString contactType READ contactType WRITE setContactType NOTIFY contactTypeChanged)
    Q_PROPERTY(QString outcome READ outcome WRITE setOutcome NOTIFY outcomeChanged)
    Q_PROPERTY(bool seen READ seen WRITE setSeen NOTIFY seenChanged)
    Q_PROPERTY(bool seenAlone READ seenAlone WRITE setSeenAlone NOTIFY seenAloneChanged)
    Q_PROPERTY(QString present READ present WRITE setPresent NOTIFY presentChanged)
    Q_PROPERTY(QString observations READ observations WRITE setObservations NOTIFY observationsChanged)
    Q_PROPERTY(QString concerns READ concerns WRITE setConcerns NOTIFY concernsChanged)
    Q_PROPERTY(QString childWords READ childWords WRITE setChildWords NOTIFY childWordsChanged)
    Q_PROPERTY(
        QString livedExperience READ livedExperience WRITE setLivedExperience NOTIFY livedExperienceChanged)
    Q_PROPERTY(QString presentation READ presentation WRITE setPresentation NOTIFY presentationChanged)

    // What is wrong with each field, in plain words; empty when nothing is.
    Q_PROPERTY(QString contactTypeError READ contactTypeError NOTIFY errorsChanged)
    Q_PROPERTY(QString outcomeError READ outcomeError NOTIFY errorsChanged)
    Q_PROPERTY(QString seenError READ seenError NOTIFY errorsChanged)
    Q_PROPERTY(QString seenAloneError READ seenAloneError NOTIFY errorsChanged)
    Q_PROPERTY(QString presentError READ presentError NOTIFY errorsChanged)
    Q_PROPERTY(QString observationsError READ observationsError NOTIFY errorsChanged)
    Q_PROPERTY(QString concernsError READ concernsError NOTIFY errorsChanged)
    Q_PROPERTY(QString viewsError READ viewsError NOTIFY errorsChanged)
    // A problem that belongs to no one field.
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorsChanged)
    Q_PROPERTY(bool saving READ isSaving NOTIFY savingChanged)
    // What happened to the last save, for a short notice after the form closes.
    Q_PROPERTY(QString statusMessage READ statusMessage NOTIFY statusMessageChanged)
public:
    VisitEditor(StoreWorker *worker, SessionController *session, CaseloadModel *caseload,
                store::Store::Clock clock, QObject *parent = nullptr);

    static VisitEditor *create(QQmlEngine *, QJSEngine *);
    static void setInstance(VisitEditor *instance);

    bool isActive() const { return !m_childId.isEmpty(); }
    QString childId() const { return m_childId; }
    QString childName() const { return m_childName; }
    QString familyLabel() const { return m_familyLabel; }
    QString ageText() const { return m_ageText; }
    OptionModel *contactTypes() const { return m_contactTypes; }
    OptionModel *outcomes() const { return m_outcomes; }

    QString contactType() const { return m_contactType; }
    void setContactType(const QString &token);
    QString outcome() const { return m_outcome; }
    void setOutcome(const QString &token);
    bool seen() const { return m_seen; }
    void setSeen(bool seen);
    bool seenAlone() const { return m_seenAlone; }
    void setSeenAlone(bool seenAlone);
    QString present() const { return m_present; }
    void setPresent(const QString &text);
    QString observations() const { return m_observations; }
    void setObservations(const QString &text);
    QString concerns() const { return m_concerns; }
    void setConcerns(const QString &text);
    QString childWords() const { return m_childWords; }
    void setChildWords(const QString &text);
    QString livedExperience() const { return m_livedExperience; }
    void setLivedExperience(const QString &text);
    QString presentation() const { return m_presentation; }
    void setPresentation(const QString &text);

    // Field name ("contactType", "outcome", "seen", "seenAlone", "present", "observations",
    // "concerns", "views") to what is wrong with it.
    QString errorFor(const QString &field) const { return m_errors.value(field); }
    QString contactTypeError() const { return errorFor(QStringLiteral("contactType")); }
    QString outcomeError() const { return errorFor(QStringLiteral("outcome")); }
    QString seenError() const { return errorFor(QStringLiteral("seen")); }
    QString seenAloneError() const { return errorFor(QStringLiteral("seenAlone")); }
    QString presentError() const { return errorFor(QStringLiteral("present")); }
    QString observationsError() const { return errorFor(QStringLiteral("observations")); }
    QString concernsError() const { return errorFor(QStringLiteral("concerns")); }
    QString viewsError() const { return errorFor(QStringLiteral("views")); }
    QString errorString() const { return m_errorString; }
    bool isSaving() const { return m_pendingRequest != 0; }
    QString statusMessage() const { return m_statusMessage; }

    // Starts a new, empty visit record for a child on the caseload.
    Q_INVOKABLE void open(const QString &childId);
    // Drops the form (and anything typed into it).
    Q_INVOKABLE void close();
    // Checks the record and, if it is complete, sends it to be saved; reports by saved() or
    // saveFailed() and the errors property.
    Q_INVOKABLE void save();

    // On lock: the open form is put away in memory and in the store's encrypted drafts, and the
    // editor shows nothing, so no QML can read it while locked. On unlock: brought back if the
    // same practitioner unlocked, else dropped. discardDraft() drops it for good (on sign-out).
    // While the form is open every change is saved as a draft (debounced, by the store worker),
    // so it also survives the app being closed: after the next unlock, once the caseload is in
    // (caseloadReady()), the stored draft is read back. Cancel and sign-off discard it.
    void suspend();
    void resume(const QString &userId);
    void discardDraft();
    void caseloadReady();
    // Saves a pending draft change now (before the app closes).
    void flushDraft();
    // A change waits out the debounce before it is saved as a draft.
    bool isDraftSavePending() const { return m_draftTimer.isActive(); }
    static inline const QString DraftKey = QStringLiteral("visit");
    static constexpr int draftDelayMs = 800;
    bool hasSuspendedDraft() const { return m_suspended.has_value(); }

    // The form field a validation problem belongs to (its Error::field names the record's field).
    static QString formField(const QString &recordField);

Q_SIGNALS:
    void activeChanged();
    void childChanged();
    void contactTypeChanged();
    void outcomeChanged();
    void seenChanged();
    void seenAloneChanged();
    void presentChanged();
    void observationsChanged();
    void concernsChanged();
    void childWordsChanged();
    void livedExperienceChanged();
    void presentationChanged();
    void errorsChanged();
    void savingChanged();
    void statusMessageChanged();
    void saved();
    void saveFailed();
    // A draft stored before the app closed is open again.
    void draftRestored();

private:
    // Everything the form holds, for suspend() and resume().
    struct Draft
    {
        QString userId;
        QString childId, familyId, childName, familyLabel, ageText;
        QString contactType, outcome;
        bool seen = false;
        bool seenAlone = false;
        QString present, observations, concerns, childWords, livedExperience, presentation;
        int pendingRequest = 0; // a save sent just before the lock
    };

    Draft currentDraft() const;
    void restore(const Draft &draft);
    void scheduleDraftSave();
    void saveDraftNow();
    void closeForm(bool discardStored);
    void onDraftLoaded(const QString &key, bool found, const QByteArray &payload);
    static QByteArray encodeDraft(const Draft &draft);
    static std::optional<Draft> decodeDraft(const QByteArray &payload);

    void setText(QString &member, const QString &value, const QString &errorField,
                 void (VisitEditor::*changed)());
    void clearError(const QString &field);
    void showProblems(const QList<Error> &problems);
    void setStatusMessage(const QString &message);
    void setPending(int requestId);
    void resetForm();
    void onVisitRecorded(int requestId, const QString &visitId, const QString &warning);
    void onVisitFailed(int requestId, const QString &field, const QString &message);

    StoreWorker *m_worker;
    SessionController *m_session;
    CaseloadModel *m_caseload;
    store::Store::Clock m_clock;
    OptionModel *m_contactTypes;
    OptionModel *m_outcomes;

    std::optional<Draft> m_suspended;
    QTimer m_draftTimer;
    bool m_checkStoredDraft = false; // unlocked with nothing in memory: look in the store
    QString m_userId;                // who opened the form
    QString m_childId;
    QString m_familyId;
    QString m_childName;
    QString m_familyLabel;
    QString m_ageText;
    QString m_contactType;
    QString m_outcome;
    bool m_seen = false;
    bool m_seenAlone = false;
    QString m_present;
    QString m_observations;
    QString m_concerns;
    QString m_childWords;
    QString m_livedExperience;
    QString m_presentation;

    QHash<QString, QString> m_errors;
    QString m_errorString;
    QString m_statusMessage;
    int m_pendingRequest = 0;
    int m_lastRequest = 0;
    static inline VisitEditor *s_instance = nullptr;
};

} // namespace doorstep::app
