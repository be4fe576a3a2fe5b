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
