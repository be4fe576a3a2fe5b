#include "pushgroup.h"

#include "sqlquery.h"
#include "transaction.h"

#include <QList>
#include <QMutex>
#include <QScopeGuard>
#include <QWaitCondition>

#include <atomic>
#include <memory>
#include <optional>
#include <unordered_map>
#include <utility>

using namespace Qt::StringLiterals;

namespace doorstep::server {

namespace {

using Answer = Result<protocol::PushResponse>;

struct Job
{
    PushGroup::Work work;
    std::optional<Answer> answer; // set, under the queue's mutex, once the group has committed
};

struct Queue
{
    QMutex mutex;
    QWaitCondition answered;
    QList<Job *> waiting;
    bool leading = false; // a thread is running a group now
};

struct Counters
{
    std::atomic<qint64> groups{0};
    std::atomic<qint64> pushes{0};
    std::atomic<qint64> waiting{0};
};

Counters &counters()
{
    static Counters c;
    return c;
}

// Pushes to one database group together; a process with two databases keeps two queues.
Queue &queueFor(const Database &database)
{
    static QMutex mutex;
    static std::unordered_map<QString, std::unique_ptr<Queue>> queues;
    QMutexLocker locker(&mutex);
    std::unique_ptr<Queue> &queue = queues[database.describe()];
    if (!queue)
        queue = std::make_unique<Queue>();
    return *queue;
}

Result<void> execute(QSqlDatabase &db, const QString &sql)
{
    if (auto done = runQuery(db, sql, {}, u"grouping pushes"_s); !done)
        return done.error();
    return {};
}

using Answers = QList<std::pair<Job *, Answer>>;

Answers allFail(const QList<Job *> &jobs, const Error &error)
{
    Answers answers;
    for (Job *job : jobs)
        answers.append({job, Answer(error)});
    return answers;
}

// One group: the write transaction, every push waiting once it is open, one commit. The answers
// are handed to the waiting threads by the caller, after the commit.
Answers lead(const Database &database, Queue &queue)
{
    QList<Job *> jobs;
    const auto take = [&] {
        QMutexLocker locker(&queue.mutex);
        jobs = std::exchange(queue.waiting, {});
        counters().waiting -= jobs.size();
    };
    auto connected = database.connection();
    if (!connected) {
        take();
        return allFail(jobs, connected.error());
    }
    QSqlDatabase db = connected.value();
    // Each push runs in a savepoint, and SQLite keeps the pages a savepoint may have to restore in
    // a journal of its own: by default a temporary file, two pwrite calls a page (some 56 pages a
    // push of 100). In memory for the group's transaction (the setting is read as it begins), the
    // 500-device burst took a seventh less of the server's CPU. Only for the group: the setting
    // also holds sorts in memory without limit, and a caseload read sorts a whole caseload.
    if (auto inMemory = execute(db, u"PRAGMA temp_store = MEMORY"_s); !inMemory) {
        take();
        return allFail(jobs, inMemory.error());
    }
    const auto asBefore = qScopeGuard([&db] { (void)execute(db, u"PRAGMA temp_store = DEFAULT"_s); });
    Transaction transaction(database, db);
    // Taken after the write lock: every push that arrived while this thread waited for it joins.
    auto begun = transaction.beginWrite();
    take();
    if (!begun)
        return allFail(jobs, begun.error());

    Answers answers;
    answers.reserve(jobs.size());
    for (Job *job : std::as_const(jobs)) {
        if (auto opened = execute(db, u"SAVEPOINT push"_s); !opened)
            return allFail(jobs, opened.error());
        Answer answer = job->work(db);
        // A push that failed leaves nothing: its writes are undone, the group's stay. When that
        // cannot be done (the engine dropped the whole transaction), the group fails as one.
        if (!answer.ok()) {
            if (auto undone = execute(db, u"ROLLBACK TO SAVEPOINT push"_s); !undone)
                return allFail(jobs, undone.error());
        }
        if (auto released = execute(db, u"RELEASE SAVEPOINT push"_s); !released)
            return allFail(jobs, released.error());
        answers.append({job, std::move(answer)});
    }
    if (auto committed = transaction.commit(); !committed)
        return allFail(jobs, committed.error());
    ++counters().groups;
    counters().pushes += jobs.size();
    return answers;
}

} // namespace

Result<protocol::PushResponse> PushGroup::run(const Database &database, Work work)
{
    Queue &queue = queueFor(database);
    Job job{std::move(work), std::nullopt};
    QMutexLocker locker(&queue.mutex);
    queue.waiting.append(&job);
    ++counters().waiting;
    while (!job.answer) {
        if (queue.leading) {
            queue.answered.wait(&queue.mutex);
            continue;
        }
        // Nobody leads, so nobody has taken this job: it joins the group this thread runs.
        queue.leading = true;
        locker.unlock();
        Answers answers = lead(database, queue);
        locker.relock();
        for (auto &[answered, answer] : answers)
            answered->answer.emplace(std::move(answer));
        queue.leading = false;
        queue.answered.wakeAll();
    }
    return std::move(*job.answer);
}

PushGroup::Stats PushGroup::stats()
{
    return Stats{counters().groups.load(), counters().pushes.load(), counters().waiting.load()};
}

} // namespace doorstep::server
