// Turns for SQLite writers in this process. SQLite lets one writer in at a time and makes the
// others wait in its busy handler, which sleeps in steps of up to 100 ms and serves them in no
// order: under many devices that sleeping was the latency tail. Writers queue here instead,
// first come first served, and the next one starts as soon as the previous one commits.
// SQLite's busy timeout still covers other processes (admin commands) on the same file.
//
// Thread: any; a turn belongs to the thread that took it and is re-entrant on that thread (a
// write statement inside a write transaction does not queue again). One queue per process.
#pragma once

namespace doorstep::server {

class WriteTurn
{
public:
    // Waits for this thread's turn (at once when it holds it already).
    static void acquire();
    // Ends the turn after as many releases as acquires on this thread.
    static void release();

    // Holds a turn for a scope when `needed`.
    class Scope
    {
    public:
        explicit Scope(bool needed)
            : m_held(needed)
        {
            if (m_held)
                acquire();
        }
        ~Scope()
        {
            if (m_held)
                release();
        }
        Scope(const Scope &) = delete;
        Scope &operator=(const Scope &) = delete;

    private:
        bool m_held;
    };
};

} // namespace doorstep::server
