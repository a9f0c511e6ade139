#pragma once

#include "Finding.h"

#include <functional>

namespace cmic {

class Clock;
struct Workspace;
struct AppRegistration;

// Static checks of a workspace. Every finding has a stable code; see docs/rules.md for the list.
class SetupRules
{
public:
    explicit SetupRules(const Clock &clock);

    Findings check(const Workspace &workspace) const;
    // The same, for a background check: gives up (and returns nothing) as soon as |cancelled| answers true, which it
    // is asked every few registrations.
    Findings check(const Workspace &workspace, const std::function<bool()> &cancelled) const;
    // Only the findings about one registration (with its environment and service user).
    Findings checkRegistration(const Workspace &workspace, const AppRegistration &registration) const;

    // Days before a secret's expiry from which a warning is given.
    static constexpr int kSecretExpiryWarningDays = 30;

private:
    const Clock &m_clock;
};

} // namespace cmic
