#pragma once

// Small helpers shared by the model's fromJson functions (not part of the public model API).

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <initializer_list>

namespace cmic::json {

// Collects type errors while reading so a loader can report every wrong member at once.
class Reader
{
public:
    Reader(const QJsonObject &object, QString context, QString *error)
        : m_object(object), m_context(std::move(context)), m_error(error)
    {}

    QString string(const char *key, const QString &fallback = {});
    bool boolean(const char *key, bool fallback);
    int integer(const char *key, int fallback);
    QStringList stringList(const char *key);
    QJsonObject object(const char *key);
    void fail(const char *key, const QString &expected);

    // The members not in |known|, kept so a round trip loses nothing.
    QJsonObject unknown(std::initializer_list<const char *> known) const;

private:
    const QJsonObject &m_object;
    QString m_context;
    QString *m_error;
};

// Writes |unknown| first so known members always win.
QJsonObject withUnknown(const QJsonObject &unknown, const QJsonObject &known);

} // namespace cmic::json
