#pragma once

#include <QDateTime>

namespace cmic {

// Time comes from here, never from QDateTime::currentDateTime() in logic, so tests stay deterministic.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const = 0;

    // The process-wide system clock.
    static const Clock &system();
};

class SystemClock final : public Clock
{
public:
    QDateTime now() const override { return QDateTime::currentDateTimeUtc(); }
};

// A clock tests (and `--now`) set by hand.
class FixedClock final : public Clock
{
public:
    explicit FixedClock(QDateTime at) : m_now(std::move(at)) {}
    QDateTime now() const override { return m_now; }
    void set(const QDateTime &at) { m_now = at; }
    void advance(qint64 seconds) { m_now = m_now.addSecs(seconds); }

private:
    QDateTime m_now;
};

} // namespace cmic
