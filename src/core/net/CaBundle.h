#pragma once

#include "core/rules/Finding.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace cmic::net {

// One certificate of a CA bundle, as "Test this bundle" lists it.
struct CaCertificateInfo
{
    QString subject;
    QString issuer;
    QDateTime validFrom;       // UTC
    QDateTime validTo;         // UTC
    QString sha256Fingerprint; // "AB:CD:..." over the DER certificate
    bool isCa = false;         // basicConstraints CA:TRUE, or a self-signed certificate without basicConstraints
    bool expired = false;      // at the time of the inspection
    bool notYetValid = false;
};

// What a CA bundle file holds and what is wrong with it. Findings are about the workspace's CA bundle setting
// (makeSettingFinding, field caBundlePath); errors mean the console cannot use the file, warnings that one of its
// certificates will not help.
struct CaBundleInspection
{
    QList<CaCertificateInfo> certificates;
    Findings findings;
    bool usable() const; // no error finding
};

// The largest CA bundle read (HttpPolicy::loadExtraCaBundle uses the same cap).
inline constexpr qint64 kMaxCaBundleBytes = 4 * 1024 * 1024;

// Reads |path| (regular files only, at most kMaxCaBundleBytes) and inspects it at |now|. Codes
// settings.ca-bundle-not-found, -unreadable, -too-large, -empty, -not-pem, -expired, -not-yet-valid, -not-ca.
CaBundleInspection inspectCaBundle(const QString &path, const QDateTime &now);
CaBundleInspection inspectCaBundlePem(const QByteArray &pem, const QDateTime &now, const QString &path = {});

} // namespace cmic::net
