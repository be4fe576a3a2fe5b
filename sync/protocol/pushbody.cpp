#include "pushbody.h"

#include "jsonstring.h"

#include <QJsonDocument>

namespace doorstep::protocol {

namespace {

// A compact JSON object text as the store writes it: anything else is not spliced in.
bool isObjectText(const QByteArray &text)
{
    return text.size() >= 2 && text.front() == '{' && text.back() == '}';
}

void appendMember(QByteArray &out, const char *key, QStringView value)
{
    out.append('"').append(key).append("\":");
    appendJsonString(out, value);
    out.append(',');
}

void appendChange(QByteArray &out, const PushItem &item)
{
    // The keys in QJsonObject's (sorted) order, so the text matches Change::toJson's.
    const Change &c = item.change;
    out.append('{');
    appendMember(out, "changeId", c.changeId);
    appendMember(out, "deviceId", c.deviceId);
    out.append("\"deviceSeq\":").append(QByteArray::number(c.deviceSeq)).append(',');
    appendMember(out, "entity", c.entity);
    appendMember(out, "entityId", c.entityId);
    appendMember(out, "familyId", c.familyId);
    if (!item.fieldsText.isEmpty())
        out.append("\"fields\":").append(item.fieldsText).append(',');
    appendMember(out, "hlc", c.hlc);
    out.append("\"payload\":");
    if (isObjectText(item.payloadText))
        out.append(item.payloadText);
    else
        out.append(QJsonDocument(c.payload).toJson(QJsonDocument::Compact));
    out.append('}');
}

} // namespace

QByteArray pushBody(const QList<PushItem> &items)
{
    qsizetype size = 16;
    for (const PushItem &item : items)
        size += item.payloadText.size() + item.fieldsText.size() + 320;
    QByteArray out;
    out.reserve(size);
    out.append("{\"changes\":[");
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (i > 0)
            out.append(',');
        appendChange(out, items.at(i));
    }
    out.append("]}");
    return out;
}

QByteArray pushBody(const QList<Change> &changes, const QHash<QString, QJsonObject> &fields)
{
    QList<PushItem> items;
    items.reserve(changes.size());
    for (const Change &change : changes) {
        PushItem item{change, {}, {}};
        if (const auto it = fields.constFind(change.changeId); it != fields.constEnd())
            item.fieldsText = QJsonDocument(*it).toJson(QJsonDocument::Compact);
        items.append(std::move(item));
    }
    return pushBody(items);
}

} // namespace doorstep::protocol
