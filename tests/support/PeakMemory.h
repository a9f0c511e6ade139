#pragma once
// Peak resident memory of the test process, for memory bounds that a test measures for itself: resetPeak() sets
// VmHWM back to the current resident size (Linux 4.0 and later), statusKiB("VmHWM") reads the peak since.
#include <QByteArray>
#include <QFile>
#include <QList>

namespace cmic::testing {

// A field of /proc/self/status in KiB, e.g. "VmHWM" or "VmRSS"; -1 when it cannot be read.
inline qint64 statusKiB(const QByteArray &field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QList<QByteArray> lines = status.readAll().split('\n');
    const QByteArray prefix = field + QByteArrayLiteral(":");
    for (const QByteArray &line : lines) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

// Resets the peak to the current resident size; false when the kernel does not allow it.
inline bool resetPeak()
{
    QFile clear(QStringLiteral("/proc/self/clear_refs"));
    return clear.open(QIODevice::WriteOnly) && clear.write("5") == 1;
}

} // namespace cmic::testing
