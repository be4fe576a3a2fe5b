#include "textsize.h"

#include "app/qmlsingleton.h"

#include <QSettings>

using namespace Qt::StringLiterals;

namespace doorstep::app {

namespace {

const QString ChoiceKey = u"textSize"_s;
const QString Ordinary = u"1"_s;

} // namespace

TextSize::TextSize(QString settingsPath, QObject *parent)
    : QObject(parent)
    , m_settingsPath(std::move(settingsPath))
    , m_choices(new OptionModel(this))
    , m_choice(Ordinary)
{
    m_choices->setOptions({{Ordinary, tr("Standard")},
                           {u"1.25"_s, tr("Large")},
                           {u"1.5"_s, tr("Larger")},
                           {u"2"_s, tr("Largest")}});
    const QSettings settings(m_settingsPath, QSettings::IniFormat);
    const QString saved = settings.value(ChoiceKey).toString();
    if (m_choices->contains(saved))
        m_choice = saved;
}

TextSize *TextSize::create(QQmlEngine *, QJSEngine *)
{
    return provideSingleton(s_instance);
}

void TextSize::setInstance(TextSize *instance)
{
    s_instance = instance;
}

void TextSize::setChoice(const QString &token)
{
    if (token == m_choice || !m_choices->contains(token))
        return;
    m_choice = token;
    QSettings settings(m_settingsPath, QSettings::IniFormat);
    settings.setValue(ChoiceKey, token);
    Q_EMIT changed();
}

} // namespace doorstep::app
