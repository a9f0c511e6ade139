<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
<context>
    <name>EnvironmentForm</name>
    <message>
        <source>Environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A name you recognise this CMiC environment by, e.g. &quot;Production&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Production</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Deployment:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enterprise (on premises) or CMiC Cloud. It decides the format of the service-user claim value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deployment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cloud &amp;tenant:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC Cloud only: the tenant part of tenant||username, as CMiC gave it to you.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cloud only, e.g. ACME</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cloud tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;API base URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CMiC REST API root, including the context path, e.g. https://host/cmicprod. Use https; plain http is only accepted for localhost.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>https://host/cmicprod</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API base URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC OAuth filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service &amp;user from:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patch 22 and earlier read the CMiC user from a claim in the token; later patches take it from the app registration in CMiC API Security.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service user from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User &amp;claim name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cmic.oauth2.user.claim.name: the token claim that carries the CMiC username (default cmicuser).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cmicuser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User claim name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cmic.oauth2.remove.domainFromUser: CMiC strips &quot;@domain&quot; from the claim value before looking the user up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the domain from the user name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove the domain from the user name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cmic.oauth2.ipcheck.enabled: CMiC compares the token&apos;s ipaddr claim with the caller&apos;s address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the caller&apos;s IP address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the caller&apos;s &amp;IP address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Probe endpoints:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GET paths below the API base URL that the validation calls to prove a token works, e.g. /api/v1/...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probe endpoints</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RegistrationForm</name>
    <message>
        <source>Registration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A name you recognise this registration by, e.g. &quot;Payroll sync (Okta)&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. Payroll sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>En&amp;vironment:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CMiC environment whose API Security holds this registration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service &amp;user:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CMiC user the API calls run as. Later patches set it on the registration; Patch 22 and earlier read it from the token claim.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identity provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Preset:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose your identity provider to fill the URLs below from its templates (undoable in one step).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>App ID claim:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The claim this identity provider puts the client id in; CMiC compares it with the App ID.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC API Security</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;App ID:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client id of the app registration in the identity provider, exactly as the token&apos;s app-id claim carries it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client id, e.g. 0oa1b2c3d4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>App ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Issuer:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Must be the exact &quot;iss&quot; value of the access tokens, trailing slash included; CMiC compares it as a string.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>https://… exactly as the token&apos;s iss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;JWKS URI:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the identity provider publishes its signing keys (jwks_uri in the discovery document).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>https://…/keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWKS URI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Token endpoint:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The identity provider&apos;s token endpoint for the client-credentials grant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>https://…/token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dis&amp;covery URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional: the OpenID discovery document. Defaults to issuer + /.well-known/openid-configuration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discovery URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Scope:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scope to request, e.g. api://&lt;app id&gt;/.default for Entra ID.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. api://…/.default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Au&amp;dience:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The audience parameter, for identity providers that need one (Auth0).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audience</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Resource:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The resource parameter (RFC 8707), for identity providers that use it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resource</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;lient authentication:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How the console authenticates at the token endpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client authentication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client s&amp;ecret:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept in the system keychain only, never in the workspace file or exports.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secret e&amp;xpires:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When the client secret expires; you are warned 30 days before.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secret expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N&amp;otes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anything worth remembering about this registration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ServiceUserForm</name>
    <message>
        <source>Service user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Username:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CMiC username API calls run as, e.g. SVC_INTEGRATION. Enterprise: the plain USERNAME.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. SVC_INTEGRATION</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Username</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;E-mail username:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC Cloud: the unique username in e-mail form, if the user has one. Optional.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional, e.g. svc.integration@example.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E-mail username</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Display name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How people recognise this user; not used by CMiC.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Display name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Best practice: a dedicated service user that no person signs in with, so its rights and audit trail belong to the integration alone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dedicated: no person signs in with this user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dedi&amp;cated: no person signs in with this user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N&amp;otes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Anything worth remembering: who owns the user, which roles it has.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic</name>
    <message>
        <source>(not set)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC runs the call as %1, the service user set on the registration; the token&apos;s claim is not needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token&apos;s &quot;%1&quot; claim names &quot;%2&quot;, someone else; CMiC ignores it, but it shows the IdP is set up for a different user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the &quot;%1&quot; claim from the IdP&apos;s token, or make it name %2, so the setup does not mislead the next person who reads it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That is not %1, the service user chosen for this registration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make the IdP send the registration&apos;s service user in the claim, or choose %1 as the registration&apos;s service user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make the IdP send &quot;%1&quot; in the claim, or choose %2 as the registration&apos;s service user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The &quot;%1&quot; claim is &quot;%2&quot;, the Cloud form tenant||username, but this environment is Enterprise: CMiC looks for a user named &quot;%2&quot; and finds none.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make the IdP send only the username, e.g. &quot;%1&quot;, or set the environment&apos;s deployment to Cloud if it is CMiC Cloud.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC runs the call as %1, read from the &quot;%2&quot; claim.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC runs the call as %1: the &quot;%2&quot; claim is &quot;%3&quot; and remove-domain strips the &quot;@domain&quot; part.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The value is in e-mail form; CMiC looks it up as it is, so a username without the domain will not match.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The &quot;%1&quot; claim is &quot;%2&quot;: the tenant||username form needs exactly one tenant and one username around &quot;||&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make the IdP send TENANT||USERNAME with your CMiC Cloud tenant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make the IdP send %1||USERNAME with the service user&apos;s username.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The &quot;%1&quot; claim names tenant &quot;%2&quot;, but this environment&apos;s Cloud tenant is &quot;%3&quot;; CMiC does not find the user in its tenant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make the IdP send &quot;%1||%2&quot;, or correct the environment&apos;s Cloud tenant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC runs the call as %1 in tenant %2, read from the &quot;%3&quot; claim.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The environment has no Cloud tenant, so the console could not check the tenant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the Cloud tenant on the environment so the console can check it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tenant differs from the environment&apos;s &quot;%1&quot; only in letter case.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC runs the call as the user whose unique e-mail username is %1, read from the &quot;%2&quot; claim.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The &quot;%1&quot; claim is &quot;%2&quot;, but remove-domain strips it to &quot;%3&quot;; CMiC Cloud needs tenant||username or the full e-mail username, so it cannot find the user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Turn remove-domain off for this environment, or make the IdP send &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The &quot;%1&quot; claim is &quot;%2&quot;, a plain username; CMiC Cloud needs tenant||username or the user&apos;s unique e-mail username, so it cannot find the user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make the IdP send &quot;%1&quot;, or the service user&apos;s e-mail username.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; uses the placeholder {%2}, which is not listed in &quot;parameters&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;id&quot; must be lower-case letters, digits and dashes, e.g. &quot;entra-v1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;parameters&quot; holds &quot;%1&quot;, which is not a valid placeholder name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enterprise (on-premises)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cloud</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Claim in token (Patch 22 and earlier)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set on registration (later patches)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client secret, HTTP Basic (client_secret_basic)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client secret in form body (client_secret_post)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed JWT assertion (private_key_jwt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System proxy settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No proxy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Explicit proxy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 &quot;%2&quot; has leading or trailing spaces; CMiC compares it character by character, so it will not match.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the spaces: &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 &quot;%2&quot; is not a valid absolute URL%3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the full URL, starting with https://, as the identity provider or CMiC shows it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 &quot;%2&quot; does not use https; the console and CMiC only trust https outside this machine (plain http is allowed for localhost, 127.0.0.0/8 and ::1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use an https:// URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The probe endpoint &quot;%1&quot; is not a path below the CMiC API base URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter only the path after the base URL, e.g. &quot;sys-rest-api/rest/1/sdcompanyaccess?limit=1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The probe endpoint &quot;%1&quot; asks for limit=%2; since Patch 22 CMiC answers 400 to a limit above %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use limit=1: a probe needs one row.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The environment has no name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name it after the CMiC environment, e.g. &quot;cmicprod&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The environment has no CMiC API base URL, so the console cannot call CMiC to prove the setup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the base URL, e.g. &quot;https://host/cmicprod&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This Cloud environment has no tenant, so the console cannot form or check tenant||username claim values; only e-mail usernames can be checked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter your CMiC Cloud tenant code, as CMiC shows it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Cloud tenant &quot;%1&quot; contains &quot;||&quot;, &quot;@&quot; or a space; it cannot be the tenant part of tenant||username.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter only the tenant code, e.g. &quot;ACME&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The environment is Enterprise, so its Cloud tenant &quot;%1&quot; is not used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear the tenant, or set the deployment to Cloud if this is CMiC Cloud.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The environment reads the service user from a token claim but names no claim.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the value of cmic.oauth2.user.claim.name, &quot;cmicuser&quot; unless it was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The environment has no probe endpoint, so validation stops before calling CMiC.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a cheap GET the service user may call, e.g. &quot;sys-rest-api/rest/1/sdcompanyaccess?limit=1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service user has no username.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the CMiC username, e.g. &quot;SVC_INTEGRATION&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The e-mail username &quot;%1&quot; is not in e-mail form (name@domain).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the user&apos;s unique e-mail username as CMiC Cloud shows it, or leave it empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nobody has confirmed that %1 is dedicated to integrations; if a person also signs in with it, every API call runs with that person&apos;s rights and their password changes break it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use a service user no person signs in with, then tick &quot;dedicated&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; has the Cloud form tenant||username, but environment &quot;%2&quot; is Enterprise: CMiC looks for a user named exactly that and finds none.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the plain CMiC username, e.g. &quot;%1&quot;, or set the environment to Cloud.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment &quot;%1&quot; removes &quot;@domain&quot; from the claim value, so CMiC can never read the username &quot;%2&quot; from a token; it looks for &quot;%3&quot; instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Turn remove-domain off for the environment, or use a username without &quot;@&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The username &quot;%1&quot; already contains &quot;||&quot;; the console adds the tenant of environment &quot;%2&quot; itself, so the claim would carry the tenant twice.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter only the username, e.g. &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In Cloud environment &quot;%1&quot; the claim for %2 must be tenant||username or the e-mail username, but the environment has no tenant and remove-domain would cut the e-mail username.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In Cloud environment &quot;%1&quot; the claim for %2 must be tenant||username or the e-mail username, but the environment has no tenant and the user has no e-mail username, so no valid value can be formed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the Cloud tenant on the environment, or the user&apos;s e-mail username.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The issuer &quot;%1&quot; ends with a slash, but Entra ID v2 tokens carry the issuer without one; CMiC compares the issuer exactly, so the token would not match.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The issuer is in the Entra v2 form; Entra only issues v2 access tokens to APIs whose manifest asks for them, and v2 tokens carry the client in azp instead of appid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make sure the API&apos;s manifest sets the access token version to 2, or switch to the v1 issuer https://sts.windows.net/%1/.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register the issuer &quot;https://sts.windows.net/%1/&quot; (with the trailing slash).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register the issuer &quot;https://sts.windows.net/&lt;directory (tenant) ID&gt;/&quot;: the token&apos;s issuer carries the tenant ID GUID, not &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The issuer &quot;%1&quot; is the Entra ID v2 form, but Entra issues access tokens for APIs as v1 tokens whose issuer is https://sts.windows.net/{tenant}/, so CMiC would not find the registration (500).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The issuer names the tenant &quot;%1&quot;, but Entra tokens carry the directory (tenant) ID, a GUID, in the issuer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use &quot;https://sts.windows.net/&lt;directory (tenant) ID&gt;/&quot;; the ID is on the tenant&apos;s overview page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The issuer &quot;%1&quot; lacks the trailing slash Entra puts in the token&apos;s iss; CMiC compares the issuer exactly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use &quot;%1/&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The discovery URL &quot;%1&quot; differs from &quot;%2&quot;, the one the issuer implies, only in a slash; most providers answer 404 to it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The IdP preset &quot;%1&quot; is not one this console knows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a preset from the list, or &quot;generic&quot; for any OpenID Connect provider.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 preset&apos;s %2 is not filled in, so the console cannot compare the URLs with the provider&apos;s usual ones.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fill in the preset&apos;s parameters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The issuer &quot;%1&quot; differs from the %2 issuer &quot;%3&quot; only in the trailing slash; CMiC compares the issuer exactly, so the token would not match.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The issuer &quot;%1&quot; is not &quot;%2&quot;, the issuer %3 uses for these parameters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the issuer from the provider&apos;s discovery document, or correct the preset&apos;s parameters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 needs an audience in the token request; without one it refuses the request or issues a token CMiC cannot verify.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the API&apos;s identifier as the audience.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set the audience up at %1 and enter it here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The expiry of the key (certificate) registered for private_key_jwt is not recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client secret&apos;s expiry date is not recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the expiry date shown by the identity provider so the console can warn %1 days ahead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key (certificate) registered for private_key_jwt expired on %1, %2 day(s) ago; the identity provider refuses its assertions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client secret expired on %1, %2 day(s) ago; the identity provider refuses it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upload a new certificate at the identity provider, update the key here and the expiry date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a new secret at the identity provider, store it here and update the expiry date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>today (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in %1 day(s), on %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key (certificate) registered for private_key_jwt expires %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client secret expires %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upload a new certificate before then and switch over.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a new secret before then, store it here and update the expiry date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registration has no name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name it after the integration, e.g. &quot;Payroll sync&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registration belongs to no environment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the CMiC environment this registration is made in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registration points at an environment that no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose an existing environment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is empty; CMiC API Security needs it to accept tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token endpoint is empty, so the console cannot request a test token (CMiC itself does not need it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the token endpoint, or choose an IdP preset to fill it in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The issuer &quot;%1&quot; has a query or fragment; an OpenID issuer never does, so it cannot match a token&apos;s iss.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the issuer exactly as the discovery document&apos;s &quot;issuer&quot; shows it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registration names no service user, so the console cannot check the value the token&apos;s claim must carry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the service user the IdP puts in the claim.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registration points at a service user that no longer exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose an existing service user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has the same Issuer and App ID in this environment; CMiC finds a registration by that pair and could not tell them apart.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep one registration per client, or give each integration its own app registration at the IdP.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the &quot;%1&quot; claim to the IdP&apos;s access token with the service user&apos;s name in the form this deployment needs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the &quot;%1&quot; claim to the IdP&apos;s access token with the value &quot;%2&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Up to Patch 22 CMiC reads the service user from this claim and rejects the call without it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token has no &quot;%1&quot; claim.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token&apos;s &quot;%1&quot; claim is not a string.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token&apos;s &quot;%1&quot; claim is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token&apos;s &quot;%1&quot; claim &quot;%2&quot; has leading or trailing spaces; CMiC looks the user up as sent and finds nobody.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the spaces from the claim value in the IdP&apos;s claim mapping.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token&apos;s &quot;%1&quot; claim &quot;%2&quot; is empty once remove-domain strips &quot;@domain&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment &quot;%1&quot; can take the service user from the registration (after Patch 22), but this registration has none, so CMiC still reads the user from the token&apos;s &quot;%2&quot; claim and rejects calls whose token lacks it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the service user, here and on the registration in CMiC API Security, so the claim is no longer needed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::DialogPrompts</name>
    <message>
        <source>Unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; has changes that are not saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save them before you continue? Discarded changes cannot be recovered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File changed on disk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; was changed by another program since you opened it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload it (your unsaved changes are lost), overwrite it with your version, or save your version under another name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Overwrite</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC OAuth workspaces (*.cmic-oauth.json);;JSON files (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::EnvFileExporter</name>
    <message>
        <source>Environment variables for a server (.env)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC OAuth client settings for registration %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set CMIC_CLIENT_SECRET yourself (for example from your secret manager); it is never exported.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::EnvironmentModel</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deployment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cloud tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API base URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service user from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User claim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove domain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IP check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probe endpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit %1 of environment &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove environment &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::FindingsModel</name>
    <message>
        <source>No findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n error</numerusform>
            <numerusform>%n errors</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n warning</numerusform>
            <numerusform>%n warnings</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n note(s)</source>
        <translation>
            <numerusform>%n note</numerusform>
            <numerusform>%n notes</numerusform>
        </translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service user %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registration %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to do</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::IdpPresets</name>
    <message>
        <source>The IdP presets are not valid JSON (%1 at byte %2). Fix the file or restore it from the installation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The IdP presets must be a JSON object with &quot;format&quot;, &quot;version&quot; and &quot;presets&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The IdP presets document has no &quot;format&quot;: &quot;%1&quot;; it is not a presets file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The IdP presets document needs &quot;version&quot;: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The IdP presets document has version %1; this console reads version %2. Update the console.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The IdP presets document needs a &quot;presets&quot; list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preset %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preset %1 (&quot;%2&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the id &quot;%1&quot; is used twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The IdP presets document is malformed:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::MainWindow</name>
    <message>
        <source>The registration is back, but its client secret was deleted from the keychain with it: enter the secret again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registrations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CMiC environments and how their OAuth filter is configured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CMiC users API calls run as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The app registrations CMiC API Security holds: App ID, Issuer, JWKS URI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Filter:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter environments by name, URL…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter service users by name, e-mail…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter registrations by name, App ID, issuer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shows only the rows with this text in a visible column (not case-sensitive).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problems in the setup. Click one to go to the field it is about.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start an empty workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a workspace file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the workspace (no secrets are written to it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the workspace under another name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the selected registration as a configuration file (never with its secret)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+A</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add an object to the current list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Del</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the selected object (undoable)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registration removed and its client secret deleted from the keychain. Undo restores the registration; the secret must then be entered again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;move %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1[*] — CMiC OAuth Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New workspace. Start with an environment, then a service user and a registration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open the workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opened %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save workspace as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC OAuth workspaces (*.cmic-oauth.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1 (secrets stay in the keychain).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The built-in example workspace is missing from this build. Reinstall the console.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the demo workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo workspace loaded. It is untitled: Save asks where to keep it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a registration on the Registrations page first, then choose Export again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export registration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format for &quot;%1&quot;:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (*.%2);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1: %2. Choose a folder you can write to and export again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported %1 (without secrets).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no recent files)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 no longer exists, so it was removed from the recent files. If it was moved, open it from its new place with File &gt; Open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an environment, or add one with Add Environment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a service user, or add one with Add Service User.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a registration, or add one with Add Registration.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::Model</name>
    <message>
        <source>Registration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: member &quot;%2&quot; must be %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>true or false</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an array of strings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::ObjectTableModel</name>
    <message>
        <source>Yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::OptionalDateEdit</name>
    <message>
        <source>Known</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uncheck when you do not know when the secret expires (you will get a reminder to find out).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expiry date known</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secret expiry date</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::PresetReader</name>
    <message>
        <source>&quot;%1&quot; is missing; it is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is empty; it is required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be true or false</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a list of strings</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::PropertiesExporter</name>
    <message>
        <source>cmicapp.properties settings (Enterprise)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC OAuth filter settings for environment %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::RegistrationForm</name>
    <message>
        <source>Tenant (directory) ID:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Domain:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Realm:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Region:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authorization server ID:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User pool ID:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(choose an environment)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fills {%1} in the preset&apos;s URL templates; the URLs below update as you type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — CMiC compares this claim in the token with the App ID.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a preset to see which claim carries the client id.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::RegistrationModel</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identity provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preset parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>App ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWKS URI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discovery URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audience</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resource</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client authentication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secret expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit %1 of registration &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply %1 preset to &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New registration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add registration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove registration &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::RegistrationSheetExporter</name>
    <message>
        <source>CMiC API Security registration sheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC API Security &gt; Application Registration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registration: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the registration&apos;s environment to see whether the token must carry a user claim.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Identity provider: add the claim &quot;%1&quot; to the access token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>with the value: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service user is taken from the registration; the token needs no user claim.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client secret is not part of this sheet; it stays in the keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No service user is set on this registration, so CMiC reads the user from the token.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::SecretField</name>
    <message>
        <source>Hide secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide the client secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the client secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stored in the system keychain only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client secret is saved in the system keychain when you press Enter or leave the field. It is never written to the workspace file or to exports. Clear the field to remove it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keep for this session only (forgotten when the console closes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the client secret for this session only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a registration to see its client secret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the keychain…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stored in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not stored. Type the secret to keep it for this session only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not stored. Type the secret and press Enter to save it in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept for this session only: it is not saved anywhere and must be entered again after the console closes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keychain unavailable: %1 You can keep the secret for this session only.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::SecretStore</name>
    <message>
        <source>macOS Keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Windows Credential Manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>desktop keyring (Secret Service)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this session only (not saved)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No secret is stored for this registration yet. Enter the secret and save it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No keychain is running (Secret Service over D-Bus). Start your desktop&apos;s keyring (gnome-keyring or KWallet) and try again, or keep the secret for this session only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain is locked or access to it was refused. Unlock your keyring (your desktop asks for its password), allow CMiC OAuth Console to use it, and try again, or keep the secret for this session only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain could not complete the request. Try again; if it keeps failing, restart your desktop&apos;s keyring or keep the secret for this session only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(The keychain said: %1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::ServerWorkspaceExporter</name>
    <message>
        <source>Workspace for a server (this registration only)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::ServiceUserModel</name>
    <message>
        <source>Username</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E-mail username</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Display name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dedicated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit %1 of service user &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add service user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove service user &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::ServiceUserResolver</name>
    <message>
        <source>The registration has no service user, so CMiC reads the user from the token&apos;s &quot;%1&quot; claim, as up to Patch 22.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set the service user on the registration, here and in CMiC API Security, so the claim is no longer needed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::SetupRules</name>
    <message>
        <source>The issuer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The JWKS URI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The discovery URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CMiC API base URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The App ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The audience</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Cloud tenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The user claim name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The username</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The e-mail username</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the client ID the IdP issued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the exact iss value of the tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>where CMiC fetches the signing keys</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::StringListEdit</name>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probe endpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New probe endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>/api/... then Enter to add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add probe endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove probe endpoint</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::WorkspaceDocument</name>
    <message>
        <source>Untitled</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::WorkspaceFile</name>
    <message>
        <source>The workspace data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix it in a text editor or restore a copy from version control, then open it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix it in a text editor, or restore %1 (the copy kept at the last save) or a copy from version control, then open it again. The file was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>  - ... and %n more.</source>
        <translation>
            <numerusform>  - ... and %n more.</numerusform>
            <numerusform>  - ... and %n more.</numerusform>
        </translation>
    </message>
    <message>
        <source>member &quot;%1&quot; must be an array of objects.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be an object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>has the same id &quot;%1&quot; as %2[%3]; each id must be unique. Give one of them a new id (or delete the &quot;id&quot; member and one is made on open).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is empty, so it holds no workspace. It may have been cut short while being written. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it ends too early and looks cut short</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is damaged or is not a JSON file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be read: %2 (%3 at line %4, column %5). %6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that you chose the right file: a CMiC OAuth Console workspace starts with &quot;format&quot;: &quot;cmic-oauth-workspace&quot; and its name usually ends with .cmic-oauth.json.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is JSON but not a CMiC OAuth Console workspace (its top level is not an object). %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it has no &quot;format&quot; member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its &quot;format&quot; is %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is JSON but not a CMiC OAuth Console workspace (%2). %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no valid &quot;version&quot; member (it must be a whole number, 1 or higher). Add &quot;version&quot;: %2 in a text editor if the file was written by hand, then open it again. The file was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was written by a newer CMiC OAuth Console (workspace format version %2; this console reads versions up to %3). Open it with the newer console, or update this one. The file was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &quot;id&quot; must be a string.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &quot;settings&quot; must be an object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a workspace, but some of its members cannot be read:
%2
Correct them in a text editor, or restore an earlier copy, then open it again. The file was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 does not exist. It may have been moved, renamed or deleted. Use Open to look for it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a folder, not a workspace file. Choose a .cmic-oauth.json file inside it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is %2 MiB, far larger than any workspace; it is probably not one. Check that you chose the right file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be read: %2. Check that you may read it (permissions, a disconnected drive), then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be read: %2. Check the drive, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing was saved and the file on disk was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save to %1: it is a folder. Choose a file name, for example with Save As. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read %1 to keep a backup of it: %2. Check its permissions, or use Save As to save somewhere else. %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read %1 to keep a backup of it: %2. Check the drive, or use Save As to save somewhere else. %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was changed by another program (or another window) since it was opened or last saved. Your changes were not saved. Reload it to see the other changes (yours are lost), use Save As to keep yours in a new file, or save again with Overwrite to replace the other changes with yours.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save %1: %2. Check that the folder exists and you may write to it, or use Save As to save somewhere else. %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save %1: %2. Check the free space and permissions, or use Save As to save somewhere else. %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not keep a backup of %1 at %2: %3. Check the folder&apos;s permissions and free space, or use Save As to save somewhere else. %4</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::jose::ClaimsValidator</name>
    <message>
        <source>a string (&quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a boolean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>null</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an array</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No typ header; CMiC does not require one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>typ is &quot;%1&quot;, an access-token type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>typ is %1, not at+jwt, application/at+jwt or JWT: this is not an access token (an ID token or logout token?). Request an access token with the client-credentials grant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The claims CMiC requires (sub, exp, aud, iss) are present.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Missing claim(s) CMiC requires: %1. CMiC answers 401 without them; configure the IdP to issue them (for aud, request the token for the CMiC API&apos;s audience or resource).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token has no iss claim; CMiC matches the registration by issuer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>iss is %1; it must be a string.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>iss is &quot;%1&quot;; not compared (no expected issuer given).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>iss is &quot;%1&quot;, the registered issuer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> They differ only in the trailing slash, and CMiC compares exactly: register &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> The token is an Entra v1 token (issuer sts.windows.net) but the registration has the v2 issuer: register &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> The token is an Entra v2 token but the registration has the v1 issuer: set accessTokenAcceptedVersion in the API&apos;s manifest, or register &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> Register the issuer exactly as the token has it, or request the token from the registered IdP.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>iss is &quot;%1&quot; but the registration says &quot;%2&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token has none of appid, azp, cid or client_id; CMiC matches the App ID by this claim. Check the IdP preset and the token type.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token has no %1 claim, which this IdP uses for the App ID. Check the IdP preset (Entra: appid; Okta: cid; Auth0: azp; Keycloak, RFC 9068: client_id).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is %2; it must be a string.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is &quot;%2&quot;; not compared (no App ID given).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is &quot;%2&quot;, the registered App ID.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is &quot;%2&quot; but the registered App ID is &quot;%3&quot;. Register the client id that requested the token, or request it with the registered client.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token has no aud claim, which CMiC requires. Request it for the CMiC API (scope, audience or resource parameter; Keycloak needs an audience mapper).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>aud is an array with a non-string entry; it must hold strings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>aud is %1; it must be a string or an array of strings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>aud is an empty array. Request the token for the CMiC API&apos;s audience.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>aud is %1 (no expected audience given; not compared).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>aud includes &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>aud is %1, without &quot;%2&quot;. Request the token with the expected audience (scope, audience or resource), or correct the expected value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is %2; it must be a JSON number of seconds since 1970 (NumericDate), and CMiC rejects other types. Fix the IdP&apos;s claim mapping.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token has no exp claim; CMiC requires an expiry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token expired %1 ago (at %2), beyond the %3 clock skew. Request a new token; if it was just issued, check this computer&apos;s clock.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token expired %1 ago (at %2), within the %3 clock skew; CMiC may already refuse it. Request a new token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token expires in %1 (at %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No nbf claim (optional).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token is not valid for another %1 (nbf %2), beyond the %3 clock skew. Check the clocks of this computer and of the IdP.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token becomes valid in %1 (nbf %2), within the %3 clock skew.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token has been valid since %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No iat claim (optional).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token was issued %1 in the future (iat %2), beyond the %3 clock skew: the IdP&apos;s clock or this computer&apos;s is wrong.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token was issued (%1) after it expires (%2); the IdP&apos;s token settings are broken.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issued %1 ago (at %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC&apos;s IP check is off for this environment; ipaddr is not needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ipaddr is &quot;%1&quot;; CMiC compares it with the caller&apos;s address as it sees it (X-Forwarded-For), so call from that address, not through a VPN or proxy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC&apos;s IP check is on but the token has no ipaddr claim, so CMiC answers 401. Add ipaddr to the token (Entra: optional claim), or turn the check off with cmic.oauth2.ipcheck.enabled=false.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service user was not resolved (no environment given).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC could not tell which service user to run the call as.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC would run the call as %1, not as the expected %2. %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC will run the call as %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::jose::CompactJws</name>
    <message>
        <source>not read: the token&apos;s structure is broken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token is empty. Paste the whole access token (three parts separated by dots).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token is %1 bytes, over the %2-byte limit. Check that you pasted one access token and nothing else.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token has %1 part(s) separated by dots; a signed JWT has exactly 3. An encrypted token (5 parts) or a truncated copy cannot be verified: copy the complete access token again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the header part is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the header part is not strict base64url</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the payload part is not strict base64url</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the signature part is not strict base64url</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token is malformed: %1. Copy the complete token again; base64url uses A-Z a-z 0-9 - _ without &apos;=&apos; padding or spaces.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The header is not a valid JSON object: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The payload is not a valid JSON claims set: %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::jose::Jwk</name>
    <message>
        <source>member &quot;%1&quot; is missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &quot;%1&quot; is not a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &quot;%1&quot; is not strict base64url</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &quot;kty&quot; is missing or not a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;key_ops&quot; must hold distinct strings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;key_ops&quot; is not an array</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>both &quot;use&quot; and &quot;key_ops&quot; are present (RFC 7517 says use one)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is a symmetric key (kty &quot;oct&quot;); access tokens signed with a shared secret are never accepted, and a JWKS must not publish secrets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key type &quot;%1&quot; is not supported (RSA, EC and OKP are)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its &quot;alg&quot; %1 is not a signature algorithm the console accepts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its &quot;alg&quot; %1 does not match the key (kty %2%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it publishes private key material (&quot;%1&quot;): treat the key as compromised and have the IdP rotate it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the modulus has a leading zero byte (RFC 7518 §6.3.1.1 forbids it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OpenSSL could not read the modulus or exponent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the RSA key is %1 bits; at least %2 are required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the RSA key is %1 bits; more than %2 is refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the RSA public exponent is invalid (it must be odd, above 1, and small)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the RSA modulus is even</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the RSA modulus has the ROCA fingerprint (CVE-2017-15361): the private key can be computed from it; have the IdP replace the key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OpenSSL could not build the RSA key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it publishes private key material (&quot;d&quot;): treat the key as compromised and have the IdP rotate it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>curve &quot;%1&quot; is not supported (P-256, P-384 and P-521 are)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the coordinates must be exactly %1 bytes each for %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OpenSSL could not build the EC key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the point (x, y) is not on curve %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OKP curve &quot;%1&quot; is not supported (Ed25519 is)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an Ed25519 public key is 32 bytes; this one is %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OpenSSL could not build the Ed25519 key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the key could not be built</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is a %1 key, not RSA as %2 needs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 needs an EC key on %2; this is kty %3%4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 needs an OKP Ed25519 key; this is kty %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the key is bound to alg %1 but the token says %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the key is for use &quot;%1&quot;, not &quot;sig&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the key&apos;s key_ops (%1) do not include &quot;verify&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RSA %1-bit key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EC %1 key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 &apos;%2&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 without kid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (alg %1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::jose::JwkSet</name>
    <message>
        <source>The JWKS is not a valid JSON object: %1. Check that the JWKS URI returns the key set itself (not an HTML page or the discovery document).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The JWKS has no &quot;keys&quot; array. Check that the JWKS URI points at the key set (for example .../discovery/keys or .../jwks), not at the discovery document.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The JWKS holds %1 keys, more than the %2 the console reads.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An entry of the JWKS &quot;keys&quot; array is not a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kid &apos;%1&apos; appears on more than one key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The JWKS has no keys. Check the JWKS URI of the registration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kid &apos;%1&apos; is not in the JWKS, and its keys have no kid. Check that the registration&apos;s JWKS URI belongs to the token&apos;s issuer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kid &apos;%1&apos; is not in the JWKS; it has %2: the IdP may have rotated keys. Fetch the JWKS again, and check that the registration&apos;s JWKS URI belongs to the token&apos;s issuer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kid &apos;%1&apos; is in the JWKS but cannot verify %2: %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kid &apos;%1&apos; names %2 keys that fit %3, so which one verifies is ambiguous. Ask the IdP admin to give every key its own kid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kid &apos;%1&apos; selects the %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token has no kid and no key in the JWKS can verify %1 (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token has no kid; the only key that fits %1 was used (%2). IdPs normally set kid so that verifiers can follow key rotation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token has no kid; %1 keys fit %2 and each is tried in turn. IdPs normally set kid so that verifiers can follow key rotation.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::jose::SignatureVerifier</name>
    <message>
        <source>no usable key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the key&apos;s type or curve does not fit %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 signature is %2 bytes; the key&apos;s modulus is %3 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the %1 signature is %2 bytes; it must be R||S of exactly %3 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the EdDSA signature is %1 bytes; Ed25519 signatures are 64</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OpenSSL could not set up the verification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OpenSSL could not set up RSA-PSS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the signature does not match the signed data under this key</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::jose::StrictJson</name>
    <message>
        <source>it is not a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected text after the end of the JSON value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (at byte %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid literal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the JSON text ends too early</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected character</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>truncated \u escape</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid \u escape</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the text is not valid UTF-8</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unterminated string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>raw control character in a string</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lone low surrogate escape</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lone high surrogate escape</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid escape sequence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON nested too deeply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a member name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &quot;%1&quot; appears twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected &apos;:&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected &apos;,&apos; or &apos;}&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected &apos;,&apos; or &apos;]&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is not a JSON object Qt can read (%1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::jose::TokenVerifier</name>
    <message>
        <source>The header has no alg. A signed token must name its algorithm.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The header&apos;s alg is not a string.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alg is &quot;%1&quot;: the token is unsigned and anyone could have written it. It is never accepted; request a signed token from the IdP.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alg is %1, an HMAC with a shared secret. It is never accepted: with a public JWKS it is the classic key-confusion forgery. Configure the IdP to sign access tokens with RS256, PS256, ES256 or EdDSA.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alg &quot;%1&quot; is not on the allow-list (%2). Configure the IdP to use one of those.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>alg %1 is on the allow-list.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No crit header (no extensions the verifier must understand).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>crit lists %1, which the console does not understand; RFC 7515 requires rejecting such a token. Access tokens for CMiC should not use crit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>crit is malformed (it must be a non-empty array of names).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The payload is base64url-encoded (no b64 header).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>b64 is true, which is the default; the header need not carry it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>b64 is %1: an unencoded payload (RFC 7797) is not a JWT and is never accepted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a boolean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No cty header (not a nested token).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cty says the payload is another JWT (a nested token). CMiC expects a plain signed access token; nested tokens are never accepted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cty is &quot;%1&quot;; access tokens normally have none.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The header names no key of its own (jwk, jku, x5u, x5c).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The header carries %1. It is ignored: a token cannot choose the key it is verified with; only the registered JWKS is used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not checked: the token could not be split into header, payload and signature.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not checked: the token could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Three base64url parts, %1 bytes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The header is a JSON object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> The token is corrupt or was altered; copy it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The payload is a JSON claims set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No JWKS given, so no key was selected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not checked: no JWKS given. Pass the registration&apos;s JWKS URI (or a saved copy) to verify the signature.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The JWKS has %n usable key(s).</source>
        <translation>
            <numerusform>The JWKS has %n usable key.</numerusform>
            <numerusform>The JWKS has %n usable keys.</numerusform>
        </translation>
    </message>
    <message>
        <source>The JWKS has problems: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not selected: the header or its alg is not acceptable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The header&apos;s kid is not a string.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not checked: no key from the JWKS can verify this token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 signature verifies with the %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature is not valid: %1. The token was altered, or it was signed by a key that is not in this JWKS (check the JWKS URI).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not checked: the payload is not a JSON claims set.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::net</name>
    <message>
        <source>Correct the address in the registration or environment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 refused the connection: nothing listens on that port.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the host and port in the URL, and that the server is running and reachable from this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The host name %1 could not be resolved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the spelling of the host name, your DNS settings, and whether you need a VPN or proxy to reach it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 did not answer in time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that a firewall or proxy is not silently dropping the connection; set the proxy in the workspace settings if your network needs one, or try again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The TLS certificate of %1 was issued by a certificate authority this computer does not trust (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>If your organisation uses its own CA (or a TLS-inspecting proxy), add its root certificate as a PEM bundle in the workspace settings. Never turn verification off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The TLS certificate of %1 has expired or is not yet valid (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the server&apos;s owner to renew the certificate; also check this computer&apos;s date and time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The TLS certificate presented by %1 is for a different host name (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the host name the certificate was issued for, or have the certificate reissued to include %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The TLS connection to %1 failed: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that the server supports TLS 1.2 or later and presents a valid certificate chain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The proxy failed while connecting to %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the proxy settings in the workspace (system, none or manual) and the proxy&apos;s credentials.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request to %1 failed: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the network connection and the URL, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 answered HTTP %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>See the response in the exchange details for the server&apos;s reason.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer from %1 is larger than the allowed size (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that the URL points at the intended endpoint (not a file download or a portal page).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 redirected to %2, which is not https.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the final https address directly; redirects to plain http are never followed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 redirected too many times.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the final address directly, or check for a redirect loop on the server or proxy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 answered with a redirect to %2; this request is never redirected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the final address (the redirect target, if you trust it) as the endpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 did not answer with valid JSON (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that the URL points at the right endpoint; the exchange details show what came back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 answered with an HTML page instead of JSON.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is usually a proxy login page, a portal or a wrong URL; open the exchange details to see the page, and check the URL and proxy settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request to %1 was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the check again when you are ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CA bundle holds no PEM certificate. Export your organisation&apos;s root CA as Base-64 (PEM) and choose that file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the CA bundle %1: %2. Check the path in the workspace settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The proxy URL &apos;%1&apos; is not usable. Enter it as http://host:port, e.g. http://proxy:3128.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a valid URL. Enter a full address such as https://login.example.com/...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 does not use https. Only https is allowed (plain http only on this computer&apos;s loopback address); use the https address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Microsoft Entra rejected the client secret (AADSTS7000215).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste the secret&apos;s Value (not its Secret ID) from Certificates &amp; secrets into the keychain entry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client secret has expired (AADSTS7000222).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Create a new client secret in the app registration and store it in the keychain; note its expiry in the registration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Microsoft Entra does not know this client id in the tenant (AADSTS700016).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the Application (client) ID and the tenant in the token endpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tenant in the token endpoint does not exist (AADSTS90002).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the Directory (tenant) ID from the app registration&apos;s overview page.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scope is not valid for client credentials (AADSTS70011).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the Application ID URI followed by /.default, e.g. api://&lt;app-id&gt;/.default.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client-credentials scopes must end in /.default (AADSTS1002012).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The resource named in the scope was not found in the tenant (AADSTS500011).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the Application ID URI in the scope; the API&apos;s app registration must exist in this tenant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Claims mapping (the cmicuser claim) needs acceptMappedClaims (AADSTS501461).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set &quot;acceptMappedClaims&quot;: true in the API app&apos;s manifest, and give it an Application ID URI on a verified domain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The application needs an app-specific signing key or acceptMappedClaims to emit mapped claims (AADSTS50146).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set &quot;acceptMappedClaims&quot;: true in the API app&apos;s manifest and use an Application ID URI on a verified domain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Microsoft Entra could not verify the client assertion&apos;s signature (AADSTS700027).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upload the certificate matching the private key to the app registration, and send its thumbprint as the kid (x5t).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client assertion is outside its valid time range (AADSTS700024).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check this computer&apos;s clock; the assertion is valid for five minutes from now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The console sent client_secret_basic (id and secret form-encoded, RFC 6749 §2.3.1). If the IdP expects the secret in the body, switch the registration to client_secret_post.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The console sent client_secret_post. If the IdP expects HTTP Basic, switch the registration to client_secret_basic.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The console sent a private_key_jwt assertion. Check that the IdP holds the matching public key (and kid) for this client.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::net::CmicProbe</name>
    <message>
        <source>CMiC answered 200, but not with an ADF collection (no &quot;items&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that the probe path is a collection resource, e.g. /sys-rest-api/rest/1/sdcompanyaccess.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC accepted the token: %1 returned %2 item(s)%3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, more available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to do: the flow works for this endpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC refused the token (HTTP 401)%1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the token checks (signature, claims, ipaddr) in the validation; the hints list what CMiC checks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token may have expired (nbf/exp outside CMiC&apos;s clock).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetch a fresh token; compare the server&apos;s Date header with the token&apos;s exp.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature may not verify against the registered JWKS URI.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that the JWKS URI registered in CMiC is the IdP&apos;s and holds the token&apos;s kid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The IP check may have failed: the token&apos;s ipaddr claim must equal your address as CMiC sees it (through X-Forwarded-For).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call from the address the IdP saw, avoid VPNs/proxies between the two, or ask for cmic.oauth2.ipcheck.enabled=false.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A required claim may be missing (sub, exp, aud, iss or the service-user claim).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Decode the token and compare its claims with the registration; add the cmicuser claim in the IdP.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service user named by the token may not exist or not be valid in CMiC.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the claim value against the CMiC username (Cloud: tenant||username or the e-mail username), and that the user is active.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC may not have received the Authorization header.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that no proxy strips the Authorization header.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC authenticated the token but refused access to %1 (HTTP 403).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In CMiC API Security, grant this endpoint and the GET method to a role, and give that role to the service user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Likely an API Security role denial: once any role exists, a service user with no role reaches no endpoint (the status code for this is not documented; 403 is a guess).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the service user&apos;s roles in API Security.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (error reference %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC failed while processing the token (HTTP 500)%1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the CMiC administrator to look the reference up in the server log (logger cmic.oauth2.filter at level FINE).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Most often: the application is not registered — no API Security registration has this token&apos;s Issuer (exact string) and App ID.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare the token&apos;s iss and app id claim with the registration in CMiC API Security.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Or CMiC could not load the JWKS URI (network, proxy or TLS trust on the CMiC server).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that the CMiC server can reach the JWKS URI and trusts its certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC rejected the probe request as malformed (HTTP 400).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the probe path and query; since Patch 22 a limit above 1000 answers 400.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC has no resource at %1 (HTTP 404).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the API base URL (environment) and the probe path, e.g. /sys-rest-api/rest/1/sdcompanyaccess.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC answered HTTP %1 at %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>See the exchange details for the server&apos;s message.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::net::HttpJob</name>
    <message>
        <source>empty body</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::net::JwksCache</name>
    <message>
        <source>The token was signed with key &quot;%1&quot;, which the JWKS does not contain (it has: %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that the registration&apos;s JWKS URI belongs to the IdP that issued the token; if the IdP just rotated its keys, try again in a minute.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 did not return a JWK Set (a JSON object with &quot;keys&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the JWKS URI; it must point at the IdP&apos;s public keys document, not at discovery or a web page.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::net::JwtSigner</name>
    <message>
        <source>The private key is not a readable PEM private key. Paste the whole key including the &apos;-----BEGIN PRIVATE KEY-----&apos; line; encrypted keys must be decrypted first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only RSA and P-256 EC private keys can sign client assertions; generate one of those.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key cannot sign with %1; use %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing failed: %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::net::OidcDiscovery</name>
    <message>
        <source>There is no OpenID configuration at %1 (HTTP 404).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the issuer URL; some IdPs publish discovery only for a tenant- or realm-specific issuer. You can also enter the token endpoint and JWKS URI by hand.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document at %1 is not an OpenID configuration (no &quot;issuer&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the discovery URL; it normally ends in /.well-known/openid-configuration below the issuer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The OpenID configuration names no token_endpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the token endpoint by hand in the registration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The OpenID configuration names no jwks_uri.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the JWKS URI by hand; CMiC needs it to check signatures.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register exactly &quot;%1&quot; as the Issuer in CMiC API Security and in the workspace; CMiC compares the string exactly, trailing slash included.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>For Microsoft Entra access tokens the issuer is usually the v1 form https://sts.windows.net/{tenant}/ even when discovery is v2; decode a token to see which one it carries.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The IdP&apos;s discovery says issuer &quot;%1&quot;, but the registration has &quot;%2&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The IdP publishes its keys at %1, but the registration names %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the IdP&apos;s jwks_uri as the JWKS URI in CMiC API Security, unless you know the other address serves the same keys.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::net::TokenClient</name>
    <message>
        <source>Store the client&apos;s PEM private key (RSA or P-256) in the keychain entry for this registration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token endpoint answered HTTP %1 without an OAuth error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The IdP has a problem; try again later or ask its administrators.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the token endpoint URL; the exchange details show the answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token endpoint answered 200 but without an access_token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that the URL is the IdP&apos;s token endpoint (not an authorize or discovery URL).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token type is &quot;%1&quot;, not Bearer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC expects a Bearer token; check the IdP&apos;s client settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token response has no expires_in; the console assumes 5 minutes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to do; the token&apos;s exp claim is what CMiC checks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The IdP refused the token request with %1, HTTP %2%3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the client id and the secret or key in the keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allow the client-credentials grant for this client in the IdP (e.g. enable service accounts, or the Client Credentials grant type).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use a scope the IdP defines for this API; for Microsoft Entra that is the Application ID URI followed by /.default.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The resource or audience is not known to the IdP; check the resource/audience parameter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The endpoint does not support client credentials; check that it is the token endpoint of an authorization server that offers this grant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A parameter is missing or malformed; the IdP&apos;s description above says which. Auth0 needs the audience parameter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The grant was refused; for private_key_jwt check the assertion&apos;s audience and this computer&apos;s clock.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>See the IdP&apos;s description above and its documentation for this error.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Describe, check and save a CMiC OAuth 2.0 client-credentials setup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the built-in example workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A workspace file (*.cmic-oauth.json) to open.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
