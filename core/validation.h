// Validation of records as they come in, on the device and on the server alike. Each function
// returns every problem found (empty list: valid), each naming the field and saying in plain
// words what to do.
#pragma once

#include "domain.h"
#include "result.h"

#include <QList>

namespace doorstep {

using Problems = QList<Error>;

// 10 digits (spaces allowed as typed: "943 476 5919"), modulus-11 check digit.
Problems validateNhsNumber(const QString &nhsNumber);

Problems validateFamily(const Family &family);
Problems validateFamilyMember(const FamilyMember &member);
Problems validateChild(const Child &child);
// Refuses DidNotAttend when the contact concerns a child, with a message to record
// "was not brought"; checks each child listed is seen before seen alone, and so on.
Problems validateVisit(const Visit &visit);
// Views need at least one of words, lived experience or presentation.
Problems validateChildViews(const ChildViews &views);
Problems validateAdvocateOffer(const AdvocateOffer &offer);
// Every field present; a description a stranger could act on: refuses vague ones such as
// "concerns" or "see notes", and review dates before the alert was raised.
Problems validateAlert(const Alert &alert);
Problems validateAmendment(const Amendment &amendment);

// The problems as one sentence per line, for command-line output and logs of ids.
QString describe(const Problems &problems);

} // namespace doorstep
