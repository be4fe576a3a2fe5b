// The child and family page's state: the child the practitioner chose on the caseload, their
// household and their chronology (see childrecord.h). open() asks the store worker for the
// record; it arrives by signal, and again after every save or sync while the page is open.
// A QML singleton built by AppServices; GUI thread. Owns its two list models.
#pragma once

#include "app/childrecord.h"
#include "app/chronologymodel.h"
#include "app/householdmodel.h"

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

class QQmlEngine;
class QJSEngine;

namespace doorstep::app {

class StoreWorker;

class ChildRecordController : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(bool active READ isActive NOTIFY activeChanged)
    // True from open() until the record arrives.
    Q_PROPERTY(bool loading READ isLoading NOTIFY changed)
    Q_PROPERTY(QString childId READ childId NOTIFY activeChanged)
    Q_PROPERTY(QString name READ name NOTIFY changed)
    Q_PROPERTY(QString ageText READ ageText NOTIFY changed)
    Q_PROPERTY(QString dateOfBirthText READ dateOfBirthText NOTIFY changed)
    Q_PROPERTY(QString nhsNumber READ nhsNumber NOTIFY changed)
    // Age, date of birth and NHS number in one line.
    Q_PROPERTY(QString summaryText READ summaryText NOTIFY changed)
    Q_PROPERTY(QString familyLabel READ familyLabel NOTIFY changed)
    Q_PROPERTY(QString postcode READ postcode NOTIFY changed)
    Q_PROPERTY(bool inCareProceedings READ inCareProceedings NOTIFY changed)
    Q_PROPERTY(QString careProceedingsText READ careProceedingsText NOTIFY changed)
    Q_PROPERTY(QString movedInText READ movedInText NOTIFY changed)
    Q_PROPERTY(QString carerText READ carerText NOTIFY changed)
    Q_PROPERTY(doorstep::app::ChronologyModel *chronology READ chronology CONSTANT)
    Q_PROPERTY(doorstep::app::HouseholdModel *household READ household CONSTANT)
public:
    ChildRecordController(StoreWorker *worker, QObject *parent = nullptr);

    static ChildRecordController *create(QQmlEngine *, QJSEngine *);
    static void setInstance(ChildRecordController *instance);

    bool isActive() const { return !m_childId.isEmpty(); }
    bool isLoading() const { return m_loading; }
    QString childId() const { return m_childId; }
    QString name() const { return m_record.name; }
    QString ageText() const { return m_record.ageText; }
    QString dateOfBirthText() const { return m_record.dateOfBirthText; }
    QString nhsNumber() const { return m_record.nhsNumber; }
    QString summaryText() const { return m_record.summaryText; }
    QString familyLabel() const { return m_record.familyLabel; }
    QString familyId() const { return m_record.familyId; }
    QString advocacyService() const { return m_record.advocacyService; }
    QString postcode() const { return m_record.postcode; }
    bool inCareProceedings() const { return m_record.inCareProceedings; }
    QString careProceedingsText() const { return m_record.careProceedingsText; }
    QString movedInText() const { return m_record.movedInText; }
    QString carerText() const { return m_record.carerText; }
    ChronologyModel *chronology() const { return m_chronology; }
    HouseholdModel *household() const { return m_household; }

    // Shows the child's page. The child already open stays as it is, not reloaded (a page
    // showing it keeps its place), so anything may ask for a child without knowing what is on
    // show; either way opened() says that the child's page is wanted in front.
    Q_INVOKABLE void open(const QString &childId);
    Q_INVOKABLE void close();
    // Asks again for the open child's record (after a save or a sync).
    void reload();

Q_SIGNALS:
    void activeChanged();
    void changed();
    // open() was asked for this child (also when it was open already): whatever covers its
    // page, such as a popup, gets out of the way.
    void opened(const QString &childId);

private:
    void onLoaded(const doorstep::app::ChildRecord &record);
    void show(const ChildRecord &record);

    StoreWorker *m_worker;
    ChronologyModel *m_chronology;
    HouseholdModel *m_household;
    QString m_childId;
    bool m_loading = false;
    ChildRecord m_record;
    static inline ChildRecordController *s_instance = nullptr;
};

} // namespace doorstep::app
