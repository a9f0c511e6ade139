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
        <source>GET paths below the API base URL that the validation calls to prove a token works, e.g. /api/v1/...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probe endpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC &amp;patch level:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CMiC patch level decides rules that changed between patches: the missing ipaddr fix (Patch 20), API Security roles (Patch 19), the service user on the registration (after Patch 22). Unknown keeps those findings as warnings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC patch level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cl&amp;oud tenant:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pro&amp;be endpoints:</source>
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
        <source>The resource parameter (RFC 8707), for identity providers that use it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resource</source>
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
    <message>
        <source>Environ&amp;ment:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token endpoint:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discovery URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resource:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client authenti&amp;cation:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client sec&amp;ret:</source>
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
    <message>
        <source>E-&amp;mail username:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::AboutDialog</name>
    <message>
        <source>About CMiC OAuth Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;CMiC OAuth Console&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Describes, checks and proves the OAuth 2.0 client credentials flow between an identity provider and CMiC. Secrets stay in the system keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Versions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC OAuth Console %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qt %1 (built with %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>QtKeychain %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::AssertionRules</name>
    <message>
        <source>PS256 or RS256</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The assertion algorithm %1 needs an %2 key, but %3 has an %4 key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use an RSA (2048 bits or more) or P-256 key and its certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set the assertion algorithm to %1, or use an %2 key and its certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expired on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2 key, %3; x5t#S256 %4; x5t %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The assertion header is to carry %1, but the registration has no certificate to compute it from.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import the public certificate uploaded to the IdP for this key (PEM), or set the thumbprint to none.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import the certificate again as PEM (the file uploaded to the IdP, .pem/.crt/.cer).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate %1 expired on %2; the IdP refuses assertions signed for it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make a new key and certificate, upload the certificate to the IdP and import both here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upload a new certificate to the IdP before then, import it here with its key and switch over.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate %1 is valid only from %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check this computer&apos;s clock, or wait until the certificate is valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Microsoft Entra finds the certificate of a client assertion by the thumbprint in its header; without one it answers AADSTS700027.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set the thumbprint to x5t#S256 (with PS256, as Entra&apos;s current documentation asks) or x5t (with RS256, older documentation).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate %1 (%2 key, x5t#S256 %3) does not belong to the private key in the keychain (%4 key): the IdP would look up one key and find a signature made with another.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import the certificate made for this private key, or the private key that belongs to the certificate uploaded to the IdP.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>valid until %1 (%n day(s) left)</source>
        <translation>
            <numerusform>valid until %1 (%n day left)</numerusform>
            <numerusform>valid until %1 (%n days left)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The certificate %1 expires on %2, in %n day(s).</source>
        <translation>
            <numerusform>The certificate %1 expires on %2, in %n day.</numerusform>
            <numerusform>The certificate %1 expires on %2, in %n days.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cmic::BoundedFile</name>
    <message>
        <source>a named pipe (FIFO)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a character device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a block device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a socket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 does not exist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a folder, not a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is %2, not a file, so it was not read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is larger than %2 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::CmicEndpoints</name>
    <message>
        <source>the companies the service user may access (system)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>jobs (job costing)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>general ledger companies</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::CredentialKind</name>
    <message>
        <source>private key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client secret</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::DemoFiles</name>
    <message>
        <source>Cannot write %1 to %2: its folder does not exist. Choose a path in an existing folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a folder. Choose a file name inside it for %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is %2, not a file; %3 is only written to a file, which would replace it. Choose another path.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the demo workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already exists and is not a demo workspace written by the sandbox (%2), so it was left as it was, and so was its .bak. Choose another path for the demo workspace, or move that file away first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is a workspace of its own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is not a workspace file the console can read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the sandbox CA certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 already exists and is not the CA certificate of an earlier sandbox, so it was left as it was. Choose another folder for the sandbox CA, or move that file away first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo mode: the demo&apos;s secrets are kept for this session only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo mode: secrets typed into this workspace are kept for this session only, not in the keychain. After a restart, enter them again, or start the console without --demo to keep them in the keychain.</source>
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
    <message>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Don&apos;t ask again (Edit ▸ Preferences brings the question back)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::Elide</name>
    <message>
        <source> (%1 characters)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::EnvironmentForm</name>
    <message>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patch 18 or earlier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patch %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patch 23 or later</source>
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
    <message>
        <source>Patch level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::ExpiryView</name>
    <message>
        <source>Expiry dates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click a row to go to the field that holds it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client secrets, keys and certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No registration yet: add one to record its secret&apos;s expiry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JWKS signing keys, as last seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>first %1, last %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None seen yet: Validate Setup records the keys when it reads the JWKS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n expired: renew it at the identity provider now.</source>
        <translation>
            <numerusform>%n expired: renew it at the identity provider now.</numerusform>
            <numerusform>%n expired: renew them at the identity provider now.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n expiring within %1 days: renew it before then.</source>
        <translation>
            <numerusform>%n expiring within %1 days: renew it before then.</numerusform>
            <numerusform>%n expiring within %1 days: renew them before then.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Nothing recorded expires within %1 days, but %n have no expiry date: enter the date the identity provider shows in the registration&apos;s form.</source>
        <translation>
            <numerusform>Nothing recorded expires within %1 days, but %n has no expiry date: enter the date the identity provider shows in the registration&apos;s form.</numerusform>
            <numerusform>Nothing recorded expires within %1 days, but %n have no expiry date: enter the date the identity provider shows in the registration&apos;s form.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing expires within %1 days.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::ExportDialog</name>
    <message>
        <source>(unnamed registration %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Registration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Registration:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Include the secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pre&amp;view:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Include the secret?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 of &quot;%2&quot; will be written into the %3 file in clear. Anyone who can read the file can get tokens as this registration.

The file is written readable only by you (mode 0600). Keep it out of version control and delete it once the server has the secret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Include the Secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secret not available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No secret store is available, so the %1 cannot be included. Export without it and supply the secret on the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No secret stored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No %1 is stored for &quot;%2&quot;. Enter it on the registration&apos;s form, then tick &quot;Include the secret&quot; again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secret not read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The %1 could not be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Binary file (%1 bytes), preview not available.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This format never holds the secret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the secret from %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file holds the secret, so it is written readable only by you (mode 0600). The preview shows %1 in its place; Copy is off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file says how the server supplies the secret; it does not hold it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the first %1 KiB of %2 bytes; Save writes the whole file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy is off while the secret is included: save the file instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A binary file cannot be copied as text: save it instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the whole file to the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its folder does not exist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is a folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is %1, not a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write %1: %2. Choose a folder you can write to and export again.</source>
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
        <source>Saved %1 with the secret, readable only by you (mode 0600).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied the %1 file to the clipboard.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::Exporter</name>
    <message>
        <source>Cloud environment: these properties apply to Enterprise app servers only; CMiC Cloud is configured by CMiC support.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cloud environment: CMiC Cloud gives no database access; enter the registration in CMiC API Security or ask CMiC support. This SQL applies to Enterprise databases only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC API Security &gt; Application Registration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the registration&apos;s environment to see whether the token must carry a user claim.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service user is taken from the registration; the token needs no user claim.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service user&apos;s name cannot form a value CMiC accepts here; correct the service user (the workspace&apos;s findings say how).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the registration&apos;s service user to see the value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC&apos;s IP check is off for this environment; the token needs no ipaddr claim.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client secret is not part of this sheet; it stays in the keychain.</source>
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
        <source>Identity provider: add the claim &quot;%1&quot; to the access token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>with the value: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Values to enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the access token must carry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User claim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC API Security registration sheet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plain text for the CMiC administrator: the values to enter in CMiC API Security and what the token must carry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC API Security registration sheet (HTML)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A page to print or send to the CMiC administrator: the values to enter in CMiC API Security and what the token must carry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC API Security registration sheet (PDF)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registration sheet as a PDF document for the CMiC administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PDF could not be made here (it needs the console&apos;s graphics libraries); export the HTML sheet and print it to PDF instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cmicapp.properties settings (Enterprise)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The OAuth filter&apos;s lines for cmicapp.properties on the CMiC Enterprise app server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC OAuth filter settings for environment %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registration: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registration has no environment: these are CMiC&apos;s defaults.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No environment chosen: CMiC&apos;s defaults.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC registration row (SQL, Enterprise)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An INSERT into da.sdapi_app_registration_tn for the DBA of a CMiC Enterprise database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC API Security registration %1 for environment %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SQL*Plus or SQLcl: run SET DEFINE OFF and SET SQLBLANKLINES ON first, so the values reach the table as written. The file is UTF-8 (NLS_LANG=.AL32UTF8).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run COMMIT afterwards.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A value contains &quot;&amp;&quot;: in SQL*Plus or SQLcl run SET DEFINE OFF first, or it asks for a substitution variable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A value contains a line break: CMiC compares the values exactly, so tokens will not match this row. Correct the registration first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>App ID, Issuer or JWKS URI is empty: complete the registration first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This registration&apos;s IdP preset is %1, not %2: the steps may not apply to it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This file contains the client secret: keep it private (it is written with mode 0600) and delete it once imported.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keycloak client (JSON for kcadm.sh)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client for the Keycloak realm, imported with kcadm.sh create clients -r REALM -f FILE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registration has no App ID: enter the client id first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>private_key_jwt: the registration has no public certificate; add the client&apos;s key in Keycloak under Credentials &gt; Keys.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC API client (exported by CMiC OAuth Console).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registration has no environment: the user claim mapper is left out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC reads the user from the &quot;%1&quot; claim, but the registration&apos;s service user gives no value for it: the mapper is left out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registration has no audience: the audience mapper adds the client id as aud. Enter the audience CMiC should see on the registration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC&apos;s IP check is on: the ipaddr mapper puts in the address Keycloak sees the caller at, which must be the one CMiC sees.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registration has no environment, so whether CMiC reads the user from the token is not known. Choose the environment and export again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC takes the service user from the registration, so the token needs no user claim. If you add it anyway, it must name the same user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC reads the service user from the access token&apos;s %1 claim.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registration&apos;s service user gives no value CMiC accepts here; correct it first (the workspace&apos;s findings say how).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its value must be %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC environment: %1, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IdP preset: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the registration&apos;s environment to see whether CMiC&apos;s IP check needs an ipaddr claim.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Microsoft Entra ID setup guide (Markdown)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step by step for the Entra administrator, with this registration&apos;s values.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Microsoft Entra ID for the CMiC API</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1. App registration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In the Microsoft Entra admin center, App registrations &gt; New registration (single tenant). Its Application (client) ID is CMiC&apos;s App ID: %1. The Directory (tenant) ID is %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2. Application ID URI and scope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Under Expose an API, set the Application ID URI to %1. The client requests the token with the scope %2 (the Application ID URI plus /.default; without it Entra answers AADSTS1002012).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token endpoint: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scope on this registration: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>3. Token version and what CMiC registers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The manifest&apos;s api.requestedAccessTokenVersion (formerly accessTokenAcceptedVersion) decides the access token version: null or 1 gives v1 tokens, 2 gives v2 tokens. The issuer is compared as an exact string, trailing slash included.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>v1 (null or 1):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>App ID claim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>v2 (2):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This registration expects v2 tokens. CMiC&apos;s documentation names appid for Entra, so prefer v1 tokens unless you know your CMiC reads azp.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This registration expects v1 tokens: leave the token version at null or 1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter in CMiC API Security:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>4. The user claim (claims mapping)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add it to the API&apos;s enterprise application (Enterprise applications &gt; the app &gt; Single sign-on &gt; Attributes &amp; Claims, or a claims mapping policy on its service principal) as claim %1 with the constant value %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Then set %1 in the app registration&apos;s manifest (api.acceptMappedClaims in the current manifest). The Application ID URI must be on a verified domain of the tenant (or the audience must be the app&apos;s GUID), otherwise token requests fail with AADSTS501461; without a custom signing key they fail with AADSTS50146.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With a custom signing key the keys are not in the common set: CMiC&apos;s JWKS URI must then be %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>5. The ipaddr claim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entra emits ipaddr in client-credentials tokens only as an optional claim: Token configuration &gt; Add optional claim &gt; Access &gt; ipaddr.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>6. Credential: certificate or secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This registration signs a client assertion (private_key_jwt): upload the public certificate under Certificates &amp; secrets &gt; Certificates. Current Microsoft documentation asks for the header alg PS256 with x5t#S256 (base64url SHA-256 of the certificate); older documentation RS256 with x5t.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On this registration: algorithm %1, thumbprint %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(default)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This registration uses a client secret (%1): create it under Certificates &amp; secrets &gt; Client secrets and copy its Value, not its Secret ID (AADSTS7000215). A certificate (private_key_jwt, PS256 with x5t#S256) avoids a shared secret and its expiry.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>7. Errors you may see</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the scope must end in /.default for client credentials.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid client secret (often the secret&apos;s ID pasted instead of its value).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the application is not found in the tenant (App ID or tenant wrong).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>claims mapping needs a custom signing key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>acceptMappedClaims needs an audience that is the app&apos;s GUID or on a verified domain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the certificate named by the assertion is not registered on the application.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the assertion header is not one Entra accepts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Okta setup guide (Markdown)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step by step for the Okta administrator, with this registration&apos;s values.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Okta for the CMiC API</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1. Custom authorization server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Security &gt; API &gt; Authorization Servers: use a custom authorization server (ID %1 on Okta domain %2; &quot;default&quot; is the default one). The org authorization server cannot issue tokens for your own API. Its Audience is what the tokens carry as aud: %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Its issuer (no trailing slash) is CMiC&apos;s Issuer: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2. Scope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Under Scopes add the custom scope the client requests: %1. Client credentials need at least one custom scope.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>3. The application (client credentials)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Applications &gt; Create App Integration &gt; API Services. Its Client ID is CMiC&apos;s App ID, %1; Okta puts it in the access token&apos;s cid claim.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client authentication: Public key / Private key (private_key_jwt); add the client&apos;s public key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client authentication: Client secret (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Under the authorization server&apos;s Access Policies, add a policy for this client with a rule that allows the Client Credentials grant and the scope above.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>4. The user claim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On the authorization server, Claims &gt; Add Claim: name %1, include in token type Access Token, value type Expression, value %2, included in any scope.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The console knows no Okta setting that puts the caller&apos;s address into a client-credentials token; check with Okta, or turn CMiC&apos;s IP check off (cmic.oauth2.ipcheck.enabled=false).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>6. Enter in CMiC API Security</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 never holds the secret: it reads it from the environment variable %2 on the server. The secret was not written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment variables for a server (.env)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client settings as CMIC_* variables, for a shell (set -a; . ./file.env) or docker --env-file; the secret stays in the server&apos;s own environment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 holds characters that docker --env-file would keep literally, so it is written in single quotes for sh and bash: docker reads the quotes as part of the value. Set it by hand for docker.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This file holds the client secret: keep it mode 0600, only on the server, and out of version control.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC OAuth client settings for registration %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read by: set -a; . ./this.env; set +a (sh, bash) or docker --env-file this.env.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>private_key_jwt: the client signs an assertion with its PEM private key. %1 is not in this file: set it to the path of the key file (mode 0600), e.g. from your secret manager.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A private key is not written into a .env (a multi-line PEM key fits neither sh nor docker --env-file): keep it in its own file with mode 0600 and set %1 to its path.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not in this file: export it before sourcing, e.g. from your secret manager. Sourcing this file keeps a value already set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>client_secret_basic: the client form-encodes %1 and %2 (application/x-www-form-urlencoded, RFC 6749 section 2.3.1) before joining them with &quot;:&quot; and Base64-encoding the Authorization header.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spring Boot 3 / Spring Security 6 OAuth 2.0 client for CMiC registration %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>private_key_jwt: Spring Security 6 signs the client assertion only when the application defines a JWK resolver bean (a NimbusJwtClientAuthenticationParametersConverter added to the client credentials token response client); without it the token request fails.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spring Security 6 supports private_key_jwt only with a JWK resolver bean in the application; these properties alone do not sign the assertion.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client secret is read from the environment variable %1 when the application starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>issuer-uri is left out on purpose: with it Spring Boot fetches the issuer&apos;s discovery document at startup and does not start when it is unreachable. Issuer: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token request also needs audience=%1 resource=%2: Spring sends them only through a custom token request parameters converter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registration sends an audience or resource parameter; Spring Boot properties cannot add it (a parameters converter in code can).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A value holds &quot;${&quot;, which Spring reads as a placeholder: check client-id, token-uri and scope after the application starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spring Boot application.yml</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>spring.security.oauth2.client settings for a Spring Boot service that calls CMiC with client credentials.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spring Boot application.properties</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The same Spring Boot client settings as application.properties lines.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>curl script (POSIX sh)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gets a token and calls the probe endpoints with curl from the server&apos;s own network; the secret comes from %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC OAuth: a token for registration %1, then a GET of each probe endpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This script does not support private_key_jwt (it cannot sign the client assertion). Run cmic-oauth validate on this server instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The curl script</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run: CMIC_CLIENT_SECRET=... sh ./this.sh (or after set -a; . ./x.env). CMIC_TOKEN_ENDPOINT and CMIC_CA_BUNDLE, when set, replace the values below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It never prints the secret or the token, and passes neither on a command line. Exit status: 0 every call answered 2xx, 1 a call failed, 2 no secret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMIC_CLIENT_SECRET is not set: export the client secret in it first, e.g. from your secret manager.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token request got no answer (see curl&apos;s message above).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token request failed: HTTP %s %s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%s token request (client credentials)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registration&apos;s environment names no probe endpoint: only the token is requested.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No probe endpoint: the script only requests a token. Add probe endpoints to the environment to call CMiC too.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Portable config (JSON, secret by reference)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One self-contained file for a server or a pipeline: cmic-oauth validate reads it and takes the secret from the environment variable, file or keychain it names.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secret reference was not used (%1) The file names %2 instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A portable config never holds the secret: it names where the server reads it from (%1). The secret was not written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workspace for a server (this registration only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At %1 CMiC cannot take the service user from the registration (that comes after Patch 22), so it reads the user from the token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No service user is set on this registration, so CMiC reads the user from the token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC matches the App ID against the token&apos;s &quot;%1&quot; claim (IdP preset: %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registration&apos;s IdP preset names no App ID claim: CMiC matches the App ID against the first of %1 the token carries.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC&apos;s IP check is on (cmic.oauth2.ipcheck.enabled=true): the access token must carry an &quot;ipaddr&quot; claim equal to the caller&apos;s address as CMiC sees it (X-Forwarded-For), so call from that address, not through a VPN or proxy.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::FieldLabels</name>
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
        <source>CMiC patch level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service user from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>User claim name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the domain from the user name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the caller&apos;s IP address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probe endpoints</source>
        <translation type="unfinished"></translation>
    </message>
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
        <source>Environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters</source>
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
        <source>Client secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Private key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secret expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assertion algorithm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key ID (kid)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thumbprint</source>
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
    <message>
        <source>Checking the setup…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::IdpPresetText</name>
    <message>
        <source>Microsoft Entra ID (v1 access tokens)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{tenant} is the directory (tenant) ID, a GUID: the issuer always carries the GUID, with its trailing slash, even when you sign in with a domain name. Access tokens for your own API are v1 tokens unless the API&apos;s manifest asks for v2, so register the sts.windows.net issuer in CMiC. The scope is the API&apos;s Application ID URI plus /.default. The cmicuser claim is added under Enterprise applications &gt; Attributes &amp; Claims; it needs &quot;acceptMappedClaims&quot;: true in the manifest and an Application ID URI on a verified domain, or token requests fail with AADSTS50146 / AADSTS501461. For CMiC&apos;s IP check, add the optional claim ipaddr.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Microsoft Entra ID (v2 access tokens)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only for APIs whose manifest sets the access token version to 2 (&quot;accessTokenAcceptedVersion&quot;: 2 / &quot;requestedAccessTokenVersion&quot;: 2); otherwise Entra issues v1 tokens and the issuer is https://sts.windows.net/{tenant}/. {tenant} is the directory (tenant) ID, a GUID. v2 tokens carry the client in azp, not appid; CMiC&apos;s documentation names appid for Entra, so prefer v1 tokens unless you know your CMiC reads azp. The cmicuser claim needs &quot;acceptMappedClaims&quot;: true and an Application ID URI on a verified domain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Okta (custom authorization server)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{domain} is your Okta domain (e.g. acme.okta.com) and {authServerId} the custom authorization server&apos;s ID (&quot;default&quot; for the default one); the org authorization server cannot issue tokens for your own API. Client credentials need at least one custom scope on that server and an access policy rule that allows the client credentials grant. Add the cmicuser claim to the access token under Claims. The issuer has no trailing slash.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Auth0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{domain} is the tenant domain (e.g. acme.us.auth0.com) or your custom domain. The issuer ends with a slash. The token request must send audience = the API&apos;s Identifier, and the Machine-to-Machine application must be authorized for that API. Add the cmicuser claim with an Action on the Machine to Machine (credentials-exchange) trigger.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keycloak</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{domain} is the host (with the port if not 443) and {realm} the realm name. Keycloak before version 17 puts /auth in front of /realms. The client needs Client authentication on and Service accounts roles enabled. Add the cmicuser claim with a Hardcoded claim mapper (added to the access token). Keycloak tokens also carry client_id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keycloak service-account tokens carry no &quot;aud&quot; claim unless the client has an Audience mapper, and CMiC requires &quot;aud&quot;. Add an Audience mapper (client &gt; Client scopes &gt; dedicated scope &gt; Add mapper &gt; Audience) and enter the audience here so the console can check it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Amazon Cognito</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{region} is the AWS region (e.g. us-east-1), {userPoolId} the user pool ID (e.g. us-east-1_AbCdEf123) and {domain} the user pool&apos;s domain (e.g. acme.auth.us-east-1.amazoncognito.com). Client credentials need an app client with a secret and a resource server scope (e.g. cmic/api). The cmicuser claim can only be added by a pre token generation Lambda.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cognito access tokens carry no &quot;aud&quot; claim (only client_id), and CMiC requires &quot;aud&quot;; a pre token generation Lambda trigger (event version 2 or later) can add claims to access tokens for client credentials.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generic OpenID Connect provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the issuer exactly as the tokens&apos; iss claim carries it, trailing slash included; the console reads the token endpoint and JWKS URI from {issuer}/.well-known/openid-configuration when you validate. Providers that follow RFC 9068 (JWT access tokens) name the client in client_id.</source>
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
        <source>&quot;assertionAlgorithm&quot; must be RS256, PS256 or ES256</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;assertionThumbprint&quot; must be none, x5t or x5t#S256</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;hosts&quot; holds &quot;%1&quot;, which is not a lower-case host name (&quot;*&quot; stands for one label)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. %1 (a scope you define at %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;App ID&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::KeychainSecretStore</name>
    <message>
        <source>unnamed registration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unsaved workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC OAuth Console — %1 %2 (%3)</source>
        <extracomment>The label of a keychain entry, as Seahorse or KWallet lists it: %1 registration name, %2 &quot;client secret&quot; or &quot;private key&quot;, %3 the workspace file&apos;s name.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::MainWindow</name>
    <message>
        <source>Sections</source>
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
        <source>Exported %1 (without secrets).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no recent files)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the selected registration as a file for a server, CMiC or the IdP (with its secret only when you ask)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Validate Setup…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prove the selected registration end to end: token from the identity provider, CMiC&apos;s checks, a call to CMiC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo sandbox: IdP %1, CMiC stand-in %2. Secrets are kept for this session only; the servers stop with the console.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported %1 with the secret (readable only by you).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import the private key, then return to Validate Setup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the client secret and press Enter, then return to Validate Setup.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Workspace Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Alt+S</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workspace&apos;s CA bundle, proxy and clock skew (saved in the workspace, undoable)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language, theme, export folder and confirmations on this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removals no longer ask first; Edit ▸ Preferences turns the question back on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Setup checklist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client secrets, certificates and signing keys by date, with warnings ahead of time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Getting Started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the example workspace and follow its setup checklist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Documentation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the console&apos;s documentation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About CMiC OAuth Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Documentation not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The documentation is not installed with this console. Reinstall it with its documentation, or read README.md and the docs folder of its source.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open the documentation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No program opened %1. Open it yourself with a text editor or a browser.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Setup &amp;Checklist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Expiry</source>
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
    <message>
        <source>0 (unknown) or a patch number up to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an unknown patch level</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patch 18 or earlier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patch 23 or later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patch %1</source>
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
</context>
<context>
    <name>cmic::ObjectPage</name>
    <message>
        <source>Environments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CMiC environments and how their OAuth filter is configured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter environments by name, URL…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an environment, or add one with Add Environment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service users</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CMiC users API calls run as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter service users by name, e-mail…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a service user, or add one with Add Service User.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registrations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The app registrations CMiC API Security holds: App ID, Issuer, JWKS URI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter registrations by name, App ID, issuer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a registration, or add one with Add Registration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shows only the rows with this text in a visible column (not case-sensitive).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fi&amp;lter:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No environment yet. Start here: an environment is the CMiC system the calls go to (its API base URL) and how its OAuth filter reads the user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No service user yet. Add the dedicated CMiC user the API calls run as (step 1 of the setup); no person should sign in with it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No registration yet. A registration is the app in your identity provider as CMiC API Security knows it: App ID, Issuer, JWKS URI. Add the environment and the service user first; the setup checklist below shows the steps.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add %1</source>
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
    <message>
        <source>not known</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::PermissionsMatrixView</name>
    <message>
        <source>Permissions matrix</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each probe endpoint with CMiC&apos;s answer to the service user&apos;s request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC&apos;s answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What it means</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::PortableConfig</name>
    <message>
        <source>The portable config</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is larger than %2 bytes, far more than one registration needs: it is not a portable config. Export the portable config again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a JSON object (%2). Export the portable config again, or check that the whole file was copied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its top level is not an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be read: %2. Give each member once and keep strings free of control characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a portable config: its &quot;format&quot; is not &quot;%2&quot;. Give a file exported as &quot;Portable config&quot;, or a workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has no valid &quot;schema&quot; member (a whole number, 1 or higher). Export the portable config again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 uses portable config schema %2; this cmic-oauth reads schema %3 and earlier. Update cmic-oauth on this computer, or export with the matching console version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &quot;%1&quot; is missing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &quot;%1&quot; must be an object.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &quot;workspaceId&quot; must be a string.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>member &quot;secret&quot; must be a string: env:NAME, file:PATH or keychain (never the secret itself).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the registration&apos;s &quot;environmentId&quot; (%1) is not the &quot;id&quot; of the file&apos;s environment (%2). Export the portable config again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the registration names environment %1, but the file has no &quot;environment&quot; member. Export the portable config again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the registration&apos;s &quot;serviceUserId&quot; (%1) is not the &quot;id&quot; of the file&apos;s service user (%2). Export the portable config again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the registration names service user %1, but the file has no &quot;serviceUser&quot; member. Export the portable config again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a portable config, but some of its members cannot be used:
%2
Correct them in a text editor or export the portable config again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1. Give the path of the exported portable config.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new language applies the next time the console starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default export folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workspace&apos;s folder, or your home folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where File ▸ Export saves until you have saved an export somewhere else</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;hoose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the default export folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Ask before removing an environment, service user, registration or probe endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default &amp;export folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a folder. Choose an existing folder, or clear the field to use the workspace&apos;s folder.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::PrivateKeyField</name>
    <message>
        <source>Import the client&apos;s private key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PEM private keys (*.pem *.key);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import the private key from a PEM file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reads an unencrypted PEM private key (RSA 2048 bits or more, or P-256) and keeps it in the system keychain only. The file itself is not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the public key as a JWK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copies the public half of the key as a JSON Web Key, to register in the identity provider&apos;s app registration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the private key from the keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an RSA key (signs %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a P-256 key (signs ES256)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is %2, not a file. Choose the PEM file that holds the private key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be read (%2). Choose the PEM file that holds the private key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is %2 KiB, too large for a PEM private key. Choose the .pem or .key file that holds only the key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was not stored: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The stored key cannot be used any more; import the key again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this session only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a registration to see its private key.</source>
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
        <source>Stored in %1: %2. Register its public key in the identity provider.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No private key stored. Import the client&apos;s PEM private key; it is kept in %1 only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import PEM…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy public key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove key</source>
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
    <message>
        <source>Private key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Private &amp;key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As the IdP&apos;s discovery lists (else the key&apos;s default)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional kid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste the public certificate uploaded to the IdP (-----BEGIN CERTIFICATE-----); optional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>x5t#S256 (SHA-256; Entra, current docs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>x5t (SHA-1; Entra, older docs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import certificate file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import the certificate from a PEM file (.pem, .crt, .cer), or from a PKCS#12 file (.pfx, .p12) with its private key, which goes to the keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer *.pfx *.p12);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ce&amp;rtificate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key e&amp;xpires:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secret e&amp;xpires:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the certificate file (.pem, .crt, .cer, or .pfx/.p12 with the key).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 was not imported: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password %1 was exported with (empty if none):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thum&amp;bprint:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Appl&amp;y</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply the chosen preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Apply the preset chosen in the list (Enter in the list does the same); undoable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assertion al&amp;gorithm:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key ID (kid):</source>
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
    <message>
        <source>Assertion algorithm</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Assertion key ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificate thumbprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last validation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not validated yet: Tools ▸ Validate Setup… proves it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None</source>
        <comment>assertion thumbprint</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::Removal</name>
    <message>
        <source>You can bring it back with Edit ▸ Undo.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n registration(s) use environment %1: they will have no environment.</source>
        <translation>
            <numerusform>%n registration uses environment %1: it will have no environment.</numerusform>
            <numerusform>%n registrations use environment %1: they will have no environment.</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove environment %1? No registration uses it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove service user</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n registration(s) use service user %1: they will have no service user.</source>
        <translation>
            <numerusform>%n registration uses service user %1: it will have no service user.</numerusform>
            <numerusform>%n registrations use service user %1: they will have no service user.</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove service user %1? No registration uses it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove registration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove registration %1? Its client secret or private key is deleted from the keychain when you save.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove probe endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove probe endpoint %1 from environment %2? Validate Setup will no longer call it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1”</source>
        <comment>a name quoted inside a sentence</comment>
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
    <message>
        <source>Ctrl+H</source>
        <extracomment>The shortcut, in the secret field, that shows or hides the secret typed there.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide the client secret (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the client secret (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 shows or hides the secret.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::SecretReference</name>
    <message>
        <source>the secret reference &quot;%1&quot; does not name an environment variable: after &quot;env:&quot; write a name made of letters, digits and _, e.g. env:CMIC_CLIENT_SECRET.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the secret reference &quot;%1&quot; names no file: after &quot;file:&quot; write the path of a file only its owner can read (mode 0600), e.g. file:/etc/cmic/client-secret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the secret reference &quot;%1&quot; is not one this version knows: write env:NAME, file:PATH or keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secret file %1 does not exist. Write the secret there (mode 0600), or give it another way.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secret file %1 cannot be opened (%2). Check that this user may read it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secret file %1 cannot be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a regular file, so it cannot hold the secret. Give the path of a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secret file %1 has mode %2: others than its owner may read or change it, so it is not used. Run chmod 600 on it and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secret file %1 holds more than %2 bytes; keep only the secret in it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secret file %1 is empty. Write the secret in it.</source>
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
        <source>That is not %1, the service user chosen for this registration: CMiC runs the calls as %2 (or refuses them if %2 is no valid CMiC user).</source>
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
        <source>At Patch %1 CMiC cannot take the service user from the registration (that comes after Patch 22), so it reads the token&apos;s &quot;%2&quot; claim.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set the environment&apos;s &quot;Service user from&quot; to the token claim.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::SettingsRules</name>
    <message>
        <source>Workspace Settings</source>
        <extracomment>The place in the console where a setting is changed: the dialog, then the field.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA bundle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock skew</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type it as scheme://host:port, e.g. http://proxy.example.com:3128 or socks5://127.0.0.1:1080.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Manual proxy needs a proxy URL. %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” has no scheme: type http://%1 (or https://, socks5://). %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not a URL. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The proxy scheme “%1” is not supported: use http, https or socks5. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” names no proxy host. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” names no port: add it after the host, e.g. :3128. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A proxy URL has no path (“%1”): remove it. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the proxy URL in %1, or choose the system proxy settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The clock skew is %n seconds; it cannot be negative.</source>
        <translation>
            <numerusform>The clock skew is %n second; it cannot be negative.</numerusform>
            <numerusform>The clock skew is %n seconds; it cannot be negative.</numerusform>
        </translation>
    </message>
    <message>
        <source>Set %1 to 0 or more (60 seconds is usual).</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The clock skew is %n seconds, more than the hour the console allows.</source>
        <translation>
            <numerusform>The clock skew is %n second, more than the hour the console allows.</numerusform>
            <numerusform>The clock skew is %n seconds, more than the hour the console allows.</numerusform>
        </translation>
    </message>
    <message>
        <source>Set %1 to at most %2 seconds (60 is usual) and fix the clocks instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The clock skew is %n seconds: tokens CMiC refuses as expired may still pass here.</source>
        <translation>
            <numerusform>The clock skew is %n second: tokens CMiC refuses as expired may still pass here.</numerusform>
            <numerusform>The clock skew is %n seconds: tokens CMiC refuses as expired may still pass here.</numerusform>
        </translation>
    </message>
    <message>
        <source>Lower %1 to what CMiC allows (60 seconds is usual), and synchronise the clocks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CA bundle path is only spaces.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the PEM file in %1, or clear the field to use the system trust store.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::SetupChecklistView</name>
    <message>
        <source>done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>needs attention</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not proven yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>to do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Setup checklist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Complete step %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Setup of “%1”: %2 of %3 steps done</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Setting up the client credentials flow with CMiC, in five steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2</source>
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
        <source>Use limit=1: a probe needs one row.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The probe endpoint &quot;%1&quot; asks for limit=%2. Since Patch 22 CMiC answers 400 to a limit above %3 (documented); the environment&apos;s patch level is unknown, so this may fail.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The probe endpoint &quot;%1&quot; asks for limit=%2; since Patch 22 CMiC answers 400 to a limit above %3, and this environment is at %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The probe endpoint &quot;%1&quot; asks for limit=%2. At %3 CMiC is not documented to refuse it, but from Patch 22 it answers 400 to a limit above %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The API base URL names %1, CMiC Cloud&apos;s host for Basic authentication; CMiC Cloud takes OAuth (bearer token) calls on its OAuth host, e.g. atlas-api-oauth.cmiccloud.com beside atlas-api.cmiccloud.com.%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That other Cloud hosts follow the same pattern is a guess.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use %1 as the API base URL (confirm the host with CMiC if the call fails).</source>
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
        <source>This Cloud environment has no tenant, so the console cannot add the tenant to usernames or check the tenant a token&apos;s claim names; only usernames typed whole as TENANT||USERNAME and e-mail usernames form a claim value.</source>
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
        <source>Environment &quot;%1&quot; takes the service user from the app registration, but it is at %2 and that setting comes after Patch 22 (documented in the source document): CMiC reads the user from the token&apos;s &quot;%3&quot; claim and refuses calls without it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set &quot;Service user from&quot; to the token claim and make the IdP send the &quot;%1&quot; claim, or set the patch level to 23 or later if CMiC is past Patch 22.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment &quot;%1&quot; takes the service user from the app registration, which CMiC offers only after Patch 22 (documented); the environment&apos;s patch level is unknown. Up to Patch 22 CMiC reads the user from the token&apos;s &quot;%2&quot; claim and refuses calls without it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set the environment&apos;s patch level (23 or later for this setting), or set &quot;Service user from&quot; to the token claim.</source>
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
        <source>In Cloud environment &quot;%1&quot; the username &quot;%2&quot; is not a valid tenant||username (exactly one tenant and one username around &quot;||&quot;%3), the environment has no tenant and the user has no usable e-mail username, so no valid claim value can be formed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, no &quot;@&quot; while remove-domain is on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In Cloud environment &quot;%1&quot; the claim for %2 must be tenant||username or the e-mail username, but the environment has no tenant and remove-domain would cut the e-mail username.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In Cloud environment &quot;%1&quot; the claim for %2 must be tenant||username or the e-mail username, but the environment has no tenant, the username is neither of them and the user has no e-mail username, so no valid value can be formed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the Cloud tenant on environment &quot;%1&quot; (the claim is then TENANT||%2), the user&apos;s e-mail username, or the username typed whole as TENANT||%2.</source>
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
        <source>Environment &quot;%1&quot; can take the service user from the registration (after Patch 22), but this registration has none, so CMiC still reads the user from the token&apos;s &quot;%2&quot; claim and rejects calls whose token lacks it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the service user, here and on the registration in CMiC API Security, so the claim is no longer needed.</source>
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
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
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
        <source>%1 &quot;%2&quot; is on %3 (%4), but the registration&apos;s preset is %5: the token, its keys and this URL would come from different identity providers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 &quot;%2&quot; is not on a host of %3 (%4), the registration&apos;s preset.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the %1 preset if the tokens come from %1, or enter %2&apos;s URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the %1 preset if the tokens come from %1, or enter %2&apos;s URL: %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter %1&apos;s URL, or choose the preset of the provider that issues the tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter %1&apos;s URL (%2), or choose the preset of the provider that issues the tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scope is empty; %1 refuses a client-credentials request without a scope ending in /.default (AADSTS1002012).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter &quot;%1&quot;: the API&apos;s Application ID URI (under Expose an API) plus /.default.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The scope &quot;%1&quot; does not end in /.default; %2 answers AADSTS1002012 to a client-credentials request with it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The key (certificate) registered for private_key_jwt expired on %1, %n day(s) ago; the identity provider refuses its assertions.</source>
        <translation>
            <numerusform>The key (certificate) registered for private_key_jwt expired on %1, %n day ago; the identity provider refuses its assertions.</numerusform>
            <numerusform>The key (certificate) registered for private_key_jwt expired on %1, %n days ago; the identity provider refuses its assertions.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The client secret expired on %1, %n day(s) ago; the identity provider refuses it.</source>
        <translation>
            <numerusform>The client secret expired on %1, %n day ago; the identity provider refuses it.</numerusform>
            <numerusform>The client secret expired on %1, %n days ago; the identity provider refuses it.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>in %n day(s), on %1</source>
        <translation>
            <numerusform>in %n day, on %1</numerusform>
            <numerusform>in %n days, on %1</numerusform>
        </translation>
    </message>
    <message>
        <source>No private key is stored for this registration in %1, so the console cannot sign the client assertion or request a test token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No client secret is stored for this registration in %1, so the console cannot request a test token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secrets typed in this session are kept for this session only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import the private key (PEM) with &quot;Import PEM…&quot; in the registration&apos;s Private key field, or a PKCS#12 file with &quot;Certificate file…&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the client secret in the registration&apos;s Client secret field, as the identity provider showed it when it was created.</source>
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
    <message>
        <source>Common endpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a common CMiC endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read-only CMiC endpoints that answer with a small page; the service user needs a role that grants each one.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::TokenInspector</name>
    <message>
        <source>Signature algorithm; must be on the allow-list and fit the key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which key of the JWKS signed the token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Thumbprint of the signing certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CMiC user the calls run as (the environment&apos;s user claim)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issuer; CMiC compares it with the registration&apos;s Issuer, exactly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject; for client credentials, the client&apos;s identity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audience: the API the token is meant for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not valid before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issued at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Authorised party: the client id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client id (Okta)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scopes granted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Application roles granted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Caller&apos;s IP address; CMiC compares it when its IP check is on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tenant id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token format version</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>{%n member(s)}</source>
        <translation>
            <numerusform>{%n member}</numerusform>
            <numerusform>{%n members}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>[%n item(s)]</source>
        <translation>
            <numerusform>[%n item]</numerusform>
            <numerusform>[%n items]</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token header and claims</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meaning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token lifetime</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Claims</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(none)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client id; CMiC compares this claim with the registration&apos;s App ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>App ID of Entra v1 tokens (not the claim this registration&apos;s preset compares)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::TokenTimeline</name>
    <message>
        <source>Token lifetime</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n s</numerusform>
            <numerusform>%n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>clock skew allowed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> The token has no nbf claim: it is valid from the moment it was issued.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No token was obtained, so there is no lifetime to show.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not valid yet: it becomes valid in %1 (%2). Check the clocks of this machine and the identity provider.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid for another %1 (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expired %1 ago, still accepted within the clock skew (%2). Request a new token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expired %1 ago (%2): CMiC refuses it. Request a new token; if it was just issued, check the clocks of this machine and the identity provider.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token has no exp claim: CMiC refuses tokens that never expire. Configure the identity provider to set a lifetime.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>now %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::ValidateResultPage</name>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What works, what does not and what to fix first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result icon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the result means</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolved service user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All findings of the run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save report…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy t&amp;oken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copies the access token to the clipboard, for a manual test. It is a credential until it expires; it is never saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run &amp;again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” in %2, validated %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC runs the calls as %1. %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service user was not resolved: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No findings: every check passed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No token was obtained in this run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save validation report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Report saved to %1. It holds no secret and no token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No token was obtained in this run, so there is nothing to copy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The access token is on the clipboard. It works as a credential until it expires: paste it only where it is needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Permissions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC&apos;s answer to the service user on each probe endpoint of the environment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saves the report as HTML or PDF (to attach to a ticket) or JSON. It holds no secret and no token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Permissions (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTML report (*.html);;PDF report (*.pdf);;JSON report (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F&amp;indings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F&amp;indings (%1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::ValidateRunPage</name>
    <message>
        <source>Running the checks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each step shows its result as it finishes. Select a step for its findings, checks and requests.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>See the &amp;result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%v of %m steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel the run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stops the request in progress; the steps not finished are marked cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workspace&apos;s network settings could not be applied: %1 The run goes on with the system settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validating “%1”…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” in %2. Each step shows its result as it finishes; select one for its findings, checks and requests.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run could not start. Close the wizard and open it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 step running…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ca&amp;ncel run</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::ValidateSetupWizard</name>
    <message>
        <source>Validate setup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validate setup — CMiC OAuth Console</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::ValidateStartPage</name>
    <message>
        <source>Validate setup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proves a registration end to end, the way CMiC will see it: the console asks the identity provider for a token, checks it as CMiC does, and calls CMiC with it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Validate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client authentication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credential status icon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credential</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Go to the client secret field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to the client secret field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shows the registration&apos;s form in the main window with the client secret field focused. This wizard stays open; come back when the secret is saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;heck again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the keychain again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected CMiC user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional, e.g. SVC_INTEGRATION</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CMiC username you expect the API calls to run as. The service-user step fails when CMiC would run them as someone else.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Call CMiC with the token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Call CMiC with the token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the CMiC call does</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Network settings used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Registration:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service user:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client authentication:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Credential:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xpected CMiC user:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>—</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2, %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no API base URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None chosen: choose the environment on the registration&apos;s form.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None chosen: choose the service user on the registration&apos;s form.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GET %1 below %2 with the token, as an integration would.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The environment has no API base URL or probe endpoint, so the CMiC call will be skipped. Add them on the environment&apos;s form to include it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>system trust store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>extra CA bundle %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>proxy: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>clock skew allowed: %n s</source>
        <translation>
            <numerusform>clock skew allowed: %n s</numerusform>
            <numerusform>clock skew allowed: %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>Requests use the workspace&apos;s network settings: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>for this session only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This workspace has no registration yet. Add one on the Registrations page, then validate it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the registration to validate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the keychain…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The private key for private_key_jwt is stored — %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The client secret is stored — %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>It is used for this run only and never written to the report.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No private key is stored for this registration. Import the client&apos;s PEM private key on the registration&apos;s form first, then come back: this wizard stays open and keeps what you entered here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No client secret is stored for this registration. Enter the client secret on the registration&apos;s form first (press Enter to save it), then come back: this wizard stays open and keeps what you entered here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain could not be read: %1 Check that the keychain is running and unlocked, then check again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain could not be read: %1 Enter the secret on the registration&apos;s form and choose “Keep for this session only”, then check again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Go to the private key field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to the private key field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the workspace&apos;s network settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Workspace Settings: CA bundle, proxy and clock skew</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::ValidationFlowDiagram</name>
    <message>
        <source>Identity provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation flow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>local checks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issues and signs the access token; publishes its keys.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checks the token and runs the call as the service user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (unreachable)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <comment>a box of the validation flow and its host</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::ValidationStatusStyle</name>
    <message>
        <source>not run yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>passed with warnings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::ValidationStepDetails</name>
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
        <source>environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>service user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>registration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>  redirected to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer: HTTP %1, %2, %3 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No HTTP answer (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server date: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS certificate: %1, issued by %2, expires %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Basic authentication as client %1 (secret not shown)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request headers:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request body:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Response headers:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Response body (first %1 bytes at most):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Findings of the step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checks of the step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP exchanges of the step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Selected exchange, with secrets masked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy as &amp;curl</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy as curl</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copies the selected request as a curl command. Secrets are not in it: it reads them from $CMIC_CLIENT_SECRET, $CMIC_CLIENT_ASSERTION and $CMIC_ACCESS_TOKEN.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a step to see its checks, findings and requests.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to do: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the field “%1” of the %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This step has not run yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This step is running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This step was skipped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This step was skipped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run was cancelled before this step finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No problems found in this step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skipped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (problem in: %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Findings (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checks (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Requests (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This step made no HTTP request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied “%1 %2” as a curl command. Set $CMIC_CLIENT_SECRET or $CMIC_ACCESS_TOKEN before running it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::ValidationStepModel</name>
    <message>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skipped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 step: %2. %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::WelcomePage</name>
    <message>
        <source>Welcome</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Welcome to CMiC OAuth Console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set up CMiC&apos;s OAuth 2.0 client credentials flow in five steps: &lt;b&gt;1&lt;/b&gt; a dedicated service user in your CMiC environment, &lt;b&gt;2&lt;/b&gt; an app in your identity provider whose token carries the user claim, &lt;b&gt;3&lt;/b&gt; the app registered in CMiC API Security (App ID, Issuer, JWKS URI), &lt;b&gt;4&lt;/b&gt; API Security permissions for the service user, &lt;b&gt;5&lt;/b&gt; Validate Setup: a real token and a call to CMiC. A checklist beside each registration shows what is done and takes you to what is next.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try the &amp;demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open an example workspace to look around; nothing is saved until you ask.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start an empty workspace; the setup checklist says what to add first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a workspace file (*.cmic-oauth.json).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Recent workspaces:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recent workspaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Double-click (or press Enter on) a workspace to open it.</source>
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
        <source>Nothing was saved and the file on disk was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save to %1: it is a folder. Choose a file name, for example with Save As. %2</source>
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
    <message>
        <source>%1 could not be read: %2, at line %3, column %4 and at line %5, column %6. A workspace gives each member once: keep the one you mean and remove the other. %7</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 could not be read: %2 (line %3, column %4). Workspace files are UTF-8 text without control characters in their strings. %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is %2, not a workspace file, so it was not read. Choose a .cmic-oauth.json file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save to %1: it is %2, not a file. Use Save As to choose a file name. %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read %1 to keep a backup of it: %2. Check its permissions and the drive, or use Save As to save somewhere else. %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is larger than any workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not keep a backup of %1: %2 is %3, not a file. Move it away, or use Save As to save somewhere else. %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not keep a backup of %1: %2 is a link that could not be replaced. Remove it, or use Save As to save somewhere else. %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::WorkspaceFileController</name>
    <message>
        <source>New workspace. Start with an environment, then a service user and a registration.</source>
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
        <source>Registration removed. Its secret stays in the keychain until you save, so Undo brings both back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registration is back, with its secret.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registration is back, but its secret was deleted from the keychain when the removal was saved: enter it again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::WorkspaceSettingsDialog</name>
    <message>
        <source>Workspace Settings — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workspace Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS trust</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CA bundle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>None: the system trust store only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A PEM file with your organisation&apos;s root (and intermediate) CA certificates, added to the system&apos;s. A relative path is read against the workspace file&apos;s folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;hoose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the CA bundle file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Test this bundle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test this bundle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reads the file and lists the certificates it holds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certificates in the CA bundle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Subject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extra &amp;CA bundle (PEM):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proxy mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proxy URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>http://proxy.example.com:3128</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>scheme://host:port with scheme http, https or socks5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Mode:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proxy &amp;URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time checks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clock skew in seconds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How far the token&apos;s exp, nbf and iat may be from this computer&apos;s clock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allowed clock &amp;skew:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the CA bundle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No CA bundle is set: only the system trust store is used. Choose a PEM file to add your organisation&apos;s CA.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The bundle holds %n certificate(s); the console adds them to the system trust store.</source>
        <translation>
            <numerusform>The bundle holds %n certificate; the console adds it to the system trust store.</numerusform>
            <numerusform>The bundle holds %n certificates; the console adds them to the system trust store.</numerusform>
        </translation>
    </message>
    <message>
        <source>Change workspace settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not yet valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a CA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, </source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::cli::Command</name>
    <message>
        <source>write a registration&apos;s config for a server, CMiC or the IdP (.env, properties, SQL, ...)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Writes one registration, with its environment and service user, in one of the export formats: the integration server&apos;s settings, CMiC&apos;s registration row and properties, the IdP&apos;s client. The secret is left out unless --include-secret is given.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>check a workspace file for setup mistakes (no network)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checks a workspace file for setup mistakes without touching the network.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>run the demo IdP and CMiC stand-in locally and write a workspace for them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs the demo identity provider and the CMiC stand-in on this computer (loopback only) and writes a workspace that points at them, so the whole flow can be tried without touching production.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>get a client-credentials token for a registration, as JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asks the registration&apos;s IdP for a client-credentials token, with the registration&apos;s method, scope, audience and resource, and prints the IdP&apos;s answer as JSON on standard output (the token is in .response.access_token). Diagnostics go to standard error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>prove registrations end to end: token, keys, claims, service user, a CMiC call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proves one app registration (or, with --all, every one) end to end, the way CMiC will see it: configuration, discovery, a token from the IdP, the JWKS, the signature and claims, the service user, and a call to CMiC. Says which layer failed and how to fix it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>verify a JWT locally: signature, claims, CMiC&apos;s checks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Verifies an access token locally: structure, header rules, signature against the JWKS, and CMiC&apos;s claim checks.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::cli::CommandLine</name>
    <message>
        <source>Show this help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also print the internal log lines (cmic.*) on standard error, for a bug report. QT_LOGGING_RULES, when set, decides instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run &apos;cmic-oauth %1 --help&apos; for the options.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[options]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::cli::Export</name>
    <message>
        <source> (can include the secret)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The export format&apos;s id (below), or list to print them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write to this file instead of standard output (- for standard output). A file holding the secret gets mode 0600.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registration to export, by name or id (needed when the workspace has several).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put the secret itself into the file (formats that can hold one); it is read as validate reads it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Formats:
%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Without --include-secret the file only says where the secret comes from: --secret-env VAR names the variable (env:VAR), --secret-file PATH the file (file:PATH); nothing is read. With it, the secret is read from those options, the keychain or a hidden prompt. The warnings a format gives go to standard error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exit status: 0 written, 2 usage error (an unknown format or registration: the message lists the valid ones), unreadable workspace, no secret or a file that cannot be written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>give the format with --format ID, one of: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>there is no export format &apos;%1&apos;; the formats are: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>give exactly one workspace file, e.g. cmic-oauth export --format %1 prod.cmic-oauth.json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the format %1 never holds the secret; the formats that can: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the output would replace the workspace itself; name another file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cmic-oauth export: warning: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cmic-oauth export: %1 written (mode 0600: it holds the secret).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cmic-oauth export: %1 written.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::cli::Lint</name>
    <message>
        <source>The *.cmic-oauth.json file to check.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output: text (default) or json.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Treat warnings as failures.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exit status: 0 no errors (and no warnings with --strict), 1 findings fail, 2 usage or unreadable file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--format must be text or json, not &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>give exactly one workspace file, e.g. cmic-oauth lint prod.cmic-oauth.json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC patch level unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>environment &quot;%1&quot;: %2, %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fix: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2 in %3</source>
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
</context>
<context>
    <name>cmic::cli::Main</name>
    <message>
        <source>Usage: cmic-oauth &lt;command&gt; [options]
       cmic-oauth help &lt;command&gt; | --help | --version

CMiC OAuth Console, command-line twin: checks CMiC OAuth 2.0 client-credentials setups.

Commands:
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run &apos;cmic-oauth help &lt;command&gt;&apos; or &apos;cmic-oauth &lt;command&gt; --help&apos; for a command&apos;s options, and &apos;man cmic-oauth-&lt;command&gt;&apos; for its manual. See docs/cli.md.
--verbose (before or after the command) also prints the internal log lines, for a bug report.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cmic-oauth: unknown command &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qt %1 (built with %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (built with %2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::cli::Output</name>
    <message>
        <source>cannot write %1: its folder does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot write %1: it is a folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot write %1: it is %2, not a file; it was left as it was.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot write %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::cli::Sandbox</name>
    <message>
        <source>cmic-oauth sandbox: could not store %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where to write the workspace (default: ./demo.cmic-oauth.json).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Folder for the sandbox CA certificate (default: beside the workspace).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serve plain HTTP on 127.0.0.1 instead of HTTPS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop after this many seconds (default: run until interrupted).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put the demo client secrets and key into the OS keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print the demo secrets on standard output as shell lines, export CMIC_SECRET_&lt;REGISTRATION ID&gt;=&apos;...&apos;, the names --secret-env-prefix CMIC_SECRET_ reads (everything else goes to standard error then). They are only valid for this sandbox.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the CMiC stand-in&apos;s own configuration after the workspace is written, so CMiC differs from the workspace (repeatable; e.g. patch=20, ip-check=off, missing-ipaddr=pass, issuer=URL). Keys: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An existing file is replaced only when it is a demo workspace (or CA) an earlier sandbox wrote; any other file, a folder, a pipe or a device is left as it is and the command stops before the servers start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exit status: 0 after a clean stop, 2 usage error, a path that may not be written, or the servers could not start.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--duration needs a number of seconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos;; give the workspace&apos;s path with --workspace PATH.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use --workspace PATH for another path.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the workspace and the sandbox CA would both be %1; name another file with --workspace PATH or another folder with --dir FOLDER.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use --dir FOLDER for another folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the sandbox could not start: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>could not write %1: %2. Name a file in a folder you can write to with --workspace PATH.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC stand-in changed: %1 (the workspace still says otherwise)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo identity provider: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC stand-in:          %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sandbox CA (in the workspace settings): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workspace written:      %1 (the earlier demo workspace replaced)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workspace written:      %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cmic-oauth sandbox: the secrets are not in the keychain; use --print-secrets instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo secrets stored in the keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running for %1 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running; press Ctrl+C to stop.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::cli::SecretSource</name>
    <message>
        <source>Read the client secret (or the PEM private key for private_key_jwt) from this environment variable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the client secret (or PEM private key) from this file; it must be a regular file of mode 0600 or stricter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the client secret (or PEM private key) from standard input.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --all: each registration&apos;s secret from the environment variable PREFIX + its id upper-cased, every character other than A-Z and 0-9 written as _ (e.g. CMIC_SECRET_DEMO_REGISTRATION_BASIC).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secret comes from --secret-env, --secret-file, --secret-stdin or --secret-env-prefix; without one, from the OS keychain entry the console stores it under (when a session bus is running), else from a prompt that does not echo when standard input is a terminal. Surrounding whitespace and a final line feed are removed. It is never written anywhere.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>give the secret one way: --secret-env, --secret-file, --secret-stdin or --secret-env-prefix.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>with --all each registration needs its own secret: use --secret-env-prefix PREFIX (or the keychain).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--secret-env-prefix is for --all; for one registration use --secret-env VAR.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>standard input cannot hold both the workspace and the secret; use --secret-env or --secret-file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the secret file %1 is not a regular file; put the secret in a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the secret file %1 can be read or written by others (mode %2); run chmod 600 %1 and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>could not read the terminal&apos;s settings: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>could not turn the terminal&apos;s echo off (%1), so the secret is not asked for.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>more than %1 bytes were typed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no secret for &apos;%1&apos;: the environment variable %2 is not set or empty. Export the %3 in it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot open the secret file %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot read the secret file %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the secret file %1 holds more than %2 bytes; put only the %3 in it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no secret: the file %1 is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>standard input holds more than %1 bytes; pipe in only the %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no secret: standard input was empty. Pipe in the %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no secret for &apos;%1&apos;: the environment variable %2 (the portable config&apos;s &quot;secret&quot;: &quot;%3&quot;) is not set or empty. Export the %4 in it, or give --secret-env VAR.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no secret: %1 (the file the portable config&apos;s &quot;secret&quot; names; or give --secret-file PATH).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no secret: the keychain&apos;s %1 for &apos;%2&apos; is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the OS keychain did not answer (unlock it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the keychain holds no %1 for registration &apos;%2&apos; of this workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no session bus is running, so the OS keychain cannot be asked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 for &apos;%2&apos; (not shown): </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no secret: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no secret: nothing was typed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no secret for &apos;%1&apos;: %2 Set --secret-env-prefix PREFIX, or store it with the console.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no secret: %1 Set --secret-env VAR, --secret-file PATH or --secret-stdin, or store it with the console.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::cli::Token</name>
    <message>
        <source>The registration, by name or id (needed when the workspace has several).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extra CA certificates (PEM) to trust besides the system&apos;s, instead of the workspace&apos;s CA bundle.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timeout of each exchange, 1 to 600 seconds (default 15).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output: {&quot;schema&quot;: &quot;%1&quot;, &quot;registration&quot;: {&quot;id&quot;, &quot;name&quot;}, &quot;tokenEndpoint&quot;, &quot;httpStatus&quot;, &quot;response&quot;: the IdP&apos;s JSON answer as it came, or null, &quot;error&quot;: null or {&quot;kind&quot;, &quot;message&quot;, &quot;fix&quot;}}. It holds the access token: keep it out of logs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exit status: 0 a token was issued, 1 the IdP refused or could not be reached, 2 usage error, unreadable input or no secret, 130 interrupted (SIGINT), 143 terminated (SIGTERM).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--timeout must be a number of seconds from 1 to 600, not &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>give exactly one workspace file, e.g. cmic-oauth token prod.cmic-oauth.json -r payroll</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the registration has no token endpoint and discovery at %1 did not give one: %2 %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cmic-oauth token: asking %1 for a token for &apos;%2&apos;...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>cmic-oauth token: issued (%1, expires in %n s).</source>
        <translation>
            <numerusform>cmic-oauth token: issued (%1, expires in %n s).</numerusform>
            <numerusform>cmic-oauth token: issued (%1, expires in %n s).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cmic::cli::Validate</name>
    <message>
        <source>The registration to validate, by name or id (needed when the workspace has several).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validate every registration of the workspace, a few at a time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --all: how many registrations run at once, 1 to %1 (default %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CMiC username the calls must run as (compared case-insensitively).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop after the service-user step; do not call CMiC.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extra CA certificates (PEM) to trust besides the system&apos;s, instead of the workspace&apos;s CA bundle.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timeout of each exchange, 1 to 600 seconds (default 15).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output: text (default), json, junit or html (html: one registration only).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the report to this file instead of standard output (- for standard output).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress goes to standard error (with --all only when it is a terminal), the report to standard output or --output. JUnit: one testsuite per registration, one testcase per step, for GitLab CI and Jenkins.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exit status: 0 every step passed (a CMiC call that was skipped included; with --all, for every registration), 1 a step failed or the run was cancelled, 2 usage error, unreadable input or no secret, 130 interrupted (SIGINT), 143 terminated (SIGTERM).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--format must be text, json, junit or html, not &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--format html holds one registration; with --all use text, json or junit.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>give --all or --registration, not both.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--timeout must be a number of seconds from 1 to 600, not &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--jobs must be a number from 1 to %1, not &apos;%2&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>give exactly one workspace file, e.g. cmic-oauth validate server.cmic-oauth.json</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Or leave --output out (or give -) to print the report.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the workspace has no registration to validate; add one in the console.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>... and %n more.</source>
        <translation>
            <numerusform>... and %n more.</numerusform>
            <numerusform>... and %n more.</numerusform>
        </translation>
    </message>
    <message>
        <source>cmic-oauth validate: validating &apos;%1&apos;...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cmic-oauth validate: %1/%2 done, %3 failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give another file with --output, or leave it out to print the report.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cmic-oauth validate: report written to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>all %n registration(s) passed.</source>
        <translation>
            <numerusform>all %n registration passed.</numerusform>
            <numerusform>all %n registrations passed.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 registrations failed: %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::cli::VerifyToken</name>
    <message>
        <source>could not fetch the JWKS from %1: %2 %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>If your organisation uses its own CA, pass it with --ca-bundle FILE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot read the JWKS file: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token: VALID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token: INVALID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (%1 failed, %2 warnings)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entra token shape: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service user: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(not resolved)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Header: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Claims: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registration&apos;s JWKS: an https URL or a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected iss, compared exactly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registration&apos;s App ID (client id).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Claim holding the App ID: appid, azp, cid or client_id (default: the first present).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expected aud value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service-user claim (default cmicuser).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>enterprise (default) or cloud.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cloud tenant for tenant||username claims.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CMiC username the call must run as.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allowed clock skew in seconds (default 60).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluate time checks at this instant (seconds since 1970).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC&apos;s IP check: on (default, CMiC&apos;s default) requires ipaddr; off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC&apos;s patch level, e.g. 19 or 22; 0 (default) unknown. Below 20 a missing ipaddr is a failure, otherwise a warning.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output: text (default) or json.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extra CA certificates (PEM) trusted, besides the system&apos;s, when fetching --jwks from a URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Take the issuer, App ID, App ID claim, audience, JWKS URI, user claim, deployment, IP check, patch level, clock skew and CA bundle from this workspace&apos;s registration; an option given as well wins.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --workspace: the registration, by name or id (needed when the workspace has several).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Short for --format.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token, or - (or nothing) to read it from standard input.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exit status: 0 the token is valid, 1 it is not or the signature was not checked, 2 usage error or unreadable input (token, JWKS).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected one token, got %1 arguments.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--format must be text or json, not &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>standard input cannot hold both the workspace and the token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--registration needs --workspace WORKSPACE.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cmic-oauth verify-token: note: --app-id-claim %1 is not one of appid, azp, cid, client_id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--clock-skew must be a number of seconds from 0 to 86400, not &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--ip-check must be on or off, not &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--patch-level must be 0 (unknown) or a patch number up to %1, not &apos;%2&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--deployment must be enterprise or cloud, not &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--user-claim must name a claim.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--now must be seconds since 1970, not &apos;%1&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>could not read the token from standard input.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>standard input holds more than %1 bytes; pipe in one token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no token given. Pass it as an argument, or pipe it in with &apos;-&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (from %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>cmic-oauth verify-token: %n key(s) read from %1</source>
        <translation>
            <numerusform>cmic-oauth verify-token: %n key read from %1</numerusform>
            <numerusform>cmic-oauth verify-token: %n keys read from %1</numerusform>
        </translation>
    </message>
    <message>
        <source>cmic-oauth verify-token: no --jwks given; the signature is not checked, so the token cannot be reported valid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cmic-oauth verify-token: the token is not valid: the signature was not verified.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cmic-oauth verify-token: the token is not valid: %1 failed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::cli::WorkspaceInput</name>
    <message>
        <source>The *.cmic-oauth.json workspace or an exported *.cmic-oauth-portable.json (- for standard input).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>could not read the workspace from standard input.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>standard input holds more than %1 bytes; that is no workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>standard input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>  ... and %n more.</source>
        <translation>
            <numerusform>  ... and %n more.</numerusform>
            <numerusform>  ... and %n more.</numerusform>
        </translation>
    </message>
    <message>
        <source>the workspace has no single registration named &apos;%1&apos;. Its registrations:
%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the workspace has no registration; add one in the console.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the workspace has %1 registrations; choose one with --registration NAME:
%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cmic-oauth %1: note: the workspace&apos;s CA bundle %2 is not on this computer; only the system&apos;s trusted CAs are used. Pass --ca-bundle FILE to add one.</source>
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
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
    </message>
    <message>
        <source>The IdP sent aud %1, not the audience &quot;%2&quot; entered for this registration. CMiC requires aud to be present; its documentation does not say it compares the value, so CMiC probably accepts this token (a guess). Entra v1 tokens carry the Application ID URI (with or without a trailing slash) or the app&apos;s GUID. If %1 is what the IdP issues for the CMiC API, enter it as the audience; otherwise request the token for &quot;%2&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is %2, which is not a plausible date (more than 8,000 years from 1970); it must be a NumericDate (seconds since 1970). Fix the IdP&apos;s claim mapping or token lifetime.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC&apos;s IP check is on but the token has no ipaddr claim, so CMiC at Patch %1 answers 401 (documented: CMiC&apos;s FAQ lists a missing ipaddr in client-credentials tokens as fixed only in Patch 20). Add ipaddr to the token (Entra: optional claim), or turn the check off with cmic.oauth2.ipcheck.enabled=false.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Patch %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an unknown patch level (set it on the environment)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC&apos;s IP check is on and the token has no ipaddr claim; the environment is at %1. CMiC&apos;s FAQ calls a missing ipaddr in client-credentials tokens &quot;a missing fix that&apos;s part of Patch 20&quot;; that from Patch 20 such a token passes the IP check is a guess, not published. Below Patch 20 CMiC answers 401. To be sure, add ipaddr to the token (Entra: optional claim) or turn the check off with cmic.oauth2.ipcheck.enabled=false.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n claim(s) CMiC requires missing: %1. CMiC answers 401 without them; configure the IdP to issue them (for aud, request the token for the CMiC API&apos;s audience or resource).</source>
        <translation>
            <numerusform>%n claim CMiC requires is missing: %1. CMiC answers 401 without it; configure the IdP to issue it (for aud, request the token for the CMiC API&apos;s audience or resource).</numerusform>
            <numerusform>%n claims CMiC requires are missing: %1. CMiC answers 401 without them; configure the IdP to issue them (for aud, request the token for the CMiC API&apos;s audience or resource).</numerusform>
        </translation>
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
    <message numerus="yes">
        <source>The token has %n part(s) separated by dots; a signed JWT has exactly 3. An encrypted token (5 parts) or a truncated copy cannot be verified: copy the complete access token again.</source>
        <translation>
            <numerusform>The token has %n part separated by dots; a signed JWT has exactly 3. An encrypted token (5 parts) or a truncated copy cannot be verified: copy the complete access token again.</numerusform>
            <numerusform>The token has %n parts separated by dots; a signed JWT has exactly 3. An encrypted token (5 parts) or a truncated copy cannot be verified: copy the complete access token again.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cmic::jose::EntraTokenShape</name>
    <message>
        <source>Request the token for the CMiC API, not for Graph: set the registration&apos;s scope to &quot;api://%1/.default&quot; (or the CMiC API&apos;s own scope, its Application ID URI plus /.default).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token is a Microsoft Graph token (aud &quot;%1&quot;), not one for the CMiC API: the wrong scope was requested. Its header carries a nonce, so no one but Graph can verify its signature.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token is a Microsoft Graph token (aud &quot;%1&quot;), not one for the CMiC API: the wrong scope was requested.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature does not verify because this is a Graph token with a nonce in its header (Graph alters the header before checking it); the keys and the JWKS URI are not at fault. Wrong scope, not a bad signature.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An Entra v1 access token arrived (ver 1.0, issuer &quot;%1&quot;, client in appid &quot;%2&quot;). CMiC compares the Issuer exactly, trailing slash included, and reads the App ID from appid.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register the Issuer &quot;%1&quot; and the App ID &quot;%2&quot; (claim appid) in CMiC API Security and in the workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An Entra v2 access token arrived (ver 2.0, issuer &quot;%1&quot;, client in azp &quot;%2&quot;, no appid). CMiC compares the Issuer exactly and would have to read the App ID from azp.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register the Issuer &quot;%1&quot; (no trailing slash) and the App ID &quot;%2&quot; (claim azp), or make Entra issue v1 tokens (see entra.v2-no-appid).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The v2 token has no appid claim, and CMiC documents reading the App ID of Entra tokens from appid; CMiC may not find the application.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set requestedAccessTokenVersion (accessTokenAcceptedVersion) of the CMiC API&apos;s app registration to 1 or null in its manifest so Entra issues v1 tokens, then register the Issuer &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the registration has the v2 form, but a v1 token arrived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the registration has the v1 form, but a v2 token arrived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is not the token&apos;s issuer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registration&apos;s Issuer &quot;%1&quot; does not fit the token: %2 (&quot;%3&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register the Issuer &quot;%1&quot; exactly, in CMiC API Security and in the workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The IdP preset reads the App ID from %1, but a %2 token carries the client in %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the IdP preset &quot;%1&quot; (App ID claim %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token&apos;s key &quot;%1&quot; is not in the keys at &quot;%2&quot;. With claims mapping Entra signs with the application&apos;s custom signing key, published only at .../discovery/keys?appid=&lt;app id&gt;, not among the tenant&apos;s common keys.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set the JWKS URI to &quot;%1&quot; in CMiC API Security and in the workspace: that is the JWKS URI CMiC must use.</source>
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
    <message>
        <source>the Ed25519 public key is a point of small order: with it a forged signature verifies for any token. Have the IdP publish its real signing key</source>
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
        <source>The TLS certificate of %1 was issued by a certificate authority this computer does not trust (%2).</source>
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
        <source>This is a private key, not a certificate. Paste the public certificate (&apos;-----BEGIN CERTIFICATE-----&apos;); the private key goes into the keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate is not a readable PEM certificate. Paste the whole certificate including the &apos;-----BEGIN CERTIFICATE-----&apos; line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is %1 KiB, too large for a PKCS#12 file with a key and its certificate (at most %2 KiB). Choose the .pfx or .p12 exported for this application.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is empty. Choose the .pfx or .p12 file exported with the private key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is not a readable PKCS#12 file (it may be truncated or damaged, or be PEM or another format). Export the certificate again as .pfx/.p12 with its private key, or import the PEM certificate and key instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is protected by a password. Type the password it was exported with.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The password is wrong for this file. Type the password it was exported with (passwords are case-sensitive).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file could not be decrypted: it was probably exported with an old cipher (RC2 or 3DES) that this OpenSSL no longer reads, or the password is wrong. Export it again with AES-256 (Windows: &quot;AES256-SHA256&quot;; openssl pkcs12 -export uses it by default).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file holds no private key, only certificates. Export it again with the private key (Windows: &quot;Yes, export the private key&quot;), or import the PEM private key separately.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate %1 in the file expired on %2; the IdP refuses assertions for it. Make a new key and certificate, upload the certificate to the IdP and import the new file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The private key in the file could not be read. Export it again, or import the PEM private key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the .pfx or .p12 file exported with the private key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no answer: CMiC was not reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>allowed: the service user may read this endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>request refused as malformed (path or query)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>token refused: authentication failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>token accepted, access denied: no API Security role grants this endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no such resource at this path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not judged: CMiC Cloud&apos;s rate limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC failed: often the application is not registered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>allowed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP %1: see the findings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC support reference (X-ORACLE-DMS-ECID): %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC answered 200, but not with an ADF collection (no &quot;items&quot;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that the probe path is a collection resource, e.g. /sys-rest-api/rest/1/sdcompanyaccess.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, more available</source>
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
        <source>CMiC answered 429 Too Many Requests at %1: more requests came from this address than CMiC Cloud allows (5 at a time, 15 per second). This says nothing about the token: CMiC did not judge it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the validation again in a few seconds, when other integrations calling from this address are quiet; CMiC sends no Retry-After.</source>
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
    <message>
        <source>The answer from %1 was cut short: the connection ended before the whole body arrived (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try again; if it keeps happening, a proxy, firewall or load balancer between this computer and the server is dropping the connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 did not answer in HTTP the console can read: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that the URL points at an https API endpoint (not another service on that port); if it does, a proxy or load balancer in between may be damaging the answers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer from %1 could not be decoded (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server (or a proxy) sent a compressed or encoded body that is broken; check the proxy settings, or ask the server&apos;s owner.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>empty body</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>more than %1 sent for one answer, framing included</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the connection was closed without an answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the connection ended inside the headers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of the %2 announced arrived</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the connection ended before the last chunk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a header line longer than %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>headers larger than %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server switched to another protocol</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>more than %1 interim (1xx) answers before the answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the answer is not HTTP/1.x (it starts with &quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a folded header line with no header before it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a header line that is not &quot;Name: value&quot; (&quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>more than %1 header fields</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is encoded more than once (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is encoded as &quot;%1&quot;, which this console does not read and did not ask for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the decompressor could not start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its transfer coding &quot;%1&quot; is not supported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its Content-Length is not one number (&quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 announced, more than %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a chunk size that is not a number (&quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a chunk longer than its announced size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a body larger than %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its compressed body is damaged (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its compressed body ended early</source>
        <translation type="unfinished"></translation>
    </message>
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
    <message>
        <source>The private key is encrypted with a pass phrase, which the console cannot use. Decrypt it first (openssl pkey -in key.pem -out key-decrypted.pem); the keychain protects it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The private key is not a readable PEM private key. Paste the whole key including the &apos;-----BEGIN PRIVATE KEY-----&apos; line; encrypted keys must be decrypted first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only RSA and P-256 EC private keys can sign client assertions; generate one of those.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This EC key is on curve %1; client assertions are signed with ES256, which needs a P-256 (prime256v1) key. Generate one: openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This RSA key has %1 bits; identity providers refuse assertions signed with fewer than 2048. Generate a 2048-bit (or larger) key.</source>
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
    <message>
        <source>no kid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>kid &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The console sent a private_key_jwt assertion (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The console sent a private_key_jwt assertion signed %1 (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that the IdP holds the matching public key (and kid) for this client, and that the client&apos;s signing algorithm (token_endpoint_auth_signing_alg) is the one sent: if it is not, set the registration&apos;s assertion algorithm to it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(the IdP also takes %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Microsoft Entra found no certificate registered on the application for the client assertion&apos;s header (AADSTS%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Microsoft Entra did not accept the client assertion&apos;s header (AADSTS%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The assertion carried no certificate thumbprint. Import the certificate uploaded to the app registration (Certificates &amp; secrets) and set the thumbprint to x5t#S256 (with PS256), or x5t (with RS256).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The assertion carried no certificate thumbprint. Set the thumbprint to x5t#S256 (with PS256), or x5t (with RS256).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The assertion carried x5t#S256. Set the thumbprint to x5t (SHA-1, with RS256), which older Entra tenants expect, and check that this certificate is the one uploaded under Certificates &amp; secrets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The assertion carried x5t. Set the thumbprint to x5t#S256 (SHA-256, with PS256), as Entra&apos;s current documentation asks, and check that this certificate is the one uploaded under Certificates &amp; secrets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The assertion algorithm is %1, but the private key is an %2 key, which signs %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PS256 or RS256</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The assertion header is to carry %1, but the certificate cannot be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>there is none.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store the client&apos;s PEM private key (RSA or P-256) in the keychain entry for this registration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose an assertion algorithm the key can sign, or store the key the algorithm needs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import the PEM certificate uploaded to the IdP for this key, or set the thumbprint to none.</source>
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
        <source>The token response has no expires_in; the console assumes 5 minutes (CMiC itself checks the token&apos;s exp claim).</source>
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
    <message numerus="yes">
        <source>None of the file&apos;s %n certificate(s) belongs to its private key. Export the certificate that was made for this key, with the key.</source>
        <translation>
            <numerusform>The file&apos;s certificate does not belong to its private key. Export the certificate that was made for this key, with the key.</numerusform>
            <numerusform>None of the file&apos;s %n certificates belongs to its private key. Export the certificate that was made for this key, with the key.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>CMiC accepted the token: %1 returned %n item(s)%2.</source>
        <translation>
            <numerusform>CMiC accepted the token: %1 returned %n item%2.</numerusform>
            <numerusform>CMiC accepted the token: %1 returned %n items%2.</numerusform>
        </translation>
    </message>
    <message>
        <source>Check that a firewall or proxy is not silently dropping the connection; set the proxy in %1 if your network needs one, or try again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>If your organisation uses its own CA (or a TLS-inspecting proxy), choose its root certificate (a PEM file) in %1. Never turn verification off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check %1 (system, none or manual) and the proxy&apos;s credentials.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the CA bundle: %1. Check the path in %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file holds a private key but no certificate. Export it again with the certificate, or import the certificate (PEM) separately.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::net::CaBundle</name>
    <message>
        <source>(no name)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CA bundle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The CA bundle %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export your organisation&apos;s root CA certificate as Base-64 (PEM: text starting with -----BEGIN CERTIFICATE-----) and choose that file in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not PEM: it looks like a binary (DER) certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 holds a private key, not a certificate. Never give the console a key here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not PEM: it holds no -----BEGIN CERTIFICATE----- block.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Convert it with: openssl x509 -inform der -in root.cer -out root.pem, then choose root.pem in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has a certificate block, but no certificate in it could be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate “%1” in the CA bundle expired on %2; servers it issued for cannot be trusted with it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Get the current root certificate from your PKI team and replace the file chosen in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate “%1” in the CA bundle is not valid before %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check this computer&apos;s date and time; if it is right, use the certificate in force today in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The certificate “%1” in the CA bundle is not a CA certificate (a server&apos;s own certificate, issued by “%2”); it cannot vouch for other servers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put the root (and intermediate) CA certificates of your organisation in the file chosen in %1, not a server&apos;s certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A CA bundle is a few certificates (some KiB); choose the file with only your organisation&apos;s root and intermediate certificates in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the file&apos;s permissions, or copy it to a folder you can read and choose it in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the PEM file again in %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the CA bundle: %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::sandbox</name>
    <message>
        <source>Cannot create a temporary folder for the sandbox CA: %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::sandbox::CmicStandIn</name>
    <message>
        <source>--cmic %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>give KEY=VALUE with one of the keys %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>give the patch level as a number, e.g. patch=20.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>give on or off.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>give pass or refuse.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>give enterprise or cloud.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>give a value after the =.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>give an absolute URL, e.g. jwks-uri=https://idp.example/jwks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the only value is open (no API Security role exists).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::validation</name>
    <message>
        <source>configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>network / TLS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>identity provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>warning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>skipped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>info</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not compared (no Date header from the IdP)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, in step with this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2 s ahead of this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2 s behind this computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no answer (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validate setup: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Registration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not resolved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IdP clock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(layer: %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skipped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS peer: %1, issued by %2, expires %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Permissions (GET as the service user)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Meaning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token (decoded; the token itself is not kept)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Claims</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Written by CMiC OAuth Console. The report holds no client secret, private key or access token; credentials in the exchanges are masked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>environment %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Started %1, finished %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>layer: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>fix: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Permissions (GET as the service user):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Service user: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>IdP clock: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token header: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token claims: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discovery</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prediction vs CMiC</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::validation::ExpiryOverview</name>
    <message numerus="yes">
        <source>expired %n day(s) ago (%1): %2</source>
        <translation>
            <numerusform>expired %n day ago (%1): %2</numerusform>
            <numerusform>expired %n days ago (%1): %2</numerusform>
        </translation>
    </message>
    <message>
        <source>expires today (%1): %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>expires in %n day(s) (%1)</source>
        <translation>
            <numerusform>expires in %n day (%1)</numerusform>
            <numerusform>expires in %n days (%1)</numerusform>
        </translation>
    </message>
    <message>
        <source>Private key (certificate registered at the IdP)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>upload a new certificate at the identity provider and update the key here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>create a new secret at the identity provider and store it here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>upload a new certificate before then.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>create a new secret before then.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>expiry not recorded: enter the date the identity provider shows, to be warned %n day(s) ahead.</source>
        <translation>
            <numerusform>expiry not recorded: enter the date the identity provider shows, to be warned %n day ahead.</numerusform>
            <numerusform>expiry not recorded: enter the date the identity provider shows, to be warned %n days ahead.</numerusform>
        </translation>
    </message>
    <message>
        <source>Certificate %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>make a new certificate, upload it at the identity provider and paste it here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rotated out: not in the JWKS since the run after %1. Tokens signed with it are refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>new at the last rotation (%1): check that CMiC reads the JWKS again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>current, last seen %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::validation::JUnitReport</name>
    <message>
        <source>  Fix: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::validation::Reconciliation</name>
    <message>
        <source>(empty)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC accepted the token, so CMiC&apos;s side is not what this workspace says:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 the Issuer here is %2, the token carries %3, and CMiC matched its registration on the token&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set the registration&apos;s Issuer to %1, as CMiC API Security has it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 the App ID here is %2, the token&apos;s %3 claim is %4, and CMiC matched its registration on the token&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set the registration&apos;s App ID to %1, as CMiC API Security has it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 CMiC verified the token&apos;s signature, but the console could not with the keys at %2 (%3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the JWKS URI from CMiC API Security into the registration (CMiC loads the keys from its own; with Entra claims mapping it carries ?appid=), then validate again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 it accepted a token without an ipaddr claim, so on this CMiC the IP check is off, or this patch level lets client-credentials tokens through without ipaddr.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 it accepted a token whose ipaddr (%2) is not the address the console predicted, so on this CMiC the IP check is off or sees another address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make environment &quot;%1&quot; say what CMiC does: its IP check setting (cmic.oauth2.ipcheck.enabled) and its patch level.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make the environment say what CMiC does: its IP check and patch level.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 CMiC found a valid service user in the token, which the console could not (it read the claim %2: %3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make the environment&apos;s claim name, deployment, Cloud tenant and remove-domain setting what cmicapp.properties (or CMiC Cloud) really uses.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 CMiC&apos;s clock judged the token&apos;s times valid (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 a local check predicted a refusal (%2), yet CMiC accepted the token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare the value this check names with CMiC&apos;s configuration and update the workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This rule does not hold for this CMiC, or the workspace does not describe it: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In CMiC API Security the registration must have App ID %1 and Issuer %2 exactly, and CMiC must be able to load %3 from its own network. CMiC&apos;s log (logger cmic.oauth2.filter, level FINE, with the error reference it sent) or CMiC support (with the ECID) says which.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare CMiC&apos;s side with the workspace: the registration&apos;s Issuer %1 and App ID %2 in API Security, the JWKS URI %3, the claim CMiC reads (%4 here), the IP check (%5 here), and that the user %6 exists and is valid in CMiC. Then correct whichever side is wrong.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC gave no answer to compare with, so the verdict is the console&apos;s prediction; only CMiC&apos;s answer can confirm it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC&apos;s answer (HTTP %1) does not judge the token, so the verdict is the console&apos;s prediction; only CMiC&apos;s answer can confirm it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC accepted the token (HTTP %1 on GET%2), as the console predicted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC&apos;s answer agrees with the console&apos;s prediction.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC accepted the token (HTTP %1), which overrules this step&apos;s prediction of a refusal; see the step &quot;%2&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overruled by CMiC&apos;s answer: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>CMiC accepted the token (HTTP %1 on GET%2) although %n local check(s) predicted a refusal.</source>
        <translation>
            <numerusform>CMiC accepted the token (HTTP %1 on GET%2) although %n local check predicted a refusal.</numerusform>
            <numerusform>CMiC accepted the token (HTTP %1 on GET%2) although %n local checks predicted a refusal.</numerusform>
        </translation>
    </message>
    <message>
        <source>CMiC accepted the token, so the workspace does not describe CMiC: update it where the findings say.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC said: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC refused the token (HTTP %1 on GET%2), as the console predicted.%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC&apos;s HTTP %1 is explained by the %2 step: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC&apos;s refusal agrees with the console&apos;s prediction; fix what the %1 step found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC refused the token (HTTP 401 on GET%1), which the warning of the %2 step explains: %3 On this CMiC it is a refusal, not a guess.%4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC confirmed a warning of the %1 step as the cause of its refusal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC refused the token (HTTP %1 on GET%2) although every local check passed, so CMiC is not configured as this workspace says, or checks what the console cannot see.%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC refused a token the console found fine: the workspace does not describe CMiC.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check this computer&apos;s clock and %1: CMiC checks exp and nbf with its own clock.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::validation::ReportFile</name>
    <message>
        <source>Could not write the report to %1: its folder does not exist. Choose a folder you can write to, or create that one first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a folder. Give a file name inside it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is %2, not a file; a report is only written to a file, which would replace it. Choose a file name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is the workspace being validated; the report would replace it. Choose another file name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write the report to %1: %2. Choose a folder you can write to, such as your Documents folder, and save it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>validation-%1-%2.html</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation report: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not make the PDF for %1: this program cannot render PDF. Save the report as HTML and print it to PDF, or save it from the console.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::validation::ReportVerdict</name>
    <message>
        <source>The registration&apos;s configuration is incomplete: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The console could not reach a server (network or TLS): %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The identity provider refused the client: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The identity provider&apos;s signing keys cannot be used: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC would refuse the token: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC refused the call: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Look at the warnings in the findings before going live.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run was stopped before it finished, so nothing is proven yet. Run the validation again to complete it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed at the %1 step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>see the step&apos;s findings for details.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC refused the token (HTTP %1), as the console predicted: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation not finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some steps have not finished yet, so nothing is proven yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passed, but this workspace does not describe CMiC</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passed, with warnings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passed: the setup works end to end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The identity provider issued a token that CMiC accepts for this registration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local checks predicted a refusal, so CMiC&apos;s registration or settings differ from the workspace; update the workspace where the step &quot;%1&quot; says, or exports made from it will be wrong.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready up to the CMiC call, with warnings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready up to the CMiC call</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every step up to the CMiC call passed; CMiC itself was not called (%1), so whether it accepts the token is not proven.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to do: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PASSED end to end, but this workspace does not describe CMiC: CMiC accepted this registration&apos;s token although local checks predicted a refusal; update the workspace where the step &quot;%1&quot; says.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PASSED end to end, with warnings: CMiC accepted this registration&apos;s token; look at the warnings before going live.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PASSED end to end: CMiC accepted this registration&apos;s token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>READY UP TO THE CMiC CALL, with warnings: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>READY UP TO THE CMiC CALL: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FAILED at the %1 step (%2): %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CANCELLED: the run was stopped before every step finished.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NOT FINISHED: some steps have not finished yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running the checks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checks cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checks finished: failed at the %1 step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checks finished, with warnings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checks finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled. The steps that had not finished are marked cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed at the %1 step. See the result for what to fix.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>No check failed, but %n step(s) warned: look at the warnings before going live.</source>
        <translation>
            <numerusform>No check failed, but %n step warned: look at the warning before going live.</numerusform>
            <numerusform>No check failed, but %n steps warned: look at the warnings before going live.</numerusform>
        </translation>
    </message>
    <message>
        <source>Every check passed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>No check that ran failed, but %n step(s) warned; CMiC itself was not called.</source>
        <translation>
            <numerusform>No check that ran failed, but %n step warned; CMiC itself was not called.</numerusform>
            <numerusform>No check that ran failed, but %n steps warned; CMiC itself was not called.</numerusform>
        </translation>
    </message>
    <message>
        <source>Every check that ran passed; CMiC itself was not called.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::validation::SetupChecklist</name>
    <message>
        <source>Go to the field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validate Setup…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1. Create a dedicated service user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start with the CMiC environment the service user lives in: its API base URL and how it reads the user claim.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the CMiC user the API calls will run as. Use a dedicated account that no person signs in with.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Service User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workspace has an environment and a service user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the CMiC environment this registration is for.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the CMiC environment this registration is for.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the CMiC user the API calls will run as, then choose it here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the service user CMiC runs this registration&apos;s calls as.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the service user&apos;s CMiC username.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confirm that no person signs in with %1: CMiC advises a dedicated account for this flow.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The last validation could not resolve the service user CMiC runs as. Open Validate Setup to see why.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, confirmed as dedicated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2. Register the app in your identity provider, with the user claim</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a registration for the OAuth app you create in your identity provider for the client credentials flow.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Registration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the App ID (client ID) the identity provider gave the app.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the token endpoint (or the issuer, to discover it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store the app&apos;s %1 in the keychain: the console needs it to ask for a token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import the private key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keychain could not be read, so the %1 cannot be checked. Unlock the keychain (or start a Secret Service), then look again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Asking the keychain for the %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The last validation got no token from the identity provider. Open Validate Setup to see its answer and what to change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The last validation found a problem in the token&apos;s claims (the user claim, the App ID or the audience). Open Validate Setup to see which.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The identity provider issued a token with the expected claims.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>App ID entered and the %1 stored; Validate Setup proves the user claim.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>3. Register the app in CMiC API Security</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A registration holds what CMiC API Security needs: App ID, Issuer and JWKS URI.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the App ID, as in CMiC API Security.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the Issuer exactly as the token&apos;s iss claim has it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the JWKS URI CMiC reads the signing keys from.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The last validation found the Issuer or the JWKS URI not matching the identity provider. Open Validate Setup to see which.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>App ID, Issuer and JWKS URI entered; enter the same values in CMiC API Security ▸ Application Registration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>4. Configure API Security permissions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service user needs API Security policies for the endpoints the app calls; the environment&apos;s probe endpoints test them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the environment&apos;s API base URL, so validation can call CMiC.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC refused the last validation&apos;s call. Open Validate Setup to see the answer for each endpoint and the likely cause.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC answered the probe endpoints as the service user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only CMiC&apos;s answer proves the permissions: run Validate Setup with the CMiC call.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>5. Validate the setup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validate Setup asks for a token and calls CMiC with it, as the service user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The last run was cancelled. Run Validate Setup to the end.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not validated yet. Run Validate Setup: a token from the identity provider, then a call to CMiC.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passed on %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run again…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed at the %1 step on %2. Fix what it says, then run it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed on %1. Fix what it says, then run it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a probe endpoint: a cheap GET the service user may call, such as /sys-rest-api/rest/1/sdcompanyaccess. Without one, validation stops before calling CMiC and the permissions stay unproven.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::validation::SetupValidator</name>
    <message>
        <source>Configure the IdP to issue JWT access tokens for the CMiC API: CMiC can only accept a signed JWT.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Configure the IdP to sign access tokens with RS256, PS256, ES256 or EdDSA.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to change for CMiC: it only uses the keys at the registered JWKS URI.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request an access token for the CMiC API with the client-credentials grant, not an ID token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Configure the IdP to issue a plain signed JWT access token (no crit, b64 or nested token).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the IdP&apos;s administrators to publish only sound public keys (RSA of 2048 bits or more, EC keys on their curve, no private members).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register the JWKS URI of the IdP that issued the token; if the IdP just rotated its keys, validate again in a minute.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register the JWKS URI of the IdP that issued the token. If it is right, the IdP signs with a key it does not publish, or the token was altered on the way.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Configure the IdP to issue sub, exp, aud and iss in the access token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register the issuer exactly as the token carries it, in CMiC API Security and in the workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register the App ID of the client that requests the token, or choose the IdP preset whose App ID claim the token carries.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request the token for the CMiC API&apos;s audience (scope, audience or resource in the registration), or correct the registration&apos;s audience.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request a fresh token; if that does not help, synchronise the clocks of this computer and of the IdP (NTP).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the ipaddr claim at the IdP (Entra: an optional claim), or turn CMiC&apos;s IP check off with cmic.oauth2.ipcheck.enabled=false.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read the message above for what to change, then validate again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The workspace has no registration with id %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registration to validate (%1) is not in the workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose one of the workspace&apos;s registrations and validate again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registration to validate is not in the workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No private key was given for this private_key_jwt registration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No client secret was given for this registration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store the client&apos;s PEM private key in the keychain from the console (or pass it to cmic-oauth validate), then validate again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store the client secret in the keychain from the console (or pass it to cmic-oauth validate with --secret-env or --secret-stdin), then validate again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A private key was given for this run (kept in memory only).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A client secret was given for this run (kept in memory only).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registration has no token endpoint, and neither an issuer nor a discovery URL to find one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the IdP&apos;s token endpoint, or its issuer so that discovery can find it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registration cannot be exercised: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The setup rules found %n error(s); the run goes on to show what they cause.</source>
        <translation>
            <numerusform>The setup rules found %n error; the run goes on to show what they cause.</numerusform>
            <numerusform>The setup rules found %n errors; the run goes on to show what they cause.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The setup rules found %n warning(s).</source>
        <translation>
            <numerusform>The setup rules found %n warning.</numerusform>
            <numerusform>The setup rules found %n warnings.</numerusform>
        </translation>
    </message>
    <message>
        <source>The registration, its environment and service user pass the setup rules.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not applicable: the registration has neither an issuer nor a discovery URL; its own token endpoint is used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The IdP publishes OAuth authorization server metadata (RFC 8414) at %1, not an OpenID configuration at %2; the console read the RFC 8414 document.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Register in CMiC API Security the issuer and the jwks_uri this document names; CMiC reads no discovery document itself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The OpenID configuration at %1 was read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The OAuth authorization server metadata (RFC 8414) at %1 was read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document at %1 lacks what the flow needs: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The IdP&apos;s OpenID configuration agrees with the registration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no OpenID configuration at %1, nor OAuth authorization server metadata (RFC 8414) at %2 (HTTP 404 for both).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The OpenID configuration at %1 could not be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discovery could not be read; the run goes on with the registration&apos;s own token endpoint and JWKS URI.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The issuer &quot;%1&quot; matches the registration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The issuer is &quot;%1&quot;, the registration has &quot;%2&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The jwks_uri matches the registration&apos;s JWKS URI.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The jwks_uri is %1, the registration has %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token endpoint %1 comes from discovery.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registration has no token endpoint; the validation uses discovery&apos;s %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter it in the registration so the setup does not depend on discovery.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discovery names the token endpoint %1; the registration has %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discovery names the token endpoint %1, but the registration has %2; the validation uses the registration&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use the IdP&apos;s token endpoint in the registration, unless you know the other one issues the same tokens.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token endpoint matches the registration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The IdP does not list %1 among its client authentication methods (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose one of the listed methods for the registration, and configure the client at the IdP the same way.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no token endpoint: the registration has none and discovery did not give one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The IdP issued a %1 token, valid for %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>typeless</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The access token is a JWT; its header and claims are in the report (the token itself is not).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The access token is not a JWT that could be decoded; CMiC needs a signed JWT (see the signature step).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Granted scope: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token obtained (%1, expires in %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no JWKS URI: the registration has none and discovery did not give one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registration has no JWKS URI; the validation uses discovery&apos;s %1, but CMiC only uses the one registered in API Security.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the JWKS URI in the registration and in CMiC API Security.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The JWKS was read, and read again once because the token&apos;s key was not in it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The JWKS was read (%n key(s)).</source>
        <translation>
            <numerusform>The JWKS was read (%n key).</numerusform>
            <numerusform>The JWKS was read (%n keys).</numerusform>
        </translation>
    </message>
    <message>
        <source>The JWKS is not a strictly valid JWK Set: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the IdP&apos;s administrators to publish a well-formed JWK Set; check that the JWKS URI points at the keys document.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The JWKS holds no key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the JWKS URI; it must list the IdP&apos;s signing keys.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The JWKS is a strictly valid JWK Set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every key is sound (size, curve, parameters).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The JWKS has problems: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The JWKS holds the token&apos;s key &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The JWKS does not hold the token&apos;s key &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No token, so the key it names could not be looked up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>The JWKS holds %n key(s), the token&apos;s among them.</source>
        <translation>
            <numerusform>The JWKS holds %n key, the token&apos;s among them.</numerusform>
            <numerusform>The JWKS holds %n keys, the token&apos;s among them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The JWKS holds %n key(s).</source>
        <translation>
            <numerusform>The JWKS holds %n key.</numerusform>
            <numerusform>The JWKS holds %n keys.</numerusform>
        </translation>
    </message>
    <message>
        <source>If %1 is what the IdP issues for the CMiC API, enter it as the registration&apos;s audience (now &quot;%2&quot;); otherwise request the token for &quot;%2&quot; (scope, audience or resource).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the ipaddr claim at the IdP (Entra: an optional claim), or set cmic.oauth2.ipcheck.enabled=false on CMiC and untick the IP check of environment &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The environment&apos;s patch level is %1; below Patch 20 CMiC answers 401 for certain, so set the patch level if you know it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token step did not obtain a token, so there is nothing to verify.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keys step did not give a usable key set, so the signature cannot be checked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The signature verifies.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token step did not obtain a token, so there are no claims to check.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token could not be decoded (it is not a JWT), so there are no claims to check.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The IdP sent no Date header, so its clock could not be compared.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The IdP&apos;s clock agrees with this computer&apos;s within %1 (the allowed clock skew is %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The IdP&apos;s clock is %1 ahead of this computer&apos;s clock (its Date header said %2, this computer said %3), more than the workspace&apos;s %4 clock skew.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The IdP&apos;s clock is %1 behind this computer&apos;s clock (its Date header said %2, this computer said %3), more than the workspace&apos;s %4 clock skew.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The claims are what CMiC checks for this registration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token step did not obtain a token, so CMiC&apos;s service user cannot be worked out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token could not be decoded (it is not a JWT), so CMiC&apos;s service user cannot be worked out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registration belongs to no environment, so the rules that decide the service user (deployment, claim name, user source) are unknown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the registration&apos;s environment, then validate again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC could not tell which service user to run the calls as.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make the IdP send the service user in the &quot;%1&quot; claim.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not compared with the expected %1: the service user could not be resolved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC runs the calls as %1, the expected user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC would run the calls as %1, not as the expected %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set %1 as the service user of the registration in CMiC API Security and in the workspace, or correct the expected user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make the IdP put %1 in the &quot;%2&quot; claim (claim mapping for this client), or correct the expected user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC will run the calls as %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not requested: this run stops before calling CMiC.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The token step did not obtain a token, so CMiC cannot be called.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The registration belongs to no environment, so there is no CMiC to call.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The environment has no API base URL, so there is no CMiC to call; enter it (e.g. https://host/cmicprod) to let the validation call CMiC.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The environment has no probe endpoint; add a cheap GET such as /sys-rest-api/rest/1/sdcompanyaccess to let the validation call CMiC.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>CMiC accepted the token on %n probe endpoint(s).</source>
        <translation>
            <numerusform>CMiC accepted the token on %n probe endpoint.</numerusform>
            <numerusform>CMiC accepted the token on %n probe endpoints.</numerusform>
        </translation>
    </message>
    <message>
        <source>CMiC did not judge the token: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>GET %1: HTTP 429 (CMiC Cloud&apos;s rate limit); asked again after %n second(s).</source>
        <translation>
            <numerusform>GET %1: HTTP 429 (CMiC Cloud&apos;s rate limit); asked again after %n second.</numerusform>
            <numerusform>GET %1: HTTP 429 (CMiC Cloud&apos;s rate limit); asked again after %n seconds.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>GET %1: HTTP %2, %n item(s).</source>
        <translation>
            <numerusform>GET %1: HTTP %2, %n item.</numerusform>
            <numerusform>GET %1: HTTP %2, %n items.</numerusform>
        </translation>
    </message>
    <message>
        <source>GET %1: HTTP %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GET %1: no answer (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC said: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment &quot;%1&quot; is at %2, before API Security (Patch 19), so this 403 is not an API Security role denial.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the service user&apos;s rights in CMiC itself, and the environment&apos;s patch level.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CMiC&apos;s pages disagree on what API Security does without a role: one says &quot;if no roles are defined, then all users will have access&quot; (open); another that a call to a program neither secured nor on the bypass list SDAPISECBYPAS &quot;will fail with a security message&quot; (closed). The console decides neither; this 403 fits the closed reading or a missing role.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give the service user a role that grants GET on %1 (SDAPIROLE, SDAPITOROLE), or list the program in SDAPISECBYPAS.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled while running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled before it started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The setup rules found %1 and %2 for this registration, its environment and service user.</source>
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
    <message>
        <source>Synchronise this computer&apos;s clock (NTP) first: the time checks above use it. If this computer is right, the IdP&apos;s clock is wrong; tell its administrators. CMiC&apos;s server must keep the right time too, since it checks exp and nbf with its own clock. The allowed difference is %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::validation::ValidationHistory</name>
    <message>
        <source>yesterday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Passed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The last Validate Setup run was cancelled on %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The last Validate Setup run passed on %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The last Validate Setup run failed at the %1 step on %2. Run it again to see why and what to do.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The last Validate Setup run failed on %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not create the folder %1 for the validation history. Check that you may write to it; the result is kept until the console closes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the validation history to %1 (%2). Check that you may write to it and that the disk has room; the result is kept until the console closes.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>cmic::validation::ValidationReport</name>
    <message>
        <source>CMiC patch level unknown</source>
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
        <source>A workspace file (*.cmic-oauth.json) to open.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stand-in setting ignored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo servers not started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo sandbox could not start: %1

The example workspace is open instead; it describes a setup but has no servers to talk to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the demo sandbox (a local identity provider and CMiC stand-in) and open a workspace that uses it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With --demo: change the CMiC stand-in&apos;s own configuration (e.g. patch=20, ip-check=off, issuer=URL), so it differs from the demo workspace. Keys: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print the internal log lines (cmic.*) on standard error, for a bug report.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
