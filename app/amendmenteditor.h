// Amends a signed-off record: visits, views, offers and alerts are never edited in place, so a
// correction is a new record pointing at the original, with who, when and why. open() takes a
// chronology entry; save() checks the amendment with core/validation.h and hands it to the store
// worker; the chronology then shows the original (marked "Amended") and the correction. A QML
// singleton built by AppServices; GUI thread.
#pragma once

#include "app/formerrors.h"

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

#include <functional>

class QQmlEngine;
class QJSEngine;

namespace doorstep::app {

class SessionController;
class StoreWorker;

class AmendmentEditor : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(bool active READ isActive NOTIFY activeChanged)
    // The record being corrected, as the chronology shows it ("25 Nov 2026 · Face-to-face …").
    Q_PROPERTY(QString targetText READ targetText NOTIFY activeChanged)
    Q_PROPERTY(QString targetDetail READ targetDetail NOTIFY activeChanged)
    Q_PROPERTY(QString reason READ reason WRITE setReason NOTIFY fieldsChanged)
    Q_PROPERTY(QString correction READ correction WRITE setCorrection NOTIFY fieldsChanged)
    Q_PROPERTY(QString reasonError READ reasonError NOTIFY errorsChanged)
    Q_PROPERTY(QString correctionError READ correctionError NOTIFY errorsChanged)
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorsChanged)
    Q_PROPERTY(bool saving READ isSaving NOTIFY savingChanged)
public:
    using Clock = std::function<QDateTime()>;

    AmendmentEditor(StoreWorker *worker, SessionController *session, Clock clock, QObject *parent = nullptr);

    static AmendmentEditor *create(QQmlEngine *, QJSEngine *);
    static void setInstance(AmendmentEditor *instance);

    // The record kind an amendment names for a chronology entry's kind ("views" -> "child_views");
    // empty for one that cannot be amended (an amendment itself).
    static QString targetKindFor(const QString &chronologyKind);

    bool isActive() const { return !m_targetId.isEmpty(); }
    QString targetText() const { return m_targetText; }
    QString targetDetail() const { return m_targetDetail; }
    QString reason() const { return m_reason; }
    void setReason(const QString &reason);
    QString correction() const { return m_correction; }
    void setCorrection(const QString &correction);
    QString reasonError() const { return m_errors.error(QStringLiteral("reason")); }
    QString correctionError() const { return m_errors.error(QStringLiteral("correction")); }
    QString errorString() const { return m_errors.errorString(); }
    bool isSaving() const { return m_pending.waiting(); }

    // kind and id of a chronology entry, and its date, title and detail to show above the form.
    Q_INVOKABLE void open(const QString &kind, const QString &id, const QString &dateText,
                          const QString &title, const QString &detail);
    Q_INVOKABLE void close();
    Q_INVOKABLE void save();

Q_SIGNALS:
    void activeChanged();
    void fieldsChanged();
    void errorsChanged();
    void savingChanged();
    void saved();
    void saveFailed();

private:
    // Shows the form for this target (none: closed), empty, and says so.
    void reset(const QString &targetKind, const QString &targetId, const QString &targetText,
               const QString &targetDetail);
    void setText(QString &member, const QString &value, const QString &field);
    void onSaved(int requestId, const QString &recordId);
    void onFailed(int requestId, const QString &field, const QString &message);

    StoreWorker *m_worker;
    SessionController *m_session;
    Clock m_clock;
    QString m_targetKind;
    QString m_targetId;
    QString m_targetText;
    QString m_targetDetail;
    QString m_reason;
    QString m_correction;
    FormErrors m_errors{{QStringLiteral("reason"), QStringLiteral("correction")}};
    PendingSave m_pending;
    static inline AmendmentEditor *s_instance = nullptr;
};

} // namespace doorstep::app
