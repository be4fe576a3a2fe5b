// The person's text size, chosen in settings ("Larger", "Largest", …) and kept in the profile's
// app-settings file: a scale over the ordinary size that Theme.fontScale follows, so every page
// reflows with it. A QML singleton built by AppServices; GUI thread. Owns its option model.
#pragma once

#include "app/optionmodel.h"

#include <QObject>
#include <QString>
#include <QtQml/qqmlregistration.h>

class QQmlEngine;
class QJSEngine;

namespace doorstep::app {

class TextSize : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(doorstep::app::OptionModel *choices READ choices CONSTANT)
    // The token of one of choices ("1.5"); setting it saves it.
    Q_PROPERTY(QString choice READ choice WRITE setChoice NOTIFY changed)
    Q_PROPERTY(qreal scale READ scale NOTIFY changed)
public:
    // settingsPath: the file holding the choice (missing: the ordinary size).
    // Not the platform's own font scale when nothing is saved: Qt 6.4 exposes none reliably. On
    // Android the default font comes from a style file extracted once per install, in device
    // pixels (density and font scale mixed, and not updated when the person changes the setting);
    // on desktops QGuiApplication::font() is the desktop's font, not an accessibility scale; and
    // QStyleHints and QScreen's logical DPI carry no text scale. A guessed ratio would enlarge or
    // shrink text for the wrong reason, so the ordinary size it is until Qt offers one.
    explicit TextSize(QString settingsPath, QObject *parent = nullptr);

    static TextSize *create(QQmlEngine *, QJSEngine *);
    static void setInstance(TextSize *instance);

    OptionModel *choices() const { return m_choices; }
    QString choice() const { return m_choice; }
    // Ignores a token that is not among the choices.
    void setChoice(const QString &token);
    qreal scale() const { return m_choice.toDouble(); }

Q_SIGNALS:
    void changed();

private:
    QString m_settingsPath;
    OptionModel *m_choices;
    QString m_choice;
    static inline TextSize *s_instance = nullptr;
};

} // namespace doorstep::app
