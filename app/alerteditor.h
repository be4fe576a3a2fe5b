// The structured alert form for the child whose page is open (theme 5): category, what happened,
// who is at risk and from whom, the source, the date raised, the action required and the review
// date. save() checks it with core/validation.h, so a vague alert is refused with what is missing
// beside each field, and hands it to the store worker. A QML singleton built by AppServices;
// GUI thread.
#pragma once

#include "app/formerrors.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

#include <functional>

class QQmlEngine;
class QJSEngine;

namespace doorstep::app {

class ChildRecordController;
class StoreWorker;

class AlertEditor : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(bool active READ isActive NOTIFY activeChanged)
    Q_PROPERTY(QString childName READ childName NOTIFY activeChanged)
    Q_PROPERTY(QString category READ category WRITE setCategory NOTIFY fieldsChanged)
    Q_PROPERTY(QString whatHappened READ whatHappened WRITE setWhatHappened NOTIFY fieldsChanged)
    Q_PROPERTY(QString whoIsAtRisk READ whoIsAtRisk WRITE setWhoIsAtRisk NOTIFY fieldsChanged)
    Q_PROPERTY(QString riskFrom READ riskFrom WRITE setRiskFrom NOTIFY fieldsChanged)
    Q_PROPERTY(QString source READ source WRITE setSource NOTIFY fieldsChanged)
    // Dates as typed ("25 Nov 2026"); read by parseDateInput().
    Q_PROPERTY(QString raisedOn READ raisedOn WRITE setRaisedOn NOTIFY fieldsChanged)
    Q_PROPERTY(QString requiredAction READ requiredAction WRITE setRequiredAction NOTIFY fieldsChanged)
    Q_PROPERTY(QString reviewOn READ reviewOn WRITE setReviewOn NOTIFY fieldsChanged)
    // Field name (as above) to what is wrong with it; errorString: what belongs to no one field.
    Q_PROPERTY(QVariantMap errors READ errors NOTIFY errorsChanged)
    Q_PROPERTY(QString errorString READ errorString NOTIFY errorsChanged)
    Q_PROPERTY(bool saving READ isSaving NOTIFY savingChanged)
public:
    using Clock = std::function<QDateTime()>;

    AlertEditor(StoreWorker *worker, ChildRecordController *record, Clock clock, QObject *parent = nullptr);

    static AlertEditor *create(QQmlEngine *, QJSEngine *);
    static void setInstance(AlertEditor *instance);

    bool isActive() const { return m_active; }
    QString childName() const { return m_childName; }
    QString category() const { return m_fields.value(QStringLiteral("category")); }
    void setCategory(const QString &v) { setField(QStringLiteral("category"), v); }
    QString whatHappened() const { return m_fields.value(QStringLiteral("whatHappened")); }
    void setWhatHappened(const QString &v) { setField(QStringLiteral("whatHappened"), v); }
    QString whoIsAtRisk() const { return m_fields.value(QStringLiteral("whoIsAtRisk")); }
    void setWhoIsAtRisk(const QString &v) { setField(QStringLiteral("whoIsAtRisk"), v); }
    QString riskFrom() const { return m_fields.value(QStringLiteral("riskFrom")); }
    void setRiskFrom(const QString &v) { setField(QStringLiteral("riskFrom"), v); }
    QString source() const { return m_fields.value(QStringLiteral("source")); }
    void setSource(const QString &v) { setField(QStringLiteral("source"), v); }
    QString raisedOn() const { return m_fields.value(QStringLiteral("raisedOn")); }
    void setRaisedOn(const QString &v) { setField(QStringLiteral("raisedOn"), v); }
    QString requiredAction() const { return m_fields.value(QStringLiteral("requiredAction")); }
    void setRequiredAction(const QString &v) { setField(QStringLiteral("requiredAction"), v); }
    QString reviewOn() const { return m_fields.value(QStringLiteral("reviewOn")); }
    void setReviewOn(const QString &v) { setField(QStringLiteral("reviewOn"), v); }

    QVariantMap errors() const { return m_errors.map(); }
    QString errorFor(const QString &field) const { return m_errors.error(field); }
    QString errorString() const { return m_errors.errorString(); }
    bool isSaving() const { return m_pending.waiting(); }

    // A new alert about the child ChildRecordController has open, raised today.
    Q_INVOKABLE void open();
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
    void setField(const QString &field, const QString &value);
    void onSaved(int requestId, const QString &recordId);
    void onFailed(int requestId, const QString &field, const QString &message);

    StoreWorker *m_worker;
    ChildRecordController *m_record;
    Clock m_clock;
    bool m_active = false;
    QString m_childId;
    QString m_familyId;
    QString m_childName;
    QHash<QString, QString> m_fields;
    FormErrors m_errors;
    PendingSave m_pending;
    static inline AlertEditor *s_instance = nullptr;
};

} // namespace doorstep::app
