#include "JsonFields.h"

#include <QCoreApplication>

#include <cmath>
#include <limits>

namespace cmic::json {

void Reader::fail(const char *key, const QString &expected)
{
    if (!m_error)
        return;
    const QString line = QCoreApplication::translate("cmic::Model", "%1: member \"%2\" must be %3.")
                             .arg(m_context, QLatin1String(key), expected);
    if (!m_error->isEmpty())
        m_error->append(QLatin1Char('\n'));
    m_error->append(line);
}

QString Reader::string(const char *key, const QString &fallback)
{
    const QJsonValue v = m_object.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return fallback;
    if (!v.isString()) {
        fail(key, QCoreApplication::translate("cmic::Model", "a string"));
        return fallback;
    }
    return v.toString();
}

bool Reader::boolean(const char *key, bool fallback)
{
    const QJsonValue v = m_object.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return fallback;
    if (!v.isBool()) {
        fail(key, QCoreApplication::translate("cmic::Model", "true or false"));
        return fallback;
    }
    return v.toBool();
}

int Reader::integer(const char *key, int fallback)
{
    const QJsonValue v = m_object.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return fallback;
    const double d = v.toDouble();
    // Range first: converting a double outside int's range to int is undefined behaviour.
    const bool whole = v.isDouble() && d >= double(std::numeric_limits<int>::min())
                       && d <= double(std::numeric_limits<int>::max()) && d == std::trunc(d);
    if (!whole) {
        fail(key, QCoreApplication::translate("cmic::Model", "a whole number"));
        return fallback;
    }
    return static_cast<int>(d);
}

QStringList Reader::stringList(const char *key)
{
    const QJsonValue v = m_object.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return {};
    if (!v.isArray()) {
        fail(key, QCoreApplication::translate("cmic::Model", "an array of strings"));
        return {};
    }
    QStringList out;
    for (const QJsonValue &item : v.toArray()) {
        if (!item.isString()) {
            fail(key, QCoreApplication::translate("cmic::Model", "an array of strings"));
            return {};
        }
        out << item.toString();
    }
    return out;
}

QJsonObject Reader::object(const char *key)
{
    const QJsonValue v = m_object.value(QLatin1String(key));
    if (v.isUndefined() || v.isNull())
        return {};
    if (!v.isObject()) {
        fail(key, QCoreApplication::translate("cmic::Model", "an object"));
        return {};
    }
    return v.toObject();
}

QJsonObject Reader::unknown(std::initializer_list<const char *> known) const
{
    // The usual case, every member known, without copying the object and taking members out of the copy one by one.
    qsizetype knownPresent = 0;
    for (const char *key : known)
        knownPresent += m_object.contains(QLatin1String(key)) ? 1 : 0;
    if (knownPresent == m_object.size())
        return {};
    QJsonObject out = m_object;
    for (const char *key : known)
        out.remove(QLatin1String(key));
    return out;
}

QJsonObject withUnknown(const QJsonObject &unknown, const QJsonObject &known)
{
    QJsonObject out = unknown;
    for (auto it = known.begin(); it != known.end(); ++it)
        out.insert(it.key(), it.value());
    return out;
}

} // namespace cmic::json
