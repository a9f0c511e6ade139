#include "SetupValidator.h"

#include "core/net/HttpPolicy.h"
#include "core/util/Clock.h"

namespace cmic::validation {

struct SetupValidator::Run
{
};

SetupValidator::SetupValidator(const net::HttpPolicy &policy, const Clock &clock, QObject *parent)
    : QObject(parent), m_policy(policy), m_clock(clock)
{
}

SetupValidator::~SetupValidator() = default;

} // namespace cmic::validation
