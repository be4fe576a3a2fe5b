#include "syncdevice.h"

#include <QSignalSpy>

using namespace Qt::StringLiterals;

namespace doorstep::test {

namespace {

const QByteArray syntheticPin = QByteArrayLiteral("739154");

QString firstLine(const CommandResult &result)
{
    if (result.exitCode != 0) {
        qWarning().noquote() << "admin command failed:" << result.err;
        return {};
    }
    return QString::fromUtf8(result.out).trimmed();
}

} // namespace

SyncDevice::SyncDevice() = default;

SyncDevice::~SyncDevice()
{
    close();
}

bool SyncDevice::create()
{
    auto created = store::Store::create(storeDir(), syntheticPin);
    if (!created) {
        m_error = created.error().message;
        return false;
    }
    m_store = std::move(created).value();
    m_client = std::make_unique<sync::SyncClient>(m_store.get());
    return true;
}

bool SyncDevice::enrol(const ServerProcess &server, const QString &code)
{
    return enrol(server.baseUrl(), server.certificateSha256(), code);
}

bool SyncDevice::enrol(const QUrl &server, const QString &certificateSha256, const QString &code)
{
    QSignalSpy done(m_client.get(), &sync::SyncClient::enrolFinished);
    m_client->enrol(server, code, u"Test tablet"_s, certificateSha256);
    if (!done.wait(30'000) && done.isEmpty()) {
        m_error = u"enrolment did not finish"_s;
        return false;
    }
    const QList<QVariant> args = done.takeFirst();
    if (!args.at(0).toBool()) {
        m_error = args.at(2).toString();
        return false;
    }
    return true;
}

SyncOutcome SyncDevice::sync(int timeoutMillis)
{
    QSignalSpy done(m_client.get(), &sync::SyncClient::syncFinished);
    m_client->sync();
    SyncOutcome outcome;
    if (done.isEmpty() && !done.wait(timeoutMillis))
        return outcome;
    const QList<QVariant> args = done.takeFirst();
    outcome.finished = true;
    outcome.ok = args.at(0).toBool();
    outcome.errorCode = args.at(1).toString();
    outcome.message = args.at(2).toString();
    outcome.pushed = args.at(3).toInt();
    outcome.rejected = args.at(4).toInt();
    outcome.pulled = args.at(5).toInt();
    return outcome;
}

void SyncDevice::restartClient()
{
    m_client = std::make_unique<sync::SyncClient>(m_store.get());
}

void SyncDevice::close()
{
    m_client.reset();
    m_store.reset();
}

bool SyncDevice::reopen()
{
    auto opened = store::Store::open(storeDir(), syntheticPin);
    if (!opened) {
        m_error = opened.error().message;
        return false;
    }
    m_store = std::move(opened).value();
    m_client = std::make_unique<sync::SyncClient>(m_store.get());
    return true;
}

Result<int> SyncDevice::shred(bool force)
{
    m_client.reset();
    return store::Store::wipe(m_store, force);
}

QString SyncDevice::userId() const
{
    const auto identity = m_store->identity();
    return identity ? identity->userId : QString();
}

QString SyncDevice::teamId() const
{
    const auto identity = m_store->identity();
    return identity ? identity->teamId : QString();
}

bool TwoDevices::start()
{
    team = addTeam(server, u"Test Team"_s);
    visitor = addUser(server, u"Test Visitor"_s, u"health_visitor"_s, team);
    if (visitor.isEmpty()) {
        error = u"the team or the user could not be made"_s;
        return false;
    }
    if (!server.start()) {
        error = server.error();
        return false;
    }
    for (SyncDevice *device : {&first, &second}) {
        if (!device->create() || !device->enrol(server, enrolmentCode(server, visitor))) {
            error = device->error();
            return false;
        }
    }
    return true;
}

QString TwoDevices::addFamily()
{
    const auto saved = first.store().saveFamily(testFamily(visitor, team));
    return saved ? saved.value() : QString();
}

Family testFamily(const QString &practitionerId, const QString &teamId)
{
    Family family;
    family.teamId = teamId;
    family.practitionerId = practitionerId;
    family.label = u"Test Family One"_s;
    family.postcode = u"ZZ99 9ZZ"_s;
    return family;
}

Child testChild(const QString &familyId, const QString &name)
{
    Child child;
    child.familyId = familyId;
    child.name = name;
    child.dateOfBirth = QDate(2026, 11, 1);
    return child;
}

QString addTeam(const ServerProcess &server, const QString &name)
{
    return firstLine(server.admin({u"team-add"_s, u"--name"_s, name}));
}

QString addUser(const ServerProcess &server, const QString &name, const QString &role, const QString &teamId)
{
    return firstLine(
        server.admin({u"user-add"_s, u"--name"_s, name, u"--role"_s, role, u"--team"_s, teamId}));
}

QString enrolmentCode(const ServerProcess &server, const QString &userId)
{
    return firstLine(server.admin({u"enrolment-code"_s, u"--user"_s, userId}));
}

} // namespace doorstep::test
