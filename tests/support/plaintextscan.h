// Test helper: looks for secrets (names, notes, keys, PINs) in bytes and in every file of a
// folder, in the forms they could take there: UTF-8, UTF-16 of either byte order, either case.
// Used by the at-rest and log claims (tests/store/tst_plaintext, tests/security/tst_securityclaims).
// Header only; any thread.
#pragma once

#include <QByteArray>
#include <QDirIterator>
#include <QFile>
#include <QList>
#include <QString>
#include <QStringList>

namespace doorstep::test {

// One thing that must not be found, with how a failure names it (never the secret itself).
struct Secret
{
    QString description;
    QList<QByteArray> forms; // finding any of these is finding the secret
};

inline QByteArray utf16(const QString &text, bool bigEndian)
{
    QByteArray bytes;
    for (const QChar c : text) {
        const char high = char(c.unicode() >> 8);
        const char low = char(c.unicode() & 0xff);
        bytes.append(bigEndian ? high : low).append(bigEndian ? low : high);
    }
    return bytes;
}

// The forms a text takes on disk: UTF-8, UTF-16 (little and big endian), lower and upper case.
inline QList<QByteArray> encodings(const QString &text)
{
    return {text.toUtf8(), utf16(text, false), utf16(text, true), text.toLower().toUtf8(),
            text.toUpper().toUtf8()};
}

// Each text as a secret described by itself in quotes (synthetic markers, safe to print).
inline QList<Secret> markerSecrets(const QStringList &markers)
{
    QList<Secret> secrets;
    for (const QString &marker : markers)
        secrets.append({u'"' + marker + u'"', encodings(marker)});
    return secrets;
}

// Every file below `dir`, hidden and system ones too.
inline QStringList filesIn(const QString &dir)
{
    QStringList files;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << it.next();
    return files;
}

// The description of the first secret found in `bytes`; empty when none is.
inline QString secretIn(const QByteArray &bytes, const QList<Secret> &secrets)
{
    for (const Secret &secret : secrets) {
        for (const QByteArray &form : secret.forms) {
            if (!form.isEmpty() && bytes.contains(form))
                return secret.description;
        }
    }
    return {};
}

// The first file below `dir` holding a secret, as "<path> holds <description>" (or that it could
// not be read); empty when none does. `files` counts the files read.
inline QString leakInFiles(const QString &dir, const QList<Secret> &secrets, int *files = nullptr)
{
    for (const QString &path : filesIn(dir)) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return QStringLiteral("cannot read %1").arg(path);
        if (files)
            ++*files;
        const QString found = secretIn(file.readAll(), secrets);
        if (!found.isEmpty())
            return QStringLiteral("%1 holds %2").arg(path, found);
    }
    return {};
}

} // namespace doorstep::test
