// A test hook for crash tests: with DOORSTEP_SERVER_FAULT="<point>@<n>" in its environment the
// server kills itself with SIGKILL (as a power cut would) the n-th time it reaches <point>.
// Points: "push-before-commit" (a push applied inside its transaction, not committed) and
// "push-after-commit" (a push committed, its answer not yet sent). Without the variable this
// does nothing; operators never set it. faultFails() points make the n-th call fail instead:
// "push-fails" (a push's changes written inside its transaction, then a storage error, as a full
// disk would give; answered 500 and rolled back).
//
// Thread: any.
#pragma once

namespace doorstep::server {

void faultPoint(const char *point);
// True the n-th time <point> is reached (the caller then fails as its storage would).
bool faultFails(const char *point);

} // namespace doorstep::server
