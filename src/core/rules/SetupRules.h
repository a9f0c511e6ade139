#pragma once

#include "Finding.h"

#include "core/storage/CredentialKind.h"

#include <functional>
#include <optional>

namespace cmic {

class Clock;
struct Workspace;
struct AppRegistration;

// Static checks of a workspace. Every finding has a stable code; see docs/rules.md for the list.
class SetupRules
{
public:
    explicit SetupRules(const Clock &clock);

    // What the secret store in use holds, for credential.missing. |stored| answers for a registration's credential
    // key (credentialKey()): true, false, or std::nullopt while unknown (not looked up yet, store unavailable), which
    // makes no finding. |storeName| names the store in the message ("GNOME Keyring", "this session only");
    // |persistent| false adds that typed secrets last for the session only.
    struct Credentials
    {
        std::function<std::optional<bool>(const QString &key)> stored;
        QString storeName;
        bool persistent = true;
    };
    // With credentials: also credential.missing for every registration whose secret or private key is not stored.
    void setCredentials(Credentials credentials) { m_credentials = std::move(credentials); }

    Findings check(const Workspace &workspace) const;
    // The same, for a background check: gives up (and returns nothing) as soon as |cancelled| answers true, which it
    // is asked every few registrations.
    Findings check(const Workspace &workspace, const std::function<bool()> &cancelled) const;
    // Only the findings about one registration (with its environment and service user).
    Findings checkRegistration(const Workspace &workspace, const AppRegistration &registration) const;

    // Days before a secret's expiry from which a warning is given.
    static constexpr int kSecretExpiryWarningDays = 30;

private:
    void checkCredential(Findings &out, const Workspace &workspace, const AppRegistration &registration) const;

    const Clock &m_clock;
    Credentials m_credentials;
};

} // namespace cmic
