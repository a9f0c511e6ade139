<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_CA">
<context>
    <name>EnvironmentForm</name>
    <message>
        <source>Environment</source>
        <translation>Environnement</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nom&#xa0;:</translation>
    </message>
    <message>
        <source>A name you recognise this CMiC environment by, e.g. &quot;Production&quot;.</source>
        <translation>Un nom qui vous permet de reconnaître cet environnement CMiC, p. ex. «&#xa0;Production&#xa0;».</translation>
    </message>
    <message>
        <source>e.g. Production</source>
        <translation>p. ex. Production</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>&amp;Deployment:</source>
        <translation>&amp;Déploiement&#xa0;:</translation>
    </message>
    <message>
        <source>Enterprise (on premises) or CMiC Cloud. It decides the format of the service-user claim value.</source>
        <translation>Enterprise (sur site) ou CMiC Cloud. Il détermine le format de la valeur de la revendication de l’utilisateur de service.</translation>
    </message>
    <message>
        <source>Deployment</source>
        <translation>Déploiement</translation>
    </message>
    <message>
        <source>CMiC Cloud only: the tenant part of tenant||username, as CMiC gave it to you.</source>
        <translation>CMiC Cloud seulement&#xa0;: la partie locataire de locataire||nom_utilisateur, telle que CMiC vous l’a fournie.</translation>
    </message>
    <message>
        <source>Cloud only, e.g. ACME</source>
        <translation>Cloud seulement, p. ex. ACME</translation>
    </message>
    <message>
        <source>Cloud tenant</source>
        <translation>Locataire Cloud</translation>
    </message>
    <message>
        <source>&amp;API base URL:</source>
        <translation>URL de &amp;base de l’API&#xa0;:</translation>
    </message>
    <message>
        <source>The CMiC REST API root, including the context path, e.g. https://host/cmicprod. Use https; plain http is only accepted for localhost.</source>
        <translation>La racine de l’API REST de CMiC, chemin de contexte compris, p. ex. https://hote/cmicprod. Utilisez https; le http simple n’est accepté que pour localhost.</translation>
    </message>
    <message>
        <source>https://host/cmicprod</source>
        <translation>https://hote/cmicprod</translation>
    </message>
    <message>
        <source>API base URL</source>
        <translation>URL de base de l’API</translation>
    </message>
    <message>
        <source>CMiC &amp;patch level:</source>
        <translation>Niveau de &amp;correctif CMiC&#xa0;:</translation>
    </message>
    <message>
        <source>The CMiC patch level decides rules that changed between patches: the missing ipaddr fix (Patch 20), API Security roles (Patch 19), the service user on the registration (after Patch 22). Unknown keeps those findings as warnings.</source>
        <translation>Le niveau de correctif CMiC détermine les règles qui ont changé d’un correctif à l’autre&#xa0;: la correction de l’ipaddr manquant (Patch 20), les rôles d’API Security (Patch 19), l’utilisateur de service sur l’enregistrement (après le Patch 22). Inconnu garde ces constats comme avertissements.</translation>
    </message>
    <message>
        <source>CMiC patch level</source>
        <translation>Niveau de correctif CMiC</translation>
    </message>
    <message>
        <source>CMiC OAuth filter</source>
        <translation>Filtre OAuth de CMiC</translation>
    </message>
    <message>
        <source>Service &amp;user from:</source>
        <translation>&amp;Utilisateur de service tiré de&#xa0;:</translation>
    </message>
    <message>
        <source>Patch 22 and earlier read the CMiC user from a claim in the token; later patches take it from the app registration in CMiC API Security.</source>
        <translation>Le Patch 22 et les précédents lisent l’utilisateur CMiC dans une revendication du jeton; les correctifs suivants le prennent dans l’enregistrement d’application de CMiC API Security.</translation>
    </message>
    <message>
        <source>Service user from</source>
        <translation>Utilisateur de service tiré de</translation>
    </message>
    <message>
        <source>User &amp;claim name:</source>
        <translation>Nom de la &amp;revendication utilisateur&#xa0;:</translation>
    </message>
    <message>
        <source>cmic.oauth2.user.claim.name: the token claim that carries the CMiC username (default cmicuser).</source>
        <translation>cmic.oauth2.user.claim.name&#xa0;: la revendication du jeton qui porte le nom d’utilisateur CMiC (cmicuser par défaut).</translation>
    </message>
    <message>
        <source>cmicuser</source>
        <translation>cmicuser</translation>
    </message>
    <message>
        <source>User claim name</source>
        <translation>Nom de la revendication utilisateur</translation>
    </message>
    <message>
        <source>cmic.oauth2.remove.domainFromUser: CMiC strips &quot;@domain&quot; from the claim value before looking the user up.</source>
        <translation>cmic.oauth2.remove.domainFromUser&#xa0;: CMiC retire «&#xa0;@domaine&#xa0;» de la valeur de la revendication avant de chercher l’utilisateur.</translation>
    </message>
    <message>
        <source>Remove the domain from the user name</source>
        <translation>Retirer le domaine du nom d’utilisateur</translation>
    </message>
    <message>
        <source>&amp;Remove the domain from the user name</source>
        <translation>Re&amp;tirer le domaine du nom d’utilisateur</translation>
    </message>
    <message>
        <source>cmic.oauth2.ipcheck.enabled: CMiC compares the token&apos;s ipaddr claim with the caller&apos;s address.</source>
        <translation>cmic.oauth2.ipcheck.enabled&#xa0;: CMiC compare la revendication ipaddr du jeton avec l’adresse de l’appelant.</translation>
    </message>
    <message>
        <source>Check the caller&apos;s IP address</source>
        <translation>Vérifier l’adresse IP de l’appelant</translation>
    </message>
    <message>
        <source>Check the caller&apos;s &amp;IP address</source>
        <translation>Vérifier l’adresse I&amp;P de l’appelant</translation>
    </message>
    <message>
        <source>GET paths below the API base URL that the validation calls to prove a token works, e.g. /api/v1/...</source>
        <translation>Chemins GET sous l’URL de base de l’API que la validation appelle pour prouver qu’un jeton fonctionne, p. ex. /api/v1/...</translation>
    </message>
    <message>
        <source>Probe endpoints</source>
        <translation>Points de terminaison de sonde</translation>
    </message>
    <message>
        <source>Cl&amp;oud tenant:</source>
        <translation>Locata&amp;ire Cloud&#xa0;:</translation>
    </message>
    <message>
        <source>Pro&amp;be endpoints:</source>
        <translation>Points de terminaison de &amp;sonde&#xa0;:</translation>
    </message>
</context>
<context>
    <name>RegistrationForm</name>
    <message>
        <source>Registration</source>
        <translation>Enregistrement</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Nom&#xa0;:</translation>
    </message>
    <message>
        <source>A name you recognise this registration by, e.g. &quot;Payroll sync (Okta)&quot;.</source>
        <translation>Un nom qui vous permet de reconnaître cet enregistrement, p. ex. «&#xa0;Synchro paie (Okta)&#xa0;».</translation>
    </message>
    <message>
        <source>e.g. Payroll sync</source>
        <translation>p. ex. Synchro paie</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>The CMiC environment whose API Security holds this registration.</source>
        <translation>L’environnement CMiC dont l’API Security contient cet enregistrement.</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Environnement</translation>
    </message>
    <message>
        <source>Service &amp;user:</source>
        <translation>&amp;Utilisateur de service&#xa0;:</translation>
    </message>
    <message>
        <source>The CMiC user the API calls run as. Later patches set it on the registration; Patch 22 and earlier read it from the token claim.</source>
        <translation>L’utilisateur CMiC sous lequel les appels d’API s’exécutent. Les correctifs récents le définissent sur l’enregistrement; le Patch 22 et les précédents le lisent dans la revendication du jeton.</translation>
    </message>
    <message>
        <source>Service user</source>
        <translation>Utilisateur de service</translation>
    </message>
    <message>
        <source>Identity provider</source>
        <translation>Fournisseur d’identité</translation>
    </message>
    <message>
        <source>&amp;Preset:</source>
        <translation>&amp;Préréglage&#xa0;:</translation>
    </message>
    <message>
        <source>Choose your identity provider to fill the URLs below from its templates (undoable in one step).</source>
        <translation>Choisissez votre fournisseur d’identité pour remplir les URL ci-dessous à partir de ses modèles (annulable en une étape).</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>Préréglage</translation>
    </message>
    <message>
        <source>Parameters:</source>
        <translation>Paramètres&#xa0;:</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>App ID claim:</source>
        <translation>Revendication de l’App ID&#xa0;:</translation>
    </message>
    <message>
        <source>The claim this identity provider puts the client id in; CMiC compares it with the App ID.</source>
        <translation>La revendication dans laquelle ce fournisseur d’identité place l’identifiant client; CMiC la compare avec l’App ID.</translation>
    </message>
    <message>
        <source>CMiC API Security</source>
        <translation>CMiC API Security</translation>
    </message>
    <message>
        <source>&amp;App ID:</source>
        <translation>App &amp;ID&#xa0;:</translation>
    </message>
    <message>
        <source>The client id of the app registration in the identity provider, exactly as the token&apos;s app-id claim carries it.</source>
        <translation>L’identifiant client de l’enregistrement d’application chez le fournisseur d’identité, exactement tel que la revendication d’App ID du jeton le porte.</translation>
    </message>
    <message>
        <source>client id, e.g. 0oa1b2c3d4</source>
        <translation>identifiant client, p. ex. 0oa1b2c3d4</translation>
    </message>
    <message>
        <source>App ID</source>
        <translation>App ID</translation>
    </message>
    <message>
        <source>&amp;Issuer:</source>
        <translation>É&amp;metteur&#xa0;:</translation>
    </message>
    <message>
        <source>Must be the exact &quot;iss&quot; value of the access tokens, trailing slash included; CMiC compares it as a string.</source>
        <translation>Doit être exactement la valeur «&#xa0;iss&#xa0;» des jetons d’accès, barre oblique finale comprise; CMiC la compare comme une chaîne.</translation>
    </message>
    <message>
        <source>https://… exactly as the token&apos;s iss</source>
        <translation>https://… exactement comme l’iss du jeton</translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation>Émetteur</translation>
    </message>
    <message>
        <source>&amp;JWKS URI:</source>
        <translation>URI &amp;JWKS&#xa0;:</translation>
    </message>
    <message>
        <source>Where the identity provider publishes its signing keys (jwks_uri in the discovery document).</source>
        <translation>L’endroit où le fournisseur d’identité publie ses clés de signature (jwks_uri dans le document de découverte).</translation>
    </message>
    <message>
        <source>https://…/keys</source>
        <translation>https://…/keys</translation>
    </message>
    <message>
        <source>JWKS URI</source>
        <translation>URI JWKS</translation>
    </message>
    <message>
        <source>Token request</source>
        <translation>Demande de jeton</translation>
    </message>
    <message>
        <source>The identity provider&apos;s token endpoint for the client-credentials grant.</source>
        <translation>Le point de terminaison de jeton du fournisseur d’identité pour l’octroi par identifiants client (client credentials).</translation>
    </message>
    <message>
        <source>https://…/token</source>
        <translation>https://…/token</translation>
    </message>
    <message>
        <source>Token endpoint</source>
        <translation>Point de terminaison du jeton</translation>
    </message>
    <message>
        <source>Optional: the OpenID discovery document. Defaults to issuer + /.well-known/openid-configuration.</source>
        <translation>Facultatif&#xa0;: le document de découverte OpenID. Par défaut, émetteur + /.well-known/openid-configuration.</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>facultatif</translation>
    </message>
    <message>
        <source>Discovery URL</source>
        <translation>URL de découverte</translation>
    </message>
    <message>
        <source>&amp;Scope:</source>
        <translation>Po&amp;rtée&#xa0;:</translation>
    </message>
    <message>
        <source>The scope to request, e.g. api://&lt;app id&gt;/.default for Entra ID.</source>
        <translation>La portée à demander, p. ex. api://&lt;app id&gt;/.default pour Entra ID.</translation>
    </message>
    <message>
        <source>e.g. api://…/.default</source>
        <translation>p. ex. api://…/.default</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Portée</translation>
    </message>
    <message>
        <source>Au&amp;dience:</source>
        <translation>Au&amp;dience&#xa0;:</translation>
    </message>
    <message>
        <source>The audience parameter, for identity providers that need one (Auth0).</source>
        <translation>Le paramètre audience, pour les fournisseurs d’identité qui en exigent un (Auth0).</translation>
    </message>
    <message>
        <source>Audience</source>
        <translation>Audience</translation>
    </message>
    <message>
        <source>The resource parameter (RFC 8707), for identity providers that use it.</source>
        <translation>Le paramètre resource (RFC 8707), pour les fournisseurs d’identité qui l’utilisent.</translation>
    </message>
    <message>
        <source>Resource</source>
        <translation>Ressource</translation>
    </message>
    <message>
        <source>How the console authenticates at the token endpoint.</source>
        <translation>La façon dont la console s’authentifie au point de terminaison du jeton.</translation>
    </message>
    <message>
        <source>Client authentication</source>
        <translation>Authentification du client</translation>
    </message>
    <message>
        <source>Kept in the system keychain only, never in the workspace file or exports.</source>
        <translation>Conservé seulement dans le trousseau du système, jamais dans le fichier d’espace de travail ni dans les exportations.</translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation>Secret client</translation>
    </message>
    <message>
        <source>Secret e&amp;xpires:</source>
        <translation>E&amp;xpiration du secret&#xa0;:</translation>
    </message>
    <message>
        <source>When the client secret expires; you are warned 30 days before.</source>
        <translation>La date d’expiration du secret client; vous êtes averti 30 jours avant.</translation>
    </message>
    <message>
        <source>Secret expires</source>
        <translation>Expiration du secret</translation>
    </message>
    <message>
        <source>N&amp;otes:</source>
        <translation>Remarque&amp;s&#xa0;:</translation>
    </message>
    <message>
        <source>Anything worth remembering about this registration.</source>
        <translation>Tout ce qui mérite d’être retenu au sujet de cet enregistrement.</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Remarques</translation>
    </message>
    <message>
        <source>Environ&amp;ment:</source>
        <translation>En&amp;vironnement&#xa0;:</translation>
    </message>
    <message>
        <source>Token endpoint:</source>
        <translation>Point de terminaison du jeton&#xa0;:</translation>
    </message>
    <message>
        <source>Discovery URL:</source>
        <translation>URL de découverte&#xa0;:</translation>
    </message>
    <message>
        <source>Resource:</source>
        <translation>Ressource&#xa0;:</translation>
    </message>
    <message>
        <source>Client authenti&amp;cation:</source>
        <translation>Aut&amp;hentification du client&#xa0;:</translation>
    </message>
    <message>
        <source>Client sec&amp;ret:</source>
        <translation>Secre&amp;t client&#xa0;:</translation>
    </message>
</context>
<context>
    <name>ServiceUserForm</name>
    <message>
        <source>Service user</source>
        <translation>Utilisateur de service</translation>
    </message>
    <message>
        <source>&amp;Username:</source>
        <translation>&amp;Nom d’utilisateur&#xa0;:</translation>
    </message>
    <message>
        <source>The CMiC username API calls run as, e.g. SVC_INTEGRATION. Enterprise: the plain USERNAME.</source>
        <translation>Le nom d’utilisateur CMiC sous lequel les appels d’API s’exécutent, p. ex. SVC_INTEGRATION. Enterprise&#xa0;: le USERNAME simple.</translation>
    </message>
    <message>
        <source>e.g. SVC_INTEGRATION</source>
        <translation>p. ex. SVC_INTEGRATION</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Nom d’utilisateur</translation>
    </message>
    <message>
        <source>CMiC Cloud: the unique username in e-mail form, if the user has one. Optional.</source>
        <translation>CMiC Cloud&#xa0;: le nom d’utilisateur unique sous forme de courriel, si l’utilisateur en a un. Facultatif.</translation>
    </message>
    <message>
        <source>optional, e.g. svc.integration@example.com</source>
        <translation>facultatif, p. ex. svc.integration@example.com</translation>
    </message>
    <message>
        <source>E-mail username</source>
        <translation>Nom d’utilisateur courriel</translation>
    </message>
    <message>
        <source>&amp;Display name:</source>
        <translation>No&amp;m affiché&#xa0;:</translation>
    </message>
    <message>
        <source>How people recognise this user; not used by CMiC.</source>
        <translation>Comment les gens reconnaissent cet utilisateur; CMiC ne s’en sert pas.</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>facultatif</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>Nom affiché</translation>
    </message>
    <message>
        <source>Best practice: a dedicated service user that no person signs in with, so its rights and audit trail belong to the integration alone.</source>
        <translation>Bonne pratique&#xa0;: un utilisateur de service dédié avec lequel personne ne se connecte, afin que ses droits et sa piste d’audit n’appartiennent qu’à l’intégration.</translation>
    </message>
    <message>
        <source>Dedicated: no person signs in with this user</source>
        <translation>Dédié&#xa0;: personne ne se connecte avec cet utilisateur</translation>
    </message>
    <message>
        <source>Dedi&amp;cated: no person signs in with this user</source>
        <translation>&amp;Dédié&#xa0;: personne ne se connecte avec cet utilisateur</translation>
    </message>
    <message>
        <source>N&amp;otes:</source>
        <translation>Remar&amp;ques&#xa0;:</translation>
    </message>
    <message>
        <source>Anything worth remembering: who owns the user, which roles it has.</source>
        <translation>Tout ce qui mérite d’être retenu&#xa0;: qui est responsable de l’utilisateur, quels rôles il a.</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Remarques</translation>
    </message>
    <message>
        <source>E-&amp;mail username:</source>
        <translation>Nom d’utilisateur &amp;courriel&#xa0;:</translation>
    </message>
</context>
<context>
    <name>cmic::AboutDialog</name>
    <message>
        <source>About CMiC OAuth Console</source>
        <translation>À propos de CMiC OAuth Console</translation>
    </message>
    <message>
        <source>&lt;b&gt;CMiC OAuth Console&lt;/b&gt;</source>
        <translation>&lt;b&gt;CMiC OAuth Console&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Describes, checks and proves the OAuth 2.0 client credentials flow between an identity provider and CMiC. Secrets stay in the system keychain.</source>
        <translation>Décrit, vérifie et prouve le flux d’identifiants client OAuth 2.0 entre un fournisseur d’identité et CMiC. Les secrets restent dans le trousseau du système.</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>Versions</translation>
    </message>
    <message>
        <source>CMiC OAuth Console %1</source>
        <translation>CMiC OAuth Console %1</translation>
    </message>
    <message>
        <source>Qt %1 (built with %2)</source>
        <translation>Qt %1 (compilé avec %2)</translation>
    </message>
    <message>
        <source>QtKeychain %1</source>
        <translation>QtKeychain %1</translation>
    </message>
</context>
<context>
    <name>cmic::AssertionRules</name>
    <message>
        <source>PS256 or RS256</source>
        <translation>PS256 ou RS256</translation>
    </message>
    <message>
        <source>The assertion algorithm %1 needs an %2 key, but %3 has an %4 key.</source>
        <translation>L’algorithme d’assertion %1 exige une clé %2, mais %3 a une clé %4.</translation>
    </message>
    <message>
        <source>Use an RSA (2048 bits or more) or P-256 key and its certificate.</source>
        <translation>Utilisez une clé RSA (2048 bits ou plus) ou P-256 et son certificat.</translation>
    </message>
    <message>
        <source>Set the assertion algorithm to %1, or use an %2 key and its certificate.</source>
        <translation>Réglez l’algorithme d’assertion à %1, ou utilisez une clé %2 et son certificat.</translation>
    </message>
    <message>
        <source>expired on %1</source>
        <translation>expiré le %1</translation>
    </message>
    <message>
        <source>%1, %2 key, %3; x5t#S256 %4; x5t %5</source>
        <translation>%1, clé %2, %3; x5t#S256 %4; x5t %5</translation>
    </message>
    <message>
        <source>The assertion header is to carry %1, but the registration has no certificate to compute it from.</source>
        <translation>L’en-tête d’assertion doit porter %1, mais l’enregistrement n’a aucun certificat à partir duquel le calculer.</translation>
    </message>
    <message>
        <source>Import the public certificate uploaded to the IdP for this key (PEM), or set the thumbprint to none.</source>
        <translation>Importez le certificat public téléversé chez le fournisseur d’identité pour cette clé (PEM), ou réglez l’empreinte à aucune.</translation>
    </message>
    <message>
        <source>Import the certificate again as PEM (the file uploaded to the IdP, .pem/.crt/.cer).</source>
        <translation>Importez de nouveau le certificat en PEM (le fichier téléversé chez le fournisseur d’identité, .pem/.crt/.cer).</translation>
    </message>
    <message>
        <source>the certificate</source>
        <translation>le certificat</translation>
    </message>
    <message>
        <source>The certificate %1 expired on %2; the IdP refuses assertions signed for it.</source>
        <translation>Le certificat %1 a expiré le %2; le fournisseur d’identité refuse les assertions signées pour lui.</translation>
    </message>
    <message>
        <source>Make a new key and certificate, upload the certificate to the IdP and import both here.</source>
        <translation>Créez une nouvelle clé et un nouveau certificat, téléversez le certificat chez le fournisseur d’identité et importez les deux ici.</translation>
    </message>
    <message>
        <source>Upload a new certificate to the IdP before then, import it here with its key and switch over.</source>
        <translation>Téléversez un nouveau certificat chez le fournisseur d’identité avant cette date, importez-le ici avec sa clé et faites la bascule.</translation>
    </message>
    <message>
        <source>The certificate %1 is valid only from %2.</source>
        <translation>Le certificat %1 n’est valide qu’à partir du %2.</translation>
    </message>
    <message>
        <source>Check this computer&apos;s clock, or wait until the certificate is valid.</source>
        <translation>Vérifiez l’horloge de cet ordinateur, ou attendez que le certificat soit valide.</translation>
    </message>
    <message>
        <source>Microsoft Entra finds the certificate of a client assertion by the thumbprint in its header; without one it answers AADSTS700027.</source>
        <translation>Microsoft Entra trouve le certificat d’une assertion client grâce à l’empreinte de son en-tête; sans elle, il répond AADSTS700027.</translation>
    </message>
    <message>
        <source>Set the thumbprint to x5t#S256 (with PS256, as Entra&apos;s current documentation asks) or x5t (with RS256, older documentation).</source>
        <translation>Réglez l’empreinte à x5t#S256 (avec PS256, comme le demande la documentation actuelle d’Entra) ou à x5t (avec RS256, documentation plus ancienne).</translation>
    </message>
    <message>
        <source>The certificate %1 (%2 key, x5t#S256 %3) does not belong to the private key in the keychain (%4 key): the IdP would look up one key and find a signature made with another.</source>
        <translation>Le certificat %1 (clé %2, x5t#S256 %3) n’appartient pas à la clé privée du trousseau (clé %4)&#xa0;: le fournisseur d’identité chercherait une clé et trouverait une signature faite avec une autre.</translation>
    </message>
    <message>
        <source>Import the certificate made for this private key, or the private key that belongs to the certificate uploaded to the IdP.</source>
        <translation>Importez le certificat créé pour cette clé privée, ou la clé privée qui correspond au certificat téléversé chez le fournisseur d’identité.</translation>
    </message>
    <message numerus="yes">
        <source>valid until %1 (%n day(s) left)</source>
        <translation>
            <numerusform>valide jusqu’au %1 (%n jour restant)</numerusform>
            <numerusform>valide jusqu’au %1 (%n jours restants)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The certificate %1 expires on %2, in %n day(s).</source>
        <translation>
            <numerusform>Le certificat %1 expire le %2, dans %n jour.</numerusform>
            <numerusform>Le certificat %1 expire le %2, dans %n jours.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cmic::BoundedFile</name>
    <message>
        <source>a named pipe (FIFO)</source>
        <translation>un tube nommé (FIFO)</translation>
    </message>
    <message>
        <source>a character device</source>
        <translation>un périphérique caractère</translation>
    </message>
    <message>
        <source>a block device</source>
        <translation>un périphérique bloc</translation>
    </message>
    <message>
        <source>a socket</source>
        <translation>un socket</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>pas un fichier ordinaire</translation>
    </message>
    <message>
        <source>%1 does not exist</source>
        <translation>%1 n’existe pas</translation>
    </message>
    <message>
        <source>%1 is a folder, not a file</source>
        <translation>%1 est un dossier, pas un fichier</translation>
    </message>
    <message>
        <source>%1 is %2, not a file, so it was not read</source>
        <translation>%1 est %2, pas un fichier; il n’a donc pas été lu</translation>
    </message>
    <message>
        <source>%1 is larger than %2 bytes</source>
        <translation>%1 dépasse %2 octets</translation>
    </message>
    <message>
        <source>%1 could not be read: %2</source>
        <translation>%1 n’a pas pu être lu&#xa0;: %2</translation>
    </message>
</context>
<context>
    <name>cmic::CmicEndpoints</name>
    <message>
        <source>the companies the service user may access (system)</source>
        <translation>les sociétés auxquelles l’utilisateur de service a accès (système)</translation>
    </message>
    <message>
        <source>jobs (job costing)</source>
        <translation>les projets (coûts de projet)</translation>
    </message>
    <message>
        <source>general ledger companies</source>
        <translation>les sociétés du grand livre</translation>
    </message>
</context>
<context>
    <name>cmic::CredentialKind</name>
    <message>
        <source>private key</source>
        <translation>clé privée</translation>
    </message>
    <message>
        <source>client secret</source>
        <translation>secret client</translation>
    </message>
</context>
<context>
    <name>cmic::DemoFiles</name>
    <message>
        <source>Cannot write %1 to %2: its folder does not exist. Choose a path in an existing folder.</source>
        <translation>Impossible d’écrire %1 dans %2&#xa0;: son dossier n’existe pas. Choisissez un chemin dans un dossier existant.</translation>
    </message>
    <message>
        <source>%1 is a folder. Choose a file name inside it for %2.</source>
        <translation>%1 est un dossier. Choisissez-y un nom de fichier pour %2.</translation>
    </message>
    <message>
        <source>%1 is %2, not a file; %3 is only written to a file, which would replace it. Choose another path.</source>
        <translation>%1 est %2, pas un fichier; %3 n’est écrit que dans un fichier, qui le remplacerait. Choisissez un autre chemin.</translation>
    </message>
    <message>
        <source>the demo workspace</source>
        <translation>l’espace de travail de démonstration</translation>
    </message>
    <message>
        <source>%1 already exists and is not a demo workspace written by the sandbox (%2), so it was left as it was, and so was its .bak. Choose another path for the demo workspace, or move that file away first.</source>
        <translation>%1 existe déjà et n’est pas un espace de travail de démonstration écrit par le bac à sable (%2); il a donc été laissé tel quel, de même que son .bak. Choisissez un autre chemin pour l’espace de travail de démonstration, ou déplacez d’abord ce fichier.</translation>
    </message>
    <message>
        <source>it is a workspace of its own</source>
        <translation>c’est un espace de travail à part entière</translation>
    </message>
    <message>
        <source>it is not a workspace file the console can read</source>
        <translation>ce n’est pas un fichier d’espace de travail que la console peut lire</translation>
    </message>
    <message>
        <source>the sandbox CA certificate</source>
        <translation>le certificat de l’AC du bac à sable</translation>
    </message>
    <message>
        <source>%1 already exists and is not the CA certificate of an earlier sandbox, so it was left as it was. Choose another folder for the sandbox CA, or move that file away first.</source>
        <translation>%1 existe déjà et n’est pas le certificat de l’AC d’un bac à sable précédent; il a donc été laissé tel quel. Choisissez un autre dossier pour l’AC du bac à sable, ou déplacez d’abord ce fichier.</translation>
    </message>
    <message>
        <source>Demo mode: the demo&apos;s secrets are kept for this session only.</source>
        <translation>Mode démo&#xa0;: les secrets de la démo ne sont conservés que pour cette session.</translation>
    </message>
    <message>
        <source>Demo mode: secrets typed into this workspace are kept for this session only, not in the keychain. After a restart, enter them again, or start the console without --demo to keep them in the keychain.</source>
        <translation>Mode démo&#xa0;: les secrets saisis dans cet espace de travail ne sont conservés que pour cette session, pas dans le trousseau. Après un redémarrage, saisissez-les de nouveau, ou lancez la console sans --demo pour les garder dans le trousseau.</translation>
    </message>
</context>
<context>
    <name>cmic::DialogPrompts</name>
    <message>
        <source>Unsaved changes</source>
        <translation>Modifications non enregistrées</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has changes that are not saved.</source>
        <translation>«&#xa0;%1&#xa0;» comporte des modifications non enregistrées.</translation>
    </message>
    <message>
        <source>Save them before you continue? Discarded changes cannot be recovered.</source>
        <translation>Les enregistrer avant de continuer? Les modifications abandonnées ne peuvent pas être récupérées.</translation>
    </message>
    <message>
        <source>File changed on disk</source>
        <translation>Fichier modifié sur le disque</translation>
    </message>
    <message>
        <source>&quot;%1&quot; was changed by another program since you opened it.</source>
        <translation>«&#xa0;%1&#xa0;» a été modifié par un autre programme depuis que vous l’avez ouvert.</translation>
    </message>
    <message>
        <source>Reload it (your unsaved changes are lost), overwrite it with your version, or save your version under another name.</source>
        <translation>Rechargez-le (vos modifications non enregistrées seront perdues), écrasez-le avec votre version, ou enregistrez votre version sous un autre nom.</translation>
    </message>
    <message>
        <source>&amp;Reload</source>
        <translation>&amp;Recharger</translation>
    </message>
    <message>
        <source>&amp;Overwrite</source>
        <translation>É&amp;craser</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>Enregistrer &amp;sous…</translation>
    </message>
    <message>
        <source>Open workspace</source>
        <translation>Ouvrir un espace de travail</translation>
    </message>
    <message>
        <source>CMiC OAuth workspaces (*.cmic-oauth.json);;JSON files (*.json);;All files (*)</source>
        <translation>Espaces de travail CMiC OAuth (*.cmic-oauth.json);;Fichiers JSON (*.json);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Supprimer</translation>
    </message>
    <message>
        <source>&amp;Don&apos;t ask again (Edit ▸ Preferences brings the question back)</source>
        <translation>&amp;Ne plus demander (Édition ▸ Préférences réactive la question)</translation>
    </message>
</context>
<context>
    <name>cmic::Elide</name>
    <message>
        <source> (%1 characters)</source>
        <translation> (%1 caractères)</translation>
    </message>
</context>
<context>
    <name>cmic::EnvironmentForm</name>
    <message>
        <source>Unknown</source>
        <translation>Inconnu</translation>
    </message>
    <message>
        <source>Patch 18 or earlier</source>
        <translation>Patch 18 ou antérieur</translation>
    </message>
    <message>
        <source>Patch %1</source>
        <translation>Patch %1</translation>
    </message>
    <message>
        <source>Patch 23 or later</source>
        <translation>Patch 23 ou ultérieur</translation>
    </message>
</context>
<context>
    <name>cmic::EnvironmentModel</name>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Deployment</source>
        <translation>Déploiement</translation>
    </message>
    <message>
        <source>Cloud tenant</source>
        <translation>Locataire Cloud</translation>
    </message>
    <message>
        <source>API base URL</source>
        <translation>URL de base de l’API</translation>
    </message>
    <message>
        <source>Service user from</source>
        <translation>Utilisateur de service tiré de</translation>
    </message>
    <message>
        <source>User claim</source>
        <translation>Revendication utilisateur</translation>
    </message>
    <message>
        <source>Remove domain</source>
        <translation>Retirer le domaine</translation>
    </message>
    <message>
        <source>IP check</source>
        <translation>Vérification IP</translation>
    </message>
    <message>
        <source>Patch level</source>
        <translation>Niveau de correctif</translation>
    </message>
    <message>
        <source>Probe endpoints</source>
        <translation>Points de terminaison de sonde</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Inconnu</translation>
    </message>
    <message>
        <source>Edit %1 of environment &quot;%2&quot;</source>
        <translation>Modifier %1 de l’environnement «&#xa0;%2&#xa0;»</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>(sans nom)</translation>
    </message>
    <message>
        <source>New environment</source>
        <translation>Nouvel environnement</translation>
    </message>
    <message>
        <source>Add environment</source>
        <translation>Ajouter un environnement</translation>
    </message>
    <message>
        <source>Remove environment &quot;%1&quot;</source>
        <translation>Supprimer l’environnement «&#xa0;%1&#xa0;»</translation>
    </message>
</context>
<context>
    <name>cmic::ExpiryView</name>
    <message>
        <source>Expiry dates</source>
        <translation>Dates d’expiration</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Élément</translation>
    </message>
    <message>
        <source>Registration</source>
        <translation>Enregistrement</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Double-click a row to go to the field that holds it.</source>
        <translation>Double-cliquez sur une ligne pour aller au champ qui contient la valeur.</translation>
    </message>
    <message>
        <source>Client secrets, keys and certificates</source>
        <translation>Secrets client, clés et certificats</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>(sans nom)</translation>
    </message>
    <message>
        <source>No registration yet: add one to record its secret&apos;s expiry.</source>
        <translation>Aucun enregistrement pour l’instant&#xa0;: ajoutez-en un pour consigner l’expiration de son secret.</translation>
    </message>
    <message>
        <source>JWKS signing keys, as last seen</source>
        <translation>Clés de signature JWKS, telles que vues la dernière fois</translation>
    </message>
    <message>
        <source>Key %1</source>
        <translation>Clé %1</translation>
    </message>
    <message>
        <source>first %1, last %2</source>
        <translation>première observation&#xa0;: %1, dernière&#xa0;: %2</translation>
    </message>
    <message>
        <source>None seen yet: Validate Setup records the keys when it reads the JWKS.</source>
        <translation>Aucune clé vue pour l’instant&#xa0;: Valider la configuration consigne les clés à la lecture du JWKS.</translation>
    </message>
    <message numerus="yes">
        <source>%n expired: renew it at the identity provider now.</source>
        <translation>
            <numerusform>%n élément expiré&#xa0;: renouvelez-le maintenant auprès du fournisseur d’identité.</numerusform>
            <numerusform>%n éléments expirés&#xa0;: renouvelez-les maintenant auprès du fournisseur d’identité.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n expiring within %1 days: renew it before then.</source>
        <translation>
            <numerusform>%n élément expire d’ici %1 jours&#xa0;: renouvelez-le avant cette date.</numerusform>
            <numerusform>%n éléments expirent d’ici %1 jours&#xa0;: renouvelez-les avant cette date.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Nothing recorded expires within %1 days, but %n have no expiry date: enter the date the identity provider shows in the registration&apos;s form.</source>
        <translation>
            <numerusform>Rien de ce qui est enregistré n’expire d’ici %1 jours, mais %n élément n’a pas de date d’expiration&#xa0;: saisissez la date qu’affiche le fournisseur d’identité dans le formulaire de l’enregistrement.</numerusform>
            <numerusform>Rien de ce qui est enregistré n’expire d’ici %1 jours, mais %n éléments n’ont pas de date d’expiration&#xa0;: saisissez la date qu’affiche le fournisseur d’identité dans le formulaire de l’enregistrement.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing expires within %1 days.</source>
        <translation>Rien n’expire d’ici %1 jours.</translation>
    </message>
</context>
<context>
    <name>cmic::ExportDialog</name>
    <message>
        <source>(unnamed registration %1)</source>
        <translation>(enregistrement sans nom %1)</translation>
    </message>
    <message>
        <source>Export Registration</source>
        <translation>Exporter l’enregistrement</translation>
    </message>
    <message>
        <source>&amp;Registration:</source>
        <translation>&amp;Enregistrement&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Format:</source>
        <translation>&amp;Format&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Include the secret</source>
        <translation>&amp;Inclure le secret</translation>
    </message>
    <message>
        <source>Pre&amp;view:</source>
        <translation>A&amp;perçu&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Save…</source>
        <translation>Enregi&amp;strer…</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copier</translation>
    </message>
    <message>
        <source>Include the secret?</source>
        <translation>Inclure le secret?</translation>
    </message>
    <message>
        <source>The %1 of &quot;%2&quot; will be written into the %3 file in clear. Anyone who can read the file can get tokens as this registration.

The file is written readable only by you (mode 0600). Keep it out of version control and delete it once the server has the secret.</source>
        <translation>Le %1 de «&#xa0;%2&#xa0;» sera écrit en clair dans le fichier %3. Quiconque peut lire le fichier peut obtenir des jetons au nom de cet enregistrement.

Le fichier est écrit lisible par vous seul (mode 0600). Gardez-le hors du contrôle de version et supprimez-le dès que le serveur a le secret.</translation>
    </message>
    <message>
        <source>&amp;Include the Secret</source>
        <translation>&amp;Inclure le secret</translation>
    </message>
    <message>
        <source>Secret not available</source>
        <translation>Secret non disponible</translation>
    </message>
    <message>
        <source>No secret store is available, so the %1 cannot be included. Export without it and supply the secret on the server.</source>
        <translation>Aucun magasin de secrets n’est disponible; le %1 ne peut donc pas être inclus. Exportez sans lui et fournissez le secret sur le serveur.</translation>
    </message>
    <message>
        <source>No secret stored</source>
        <translation>Aucun secret enregistré</translation>
    </message>
    <message>
        <source>No %1 is stored for &quot;%2&quot;. Enter it on the registration&apos;s form, then tick &quot;Include the secret&quot; again.</source>
        <translation>Aucun %1 n’est enregistré pour «&#xa0;%2&#xa0;». Saisissez-le dans le formulaire de l’enregistrement, puis cochez de nouveau «&#xa0;Inclure le secret&#xa0;».</translation>
    </message>
    <message>
        <source>Secret not read</source>
        <translation>Secret non lu</translation>
    </message>
    <message>
        <source>The %1 could not be read: %2</source>
        <translation>Le %1 n’a pas pu être lu&#xa0;: %2</translation>
    </message>
    <message>
        <source>Binary file (%1 bytes), preview not available.</source>
        <translation>Fichier binaire (%1 octets), aperçu non disponible.</translation>
    </message>
    <message>
        <source>This format never holds the secret.</source>
        <translation>Ce format ne contient jamais le secret.</translation>
    </message>
    <message>
        <source>Reading the secret from %1…</source>
        <translation>Lecture du secret depuis %1…</translation>
    </message>
    <message>
        <source>The file holds the secret, so it is written readable only by you (mode 0600). The preview shows %1 in its place; Copy is off.</source>
        <translation>Le fichier contient le secret; il est donc écrit lisible par vous seul (mode 0600). L’aperçu affiche %1 à sa place; la copie est désactivée.</translation>
    </message>
    <message>
        <source>The file says how the server supplies the secret; it does not hold it.</source>
        <translation>Le fichier indique comment le serveur fournit le secret; il ne le contient pas.</translation>
    </message>
    <message>
        <source>the first %1 KiB of %2 bytes; Save writes the whole file.</source>
        <translation>les %1 premiers Kio sur %2 octets; Enregistrer écrit le fichier complet.</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Avertissement</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>Avertissement&#xa0;: %1</translation>
    </message>
    <message>
        <source>Copy is off while the secret is included: save the file instead.</source>
        <translation>La copie est désactivée quand le secret est inclus&#xa0;: enregistrez plutôt le fichier.</translation>
    </message>
    <message>
        <source>A binary file cannot be copied as text: save it instead.</source>
        <translation>Un fichier binaire ne peut pas être copié comme texte&#xa0;: enregistrez-le plutôt.</translation>
    </message>
    <message>
        <source>Copy the whole file to the clipboard</source>
        <translation>Copier tout le fichier dans le presse-papiers</translation>
    </message>
    <message>
        <source>its folder does not exist</source>
        <translation>son dossier n’existe pas</translation>
    </message>
    <message>
        <source>it is a folder</source>
        <translation>c’est un dossier</translation>
    </message>
    <message>
        <source>it is %1, not a file</source>
        <translation>c’est %1, pas un fichier</translation>
    </message>
    <message>
        <source>Could not write %1: %2. Choose a folder you can write to and export again.</source>
        <translation>Impossible d’écrire %1&#xa0;: %2. Choisissez un dossier où vous pouvez écrire et exportez de nouveau.</translation>
    </message>
    <message>
        <source>Export %1</source>
        <translation>Exporter %1</translation>
    </message>
    <message>
        <source>%1 (*.%2);;All files (*)</source>
        <translation>%1 (*.%2);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Échec de l’exportation</translation>
    </message>
    <message>
        <source>Saved %1 with the secret, readable only by you (mode 0600).</source>
        <translation>%1 enregistré avec le secret, lisible par vous seul (mode 0600).</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>%1 enregistré.</translation>
    </message>
    <message>
        <source>Copied the %1 file to the clipboard.</source>
        <translation>Le fichier %1 a été copié dans le presse-papiers.</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Format</translation>
    </message>
</context>
<context>
    <name>cmic::Exporter</name>
    <message>
        <source>Cloud environment: these properties apply to Enterprise app servers only; CMiC Cloud is configured by CMiC support.</source>
        <translation>Environnement Cloud&#xa0;: ces propriétés ne s’appliquent qu’aux serveurs d’applications Enterprise; CMiC Cloud est configuré par le soutien de CMiC.</translation>
    </message>
    <message>
        <source>Cloud environment: CMiC Cloud gives no database access; enter the registration in CMiC API Security or ask CMiC support. This SQL applies to Enterprise databases only.</source>
        <translation>Environnement Cloud&#xa0;: CMiC Cloud ne donne aucun accès à la base de données; saisissez l’enregistrement dans CMiC API Security ou adressez-vous au soutien de CMiC. Ce SQL ne s’applique qu’aux bases de données Enterprise.</translation>
    </message>
    <message>
        <source>CMiC API Security &gt; Application Registration</source>
        <translation>CMiC API Security &gt; Application Registration</translation>
    </message>
    <message>
        <source>Choose the registration&apos;s environment to see whether the token must carry a user claim.</source>
        <translation>Choisissez l’environnement de l’enregistrement pour savoir si le jeton doit porter une revendication d’utilisateur.</translation>
    </message>
    <message>
        <source>The service user is taken from the registration; the token needs no user claim.</source>
        <translation>L’utilisateur de service est tiré de l’enregistrement; le jeton n’a besoin d’aucune revendication d’utilisateur.</translation>
    </message>
    <message>
        <source>The service user&apos;s name cannot form a value CMiC accepts here; correct the service user (the workspace&apos;s findings say how).</source>
        <translation>Le nom de l’utilisateur de service ne peut former aucune valeur que CMiC accepte ici; corrigez l’utilisateur de service (les constats de l’espace de travail indiquent comment).</translation>
    </message>
    <message>
        <source>Choose the registration&apos;s service user to see the value.</source>
        <translation>Choisissez l’utilisateur de service de l’enregistrement pour voir la valeur.</translation>
    </message>
    <message>
        <source>CMiC&apos;s IP check is off for this environment; the token needs no ipaddr claim.</source>
        <translation>La vérification IP de CMiC est désactivée pour cet environnement; le jeton n’a besoin d’aucune revendication ipaddr.</translation>
    </message>
    <message>
        <source>The client secret is not part of this sheet; it stays in the keychain.</source>
        <translation>Le secret client ne fait pas partie de cette fiche; il reste dans le trousseau.</translation>
    </message>
    <message>
        <source>Registration: </source>
        <translation>Enregistrement&#xa0;: </translation>
    </message>
    <message>
        <source>Environment: </source>
        <translation>Environnement&#xa0;: </translation>
    </message>
    <message>
        <source>Identity provider: add the claim &quot;%1&quot; to the access token</source>
        <translation>Fournisseur d’identité&#xa0;: ajoutez la revendication «&#xa0;%1&#xa0;» au jeton d’accès</translation>
    </message>
    <message>
        <source>with the value: </source>
        <translation>avec la valeur&#xa0;: </translation>
    </message>
    <message>
        <source>Values to enter</source>
        <translation>Valeurs à saisir</translation>
    </message>
    <message>
        <source>What the access token must carry</source>
        <translation>Ce que le jeton d’accès doit porter</translation>
    </message>
    <message>
        <source>User claim</source>
        <translation>Revendication d’utilisateur</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <source>CMiC API Security registration sheet</source>
        <translation>Fiche d’enregistrement CMiC API Security</translation>
    </message>
    <message>
        <source>Plain text for the CMiC administrator: the values to enter in CMiC API Security and what the token must carry.</source>
        <translation>Texte brut pour l’administrateur CMiC&#xa0;: les valeurs à saisir dans CMiC API Security et ce que le jeton doit porter.</translation>
    </message>
    <message>
        <source>CMiC API Security registration sheet (HTML)</source>
        <translation>Fiche d’enregistrement CMiC API Security (HTML)</translation>
    </message>
    <message>
        <source>A page to print or send to the CMiC administrator: the values to enter in CMiC API Security and what the token must carry.</source>
        <translation>Une page à imprimer ou à envoyer à l’administrateur CMiC&#xa0;: les valeurs à saisir dans CMiC API Security et ce que le jeton doit porter.</translation>
    </message>
    <message>
        <source>CMiC API Security registration sheet (PDF)</source>
        <translation>Fiche d’enregistrement CMiC API Security (PDF)</translation>
    </message>
    <message>
        <source>The registration sheet as a PDF document for the CMiC administrator.</source>
        <translation>La fiche d’enregistrement sous forme de document PDF pour l’administrateur CMiC.</translation>
    </message>
    <message>
        <source>The PDF could not be made here (it needs the console&apos;s graphics libraries); export the HTML sheet and print it to PDF instead.</source>
        <translation>Le PDF n’a pas pu être produit ici (il exige les bibliothèques graphiques de la console); exportez plutôt la fiche HTML et imprimez-la en PDF.</translation>
    </message>
    <message>
        <source>cmicapp.properties settings (Enterprise)</source>
        <translation>Paramètres cmicapp.properties (Enterprise)</translation>
    </message>
    <message>
        <source>The OAuth filter&apos;s lines for cmicapp.properties on the CMiC Enterprise app server.</source>
        <translation>Les lignes du filtre OAuth pour cmicapp.properties sur le serveur d’applications CMiC Enterprise.</translation>
    </message>
    <message>
        <source>CMiC OAuth filter settings for environment %1</source>
        <translation>Paramètres du filtre OAuth de CMiC pour l’environnement %1</translation>
    </message>
    <message>
        <source>Registration: %1</source>
        <translation>Enregistrement&#xa0;: %1</translation>
    </message>
    <message>
        <source>The registration has no environment: these are CMiC&apos;s defaults.</source>
        <translation>L’enregistrement n’a pas d’environnement&#xa0;: ce sont les valeurs par défaut de CMiC.</translation>
    </message>
    <message>
        <source>No environment chosen: CMiC&apos;s defaults.</source>
        <translation>Aucun environnement choisi&#xa0;: valeurs par défaut de CMiC.</translation>
    </message>
    <message>
        <source>CMiC registration row (SQL, Enterprise)</source>
        <translation>Ligne d’enregistrement CMiC (SQL, Enterprise)</translation>
    </message>
    <message>
        <source>An INSERT into da.sdapi_app_registration_tn for the DBA of a CMiC Enterprise database.</source>
        <translation>Un INSERT dans da.sdapi_app_registration_tn pour l’administrateur de la base de données CMiC Enterprise.</translation>
    </message>
    <message>
        <source>CMiC API Security registration %1 for environment %2</source>
        <translation>Enregistrement CMiC API Security %1 pour l’environnement %2</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(aucun)</translation>
    </message>
    <message>
        <source>SQL*Plus or SQLcl: run SET DEFINE OFF and SET SQLBLANKLINES ON first, so the values reach the table as written. The file is UTF-8 (NLS_LANG=.AL32UTF8).</source>
        <translation>SQL*Plus ou SQLcl&#xa0;: exécutez d’abord SET DEFINE OFF et SET SQLBLANKLINES ON, afin que les valeurs arrivent dans la table telles qu’écrites. Le fichier est en UTF-8 (NLS_LANG=.AL32UTF8).</translation>
    </message>
    <message>
        <source>Run COMMIT afterwards.</source>
        <translation>Exécutez COMMIT ensuite.</translation>
    </message>
    <message>
        <source>A value contains &quot;&amp;&quot;: in SQL*Plus or SQLcl run SET DEFINE OFF first, or it asks for a substitution variable.</source>
        <translation>Une valeur contient «&#xa0;&amp;&#xa0;»&#xa0;: dans SQL*Plus ou SQLcl, exécutez d’abord SET DEFINE OFF, sinon il demande une variable de substitution.</translation>
    </message>
    <message>
        <source>A value contains a line break: CMiC compares the values exactly, so tokens will not match this row. Correct the registration first.</source>
        <translation>Une valeur contient un saut de ligne&#xa0;: CMiC compare les valeurs exactement; les jetons ne correspondront donc pas à cette ligne. Corrigez d’abord l’enregistrement.</translation>
    </message>
    <message>
        <source>App ID, Issuer or JWKS URI is empty: complete the registration first.</source>
        <translation>L’App ID, l’émetteur ou l’URI JWKS est vide&#xa0;: complétez d’abord l’enregistrement.</translation>
    </message>
    <message>
        <source>(not set)</source>
        <translation>(non défini)</translation>
    </message>
    <message>
        <source>This registration&apos;s IdP preset is %1, not %2: the steps may not apply to it.</source>
        <translation>Le préréglage de fournisseur d’identité de cet enregistrement est %1, pas %2&#xa0;: les étapes pourraient ne pas s’y appliquer.</translation>
    </message>
    <message>
        <source>This file contains the client secret: keep it private (it is written with mode 0600) and delete it once imported.</source>
        <translation>Ce fichier contient le secret client&#xa0;: gardez-le privé (il est écrit en mode 0600) et supprimez-le une fois importé.</translation>
    </message>
    <message>
        <source>Keycloak client (JSON for kcadm.sh)</source>
        <translation>Client Keycloak (JSON pour kcadm.sh)</translation>
    </message>
    <message>
        <source>The client for the Keycloak realm, imported with kcadm.sh create clients -r REALM -f FILE.</source>
        <translation>Le client du domaine (realm) Keycloak, importé avec kcadm.sh create clients -r REALM -f FICHIER.</translation>
    </message>
    <message>
        <source>The registration has no App ID: enter the client id first.</source>
        <translation>L’enregistrement n’a pas d’App ID&#xa0;: saisissez d’abord l’identifiant client.</translation>
    </message>
    <message>
        <source>private_key_jwt: the registration has no public certificate; add the client&apos;s key in Keycloak under Credentials &gt; Keys.</source>
        <translation>private_key_jwt&#xa0;: l’enregistrement n’a aucun certificat public; ajoutez la clé du client dans Keycloak sous Credentials &gt; Keys.</translation>
    </message>
    <message>
        <source>CMiC API client (exported by CMiC OAuth Console).</source>
        <translation>Client de l’API CMiC (exporté par CMiC OAuth Console).</translation>
    </message>
    <message>
        <source>The registration has no environment: the user claim mapper is left out.</source>
        <translation>L’enregistrement n’a pas d’environnement&#xa0;: le mappeur de revendication d’utilisateur est omis.</translation>
    </message>
    <message>
        <source>CMiC reads the user from the &quot;%1&quot; claim, but the registration&apos;s service user gives no value for it: the mapper is left out.</source>
        <translation>CMiC lit l’utilisateur dans la revendication «&#xa0;%1&#xa0;», mais l’utilisateur de service de l’enregistrement ne donne aucune valeur pour elle&#xa0;: le mappeur est omis.</translation>
    </message>
    <message>
        <source>The registration has no audience: the audience mapper adds the client id as aud. Enter the audience CMiC should see on the registration.</source>
        <translation>L’enregistrement n’a pas d’audience&#xa0;: le mappeur d’audience ajoute l’identifiant client comme aud. Saisissez dans l’enregistrement l’audience que CMiC doit voir.</translation>
    </message>
    <message>
        <source>CMiC&apos;s IP check is on: the ipaddr mapper puts in the address Keycloak sees the caller at, which must be the one CMiC sees.</source>
        <translation>La vérification IP de CMiC est activée&#xa0;: le mappeur ipaddr insère l’adresse à laquelle Keycloak voit l’appelant, qui doit être celle que voit CMiC.</translation>
    </message>
    <message>
        <source>The registration has no environment, so whether CMiC reads the user from the token is not known. Choose the environment and export again.</source>
        <translation>L’enregistrement n’a pas d’environnement; on ignore donc si CMiC lit l’utilisateur dans le jeton. Choisissez l’environnement et exportez de nouveau.</translation>
    </message>
    <message>
        <source>CMiC takes the service user from the registration, so the token needs no user claim. If you add it anyway, it must name the same user.</source>
        <translation>CMiC prend l’utilisateur de service dans l’enregistrement; le jeton n’a donc besoin d’aucune revendication d’utilisateur. Si vous l’ajoutez quand même, elle doit nommer le même utilisateur.</translation>
    </message>
    <message>
        <source>CMiC reads the service user from the access token&apos;s %1 claim.</source>
        <translation>CMiC lit l’utilisateur de service dans la revendication %1 du jeton d’accès.</translation>
    </message>
    <message>
        <source>The registration&apos;s service user gives no value CMiC accepts here; correct it first (the workspace&apos;s findings say how).</source>
        <translation>L’utilisateur de service de l’enregistrement ne donne aucune valeur que CMiC accepte ici; corrigez-le d’abord (les constats de l’espace de travail indiquent comment).</translation>
    </message>
    <message>
        <source>Its value must be %1.</source>
        <translation>Sa valeur doit être %1.</translation>
    </message>
    <message>
        <source>CMiC environment: %1, %2</source>
        <translation>Environnement CMiC&#xa0;: %1, %2</translation>
    </message>
    <message>
        <source>IdP preset: %1</source>
        <translation>Préréglage de fournisseur d’identité&#xa0;: %1</translation>
    </message>
    <message>
        <source>Choose the registration&apos;s environment to see whether CMiC&apos;s IP check needs an ipaddr claim.</source>
        <translation>Choisissez l’environnement de l’enregistrement pour savoir si la vérification IP de CMiC exige une revendication ipaddr.</translation>
    </message>
    <message>
        <source>Microsoft Entra ID setup guide (Markdown)</source>
        <translation>Guide de configuration de Microsoft Entra ID (Markdown)</translation>
    </message>
    <message>
        <source>Step by step for the Entra administrator, with this registration&apos;s values.</source>
        <translation>Marche à suivre pour l’administrateur Entra, avec les valeurs de cet enregistrement.</translation>
    </message>
    <message>
        <source>Microsoft Entra ID for the CMiC API</source>
        <translation>Microsoft Entra ID pour l’API CMiC</translation>
    </message>
    <message>
        <source>1. App registration</source>
        <translation>1. Inscription d’application</translation>
    </message>
    <message>
        <source>In the Microsoft Entra admin center, App registrations &gt; New registration (single tenant). Its Application (client) ID is CMiC&apos;s App ID: %1. The Directory (tenant) ID is %2.</source>
        <translation>Dans le centre d’administration Microsoft Entra, App registrations &gt; New registration (locataire unique). Son Application (client) ID est l’App ID de CMiC&#xa0;: %1. Le Directory (tenant) ID est %2.</translation>
    </message>
    <message>
        <source>2. Application ID URI and scope</source>
        <translation>2. URI d’ID d’application et portée</translation>
    </message>
    <message>
        <source>Under Expose an API, set the Application ID URI to %1. The client requests the token with the scope %2 (the Application ID URI plus /.default; without it Entra answers AADSTS1002012).</source>
        <translation>Sous Expose an API, réglez l’Application ID URI à %1. Le client demande le jeton avec la portée %2 (l’Application ID URI suivi de /.default; sans lui, Entra répond AADSTS1002012).</translation>
    </message>
    <message>
        <source>Token endpoint: %1</source>
        <translation>Point de terminaison du jeton&#xa0;: %1</translation>
    </message>
    <message>
        <source>Scope on this registration: %1</source>
        <translation>Portée de cet enregistrement&#xa0;: %1</translation>
    </message>
    <message>
        <source>3. Token version and what CMiC registers</source>
        <translation>3. Version du jeton et ce que CMiC enregistre</translation>
    </message>
    <message>
        <source>The manifest&apos;s api.requestedAccessTokenVersion (formerly accessTokenAcceptedVersion) decides the access token version: null or 1 gives v1 tokens, 2 gives v2 tokens. The issuer is compared as an exact string, trailing slash included.</source>
        <translation>La valeur api.requestedAccessTokenVersion du manifeste (autrefois accessTokenAcceptedVersion) détermine la version du jeton d’accès&#xa0;: null ou 1 donne des jetons v1, 2 donne des jetons v2. L’émetteur est comparé comme une chaîne exacte, barre oblique finale comprise.</translation>
    </message>
    <message>
        <source>v1 (null or 1):</source>
        <translation>v1 (null ou 1)&#xa0;:</translation>
    </message>
    <message>
        <source>App ID claim</source>
        <translation>Revendication de l’App ID</translation>
    </message>
    <message>
        <source>v2 (2):</source>
        <translation>v2 (2)&#xa0;:</translation>
    </message>
    <message>
        <source>This registration expects v2 tokens. CMiC&apos;s documentation names appid for Entra, so prefer v1 tokens unless you know your CMiC reads azp.</source>
        <translation>Cet enregistrement attend des jetons v2. La documentation de CMiC nomme appid pour Entra; préférez donc des jetons v1, à moins de savoir que votre CMiC lit azp.</translation>
    </message>
    <message>
        <source>This registration expects v1 tokens: leave the token version at null or 1.</source>
        <translation>Cet enregistrement attend des jetons v1&#xa0;: laissez la version du jeton à null ou 1.</translation>
    </message>
    <message>
        <source>Enter in CMiC API Security:</source>
        <translation>À saisir dans CMiC API Security&#xa0;:</translation>
    </message>
    <message>
        <source>4. The user claim (claims mapping)</source>
        <translation>4. La revendication d’utilisateur (mappage des revendications)</translation>
    </message>
    <message>
        <source>Add it to the API&apos;s enterprise application (Enterprise applications &gt; the app &gt; Single sign-on &gt; Attributes &amp; Claims, or a claims mapping policy on its service principal) as claim %1 with the constant value %2.</source>
        <translation>Ajoutez-la à l’application d’entreprise de l’API (Enterprise applications &gt; l’application &gt; Single sign-on &gt; Attributes &amp; Claims, ou une stratégie de mappage des revendications sur son principal de service) comme revendication %1 avec la valeur constante %2.</translation>
    </message>
    <message>
        <source>Then set %1 in the app registration&apos;s manifest (api.acceptMappedClaims in the current manifest). The Application ID URI must be on a verified domain of the tenant (or the audience must be the app&apos;s GUID), otherwise token requests fail with AADSTS501461; without a custom signing key they fail with AADSTS50146.</source>
        <translation>Réglez ensuite %1 dans le manifeste de l’inscription d’application (api.acceptMappedClaims dans le manifeste actuel). L’Application ID URI doit être sur un domaine vérifié du locataire (ou l’audience doit être le GUID de l’application); sinon, les demandes de jeton échouent avec AADSTS501461; sans clé de signature personnalisée, elles échouent avec AADSTS50146.</translation>
    </message>
    <message>
        <source>With a custom signing key the keys are not in the common set: CMiC&apos;s JWKS URI must then be %1.</source>
        <translation>Avec une clé de signature personnalisée, les clés ne sont pas dans l’ensemble commun&#xa0;: l’URI JWKS de CMiC doit alors être %1.</translation>
    </message>
    <message>
        <source>5. The ipaddr claim</source>
        <translation>5. La revendication ipaddr</translation>
    </message>
    <message>
        <source>Entra emits ipaddr in client-credentials tokens only as an optional claim: Token configuration &gt; Add optional claim &gt; Access &gt; ipaddr.</source>
        <translation>Entra n’émet ipaddr dans les jetons d’identifiants client que comme revendication facultative&#xa0;: Token configuration &gt; Add optional claim &gt; Access &gt; ipaddr.</translation>
    </message>
    <message>
        <source>6. Credential: certificate or secret</source>
        <translation>6. Identifiant&#xa0;: certificat ou secret</translation>
    </message>
    <message>
        <source>This registration signs a client assertion (private_key_jwt): upload the public certificate under Certificates &amp; secrets &gt; Certificates. Current Microsoft documentation asks for the header alg PS256 with x5t#S256 (base64url SHA-256 of the certificate); older documentation RS256 with x5t.</source>
        <translation>Cet enregistrement signe une assertion client (private_key_jwt)&#xa0;: téléversez le certificat public sous Certificates &amp; secrets &gt; Certificates. La documentation actuelle de Microsoft demande l’alg d’en-tête PS256 avec x5t#S256 (SHA-256 en base64url du certificat); la documentation plus ancienne, RS256 avec x5t.</translation>
    </message>
    <message>
        <source>On this registration: algorithm %1, thumbprint %2.</source>
        <translation>Pour cet enregistrement&#xa0;: algorithme %1, empreinte %2.</translation>
    </message>
    <message>
        <source>(default)</source>
        <translation>(par défaut)</translation>
    </message>
    <message>
        <source>This registration uses a client secret (%1): create it under Certificates &amp; secrets &gt; Client secrets and copy its Value, not its Secret ID (AADSTS7000215). A certificate (private_key_jwt, PS256 with x5t#S256) avoids a shared secret and its expiry.</source>
        <translation>Cet enregistrement utilise un secret client (%1)&#xa0;: créez-le sous Certificates &amp; secrets &gt; Client secrets et copiez sa Value, pas son Secret ID (AADSTS7000215). Un certificat (private_key_jwt, PS256 avec x5t#S256) évite un secret partagé et son expiration.</translation>
    </message>
    <message>
        <source>7. Errors you may see</source>
        <translation>7. Erreurs que vous pourriez voir</translation>
    </message>
    <message>
        <source>the scope must end in /.default for client credentials.</source>
        <translation>la portée doit se terminer par /.default pour les identifiants client.</translation>
    </message>
    <message>
        <source>invalid client secret (often the secret&apos;s ID pasted instead of its value).</source>
        <translation>secret client non valide (souvent l’ID du secret collé au lieu de sa valeur).</translation>
    </message>
    <message>
        <source>the application is not found in the tenant (App ID or tenant wrong).</source>
        <translation>l’application est introuvable dans le locataire (App ID ou locataire erroné).</translation>
    </message>
    <message>
        <source>claims mapping needs a custom signing key.</source>
        <translation>le mappage des revendications exige une clé de signature personnalisée.</translation>
    </message>
    <message>
        <source>acceptMappedClaims needs an audience that is the app&apos;s GUID or on a verified domain.</source>
        <translation>acceptMappedClaims exige une audience qui est le GUID de l’application ou qui se trouve sur un domaine vérifié.</translation>
    </message>
    <message>
        <source>the certificate named by the assertion is not registered on the application.</source>
        <translation>le certificat nommé par l’assertion n’est pas inscrit dans l’application.</translation>
    </message>
    <message>
        <source>the assertion header is not one Entra accepts.</source>
        <translation>l’en-tête de l’assertion n’est pas de ceux qu’Entra accepte.</translation>
    </message>
    <message>
        <source>Okta setup guide (Markdown)</source>
        <translation>Guide de configuration d’Okta (Markdown)</translation>
    </message>
    <message>
        <source>Step by step for the Okta administrator, with this registration&apos;s values.</source>
        <translation>Marche à suivre pour l’administrateur Okta, avec les valeurs de cet enregistrement.</translation>
    </message>
    <message>
        <source>Okta for the CMiC API</source>
        <translation>Okta pour l’API CMiC</translation>
    </message>
    <message>
        <source>1. Custom authorization server</source>
        <translation>1. Serveur d’autorisation personnalisé</translation>
    </message>
    <message>
        <source>Security &gt; API &gt; Authorization Servers: use a custom authorization server (ID %1 on Okta domain %2; &quot;default&quot; is the default one). The org authorization server cannot issue tokens for your own API. Its Audience is what the tokens carry as aud: %3.</source>
        <translation>Security &gt; API &gt; Authorization Servers&#xa0;: utilisez un serveur d’autorisation personnalisé (ID %1 sur le domaine Okta %2; «&#xa0;default&#xa0;» est celui par défaut). Le serveur d’autorisation de l’organisation ne peut pas émettre de jetons pour votre propre API. Son Audience est ce que les jetons portent comme aud&#xa0;: %3.</translation>
    </message>
    <message>
        <source>Its issuer (no trailing slash) is CMiC&apos;s Issuer: %1.</source>
        <translation>Son émetteur (sans barre oblique finale) est l’émetteur pour CMiC&#xa0;: %1.</translation>
    </message>
    <message>
        <source>2. Scope</source>
        <translation>2. Portée</translation>
    </message>
    <message>
        <source>Under Scopes add the custom scope the client requests: %1. Client credentials need at least one custom scope.</source>
        <translation>Sous Scopes, ajoutez la portée personnalisée que le client demande&#xa0;: %1. Les identifiants client exigent au moins une portée personnalisée.</translation>
    </message>
    <message>
        <source>3. The application (client credentials)</source>
        <translation>3. L’application (identifiants client)</translation>
    </message>
    <message>
        <source>Applications &gt; Create App Integration &gt; API Services. Its Client ID is CMiC&apos;s App ID, %1; Okta puts it in the access token&apos;s cid claim.</source>
        <translation>Applications &gt; Create App Integration &gt; API Services. Son Client ID est l’App ID de CMiC, %1; Okta le place dans la revendication cid du jeton d’accès.</translation>
    </message>
    <message>
        <source>Client authentication: Public key / Private key (private_key_jwt); add the client&apos;s public key.</source>
        <translation>Authentification du client&#xa0;: Public key / Private key (private_key_jwt); ajoutez la clé publique du client.</translation>
    </message>
    <message>
        <source>Client authentication: Client secret (%1).</source>
        <translation>Authentification du client&#xa0;: Client secret (%1).</translation>
    </message>
    <message>
        <source>Under the authorization server&apos;s Access Policies, add a policy for this client with a rule that allows the Client Credentials grant and the scope above.</source>
        <translation>Sous les Access Policies du serveur d’autorisation, ajoutez une stratégie pour ce client avec une règle qui permet l’octroi Client Credentials et la portée ci-dessus.</translation>
    </message>
    <message>
        <source>4. The user claim</source>
        <translation>4. La revendication d’utilisateur</translation>
    </message>
    <message>
        <source>On the authorization server, Claims &gt; Add Claim: name %1, include in token type Access Token, value type Expression, value %2, included in any scope.</source>
        <translation>Sur le serveur d’autorisation, Claims &gt; Add Claim&#xa0;: nom %1, inclure dans le type de jeton Access Token, type de valeur Expression, valeur %2, incluse dans toute portée.</translation>
    </message>
    <message>
        <source>The console knows no Okta setting that puts the caller&apos;s address into a client-credentials token; check with Okta, or turn CMiC&apos;s IP check off (cmic.oauth2.ipcheck.enabled=false).</source>
        <translation>La console ne connaît aucun réglage Okta qui insère l’adresse de l’appelant dans un jeton d’identifiants client; vérifiez auprès d’Okta, ou désactivez la vérification IP de CMiC (cmic.oauth2.ipcheck.enabled=false).</translation>
    </message>
    <message>
        <source>6. Enter in CMiC API Security</source>
        <translation>6. À saisir dans CMiC API Security</translation>
    </message>
    <message>
        <source>%1 never holds the secret: it reads it from the environment variable %2 on the server. The secret was not written.</source>
        <translation>%1 ne contient jamais le secret&#xa0;: il le lit dans la variable d’environnement %2 sur le serveur. Le secret n’a pas été écrit.</translation>
    </message>
    <message>
        <source>Environment variables for a server (.env)</source>
        <translation>Variables d’environnement pour un serveur (.env)</translation>
    </message>
    <message>
        <source>The client settings as CMIC_* variables, for a shell (set -a; . ./file.env) or docker --env-file; the secret stays in the server&apos;s own environment.</source>
        <translation>Les paramètres du client sous forme de variables CMIC_*, pour un shell (set -a; . ./fichier.env) ou docker --env-file; le secret reste dans l’environnement propre du serveur.</translation>
    </message>
    <message>
        <source>%1 holds characters that docker --env-file would keep literally, so it is written in single quotes for sh and bash: docker reads the quotes as part of the value. Set it by hand for docker.</source>
        <translation>%1 contient des caractères que docker --env-file garderait tels quels; il est donc écrit entre apostrophes pour sh et bash&#xa0;: docker lit les apostrophes comme faisant partie de la valeur. Réglez-le à la main pour docker.</translation>
    </message>
    <message>
        <source>This file holds the client secret: keep it mode 0600, only on the server, and out of version control.</source>
        <translation>Ce fichier contient le secret client&#xa0;: gardez-le en mode 0600, seulement sur le serveur et hors du contrôle de version.</translation>
    </message>
    <message>
        <source>CMiC OAuth client settings for registration %1</source>
        <translation>Paramètres du client OAuth de CMiC pour l’enregistrement %1</translation>
    </message>
    <message>
        <source>Read by: set -a; . ./this.env; set +a (sh, bash) or docker --env-file this.env.</source>
        <translation>Lu par&#xa0;: set -a; . ./this.env; set +a (sh, bash) ou docker --env-file this.env.</translation>
    </message>
    <message>
        <source>private_key_jwt: the client signs an assertion with its PEM private key. %1 is not in this file: set it to the path of the key file (mode 0600), e.g. from your secret manager.</source>
        <translation>private_key_jwt&#xa0;: le client signe une assertion avec sa clé privée PEM. %1 n’est pas dans ce fichier&#xa0;: réglez-la au chemin du fichier de clé (mode 0600), p. ex. depuis votre gestionnaire de secrets.</translation>
    </message>
    <message>
        <source>A private key is not written into a .env (a multi-line PEM key fits neither sh nor docker --env-file): keep it in its own file with mode 0600 and set %1 to its path.</source>
        <translation>Une clé privée n’est pas écrite dans un .env (une clé PEM sur plusieurs lignes ne convient ni à sh ni à docker --env-file)&#xa0;: gardez-la dans son propre fichier en mode 0600 et réglez %1 à son chemin.</translation>
    </message>
    <message>
        <source>%1 is not in this file: export it before sourcing, e.g. from your secret manager. Sourcing this file keeps a value already set.</source>
        <translation>%1 n’est pas dans ce fichier&#xa0;: exportez-la avant de sourcer le fichier, p. ex. depuis votre gestionnaire de secrets. Sourcer ce fichier conserve une valeur déjà définie.</translation>
    </message>
    <message>
        <source>client_secret_basic: the client form-encodes %1 and %2 (application/x-www-form-urlencoded, RFC 6749 section 2.3.1) before joining them with &quot;:&quot; and Base64-encoding the Authorization header.</source>
        <translation>client_secret_basic&#xa0;: le client encode %1 et %2 en formulaire (application/x-www-form-urlencoded, RFC 6749 section 2.3.1) avant de les joindre par «&#xa0;:&#xa0;» et d’encoder l’en-tête Authorization en Base64.</translation>
    </message>
    <message>
        <source>Spring Boot 3 / Spring Security 6 OAuth 2.0 client for CMiC registration %1</source>
        <translation>Client OAuth 2.0 Spring Boot 3 / Spring Security 6 pour l’enregistrement CMiC %1</translation>
    </message>
    <message>
        <source>private_key_jwt: Spring Security 6 signs the client assertion only when the application defines a JWK resolver bean (a NimbusJwtClientAuthenticationParametersConverter added to the client credentials token response client); without it the token request fails.</source>
        <translation>private_key_jwt&#xa0;: Spring Security 6 ne signe l’assertion client que si l’application définit un bean de résolution JWK (un NimbusJwtClientAuthenticationParametersConverter ajouté au client de réponse de jeton des identifiants client); sans lui, la demande de jeton échoue.</translation>
    </message>
    <message>
        <source>Spring Security 6 supports private_key_jwt only with a JWK resolver bean in the application; these properties alone do not sign the assertion.</source>
        <translation>Spring Security 6 ne prend en charge private_key_jwt qu’avec un bean de résolution JWK dans l’application; ces propriétés seules ne signent pas l’assertion.</translation>
    </message>
    <message>
        <source>The client secret is read from the environment variable %1 when the application starts.</source>
        <translation>Le secret client est lu dans la variable d’environnement %1 au démarrage de l’application.</translation>
    </message>
    <message>
        <source>issuer-uri is left out on purpose: with it Spring Boot fetches the issuer&apos;s discovery document at startup and does not start when it is unreachable. Issuer: %1</source>
        <translation>issuer-uri est omis volontairement&#xa0;: avec lui, Spring Boot récupère le document de découverte de l’émetteur au démarrage et ne démarre pas s’il est injoignable. Émetteur&#xa0;: %1</translation>
    </message>
    <message>
        <source>The token request also needs audience=%1 resource=%2: Spring sends them only through a custom token request parameters converter.</source>
        <translation>La demande de jeton exige aussi audience=%1 resource=%2&#xa0;: Spring ne les envoie que par un convertisseur personnalisé de paramètres de demande de jeton.</translation>
    </message>
    <message>
        <source>The registration sends an audience or resource parameter; Spring Boot properties cannot add it (a parameters converter in code can).</source>
        <translation>L’enregistrement envoie un paramètre audience ou resource; les propriétés Spring Boot ne peuvent pas l’ajouter (un convertisseur de paramètres dans le code le peut).</translation>
    </message>
    <message>
        <source>A value holds &quot;${&quot;, which Spring reads as a placeholder: check client-id, token-uri and scope after the application starts.</source>
        <translation>Une valeur contient «&#xa0;${&#xa0;», que Spring lit comme un paramètre substituable&#xa0;: vérifiez client-id, token-uri et scope après le démarrage de l’application.</translation>
    </message>
    <message>
        <source>Spring Boot application.yml</source>
        <translation>Spring Boot application.yml</translation>
    </message>
    <message>
        <source>spring.security.oauth2.client settings for a Spring Boot service that calls CMiC with client credentials.</source>
        <translation>Paramètres spring.security.oauth2.client pour un service Spring Boot qui appelle CMiC avec des identifiants client.</translation>
    </message>
    <message>
        <source>Spring Boot application.properties</source>
        <translation>Spring Boot application.properties</translation>
    </message>
    <message>
        <source>The same Spring Boot client settings as application.properties lines.</source>
        <translation>Les mêmes paramètres de client Spring Boot sous forme de lignes application.properties.</translation>
    </message>
    <message>
        <source>curl script (POSIX sh)</source>
        <translation>Script curl (sh POSIX)</translation>
    </message>
    <message>
        <source>Gets a token and calls the probe endpoints with curl from the server&apos;s own network; the secret comes from %1.</source>
        <translation>Obtient un jeton et appelle les points de terminaison de sonde avec curl depuis le réseau même du serveur; le secret vient de %1.</translation>
    </message>
    <message>
        <source>CMiC OAuth: a token for registration %1, then a GET of each probe endpoint.</source>
        <translation>CMiC OAuth&#xa0;: un jeton pour l’enregistrement %1, puis un GET de chaque point de terminaison de sonde.</translation>
    </message>
    <message>
        <source>This script does not support private_key_jwt (it cannot sign the client assertion). Run cmic-oauth validate on this server instead.</source>
        <translation>Ce script ne prend pas en charge private_key_jwt (il ne peut pas signer l’assertion client). Exécutez plutôt cmic-oauth validate sur ce serveur.</translation>
    </message>
    <message>
        <source>The curl script</source>
        <translation>Le script curl</translation>
    </message>
    <message>
        <source>Run: CMIC_CLIENT_SECRET=... sh ./this.sh (or after set -a; . ./x.env). CMIC_TOKEN_ENDPOINT and CMIC_CA_BUNDLE, when set, replace the values below.</source>
        <translation>Exécution&#xa0;: CMIC_CLIENT_SECRET=... sh ./this.sh (ou après set -a; . ./x.env). CMIC_TOKEN_ENDPOINT et CMIC_CA_BUNDLE, s’ils sont définis, remplacent les valeurs ci-dessous.</translation>
    </message>
    <message>
        <source>It never prints the secret or the token, and passes neither on a command line. Exit status: 0 every call answered 2xx, 1 a call failed, 2 no secret.</source>
        <translation>Il n’affiche jamais le secret ni le jeton, et ne les passe jamais sur une ligne de commande. Code de sortie&#xa0;: 0 tous les appels ont répondu 2xx, 1 un appel a échoué, 2 aucun secret.</translation>
    </message>
    <message>
        <source>CMIC_CLIENT_SECRET is not set: export the client secret in it first, e.g. from your secret manager.</source>
        <translation>CMIC_CLIENT_SECRET n’est pas défini&#xa0;: exportez-y d’abord le secret client, p. ex. depuis votre gestionnaire de secrets.</translation>
    </message>
    <message>
        <source>The token request got no answer (see curl&apos;s message above).</source>
        <translation>La demande de jeton n’a reçu aucune réponse (voir le message de curl ci-dessus).</translation>
    </message>
    <message>
        <source>Token request failed: HTTP %s %s</source>
        <translation>Échec de la demande de jeton&#xa0;: HTTP %s %s</translation>
    </message>
    <message>
        <source>%s token request (client credentials)</source>
        <translation>Demande de jeton %s (identifiants client)</translation>
    </message>
    <message>
        <source>The registration&apos;s environment names no probe endpoint: only the token is requested.</source>
        <translation>L’environnement de l’enregistrement ne nomme aucun point de terminaison de sonde&#xa0;: seul le jeton est demandé.</translation>
    </message>
    <message>
        <source>No probe endpoint: the script only requests a token. Add probe endpoints to the environment to call CMiC too.</source>
        <translation>Aucun point de terminaison de sonde&#xa0;: le script ne fait que demander un jeton. Ajoutez des points de terminaison de sonde à l’environnement pour appeler aussi CMiC.</translation>
    </message>
    <message>
        <source>Portable config (JSON, secret by reference)</source>
        <translation>Configuration portable (JSON, secret par référence)</translation>
    </message>
    <message>
        <source>One self-contained file for a server or a pipeline: cmic-oauth validate reads it and takes the secret from the environment variable, file or keychain it names.</source>
        <translation>Un fichier autonome pour un serveur ou un pipeline&#xa0;: cmic-oauth validate le lit et prend le secret dans la variable d’environnement, le fichier ou le trousseau qu’il nomme.</translation>
    </message>
    <message>
        <source>The secret reference was not used (%1) The file names %2 instead.</source>
        <translation>La référence de secret n’a pas été utilisée (%1) Le fichier nomme plutôt %2.</translation>
    </message>
    <message>
        <source>A portable config never holds the secret: it names where the server reads it from (%1). The secret was not written.</source>
        <translation>Une configuration portable ne contient jamais le secret&#xa0;: elle nomme l’endroit où le serveur le lit (%1). Le secret n’a pas été écrit.</translation>
    </message>
    <message>
        <source>Workspace for a server (this registration only)</source>
        <translation>Espace de travail pour un serveur (cet enregistrement seulement)</translation>
    </message>
    <message>
        <source>At %1 CMiC cannot take the service user from the registration (that comes after Patch 22), so it reads the user from the token.</source>
        <translation>Au %1, CMiC ne peut pas prendre l’utilisateur de service dans l’enregistrement (cela vient après le Patch 22); il lit donc l’utilisateur dans le jeton.</translation>
    </message>
    <message>
        <source>No service user is set on this registration, so CMiC reads the user from the token.</source>
        <translation>Aucun utilisateur de service n’est défini sur cet enregistrement; CMiC lit donc l’utilisateur dans le jeton.</translation>
    </message>
    <message>
        <source>CMiC matches the App ID against the token&apos;s &quot;%1&quot; claim (IdP preset: %2).</source>
        <translation>CMiC compare l’App ID à la revendication «&#xa0;%1&#xa0;» du jeton (préréglage de fournisseur d’identité&#xa0;: %2).</translation>
    </message>
    <message>
        <source>The registration&apos;s IdP preset names no App ID claim: CMiC matches the App ID against the first of %1 the token carries.</source>
        <translation>Le préréglage de fournisseur d’identité de l’enregistrement ne nomme aucune revendication d’App ID&#xa0;: CMiC compare l’App ID à la première des revendications %1 que porte le jeton.</translation>
    </message>
    <message>
        <source>CMiC&apos;s IP check is on (cmic.oauth2.ipcheck.enabled=true): the access token must carry an &quot;ipaddr&quot; claim equal to the caller&apos;s address as CMiC sees it (X-Forwarded-For), so call from that address, not through a VPN or proxy.</source>
        <translation>La vérification IP de CMiC est activée (cmic.oauth2.ipcheck.enabled=true)&#xa0;: le jeton d’accès doit porter une revendication «&#xa0;ipaddr&#xa0;» égale à l’adresse de l’appelant telle que CMiC la voit (X-Forwarded-For); appelez donc depuis cette adresse, pas par un RPV ni un serveur mandataire.</translation>
    </message>
</context>
<context>
    <name>cmic::FieldLabels</name>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Deployment</source>
        <translation>Déploiement</translation>
    </message>
    <message>
        <source>Cloud tenant</source>
        <translation>Locataire Cloud</translation>
    </message>
    <message>
        <source>API base URL</source>
        <translation>URL de base de l’API</translation>
    </message>
    <message>
        <source>CMiC patch level</source>
        <translation>Niveau de correctif CMiC</translation>
    </message>
    <message>
        <source>Service user from</source>
        <translation>Utilisateur de service tiré de</translation>
    </message>
    <message>
        <source>User claim name</source>
        <translation>Nom de la revendication utilisateur</translation>
    </message>
    <message>
        <source>Remove the domain from the user name</source>
        <translation>Retirer le domaine du nom d’utilisateur</translation>
    </message>
    <message>
        <source>Check the caller&apos;s IP address</source>
        <translation>Vérifier l’adresse IP de l’appelant</translation>
    </message>
    <message>
        <source>Probe endpoints</source>
        <translation>Points de terminaison de sonde</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Nom d’utilisateur</translation>
    </message>
    <message>
        <source>E-mail username</source>
        <translation>Nom d’utilisateur courriel</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>Nom affiché</translation>
    </message>
    <message>
        <source>Dedicated</source>
        <translation>Dédié</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Remarques</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Environnement</translation>
    </message>
    <message>
        <source>Service user</source>
        <translation>Utilisateur de service</translation>
    </message>
    <message>
        <source>Preset</source>
        <translation>Préréglage</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>App ID</source>
        <translation>App ID</translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation>Émetteur</translation>
    </message>
    <message>
        <source>JWKS URI</source>
        <translation>URI JWKS</translation>
    </message>
    <message>
        <source>Token endpoint</source>
        <translation>Point de terminaison du jeton</translation>
    </message>
    <message>
        <source>Discovery URL</source>
        <translation>URL de découverte</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Portée</translation>
    </message>
    <message>
        <source>Audience</source>
        <translation>Audience</translation>
    </message>
    <message>
        <source>Resource</source>
        <translation>Ressource</translation>
    </message>
    <message>
        <source>Client authentication</source>
        <translation>Authentification du client</translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation>Secret client</translation>
    </message>
    <message>
        <source>Private key</source>
        <translation>Clé privée</translation>
    </message>
    <message>
        <source>Secret expires</source>
        <translation>Expiration du secret</translation>
    </message>
    <message>
        <source>Assertion algorithm</source>
        <translation>Algorithme d’assertion</translation>
    </message>
    <message>
        <source>Key ID (kid)</source>
        <translation>ID de clé (kid)</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Certificat</translation>
    </message>
    <message>
        <source>Thumbprint</source>
        <translation>Empreinte</translation>
    </message>
</context>
<context>
    <name>cmic::FindingsModel</name>
    <message>
        <source>No findings</source>
        <translation>Aucun constat</translation>
    </message>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n erreur</numerusform>
            <numerusform>%n erreurs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n avertissement</numerusform>
            <numerusform>%n avertissements</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n note(s)</source>
        <translation>
            <numerusform>%n remarque</numerusform>
            <numerusform>%n remarques</numerusform>
        </translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Avertissement</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Remarque</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>(sans nom)</translation>
    </message>
    <message>
        <source>Environment %1</source>
        <translation>Environnement %1</translation>
    </message>
    <message>
        <source>Service user %1</source>
        <translation>Utilisateur de service %1</translation>
    </message>
    <message>
        <source>Registration %1</source>
        <translation>Enregistrement %1</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>Espace de travail</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Gravité</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Sujet</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problème</translation>
    </message>
    <message>
        <source>What to do</source>
        <translation>Que faire</translation>
    </message>
    <message>
        <source>Checking the setup…</source>
        <translation>Vérification de la configuration…</translation>
    </message>
</context>
<context>
    <name>cmic::IdpPresetText</name>
    <message>
        <source>Microsoft Entra ID (v1 access tokens)</source>
        <translation>Microsoft Entra ID (jetons d’accès v1)</translation>
    </message>
    <message>
        <source>{tenant} is the directory (tenant) ID, a GUID: the issuer always carries the GUID, with its trailing slash, even when you sign in with a domain name. Access tokens for your own API are v1 tokens unless the API&apos;s manifest asks for v2, so register the sts.windows.net issuer in CMiC. The scope is the API&apos;s Application ID URI plus /.default. The cmicuser claim is added under Enterprise applications &gt; Attributes &amp; Claims; it needs &quot;acceptMappedClaims&quot;: true in the manifest and an Application ID URI on a verified domain, or token requests fail with AADSTS50146 / AADSTS501461. For CMiC&apos;s IP check, add the optional claim ipaddr.</source>
        <translation>{tenant} est l’ID du répertoire (locataire), un GUID&#xa0;: l’émetteur porte toujours le GUID, avec sa barre oblique finale, même quand vous vous connectez avec un nom de domaine. Les jetons d’accès pour votre propre API sont des jetons v1, sauf si le manifeste de l’API demande la v2; enregistrez donc l’émetteur sts.windows.net dans CMiC. La portée est l’URI d’ID d’application de l’API suivi de /.default. La revendication cmicuser s’ajoute sous Enterprise applications &gt; Attributes &amp; Claims; elle exige &quot;acceptMappedClaims&quot;: true dans le manifeste et un URI d’ID d’application sur un domaine vérifié, sinon les demandes de jeton échouent avec AADSTS50146 / AADSTS501461. Pour la vérification IP de CMiC, ajoutez la revendication facultative ipaddr.</translation>
    </message>
    <message>
        <source>Microsoft Entra ID (v2 access tokens)</source>
        <translation>Microsoft Entra ID (jetons d’accès v2)</translation>
    </message>
    <message>
        <source>Only for APIs whose manifest sets the access token version to 2 (&quot;accessTokenAcceptedVersion&quot;: 2 / &quot;requestedAccessTokenVersion&quot;: 2); otherwise Entra issues v1 tokens and the issuer is https://sts.windows.net/{tenant}/. {tenant} is the directory (tenant) ID, a GUID. v2 tokens carry the client in azp, not appid; CMiC&apos;s documentation names appid for Entra, so prefer v1 tokens unless you know your CMiC reads azp. The cmicuser claim needs &quot;acceptMappedClaims&quot;: true and an Application ID URI on a verified domain.</source>
        <translation>Seulement pour les API dont le manifeste règle la version du jeton d’accès à 2 (&quot;accessTokenAcceptedVersion&quot;: 2 / &quot;requestedAccessTokenVersion&quot;: 2); sinon Entra émet des jetons v1 et l’émetteur est https://sts.windows.net/{tenant}/. {tenant} est l’ID du répertoire (locataire), un GUID. Les jetons v2 portent le client dans azp, pas dans appid; la documentation de CMiC nomme appid pour Entra, alors préférez les jetons v1, à moins de savoir que votre CMiC lit azp. La revendication cmicuser exige &quot;acceptMappedClaims&quot;: true et un URI d’ID d’application sur un domaine vérifié.</translation>
    </message>
    <message>
        <source>Okta (custom authorization server)</source>
        <translation>Okta (serveur d’autorisation personnalisé)</translation>
    </message>
    <message>
        <source>{domain} is your Okta domain (e.g. acme.okta.com) and {authServerId} the custom authorization server&apos;s ID (&quot;default&quot; for the default one); the org authorization server cannot issue tokens for your own API. Client credentials need at least one custom scope on that server and an access policy rule that allows the client credentials grant. Add the cmicuser claim to the access token under Claims. The issuer has no trailing slash.</source>
        <translation>{domain} est votre domaine Okta (p. ex. acme.okta.com) et {authServerId} l’ID du serveur d’autorisation personnalisé («&#xa0;default&#xa0;» pour celui par défaut); le serveur d’autorisation de l’organisation (org) ne peut pas émettre de jetons pour votre propre API. L’octroi par identifiants client exige au moins une portée personnalisée sur ce serveur et une règle de stratégie d’accès qui permet l’octroi Client Credentials. Ajoutez la revendication cmicuser au jeton d’accès sous Claims. L’émetteur n’a pas de barre oblique finale.</translation>
    </message>
    <message>
        <source>Auth0</source>
        <translation>Auth0</translation>
    </message>
    <message>
        <source>{domain} is the tenant domain (e.g. acme.us.auth0.com) or your custom domain. The issuer ends with a slash. The token request must send audience = the API&apos;s Identifier, and the Machine-to-Machine application must be authorized for that API. Add the cmicuser claim with an Action on the Machine to Machine (credentials-exchange) trigger.</source>
        <translation>{domain} est le domaine du locataire (p. ex. acme.us.auth0.com) ou votre domaine personnalisé. L’émetteur se termine par une barre oblique. La demande de jeton doit envoyer audience = l’Identifier de l’API, et l’application Machine to Machine doit être autorisée pour cette API. Ajoutez la revendication cmicuser avec une Action sur le déclencheur Machine to Machine (credentials-exchange).</translation>
    </message>
    <message>
        <source>Keycloak</source>
        <translation>Keycloak</translation>
    </message>
    <message>
        <source>{domain} is the host (with the port if not 443) and {realm} the realm name. Keycloak before version 17 puts /auth in front of /realms. The client needs Client authentication on and Service accounts roles enabled. Add the cmicuser claim with a Hardcoded claim mapper (added to the access token). Keycloak tokens also carry client_id.</source>
        <translation>{domain} est l’hôte (avec le port s’il n’est pas 443) et {realm} le nom du domaine Keycloak (realm). Avant la version 17, Keycloak place /auth devant /realms. Le client doit avoir Client authentication activé et Service accounts roles activé. Ajoutez la revendication cmicuser avec un mappeur Hardcoded claim (ajouté au jeton d’accès). Les jetons Keycloak portent aussi client_id.</translation>
    </message>
    <message>
        <source>Keycloak service-account tokens carry no &quot;aud&quot; claim unless the client has an Audience mapper, and CMiC requires &quot;aud&quot;. Add an Audience mapper (client &gt; Client scopes &gt; dedicated scope &gt; Add mapper &gt; Audience) and enter the audience here so the console can check it.</source>
        <translation>Les jetons de compte de service de Keycloak ne portent aucune revendication «&#xa0;aud&#xa0;» à moins que le client ait un mappeur Audience, et CMiC exige «&#xa0;aud&#xa0;». Ajoutez un mappeur Audience (client &gt; Client scopes &gt; portée dédiée &gt; Add mapper &gt; Audience) et saisissez l’audience ici pour que la console puisse la vérifier.</translation>
    </message>
    <message>
        <source>Amazon Cognito</source>
        <translation>Amazon Cognito</translation>
    </message>
    <message>
        <source>{region} is the AWS region (e.g. us-east-1), {userPoolId} the user pool ID (e.g. us-east-1_AbCdEf123) and {domain} the user pool&apos;s domain (e.g. acme.auth.us-east-1.amazoncognito.com). Client credentials need an app client with a secret and a resource server scope (e.g. cmic/api). The cmicuser claim can only be added by a pre token generation Lambda.</source>
        <translation>{region} est la région AWS (p. ex. us-east-1), {userPoolId} l’ID du groupe d’utilisateurs (p. ex. us-east-1_AbCdEf123) et {domain} le domaine du groupe d’utilisateurs (p. ex. acme.auth.us-east-1.amazoncognito.com). L’octroi par identifiants client exige un client d’application avec un secret et une portée de serveur de ressources (p. ex. cmic/api). La revendication cmicuser ne peut être ajoutée que par une fonction Lambda de prégénération de jeton.</translation>
    </message>
    <message>
        <source>Cognito access tokens carry no &quot;aud&quot; claim (only client_id), and CMiC requires &quot;aud&quot;; a pre token generation Lambda trigger (event version 2 or later) can add claims to access tokens for client credentials.</source>
        <translation>Les jetons d’accès de Cognito ne portent aucune revendication «&#xa0;aud&#xa0;» (seulement client_id), et CMiC exige «&#xa0;aud&#xa0;»; un déclencheur Lambda de prégénération de jeton (version d’événement 2 ou ultérieure) peut ajouter des revendications aux jetons d’accès pour l’octroi par identifiants client.</translation>
    </message>
    <message>
        <source>Generic OpenID Connect provider</source>
        <translation>Fournisseur OpenID Connect générique</translation>
    </message>
    <message>
        <source>Enter the issuer exactly as the tokens&apos; iss claim carries it, trailing slash included; the console reads the token endpoint and JWKS URI from {issuer}/.well-known/openid-configuration when you validate. Providers that follow RFC 9068 (JWT access tokens) name the client in client_id.</source>
        <translation>Saisissez l’émetteur exactement comme la revendication iss des jetons le porte, barre oblique finale comprise; la console lit le point de terminaison de jeton et l’URI JWKS dans {issuer}/.well-known/openid-configuration au moment de la validation. Les fournisseurs qui suivent la RFC 9068 (jetons d’accès JWT) nomment le client dans client_id.</translation>
    </message>
</context>
<context>
    <name>cmic::IdpPresets</name>
    <message>
        <source>&quot;%1&quot; is missing; it is required</source>
        <translation>«&#xa0;%1&#xa0;» est manquant; il est obligatoire</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a string</source>
        <translation>«&#xa0;%1&#xa0;» doit être une chaîne</translation>
    </message>
    <message>
        <source>&quot;%1&quot; is empty; it is required</source>
        <translation>«&#xa0;%1&#xa0;» est vide; il est obligatoire</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be true or false</source>
        <translation>«&#xa0;%1&#xa0;» doit être true ou false</translation>
    </message>
    <message>
        <source>&quot;%1&quot; must be a list of strings</source>
        <translation>«&#xa0;%1&#xa0;» doit être une liste de chaînes</translation>
    </message>
    <message>
        <source>&quot;%1&quot; uses the placeholder {%2}, which is not listed in &quot;parameters&quot;</source>
        <translation>«&#xa0;%1&#xa0;» utilise le paramètre substituable {%2}, qui ne figure pas dans «&#xa0;parameters&#xa0;»</translation>
    </message>
    <message>
        <source>&quot;id&quot; must be lower-case letters, digits and dashes, e.g. &quot;entra-v1&quot;</source>
        <translation>«&#xa0;id&#xa0;» doit être composé de lettres minuscules, de chiffres et de tirets, p. ex. «&#xa0;entra-v1&#xa0;»</translation>
    </message>
    <message>
        <source>&quot;parameters&quot; holds &quot;%1&quot;, which is not a valid placeholder name</source>
        <translation>«&#xa0;parameters&#xa0;» contient «&#xa0;%1&#xa0;», qui n’est pas un nom de paramètre substituable valide</translation>
    </message>
    <message>
        <source>&quot;assertionAlgorithm&quot; must be RS256, PS256 or ES256</source>
        <translation>«&#xa0;assertionAlgorithm&#xa0;» doit être RS256, PS256 ou ES256</translation>
    </message>
    <message>
        <source>&quot;assertionThumbprint&quot; must be none, x5t or x5t#S256</source>
        <translation>«&#xa0;assertionThumbprint&#xa0;» doit être none, x5t ou x5t#S256</translation>
    </message>
    <message>
        <source>The IdP presets are not valid JSON (%1 at byte %2). Fix the file or restore it from the installation.</source>
        <translation>Les préréglages de fournisseur d’identité ne sont pas du JSON valide (%1 à l’octet %2). Corrigez le fichier ou restaurez-le depuis l’installation.</translation>
    </message>
    <message>
        <source>The IdP presets must be a JSON object with &quot;format&quot;, &quot;version&quot; and &quot;presets&quot;.</source>
        <translation>Les préréglages de fournisseur d’identité doivent être un objet JSON avec «&#xa0;format&#xa0;», «&#xa0;version&#xa0;» et «&#xa0;presets&#xa0;».</translation>
    </message>
    <message>
        <source>The IdP presets document has no &quot;format&quot;: &quot;%1&quot;; it is not a presets file.</source>
        <translation>Le document des préréglages de fournisseur d’identité n’a pas de «&#xa0;format&#xa0;»&#xa0;: «&#xa0;%1&#xa0;»; ce n’est pas un fichier de préréglages.</translation>
    </message>
    <message>
        <source>The IdP presets document needs &quot;version&quot;: %1.</source>
        <translation>Le document des préréglages de fournisseur d’identité exige «&#xa0;version&#xa0;»&#xa0;: %1.</translation>
    </message>
    <message>
        <source>The IdP presets document has version %1; this console reads version %2. Update the console.</source>
        <translation>Le document des préréglages de fournisseur d’identité est en version %1; cette console lit la version %2. Mettez la console à jour.</translation>
    </message>
    <message>
        <source>The IdP presets document needs a &quot;presets&quot; list.</source>
        <translation>Le document des préréglages de fournisseur d’identité exige une liste «&#xa0;presets&#xa0;».</translation>
    </message>
    <message>
        <source>Preset %1</source>
        <translation>Préréglage %1</translation>
    </message>
    <message>
        <source>Preset %1 (&quot;%2&quot;)</source>
        <translation>Préréglage %1 («&#xa0;%2&#xa0;»)</translation>
    </message>
    <message>
        <source>must be a JSON object</source>
        <translation>doit être un objet JSON</translation>
    </message>
    <message>
        <source>the id &quot;%1&quot; is used twice</source>
        <translation>l’identifiant «&#xa0;%1&#xa0;» est utilisé deux fois</translation>
    </message>
    <message>
        <source>The IdP presets document is malformed:</source>
        <translation>Le document des préréglages de fournisseur d’identité est mal formé&#xa0;:</translation>
    </message>
    <message>
        <source>&quot;hosts&quot; holds &quot;%1&quot;, which is not a lower-case host name (&quot;*&quot; stands for one label)</source>
        <translation>«&#xa0;hosts&#xa0;» contient «&#xa0;%1&#xa0;», qui n’est pas un nom d’hôte en minuscules («&#xa0;*&#xa0;» remplace une étiquette)</translation>
    </message>
    <message>
        <source>e.g. %1 (a scope you define at %2)</source>
        <translation>p. ex. %1 (une portée que vous définissez dans %2)</translation>
    </message>
    <message>
        <source>&lt;App ID&gt;</source>
        <translation>&lt;ID d’application&gt;</translation>
    </message>
</context>
<context>
    <name>cmic::KeychainSecretStore</name>
    <message>
        <source>unnamed registration</source>
        <translation>enregistrement sans nom</translation>
    </message>
    <message>
        <source>unsaved workspace</source>
        <translation>espace de travail non enregistré</translation>
    </message>
    <message>
        <source>CMiC OAuth Console — %1 %2 (%3)</source>
        <extracomment>The label of a keychain entry, as Seahorse or KWallet lists it: %1 registration name, %2 &quot;client secret&quot; or &quot;private key&quot;, %3 the workspace file&apos;s name.</extracomment>
        <translation>CMiC OAuth Console — %1 %2 (%3)</translation>
    </message>
</context>
<context>
    <name>cmic::MainWindow</name>
    <message>
        <source>Sections</source>
        <translation>Sections</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Constats</translation>
    </message>
    <message>
        <source>Problems in the setup. Click one to go to the field it is about.</source>
        <translation>Les problèmes de la configuration. Cliquez sur l’un d’eux pour aller au champ qu’il concerne.</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>&amp;Nouveau</translation>
    </message>
    <message>
        <source>Start an empty workspace</source>
        <translation>Commencer un espace de travail vide</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>&amp;Ouvrir…</translation>
    </message>
    <message>
        <source>Open a workspace file</source>
        <translation>Ouvrir un fichier d’espace de travail</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>&amp;Enregistrer</translation>
    </message>
    <message>
        <source>Save the workspace (no secrets are written to it)</source>
        <translation>Enregistrer l’espace de travail (aucun secret n’y est écrit)</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>Enregistrer &amp;sous…</translation>
    </message>
    <message>
        <source>Save the workspace under another name</source>
        <translation>Enregistrer l’espace de travail sous un autre nom</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>E&amp;xporter…</translation>
    </message>
    <message>
        <source>Ctrl+E</source>
        <translation>Ctrl+E</translation>
    </message>
    <message>
        <source>Write the selected registration as a file for a server, CMiC or the IdP (with its secret only when you ask)</source>
        <translation>Écrire l’enregistrement sélectionné dans un fichier pour un serveur, CMiC ou le fournisseur d’identité (avec son secret seulement si vous le demandez)</translation>
    </message>
    <message>
        <source>&amp;Validate Setup…</source>
        <translation>&amp;Valider la configuration…</translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <source>Prove the selected registration end to end: token from the identity provider, CMiC&apos;s checks, a call to CMiC</source>
        <translation>Prouver l’enregistrement sélectionné de bout en bout&#xa0;: jeton du fournisseur d’identité, vérifications de CMiC, un appel à CMiC</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>Close the console</source>
        <translation>Fermer la console</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Annuler</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Rétablir</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>A&amp;jouter</translation>
    </message>
    <message>
        <source>Ctrl+Shift+A</source>
        <translation>Ctrl+Shift+A</translation>
    </message>
    <message>
        <source>Add an object to the current list</source>
        <translation>Ajouter un objet à la liste courante</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>&amp;Supprimer</translation>
    </message>
    <message>
        <source>Ctrl+Del</source>
        <translation>Ctrl+Del</translation>
    </message>
    <message>
        <source>Remove the selected object (undoable)</source>
        <translation>Supprimer l’objet sélectionné (annulable)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Fichiers &amp;récents</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Édition</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>&amp;Outils</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Principale</translation>
    </message>
    <message>
        <source>&amp;Add %1</source>
        <translation>A&amp;jouter %1</translation>
    </message>
    <message>
        <source>Re&amp;move %1</source>
        <translation>&amp;Supprimer %1</translation>
    </message>
    <message>
        <source>%1[*] — CMiC OAuth Console</source>
        <translation>%1[*] — CMiC OAuth Console</translation>
    </message>
    <message>
        <source>Demo unavailable</source>
        <translation>Démonstration non disponible</translation>
    </message>
    <message>
        <source>The built-in example workspace is missing from this build. Reinstall the console.</source>
        <translation>L’espace de travail d’exemple intégré est absent de cette version. Réinstallez la console.</translation>
    </message>
    <message>
        <source>the demo workspace</source>
        <translation>l’espace de travail de démonstration</translation>
    </message>
    <message>
        <source>Demo workspace loaded. It is untitled: Save asks where to keep it.</source>
        <translation>Espace de travail de démonstration chargé. Il est sans titre&#xa0;: Enregistrer vous demandera où le conserver.</translation>
    </message>
    <message>
        <source>Demo sandbox: IdP %1, CMiC stand-in %2. Secrets are kept for this session only; the servers stop with the console.</source>
        <translation>Bac à sable de démonstration&#xa0;: fournisseur d’identité %1, substitut de CMiC %2. Les secrets sont conservés pour cette session seulement; les serveurs s’arrêtent avec la console.</translation>
    </message>
    <message>
        <source>Nothing to export</source>
        <translation>Rien à exporter</translation>
    </message>
    <message>
        <source>Select a registration on the Registrations page first, then choose Export again.</source>
        <translation>Sélectionnez d’abord un enregistrement dans la page Enregistrements, puis choisissez de nouveau Exporter.</translation>
    </message>
    <message>
        <source>Exported %1 with the secret (readable only by you).</source>
        <translation>%1 exporté avec le secret (lisible par vous seul).</translation>
    </message>
    <message>
        <source>Exported %1 (without secrets).</source>
        <translation>%1 exporté (sans secret).</translation>
    </message>
    <message>
        <source>Import the private key, then return to Validate Setup.</source>
        <translation>Importez la clé privée, puis revenez à Valider la configuration.</translation>
    </message>
    <message>
        <source>Enter the client secret and press Enter, then return to Validate Setup.</source>
        <translation>Saisissez le secret client et appuyez sur Entrée, puis revenez à Valider la configuration.</translation>
    </message>
    <message>
        <source>(no recent files)</source>
        <translation>(aucun fichier récent)</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Rétablir</translation>
    </message>
    <message>
        <source>&amp;Workspace Settings…</source>
        <translation>&amp;Paramètres de l’espace de travail…</translation>
    </message>
    <message>
        <source>Ctrl+Alt+S</source>
        <translation>Ctrl+Alt+S</translation>
    </message>
    <message>
        <source>The workspace&apos;s CA bundle, proxy and clock skew (saved in the workspace, undoable)</source>
        <translation>Le groupe d’AC, le serveur mandataire et le décalage d’horloge de l’espace de travail (enregistrés dans l’espace de travail, annulable)</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>Pré&amp;férences…</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <source>Language, theme, export folder and confirmations on this computer</source>
        <translation>Langue, thème, dossier d’exportation et confirmations sur cet ordinateur</translation>
    </message>
    <message>
        <source>&amp;Findings</source>
        <translation>&amp;Constats</translation>
    </message>
    <message>
        <source>Removals no longer ask first; Edit ▸ Preferences turns the question back on.</source>
        <translation>Les suppressions ne demandent plus de confirmation; Édition ▸ Préférences réactive la question.</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Ajouter</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>Setup checklist</source>
        <translation>Liste de vérification</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>Expiration</translation>
    </message>
    <message>
        <source>Client secrets, certificates and signing keys by date, with warnings ahead of time</source>
        <translation>Secrets client, certificats et clés de signature par date, avec des avertissements à l’avance</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Aid&amp;e</translation>
    </message>
    <message>
        <source>&amp;Getting Started</source>
        <translation>&amp;Premiers pas</translation>
    </message>
    <message>
        <source>Open the example workspace and follow its setup checklist</source>
        <translation>Ouvrir l’espace de travail d’exemple et suivre sa liste de vérification de la configuration</translation>
    </message>
    <message>
        <source>&amp;Documentation</source>
        <translation>&amp;Documentation</translation>
    </message>
    <message>
        <source>Open the console&apos;s documentation</source>
        <translation>Ouvrir la documentation de la console</translation>
    </message>
    <message>
        <source>&amp;About CMiC OAuth Console</source>
        <translation>À p&amp;ropos de CMiC OAuth Console</translation>
    </message>
    <message>
        <source>Documentation not found</source>
        <translation>Documentation introuvable</translation>
    </message>
    <message>
        <source>The documentation is not installed with this console. Reinstall it with its documentation, or read README.md and the docs folder of its source.</source>
        <translation>La documentation n’est pas installée avec cette console. Réinstallez la console avec sa documentation, ou lisez README.md et le dossier docs de ses sources.</translation>
    </message>
    <message>
        <source>Could not open the documentation</source>
        <translation>Impossible d’ouvrir la documentation</translation>
    </message>
    <message>
        <source>No program opened %1. Open it yourself with a text editor or a browser.</source>
        <translation>Aucun programme n’a ouvert %1. Ouvrez-le vous-même avec un éditeur de texte ou un navigateur.</translation>
    </message>
    <message>
        <source>Setup &amp;Checklist</source>
        <translation>&amp;Liste de vérification</translation>
    </message>
    <message>
        <source>&amp;Expiry</source>
        <translation>E&amp;xpirations</translation>
    </message>
</context>
<context>
    <name>cmic::Model</name>
    <message>
        <source>Registration</source>
        <translation>Enregistrement</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Environnement</translation>
    </message>
    <message>
        <source>0 (unknown) or a patch number up to %1</source>
        <translation>0 (inconnu) ou un numéro de correctif jusqu’à %1</translation>
    </message>
    <message>
        <source>an unknown patch level</source>
        <translation>un niveau de correctif inconnu</translation>
    </message>
    <message>
        <source>Patch 18 or earlier</source>
        <translation>Patch 18 ou antérieur</translation>
    </message>
    <message>
        <source>Patch 23 or later</source>
        <translation>Patch 23 ou ultérieur</translation>
    </message>
    <message>
        <source>Patch %1</source>
        <translation>Patch %1</translation>
    </message>
    <message>
        <source>%1: member &quot;%2&quot; must be %3.</source>
        <translation>%1&#xa0;: le membre «&#xa0;%2&#xa0;» doit être %3.</translation>
    </message>
    <message>
        <source>a string</source>
        <translation>une chaîne</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true ou false</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>un nombre entier</translation>
    </message>
    <message>
        <source>an array of strings</source>
        <translation>un tableau de chaînes</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>un objet</translation>
    </message>
    <message>
        <source>Enterprise (on-premises)</source>
        <translation>Enterprise (sur site)</translation>
    </message>
    <message>
        <source>Cloud</source>
        <translation>Cloud</translation>
    </message>
    <message>
        <source>Claim in token (Patch 22 and earlier)</source>
        <translation>Revendication dans le jeton (Patch 22 et antérieurs)</translation>
    </message>
    <message>
        <source>Set on registration (later patches)</source>
        <translation>Défini sur l’enregistrement (correctifs ultérieurs)</translation>
    </message>
    <message>
        <source>Client secret, HTTP Basic (client_secret_basic)</source>
        <translation>Secret client, HTTP Basic (client_secret_basic)</translation>
    </message>
    <message>
        <source>Client secret in form body (client_secret_post)</source>
        <translation>Secret client dans le corps du formulaire (client_secret_post)</translation>
    </message>
    <message>
        <source>Signed JWT assertion (private_key_jwt)</source>
        <translation>Assertion JWT signée (private_key_jwt)</translation>
    </message>
    <message>
        <source>System proxy settings</source>
        <translation>Paramètres de serveur mandataire du système</translation>
    </message>
    <message>
        <source>No proxy</source>
        <translation>Aucun serveur mandataire</translation>
    </message>
    <message>
        <source>Explicit proxy</source>
        <translation>Serveur mandataire explicite</translation>
    </message>
    <message>
        <source>Service user</source>
        <translation>Utilisateur de service</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
</context>
<context>
    <name>cmic::ObjectPage</name>
    <message>
        <source>Environments</source>
        <translation>Environnements</translation>
    </message>
    <message>
        <source>The CMiC environments and how their OAuth filter is configured</source>
        <translation>Les environnements CMiC et la configuration de leur filtre OAuth</translation>
    </message>
    <message>
        <source>Filter environments by name, URL…</source>
        <translation>Filtrer les environnements par nom, URL…</translation>
    </message>
    <message>
        <source>Select an environment, or add one with Add Environment.</source>
        <translation>Sélectionnez un environnement, ou ajoutez-en un avec Ajouter un environnement.</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Environnement</translation>
    </message>
    <message>
        <source>Service users</source>
        <translation>Utilisateurs de service</translation>
    </message>
    <message>
        <source>The CMiC users API calls run as</source>
        <translation>Les utilisateurs CMiC sous lesquels les appels d’API s’exécutent</translation>
    </message>
    <message>
        <source>Filter service users by name, e-mail…</source>
        <translation>Filtrer les utilisateurs de service par nom, courriel…</translation>
    </message>
    <message>
        <source>Select a service user, or add one with Add Service User.</source>
        <translation>Sélectionnez un utilisateur de service, ou ajoutez-en un avec Ajouter un utilisateur de service.</translation>
    </message>
    <message>
        <source>Service User</source>
        <translation>Utilisateur de service</translation>
    </message>
    <message>
        <source>Registrations</source>
        <translation>Enregistrements</translation>
    </message>
    <message>
        <source>The app registrations CMiC API Security holds: App ID, Issuer, JWKS URI</source>
        <translation>Les enregistrements d’application que contient CMiC API Security&#xa0;: App ID, émetteur, URI JWKS</translation>
    </message>
    <message>
        <source>Filter registrations by name, App ID, issuer…</source>
        <translation>Filtrer les enregistrements par nom, App ID, émetteur…</translation>
    </message>
    <message>
        <source>Select a registration, or add one with Add Registration.</source>
        <translation>Sélectionnez un enregistrement, ou ajoutez-en un avec Ajouter un enregistrement.</translation>
    </message>
    <message>
        <source>Registration</source>
        <translation>Enregistrement</translation>
    </message>
    <message>
        <source>Filter</source>
        <translation>Filtre</translation>
    </message>
    <message>
        <source>Shows only the rows with this text in a visible column (not case-sensitive).</source>
        <translation>N’affiche que les lignes dont une colonne visible contient ce texte (sans égard à la casse).</translation>
    </message>
    <message>
        <source>Fi&amp;lter:</source>
        <translation>Fi&amp;ltre&#xa0;:</translation>
    </message>
    <message>
        <source>No environment yet. Start here: an environment is the CMiC system the calls go to (its API base URL) and how its OAuth filter reads the user.</source>
        <translation>Aucun environnement pour l’instant. Commencez ici&#xa0;: un environnement est le système CMiC auquel les appels sont destinés (son URL de base de l’API) et la façon dont son filtre OAuth lit l’utilisateur.</translation>
    </message>
    <message>
        <source>No service user yet. Add the dedicated CMiC user the API calls run as (step 1 of the setup); no person should sign in with it.</source>
        <translation>Aucun utilisateur de service pour l’instant. Ajoutez l’utilisateur CMiC dédié sous l’identité duquel les appels d’API s’exécutent (étape 1 de la configuration); personne ne devrait se connecter avec cet utilisateur.</translation>
    </message>
    <message>
        <source>No registration yet. A registration is the app in your identity provider as CMiC API Security knows it: App ID, Issuer, JWKS URI. Add the environment and the service user first; the setup checklist below shows the steps.</source>
        <translation>Aucun enregistrement pour l’instant. Un enregistrement est l’application de votre fournisseur d’identité telle que CMiC API Security la connaît&#xa0;: App ID, émetteur, URI JWKS. Ajoutez d’abord l’environnement et l’utilisateur de service; la liste de vérification de la configuration ci-dessous présente les étapes.</translation>
    </message>
    <message>
        <source>&amp;Add %1</source>
        <translation>A&amp;jouter %1</translation>
    </message>
    <message>
        <source>Add %1</source>
        <translation>Ajouter %1</translation>
    </message>
</context>
<context>
    <name>cmic::ObjectTableModel</name>
    <message>
        <source>Yes</source>
        <translation>Oui</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Non</translation>
    </message>
</context>
<context>
    <name>cmic::OptionalDateEdit</name>
    <message>
        <source>Known</source>
        <translation>Connue</translation>
    </message>
    <message>
        <source>Uncheck when you do not know when the secret expires (you will get a reminder to find out).</source>
        <translation>Décochez si vous ne savez pas quand le secret expire (vous recevrez un rappel pour le découvrir).</translation>
    </message>
    <message>
        <source>Expiry date known</source>
        <translation>Date d’expiration connue</translation>
    </message>
    <message>
        <source>Secret expiry date</source>
        <translation>Date d’expiration du secret</translation>
    </message>
    <message>
        <source>not known</source>
        <translation>inconnue</translation>
    </message>
</context>
<context>
    <name>cmic::PermissionsMatrixView</name>
    <message>
        <source>Permissions matrix</source>
        <translation>Matrice des permissions</translation>
    </message>
    <message>
        <source>Each probe endpoint with CMiC&apos;s answer to the service user&apos;s request.</source>
        <translation>Chaque point de terminaison de sonde, avec la réponse de CMiC à la requête de l’utilisateur de service.</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Point de terminaison</translation>
    </message>
    <message>
        <source>CMiC&apos;s answer</source>
        <translation>Réponse de CMiC</translation>
    </message>
    <message>
        <source>What it means</source>
        <translation>Signification</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>aucune réponse</translation>
    </message>
    <message>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
</context>
<context>
    <name>cmic::PortableConfig</name>
    <message>
        <source>The portable config</source>
        <translation>La configuration portable</translation>
    </message>
    <message>
        <source>%1 is larger than %2 bytes, far more than one registration needs: it is not a portable config. Export the portable config again.</source>
        <translation>%1 dépasse %2 octets, bien plus qu’il n’en faut pour un enregistrement&#xa0;: ce n’est pas une configuration portable. Exportez de nouveau la configuration portable.</translation>
    </message>
    <message>
        <source>%1 is not a JSON object (%2). Export the portable config again, or check that the whole file was copied.</source>
        <translation>%1 n’est pas un objet JSON (%2). Exportez de nouveau la configuration portable, ou vérifiez que le fichier a été copié en entier.</translation>
    </message>
    <message>
        <source>its top level is not an object</source>
        <translation>son niveau supérieur n’est pas un objet</translation>
    </message>
    <message>
        <source>%1 could not be read: %2. Give each member once and keep strings free of control characters.</source>
        <translation>%1 n’a pas pu être lu&#xa0;: %2. Donnez chaque membre une seule fois et gardez les chaînes exemptes de caractères de contrôle.</translation>
    </message>
    <message>
        <source>%1 is not a portable config: its &quot;format&quot; is not &quot;%2&quot;. Give a file exported as &quot;Portable config&quot;, or a workspace.</source>
        <translation>%1 n’est pas une configuration portable&#xa0;: son «&#xa0;format&#xa0;» n’est pas «&#xa0;%2&#xa0;». Fournissez un fichier exporté comme «&#xa0;Configuration portable&#xa0;», ou un espace de travail.</translation>
    </message>
    <message>
        <source>%1 has no valid &quot;schema&quot; member (a whole number, 1 or higher). Export the portable config again.</source>
        <translation>%1 n’a pas de membre «&#xa0;schema&#xa0;» valide (un nombre entier, 1 ou plus). Exportez de nouveau la configuration portable.</translation>
    </message>
    <message>
        <source>%1 uses portable config schema %2; this cmic-oauth reads schema %3 and earlier. Update cmic-oauth on this computer, or export with the matching console version.</source>
        <translation>%1 utilise le schéma de configuration portable %2; ce cmic-oauth lit le schéma %3 et les précédents. Mettez cmic-oauth à jour sur cet ordinateur, ou exportez avec la version de console correspondante.</translation>
    </message>
    <message>
        <source>member &quot;%1&quot; is missing.</source>
        <translation>le membre «&#xa0;%1&#xa0;» est manquant.</translation>
    </message>
    <message>
        <source>member &quot;%1&quot; must be an object.</source>
        <translation>le membre «&#xa0;%1&#xa0;» doit être un objet.</translation>
    </message>
    <message>
        <source>member &quot;workspaceId&quot; must be a string.</source>
        <translation>le membre «&#xa0;workspaceId&#xa0;» doit être une chaîne.</translation>
    </message>
    <message>
        <source>member &quot;secret&quot; must be a string: env:NAME, file:PATH or keychain (never the secret itself).</source>
        <translation>le membre «&#xa0;secret&#xa0;» doit être une chaîne&#xa0;: env:NOM, file:CHEMIN ou keychain (jamais le secret lui-même).</translation>
    </message>
    <message>
        <source>the registration&apos;s &quot;environmentId&quot; (%1) is not the &quot;id&quot; of the file&apos;s environment (%2). Export the portable config again.</source>
        <translation>le «&#xa0;environmentId&#xa0;» de l’enregistrement (%1) n’est pas l’«&#xa0;id&#xa0;» de l’environnement du fichier (%2). Exportez de nouveau la configuration portable.</translation>
    </message>
    <message>
        <source>the registration names environment %1, but the file has no &quot;environment&quot; member. Export the portable config again.</source>
        <translation>l’enregistrement nomme l’environnement %1, mais le fichier n’a pas de membre «&#xa0;environment&#xa0;». Exportez de nouveau la configuration portable.</translation>
    </message>
    <message>
        <source>the registration&apos;s &quot;serviceUserId&quot; (%1) is not the &quot;id&quot; of the file&apos;s service user (%2). Export the portable config again.</source>
        <translation>le «&#xa0;serviceUserId&#xa0;» de l’enregistrement (%1) n’est pas l’«&#xa0;id&#xa0;» de l’utilisateur de service du fichier (%2). Exportez de nouveau la configuration portable.</translation>
    </message>
    <message>
        <source>the registration names service user %1, but the file has no &quot;serviceUser&quot; member. Export the portable config again.</source>
        <translation>l’enregistrement nomme l’utilisateur de service %1, mais le fichier n’a pas de membre «&#xa0;serviceUser&#xa0;». Exportez de nouveau la configuration portable.</translation>
    </message>
    <message>
        <source>%1 is a portable config, but some of its members cannot be used:
%2
Correct them in a text editor or export the portable config again.</source>
        <translation>%1 est une configuration portable, mais certains de ses membres sont inutilisables&#xa0;:
%2
Corrigez-les dans un éditeur de texte ou exportez de nouveau la configuration portable.</translation>
    </message>
    <message>
        <source>%1. Give the path of the exported portable config.</source>
        <translation>%1. Donnez le chemin de la configuration portable exportée.</translation>
    </message>
</context>
<context>
    <name>cmic::PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Préférences</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Langue du système</translation>
    </message>
    <message>
        <source>A new language applies the next time the console starts.</source>
        <translation>Une nouvelle langue s’applique au prochain démarrage de la console.</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Thème</translation>
    </message>
    <message>
        <source>System</source>
        <translation>Système</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Clair</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Sombre</translation>
    </message>
    <message>
        <source>Default export folder</source>
        <translation>Dossier d’exportation par défaut</translation>
    </message>
    <message>
        <source>The workspace&apos;s folder, or your home folder</source>
        <translation>Le dossier de l’espace de travail, ou votre dossier personnel</translation>
    </message>
    <message>
        <source>Where File ▸ Export saves until you have saved an export somewhere else</source>
        <translation>Où Fichier ▸ Exporter enregistre, jusqu’à ce que vous ayez enregistré une exportation ailleurs</translation>
    </message>
    <message>
        <source>C&amp;hoose…</source>
        <translation>C&amp;hoisir…</translation>
    </message>
    <message>
        <source>Choose the default export folder</source>
        <translation>Choisir le dossier d’exportation par défaut</translation>
    </message>
    <message>
        <source>&amp;Ask before removing an environment, service user, registration or probe endpoint</source>
        <translation>&amp;Demander avant de supprimer un environnement, un utilisateur de service, un enregistrement ou un point de terminaison de sonde</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Langue&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>&amp;Thème&#xa0;:</translation>
    </message>
    <message>
        <source>Default &amp;export folder:</source>
        <translation>Dossier d’&amp;exportation par défaut&#xa0;:</translation>
    </message>
    <message>
        <source>%1 is not a folder. Choose an existing folder, or clear the field to use the workspace&apos;s folder.</source>
        <translation>%1 n’est pas un dossier. Choisissez un dossier existant, ou videz le champ pour utiliser le dossier de l’espace de travail.</translation>
    </message>
</context>
<context>
    <name>cmic::PrivateKeyField</name>
    <message>
        <source>Import the client&apos;s private key</source>
        <translation>Importer la clé privée du client</translation>
    </message>
    <message>
        <source>PEM private keys (*.pem *.key);;All files (*)</source>
        <translation>Clés privées PEM (*.pem *.key);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Import the private key from a PEM file</source>
        <translation>Importer la clé privée depuis un fichier PEM</translation>
    </message>
    <message>
        <source>Reads an unencrypted PEM private key (RSA 2048 bits or more, or P-256) and keeps it in the system keychain only. The file itself is not changed.</source>
        <translation>Lit une clé privée PEM non chiffrée (RSA de 2048 bits ou plus, ou P-256) et la conserve seulement dans le trousseau du système. Le fichier lui-même n’est pas modifié.</translation>
    </message>
    <message>
        <source>Copy the public key as a JWK</source>
        <translation>Copier la clé publique en JWK</translation>
    </message>
    <message>
        <source>Copies the public half of the key as a JSON Web Key, to register in the identity provider&apos;s app registration.</source>
        <translation>Copie la moitié publique de la clé sous forme de JSON Web Key, à inscrire dans l’enregistrement d’application du fournisseur d’identité.</translation>
    </message>
    <message>
        <source>Remove the private key from the keychain</source>
        <translation>Supprimer la clé privée du trousseau</translation>
    </message>
    <message>
        <source>an RSA key (signs %1)</source>
        <translation>une clé RSA (signe %1)</translation>
    </message>
    <message>
        <source>a P-256 key (signs ES256)</source>
        <translation>une clé P-256 (signe ES256)</translation>
    </message>
    <message>
        <source>%1 is %2, not a file. Choose the PEM file that holds the private key.</source>
        <translation>%1 est %2, pas un fichier. Choisissez le fichier PEM qui contient la clé privée.</translation>
    </message>
    <message>
        <source>%1 could not be read (%2). Choose the PEM file that holds the private key.</source>
        <translation>%1 n’a pas pu être lu (%2). Choisissez le fichier PEM qui contient la clé privée.</translation>
    </message>
    <message>
        <source>%1 is %2 KiB, too large for a PEM private key. Choose the .pem or .key file that holds only the key.</source>
        <translation>%1 fait %2 Kio, trop pour une clé privée PEM. Choisissez le fichier .pem ou .key qui ne contient que la clé.</translation>
    </message>
    <message>
        <source>%1 was not stored: %2</source>
        <translation>%1 n’a pas été enregistré&#xa0;: %2</translation>
    </message>
    <message>
        <source>The stored key cannot be used any more; import the key again.</source>
        <translation>La clé enregistrée n’est plus utilisable; importez de nouveau la clé.</translation>
    </message>
    <message>
        <source>this session only</source>
        <translation>cette session seulement</translation>
    </message>
    <message>
        <source>Select a registration to see its private key.</source>
        <translation>Sélectionnez un enregistrement pour voir sa clé privée.</translation>
    </message>
    <message>
        <source>Reading the keychain…</source>
        <translation>Lecture du trousseau…</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Enregistrement…</translation>
    </message>
    <message>
        <source>Stored in %1: %2. Register its public key in the identity provider.</source>
        <translation>Enregistrée dans %1&#xa0;: %2. Inscrivez sa clé publique chez le fournisseur d’identité.</translation>
    </message>
    <message>
        <source>No private key stored. Import the client&apos;s PEM private key; it is kept in %1 only.</source>
        <translation>Aucune clé privée enregistrée. Importez la clé privée PEM du client; elle est conservée dans %1 seulement.</translation>
    </message>
    <message>
        <source>Import PEM…</source>
        <translation>Importer un PEM…</translation>
    </message>
    <message>
        <source>Copy public key</source>
        <translation>Copier la clé publique</translation>
    </message>
    <message>
        <source>Remove key</source>
        <translation>Supprimer la clé</translation>
    </message>
</context>
<context>
    <name>cmic::RegistrationForm</name>
    <message>
        <source>Tenant (directory) ID:</source>
        <translation>ID du locataire (annuaire)&#xa0;:</translation>
    </message>
    <message>
        <source>Domain:</source>
        <translation>Domaine&#xa0;:</translation>
    </message>
    <message>
        <source>Realm:</source>
        <translation>Domaine (realm)&#xa0;:</translation>
    </message>
    <message>
        <source>Region:</source>
        <translation>Région&#xa0;:</translation>
    </message>
    <message>
        <source>Authorization server ID:</source>
        <translation>ID du serveur d’autorisation&#xa0;:</translation>
    </message>
    <message>
        <source>User pool ID:</source>
        <translation>ID du groupe d’utilisateurs&#xa0;:</translation>
    </message>
    <message>
        <source>Private key</source>
        <translation>Clé privée</translation>
    </message>
    <message>
        <source>Private &amp;key:</source>
        <translation>&amp;Clé privée&#xa0;:</translation>
    </message>
    <message>
        <source>As the IdP&apos;s discovery lists (else the key&apos;s default)</source>
        <translation>Comme l’indique la découverte du fournisseur d’identité (sinon, la valeur par défaut de la clé)</translation>
    </message>
    <message>
        <source>optional kid</source>
        <translation>kid facultatif</translation>
    </message>
    <message>
        <source>Paste the public certificate uploaded to the IdP (-----BEGIN CERTIFICATE-----); optional</source>
        <translation>Collez le certificat public téléversé chez le fournisseur d’identité (-----BEGIN CERTIFICATE-----); facultatif</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Aucune</translation>
    </message>
    <message>
        <source>x5t#S256 (SHA-256; Entra, current docs)</source>
        <translation>x5t#S256 (SHA-256; Entra, documentation actuelle)</translation>
    </message>
    <message>
        <source>x5t (SHA-1; Entra, older docs)</source>
        <translation>x5t (SHA-1; Entra, documentation plus ancienne)</translation>
    </message>
    <message>
        <source>Import certificate file</source>
        <translation>Importer un fichier de certificat</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Certificat</translation>
    </message>
    <message>
        <source>Import the certificate from a PEM file (.pem, .crt, .cer), or from a PKCS#12 file (.pfx, .p12) with its private key, which goes to the keychain.</source>
        <translation>Importer le certificat depuis un fichier PEM (.pem, .crt, .cer), ou depuis un fichier PKCS#12 (.pfx, .p12) avec sa clé privée, qui va dans le trousseau.</translation>
    </message>
    <message>
        <source>Import certificate</source>
        <translation>Importer un certificat</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer *.pfx *.p12);;All files (*)</source>
        <translation>Certificats (*.pem *.crt *.cer *.pfx *.p12);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Ce&amp;rtificate:</source>
        <translation>Cer&amp;tificat&#xa0;:</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(aucun)</translation>
    </message>
    <message>
        <source>Key e&amp;xpires:</source>
        <translation>E&amp;xpiration de la clé&#xa0;:</translation>
    </message>
    <message>
        <source>Secret e&amp;xpires:</source>
        <translation>E&amp;xpiration du secret&#xa0;:</translation>
    </message>
    <message>
        <source>Choose the certificate file (.pem, .crt, .cer, or .pfx/.p12 with the key).</source>
        <translation>Choisissez le fichier de certificat (.pem, .crt, .cer, ou .pfx/.p12 avec la clé).</translation>
    </message>
    <message>
        <source>%1 was not imported: %2</source>
        <translation>%1 n’a pas été importé&#xa0;: %2</translation>
    </message>
    <message>
        <source>Certificate password</source>
        <translation>Mot de passe du certificat</translation>
    </message>
    <message>
        <source>The password %1 was exported with (empty if none):</source>
        <translation>Le mot de passe avec lequel %1 a été exporté (vide s’il n’y en a pas)&#xa0;:</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>(sans nom)</translation>
    </message>
    <message>
        <source>(choose an environment)</source>
        <translation>(choisissez un environnement)</translation>
    </message>
    <message>
        <source>Fills {%1} in the preset&apos;s URL templates; the URLs below update as you type.</source>
        <translation>Remplit {%1} dans les modèles d’URL du préréglage; les URL ci-dessous se mettent à jour pendant la saisie.</translation>
    </message>
    <message>
        <source>%1 — CMiC compares this claim in the token with the App ID.</source>
        <translation>%1 — CMiC compare cette revendication du jeton avec l’App ID.</translation>
    </message>
    <message>
        <source>Choose a preset to see which claim carries the client id.</source>
        <translation>Choisissez un préréglage pour voir quelle revendication porte l’identifiant client.</translation>
    </message>
    <message>
        <source>Thum&amp;bprint:</source>
        <translatorcomment>[no accelerator] every letter of it is taken on its form</translatorcomment>
        <translation>Empreinte&#xa0;:</translation>
    </message>
    <message>
        <source>Appl&amp;y</source>
        <translation>Appli&amp;quer</translation>
    </message>
    <message>
        <source>Apply the chosen preset</source>
        <translation>Appliquer le préréglage choisi</translation>
    </message>
    <message>
        <source>Apply the preset chosen in the list (Enter in the list does the same); undoable.</source>
        <translation>Appliquer le préréglage choisi dans la liste (la touche Entrée dans la liste fait de même); annulable.</translation>
    </message>
    <message>
        <source>Certificate file…</source>
        <translation>Fichier de certificat…</translation>
    </message>
    <message>
        <source>Assertion al&amp;gorithm:</source>
        <translation>Al&amp;gorithme d’assertion&#xa0;:</translation>
    </message>
    <message>
        <source>Key ID (kid):</source>
        <translation>ID de clé (kid)&#xa0;:</translation>
    </message>
</context>
<context>
    <name>cmic::RegistrationModel</name>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Environnement</translation>
    </message>
    <message>
        <source>Identity provider</source>
        <translation>Fournisseur d’identité</translation>
    </message>
    <message>
        <source>Preset parameters</source>
        <translation>Paramètres du préréglage</translation>
    </message>
    <message>
        <source>App ID</source>
        <translation>App ID</translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation>Émetteur</translation>
    </message>
    <message>
        <source>JWKS URI</source>
        <translation>URI JWKS</translation>
    </message>
    <message>
        <source>Token endpoint</source>
        <translation>Point de terminaison du jeton</translation>
    </message>
    <message>
        <source>Discovery URL</source>
        <translation>URL de découverte</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Portée</translation>
    </message>
    <message>
        <source>Audience</source>
        <translation>Audience</translation>
    </message>
    <message>
        <source>Resource</source>
        <translation>Ressource</translation>
    </message>
    <message>
        <source>Client authentication</source>
        <translation>Authentification du client</translation>
    </message>
    <message>
        <source>Service user</source>
        <translation>Utilisateur de service</translation>
    </message>
    <message>
        <source>Secret expires</source>
        <translation>Expiration du secret</translation>
    </message>
    <message>
        <source>Assertion algorithm</source>
        <translation>Algorithme d’assertion</translation>
    </message>
    <message>
        <source>Assertion key ID</source>
        <translation>ID de clé d’assertion</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Certificat</translation>
    </message>
    <message>
        <source>Certificate thumbprint</source>
        <translation>Empreinte du certificat</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Remarques</translation>
    </message>
    <message>
        <source>Edit %1 of registration &quot;%2&quot;</source>
        <translation>Modifier %1 de l’enregistrement «&#xa0;%2&#xa0;»</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>(sans nom)</translation>
    </message>
    <message>
        <source>Apply %1 preset to &quot;%2&quot;</source>
        <translation>Appliquer le préréglage %1 à «&#xa0;%2&#xa0;»</translation>
    </message>
    <message>
        <source>New registration</source>
        <translation>Nouvel enregistrement</translation>
    </message>
    <message>
        <source>Add registration</source>
        <translation>Ajouter un enregistrement</translation>
    </message>
    <message>
        <source>Remove registration &quot;%1&quot;</source>
        <translation>Supprimer l’enregistrement «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>Last validation</source>
        <translation>Dernière validation</translation>
    </message>
    <message>
        <source>Not validated yet: Tools ▸ Validate Setup… proves it.</source>
        <translation>Pas encore validé&#xa0;: Outils ▸ Valider la configuration… en fait la preuve.</translation>
    </message>
    <message>
        <source>None</source>
        <comment>assertion thumbprint</comment>
        <translation>Aucune</translation>
    </message>
</context>
<context>
    <name>cmic::Removal</name>
    <message>
        <source>You can bring it back with Edit ▸ Undo.</source>
        <translation>Vous pouvez annuler la suppression avec Édition ▸ Annuler.</translation>
    </message>
    <message>
        <source>Remove environment</source>
        <translation>Supprimer l’environnement</translation>
    </message>
    <message numerus="yes">
        <source>%n registration(s) use environment %1: they will have no environment.</source>
        <translation>
            <numerusform>%n enregistrement utilise l’environnement %1&#xa0;: il n’aura plus d’environnement.</numerusform>
            <numerusform>%n enregistrements utilisent l’environnement %1&#xa0;: ils n’auront plus d’environnement.</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove environment %1? No registration uses it.</source>
        <translation>Supprimer l’environnement %1&#xa0;? Aucun enregistrement ne l’utilise.</translation>
    </message>
    <message>
        <source>Remove service user</source>
        <translation>Supprimer l’utilisateur de service</translation>
    </message>
    <message numerus="yes">
        <source>%n registration(s) use service user %1: they will have no service user.</source>
        <translation>
            <numerusform>%n enregistrement utilise l’utilisateur de service %1&#xa0;: il n’aura plus d’utilisateur de service.</numerusform>
            <numerusform>%n enregistrements utilisent l’utilisateur de service %1&#xa0;: ils n’auront plus d’utilisateur de service.</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove service user %1? No registration uses it.</source>
        <translation>Supprimer l’utilisateur de service %1&#xa0;? Aucun enregistrement ne l’utilise.</translation>
    </message>
    <message>
        <source>Remove registration</source>
        <translation>Supprimer l’enregistrement</translation>
    </message>
    <message>
        <source>Remove registration %1? Its client secret or private key is deleted from the keychain when you save.</source>
        <translation>Supprimer l’enregistrement %1&#xa0;? Son secret client ou sa clé privée sera effacé du trousseau lorsque vous enregistrerez.</translation>
    </message>
    <message>
        <source>Remove probe endpoint</source>
        <translation>Supprimer le point de terminaison de sonde</translation>
    </message>
    <message>
        <source>Remove probe endpoint %1 from environment %2? Validate Setup will no longer call it.</source>
        <translation>Supprimer le point de terminaison de sonde %1 de l’environnement %2&#xa0;? Valider la configuration ne l’appellera plus.</translation>
    </message>
    <message>
        <source>“%1”</source>
        <comment>a name quoted inside a sentence</comment>
        <translation>«&#xa0;%1&#xa0;»</translation>
    </message>
</context>
<context>
    <name>cmic::SecretField</name>
    <message>
        <source>Hide secret</source>
        <translation>Masquer le secret</translation>
    </message>
    <message>
        <source>Show secret</source>
        <translation>Afficher le secret</translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation>Secret client</translation>
    </message>
    <message>
        <source>stored in the system keychain only</source>
        <translation>conservé seulement dans le trousseau du système</translation>
    </message>
    <message>
        <source>The client secret is saved in the system keychain when you press Enter or leave the field. It is never written to the workspace file or to exports. Clear the field to remove it.</source>
        <translation>Le secret client est enregistré dans le trousseau du système quand vous appuyez sur Entrée ou quittez le champ. Il n’est jamais écrit dans le fichier d’espace de travail ni dans les exportations. Videz le champ pour le supprimer.</translation>
    </message>
    <message>
        <source>&amp;Keep for this session only (forgotten when the console closes)</source>
        <translation>&amp;Conserver pour cette session seulement (oublié à la fermeture de la console)</translation>
    </message>
    <message>
        <source>Keep the client secret for this session only</source>
        <translation>Conserver le secret client pour cette session seulement</translation>
    </message>
    <message>
        <source>Select a registration to see its client secret.</source>
        <translation>Sélectionnez un enregistrement pour voir son secret client.</translation>
    </message>
    <message>
        <source>Reading the keychain…</source>
        <translation>Lecture du trousseau…</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Enregistrement…</translation>
    </message>
    <message>
        <source>Stored in %1.</source>
        <translation>Enregistré dans %1.</translation>
    </message>
    <message>
        <source>Not stored. Type the secret to keep it for this session only.</source>
        <translation>Non enregistré. Tapez le secret pour le conserver pour cette session seulement.</translation>
    </message>
    <message>
        <source>Not stored. Type the secret and press Enter to save it in %1.</source>
        <translation>Non enregistré. Tapez le secret et appuyez sur Entrée pour l’enregistrer dans %1.</translation>
    </message>
    <message>
        <source>the keychain</source>
        <translation>le trousseau</translation>
    </message>
    <message>
        <source>Kept for this session only: it is not saved anywhere and must be entered again after the console closes.</source>
        <translation>Conservé pour cette session seulement&#xa0;: il n’est enregistré nulle part et devra être saisi de nouveau après la fermeture de la console.</translation>
    </message>
    <message>
        <source>Keychain unavailable: %1 You can keep the secret for this session only.</source>
        <translation>Trousseau non disponible&#xa0;: %1 Vous pouvez conserver le secret pour cette session seulement.</translation>
    </message>
    <message>
        <source>Ctrl+H</source>
        <extracomment>The shortcut, in the secret field, that shows or hides the secret typed there.</extracomment>
        <translation>Ctrl+H</translation>
    </message>
    <message>
        <source>Hide the client secret (%1)</source>
        <translation>Masquer le secret client (%1)</translation>
    </message>
    <message>
        <source>Show the client secret (%1)</source>
        <translation>Afficher le secret client (%1)</translation>
    </message>
    <message>
        <source>%1 shows or hides the secret.</source>
        <translation>%1 affiche ou masque le secret.</translation>
    </message>
</context>
<context>
    <name>cmic::SecretReference</name>
    <message>
        <source>the secret reference &quot;%1&quot; does not name an environment variable: after &quot;env:&quot; write a name made of letters, digits and _, e.g. env:CMIC_CLIENT_SECRET.</source>
        <translation>la référence de secret «&#xa0;%1&#xa0;» ne nomme pas une variable d’environnement&#xa0;: après «&#xa0;env:&#xa0;», écrivez un nom fait de lettres, de chiffres et de _, p. ex. env:CMIC_CLIENT_SECRET.</translation>
    </message>
    <message>
        <source>the secret reference &quot;%1&quot; names no file: after &quot;file:&quot; write the path of a file only its owner can read (mode 0600), e.g. file:/etc/cmic/client-secret.</source>
        <translation>la référence de secret «&#xa0;%1&#xa0;» ne nomme aucun fichier&#xa0;: après «&#xa0;file:&#xa0;», écrivez le chemin d’un fichier que seul son propriétaire peut lire (mode 0600), p. ex. file:/etc/cmic/client-secret.</translation>
    </message>
    <message>
        <source>the secret reference &quot;%1&quot; is not one this version knows: write env:NAME, file:PATH or keychain.</source>
        <translation>la référence de secret «&#xa0;%1&#xa0;» n’est pas connue de cette version&#xa0;: écrivez env:NOM, file:CHEMIN ou keychain.</translation>
    </message>
    <message>
        <source>The secret file %1 does not exist. Write the secret there (mode 0600), or give it another way.</source>
        <translation>Le fichier de secret %1 n’existe pas. Écrivez-y le secret (mode 0600), ou fournissez-le autrement.</translation>
    </message>
    <message>
        <source>The secret file %1 cannot be opened (%2). Check that this user may read it.</source>
        <translation>Le fichier de secret %1 ne peut pas être ouvert (%2). Vérifiez que cet utilisateur peut le lire.</translation>
    </message>
    <message>
        <source>The secret file %1 cannot be read.</source>
        <translation>Le fichier de secret %1 ne peut pas être lu.</translation>
    </message>
    <message>
        <source>%1 is not a regular file, so it cannot hold the secret. Give the path of a file.</source>
        <translation>%1 n’est pas un fichier ordinaire; il ne peut donc pas contenir le secret. Donnez le chemin d’un fichier.</translation>
    </message>
    <message>
        <source>The secret file %1 has mode %2: others than its owner may read or change it, so it is not used. Run chmod 600 on it and try again.</source>
        <translation>Le fichier de secret %1 a le mode %2&#xa0;: d’autres que son propriétaire peuvent le lire ou le modifier; il n’est donc pas utilisé. Exécutez chmod 600 sur ce fichier et réessayez.</translation>
    </message>
    <message>
        <source>The secret file %1 holds more than %2 bytes; keep only the secret in it.</source>
        <translation>Le fichier de secret %1 contient plus de %2 octets; n’y gardez que le secret.</translation>
    </message>
    <message>
        <source>The secret file %1 is empty. Write the secret in it.</source>
        <translation>Le fichier de secret %1 est vide. Écrivez-y le secret.</translation>
    </message>
</context>
<context>
    <name>cmic::SecretStore</name>
    <message>
        <source>macOS Keychain</source>
        <translation>Trousseau macOS</translation>
    </message>
    <message>
        <source>Windows Credential Manager</source>
        <translation>Gestionnaire d’identification Windows</translation>
    </message>
    <message>
        <source>desktop keyring (Secret Service)</source>
        <translation>trousseau du bureau (Secret Service)</translation>
    </message>
    <message>
        <source>this session only (not saved)</source>
        <translation>cette session seulement (non enregistré)</translation>
    </message>
    <message>
        <source>No secret is stored for this registration yet. Enter the secret and save it.</source>
        <translation>Aucun secret n’est encore enregistré pour cet enregistrement. Saisissez le secret et enregistrez-le.</translation>
    </message>
    <message>
        <source>No keychain is running (Secret Service over D-Bus). Start your desktop&apos;s keyring (gnome-keyring or KWallet) and try again, or keep the secret for this session only.</source>
        <translation>Aucun trousseau n’est en cours d’exécution (Secret Service sur D-Bus). Démarrez le trousseau de votre bureau (gnome-keyring ou KWallet) et réessayez, ou conservez le secret pour cette session seulement.</translation>
    </message>
    <message>
        <source>The keychain is locked or access to it was refused. Unlock your keyring (your desktop asks for its password), allow CMiC OAuth Console to use it, and try again, or keep the secret for this session only.</source>
        <translation>Le trousseau est verrouillé ou son accès a été refusé. Déverrouillez votre trousseau (votre bureau demande son mot de passe), autorisez CMiC OAuth Console à l’utiliser et réessayez, ou conservez le secret pour cette session seulement.</translation>
    </message>
    <message>
        <source>The keychain could not complete the request. Try again; if it keeps failing, restart your desktop&apos;s keyring or keep the secret for this session only.</source>
        <translation>Le trousseau n’a pas pu traiter la demande. Réessayez; si l’échec persiste, redémarrez le trousseau de votre bureau ou conservez le secret pour cette session seulement.</translation>
    </message>
    <message>
        <source>(The keychain said: %1)</source>
        <translation>(Le trousseau a répondu&#xa0;: %1)</translation>
    </message>
</context>
<context>
    <name>cmic::ServiceUserModel</name>
    <message>
        <source>Username</source>
        <translation>Nom d’utilisateur</translation>
    </message>
    <message>
        <source>E-mail username</source>
        <translation>Nom d’utilisateur courriel</translation>
    </message>
    <message>
        <source>Display name</source>
        <translation>Nom affiché</translation>
    </message>
    <message>
        <source>Dedicated</source>
        <translation>Dédié</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Remarques</translation>
    </message>
    <message>
        <source>Edit %1 of service user &quot;%2&quot;</source>
        <translation>Modifier %1 de l’utilisateur de service «&#xa0;%2&#xa0;»</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>(sans nom)</translation>
    </message>
    <message>
        <source>Add service user</source>
        <translation>Ajouter un utilisateur de service</translation>
    </message>
    <message>
        <source>Remove service user &quot;%1&quot;</source>
        <translation>Supprimer l’utilisateur de service «&#xa0;%1&#xa0;»</translation>
    </message>
</context>
<context>
    <name>cmic::ServiceUserResolver</name>
    <message>
        <source>CMiC runs the call as %1, the service user set on the registration; the token&apos;s claim is not needed.</source>
        <translation>CMiC exécute l’appel en tant que %1, l’utilisateur de service défini sur l’enregistrement; la revendication du jeton n’est pas nécessaire.</translation>
    </message>
    <message>
        <source>The token&apos;s &quot;%1&quot; claim names &quot;%2&quot;, someone else; CMiC ignores it, but it shows the IdP is set up for a different user.</source>
        <translation>La revendication «&#xa0;%1&#xa0;» du jeton nomme «&#xa0;%2&#xa0;», quelqu’un d’autre; CMiC l’ignore, mais cela montre que le fournisseur d’identité est configuré pour un autre utilisateur.</translation>
    </message>
    <message>
        <source>Remove the &quot;%1&quot; claim from the IdP&apos;s token, or make it name %2, so the setup does not mislead the next person who reads it.</source>
        <translation>Retirez la revendication «&#xa0;%1&#xa0;» du jeton du fournisseur d’identité, ou faites-lui nommer %2, afin que la configuration n’induise pas en erreur la prochaine personne qui la lira.</translation>
    </message>
    <message>
        <source>That is not %1, the service user chosen for this registration: CMiC runs the calls as %2 (or refuses them if %2 is no valid CMiC user).</source>
        <translation>Ce n’est pas %1, l’utilisateur de service choisi pour cet enregistrement&#xa0;: CMiC exécute les appels en tant que %2 (ou les refuse si %2 n’est pas un utilisateur CMiC valide).</translation>
    </message>
    <message>
        <source>Make the IdP send the registration&apos;s service user in the claim, or choose %1 as the registration&apos;s service user.</source>
        <translation>Faites envoyer par le fournisseur d’identité l’utilisateur de service de l’enregistrement dans la revendication, ou choisissez %1 comme utilisateur de service de l’enregistrement.</translation>
    </message>
    <message>
        <source>Make the IdP send &quot;%1&quot; in the claim, or choose %2 as the registration&apos;s service user.</source>
        <translation>Faites envoyer «&#xa0;%1&#xa0;» dans la revendication par le fournisseur d’identité, ou choisissez %2 comme utilisateur de service de l’enregistrement.</translation>
    </message>
    <message>
        <source>The &quot;%1&quot; claim is &quot;%2&quot;, the Cloud form tenant||username, but this environment is Enterprise: CMiC looks for a user named &quot;%2&quot; and finds none.</source>
        <translation>La revendication «&#xa0;%1&#xa0;» vaut «&#xa0;%2&#xa0;», la forme Cloud locataire||nom_utilisateur, mais cet environnement est Enterprise&#xa0;: CMiC cherche un utilisateur nommé «&#xa0;%2&#xa0;» et n’en trouve aucun.</translation>
    </message>
    <message>
        <source>Make the IdP send only the username, e.g. &quot;%1&quot;, or set the environment&apos;s deployment to Cloud if it is CMiC Cloud.</source>
        <translation>Faites envoyer seulement le nom d’utilisateur par le fournisseur d’identité, p. ex. «&#xa0;%1&#xa0;», ou réglez le déploiement de l’environnement à Cloud s’il s’agit de CMiC Cloud.</translation>
    </message>
    <message>
        <source>CMiC runs the call as %1, read from the &quot;%2&quot; claim.</source>
        <translation>CMiC exécute l’appel en tant que %1, lu dans la revendication «&#xa0;%2&#xa0;».</translation>
    </message>
    <message>
        <source>CMiC runs the call as %1: the &quot;%2&quot; claim is &quot;%3&quot; and remove-domain strips the &quot;@domain&quot; part.</source>
        <translation>CMiC exécute l’appel en tant que %1&#xa0;: la revendication «&#xa0;%2&#xa0;» vaut «&#xa0;%3&#xa0;» et remove-domain retire la partie «&#xa0;@domaine&#xa0;».</translation>
    </message>
    <message>
        <source>The value is in e-mail form; CMiC looks it up as it is, so a username without the domain will not match.</source>
        <translation>La valeur est sous forme de courriel; CMiC la cherche telle quelle, donc un nom d’utilisateur sans le domaine ne correspondra pas.</translation>
    </message>
    <message>
        <source>The &quot;%1&quot; claim is &quot;%2&quot;: the tenant||username form needs exactly one tenant and one username around &quot;||&quot;.</source>
        <translation>La revendication «&#xa0;%1&#xa0;» vaut «&#xa0;%2&#xa0;»&#xa0;: la forme locataire||nom_utilisateur exige exactement un locataire et un nom d’utilisateur autour de «&#xa0;||&#xa0;».</translation>
    </message>
    <message>
        <source>Make the IdP send TENANT||USERNAME with your CMiC Cloud tenant.</source>
        <translation>Faites envoyer LOCATAIRE||NOM_UTILISATEUR par le fournisseur d’identité avec votre locataire CMiC Cloud.</translation>
    </message>
    <message>
        <source>Make the IdP send %1||USERNAME with the service user&apos;s username.</source>
        <translation>Faites envoyer %1||NOM_UTILISATEUR par le fournisseur d’identité avec le nom d’utilisateur de l’utilisateur de service.</translation>
    </message>
    <message>
        <source>The &quot;%1&quot; claim names tenant &quot;%2&quot;, but this environment&apos;s Cloud tenant is &quot;%3&quot;; CMiC does not find the user in its tenant.</source>
        <translation>La revendication «&#xa0;%1&#xa0;» nomme le locataire «&#xa0;%2&#xa0;», mais le locataire Cloud de cet environnement est «&#xa0;%3&#xa0;»; CMiC ne trouve pas l’utilisateur dans son locataire.</translation>
    </message>
    <message>
        <source>Make the IdP send &quot;%1||%2&quot;, or correct the environment&apos;s Cloud tenant.</source>
        <translation>Faites envoyer «&#xa0;%1||%2&#xa0;» par le fournisseur d’identité, ou corrigez le locataire Cloud de l’environnement.</translation>
    </message>
    <message>
        <source>CMiC runs the call as %1 in tenant %2, read from the &quot;%3&quot; claim.</source>
        <translation>CMiC exécute l’appel en tant que %1 dans le locataire %2, lu dans la revendication «&#xa0;%3&#xa0;».</translation>
    </message>
    <message>
        <source>The environment has no Cloud tenant, so the console could not check the tenant.</source>
        <translation>L’environnement n’a pas de locataire Cloud; la console n’a donc pas pu vérifier le locataire.</translation>
    </message>
    <message>
        <source>Enter the Cloud tenant on the environment so the console can check it.</source>
        <translation>Saisissez le locataire Cloud dans l’environnement pour que la console puisse le vérifier.</translation>
    </message>
    <message>
        <source>The tenant differs from the environment&apos;s &quot;%1&quot; only in letter case.</source>
        <translation>Le locataire ne diffère de «&#xa0;%1&#xa0;», celui de l’environnement, que par la casse.</translation>
    </message>
    <message>
        <source>CMiC runs the call as the user whose unique e-mail username is %1, read from the &quot;%2&quot; claim.</source>
        <translation>CMiC exécute l’appel en tant que l’utilisateur dont le nom d’utilisateur courriel unique est %1, lu dans la revendication «&#xa0;%2&#xa0;».</translation>
    </message>
    <message>
        <source>The &quot;%1&quot; claim is &quot;%2&quot;, but remove-domain strips it to &quot;%3&quot;; CMiC Cloud needs tenant||username or the full e-mail username, so it cannot find the user.</source>
        <translation>La revendication «&#xa0;%1&#xa0;» vaut «&#xa0;%2&#xa0;», mais remove-domain la réduit à «&#xa0;%3&#xa0;»; CMiC Cloud exige locataire||nom_utilisateur ou le nom d’utilisateur courriel complet; il ne peut donc pas trouver l’utilisateur.</translation>
    </message>
    <message>
        <source>Turn remove-domain off for this environment, or make the IdP send &quot;%1&quot;.</source>
        <translation>Désactivez remove-domain pour cet environnement, ou faites envoyer «&#xa0;%1&#xa0;» par le fournisseur d’identité.</translation>
    </message>
    <message>
        <source>The &quot;%1&quot; claim is &quot;%2&quot;, a plain username; CMiC Cloud needs tenant||username or the user&apos;s unique e-mail username, so it cannot find the user.</source>
        <translation>La revendication «&#xa0;%1&#xa0;» vaut «&#xa0;%2&#xa0;», un nom d’utilisateur simple; CMiC Cloud exige locataire||nom_utilisateur ou le nom d’utilisateur courriel unique de l’utilisateur; il ne peut donc pas trouver l’utilisateur.</translation>
    </message>
    <message>
        <source>Make the IdP send &quot;%1&quot;, or the service user&apos;s e-mail username.</source>
        <translation>Faites envoyer «&#xa0;%1&#xa0;» par le fournisseur d’identité, ou le nom d’utilisateur courriel de l’utilisateur de service.</translation>
    </message>
    <message>
        <source>Add the &quot;%1&quot; claim to the IdP&apos;s access token with the service user&apos;s name in the form this deployment needs.</source>
        <translation>Ajoutez la revendication «&#xa0;%1&#xa0;» au jeton d’accès du fournisseur d’identité avec le nom de l’utilisateur de service sous la forme qu’exige ce déploiement.</translation>
    </message>
    <message>
        <source>Add the &quot;%1&quot; claim to the IdP&apos;s access token with the value &quot;%2&quot;.</source>
        <translation>Ajoutez la revendication «&#xa0;%1&#xa0;» au jeton d’accès du fournisseur d’identité avec la valeur «&#xa0;%2&#xa0;».</translation>
    </message>
    <message>
        <source>Up to Patch 22 CMiC reads the service user from this claim and rejects the call without it.</source>
        <translation>Jusqu’au Patch 22, CMiC lit l’utilisateur de service dans cette revendication et refuse l’appel sans elle.</translation>
    </message>
    <message>
        <source>The token has no &quot;%1&quot; claim.</source>
        <translation>Le jeton n’a pas de revendication «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>The token&apos;s &quot;%1&quot; claim is not a string.</source>
        <translation>La revendication «&#xa0;%1&#xa0;» du jeton n’est pas une chaîne.</translation>
    </message>
    <message>
        <source>The token&apos;s &quot;%1&quot; claim is empty.</source>
        <translation>La revendication «&#xa0;%1&#xa0;» du jeton est vide.</translation>
    </message>
    <message>
        <source>The token&apos;s &quot;%1&quot; claim &quot;%2&quot; has leading or trailing spaces; CMiC looks the user up as sent and finds nobody.</source>
        <translation>La revendication «&#xa0;%1&#xa0;» du jeton, «&#xa0;%2&#xa0;», a des espaces au début ou à la fin; CMiC cherche l’utilisateur tel qu’il est envoyé et ne trouve personne.</translation>
    </message>
    <message>
        <source>Remove the spaces from the claim value in the IdP&apos;s claim mapping.</source>
        <translation>Retirez les espaces de la valeur de la revendication dans le mappage des revendications du fournisseur d’identité.</translation>
    </message>
    <message>
        <source>The token&apos;s &quot;%1&quot; claim &quot;%2&quot; is empty once remove-domain strips &quot;@domain&quot;.</source>
        <translation>La revendication «&#xa0;%1&#xa0;» du jeton, «&#xa0;%2&#xa0;», est vide une fois que remove-domain a retiré «&#xa0;@domaine&#xa0;».</translation>
    </message>
    <message>
        <source>At Patch %1 CMiC cannot take the service user from the registration (that comes after Patch 22), so it reads the token&apos;s &quot;%2&quot; claim.</source>
        <translation>Au Patch %1, CMiC ne peut pas prendre l’utilisateur de service dans l’enregistrement (cela vient après le Patch 22); il lit donc la revendication «&#xa0;%2&#xa0;» du jeton.</translation>
    </message>
    <message>
        <source>Set the environment&apos;s &quot;Service user from&quot; to the token claim.</source>
        <translation>Réglez «&#xa0;Utilisateur de service tiré de&#xa0;» de l’environnement à la revendication du jeton.</translation>
    </message>
    <message>
        <source>The registration has no service user, so CMiC reads the user from the token&apos;s &quot;%1&quot; claim, as up to Patch 22.</source>
        <translation>L’enregistrement n’a pas d’utilisateur de service; CMiC lit donc l’utilisateur dans la revendication «&#xa0;%1&#xa0;» du jeton, comme jusqu’au Patch 22.</translation>
    </message>
    <message>
        <source>Set the service user on the registration, here and in CMiC API Security, so the claim is no longer needed.</source>
        <translation>Définissez l’utilisateur de service sur l’enregistrement, ici et dans CMiC API Security, pour que la revendication ne soit plus nécessaire.</translation>
    </message>
</context>
<context>
    <name>cmic::SettingsRules</name>
    <message>
        <source>Workspace Settings</source>
        <extracomment>The place in the console where a setting is changed: the dialog, then the field.</extracomment>
        <translation>Paramètres de l’espace de travail</translation>
    </message>
    <message>
        <source>CA bundle</source>
        <translation>Groupe de certificats d’AC</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>Serveur mandataire</translation>
    </message>
    <message>
        <source>Clock skew</source>
        <translation>Décalage d’horloge</translation>
    </message>
    <message>
        <source>Type it as scheme://host:port, e.g. http://proxy.example.com:3128 or socks5://127.0.0.1:1080.</source>
        <translation>Saisissez-la sous la forme schéma://hôte:port, p. ex. http://proxy.example.com:3128 ou socks5://127.0.0.1:1080.</translation>
    </message>
    <message>
        <source>Manual proxy needs a proxy URL. %1</source>
        <translation>Un proxy manuel exige une URL de proxy. %1</translation>
    </message>
    <message>
        <source>“%1” has no scheme: type http://%1 (or https://, socks5://). %2</source>
        <translation>«&#xa0;%1&#xa0;» n’a pas de schéma&#xa0;: tapez http://%1 (ou https://, socks5://). %2</translation>
    </message>
    <message>
        <source>“%1” is not a URL. %2</source>
        <translation>«&#xa0;%1&#xa0;» n’est pas une URL. %2</translation>
    </message>
    <message>
        <source>The proxy scheme “%1” is not supported: use http, https or socks5. %2</source>
        <translation>Le schéma de proxy «&#xa0;%1&#xa0;» n’est pas pris en charge&#xa0;: utilisez http, https ou socks5. %2</translation>
    </message>
    <message>
        <source>“%1” names no proxy host. %2</source>
        <translation>«&#xa0;%1&#xa0;» n’indique aucun hôte de proxy. %2</translation>
    </message>
    <message>
        <source>“%1” names no port: add it after the host, e.g. :3128. %2</source>
        <translation>«&#xa0;%1&#xa0;» n’indique aucun port&#xa0;: ajoutez-le après l’hôte, p. ex.&#xa0;:3128. %2</translation>
    </message>
    <message>
        <source>A proxy URL has no path (“%1”): remove it. %2</source>
        <translation>Une URL de proxy n’a pas de chemin («&#xa0;%1&#xa0;»)&#xa0;: retirez-le. %2</translation>
    </message>
    <message>
        <source>Enter the proxy URL in %1, or choose the system proxy settings.</source>
        <translation>Saisissez l’URL du proxy dans %1, ou choisissez les paramètres de proxy du système.</translation>
    </message>
    <message numerus="yes">
        <source>The clock skew is %n seconds; it cannot be negative.</source>
        <translation>
            <numerusform>Le décalage d’horloge est de %n secondes; il ne peut pas être négatif.</numerusform>
            <numerusform>Le décalage d’horloge est de %n secondes; il ne peut pas être négatif.</numerusform>
        </translation>
    </message>
    <message>
        <source>Set %1 to 0 or more (60 seconds is usual).</source>
        <translation>Réglez %1 à 0 ou plus (habituellement 60 secondes).</translation>
    </message>
    <message numerus="yes">
        <source>The clock skew is %n seconds, more than the hour the console allows.</source>
        <translation>
            <numerusform>Le décalage d’horloge est de %n seconde, soit plus que l’heure permise par la console.</numerusform>
            <numerusform>Le décalage d’horloge est de %n secondes, soit plus que l’heure permise par la console.</numerusform>
        </translation>
    </message>
    <message>
        <source>Set %1 to at most %2 seconds (60 is usual) and fix the clocks instead.</source>
        <translation>Réglez %1 à %2 secondes au plus (habituellement 60) et corrigez plutôt les horloges.</translation>
    </message>
    <message numerus="yes">
        <source>The clock skew is %n seconds: tokens CMiC refuses as expired may still pass here.</source>
        <translation>
            <numerusform>Le décalage d’horloge est de %n seconde&#xa0;: des jetons que CMiC refuse comme expirés peuvent encore être acceptés ici.</numerusform>
            <numerusform>Le décalage d’horloge est de %n secondes&#xa0;: des jetons que CMiC refuse comme expirés peuvent encore être acceptés ici.</numerusform>
        </translation>
    </message>
    <message>
        <source>Lower %1 to what CMiC allows (60 seconds is usual), and synchronise the clocks.</source>
        <translation>Abaissez %1 à la valeur que CMiC permet (habituellement 60 secondes), et synchronisez les horloges.</translation>
    </message>
    <message>
        <source>The CA bundle path is only spaces.</source>
        <translation>Le chemin du groupe d’AC ne contient que des espaces.</translation>
    </message>
    <message>
        <source>Choose the PEM file in %1, or clear the field to use the system trust store.</source>
        <translation>Choisissez le fichier PEM dans %1, ou videz le champ pour utiliser le magasin de certificats du système.</translation>
    </message>
</context>
<context>
    <name>cmic::SetupChecklistView</name>
    <message>
        <source>done</source>
        <translation>terminée</translation>
    </message>
    <message>
        <source>needs attention</source>
        <translation>attention requise</translation>
    </message>
    <message>
        <source>not proven yet</source>
        <translation>pas encore prouvée</translation>
    </message>
    <message>
        <source>to do</source>
        <translation>à faire</translation>
    </message>
    <message>
        <source>Setup checklist</source>
        <translation>Liste de vérification de la configuration</translation>
    </message>
    <message>
        <source>Complete step %1</source>
        <translation>Terminer l’étape %1</translation>
    </message>
    <message>
        <source>Setup of “%1”: %2 of %3 steps done</source>
        <translation>Configuration de «&#xa0;%1&#xa0;»&#xa0;: %2 étapes terminées sur %3</translation>
    </message>
    <message>
        <source>(unnamed)</source>
        <translation>(sans nom)</translation>
    </message>
    <message>
        <source>Setting up the client credentials flow with CMiC, in five steps</source>
        <translation>Configuration du flux d’identifiants client avec CMiC, en cinq étapes</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
</context>
<context>
    <name>cmic::SetupRules</name>
    <message>
        <source>The issuer</source>
        <translation>L’émetteur</translation>
    </message>
    <message>
        <source>The JWKS URI</source>
        <translation>L’URI JWKS</translation>
    </message>
    <message>
        <source>The token endpoint</source>
        <translation>Le point de terminaison du jeton</translation>
    </message>
    <message>
        <source>The discovery URL</source>
        <translation>L’URL de découverte</translation>
    </message>
    <message>
        <source>The CMiC API base URL</source>
        <translation>L’URL de base de l’API CMiC</translation>
    </message>
    <message>
        <source>The App ID</source>
        <translation>L’App ID</translation>
    </message>
    <message>
        <source>The audience</source>
        <translation>L’audience</translation>
    </message>
    <message>
        <source>The scope</source>
        <translation>La portée</translation>
    </message>
    <message>
        <source>The Cloud tenant</source>
        <translation>Le locataire Cloud</translation>
    </message>
    <message>
        <source>The user claim name</source>
        <translation>Le nom de la revendication utilisateur</translation>
    </message>
    <message>
        <source>The username</source>
        <translation>Le nom d’utilisateur</translation>
    </message>
    <message>
        <source>The e-mail username</source>
        <translation>Le nom d’utilisateur courriel</translation>
    </message>
    <message>
        <source>%1 &quot;%2&quot; has leading or trailing spaces; CMiC compares it character by character, so it will not match.</source>
        <translation>%1 «&#xa0;%2&#xa0;» a des espaces au début ou à la fin; CMiC le compare caractère par caractère; il ne correspondra donc pas.</translation>
    </message>
    <message>
        <source>Remove the spaces: &quot;%1&quot;.</source>
        <translation>Retirez les espaces&#xa0;: «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>%1 &quot;%2&quot; is not a valid absolute URL%3.</source>
        <translation>%1 «&#xa0;%2&#xa0;» n’est pas une URL absolue valide%3.</translation>
    </message>
    <message>
        <source>Enter the full URL, starting with https://, as the identity provider or CMiC shows it.</source>
        <translation>Saisissez l’URL complète, commençant par https://, telle que le fournisseur d’identité ou CMiC l’affiche.</translation>
    </message>
    <message>
        <source>%1 &quot;%2&quot; does not use https; the console and CMiC only trust https outside this machine (plain http is allowed for localhost, 127.0.0.0/8 and ::1).</source>
        <translation>%1 «&#xa0;%2&#xa0;» n’utilise pas https; la console et CMiC ne font confiance qu’à https hors de cet ordinateur (le http simple est permis pour localhost, 127.0.0.0/8 et&#xa0;::1).</translation>
    </message>
    <message>
        <source>Use &quot;%1&quot;.</source>
        <translation>Utilisez «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>Use an https:// URL.</source>
        <translation>Utilisez une URL https://.</translation>
    </message>
    <message>
        <source>The probe endpoint &quot;%1&quot; is not a path below the CMiC API base URL.</source>
        <translation>Le point de terminaison de sonde «&#xa0;%1&#xa0;» n’est pas un chemin sous l’URL de base de l’API CMiC.</translation>
    </message>
    <message>
        <source>Enter only the path after the base URL, e.g. &quot;sys-rest-api/rest/1/sdcompanyaccess?limit=1&quot;.</source>
        <translation>Saisissez seulement le chemin après l’URL de base, p. ex. «&#xa0;sys-rest-api/rest/1/sdcompanyaccess?limit=1&#xa0;».</translation>
    </message>
    <message>
        <source>Use limit=1: a probe needs one row.</source>
        <translation>Utilisez limit=1&#xa0;: une sonde n’a besoin que d’une ligne.</translation>
    </message>
    <message>
        <source>The probe endpoint &quot;%1&quot; asks for limit=%2. Since Patch 22 CMiC answers 400 to a limit above %3 (documented); the environment&apos;s patch level is unknown, so this may fail.</source>
        <translation>Le point de terminaison de sonde «&#xa0;%1&#xa0;» demande limit=%2. Depuis le Patch 22, CMiC répond 400 à une limite supérieure à %3 (documenté); le niveau de correctif de l’environnement est inconnu; l’appel pourrait donc échouer.</translation>
    </message>
    <message>
        <source>The probe endpoint &quot;%1&quot; asks for limit=%2; since Patch 22 CMiC answers 400 to a limit above %3, and this environment is at %4.</source>
        <translation>Le point de terminaison de sonde «&#xa0;%1&#xa0;» demande limit=%2; depuis le Patch 22, CMiC répond 400 à une limite supérieure à %3, et cet environnement est au %4.</translation>
    </message>
    <message>
        <source>The probe endpoint &quot;%1&quot; asks for limit=%2. At %3 CMiC is not documented to refuse it, but from Patch 22 it answers 400 to a limit above %4.</source>
        <translation>Le point de terminaison de sonde «&#xa0;%1&#xa0;» demande limit=%2. Au %3, CMiC n’est pas documenté comme la refusant, mais à partir du Patch 22 il répond 400 à une limite supérieure à %4.</translation>
    </message>
    <message>
        <source>The API base URL names %1, CMiC Cloud&apos;s host for Basic authentication; CMiC Cloud takes OAuth (bearer token) calls on its OAuth host, e.g. atlas-api-oauth.cmiccloud.com beside atlas-api.cmiccloud.com.%2</source>
        <translation>L’URL de base de l’API nomme %1, l’hôte de CMiC Cloud pour l’authentification Basic; CMiC Cloud reçoit les appels OAuth (jeton du porteur) sur son hôte OAuth, p. ex. atlas-api-oauth.cmiccloud.com à côté d’atlas-api.cmiccloud.com.%2</translation>
    </message>
    <message>
        <source>That other Cloud hosts follow the same pattern is a guess.</source>
        <translation>Que les autres hôtes Cloud suivent le même modèle est une supposition.</translation>
    </message>
    <message>
        <source>Use %1 as the API base URL (confirm the host with CMiC if the call fails).</source>
        <translation>Utilisez %1 comme URL de base de l’API (confirmez l’hôte auprès de CMiC si l’appel échoue).</translation>
    </message>
    <message>
        <source>The environment has no name.</source>
        <translation>L’environnement n’a pas de nom.</translation>
    </message>
    <message>
        <source>Name it after the CMiC environment, e.g. &quot;cmicprod&quot;.</source>
        <translation>Nommez-le d’après l’environnement CMiC, p. ex. «&#xa0;cmicprod&#xa0;».</translation>
    </message>
    <message>
        <source>The environment has no CMiC API base URL, so the console cannot call CMiC to prove the setup.</source>
        <translation>L’environnement n’a pas d’URL de base de l’API CMiC; la console ne peut donc pas appeler CMiC pour prouver la configuration.</translation>
    </message>
    <message>
        <source>Enter the base URL, e.g. &quot;https://host/cmicprod&quot;.</source>
        <translation>Saisissez l’URL de base, p. ex. «&#xa0;https://hote/cmicprod&#xa0;».</translation>
    </message>
    <message>
        <source>This Cloud environment has no tenant, so the console cannot add the tenant to usernames or check the tenant a token&apos;s claim names; only usernames typed whole as TENANT||USERNAME and e-mail usernames form a claim value.</source>
        <translation>Cet environnement Cloud n’a pas de locataire; la console ne peut donc pas ajouter le locataire aux noms d’utilisateur ni vérifier le locataire que nomme la revendication d’un jeton; seuls les noms d’utilisateur tapés en entier sous la forme LOCATAIRE||NOM_UTILISATEUR et les noms d’utilisateur courriel forment une valeur de revendication.</translation>
    </message>
    <message>
        <source>Enter your CMiC Cloud tenant code, as CMiC shows it.</source>
        <translation>Saisissez le code de votre locataire CMiC Cloud, tel que CMiC l’affiche.</translation>
    </message>
    <message>
        <source>The Cloud tenant &quot;%1&quot; contains &quot;||&quot;, &quot;@&quot; or a space; it cannot be the tenant part of tenant||username.</source>
        <translation>Le locataire Cloud «&#xa0;%1&#xa0;» contient «&#xa0;||&#xa0;», «&#xa0;@&#xa0;» ou une espace; il ne peut pas être la partie locataire de locataire||nom_utilisateur.</translation>
    </message>
    <message>
        <source>Enter only the tenant code, e.g. &quot;ACME&quot;.</source>
        <translation>Saisissez seulement le code du locataire, p. ex. «&#xa0;ACME&#xa0;».</translation>
    </message>
    <message>
        <source>The environment is Enterprise, so its Cloud tenant &quot;%1&quot; is not used.</source>
        <translation>L’environnement est Enterprise; son locataire Cloud «&#xa0;%1&#xa0;» n’est donc pas utilisé.</translation>
    </message>
    <message>
        <source>Clear the tenant, or set the deployment to Cloud if this is CMiC Cloud.</source>
        <translation>Videz le locataire, ou réglez le déploiement à Cloud s’il s’agit de CMiC Cloud.</translation>
    </message>
    <message>
        <source>Environment &quot;%1&quot; takes the service user from the app registration, but it is at %2 and that setting comes after Patch 22 (documented in the source document): CMiC reads the user from the token&apos;s &quot;%3&quot; claim and refuses calls without it.</source>
        <translation>L’environnement «&#xa0;%1&#xa0;» prend l’utilisateur de service dans l’enregistrement d’application, mais il est au %2 et ce réglage vient après le Patch 22 (documenté dans le document source)&#xa0;: CMiC lit l’utilisateur dans la revendication «&#xa0;%3&#xa0;» du jeton et refuse les appels sans elle.</translation>
    </message>
    <message>
        <source>Set &quot;Service user from&quot; to the token claim and make the IdP send the &quot;%1&quot; claim, or set the patch level to 23 or later if CMiC is past Patch 22.</source>
        <translation>Réglez «&#xa0;Utilisateur de service tiré de&#xa0;» à la revendication du jeton et faites envoyer la revendication «&#xa0;%1&#xa0;» par le fournisseur d’identité, ou réglez le niveau de correctif à 23 ou plus si CMiC a dépassé le Patch 22.</translation>
    </message>
    <message>
        <source>Environment &quot;%1&quot; takes the service user from the app registration, which CMiC offers only after Patch 22 (documented); the environment&apos;s patch level is unknown. Up to Patch 22 CMiC reads the user from the token&apos;s &quot;%2&quot; claim and refuses calls without it.</source>
        <translation>L’environnement «&#xa0;%1&#xa0;» prend l’utilisateur de service dans l’enregistrement d’application, ce que CMiC n’offre qu’après le Patch 22 (documenté); le niveau de correctif de l’environnement est inconnu. Jusqu’au Patch 22, CMiC lit l’utilisateur dans la revendication «&#xa0;%2&#xa0;» du jeton et refuse les appels sans elle.</translation>
    </message>
    <message>
        <source>Set the environment&apos;s patch level (23 or later for this setting), or set &quot;Service user from&quot; to the token claim.</source>
        <translation>Réglez le niveau de correctif de l’environnement (23 ou plus pour ce réglage), ou réglez «&#xa0;Utilisateur de service tiré de&#xa0;» à la revendication du jeton.</translation>
    </message>
    <message>
        <source>The environment reads the service user from a token claim but names no claim.</source>
        <translation>L’environnement lit l’utilisateur de service dans une revendication du jeton, mais ne nomme aucune revendication.</translation>
    </message>
    <message>
        <source>Enter the value of cmic.oauth2.user.claim.name, &quot;cmicuser&quot; unless it was changed.</source>
        <translation>Saisissez la valeur de cmic.oauth2.user.claim.name, «&#xa0;cmicuser&#xa0;» à moins qu’elle n’ait été changée.</translation>
    </message>
    <message>
        <source>The environment has no probe endpoint, so validation stops before calling CMiC.</source>
        <translation>L’environnement n’a aucun point de terminaison de sonde; la validation s’arrête donc avant d’appeler CMiC.</translation>
    </message>
    <message>
        <source>Add a cheap GET the service user may call, e.g. &quot;sys-rest-api/rest/1/sdcompanyaccess?limit=1&quot;.</source>
        <translation>Ajoutez un GET peu coûteux que l’utilisateur de service peut appeler, p. ex. «&#xa0;sys-rest-api/rest/1/sdcompanyaccess?limit=1&#xa0;».</translation>
    </message>
    <message>
        <source>The service user has no username.</source>
        <translation>L’utilisateur de service n’a pas de nom d’utilisateur.</translation>
    </message>
    <message>
        <source>Enter the CMiC username, e.g. &quot;SVC_INTEGRATION&quot;.</source>
        <translation>Saisissez le nom d’utilisateur CMiC, p. ex. «&#xa0;SVC_INTEGRATION&#xa0;».</translation>
    </message>
    <message>
        <source>The e-mail username &quot;%1&quot; is not in e-mail form (name@domain).</source>
        <translation>Le nom d’utilisateur courriel «&#xa0;%1&#xa0;» n’est pas sous forme de courriel (nom@domaine).</translation>
    </message>
    <message>
        <source>Enter the user&apos;s unique e-mail username as CMiC Cloud shows it, or leave it empty.</source>
        <translation>Saisissez le nom d’utilisateur courriel unique de l’utilisateur tel que CMiC Cloud l’affiche, ou laissez-le vide.</translation>
    </message>
    <message>
        <source>Nobody has confirmed that %1 is dedicated to integrations; if a person also signs in with it, every API call runs with that person&apos;s rights and their password changes break it.</source>
        <translation>Personne n’a confirmé que %1 est réservé aux intégrations; si une personne se connecte aussi avec lui, chaque appel d’API s’exécute avec les droits de cette personne et ses changements de mot de passe le brisent.</translation>
    </message>
    <message>
        <source>this user</source>
        <translation>cet utilisateur</translation>
    </message>
    <message>
        <source>Use a service user no person signs in with, then tick &quot;dedicated&quot;.</source>
        <translation>Utilisez un utilisateur de service avec lequel personne ne se connecte, puis cochez «&#xa0;dédié&#xa0;».</translation>
    </message>
    <message>
        <source>&quot;%1&quot; has the Cloud form tenant||username, but environment &quot;%2&quot; is Enterprise: CMiC looks for a user named exactly that and finds none.</source>
        <translation>«&#xa0;%1&#xa0;» a la forme Cloud locataire||nom_utilisateur, mais l’environnement «&#xa0;%2&#xa0;» est Enterprise&#xa0;: CMiC cherche un utilisateur portant exactement ce nom et n’en trouve aucun.</translation>
    </message>
    <message>
        <source>Enter the plain CMiC username, e.g. &quot;%1&quot;, or set the environment to Cloud.</source>
        <translation>Saisissez le nom d’utilisateur CMiC simple, p. ex. «&#xa0;%1&#xa0;», ou réglez l’environnement à Cloud.</translation>
    </message>
    <message>
        <source>Environment &quot;%1&quot; removes &quot;@domain&quot; from the claim value, so CMiC can never read the username &quot;%2&quot; from a token; it looks for &quot;%3&quot; instead.</source>
        <translation>L’environnement «&#xa0;%1&#xa0;» retire «&#xa0;@domaine&#xa0;» de la valeur de la revendication; CMiC ne peut donc jamais lire le nom d’utilisateur «&#xa0;%2&#xa0;» dans un jeton; il cherche plutôt «&#xa0;%3&#xa0;».</translation>
    </message>
    <message>
        <source>Turn remove-domain off for the environment, or use a username without &quot;@&quot;.</source>
        <translation>Désactivez remove-domain pour l’environnement, ou utilisez un nom d’utilisateur sans «&#xa0;@&#xa0;».</translation>
    </message>
    <message>
        <source>The username &quot;%1&quot; already contains &quot;||&quot;; the console adds the tenant of environment &quot;%2&quot; itself, so the claim would carry the tenant twice.</source>
        <translation>Le nom d’utilisateur «&#xa0;%1&#xa0;» contient déjà «&#xa0;||&#xa0;»; la console ajoute elle-même le locataire de l’environnement «&#xa0;%2&#xa0;»; la revendication porterait donc le locataire deux fois.</translation>
    </message>
    <message>
        <source>Enter only the username, e.g. &quot;%1&quot;.</source>
        <translation>Saisissez seulement le nom d’utilisateur, p. ex. «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>In Cloud environment &quot;%1&quot; the username &quot;%2&quot; is not a valid tenant||username (exactly one tenant and one username around &quot;||&quot;%3), the environment has no tenant and the user has no usable e-mail username, so no valid claim value can be formed.</source>
        <translation>Dans l’environnement Cloud «&#xa0;%1&#xa0;», le nom d’utilisateur «&#xa0;%2&#xa0;» n’est pas un locataire||nom_utilisateur valide (exactement un locataire et un nom d’utilisateur autour de «&#xa0;||&#xa0;»%3), l’environnement n’a pas de locataire et l’utilisateur n’a pas de nom d’utilisateur courriel utilisable; aucune valeur de revendication valide ne peut donc être formée.</translation>
    </message>
    <message>
        <source>, no &quot;@&quot; while remove-domain is on</source>
        <translation>, aucun «&#xa0;@&#xa0;» quand remove-domain est activé</translation>
    </message>
    <message>
        <source>In Cloud environment &quot;%1&quot; the claim for %2 must be tenant||username or the e-mail username, but the environment has no tenant and remove-domain would cut the e-mail username.</source>
        <translation>Dans l’environnement Cloud «&#xa0;%1&#xa0;», la revendication pour %2 doit être locataire||nom_utilisateur ou le nom d’utilisateur courriel, mais l’environnement n’a pas de locataire et remove-domain couperait le nom d’utilisateur courriel.</translation>
    </message>
    <message>
        <source>In Cloud environment &quot;%1&quot; the claim for %2 must be tenant||username or the e-mail username, but the environment has no tenant, the username is neither of them and the user has no e-mail username, so no valid value can be formed.</source>
        <translation>Dans l’environnement Cloud «&#xa0;%1&#xa0;», la revendication pour %2 doit être locataire||nom_utilisateur ou le nom d’utilisateur courriel, mais l’environnement n’a pas de locataire, le nom d’utilisateur n’est ni l’un ni l’autre et l’utilisateur n’a pas de nom d’utilisateur courriel; aucune valeur valide ne peut donc être formée.</translation>
    </message>
    <message>
        <source>Enter the Cloud tenant on environment &quot;%1&quot; (the claim is then TENANT||%2), the user&apos;s e-mail username, or the username typed whole as TENANT||%2.</source>
        <translation>Saisissez le locataire Cloud dans l’environnement «&#xa0;%1&#xa0;» (la revendication est alors LOCATAIRE||%2), le nom d’utilisateur courriel de l’utilisateur, ou le nom d’utilisateur tapé en entier sous la forme LOCATAIRE||%2.</translation>
    </message>
    <message>
        <source>The issuer &quot;%1&quot; ends with a slash, but Entra ID v2 tokens carry the issuer without one; CMiC compares the issuer exactly, so the token would not match.</source>
        <translation>L’émetteur «&#xa0;%1&#xa0;» se termine par une barre oblique, mais les jetons Entra ID v2 portent l’émetteur sans elle; CMiC compare l’émetteur exactement; le jeton ne correspondrait donc pas.</translation>
    </message>
    <message>
        <source>The issuer is in the Entra v2 form; Entra only issues v2 access tokens to APIs whose manifest asks for them, and v2 tokens carry the client in azp instead of appid.</source>
        <translation>L’émetteur est sous la forme Entra v2; Entra n’émet des jetons d’accès v2 qu’aux API dont le manifeste les demande, et les jetons v2 portent le client dans azp au lieu d’appid.</translation>
    </message>
    <message>
        <source>Make sure the API&apos;s manifest sets the access token version to 2, or switch to the v1 issuer https://sts.windows.net/%1/.</source>
        <translation>Assurez-vous que le manifeste de l’API règle la version du jeton d’accès à 2, ou passez à l’émetteur v1 https://sts.windows.net/%1/.</translation>
    </message>
    <message>
        <source>Register the issuer &quot;https://sts.windows.net/%1/&quot; (with the trailing slash).</source>
        <translation>Enregistrez l’émetteur «&#xa0;https://sts.windows.net/%1/&#xa0;» (avec la barre oblique finale).</translation>
    </message>
    <message>
        <source>Register the issuer &quot;https://sts.windows.net/&lt;directory (tenant) ID&gt;/&quot;: the token&apos;s issuer carries the tenant ID GUID, not &quot;%1&quot;.</source>
        <translation>Enregistrez l’émetteur «&#xa0;https://sts.windows.net/&lt;ID de l’annuaire (locataire)&gt;/&#xa0;»&#xa0;: l’émetteur du jeton porte le GUID de l’ID du locataire, pas «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>The issuer &quot;%1&quot; is the Entra ID v2 form, but Entra issues access tokens for APIs as v1 tokens whose issuer is https://sts.windows.net/{tenant}/, so CMiC would not find the registration (500).</source>
        <translation>L’émetteur «&#xa0;%1&#xa0;» est sous la forme Entra ID v2, mais Entra émet les jetons d’accès pour les API comme jetons v1 dont l’émetteur est https://sts.windows.net/{tenant}/; CMiC ne trouverait donc pas l’enregistrement (500).</translation>
    </message>
    <message>
        <source>The issuer names the tenant &quot;%1&quot;, but Entra tokens carry the directory (tenant) ID, a GUID, in the issuer.</source>
        <translation>L’émetteur nomme le locataire «&#xa0;%1&#xa0;», mais les jetons Entra portent dans l’émetteur l’ID de l’annuaire (locataire), un GUID.</translation>
    </message>
    <message>
        <source>Use &quot;https://sts.windows.net/&lt;directory (tenant) ID&gt;/&quot;; the ID is on the tenant&apos;s overview page.</source>
        <translation>Utilisez «&#xa0;https://sts.windows.net/&lt;ID de l’annuaire (locataire)&gt;/&#xa0;»; l’ID figure sur la page de vue d’ensemble du locataire.</translation>
    </message>
    <message>
        <source>The issuer &quot;%1&quot; lacks the trailing slash Entra puts in the token&apos;s iss; CMiC compares the issuer exactly.</source>
        <translation>L’émetteur «&#xa0;%1&#xa0;» n’a pas la barre oblique finale qu’Entra met dans l’iss du jeton; CMiC compare l’émetteur exactement.</translation>
    </message>
    <message>
        <source>Use &quot;%1/&quot;.</source>
        <translation>Utilisez «&#xa0;%1/&#xa0;».</translation>
    </message>
    <message>
        <source>The discovery URL &quot;%1&quot; differs from &quot;%2&quot;, the one the issuer implies, only in a slash; most providers answer 404 to it.</source>
        <translation>L’URL de découverte «&#xa0;%1&#xa0;» ne diffère de «&#xa0;%2&#xa0;», celle que l’émetteur implique, que par une barre oblique; la plupart des fournisseurs y répondent 404.</translation>
    </message>
    <message>
        <source>The IdP preset &quot;%1&quot; is not one this console knows.</source>
        <translation>Le préréglage de fournisseur d’identité «&#xa0;%1&#xa0;» n’est pas connu de cette console.</translation>
    </message>
    <message>
        <source>Choose a preset from the list, or &quot;generic&quot; for any OpenID Connect provider.</source>
        <translation>Choisissez un préréglage dans la liste, ou «&#xa0;generic&#xa0;» pour tout fournisseur OpenID Connect.</translation>
    </message>
    <message>
        <source>The %1 preset&apos;s %2 is not filled in, so the console cannot compare the URLs with the provider&apos;s usual ones.</source>
        <translation>Le paramètre %2 du préréglage %1 n’est pas rempli; la console ne peut donc pas comparer les URL avec celles qu’utilise habituellement le fournisseur.</translation>
    </message>
    <message>
        <source>Fill in the preset&apos;s parameters.</source>
        <translation>Remplissez les paramètres du préréglage.</translation>
    </message>
    <message>
        <source>The issuer &quot;%1&quot; differs from the %2 issuer &quot;%3&quot; only in the trailing slash; CMiC compares the issuer exactly, so the token would not match.</source>
        <translation>L’émetteur «&#xa0;%1&#xa0;» ne diffère de l’émetteur %2 «&#xa0;%3&#xa0;» que par la barre oblique finale; CMiC compare l’émetteur exactement; le jeton ne correspondrait donc pas.</translation>
    </message>
    <message>
        <source>The issuer &quot;%1&quot; is not &quot;%2&quot;, the issuer %3 uses for these parameters.</source>
        <translation>L’émetteur «&#xa0;%1&#xa0;» n’est pas «&#xa0;%2&#xa0;», l’émetteur que %3 utilise pour ces paramètres.</translation>
    </message>
    <message>
        <source>Copy the issuer from the provider&apos;s discovery document, or correct the preset&apos;s parameters.</source>
        <translation>Copiez l’émetteur depuis le document de découverte du fournisseur, ou corrigez les paramètres du préréglage.</translation>
    </message>
    <message>
        <source>%1 needs an audience in the token request; without one it refuses the request or issues a token CMiC cannot verify.</source>
        <translation>%1 exige une audience dans la demande de jeton; sans elle, il refuse la demande ou émet un jeton que CMiC ne peut pas vérifier.</translation>
    </message>
    <message>
        <source>Enter the API&apos;s identifier as the audience.</source>
        <translation>Saisissez l’identifiant de l’API comme audience.</translation>
    </message>
    <message>
        <source>Set the audience up at %1 and enter it here.</source>
        <translation>Configurez l’audience chez %1 et saisissez-la ici.</translation>
    </message>
    <message>
        <source>The expiry of the key (certificate) registered for private_key_jwt is not recorded.</source>
        <translation>L’expiration de la clé (certificat) inscrite pour private_key_jwt n’est pas notée.</translation>
    </message>
    <message>
        <source>The client secret&apos;s expiry date is not recorded.</source>
        <translation>La date d’expiration du secret client n’est pas notée.</translation>
    </message>
    <message>
        <source>Enter the expiry date shown by the identity provider so the console can warn %1 days ahead.</source>
        <translation>Saisissez la date d’expiration affichée par le fournisseur d’identité pour que la console puisse vous avertir %1 jours à l’avance.</translation>
    </message>
    <message>
        <source>Upload a new certificate at the identity provider, update the key here and the expiry date.</source>
        <translation>Téléversez un nouveau certificat chez le fournisseur d’identité, mettez à jour la clé ici ainsi que la date d’expiration.</translation>
    </message>
    <message>
        <source>Create a new secret at the identity provider, store it here and update the expiry date.</source>
        <translation>Créez un nouveau secret chez le fournisseur d’identité, enregistrez-le ici et mettez à jour la date d’expiration.</translation>
    </message>
    <message>
        <source>today (%1)</source>
        <translation>aujourd’hui (%1)</translation>
    </message>
    <message>
        <source>The key (certificate) registered for private_key_jwt expires %1.</source>
        <translation>La clé (certificat) inscrite pour private_key_jwt expire %1.</translation>
    </message>
    <message>
        <source>The client secret expires %1.</source>
        <translation>Le secret client expire %1.</translation>
    </message>
    <message>
        <source>Upload a new certificate before then and switch over.</source>
        <translation>Téléversez un nouveau certificat avant cette date et faites la bascule.</translation>
    </message>
    <message>
        <source>Create a new secret before then, store it here and update the expiry date.</source>
        <translation>Créez un nouveau secret avant cette date, enregistrez-le ici et mettez à jour la date d’expiration.</translation>
    </message>
    <message>
        <source>The registration has no name.</source>
        <translation>L’enregistrement n’a pas de nom.</translation>
    </message>
    <message>
        <source>Name it after the integration, e.g. &quot;Payroll sync&quot;.</source>
        <translation>Nommez-le d’après l’intégration, p. ex. «&#xa0;Synchro paie&#xa0;».</translation>
    </message>
    <message>
        <source>The registration belongs to no environment.</source>
        <translation>L’enregistrement n’appartient à aucun environnement.</translation>
    </message>
    <message>
        <source>Choose the CMiC environment this registration is made in.</source>
        <translation>Choisissez l’environnement CMiC dans lequel cet enregistrement est fait.</translation>
    </message>
    <message>
        <source>The registration points at an environment that no longer exists.</source>
        <translation>L’enregistrement pointe vers un environnement qui n’existe plus.</translation>
    </message>
    <message>
        <source>Choose an existing environment.</source>
        <translation>Choisissez un environnement existant.</translation>
    </message>
    <message>
        <source>the client ID the IdP issued</source>
        <translation>l’identifiant client émis par le fournisseur d’identité</translation>
    </message>
    <message>
        <source>the exact iss value of the tokens</source>
        <translation>la valeur iss exacte des jetons</translation>
    </message>
    <message>
        <source>where CMiC fetches the signing keys</source>
        <translation>l’endroit où CMiC récupère les clés de signature</translation>
    </message>
    <message>
        <source>%1 is empty; CMiC API Security needs it to accept tokens.</source>
        <translation>%1 est vide; CMiC API Security en a besoin pour accepter les jetons.</translation>
    </message>
    <message>
        <source>Enter %1.</source>
        <translation>Saisissez %1.</translation>
    </message>
    <message>
        <source>The token endpoint is empty, so the console cannot request a test token (CMiC itself does not need it).</source>
        <translation>Le point de terminaison du jeton est vide; la console ne peut donc pas demander de jeton d’essai (CMiC lui-même n’en a pas besoin).</translation>
    </message>
    <message>
        <source>Enter the token endpoint, or choose an IdP preset to fill it in.</source>
        <translation>Saisissez le point de terminaison du jeton, ou choisissez un préréglage de fournisseur d’identité pour le remplir.</translation>
    </message>
    <message>
        <source>The issuer &quot;%1&quot; has a query or fragment; an OpenID issuer never does, so it cannot match a token&apos;s iss.</source>
        <translation>L’émetteur «&#xa0;%1&#xa0;» a une requête ou un fragment; un émetteur OpenID n’en a jamais; il ne peut donc pas correspondre à l’iss d’un jeton.</translation>
    </message>
    <message>
        <source>Use the issuer exactly as the discovery document&apos;s &quot;issuer&quot; shows it.</source>
        <translation>Utilisez l’émetteur exactement tel que le montre l’«&#xa0;issuer&#xa0;» du document de découverte.</translation>
    </message>
    <message>
        <source>Environment &quot;%1&quot; can take the service user from the registration (after Patch 22), but this registration has none, so CMiC still reads the user from the token&apos;s &quot;%2&quot; claim and rejects calls whose token lacks it.</source>
        <translation>L’environnement «&#xa0;%1&#xa0;» peut prendre l’utilisateur de service dans l’enregistrement (après le Patch 22), mais cet enregistrement n’en a pas; CMiC lit donc encore l’utilisateur dans la revendication «&#xa0;%2&#xa0;» du jeton et refuse les appels dont le jeton ne l’a pas.</translation>
    </message>
    <message>
        <source>Choose the service user, here and on the registration in CMiC API Security, so the claim is no longer needed.</source>
        <translation>Choisissez l’utilisateur de service, ici et sur l’enregistrement dans CMiC API Security, pour que la revendication ne soit plus nécessaire.</translation>
    </message>
    <message>
        <source>The registration names no service user, so the console cannot check the value the token&apos;s claim must carry.</source>
        <translation>L’enregistrement ne nomme aucun utilisateur de service; la console ne peut donc pas vérifier la valeur que doit porter la revendication du jeton.</translation>
    </message>
    <message>
        <source>Choose the service user the IdP puts in the claim.</source>
        <translation>Choisissez l’utilisateur de service que le fournisseur d’identité place dans la revendication.</translation>
    </message>
    <message>
        <source>The registration points at a service user that no longer exists.</source>
        <translation>L’enregistrement pointe vers un utilisateur de service qui n’existe plus.</translation>
    </message>
    <message>
        <source>Choose an existing service user.</source>
        <translation>Choisissez un utilisateur de service existant.</translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>et %n autre</numerusform>
            <numerusform>et %n autres</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 has the same Issuer and App ID in this environment; CMiC finds a registration by that pair and could not tell them apart.</source>
        <translation>%1 a le même émetteur et le même App ID dans cet environnement; CMiC trouve un enregistrement par cette paire et ne pourrait pas les distinguer.</translation>
    </message>
    <message>
        <source>Keep one registration per client, or give each integration its own app registration at the IdP.</source>
        <translation>Gardez un enregistrement par client, ou donnez à chaque intégration son propre enregistrement d’application chez le fournisseur d’identité.</translation>
    </message>
    <message>
        <source>%1 &quot;%2&quot; is on %3 (%4), but the registration&apos;s preset is %5: the token, its keys and this URL would come from different identity providers.</source>
        <translation>%1 «&#xa0;%2&#xa0;» est chez %3 (%4), mais le préréglage de l’enregistrement est %5&#xa0;: le jeton, ses clés et cette URL proviendraient de fournisseurs d’identité différents.</translation>
    </message>
    <message>
        <source>%1 &quot;%2&quot; is not on a host of %3 (%4), the registration&apos;s preset.</source>
        <translation>%1 «&#xa0;%2&#xa0;» n’est pas sur un hôte de %3 (%4), le préréglage de l’enregistrement.</translation>
    </message>
    <message>
        <source>Choose the %1 preset if the tokens come from %1, or enter %2&apos;s URL.</source>
        <translation>Choisissez le préréglage %1 si les jetons viennent de %1, ou saisissez l’URL de %2.</translation>
    </message>
    <message>
        <source>Choose the %1 preset if the tokens come from %1, or enter %2&apos;s URL: %3.</source>
        <translation>Choisissez le préréglage %1 si les jetons viennent de %1, ou saisissez l’URL de %2&#xa0;: %3.</translation>
    </message>
    <message>
        <source>Enter %1&apos;s URL, or choose the preset of the provider that issues the tokens.</source>
        <translation>Saisissez l’URL de %1, ou choisissez le préréglage du fournisseur qui émet les jetons.</translation>
    </message>
    <message>
        <source>Enter %1&apos;s URL (%2), or choose the preset of the provider that issues the tokens.</source>
        <translation>Saisissez l’URL de %1 (%2), ou choisissez le préréglage du fournisseur qui émet les jetons.</translation>
    </message>
    <message>
        <source>The scope is empty; %1 refuses a client-credentials request without a scope ending in /.default (AADSTS1002012).</source>
        <translation>La portée est vide; %1 refuse une demande d’identifiants client sans portée se terminant par /.default (AADSTS1002012).</translation>
    </message>
    <message>
        <source>Enter &quot;%1&quot;: the API&apos;s Application ID URI (under Expose an API) plus /.default.</source>
        <translation>Saisissez «&#xa0;%1&#xa0;»&#xa0;: l’URI d’ID d’application de l’API (sous Exposer une API) suivi de /.default.</translation>
    </message>
    <message>
        <source>The scope &quot;%1&quot; does not end in /.default; %2 answers AADSTS1002012 to a client-credentials request with it.</source>
        <translation>La portée «&#xa0;%1&#xa0;» ne se termine pas par /.default; %2 répond AADSTS1002012 à une demande d’identifiants client qui l’utilise.</translation>
    </message>
    <message numerus="yes">
        <source>The key (certificate) registered for private_key_jwt expired on %1, %n day(s) ago; the identity provider refuses its assertions.</source>
        <translation>
            <numerusform>La clé (certificat) enregistrée pour private_key_jwt a expiré le %1, il y a %n jour; le fournisseur d’identité refuse ses assertions.</numerusform>
            <numerusform>La clé (certificat) enregistrée pour private_key_jwt a expiré le %1, il y a %n jours; le fournisseur d’identité refuse ses assertions.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The client secret expired on %1, %n day(s) ago; the identity provider refuses it.</source>
        <translation>
            <numerusform>Le secret client a expiré le %1, il y a %n jour; le fournisseur d’identité le refuse.</numerusform>
            <numerusform>Le secret client a expiré le %1, il y a %n jours; le fournisseur d’identité le refuse.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>in %n day(s), on %1</source>
        <translation>
            <numerusform>dans %n jour, le %1</numerusform>
            <numerusform>dans %n jours, le %1</numerusform>
        </translation>
    </message>
    <message>
        <source>No private key is stored for this registration in %1, so the console cannot sign the client assertion or request a test token.</source>
        <translation>Aucune clé privée n’est stockée pour cet enregistrement dans %1&#xa0;: la console ne peut donc ni signer l’assertion client ni demander un jeton de test.</translation>
    </message>
    <message>
        <source>No client secret is stored for this registration in %1, so the console cannot request a test token.</source>
        <translation>Aucun secret client n’est stocké pour cet enregistrement dans %1&#xa0;: la console ne peut donc pas demander de jeton de test.</translation>
    </message>
    <message>
        <source>Secrets typed in this session are kept for this session only.</source>
        <translation>Les secrets saisis dans cette session ne sont conservés que pour cette session.</translation>
    </message>
    <message>
        <source>Import the private key (PEM) with &quot;Import PEM…&quot; in the registration&apos;s Private key field, or a PKCS#12 file with &quot;Certificate file…&quot;.</source>
        <translation>Importez la clé privée (PEM) avec «&#xa0;Importer un PEM…&#xa0;» dans le champ Clé privée de l’enregistrement, ou un fichier PKCS#12 avec «&#xa0;Fichier de certificat…&#xa0;».</translation>
    </message>
    <message>
        <source>Enter the client secret in the registration&apos;s Client secret field, as the identity provider showed it when it was created.</source>
        <translation>Saisissez le secret client dans le champ Secret client de l’enregistrement, tel que le fournisseur d’identité l’a affiché à sa création.</translation>
    </message>
</context>
<context>
    <name>cmic::StringListEdit</name>
    <message>
        <source>Add</source>
        <translation>Ajouter</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>Common endpoints</source>
        <translation>Points de terminaison courants</translation>
    </message>
    <message>
        <source>Add a common CMiC endpoint</source>
        <translation>Ajouter un point de terminaison CMiC courant</translation>
    </message>
    <message>
        <source>Read-only CMiC endpoints that answer with a small page; the service user needs a role that grants each one.</source>
        <translation>Points de terminaison CMiC en lecture seule qui répondent par une petite page; l’utilisateur de service a besoin d’un rôle qui donne accès à chacun.</translation>
    </message>
    <message>
        <source>Probe endpoints</source>
        <translation>Points de terminaison de sonde</translation>
    </message>
    <message>
        <source>New probe endpoint</source>
        <translation>Nouveau point de terminaison de sonde</translation>
    </message>
    <message>
        <source>/api/... then Enter to add</source>
        <translation>/api/... puis Entrée pour ajouter</translation>
    </message>
    <message>
        <source>Add probe endpoint</source>
        <translation>Ajouter un point de terminaison de sonde</translation>
    </message>
    <message>
        <source>Remove probe endpoint</source>
        <translation>Supprimer le point de terminaison de sonde</translation>
    </message>
</context>
<context>
    <name>cmic::TokenInspector</name>
    <message>
        <source>Signature algorithm; must be on the allow-list and fit the key</source>
        <translation>Algorithme de signature; doit figurer sur la liste d’autorisation et convenir à la clé</translation>
    </message>
    <message>
        <source>Which key of the JWKS signed the token</source>
        <translation>La clé du JWKS qui a signé le jeton</translation>
    </message>
    <message>
        <source>Token type</source>
        <translation>Type de jeton</translation>
    </message>
    <message>
        <source>Thumbprint of the signing certificate</source>
        <translation>Empreinte du certificat de signature</translation>
    </message>
    <message>
        <source>The CMiC user the calls run as (the environment&apos;s user claim)</source>
        <translation>L’utilisateur CMiC sous lequel les appels s’exécutent (la revendication utilisateur de l’environnement)</translation>
    </message>
    <message>
        <source>Issuer; CMiC compares it with the registration&apos;s Issuer, exactly</source>
        <translation>Émetteur; CMiC le compare exactement avec l’émetteur de l’enregistrement</translation>
    </message>
    <message>
        <source>Subject; for client credentials, the client&apos;s identity</source>
        <translation>Sujet; pour les identifiants client, l’identité du client</translation>
    </message>
    <message>
        <source>Audience: the API the token is meant for</source>
        <translation>Audience&#xa0;: l’API à laquelle le jeton est destiné</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Expire</translation>
    </message>
    <message>
        <source>Not valid before</source>
        <translation>Pas valide avant</translation>
    </message>
    <message>
        <source>Issued at</source>
        <translation>Émis le</translation>
    </message>
    <message>
        <source>Token id</source>
        <translation>ID du jeton</translation>
    </message>
    <message>
        <source>Authorised party: the client id</source>
        <translation>Partie autorisée&#xa0;: l’identifiant client</translation>
    </message>
    <message>
        <source>Client id (Okta)</source>
        <translation>Identifiant client (Okta)</translation>
    </message>
    <message>
        <source>Client id</source>
        <translation>Identifiant client</translation>
    </message>
    <message>
        <source>Scopes granted</source>
        <translation>Portées accordées</translation>
    </message>
    <message>
        <source>Application roles granted</source>
        <translation>Rôles d’application accordés</translation>
    </message>
    <message>
        <source>Caller&apos;s IP address; CMiC compares it when its IP check is on</source>
        <translation>Adresse IP de l’appelant; CMiC la compare quand sa vérification IP est activée</translation>
    </message>
    <message>
        <source>Tenant id</source>
        <translation>ID du locataire</translation>
    </message>
    <message>
        <source>Token format version</source>
        <translation>Version du format du jeton</translation>
    </message>
    <message numerus="yes">
        <source>{%n member(s)}</source>
        <translation>
            <numerusform>{%n membre}</numerusform>
            <numerusform>{%n membres}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>[%n item(s)]</source>
        <translation>
            <numerusform>[%n élément]</numerusform>
            <numerusform>[%n éléments]</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>Token inspector</source>
        <translation>Inspecteur de jeton</translation>
    </message>
    <message>
        <source>Token header and claims</source>
        <translation>En-tête et revendications du jeton</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Valeur</translation>
    </message>
    <message>
        <source>Meaning</source>
        <translation>Signification</translation>
    </message>
    <message>
        <source>Token lifetime</source>
        <translation>Durée de vie du jeton</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>En-tête</translation>
    </message>
    <message>
        <source>Claims</source>
        <translation>Revendications</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(aucune)</translation>
    </message>
    <message>
        <source>The client id; CMiC compares this claim with the registration&apos;s App ID</source>
        <translation>L’identifiant client; CMiC compare cette revendication avec l’App ID de l’enregistrement</translation>
    </message>
    <message>
        <source>App ID of Entra v1 tokens (not the claim this registration&apos;s preset compares)</source>
        <translation>App ID des jetons Entra v1 (pas la revendication que compare le préréglage de cet enregistrement)</translation>
    </message>
</context>
<context>
    <name>cmic::TokenTimeline</name>
    <message>
        <source>Token lifetime</source>
        <translation>Durée de vie du jeton</translation>
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
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 j %2 h</translation>
    </message>
    <message>
        <source>clock skew allowed: %1</source>
        <translation>décalage d’horloge permis&#xa0;: %1</translation>
    </message>
    <message>
        <source> The token has no nbf claim: it is valid from the moment it was issued.</source>
        <translation> Le jeton n’a pas de revendication nbf&#xa0;: il est valide dès son émission.</translation>
    </message>
    <message>
        <source>No token was obtained, so there is no lifetime to show.</source>
        <translation>Aucun jeton n’a été obtenu; il n’y a donc aucune durée de vie à afficher.</translation>
    </message>
    <message>
        <source>Not valid yet: it becomes valid in %1 (%2). Check the clocks of this machine and the identity provider.</source>
        <translation>Pas encore valide&#xa0;: il le devient dans %1 (%2). Vérifiez les horloges de cet ordinateur et du fournisseur d’identité.</translation>
    </message>
    <message>
        <source>Valid for another %1 (%2).</source>
        <translation>Valide encore %1 (%2).</translation>
    </message>
    <message>
        <source>Expired %1 ago, still accepted within the clock skew (%2). Request a new token.</source>
        <translation>Expiré depuis %1, encore accepté grâce au décalage d’horloge permis (%2). Demandez un nouveau jeton.</translation>
    </message>
    <message>
        <source>Expired %1 ago (%2): CMiC refuses it. Request a new token; if it was just issued, check the clocks of this machine and the identity provider.</source>
        <translation>Expiré depuis %1 (%2)&#xa0;: CMiC le refuse. Demandez un nouveau jeton; s’il vient d’être émis, vérifiez les horloges de cet ordinateur et du fournisseur d’identité.</translation>
    </message>
    <message>
        <source>The token has no exp claim: CMiC refuses tokens that never expire. Configure the identity provider to set a lifetime.</source>
        <translation>Le jeton n’a pas de revendication exp&#xa0;: CMiC refuse les jetons qui n’expirent jamais. Configurez une durée de vie chez le fournisseur d’identité.</translation>
    </message>
    <message>
        <source>now %1</source>
        <translation>maintenant %1</translation>
    </message>
</context>
<context>
    <name>cmic::ValidateResultPage</name>
    <message>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>What works, what does not and what to fix first.</source>
        <translation>Ce qui fonctionne, ce qui ne fonctionne pas et ce qu’il faut corriger en premier.</translation>
    </message>
    <message>
        <source>Result icon</source>
        <translation>Icône du résultat</translation>
    </message>
    <message>
        <source>What the result means</source>
        <translation>Ce que signifie le résultat</translation>
    </message>
    <message>
        <source>Resolved service user</source>
        <translation>Utilisateur de service déterminé</translation>
    </message>
    <message>
        <source>Result details</source>
        <translation>Détails du résultat</translation>
    </message>
    <message>
        <source>All findings of the run</source>
        <translation>Tous les constats de l’exécution</translation>
    </message>
    <message>
        <source>&amp;Token</source>
        <translation>&amp;Jeton</translation>
    </message>
    <message>
        <source>&amp;Save report…</source>
        <translation>&amp;Enregistrer le rapport…</translation>
    </message>
    <message>
        <source>Save report</source>
        <translation>Enregistrer le rapport</translation>
    </message>
    <message>
        <source>Copy t&amp;oken</source>
        <translation>Copier le jet&amp;on</translation>
    </message>
    <message>
        <source>Copy token</source>
        <translation>Copier le jeton</translation>
    </message>
    <message>
        <source>Copies the access token to the clipboard, for a manual test. It is a credential until it expires; it is never saved.</source>
        <translation>Copie le jeton d’accès dans le presse-papiers, pour un essai manuel. C’est un identifiant jusqu’à son expiration; il n’est jamais enregistré.</translation>
    </message>
    <message>
        <source>Run &amp;again</source>
        <translation>&amp;Relancer</translation>
    </message>
    <message>
        <source>Run again</source>
        <translation>Relancer</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>“%1” in %2, validated %3.</source>
        <translation>«&#xa0;%1&#xa0;» dans %2, validé %3.</translation>
    </message>
    <message>
        <source>no environment</source>
        <translation>aucun environnement</translation>
    </message>
    <message>
        <source>CMiC runs the calls as %1. %2</source>
        <translation>CMiC exécute les appels en tant que %1. %2</translation>
    </message>
    <message>
        <source>The service user was not resolved: %1</source>
        <translation>L’utilisateur de service n’a pas été déterminé&#xa0;: %1</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>No findings: every check passed.</source>
        <translation>Aucun constat&#xa0;: toutes les vérifications ont réussi.</translation>
    </message>
    <message>
        <source>No token was obtained in this run.</source>
        <translation>Aucun jeton n’a été obtenu lors de cette exécution.</translation>
    </message>
    <message>
        <source>Save validation report</source>
        <translation>Enregistrer le rapport de validation</translation>
    </message>
    <message>
        <source>Could not save the report</source>
        <translation>Impossible d’enregistrer le rapport</translation>
    </message>
    <message>
        <source>Report saved to %1. It holds no secret and no token.</source>
        <translation>Rapport enregistré dans %1. Il ne contient aucun secret ni aucun jeton.</translation>
    </message>
    <message>
        <source>No token was obtained in this run, so there is nothing to copy.</source>
        <translation>Aucun jeton n’a été obtenu lors de cette exécution; il n’y a donc rien à copier.</translation>
    </message>
    <message>
        <source>The access token is on the clipboard. It works as a credential until it expires: paste it only where it is needed.</source>
        <translation>Le jeton d’accès est dans le presse-papiers. Il sert d’identifiant jusqu’à son expiration&#xa0;: collez-le seulement là où il le faut.</translation>
    </message>
    <message>
        <source>&amp;Permissions</source>
        <translation>Per&amp;missions</translation>
    </message>
    <message>
        <source>CMiC&apos;s answer to the service user on each probe endpoint of the environment.</source>
        <translation>La réponse de CMiC à l’utilisateur de service pour chaque point de terminaison de sonde de l’environnement.</translation>
    </message>
    <message>
        <source>Saves the report as HTML or PDF (to attach to a ticket) or JSON. It holds no secret and no token.</source>
        <translation>Enregistre le rapport en HTML ou en PDF (à joindre à une demande de soutien) ou en JSON. Il ne contient aucun secret ni aucun jeton.</translation>
    </message>
    <message>
        <source>&amp;Permissions (%1)</source>
        <translation>Per&amp;missions (%1)</translation>
    </message>
    <message>
        <source>HTML report (*.html);;PDF report (*.pdf);;JSON report (*.json)</source>
        <translation>Rapport HTML (*.html);;Rapport PDF (*.pdf);;Rapport JSON (*.json)</translation>
    </message>
    <message>
        <source>F&amp;indings</source>
        <translation>&amp;Constats</translation>
    </message>
    <message>
        <source>F&amp;indings (%1)</source>
        <translation>&amp;Constats (%1)</translation>
    </message>
</context>
<context>
    <name>cmic::ValidateRunPage</name>
    <message>
        <source>Running the checks</source>
        <translation>Exécution des vérifications</translation>
    </message>
    <message>
        <source>Each step shows its result as it finishes. Select a step for its findings, checks and requests.</source>
        <translation>Chaque étape affiche son résultat dès qu’elle se termine. Sélectionnez une étape pour voir ses constats, vérifications et requêtes.</translation>
    </message>
    <message>
        <source>See the &amp;result</source>
        <translation>Voir le &amp;résultat</translation>
    </message>
    <message>
        <source>Validation steps</source>
        <translation>Étapes de validation</translation>
    </message>
    <message>
        <source>Run status</source>
        <translation>État de l’exécution</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Steps finished</source>
        <translation>Étapes terminées</translation>
    </message>
    <message>
        <source>%v of %m steps</source>
        <translation>%v étapes sur %m</translation>
    </message>
    <message>
        <source>Cancel the run</source>
        <translation>Annuler l’exécution</translation>
    </message>
    <message>
        <source>Stops the request in progress; the steps not finished are marked cancelled.</source>
        <translation>Arrête la requête en cours; les étapes non terminées sont marquées comme annulées.</translation>
    </message>
    <message>
        <source>The workspace&apos;s network settings could not be applied: %1 The run goes on with the system settings.</source>
        <translation>Les paramètres réseau de l’espace de travail n’ont pas pu être appliqués&#xa0;: %1 L’exécution se poursuit avec les paramètres du système.</translation>
    </message>
    <message>
        <source>Validating “%1”…</source>
        <translation>Validation de «&#xa0;%1&#xa0;»…</translation>
    </message>
    <message>
        <source>“%1” in %2. Each step shows its result as it finishes; select one for its findings, checks and requests.</source>
        <translation>«&#xa0;%1&#xa0;» dans %2. Chaque étape affiche son résultat dès qu’elle se termine; sélectionnez-en une pour voir ses constats, vérifications et requêtes.</translation>
    </message>
    <message>
        <source>no environment</source>
        <translation>aucun environnement</translation>
    </message>
    <message>
        <source>The run could not start. Close the wizard and open it again.</source>
        <translation>L’exécution n’a pas pu démarrer. Fermez l’assistant et ouvrez-le de nouveau.</translation>
    </message>
    <message>
        <source>%1 step running…</source>
        <translation>Étape %1 en cours…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Annulation…</translation>
    </message>
    <message>
        <source>Ca&amp;ncel run</source>
        <translation>Annuler l’e&amp;xécution</translation>
    </message>
</context>
<context>
    <name>cmic::ValidateSetupWizard</name>
    <message>
        <source>Validate setup</source>
        <translation>Valider la configuration</translation>
    </message>
    <message>
        <source>Validate setup — CMiC OAuth Console</source>
        <translation>Valider la configuration — CMiC OAuth Console</translation>
    </message>
</context>
<context>
    <name>cmic::ValidateStartPage</name>
    <message>
        <source>Validate setup</source>
        <translation>Valider la configuration</translation>
    </message>
    <message>
        <source>Proves a registration end to end, the way CMiC will see it: the console asks the identity provider for a token, checks it as CMiC does, and calls CMiC with it.</source>
        <translation>Prouve un enregistrement de bout en bout, comme CMiC le verra&#xa0;: la console demande un jeton au fournisseur d’identité, le vérifie comme CMiC le fait et appelle CMiC avec lui.</translation>
    </message>
    <message>
        <source>&amp;Validate</source>
        <translation>&amp;Valider</translation>
    </message>
    <message>
        <source>Registration</source>
        <translation>Enregistrement</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Environnement</translation>
    </message>
    <message>
        <source>Service user</source>
        <translation>Utilisateur de service</translation>
    </message>
    <message>
        <source>Client authentication</source>
        <translation>Authentification du client</translation>
    </message>
    <message>
        <source>Credential status icon</source>
        <translation>Icône de l’état de l’identifiant</translation>
    </message>
    <message>
        <source>Credential</source>
        <translation>Identifiant</translation>
    </message>
    <message>
        <source>&amp;Go to the client secret field</source>
        <translation>&amp;Aller au champ du secret client</translation>
    </message>
    <message>
        <source>Go to the client secret field</source>
        <translation>Aller au champ du secret client</translation>
    </message>
    <message>
        <source>Shows the registration&apos;s form in the main window with the client secret field focused. This wizard stays open; come back when the secret is saved.</source>
        <translation>Affiche le formulaire de l’enregistrement dans la fenêtre principale, le curseur dans le champ du secret client. Cet assistant reste ouvert; revenez une fois le secret enregistré.</translation>
    </message>
    <message>
        <source>C&amp;heck again</source>
        <translation>Vérifier à &amp;nouveau</translation>
    </message>
    <message>
        <source>Check the keychain again</source>
        <translation>Vérifier le trousseau à nouveau</translation>
    </message>
    <message>
        <source>Expected CMiC user</source>
        <translation>Utilisateur CMiC attendu</translation>
    </message>
    <message>
        <source>optional, e.g. SVC_INTEGRATION</source>
        <translation>facultatif, p. ex. SVC_INTEGRATION</translation>
    </message>
    <message>
        <source>The CMiC username you expect the API calls to run as. The service-user step fails when CMiC would run them as someone else.</source>
        <translation>Le nom d’utilisateur CMiC sous lequel vous attendez que les appels d’API s’exécutent. L’étape de l’utilisateur de service échoue si CMiC les exécuterait en tant que quelqu’un d’autre.</translation>
    </message>
    <message>
        <source>&amp;Call CMiC with the token</source>
        <translation>Appeler &amp;CMiC avec le jeton</translation>
    </message>
    <message>
        <source>Call CMiC with the token</source>
        <translation>Appeler CMiC avec le jeton</translation>
    </message>
    <message>
        <source>What the CMiC call does</source>
        <translation>Ce que fait l’appel à CMiC</translation>
    </message>
    <message>
        <source>Network settings used</source>
        <translation>Paramètres réseau utilisés</translation>
    </message>
    <message>
        <source>&amp;Registration:</source>
        <translation>&amp;Enregistrement&#xa0;:</translation>
    </message>
    <message>
        <source>Environment:</source>
        <translation>Environnement&#xa0;:</translation>
    </message>
    <message>
        <source>Service user:</source>
        <translation>Utilisateur de service&#xa0;:</translation>
    </message>
    <message>
        <source>Client authentication:</source>
        <translation>Authentification du client&#xa0;:</translation>
    </message>
    <message>
        <source>Credential:</source>
        <translation>Identifiant&#xa0;:</translation>
    </message>
    <message>
        <source>E&amp;xpected CMiC user:</source>
        <translation>Utilisateur CMiC a&amp;ttendu&#xa0;:</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>%1 (%2, %3)</source>
        <translation>%1 (%2, %3)</translation>
    </message>
    <message>
        <source>no API base URL</source>
        <translation>aucune URL de base de l’API</translation>
    </message>
    <message>
        <source>None chosen: choose the environment on the registration&apos;s form.</source>
        <translation>Aucun choisi&#xa0;: choisissez l’environnement dans le formulaire de l’enregistrement.</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>None chosen: choose the service user on the registration&apos;s form.</source>
        <translation>Aucun choisi&#xa0;: choisissez l’utilisateur de service dans le formulaire de l’enregistrement.</translation>
    </message>
    <message>
        <source>GET %1 below %2 with the token, as an integration would.</source>
        <translation>GET %1 sous %2 avec le jeton, comme le ferait une intégration.</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>The environment has no API base URL or probe endpoint, so the CMiC call will be skipped. Add them on the environment&apos;s form to include it.</source>
        <translation>L’environnement n’a pas d’URL de base de l’API ni de point de terminaison de sonde; l’appel à CMiC sera donc sauté. Ajoutez-les dans le formulaire de l’environnement pour l’inclure.</translation>
    </message>
    <message>
        <source>system trust store</source>
        <translation>magasin de confiance du système</translation>
    </message>
    <message>
        <source>extra CA bundle %1</source>
        <translation>groupe d’AC supplémentaire %1</translation>
    </message>
    <message>
        <source>proxy: %1</source>
        <translation>serveur mandataire&#xa0;: %1</translation>
    </message>
    <message numerus="yes">
        <source>clock skew allowed: %n s</source>
        <translation>
            <numerusform>décalage d’horloge permis&#xa0;: %n s</numerusform>
            <numerusform>décalage d’horloge permis&#xa0;: %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>Requests use the workspace&apos;s network settings: %1.</source>
        <translation>Les requêtes utilisent les paramètres réseau de l’espace de travail&#xa0;: %1.</translation>
    </message>
    <message>
        <source>; </source>
        <translation>; </translation>
    </message>
    <message>
        <source>for this session only</source>
        <translation>pour cette session seulement</translation>
    </message>
    <message>
        <source>This workspace has no registration yet. Add one on the Registrations page, then validate it.</source>
        <translation>Cet espace de travail n’a encore aucun enregistrement. Ajoutez-en un dans la page Enregistrements, puis validez-le.</translation>
    </message>
    <message>
        <source>Choose the registration to validate.</source>
        <translation>Choisissez l’enregistrement à valider.</translation>
    </message>
    <message>
        <source>Reading the keychain…</source>
        <translation>Lecture du trousseau…</translation>
    </message>
    <message>
        <source>The private key for private_key_jwt is stored — %1.</source>
        <translation>La clé privée pour private_key_jwt est enregistrée — %1.</translation>
    </message>
    <message>
        <source>The client secret is stored — %1.</source>
        <translation>Le secret client est enregistré — %1.</translation>
    </message>
    <message>
        <source>It is used for this run only and never written to the report.</source>
        <translation>Il n’est utilisé que pour cette exécution et n’est jamais écrit dans le rapport.</translation>
    </message>
    <message>
        <source>No private key is stored for this registration. Import the client&apos;s PEM private key on the registration&apos;s form first, then come back: this wizard stays open and keeps what you entered here.</source>
        <translation>Aucune clé privée n’est enregistrée pour cet enregistrement. Importez d’abord la clé privée PEM du client dans le formulaire de l’enregistrement, puis revenez&#xa0;: cet assistant reste ouvert et conserve ce que vous avez saisi ici.</translation>
    </message>
    <message>
        <source>No client secret is stored for this registration. Enter the client secret on the registration&apos;s form first (press Enter to save it), then come back: this wizard stays open and keeps what you entered here.</source>
        <translation>Aucun secret client n’est enregistré pour cet enregistrement. Saisissez d’abord le secret client dans le formulaire de l’enregistrement (appuyez sur Entrée pour l’enregistrer), puis revenez&#xa0;: cet assistant reste ouvert et conserve ce que vous avez saisi ici.</translation>
    </message>
    <message>
        <source>The keychain could not be read: %1 Check that the keychain is running and unlocked, then check again.</source>
        <translation>Le trousseau n’a pas pu être lu&#xa0;: %1 Vérifiez que le trousseau est en marche et déverrouillé, puis vérifiez à nouveau.</translation>
    </message>
    <message>
        <source>The keychain could not be read: %1 Enter the secret on the registration&apos;s form and choose “Keep for this session only”, then check again.</source>
        <translation>Le trousseau n’a pas pu être lu&#xa0;: %1 Saisissez le secret dans le formulaire de l’enregistrement et choisissez «&#xa0;Conserver pour cette session seulement&#xa0;», puis vérifiez à nouveau.</translation>
    </message>
    <message>
        <source>&amp;Go to the private key field</source>
        <translation>&amp;Aller au champ de la clé privée</translation>
    </message>
    <message>
        <source>Go to the private key field</source>
        <translation>Aller au champ de la clé privée</translation>
    </message>
    <message>
        <source>Change…</source>
        <translation>Modifier…</translation>
    </message>
    <message>
        <source>Change the workspace&apos;s network settings</source>
        <translation>Modifier les paramètres réseau de l’espace de travail</translation>
    </message>
    <message>
        <source>Open Workspace Settings: CA bundle, proxy and clock skew</source>
        <translation>Ouvrir les paramètres de l’espace de travail&#xa0;: groupe d’AC, serveur mandataire et décalage d’horloge</translation>
    </message>
</context>
<context>
    <name>cmic::ValidationFlowDiagram</name>
    <message>
        <source>Identity provider</source>
        <translation>Fournisseur d’identité</translation>
    </message>
    <message>
        <source>This console</source>
        <translation>Cette console</translation>
    </message>
    <message>
        <source>CMiC</source>
        <translation>CMiC</translation>
    </message>
    <message>
        <source>Validation flow</source>
        <translation>Déroulement de la validation</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1&#xa0;: %2</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation>%1 %2</translation>
    </message>
    <message>
        <source>%1: %2 (%3)</source>
        <translation>%1&#xa0;: %2 (%3)</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>local checks</source>
        <translation>vérifications locales</translation>
    </message>
    <message>
        <source>Issues and signs the access token; publishes its keys.</source>
        <translation>Émet et signe le jeton d’accès; publie ses clés.</translation>
    </message>
    <message>
        <source>Checks the token and runs the call as the service user.</source>
        <translation>Vérifie le jeton et exécute l’appel en tant que l’utilisateur de service.</translation>
    </message>
    <message>
        <source>%1 (unreachable)</source>
        <translation>%1 (inaccessible)</translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <comment>a box of the validation flow and its host</comment>
        <translation>%1 à %2</translation>
    </message>
</context>
<context>
    <name>cmic::ValidationStatusStyle</name>
    <message>
        <source>not run yet</source>
        <translation>pas encore exécutée</translation>
    </message>
    <message>
        <source>running</source>
        <translation>en cours</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>réussie</translation>
    </message>
    <message>
        <source>passed with warnings</source>
        <translation>réussie avec avertissements</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>échouée</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>sautée</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>annulée</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
</context>
<context>
    <name>cmic::ValidationStepDetails</name>
    <message>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Avertissement</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Remarque</translation>
    </message>
    <message>
        <source>environment</source>
        <translation>environnement</translation>
    </message>
    <message>
        <source>service user</source>
        <translation>utilisateur de service</translation>
    </message>
    <message>
        <source>registration</source>
        <translation>enregistrement</translation>
    </message>
    <message>
        <source>workspace</source>
        <translation>espace de travail</translation>
    </message>
    <message>
        <source>  redirected to %1</source>
        <translation>  redirigé vers %1</translation>
    </message>
    <message>
        <source>Answer: HTTP %1, %2, %3 bytes</source>
        <translation>Réponse&#xa0;: HTTP %1, %2, %3 octets</translation>
    </message>
    <message>
        <source>No HTTP answer (%1).</source>
        <translation>Aucune réponse HTTP (%1).</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Erreur&#xa0;: %1</translation>
    </message>
    <message>
        <source>Server date: %1</source>
        <translation>Date du serveur&#xa0;: %1</translation>
    </message>
    <message>
        <source>TLS certificate: %1, issued by %2, expires %3</source>
        <translation>Certificat TLS&#xa0;: %1, émis par %2, expire %3</translation>
    </message>
    <message>
        <source>Basic authentication as client %1 (secret not shown)</source>
        <translation>Authentification Basic en tant que client %1 (secret non affiché)</translation>
    </message>
    <message>
        <source>Request headers:</source>
        <translation>En-têtes de la requête&#xa0;:</translation>
    </message>
    <message>
        <source>Request body:</source>
        <translation>Corps de la requête&#xa0;:</translation>
    </message>
    <message>
        <source>Response headers:</source>
        <translation>En-têtes de la réponse&#xa0;:</translation>
    </message>
    <message>
        <source>Response body (first %1 bytes at most):</source>
        <translation>Corps de la réponse (au plus les %1 premiers octets)&#xa0;:</translation>
    </message>
    <message>
        <source>Step details</source>
        <translation>Détails de l’étape</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Étape</translation>
    </message>
    <message>
        <source>Step summary</source>
        <translation>Résumé de l’étape</translation>
    </message>
    <message>
        <source>Findings of the step</source>
        <translation>Constats de l’étape</translation>
    </message>
    <message>
        <source>Checks of the step</source>
        <translation>Vérifications de l’étape</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Vérification</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>HTTP exchanges of the step</source>
        <translation>Échanges HTTP de l’étape</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Méthode</translation>
    </message>
    <message>
        <source>URL</source>
        <translation>URL</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Durée</translation>
    </message>
    <message>
        <source>Selected exchange, with secrets masked</source>
        <translation>Échange sélectionné, secrets masqués</translation>
    </message>
    <message>
        <source>Copy as &amp;curl</source>
        <translation>Copier en &amp;curl</translation>
    </message>
    <message>
        <source>Copy as curl</source>
        <translation>Copier en curl</translation>
    </message>
    <message>
        <source>Copies the selected request as a curl command. Secrets are not in it: it reads them from $CMIC_CLIENT_SECRET, $CMIC_CLIENT_ASSERTION and $CMIC_ACCESS_TOKEN.</source>
        <translation>Copie la requête sélectionnée sous forme de commande curl. Les secrets n’y figurent pas&#xa0;: elle les lit dans $CMIC_CLIENT_SECRET, $CMIC_CLIENT_ASSERTION et $CMIC_ACCESS_TOKEN.</translation>
    </message>
    <message>
        <source>Select a step to see its checks, findings and requests.</source>
        <translation>Sélectionnez une étape pour voir ses vérifications, constats et requêtes.</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>Constats</translation>
    </message>
    <message>
        <source>Checks</source>
        <translation>Vérifications</translation>
    </message>
    <message>
        <source>Requests</source>
        <translation>Requêtes</translation>
    </message>
    <message>
        <source>What to do: %1</source>
        <translation>Que faire&#xa0;: %1</translation>
    </message>
    <message>
        <source>Show the field “%1” of the %2</source>
        <translation>Afficher le champ «&#xa0;%1&#xa0;» de %2</translation>
    </message>
    <message>
        <source>This step has not run yet.</source>
        <translation>Cette étape n’a pas encore été exécutée.</translation>
    </message>
    <message>
        <source>This step is running.</source>
        <translation>Cette étape est en cours.</translation>
    </message>
    <message>
        <source>This step was skipped.</source>
        <translation>Cette étape a été sautée.</translation>
    </message>
    <message>
        <source>This step was skipped: %1</source>
        <translation>Cette étape a été sautée&#xa0;: %1</translation>
    </message>
    <message>
        <source>The run was cancelled before this step finished.</source>
        <translation>L’exécution a été annulée avant la fin de cette étape.</translation>
    </message>
    <message>
        <source>No problems found in this step.</source>
        <translation>Aucun problème trouvé à cette étape.</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Skipped: %1</source>
        <translation>Sautée&#xa0;: %1</translation>
    </message>
    <message>
        <source>%1 (problem in: %2)</source>
        <translation>%1 (problème dans&#xa0;: %2)</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>aucune réponse</translation>
    </message>
    <message>
        <source>Findings (%1)</source>
        <translation>Constats (%1)</translation>
    </message>
    <message>
        <source>Checks (%1)</source>
        <translation>Vérifications (%1)</translation>
    </message>
    <message>
        <source>Requests (%1)</source>
        <translation>Requêtes (%1)</translation>
    </message>
    <message>
        <source>This step made no HTTP request.</source>
        <translation>Cette étape n’a fait aucune requête HTTP.</translation>
    </message>
    <message>
        <source>Copied “%1 %2” as a curl command. Set $CMIC_CLIENT_SECRET or $CMIC_ACCESS_TOKEN before running it.</source>
        <translation>«&#xa0;%1 %2&#xa0;» copié sous forme de commande curl. Définissez $CMIC_CLIENT_SECRET ou $CMIC_ACCESS_TOKEN avant de l’exécuter.</translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation>Ouvrir %1</translation>
    </message>
</context>
<context>
    <name>cmic::ValidationStepModel</name>
    <message>
        <source>Waiting</source>
        <translation>En attente</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>En cours…</translation>
    </message>
    <message>
        <source>Skipped: %1</source>
        <translation>Sautée&#xa0;: %1</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulée</translation>
    </message>
    <message>
        <source>%1 step: %2. %3</source>
        <translation>Étape %1&#xa0;: %2. %3</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Étape</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Durée</translation>
    </message>
</context>
<context>
    <name>cmic::WelcomePage</name>
    <message>
        <source>Welcome</source>
        <translation>Bienvenue</translation>
    </message>
    <message>
        <source>Welcome to CMiC OAuth Console</source>
        <translation>Bienvenue dans CMiC OAuth Console</translation>
    </message>
    <message>
        <source>Set up CMiC&apos;s OAuth 2.0 client credentials flow in five steps: &lt;b&gt;1&lt;/b&gt; a dedicated service user in your CMiC environment, &lt;b&gt;2&lt;/b&gt; an app in your identity provider whose token carries the user claim, &lt;b&gt;3&lt;/b&gt; the app registered in CMiC API Security (App ID, Issuer, JWKS URI), &lt;b&gt;4&lt;/b&gt; API Security permissions for the service user, &lt;b&gt;5&lt;/b&gt; Validate Setup: a real token and a call to CMiC. A checklist beside each registration shows what is done and takes you to what is next.</source>
        <translation>Configurez le flux d’identifiants client OAuth 2.0 de CMiC en cinq étapes&#xa0;: &lt;b&gt;1&lt;/b&gt; un utilisateur de service dédié dans votre environnement CMiC, &lt;b&gt;2&lt;/b&gt; une application dans votre fournisseur d’identité dont le jeton porte la revendication utilisateur, &lt;b&gt;3&lt;/b&gt; l’application enregistrée dans CMiC API Security (App ID, émetteur, URI JWKS), &lt;b&gt;4&lt;/b&gt; les permissions API Security de l’utilisateur de service, &lt;b&gt;5&lt;/b&gt; Valider la configuration&#xa0;: un vrai jeton et un appel à CMiC. Une liste de vérification à côté de chaque enregistrement indique ce qui est fait et vous mène à l’étape suivante.</translation>
    </message>
    <message>
        <source>Try the &amp;demo</source>
        <translation>Essayer la &amp;démonstration</translation>
    </message>
    <message>
        <source>Open an example workspace to look around; nothing is saved until you ask.</source>
        <translation>Ouvrez un espace de travail d’exemple pour explorer; rien n’est enregistré tant que vous ne le demandez pas.</translation>
    </message>
    <message>
        <source>&amp;New workspace</source>
        <translation>&amp;Nouvel espace de travail</translation>
    </message>
    <message>
        <source>Start an empty workspace; the setup checklist says what to add first.</source>
        <translation>Commencez avec un espace de travail vide; la liste de vérification de la configuration indique quoi ajouter en premier.</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>Ou&amp;vrir…</translation>
    </message>
    <message>
        <source>Open a workspace file (*.cmic-oauth.json).</source>
        <translation>Ouvrez un fichier d’espace de travail (*.cmic-oauth.json).</translation>
    </message>
    <message>
        <source>&amp;Recent workspaces:</source>
        <translation>Espaces de travail &amp;récents&#xa0;:</translation>
    </message>
    <message>
        <source>Recent workspaces</source>
        <translation>Espaces de travail récents</translation>
    </message>
    <message>
        <source>Double-click (or press Enter on) a workspace to open it.</source>
        <translation>Double-cliquez sur un espace de travail (ou sélectionnez-le et appuyez sur Entrée) pour l’ouvrir.</translation>
    </message>
</context>
<context>
    <name>cmic::WorkspaceDocument</name>
    <message>
        <source>Untitled</source>
        <translation>Sans titre</translation>
    </message>
</context>
<context>
    <name>cmic::WorkspaceFile</name>
    <message>
        <source>The workspace data</source>
        <translation>Les données de l’espace de travail</translation>
    </message>
    <message>
        <source>Fix it in a text editor or restore a copy from version control, then open it again.</source>
        <translation>Corrigez-les dans un éditeur de texte ou restaurez une copie depuis le contrôle de version, puis ouvrez le fichier de nouveau.</translation>
    </message>
    <message>
        <source>Fix it in a text editor, or restore %1 (the copy kept at the last save) or a copy from version control, then open it again. The file was not changed.</source>
        <translation>Corrigez-les dans un éditeur de texte, ou restaurez %1 (la copie gardée au dernier enregistrement) ou une copie depuis le contrôle de version, puis ouvrez le fichier de nouveau. Le fichier n’a pas été modifié.</translation>
    </message>
    <message numerus="yes">
        <source>  - ... and %n more.</source>
        <translation>
            <numerusform>  - ... et %n autre.</numerusform>
            <numerusform>  - ... et %n autres.</numerusform>
        </translation>
    </message>
    <message>
        <source>member &quot;%1&quot; must be an array of objects.</source>
        <translation>le membre «&#xa0;%1&#xa0;» doit être un tableau d’objets.</translation>
    </message>
    <message>
        <source>must be an object.</source>
        <translation>doit être un objet.</translation>
    </message>
    <message>
        <source>has the same id &quot;%1&quot; as %2[%3]; each id must be unique. Give one of them a new id (or delete the &quot;id&quot; member and one is made on open).</source>
        <translation>a le même identifiant «&#xa0;%1&#xa0;» que %2[%3]; chaque identifiant doit être unique. Donnez un nouvel identifiant à l’un d’eux (ou supprimez le membre «&#xa0;id&#xa0;» et un identifiant sera créé à l’ouverture).</translation>
    </message>
    <message>
        <source>%1 is empty, so it holds no workspace. It may have been cut short while being written. %2</source>
        <translation>%1 est vide; il ne contient donc aucun espace de travail. Il a peut-être été tronqué pendant son écriture. %2</translation>
    </message>
    <message>
        <source>%1 could not be read: %2, at line %3, column %4 and at line %5, column %6. A workspace gives each member once: keep the one you mean and remove the other. %7</source>
        <translation>%1 n’a pas pu être lu&#xa0;: %2, à la ligne %3, colonne %4 et à la ligne %5, colonne %6. Un espace de travail donne chaque membre une seule fois&#xa0;: gardez celui que vous voulez et retirez l’autre. %7</translation>
    </message>
    <message>
        <source>%1 could not be read: %2 (line %3, column %4). Workspace files are UTF-8 text without control characters in their strings. %5</source>
        <translation>%1 n’a pas pu être lu&#xa0;: %2 (ligne %3, colonne %4). Les fichiers d’espace de travail sont du texte UTF-8 sans caractères de contrôle dans leurs chaînes. %5</translation>
    </message>
    <message>
        <source>it ends too early and looks cut short</source>
        <translation>il se termine trop tôt et semble tronqué</translation>
    </message>
    <message>
        <source>it is damaged or is not a JSON file</source>
        <translation>il est endommagé ou ce n’est pas un fichier JSON</translation>
    </message>
    <message>
        <source>%1 could not be read: %2 (%3 at line %4, column %5). %6</source>
        <translation>%1 n’a pas pu être lu&#xa0;: %2 (%3 à la ligne %4, colonne %5). %6</translation>
    </message>
    <message>
        <source>Check that you chose the right file: a CMiC OAuth Console workspace starts with &quot;format&quot;: &quot;cmic-oauth-workspace&quot; and its name usually ends with .cmic-oauth.json.</source>
        <translation>Vérifiez que vous avez choisi le bon fichier&#xa0;: un espace de travail CMiC OAuth Console commence par &quot;format&quot;: &quot;cmic-oauth-workspace&quot; et son nom se termine habituellement par .cmic-oauth.json.</translation>
    </message>
    <message>
        <source>%1 is JSON but not a CMiC OAuth Console workspace (its top level is not an object). %2</source>
        <translation>%1 est du JSON, mais pas un espace de travail CMiC OAuth Console (son niveau supérieur n’est pas un objet). %2</translation>
    </message>
    <message>
        <source>it has no &quot;format&quot; member</source>
        <translation>il n’a pas de membre «&#xa0;format&#xa0;»</translation>
    </message>
    <message>
        <source>its &quot;format&quot; is %1</source>
        <translation>son «&#xa0;format&#xa0;» est %1</translation>
    </message>
    <message>
        <source>%1 is JSON but not a CMiC OAuth Console workspace (%2). %3</source>
        <translation>%1 est du JSON, mais pas un espace de travail CMiC OAuth Console (%2). %3</translation>
    </message>
    <message>
        <source>%1 has no valid &quot;version&quot; member (it must be a whole number, 1 or higher). Add &quot;version&quot;: %2 in a text editor if the file was written by hand, then open it again. The file was not changed.</source>
        <translation>%1 n’a pas de membre «&#xa0;version&#xa0;» valide (ce doit être un nombre entier, 1 ou plus). Ajoutez &quot;version&quot;: %2 dans un éditeur de texte si le fichier a été écrit à la main, puis ouvrez-le de nouveau. Le fichier n’a pas été modifié.</translation>
    </message>
    <message>
        <source>%1 was written by a newer CMiC OAuth Console (workspace format version %2; this console reads versions up to %3). Open it with the newer console, or update this one. The file was not changed.</source>
        <translation>%1 a été écrit par une version plus récente de CMiC OAuth Console (version de format d’espace de travail %2; cette console lit les versions jusqu’à %3). Ouvrez-le avec la console plus récente, ou mettez celle-ci à jour. Le fichier n’a pas été modifié.</translation>
    </message>
    <message>
        <source>member &quot;id&quot; must be a string.</source>
        <translation>le membre «&#xa0;id&#xa0;» doit être une chaîne.</translation>
    </message>
    <message>
        <source>member &quot;settings&quot; must be an object.</source>
        <translation>le membre «&#xa0;settings&#xa0;» doit être un objet.</translation>
    </message>
    <message>
        <source>%1 is a workspace, but some of its members cannot be read:
%2
Correct them in a text editor, or restore an earlier copy, then open it again. The file was not changed.</source>
        <translation>%1 est un espace de travail, mais certains de ses membres ne peuvent pas être lus&#xa0;:
%2
Corrigez-les dans un éditeur de texte, ou restaurez une copie antérieure, puis ouvrez-le de nouveau. Le fichier n’a pas été modifié.</translation>
    </message>
    <message>
        <source>%1 does not exist. It may have been moved, renamed or deleted. Use Open to look for it.</source>
        <translation>%1 n’existe pas. Il a peut-être été déplacé, renommé ou supprimé. Utilisez Ouvrir pour le chercher.</translation>
    </message>
    <message>
        <source>%1 is a folder, not a workspace file. Choose a .cmic-oauth.json file inside it.</source>
        <translation>%1 est un dossier, pas un fichier d’espace de travail. Choisissez-y un fichier .cmic-oauth.json.</translation>
    </message>
    <message>
        <source>%1 is %2, not a workspace file, so it was not read. Choose a .cmic-oauth.json file.</source>
        <translation>%1 est %2, pas un fichier d’espace de travail; il n’a donc pas été lu. Choisissez un fichier .cmic-oauth.json.</translation>
    </message>
    <message>
        <source>%1 is %2 MiB, far larger than any workspace; it is probably not one. Check that you chose the right file.</source>
        <translation>%1 fait %2 Mio, bien plus que tout espace de travail; ce n’en est probablement pas un. Vérifiez que vous avez choisi le bon fichier.</translation>
    </message>
    <message>
        <source>%1 could not be read: %2. Check that you may read it (permissions, a disconnected drive), then try again.</source>
        <translation>%1 n’a pas pu être lu&#xa0;: %2. Vérifiez que vous pouvez le lire (autorisations, lecteur déconnecté), puis réessayez.</translation>
    </message>
    <message>
        <source>Nothing was saved and the file on disk was not changed.</source>
        <translation>Rien n’a été enregistré et le fichier sur le disque n’a pas été modifié.</translation>
    </message>
    <message>
        <source>Could not save to %1: it is a folder. Choose a file name, for example with Save As. %2</source>
        <translation>Impossible d’enregistrer dans %1&#xa0;: c’est un dossier. Choisissez un nom de fichier, par exemple avec Enregistrer sous. %2</translation>
    </message>
    <message>
        <source>Could not save to %1: it is %2, not a file. Use Save As to choose a file name. %3</source>
        <translation>Impossible d’enregistrer dans %1&#xa0;: c’est %2, pas un fichier. Utilisez Enregistrer sous pour choisir un nom de fichier. %3</translation>
    </message>
    <message>
        <source>Could not read %1 to keep a backup of it: %2. Check its permissions and the drive, or use Save As to save somewhere else. %3</source>
        <translation>Impossible de lire %1 pour en garder une copie de sauvegarde&#xa0;: %2. Vérifiez ses autorisations et le lecteur, ou utilisez Enregistrer sous pour enregistrer ailleurs. %3</translation>
    </message>
    <message>
        <source>it is larger than any workspace</source>
        <translation>il est plus gros que tout espace de travail</translation>
    </message>
    <message>
        <source>%1 was changed by another program (or another window) since it was opened or last saved. Your changes were not saved. Reload it to see the other changes (yours are lost), use Save As to keep yours in a new file, or save again with Overwrite to replace the other changes with yours.</source>
        <translation>%1 a été modifié par un autre programme (ou une autre fenêtre) depuis son ouverture ou son dernier enregistrement. Vos modifications n’ont pas été enregistrées. Rechargez-le pour voir les autres modifications (les vôtres seront perdues), utilisez Enregistrer sous pour garder les vôtres dans un nouveau fichier, ou enregistrez de nouveau avec Écraser pour remplacer les autres modifications par les vôtres.</translation>
    </message>
    <message>
        <source>Could not save %1: %2. Check that the folder exists and you may write to it, or use Save As to save somewhere else. %3</source>
        <translation>Impossible d’enregistrer %1&#xa0;: %2. Vérifiez que le dossier existe et que vous pouvez y écrire, ou utilisez Enregistrer sous pour enregistrer ailleurs. %3</translation>
    </message>
    <message>
        <source>Could not save %1: %2. Check the free space and permissions, or use Save As to save somewhere else. %3</source>
        <translation>Impossible d’enregistrer %1&#xa0;: %2. Vérifiez l’espace libre et les autorisations, ou utilisez Enregistrer sous pour enregistrer ailleurs. %3</translation>
    </message>
    <message>
        <source>Could not keep a backup of %1: %2 is %3, not a file. Move it away, or use Save As to save somewhere else. %4</source>
        <translation>Impossible de garder une copie de sauvegarde de %1&#xa0;: %2 est %3, pas un fichier. Déplacez-le, ou utilisez Enregistrer sous pour enregistrer ailleurs. %4</translation>
    </message>
    <message>
        <source>Could not keep a backup of %1: %2 is a link that could not be replaced. Remove it, or use Save As to save somewhere else. %3</source>
        <translation>Impossible de garder une copie de sauvegarde de %1&#xa0;: %2 est un lien qui n’a pas pu être remplacé. Supprimez-le, ou utilisez Enregistrer sous pour enregistrer ailleurs. %3</translation>
    </message>
    <message>
        <source>Could not keep a backup of %1 at %2: %3. Check the folder&apos;s permissions and free space, or use Save As to save somewhere else. %4</source>
        <translation>Impossible de garder une copie de sauvegarde de %1 dans %2&#xa0;: %3. Vérifiez les autorisations et l’espace libre du dossier, ou utilisez Enregistrer sous pour enregistrer ailleurs. %4</translation>
    </message>
</context>
<context>
    <name>cmic::WorkspaceFileController</name>
    <message>
        <source>New workspace. Start with an environment, then a service user and a registration.</source>
        <translation>Nouvel espace de travail. Commencez par un environnement, puis un utilisateur de service et un enregistrement.</translation>
    </message>
    <message>
        <source>File not found</source>
        <translation>Fichier introuvable</translation>
    </message>
    <message>
        <source>%1 no longer exists, so it was removed from the recent files. If it was moved, open it from its new place with File &gt; Open.</source>
        <translation>%1 n’existe plus; il a donc été retiré des fichiers récents. S’il a été déplacé, ouvrez-le à son nouvel emplacement avec Fichier &gt; Ouvrir.</translation>
    </message>
    <message>
        <source>Could not open the workspace</source>
        <translation>Impossible d’ouvrir l’espace de travail</translation>
    </message>
    <message>
        <source>Opened %1.</source>
        <translation>%1 ouvert.</translation>
    </message>
    <message>
        <source>workspace</source>
        <translation>espace-de-travail</translation>
    </message>
    <message>
        <source>Save workspace as</source>
        <translation>Enregistrer l’espace de travail sous</translation>
    </message>
    <message>
        <source>CMiC OAuth workspaces (*.cmic-oauth.json);;All files (*)</source>
        <translation>Espaces de travail CMiC OAuth (*.cmic-oauth.json);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Could not save the workspace</source>
        <translation>Impossible d’enregistrer l’espace de travail</translation>
    </message>
    <message>
        <source>Saved %1 (secrets stay in the keychain).</source>
        <translation>%1 enregistré (les secrets restent dans le trousseau).</translation>
    </message>
    <message>
        <source>Registration removed. Its secret stays in the keychain until you save, so Undo brings both back.</source>
        <translation>Enregistrement supprimé. Son secret reste dans le trousseau jusqu’à l’enregistrement du fichier; Annuler ramène donc les deux.</translation>
    </message>
    <message>
        <source>The registration is back, with its secret.</source>
        <translation>L’enregistrement est revenu, avec son secret.</translation>
    </message>
    <message>
        <source>The registration is back, but its secret was deleted from the keychain when the removal was saved: enter it again.</source>
        <translation>L’enregistrement est revenu, mais son secret a été supprimé du trousseau quand la suppression a été enregistrée&#xa0;: saisissez-le de nouveau.</translation>
    </message>
</context>
<context>
    <name>cmic::WorkspaceSettingsDialog</name>
    <message>
        <source>Workspace Settings — %1</source>
        <translation>Paramètres de l’espace de travail — %1</translation>
    </message>
    <message>
        <source>Workspace Settings</source>
        <translation>Paramètres de l’espace de travail</translation>
    </message>
    <message>
        <source>TLS trust</source>
        <translation>Confiance TLS</translation>
    </message>
    <message>
        <source>CA bundle</source>
        <translation>Groupe de certificats d’AC</translation>
    </message>
    <message>
        <source>None: the system trust store only</source>
        <translation>Aucun&#xa0;: le magasin de certificats du système seulement</translation>
    </message>
    <message>
        <source>A PEM file with your organisation&apos;s root (and intermediate) CA certificates, added to the system&apos;s. A relative path is read against the workspace file&apos;s folder.</source>
        <translation>Un fichier PEM contenant les certificats d’AC racines (et intermédiaires) de votre organisation, ajoutés à ceux du système. Un chemin relatif est résolu à partir du dossier du fichier de l’espace de travail.</translation>
    </message>
    <message>
        <source>C&amp;hoose…</source>
        <translation>C&amp;hoisir…</translation>
    </message>
    <message>
        <source>Choose the CA bundle file</source>
        <translation>Choisir le fichier du groupe d’AC</translation>
    </message>
    <message>
        <source>&amp;Test this bundle</source>
        <translation>&amp;Tester ce groupe</translation>
    </message>
    <message>
        <source>Test this bundle</source>
        <translation>Tester ce groupe</translation>
    </message>
    <message>
        <source>Reads the file and lists the certificates it holds</source>
        <translation>Lit le fichier et liste les certificats qu’il contient</translation>
    </message>
    <message>
        <source>Certificates in the CA bundle</source>
        <translation>Certificats du groupe d’AC</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Sujet</translation>
    </message>
    <message>
        <source>Issuer</source>
        <translation>Émetteur</translation>
    </message>
    <message>
        <source>Valid from</source>
        <translation>Début de validité</translation>
    </message>
    <message>
        <source>Valid to</source>
        <translation>Fin de validité</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>Extra &amp;CA bundle (PEM):</source>
        <translation>Groupe d’&amp;AC supplémentaire (PEM)&#xa0;:</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>Serveur mandataire</translation>
    </message>
    <message>
        <source>Proxy mode</source>
        <translation>Mode du serveur mandataire</translation>
    </message>
    <message>
        <source>Proxy URL</source>
        <translation>URL du serveur mandataire</translation>
    </message>
    <message>
        <source>http://proxy.example.com:3128</source>
        <translation>http://proxy.example.com:3128</translation>
    </message>
    <message>
        <source>scheme://host:port with scheme http, https or socks5</source>
        <translation>schéma://hôte:port, avec le schéma http, https ou socks5</translation>
    </message>
    <message>
        <source>&amp;Mode:</source>
        <translation>&amp;Mode&#xa0;:</translation>
    </message>
    <message>
        <source>Proxy &amp;URL:</source>
        <translation>&amp;URL du serveur mandataire&#xa0;:</translation>
    </message>
    <message>
        <source>Time checks</source>
        <translation>Vérifications de l’heure</translation>
    </message>
    <message>
        <source>Clock skew in seconds</source>
        <translation>Décalage d’horloge en secondes</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source>How far the token&apos;s exp, nbf and iat may be from this computer&apos;s clock</source>
        <translation>L’écart permis entre les valeurs exp, nbf et iat du jeton et l’horloge de cet ordinateur</translation>
    </message>
    <message>
        <source>Allowed clock &amp;skew:</source>
        <translation>&amp;Décalage d’horloge permis&#xa0;:</translation>
    </message>
    <message>
        <source>Choose the CA bundle</source>
        <translation>Choisir le groupe d’AC</translation>
    </message>
    <message>
        <source>PEM certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>Certificats PEM (*.pem *.crt *.cer);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>No CA bundle is set: only the system trust store is used. Choose a PEM file to add your organisation&apos;s CA.</source>
        <translation>Aucun groupe d’AC n’est défini&#xa0;: seul le magasin de certificats du système est utilisé. Choisissez un fichier PEM pour ajouter l’AC de votre organisation.</translation>
    </message>
    <message numerus="yes">
        <source>The bundle holds %n certificate(s); the console adds them to the system trust store.</source>
        <translation>
            <numerusform>Le groupe contient %n certificat; la console l’ajoute à ceux du magasin de certificats du système.</numerusform>
            <numerusform>Le groupe contient %n certificats; la console les ajoute à ceux du magasin de certificats du système.</numerusform>
        </translation>
    </message>
    <message>
        <source>Change workspace settings</source>
        <translation>Modifier les paramètres de l’espace de travail</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>expiré</translation>
    </message>
    <message>
        <source>not yet valid</source>
        <translation>pas encore valide</translation>
    </message>
    <message>
        <source>not a CA</source>
        <translation>pas une autorité de certification</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
</context>
<context>
    <name>cmic::cli::Command</name>
    <message>
        <source>write a registration&apos;s config for a server, CMiC or the IdP (.env, properties, SQL, ...)</source>
        <translation>écrire la configuration d’un enregistrement pour un serveur, CMiC ou le fournisseur d’identité (.env, properties, SQL, ...)</translation>
    </message>
    <message>
        <source>Writes one registration, with its environment and service user, in one of the export formats: the integration server&apos;s settings, CMiC&apos;s registration row and properties, the IdP&apos;s client. The secret is left out unless --include-secret is given.</source>
        <translation>Écrit un enregistrement, avec son environnement et son utilisateur de service, dans l’un des formats d’exportation&#xa0;: les paramètres du serveur d’intégration, la ligne d’enregistrement et les propriétés de CMiC, le client du fournisseur d’identité. Le secret est omis sauf si --include-secret est donné.</translation>
    </message>
    <message>
        <source>check a workspace file for setup mistakes (no network)</source>
        <translation>vérifier un fichier d’espace de travail à la recherche d’erreurs de configuration (sans réseau)</translation>
    </message>
    <message>
        <source>Checks a workspace file for setup mistakes without touching the network.</source>
        <translation>Vérifie un fichier d’espace de travail à la recherche d’erreurs de configuration sans toucher au réseau.</translation>
    </message>
    <message>
        <source>run the demo IdP and CMiC stand-in locally and write a workspace for them</source>
        <translation>exécuter localement le fournisseur d’identité de démonstration et le substitut de CMiC, et écrire un espace de travail pour eux</translation>
    </message>
    <message>
        <source>Runs the demo identity provider and the CMiC stand-in on this computer (loopback only) and writes a workspace that points at them, so the whole flow can be tried without touching production.</source>
        <translation>Exécute le fournisseur d’identité de démonstration et le substitut de CMiC sur cet ordinateur (bouclage seulement) et écrit un espace de travail qui pointe vers eux, afin d’essayer tout le déroulement sans toucher à la production.</translation>
    </message>
    <message>
        <source>get a client-credentials token for a registration, as JSON</source>
        <translation>obtenir un jeton d’identifiants client pour un enregistrement, en JSON</translation>
    </message>
    <message>
        <source>Asks the registration&apos;s IdP for a client-credentials token, with the registration&apos;s method, scope, audience and resource, and prints the IdP&apos;s answer as JSON on standard output (the token is in .response.access_token). Diagnostics go to standard error.</source>
        <translation>Demande au fournisseur d’identité de l’enregistrement un jeton d’identifiants client, avec la méthode, la portée, l’audience et la ressource de l’enregistrement, et affiche la réponse du fournisseur d’identité en JSON sur la sortie standard (le jeton est dans .response.access_token). Les diagnostics vont sur l’erreur standard.</translation>
    </message>
    <message>
        <source>prove registrations end to end: token, keys, claims, service user, a CMiC call</source>
        <translation>prouver des enregistrements de bout en bout&#xa0;: jeton, clés, revendications, utilisateur de service, un appel à CMiC</translation>
    </message>
    <message>
        <source>Proves one app registration (or, with --all, every one) end to end, the way CMiC will see it: configuration, discovery, a token from the IdP, the JWKS, the signature and claims, the service user, and a call to CMiC. Says which layer failed and how to fix it.</source>
        <translation>Prouve un enregistrement d’application (ou, avec --all, chacun d’eux) de bout en bout, comme CMiC le verra&#xa0;: configuration, découverte, un jeton du fournisseur d’identité, le JWKS, la signature et les revendications, l’utilisateur de service et un appel à CMiC. Indique quelle couche a échoué et comment corriger.</translation>
    </message>
    <message>
        <source>verify a JWT locally: signature, claims, CMiC&apos;s checks</source>
        <translation>vérifier un JWT localement&#xa0;: signature, revendications, vérifications de CMiC</translation>
    </message>
    <message>
        <source>Verifies an access token locally: structure, header rules, signature against the JWKS, and CMiC&apos;s claim checks.</source>
        <translation>Vérifie un jeton d’accès localement&#xa0;: structure, règles d’en-tête, signature selon le JWKS et vérifications des revendications par CMiC.</translation>
    </message>
</context>
<context>
    <name>cmic::cli::CommandLine</name>
    <message>
        <source>Show this help.</source>
        <translation>Afficher cette aide.</translation>
    </message>
    <message>
        <source>Also print the internal log lines (cmic.*) on standard error, for a bug report. QT_LOGGING_RULES, when set, decides instead.</source>
        <translation>Afficher aussi les lignes du journal interne (cmic.*) sur l’erreur standard, pour un rapport de bogue. QT_LOGGING_RULES, s’il est défini, décide à la place.</translation>
    </message>
    <message>
        <source>Run &apos;cmic-oauth %1 --help&apos; for the options.</source>
        <translation>Exécutez «&#xa0;cmic-oauth %1 --help&#xa0;» pour voir les options.</translation>
    </message>
    <message>
        <source>[options]</source>
        <translation>[options]</translation>
    </message>
    <message>
        <source>Usage: %1</source>
        <translation>Utilisation&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>cmic::cli::Export</name>
    <message>
        <source> (can include the secret)</source>
        <translation> (peut inclure le secret)</translation>
    </message>
    <message>
        <source>The export format&apos;s id (below), or list to print them.</source>
        <translation>L’identifiant du format d’exportation (ci-dessous), ou list pour les afficher.</translation>
    </message>
    <message>
        <source>Write to this file instead of standard output (- for standard output). A file holding the secret gets mode 0600.</source>
        <translation>Écrire dans ce fichier plutôt que sur la sortie standard (- pour la sortie standard). Un fichier qui contient le secret reçoit le mode 0600.</translation>
    </message>
    <message>
        <source>The registration to export, by name or id (needed when the workspace has several).</source>
        <translation>L’enregistrement à exporter, par nom ou identifiant (nécessaire quand l’espace de travail en a plusieurs).</translation>
    </message>
    <message>
        <source>Put the secret itself into the file (formats that can hold one); it is read as validate reads it.</source>
        <translation>Mettre le secret lui-même dans le fichier (formats qui peuvent en contenir un); il est lu comme le fait validate.</translation>
    </message>
    <message>
        <source>Formats:
%1</source>
        <translation>Formats&#xa0;:
%1</translation>
    </message>
    <message>
        <source>Without --include-secret the file only says where the secret comes from: --secret-env VAR names the variable (env:VAR), --secret-file PATH the file (file:PATH); nothing is read. With it, the secret is read from those options, the keychain or a hidden prompt. The warnings a format gives go to standard error.</source>
        <translation>Sans --include-secret, le fichier indique seulement d’où vient le secret&#xa0;: --secret-env VAR nomme la variable (env:VAR), --secret-file CHEMIN le fichier (file:CHEMIN); rien n’est lu. Avec cette option, le secret est lu à partir de ces options, du trousseau ou d’une invite masquée. Les avertissements d’un format vont sur l’erreur standard.</translation>
    </message>
    <message>
        <source>Exit status: 0 written, 2 usage error (an unknown format or registration: the message lists the valid ones), unreadable workspace, no secret or a file that cannot be written.</source>
        <translation>Code de sortie&#xa0;: 0 écrit, 2 erreur d’utilisation (format ou enregistrement inconnu&#xa0;: le message liste ceux qui sont valides), espace de travail illisible, aucun secret ou fichier impossible à écrire.</translation>
    </message>
    <message>
        <source>give the format with --format ID, one of: %1.</source>
        <translation>donnez le format avec --format ID, parmi&#xa0;: %1.</translation>
    </message>
    <message>
        <source>there is no export format &apos;%1&apos;; the formats are: %2.</source>
        <translation>il n’y a pas de format d’exportation «&#xa0;%1&#xa0;»; les formats sont&#xa0;: %2.</translation>
    </message>
    <message>
        <source>give exactly one workspace file, e.g. cmic-oauth export --format %1 prod.cmic-oauth.json</source>
        <translation>donnez exactement un fichier d’espace de travail, p. ex. cmic-oauth export --format %1 prod.cmic-oauth.json</translation>
    </message>
    <message>
        <source>the format %1 never holds the secret; the formats that can: %2.</source>
        <translation>le format %1 ne contient jamais le secret; les formats qui le peuvent&#xa0;: %2.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <source>the output would replace the workspace itself; name another file.</source>
        <translation>la sortie remplacerait l’espace de travail lui-même; nommez un autre fichier.</translation>
    </message>
    <message>
        <source>cmic-oauth export: warning: %1</source>
        <translation>cmic-oauth export&#xa0;: avertissement&#xa0;: %1</translation>
    </message>
    <message>
        <source>cmic-oauth export: %1 written (mode 0600: it holds the secret).</source>
        <translation>cmic-oauth export&#xa0;: %1 écrit (mode 0600&#xa0;: il contient le secret).</translation>
    </message>
    <message>
        <source>cmic-oauth export: %1 written.</source>
        <translation>cmic-oauth export&#xa0;: %1 écrit.</translation>
    </message>
</context>
<context>
    <name>cmic::cli::Lint</name>
    <message>
        <source>The *.cmic-oauth.json file to check.</source>
        <translation>Le fichier *.cmic-oauth.json à vérifier.</translation>
    </message>
    <message>
        <source>Output: text (default) or json.</source>
        <translation>Sortie&#xa0;: text (par défaut) ou json.</translation>
    </message>
    <message>
        <source>Treat warnings as failures.</source>
        <translation>Traiter les avertissements comme des échecs.</translation>
    </message>
    <message>
        <source>Exit status: 0 no errors (and no warnings with --strict), 1 findings fail, 2 usage or unreadable file.</source>
        <translation>Code de sortie&#xa0;: 0 aucune erreur (et aucun avertissement avec --strict), 1 des constats font échouer, 2 erreur d’utilisation ou fichier illisible.</translation>
    </message>
    <message>
        <source>--format must be text or json, not &apos;%1&apos;.</source>
        <translation>--format doit être text ou json, pas «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>give exactly one workspace file, e.g. cmic-oauth lint prod.cmic-oauth.json</source>
        <translation>donnez exactement un fichier d’espace de travail, p. ex. cmic-oauth lint prod.cmic-oauth.json</translation>
    </message>
    <message>
        <source>CMiC patch level unknown</source>
        <translation>niveau de correctif CMiC inconnu</translation>
    </message>
    <message>
        <source>environment &quot;%1&quot;: %2, %3</source>
        <translation>environnement «&#xa0;%1&#xa0;»&#xa0;: %2, %3</translation>
    </message>
    <message>
        <source>fix: %1</source>
        <translation>solution&#xa0;: %1</translation>
    </message>
    <message>
        <source>%1, %2 in %3</source>
        <translation>%1, %2 dans %3</translation>
    </message>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n erreur</numerusform>
            <numerusform>%n erreurs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n avertissement</numerusform>
            <numerusform>%n avertissements</numerusform>
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
        <translation>Utilisation&#xa0;: cmic-oauth &lt;commande&gt; [options]
              cmic-oauth help &lt;commande&gt; | --help | --version

CMiC OAuth Console, jumeau en ligne de commande&#xa0;: vérifie les configurations OAuth 2.0 à identifiants client de CMiC.

Commandes&#xa0;:
</translation>
    </message>
    <message>
        <source>Run &apos;cmic-oauth help &lt;command&gt;&apos; or &apos;cmic-oauth &lt;command&gt; --help&apos; for a command&apos;s options, and &apos;man cmic-oauth-&lt;command&gt;&apos; for its manual. See docs/cli.md.
--verbose (before or after the command) also prints the internal log lines, for a bug report.</source>
        <translation>Exécutez «&#xa0;cmic-oauth help &lt;commande&gt;&#xa0;» ou «&#xa0;cmic-oauth &lt;commande&gt; --help&#xa0;» pour les options d’une commande, et «&#xa0;man cmic-oauth-&lt;commande&gt;&#xa0;» pour son manuel. Voir docs/cli.md.
--verbose (avant ou après la commande) affiche aussi les lignes du journal interne, pour un rapport de bogue.</translation>
    </message>
    <message>
        <source>cmic-oauth: unknown command &apos;%1&apos;.</source>
        <translation>cmic-oauth&#xa0;: commande inconnue «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>Qt %1 (built with %2)</source>
        <translation>Qt %1 (compilé avec %2)</translation>
    </message>
    <message>
        <source>%1 (built with %2)</source>
        <translation>%1 (compilé avec %2)</translation>
    </message>
</context>
<context>
    <name>cmic::cli::Output</name>
    <message>
        <source>cannot write %1: its folder does not exist.</source>
        <translation>impossible d’écrire %1&#xa0;: son dossier n’existe pas.</translation>
    </message>
    <message>
        <source>cannot write %1: it is a folder.</source>
        <translation>impossible d’écrire %1&#xa0;: c’est un dossier.</translation>
    </message>
    <message>
        <source>cannot write %1: it is %2, not a file; it was left as it was.</source>
        <translation>impossible d’écrire %1&#xa0;: c’est %2, pas un fichier; il a été laissé tel quel.</translation>
    </message>
    <message>
        <source>cannot write %1: %2.</source>
        <translation>impossible d’écrire %1&#xa0;: %2.</translation>
    </message>
</context>
<context>
    <name>cmic::cli::Sandbox</name>
    <message>
        <source>cmic-oauth sandbox: could not store %1: %2</source>
        <translation>cmic-oauth sandbox&#xa0;: impossible d’enregistrer %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>Where to write the workspace (default: ./demo.cmic-oauth.json).</source>
        <translation>Où écrire l’espace de travail (par défaut&#xa0;: ./demo.cmic-oauth.json).</translation>
    </message>
    <message>
        <source>Folder for the sandbox CA certificate (default: beside the workspace).</source>
        <translation>Dossier du certificat de l’AC du bac à sable (par défaut&#xa0;: à côté de l’espace de travail).</translation>
    </message>
    <message>
        <source>Serve plain HTTP on 127.0.0.1 instead of HTTPS.</source>
        <translation>Servir du HTTP simple sur 127.0.0.1 au lieu de HTTPS.</translation>
    </message>
    <message>
        <source>Stop after this many seconds (default: run until interrupted).</source>
        <translation>S’arrêter après ce nombre de secondes (par défaut&#xa0;: jusqu’à interruption).</translation>
    </message>
    <message>
        <source>Put the demo client secrets and key into the OS keychain.</source>
        <translation>Mettre les secrets client et la clé de démonstration dans le trousseau du système d’exploitation.</translation>
    </message>
    <message>
        <source>Print the demo secrets on standard output as shell lines, export CMIC_SECRET_&lt;REGISTRATION ID&gt;=&apos;...&apos;, the names --secret-env-prefix CMIC_SECRET_ reads (everything else goes to standard error then). They are only valid for this sandbox.</source>
        <translation>Afficher les secrets de démonstration sur la sortie standard sous forme de lignes shell, export CMIC_SECRET_&lt;ID D’ENREGISTREMENT&gt;=&apos;...&apos;, les noms que lit --secret-env-prefix CMIC_SECRET_ (tout le reste va alors sur l’erreur standard). Ils ne sont valides que pour ce bac à sable.</translation>
    </message>
    <message>
        <source>Change the CMiC stand-in&apos;s own configuration after the workspace is written, so CMiC differs from the workspace (repeatable; e.g. patch=20, ip-check=off, missing-ipaddr=pass, issuer=URL). Keys: %1.</source>
        <translation>Changer la configuration propre du substitut de CMiC après l’écriture de l’espace de travail, afin que CMiC diffère de l’espace de travail (répétable; p. ex. patch=20, ip-check=off, missing-ipaddr=pass, issuer=URL). Clés&#xa0;: %1.</translation>
    </message>
    <message>
        <source>An existing file is replaced only when it is a demo workspace (or CA) an earlier sandbox wrote; any other file, a folder, a pipe or a device is left as it is and the command stops before the servers start.</source>
        <translation>Un fichier existant n’est remplacé que s’il s’agit d’un espace de travail (ou d’une AC) de démonstration écrit par un bac à sable précédent; tout autre fichier, dossier, tube ou périphérique est laissé tel quel et la commande s’arrête avant le démarrage des serveurs.</translation>
    </message>
    <message>
        <source>Exit status: 0 after a clean stop, 2 usage error, a path that may not be written, or the servers could not start.</source>
        <translation>Code de sortie&#xa0;: 0 après un arrêt propre, 2 erreur d’utilisation, chemin où l’écriture est interdite, ou serveurs qui n’ont pas pu démarrer.</translation>
    </message>
    <message>
        <source>--duration needs a number of seconds.</source>
        <translation>--duration exige un nombre de secondes.</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos;; give the workspace&apos;s path with --workspace PATH.</source>
        <translation>argument inattendu «&#xa0;%1&#xa0;»; donnez le chemin de l’espace de travail avec --workspace CHEMIN.</translation>
    </message>
    <message>
        <source>Use --workspace PATH for another path.</source>
        <translation>Utilisez --workspace CHEMIN pour un autre chemin.</translation>
    </message>
    <message>
        <source>the workspace and the sandbox CA would both be %1; name another file with --workspace PATH or another folder with --dir FOLDER.</source>
        <translation>l’espace de travail et l’AC du bac à sable seraient tous deux %1; nommez un autre fichier avec --workspace CHEMIN ou un autre dossier avec --dir DOSSIER.</translation>
    </message>
    <message>
        <source>Use --dir FOLDER for another folder.</source>
        <translation>Utilisez --dir DOSSIER pour un autre dossier.</translation>
    </message>
    <message>
        <source>the sandbox could not start: %1</source>
        <translation>le bac à sable n’a pas pu démarrer&#xa0;: %1</translation>
    </message>
    <message>
        <source>could not write %1: %2. Name a file in a folder you can write to with --workspace PATH.</source>
        <translation>impossible d’écrire %1&#xa0;: %2. Nommez un fichier dans un dossier où vous pouvez écrire avec --workspace CHEMIN.</translation>
    </message>
    <message>
        <source>CMiC stand-in changed: %1 (the workspace still says otherwise)</source>
        <translation>Substitut de CMiC modifié&#xa0;: %1 (l’espace de travail dit encore autre chose)</translation>
    </message>
    <message>
        <source>Demo identity provider: %1</source>
        <translation>Fournisseur d’identité de démonstration&#xa0;: %1</translation>
    </message>
    <message>
        <source>CMiC stand-in:          %1</source>
        <translation>Substitut de CMiC&#xa0;:                       %1</translation>
    </message>
    <message>
        <source>Sandbox CA (in the workspace settings): %1</source>
        <translation>AC du bac à sable (dans les paramètres de l’espace de travail)&#xa0;: %1</translation>
    </message>
    <message>
        <source>Workspace written:      %1 (the earlier demo workspace replaced)</source>
        <translation>Espace de travail écrit&#xa0;:                 %1 (l’espace de travail de démonstration précédent a été remplacé)</translation>
    </message>
    <message>
        <source>Workspace written:      %1</source>
        <translation>Espace de travail écrit&#xa0;:                 %1</translation>
    </message>
    <message>
        <source>cmic-oauth sandbox: the secrets are not in the keychain; use --print-secrets instead.</source>
        <translation>cmic-oauth sandbox&#xa0;: les secrets ne sont pas dans le trousseau; utilisez plutôt --print-secrets.</translation>
    </message>
    <message>
        <source>Demo secrets stored in the keychain.</source>
        <translation>Secrets de démonstration enregistrés dans le trousseau.</translation>
    </message>
    <message>
        <source>Running for %1 s.</source>
        <translation>En marche pendant %1 s.</translation>
    </message>
    <message>
        <source>Running; press Ctrl+C to stop.</source>
        <translation>En marche; appuyez sur Ctrl+C pour arrêter.</translation>
    </message>
</context>
<context>
    <name>cmic::cli::SecretSource</name>
    <message>
        <source>Read the client secret (or the PEM private key for private_key_jwt) from this environment variable.</source>
        <translation>Lire le secret client (ou la clé privée PEM pour private_key_jwt) dans cette variable d’environnement.</translation>
    </message>
    <message>
        <source>Read the client secret (or PEM private key) from this file; it must be a regular file of mode 0600 or stricter.</source>
        <translation>Lire le secret client (ou la clé privée PEM) dans ce fichier; ce doit être un fichier ordinaire en mode 0600 ou plus strict.</translation>
    </message>
    <message>
        <source>Read the client secret (or PEM private key) from standard input.</source>
        <translation>Lire le secret client (ou la clé privée PEM) sur l’entrée standard.</translation>
    </message>
    <message>
        <source>With --all: each registration&apos;s secret from the environment variable PREFIX + its id upper-cased, every character other than A-Z and 0-9 written as _ (e.g. CMIC_SECRET_DEMO_REGISTRATION_BASIC).</source>
        <translation>Avec --all&#xa0;: le secret de chaque enregistrement vient de la variable d’environnement PRÉFIXE + son identifiant en majuscules, chaque caractère autre que A-Z et 0-9 écrit _ (p. ex. CMIC_SECRET_DEMO_REGISTRATION_BASIC).</translation>
    </message>
    <message>
        <source>The secret comes from --secret-env, --secret-file, --secret-stdin or --secret-env-prefix; without one, from the OS keychain entry the console stores it under (when a session bus is running), else from a prompt that does not echo when standard input is a terminal. Surrounding whitespace and a final line feed are removed. It is never written anywhere.</source>
        <translation>Le secret vient de --secret-env, --secret-file, --secret-stdin ou --secret-env-prefix; sans eux, de l’entrée du trousseau du système d’exploitation sous laquelle la console l’enregistre (quand un bus de session est en marche), sinon d’une invite sans écho quand l’entrée standard est un terminal. Les blancs autour et un saut de ligne final sont retirés. Il n’est jamais écrit nulle part.</translation>
    </message>
    <message>
        <source>give the secret one way: --secret-env, --secret-file, --secret-stdin or --secret-env-prefix.</source>
        <translation>donnez le secret d’une seule façon&#xa0;: --secret-env, --secret-file, --secret-stdin ou --secret-env-prefix.</translation>
    </message>
    <message>
        <source>with --all each registration needs its own secret: use --secret-env-prefix PREFIX (or the keychain).</source>
        <translation>avec --all, chaque enregistrement a besoin de son propre secret&#xa0;: utilisez --secret-env-prefix PRÉFIXE (ou le trousseau).</translation>
    </message>
    <message>
        <source>--secret-env-prefix is for --all; for one registration use --secret-env VAR.</source>
        <translation>--secret-env-prefix sert avec --all; pour un seul enregistrement, utilisez --secret-env VAR.</translation>
    </message>
    <message>
        <source>standard input cannot hold both the workspace and the secret; use --secret-env or --secret-file.</source>
        <translation>l’entrée standard ne peut pas contenir à la fois l’espace de travail et le secret; utilisez --secret-env ou --secret-file.</translation>
    </message>
    <message>
        <source>the secret file %1 is not a regular file; put the secret in a file.</source>
        <translation>le fichier de secret %1 n’est pas un fichier ordinaire; mettez le secret dans un fichier.</translation>
    </message>
    <message>
        <source>the secret file %1 can be read or written by others (mode %2); run chmod 600 %1 and try again.</source>
        <translation>le fichier de secret %1 peut être lu ou écrit par d’autres (mode %2); exécutez chmod 600 %1 et réessayez.</translation>
    </message>
    <message>
        <source>could not read the terminal&apos;s settings: %1.</source>
        <translation>impossible de lire les paramètres du terminal&#xa0;: %1.</translation>
    </message>
    <message>
        <source>could not turn the terminal&apos;s echo off (%1), so the secret is not asked for.</source>
        <translation>impossible de désactiver l’écho du terminal (%1); le secret n’est donc pas demandé.</translation>
    </message>
    <message>
        <source>more than %1 bytes were typed.</source>
        <translation>plus de %1 octets ont été tapés.</translation>
    </message>
    <message>
        <source>no secret for &apos;%1&apos;: the environment variable %2 is not set or empty. Export the %3 in it.</source>
        <translation>aucun secret pour «&#xa0;%1&#xa0;»&#xa0;: la variable d’environnement %2 n’est pas définie ou est vide. Exportez-y le %3.</translation>
    </message>
    <message>
        <source>cannot open the secret file %1: %2.</source>
        <translation>impossible d’ouvrir le fichier de secret %1&#xa0;: %2.</translation>
    </message>
    <message>
        <source>cannot read the secret file %1: %2.</source>
        <translation>impossible de lire le fichier de secret %1&#xa0;: %2.</translation>
    </message>
    <message>
        <source>the secret file %1 holds more than %2 bytes; put only the %3 in it.</source>
        <translation>le fichier de secret %1 contient plus de %2 octets; n’y mettez que le %3.</translation>
    </message>
    <message>
        <source>no secret: the file %1 is empty.</source>
        <translation>aucun secret&#xa0;: le fichier %1 est vide.</translation>
    </message>
    <message>
        <source>standard input holds more than %1 bytes; pipe in only the %2.</source>
        <translation>l’entrée standard contient plus de %1 octets; n’y transmettez que le %2.</translation>
    </message>
    <message>
        <source>no secret: standard input was empty. Pipe in the %1.</source>
        <translation>aucun secret&#xa0;: l’entrée standard était vide. Transmettez-y le %1.</translation>
    </message>
    <message>
        <source>no secret for &apos;%1&apos;: the environment variable %2 (the portable config&apos;s &quot;secret&quot;: &quot;%3&quot;) is not set or empty. Export the %4 in it, or give --secret-env VAR.</source>
        <translation>aucun secret pour «&#xa0;%1&#xa0;»&#xa0;: la variable d’environnement %2 (le &quot;secret&quot;: &quot;%3&quot; de la configuration portable) n’est pas définie ou est vide. Exportez-y le %4, ou donnez --secret-env VAR.</translation>
    </message>
    <message>
        <source>no secret: %1 (the file the portable config&apos;s &quot;secret&quot; names; or give --secret-file PATH).</source>
        <translation>aucun secret&#xa0;: %1 (le fichier que nomme le «&#xa0;secret&#xa0;» de la configuration portable; ou donnez --secret-file CHEMIN).</translation>
    </message>
    <message>
        <source>no secret: the keychain&apos;s %1 for &apos;%2&apos; is empty.</source>
        <translation>aucun secret&#xa0;: le %1 du trousseau pour «&#xa0;%2&#xa0;» est vide.</translation>
    </message>
    <message>
        <source>the OS keychain did not answer (unlock it).</source>
        <translation>le trousseau du système d’exploitation n’a pas répondu (déverrouillez-le).</translation>
    </message>
    <message>
        <source>the keychain holds no %1 for registration &apos;%2&apos; of this workspace.</source>
        <translation>le trousseau ne contient aucun %1 pour l’enregistrement «&#xa0;%2&#xa0;» de cet espace de travail.</translation>
    </message>
    <message>
        <source>no session bus is running, so the OS keychain cannot be asked.</source>
        <translation>aucun bus de session n’est en marche; le trousseau du système d’exploitation ne peut donc pas être interrogé.</translation>
    </message>
    <message>
        <source>%1 for &apos;%2&apos; (not shown): </source>
        <translation>%1 pour «&#xa0;%2&#xa0;» (non affiché)&#xa0;: </translation>
    </message>
    <message>
        <source>no secret: %1</source>
        <translation>aucun secret&#xa0;: %1</translation>
    </message>
    <message>
        <source>no secret: nothing was typed.</source>
        <translation>aucun secret&#xa0;: rien n’a été tapé.</translation>
    </message>
    <message>
        <source>no secret for &apos;%1&apos;: %2 Set --secret-env-prefix PREFIX, or store it with the console.</source>
        <translation>aucun secret pour «&#xa0;%1&#xa0;»&#xa0;: %2 Définissez --secret-env-prefix PRÉFIXE, ou enregistrez-le avec la console.</translation>
    </message>
    <message>
        <source>no secret: %1 Set --secret-env VAR, --secret-file PATH or --secret-stdin, or store it with the console.</source>
        <translation>aucun secret&#xa0;: %1 Définissez --secret-env VAR, --secret-file CHEMIN ou --secret-stdin, ou enregistrez-le avec la console.</translation>
    </message>
</context>
<context>
    <name>cmic::cli::Token</name>
    <message>
        <source>The registration, by name or id (needed when the workspace has several).</source>
        <translation>L’enregistrement, par nom ou identifiant (nécessaire quand l’espace de travail en a plusieurs).</translation>
    </message>
    <message>
        <source>Extra CA certificates (PEM) to trust besides the system&apos;s, instead of the workspace&apos;s CA bundle.</source>
        <translation>Certificats d’AC supplémentaires (PEM) auxquels faire confiance en plus de ceux du système, au lieu du lot d’AC de l’espace de travail.</translation>
    </message>
    <message>
        <source>Timeout of each exchange, 1 to 600 seconds (default 15).</source>
        <translation>Délai d’expiration de chaque échange, de 1 à 600 secondes (15 par défaut).</translation>
    </message>
    <message>
        <source>Output: {&quot;schema&quot;: &quot;%1&quot;, &quot;registration&quot;: {&quot;id&quot;, &quot;name&quot;}, &quot;tokenEndpoint&quot;, &quot;httpStatus&quot;, &quot;response&quot;: the IdP&apos;s JSON answer as it came, or null, &quot;error&quot;: null or {&quot;kind&quot;, &quot;message&quot;, &quot;fix&quot;}}. It holds the access token: keep it out of logs.</source>
        <translation>Sortie&#xa0;: {&quot;schema&quot;: &quot;%1&quot;, &quot;registration&quot;: {&quot;id&quot;, &quot;name&quot;}, &quot;tokenEndpoint&quot;, &quot;httpStatus&quot;, &quot;response&quot;&#xa0;: la réponse JSON du fournisseur d’identité telle quelle, ou null, &quot;error&quot;&#xa0;: null ou {&quot;kind&quot;, &quot;message&quot;, &quot;fix&quot;}}. Elle contient le jeton d’accès&#xa0;: gardez-la hors des journaux.</translation>
    </message>
    <message>
        <source>Exit status: 0 a token was issued, 1 the IdP refused or could not be reached, 2 usage error, unreadable input or no secret, 130 interrupted (SIGINT), 143 terminated (SIGTERM).</source>
        <translation>Code de sortie&#xa0;: 0 un jeton a été émis, 1 le fournisseur d’identité a refusé ou était injoignable, 2 erreur d’utilisation, entrée illisible ou aucun secret, 130 interrompu (SIGINT), 143 terminé (SIGTERM).</translation>
    </message>
    <message>
        <source>--timeout must be a number of seconds from 1 to 600, not &apos;%1&apos;.</source>
        <translation>--timeout doit être un nombre de secondes de 1 à 600, pas «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>give exactly one workspace file, e.g. cmic-oauth token prod.cmic-oauth.json -r payroll</source>
        <translation>donnez exactement un fichier d’espace de travail, p. ex. cmic-oauth token prod.cmic-oauth.json -r payroll</translation>
    </message>
    <message>
        <source>the registration has no token endpoint and discovery at %1 did not give one: %2 %3</source>
        <translation>l’enregistrement n’a pas de point de terminaison du jeton et la découverte à %1 n’en a pas donné&#xa0;: %2 %3</translation>
    </message>
    <message>
        <source>cmic-oauth token: asking %1 for a token for &apos;%2&apos;...</source>
        <translation>cmic-oauth token&#xa0;: demande d’un jeton à %1 pour «&#xa0;%2&#xa0;»...</translation>
    </message>
    <message>
        <source>Fix: %1</source>
        <translation>Solution&#xa0;: %1</translation>
    </message>
    <message numerus="yes">
        <source>cmic-oauth token: issued (%1, expires in %n s).</source>
        <translation>
            <numerusform>cmic-oauth token&#xa0;: émis (%1, expire dans %n s).</numerusform>
            <numerusform>cmic-oauth token&#xa0;: émis (%1, expire dans %n s).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cmic::cli::Validate</name>
    <message>
        <source>The registration to validate, by name or id (needed when the workspace has several).</source>
        <translation>L’enregistrement à valider, par nom ou identifiant (nécessaire quand l’espace de travail en a plusieurs).</translation>
    </message>
    <message>
        <source>Validate every registration of the workspace, a few at a time.</source>
        <translation>Valider chaque enregistrement de l’espace de travail, quelques-uns à la fois.</translation>
    </message>
    <message>
        <source>With --all: how many registrations run at once, 1 to %1 (default %2).</source>
        <translation>Avec --all&#xa0;: combien d’enregistrements s’exécutent à la fois, de 1 à %1 (%2 par défaut).</translation>
    </message>
    <message>
        <source>The CMiC username the calls must run as (compared case-insensitively).</source>
        <translation>Le nom d’utilisateur CMiC sous lequel les appels doivent s’exécuter (comparé sans égard à la casse).</translation>
    </message>
    <message>
        <source>Stop after the service-user step; do not call CMiC.</source>
        <translation>S’arrêter après l’étape de l’utilisateur de service; ne pas appeler CMiC.</translation>
    </message>
    <message>
        <source>Extra CA certificates (PEM) to trust besides the system&apos;s, instead of the workspace&apos;s CA bundle.</source>
        <translation>Certificats d’AC supplémentaires (PEM) auxquels faire confiance en plus de ceux du système, au lieu du lot d’AC de l’espace de travail.</translation>
    </message>
    <message>
        <source>Timeout of each exchange, 1 to 600 seconds (default 15).</source>
        <translation>Délai d’expiration de chaque échange, de 1 à 600 secondes (15 par défaut).</translation>
    </message>
    <message>
        <source>Output: text (default), json, junit or html (html: one registration only).</source>
        <translation>Sortie&#xa0;: text (par défaut), json, junit ou html (html&#xa0;: un seul enregistrement).</translation>
    </message>
    <message>
        <source>Write the report to this file instead of standard output (- for standard output).</source>
        <translation>Écrire le rapport dans ce fichier plutôt que sur la sortie standard (- pour la sortie standard).</translation>
    </message>
    <message>
        <source>Progress goes to standard error (with --all only when it is a terminal), the report to standard output or --output. JUnit: one testsuite per registration, one testcase per step, for GitLab CI and Jenkins.</source>
        <translation>La progression va sur l’erreur standard (avec --all, seulement si c’est un terminal), le rapport sur la sortie standard ou --output. JUnit&#xa0;: une testsuite par enregistrement, un testcase par étape, pour GitLab CI et Jenkins.</translation>
    </message>
    <message>
        <source>Exit status: 0 every step passed (a CMiC call that was skipped included; with --all, for every registration), 1 a step failed or the run was cancelled, 2 usage error, unreadable input or no secret, 130 interrupted (SIGINT), 143 terminated (SIGTERM).</source>
        <translation>Code de sortie&#xa0;: 0 toutes les étapes ont réussi (un appel à CMiC sauté compris; avec --all, pour chaque enregistrement), 1 une étape a échoué ou l’exécution a été annulée, 2 erreur d’utilisation, entrée illisible ou aucun secret, 130 interrompu (SIGINT), 143 terminé (SIGTERM).</translation>
    </message>
    <message>
        <source>--format must be text, json, junit or html, not &apos;%1&apos;.</source>
        <translation>--format doit être text, json, junit ou html, pas «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>--format html holds one registration; with --all use text, json or junit.</source>
        <translation>--format html contient un seul enregistrement; avec --all, utilisez text, json ou junit.</translation>
    </message>
    <message>
        <source>give --all or --registration, not both.</source>
        <translation>donnez --all ou --registration, pas les deux.</translation>
    </message>
    <message>
        <source>--timeout must be a number of seconds from 1 to 600, not &apos;%1&apos;.</source>
        <translation>--timeout doit être un nombre de secondes de 1 à 600, pas «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>--jobs must be a number from 1 to %1, not &apos;%2&apos;.</source>
        <translation>--jobs doit être un nombre de 1 à %1, pas «&#xa0;%2&#xa0;».</translation>
    </message>
    <message>
        <source>give exactly one workspace file, e.g. cmic-oauth validate server.cmic-oauth.json</source>
        <translation>donnez exactement un fichier d’espace de travail, p. ex. cmic-oauth validate server.cmic-oauth.json</translation>
    </message>
    <message>
        <source>Or leave --output out (or give -) to print the report.</source>
        <translation>Ou omettez --output (ou donnez -) pour afficher le rapport.</translation>
    </message>
    <message>
        <source>the workspace has no registration to validate; add one in the console.</source>
        <translation>l’espace de travail n’a aucun enregistrement à valider; ajoutez-en un dans la console.</translation>
    </message>
    <message numerus="yes">
        <source>... and %n more.</source>
        <translation>
            <numerusform>... et %n autre.</numerusform>
            <numerusform>... et %n autres.</numerusform>
        </translation>
    </message>
    <message>
        <source>cmic-oauth validate: validating &apos;%1&apos;...</source>
        <translation>cmic-oauth validate&#xa0;: validation de «&#xa0;%1&#xa0;»...</translation>
    </message>
    <message>
        <source>cmic-oauth validate: %1/%2 done, %3 failed</source>
        <translation>cmic-oauth validate&#xa0;: %1/%2 terminés, %3 en échec</translation>
    </message>
    <message>
        <source>Give another file with --output, or leave it out to print the report.</source>
        <translation>Donnez un autre fichier avec --output, ou omettez-le pour afficher le rapport.</translation>
    </message>
    <message>
        <source>cmic-oauth validate: report written to %1</source>
        <translation>cmic-oauth validate&#xa0;: rapport écrit dans %1</translation>
    </message>
    <message numerus="yes">
        <source>all %n registration(s) passed.</source>
        <translation>
            <numerusform>le seul enregistrement a réussi.</numerusform>
            <numerusform>les %n enregistrements ont tous réussi.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2 registrations failed: %3</source>
        <translation>%1 enregistrements sur %2 ont échoué&#xa0;: %3</translation>
    </message>
</context>
<context>
    <name>cmic::cli::VerifyToken</name>
    <message>
        <source>could not fetch the JWKS from %1: %2 %3</source>
        <translation>impossible de récupérer le JWKS à %1&#xa0;: %2 %3</translation>
    </message>
    <message>
        <source>If your organisation uses its own CA, pass it with --ca-bundle FILE.</source>
        <translation>Si votre organisation utilise sa propre AC, passez-la avec --ca-bundle FICHIER.</translation>
    </message>
    <message>
        <source>cannot read the JWKS file: %1.</source>
        <translation>impossible de lire le fichier JWKS&#xa0;: %1.</translation>
    </message>
    <message>
        <source>Token: VALID</source>
        <translation>Jeton&#xa0;: VALIDE</translation>
    </message>
    <message>
        <source>Token: INVALID</source>
        <translation>Jeton&#xa0;: NON VALIDE</translation>
    </message>
    <message>
        <source> (%1 failed, %2 warnings)</source>
        <translation> (%1 en échec, %2 avertissements)</translation>
    </message>
    <message>
        <source>Entra token shape: %1</source>
        <translation>Forme de jeton Entra&#xa0;: %1</translation>
    </message>
    <message>
        <source>Fix: %1</source>
        <translation>Solution&#xa0;: %1</translation>
    </message>
    <message>
        <source>Service user: %1</source>
        <translation>Utilisateur de service&#xa0;: %1</translation>
    </message>
    <message>
        <source>(not resolved)</source>
        <translation>(non déterminé)</translation>
    </message>
    <message>
        <source>Header: %1</source>
        <translation>En-tête&#xa0;: %1</translation>
    </message>
    <message>
        <source>Claims: %1</source>
        <translation>Revendications&#xa0;: %1</translation>
    </message>
    <message>
        <source>The registration&apos;s JWKS: an https URL or a file.</source>
        <translation>Le JWKS de l’enregistrement&#xa0;: une URL https ou un fichier.</translation>
    </message>
    <message>
        <source>Expected iss, compared exactly.</source>
        <translation>iss attendu, comparé exactement.</translation>
    </message>
    <message>
        <source>The registration&apos;s App ID (client id).</source>
        <translation>L’App ID de l’enregistrement (identifiant client).</translation>
    </message>
    <message>
        <source>Claim holding the App ID: appid, azp, cid or client_id (default: the first present).</source>
        <translation>Revendication portant l’App ID&#xa0;: appid, azp, cid ou client_id (par défaut&#xa0;: la première présente).</translation>
    </message>
    <message>
        <source>Expected aud value.</source>
        <translation>Valeur aud attendue.</translation>
    </message>
    <message>
        <source>The service-user claim (default cmicuser).</source>
        <translation>La revendication de l’utilisateur de service (cmicuser par défaut).</translation>
    </message>
    <message>
        <source>enterprise (default) or cloud.</source>
        <translation>enterprise (par défaut) ou cloud.</translation>
    </message>
    <message>
        <source>Cloud tenant for tenant||username claims.</source>
        <translation>Locataire Cloud pour les revendications locataire||nom_utilisateur.</translation>
    </message>
    <message>
        <source>The CMiC username the call must run as.</source>
        <translation>Le nom d’utilisateur CMiC sous lequel l’appel doit s’exécuter.</translation>
    </message>
    <message>
        <source>Allowed clock skew in seconds (default 60).</source>
        <translation>Décalage d’horloge permis en secondes (60 par défaut).</translation>
    </message>
    <message>
        <source>Evaluate time checks at this instant (seconds since 1970).</source>
        <translation>Évaluer les vérifications de temps à cet instant (secondes depuis 1970).</translation>
    </message>
    <message>
        <source>CMiC&apos;s IP check: on (default, CMiC&apos;s default) requires ipaddr; off.</source>
        <translation>Vérification IP de CMiC&#xa0;: on (par défaut, comme CMiC) exige ipaddr; off.</translation>
    </message>
    <message>
        <source>CMiC&apos;s patch level, e.g. 19 or 22; 0 (default) unknown. Below 20 a missing ipaddr is a failure, otherwise a warning.</source>
        <translation>Le niveau de correctif de CMiC, p. ex. 19 ou 22; 0 (par défaut) inconnu. Sous 20, un ipaddr manquant est un échec, sinon un avertissement.</translation>
    </message>
    <message>
        <source>Output: text (default) or json.</source>
        <translation>Sortie&#xa0;: text (par défaut) ou json.</translation>
    </message>
    <message>
        <source>Extra CA certificates (PEM) trusted, besides the system&apos;s, when fetching --jwks from a URL.</source>
        <translation>Certificats d’AC supplémentaires (PEM) acceptés, en plus de ceux du système, pour récupérer --jwks depuis une URL.</translation>
    </message>
    <message>
        <source>Take the issuer, App ID, App ID claim, audience, JWKS URI, user claim, deployment, IP check, patch level, clock skew and CA bundle from this workspace&apos;s registration; an option given as well wins.</source>
        <translation>Prendre l’émetteur, l’App ID, la revendication d’App ID, l’audience, l’URI JWKS, la revendication utilisateur, le déploiement, la vérification IP, le niveau de correctif, le décalage d’horloge et le lot d’AC dans l’enregistrement de cet espace de travail; une option donnée en plus l’emporte.</translation>
    </message>
    <message>
        <source>With --workspace: the registration, by name or id (needed when the workspace has several).</source>
        <translation>Avec --workspace&#xa0;: l’enregistrement, par nom ou identifiant (nécessaire quand l’espace de travail en a plusieurs).</translation>
    </message>
    <message>
        <source>Short for --format.</source>
        <translation>Abréviation de --format.</translation>
    </message>
    <message>
        <source>The token, or - (or nothing) to read it from standard input.</source>
        <translation>Le jeton, ou - (ou rien) pour le lire sur l’entrée standard.</translation>
    </message>
    <message>
        <source>Exit status: 0 the token is valid, 1 it is not or the signature was not checked, 2 usage error or unreadable input (token, JWKS).</source>
        <translation>Code de sortie&#xa0;: 0 le jeton est valide, 1 il ne l’est pas ou la signature n’a pas été vérifiée, 2 erreur d’utilisation ou entrée illisible (jeton, JWKS).</translation>
    </message>
    <message>
        <source>expected one token, got %1 arguments.</source>
        <translation>un seul jeton attendu, %1 arguments reçus.</translation>
    </message>
    <message>
        <source>--format must be text or json, not &apos;%1&apos;.</source>
        <translation>--format doit être text ou json, pas «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>standard input cannot hold both the workspace and the token.</source>
        <translation>l’entrée standard ne peut pas contenir à la fois l’espace de travail et le jeton.</translation>
    </message>
    <message>
        <source>--registration needs --workspace WORKSPACE.</source>
        <translation>--registration exige --workspace ESPACE_DE_TRAVAIL.</translation>
    </message>
    <message>
        <source>cmic-oauth verify-token: note: --app-id-claim %1 is not one of appid, azp, cid, client_id.</source>
        <translation>cmic-oauth verify-token&#xa0;: remarque&#xa0;: --app-id-claim %1 n’est pas l’un de appid, azp, cid, client_id.</translation>
    </message>
    <message>
        <source>--clock-skew must be a number of seconds from 0 to 86400, not &apos;%1&apos;.</source>
        <translation>--clock-skew doit être un nombre de secondes de 0 à 86400, pas «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>--ip-check must be on or off, not &apos;%1&apos;.</source>
        <translation>--ip-check doit être on ou off, pas «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>--patch-level must be 0 (unknown) or a patch number up to %1, not &apos;%2&apos;.</source>
        <translation>--patch-level doit être 0 (inconnu) ou un numéro de correctif jusqu’à %1, pas «&#xa0;%2&#xa0;».</translation>
    </message>
    <message>
        <source>--deployment must be enterprise or cloud, not &apos;%1&apos;.</source>
        <translation>--deployment doit être enterprise ou cloud, pas «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>--user-claim must name a claim.</source>
        <translation>--user-claim doit nommer une revendication.</translation>
    </message>
    <message>
        <source>--now must be seconds since 1970, not &apos;%1&apos;.</source>
        <translation>--now doit être un nombre de secondes depuis 1970, pas «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>could not read the token from standard input.</source>
        <translation>impossible de lire le jeton sur l’entrée standard.</translation>
    </message>
    <message>
        <source>standard input holds more than %1 bytes; pipe in one token.</source>
        <translation>l’entrée standard contient plus de %1 octets; n’y transmettez qu’un seul jeton.</translation>
    </message>
    <message>
        <source>no token given. Pass it as an argument, or pipe it in with &apos;-&apos;.</source>
        <translation>aucun jeton donné. Passez-le en argument, ou transmettez-le avec «&#xa0;-&#xa0;».</translation>
    </message>
    <message>
        <source>%1 (from %2)</source>
        <translation>%1 (de %2)</translation>
    </message>
    <message numerus="yes">
        <source>cmic-oauth verify-token: %n key(s) read from %1</source>
        <translation>
            <numerusform>cmic-oauth verify-token&#xa0;: %n clé lue depuis %1</numerusform>
            <numerusform>cmic-oauth verify-token&#xa0;: %n clés lues depuis %1</numerusform>
        </translation>
    </message>
    <message>
        <source>cmic-oauth verify-token: no --jwks given; the signature is not checked, so the token cannot be reported valid.</source>
        <translation>cmic-oauth verify-token&#xa0;: aucun --jwks donné; la signature n’est pas vérifiée, le jeton ne peut donc pas être déclaré valide.</translation>
    </message>
    <message>
        <source>cmic-oauth verify-token: the token is not valid: the signature was not verified.</source>
        <translation>cmic-oauth verify-token&#xa0;: le jeton n’est pas valide&#xa0;: la signature n’a pas été vérifiée.</translation>
    </message>
    <message>
        <source>cmic-oauth verify-token: the token is not valid: %1 failed.</source>
        <translation>cmic-oauth verify-token&#xa0;: le jeton n’est pas valide&#xa0;: %1 a échoué.</translation>
    </message>
</context>
<context>
    <name>cmic::cli::WorkspaceInput</name>
    <message>
        <source>The *.cmic-oauth.json workspace or an exported *.cmic-oauth-portable.json (- for standard input).</source>
        <translation>L’espace de travail *.cmic-oauth.json ou un fichier *.cmic-oauth-portable.json exporté (- pour l’entrée standard).</translation>
    </message>
    <message>
        <source>could not read the workspace from standard input.</source>
        <translation>impossible de lire l’espace de travail sur l’entrée standard.</translation>
    </message>
    <message>
        <source>standard input holds more than %1 bytes; that is no workspace.</source>
        <translation>l’entrée standard contient plus de %1 octets; ce n’est pas un espace de travail.</translation>
    </message>
    <message>
        <source>standard input</source>
        <translation>entrée standard</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(sans nom)</translation>
    </message>
    <message numerus="yes">
        <source>  ... and %n more.</source>
        <translation>
            <numerusform>  ... et %n autre.</numerusform>
            <numerusform>  ... et %n autres.</numerusform>
        </translation>
    </message>
    <message>
        <source>the workspace has no single registration named &apos;%1&apos;. Its registrations:
%2</source>
        <translation>l’espace de travail n’a pas d’enregistrement unique nommé «&#xa0;%1&#xa0;». Ses enregistrements&#xa0;:
%2</translation>
    </message>
    <message>
        <source>the workspace has no registration; add one in the console.</source>
        <translation>l’espace de travail n’a aucun enregistrement; ajoutez-en un dans la console.</translation>
    </message>
    <message>
        <source>the workspace has %1 registrations; choose one with --registration NAME:
%2</source>
        <translation>l’espace de travail a %1 enregistrements; choisissez-en un avec --registration NOM&#xa0;:
%2</translation>
    </message>
    <message>
        <source>cmic-oauth %1: note: the workspace&apos;s CA bundle %2 is not on this computer; only the system&apos;s trusted CAs are used. Pass --ca-bundle FILE to add one.</source>
        <translation>cmic-oauth %1&#xa0;: remarque&#xa0;: le lot d’AC %2 de l’espace de travail n’est pas sur cet ordinateur; seules les AC de confiance du système sont utilisées. Passez --ca-bundle FICHIER pour en ajouter une.</translation>
    </message>
</context>
<context>
    <name>cmic::jose::ClaimsValidator</name>
    <message>
        <source>a string (&quot;%1&quot;)</source>
        <translation>une chaîne («&#xa0;%1&#xa0;»)</translation>
    </message>
    <message>
        <source>a boolean</source>
        <translation>un booléen</translation>
    </message>
    <message>
        <source>null</source>
        <translation>null</translation>
    </message>
    <message>
        <source>an array</source>
        <translation>un tableau</translation>
    </message>
    <message>
        <source>an object</source>
        <translation>un objet</translation>
    </message>
    <message>
        <source>a number</source>
        <translation>un nombre</translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>et %n autre</numerusform>
            <numerusform>et %n autres</numerusform>
        </translation>
    </message>
    <message>
        <source>No typ header; CMiC does not require one.</source>
        <translation>Aucun en-tête typ; CMiC n’en exige pas.</translation>
    </message>
    <message>
        <source>typ is &quot;%1&quot;, an access-token type.</source>
        <translation>typ vaut «&#xa0;%1&#xa0;», un type de jeton d’accès.</translation>
    </message>
    <message>
        <source>typ is %1, not at+jwt, application/at+jwt or JWT: this is not an access token (an ID token or logout token?). Request an access token with the client-credentials grant.</source>
        <translation>typ vaut %1, pas at+jwt, application/at+jwt ni JWT&#xa0;: ce n’est pas un jeton d’accès (un jeton d’identité ou de déconnexion?). Demandez un jeton d’accès avec l’octroi par identifiants client.</translation>
    </message>
    <message>
        <source>The claims CMiC requires (sub, exp, aud, iss) are present.</source>
        <translation>Les revendications qu’exige CMiC (sub, exp, aud, iss) sont présentes.</translation>
    </message>
    <message>
        <source>The token has no iss claim; CMiC matches the registration by issuer.</source>
        <translation>Le jeton n’a pas de revendication iss; CMiC trouve l’enregistrement par l’émetteur.</translation>
    </message>
    <message>
        <source>iss is %1; it must be a string.</source>
        <translation>iss vaut %1; ce doit être une chaîne.</translation>
    </message>
    <message>
        <source>iss is &quot;%1&quot;; not compared (no expected issuer given).</source>
        <translation>iss vaut «&#xa0;%1&#xa0;»; non comparé (aucun émetteur attendu donné).</translation>
    </message>
    <message>
        <source>iss is &quot;%1&quot;, the registered issuer.</source>
        <translation>iss vaut «&#xa0;%1&#xa0;», l’émetteur enregistré.</translation>
    </message>
    <message>
        <source> They differ only in the trailing slash, and CMiC compares exactly: register &quot;%1&quot;.</source>
        <translation> Ils ne diffèrent que par la barre oblique finale, et CMiC compare exactement&#xa0;: enregistrez «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source> The token is an Entra v1 token (issuer sts.windows.net) but the registration has the v2 issuer: register &quot;%1&quot;.</source>
        <translation> Le jeton est un jeton Entra v1 (émetteur sts.windows.net), mais l’enregistrement a l’émetteur v2&#xa0;: enregistrez «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source> The token is an Entra v2 token but the registration has the v1 issuer: set accessTokenAcceptedVersion in the API&apos;s manifest, or register &quot;%1&quot;.</source>
        <translation> Le jeton est un jeton Entra v2, mais l’enregistrement a l’émetteur v1&#xa0;: réglez accessTokenAcceptedVersion dans le manifeste de l’API, ou enregistrez «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source> Register the issuer exactly as the token has it, or request the token from the registered IdP.</source>
        <translation> Enregistrez l’émetteur exactement tel que le jeton le porte, ou demandez le jeton au fournisseur d’identité enregistré.</translation>
    </message>
    <message>
        <source>iss is &quot;%1&quot; but the registration says &quot;%2&quot;.</source>
        <translation>iss vaut «&#xa0;%1&#xa0;», mais l’enregistrement indique «&#xa0;%2&#xa0;».</translation>
    </message>
    <message>
        <source>The token has none of appid, azp, cid or client_id; CMiC matches the App ID by this claim. Check the IdP preset and the token type.</source>
        <translation>Le jeton n’a aucune des revendications appid, azp, cid ou client_id; CMiC compare l’App ID selon cette revendication. Vérifiez le préréglage de fournisseur d’identité et le type de jeton.</translation>
    </message>
    <message>
        <source>The token has no %1 claim, which this IdP uses for the App ID. Check the IdP preset (Entra: appid; Okta: cid; Auth0: azp; Keycloak, RFC 9068: client_id).</source>
        <translation>Le jeton n’a pas de revendication %1, que ce fournisseur d’identité utilise pour l’App ID. Vérifiez le préréglage de fournisseur d’identité (Entra&#xa0;: appid; Okta&#xa0;: cid; Auth0&#xa0;: azp; Keycloak, RFC 9068&#xa0;: client_id).</translation>
    </message>
    <message>
        <source>%1 is %2; it must be a string.</source>
        <translation>%1 vaut %2; ce doit être une chaîne.</translation>
    </message>
    <message>
        <source>%1 is &quot;%2&quot;; not compared (no App ID given).</source>
        <translation>%1 vaut «&#xa0;%2&#xa0;»; non comparé (aucun App ID donné).</translation>
    </message>
    <message>
        <source>%1 is &quot;%2&quot;, the registered App ID.</source>
        <translation>%1 vaut «&#xa0;%2&#xa0;», l’App ID enregistré.</translation>
    </message>
    <message>
        <source>%1 is &quot;%2&quot; but the registered App ID is &quot;%3&quot;. Register the client id that requested the token, or request it with the registered client.</source>
        <translation>%1 vaut «&#xa0;%2&#xa0;», mais l’App ID enregistré est «&#xa0;%3&#xa0;». Enregistrez l’identifiant client qui a demandé le jeton, ou demandez-le avec le client enregistré.</translation>
    </message>
    <message>
        <source>The token has no aud claim, which CMiC requires. Request it for the CMiC API (scope, audience or resource parameter; Keycloak needs an audience mapper).</source>
        <translation>Le jeton n’a pas de revendication aud, qu’exige CMiC. Demandez-le pour l’API CMiC (paramètre scope, audience ou resource; Keycloak exige un mappeur d’audience).</translation>
    </message>
    <message>
        <source>aud includes &quot;%1&quot;.</source>
        <translation>aud comprend «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>aud is an array with a non-string entry; it must hold strings.</source>
        <translation>aud est un tableau avec une entrée qui n’est pas une chaîne; il doit contenir des chaînes.</translation>
    </message>
    <message>
        <source>aud is %1; it must be a string or an array of strings.</source>
        <translation>aud vaut %1; ce doit être une chaîne ou un tableau de chaînes.</translation>
    </message>
    <message>
        <source>aud is an empty array. Request the token for the CMiC API&apos;s audience.</source>
        <translation>aud est un tableau vide. Demandez le jeton pour l’audience de l’API CMiC.</translation>
    </message>
    <message>
        <source>aud is %1 (no expected audience given; not compared).</source>
        <translation>aud vaut %1 (aucune audience attendue donnée; non comparé).</translation>
    </message>
    <message>
        <source>The IdP sent aud %1, not the audience &quot;%2&quot; entered for this registration. CMiC requires aud to be present; its documentation does not say it compares the value, so CMiC probably accepts this token (a guess). Entra v1 tokens carry the Application ID URI (with or without a trailing slash) or the app&apos;s GUID. If %1 is what the IdP issues for the CMiC API, enter it as the audience; otherwise request the token for &quot;%2&quot;.</source>
        <translation>Le fournisseur d’identité a envoyé aud %1, et non l’audience «&#xa0;%2&#xa0;» saisie pour cet enregistrement. CMiC exige la présence d’aud; sa documentation ne dit pas qu’il compare la valeur; CMiC accepte donc probablement ce jeton (une supposition). Les jetons Entra v1 portent l’Application ID URI (avec ou sans barre oblique finale) ou le GUID de l’application. Si %1 est ce que le fournisseur d’identité émet pour l’API CMiC, saisissez-le comme audience; sinon, demandez le jeton pour «&#xa0;%2&#xa0;».</translation>
    </message>
    <message>
        <source>%1 is %2; it must be a JSON number of seconds since 1970 (NumericDate), and CMiC rejects other types. Fix the IdP&apos;s claim mapping.</source>
        <translation>%1 vaut %2; ce doit être un nombre JSON de secondes depuis 1970 (NumericDate), et CMiC rejette les autres types. Corrigez le mappage des revendications du fournisseur d’identité.</translation>
    </message>
    <message>
        <source>%1 is %2, which is not a plausible date (more than 8,000 years from 1970); it must be a NumericDate (seconds since 1970). Fix the IdP&apos;s claim mapping or token lifetime.</source>
        <translation>%1 vaut %2, ce qui n’est pas une date plausible (plus de 8 000 ans après 1970); ce doit être une NumericDate (secondes depuis 1970). Corrigez le mappage des revendications ou la durée de vie des jetons du fournisseur d’identité.</translation>
    </message>
    <message>
        <source>The token has no exp claim; CMiC requires an expiry.</source>
        <translation>Le jeton n’a pas de revendication exp; CMiC exige une expiration.</translation>
    </message>
    <message>
        <source>The token expired %1 ago (at %2), beyond the %3 clock skew. Request a new token; if it was just issued, check this computer&apos;s clock.</source>
        <translation>Le jeton a expiré il y a %1 (à %2), au-delà du décalage d’horloge de %3. Demandez un nouveau jeton; s’il vient d’être émis, vérifiez l’horloge de cet ordinateur.</translation>
    </message>
    <message>
        <source>The token expired %1 ago (at %2), within the %3 clock skew; CMiC may already refuse it. Request a new token.</source>
        <translation>Le jeton a expiré il y a %1 (à %2), dans les limites du décalage d’horloge de %3; CMiC pourrait déjà le refuser. Demandez un nouveau jeton.</translation>
    </message>
    <message>
        <source>The token expires in %1 (at %2).</source>
        <translation>Le jeton expire dans %1 (à %2).</translation>
    </message>
    <message>
        <source>No nbf claim (optional).</source>
        <translation>Aucune revendication nbf (facultative).</translation>
    </message>
    <message>
        <source>The token is not valid for another %1 (nbf %2), beyond the %3 clock skew. Check the clocks of this computer and of the IdP.</source>
        <translation>Le jeton n’est pas valide avant encore %1 (nbf %2), au-delà du décalage d’horloge de %3. Vérifiez les horloges de cet ordinateur et du fournisseur d’identité.</translation>
    </message>
    <message>
        <source>The token becomes valid in %1 (nbf %2), within the %3 clock skew.</source>
        <translation>Le jeton devient valide dans %1 (nbf %2), dans les limites du décalage d’horloge de %3.</translation>
    </message>
    <message>
        <source>The token has been valid since %1.</source>
        <translation>Le jeton est valide depuis %1.</translation>
    </message>
    <message>
        <source>No iat claim (optional).</source>
        <translation>Aucune revendication iat (facultative).</translation>
    </message>
    <message>
        <source>The token was issued %1 in the future (iat %2), beyond the %3 clock skew: the IdP&apos;s clock or this computer&apos;s is wrong.</source>
        <translation>Le jeton a été émis %1 dans le futur (iat %2), au-delà du décalage d’horloge de %3&#xa0;: l’horloge du fournisseur d’identité ou celle de cet ordinateur est erronée.</translation>
    </message>
    <message>
        <source>The token was issued (%1) after it expires (%2); the IdP&apos;s token settings are broken.</source>
        <translation>Le jeton a été émis (%1) après son expiration (%2); les paramètres de jeton du fournisseur d’identité sont défectueux.</translation>
    </message>
    <message>
        <source>Issued %1 ago (at %2).</source>
        <translation>Émis il y a %1 (à %2).</translation>
    </message>
    <message>
        <source>CMiC&apos;s IP check is off for this environment; ipaddr is not needed.</source>
        <translation>La vérification IP de CMiC est désactivée pour cet environnement; ipaddr n’est pas nécessaire.</translation>
    </message>
    <message>
        <source>ipaddr is &quot;%1&quot;; CMiC compares it with the caller&apos;s address as it sees it (X-Forwarded-For), so call from that address, not through a VPN or proxy.</source>
        <translation>ipaddr vaut «&#xa0;%1&#xa0;»; CMiC le compare avec l’adresse de l’appelant telle qu’il la voit (X-Forwarded-For); appelez donc depuis cette adresse, pas par un RPV ni un serveur mandataire.</translation>
    </message>
    <message>
        <source>CMiC&apos;s IP check is on but the token has no ipaddr claim, so CMiC at Patch %1 answers 401 (documented: CMiC&apos;s FAQ lists a missing ipaddr in client-credentials tokens as fixed only in Patch 20). Add ipaddr to the token (Entra: optional claim), or turn the check off with cmic.oauth2.ipcheck.enabled=false.</source>
        <translation>La vérification IP de CMiC est activée, mais le jeton n’a pas de revendication ipaddr; CMiC au Patch %1 répond donc 401 (documenté&#xa0;: la FAQ de CMiC indique que l’ipaddr manquant dans les jetons d’identifiants client n’est corrigé qu’au Patch 20). Ajoutez ipaddr au jeton (Entra&#xa0;: revendication facultative), ou désactivez la vérification avec cmic.oauth2.ipcheck.enabled=false.</translation>
    </message>
    <message>
        <source>Patch %1</source>
        <translation>Patch %1</translation>
    </message>
    <message>
        <source>an unknown patch level (set it on the environment)</source>
        <translation>un niveau de correctif inconnu (définissez-le dans l’environnement)</translation>
    </message>
    <message>
        <source>CMiC&apos;s IP check is on and the token has no ipaddr claim; the environment is at %1. CMiC&apos;s FAQ calls a missing ipaddr in client-credentials tokens &quot;a missing fix that&apos;s part of Patch 20&quot;; that from Patch 20 such a token passes the IP check is a guess, not published. Below Patch 20 CMiC answers 401. To be sure, add ipaddr to the token (Entra: optional claim) or turn the check off with cmic.oauth2.ipcheck.enabled=false.</source>
        <translation>La vérification IP de CMiC est activée et le jeton n’a pas de revendication ipaddr; l’environnement est au %1. La FAQ de CMiC qualifie l’ipaddr manquant dans les jetons d’identifiants client de «&#xa0;correction manquante qui fait partie du Patch 20&#xa0;»; qu’un tel jeton passe la vérification IP à partir du Patch 20 est une supposition, non publiée. Sous le Patch 20, CMiC répond 401. Pour en être sûr, ajoutez ipaddr au jeton (Entra&#xa0;: revendication facultative) ou désactivez la vérification avec cmic.oauth2.ipcheck.enabled=false.</translation>
    </message>
    <message>
        <source>The service user was not resolved (no environment given).</source>
        <translation>L’utilisateur de service n’a pas été déterminé (aucun environnement donné).</translation>
    </message>
    <message>
        <source>CMiC could not tell which service user to run the call as.</source>
        <translation>CMiC n’a pas pu déterminer sous quel utilisateur de service exécuter l’appel.</translation>
    </message>
    <message>
        <source>CMiC would run the call as %1, not as the expected %2. %3</source>
        <translation>CMiC exécuterait l’appel en tant que %1, et non en tant que %2, l’utilisateur attendu. %3</translation>
    </message>
    <message>
        <source>CMiC will run the call as %1.</source>
        <translation>CMiC exécutera l’appel en tant que %1.</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 j %2 h</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 j</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 h</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message numerus="yes">
        <source>%n claim(s) CMiC requires missing: %1. CMiC answers 401 without them; configure the IdP to issue them (for aud, request the token for the CMiC API&apos;s audience or resource).</source>
        <translation>
            <numerusform>%n revendication exigée par CMiC manquante&#xa0;: %1. CMiC répond 401 sans elle; configurez le fournisseur d’identité pour qu’il l’émette (pour aud, demandez le jeton pour l’audience ou la ressource de l’API CMiC).</numerusform>
            <numerusform>%n revendications exigées par CMiC manquantes&#xa0;: %1. CMiC répond 401 sans elles; configurez le fournisseur d’identité pour qu’il les émette (pour aud, demandez le jeton pour l’audience ou la ressource de l’API CMiC).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cmic::jose::CompactJws</name>
    <message>
        <source>not read: the token&apos;s structure is broken</source>
        <translation>non lu&#xa0;: la structure du jeton est brisée</translation>
    </message>
    <message>
        <source>The token is empty. Paste the whole access token (three parts separated by dots).</source>
        <translation>Le jeton est vide. Collez le jeton d’accès complet (trois parties séparées par des points).</translation>
    </message>
    <message>
        <source>The token is %1 bytes, over the %2-byte limit. Check that you pasted one access token and nothing else.</source>
        <translation>Le jeton fait %1 octets, au-delà de la limite de %2 octets. Vérifiez que vous avez collé un seul jeton d’accès et rien d’autre.</translation>
    </message>
    <message>
        <source>the header part is empty</source>
        <translation>la partie en-tête est vide</translation>
    </message>
    <message>
        <source>the header part is not strict base64url</source>
        <translation>la partie en-tête n’est pas du base64url strict</translation>
    </message>
    <message>
        <source>the payload part is not strict base64url</source>
        <translation>la partie charge utile n’est pas du base64url strict</translation>
    </message>
    <message>
        <source>the signature part is not strict base64url</source>
        <translation>la partie signature n’est pas du base64url strict</translation>
    </message>
    <message>
        <source>The token is malformed: %1. Copy the complete token again; base64url uses A-Z a-z 0-9 - _ without &apos;=&apos; padding or spaces.</source>
        <translation>Le jeton est mal formé&#xa0;: %1. Copiez de nouveau le jeton complet; le base64url utilise A-Z a-z 0-9 - _ sans remplissage «&#xa0;=&#xa0;» ni espaces.</translation>
    </message>
    <message>
        <source>The header is not a valid JSON object: %1.</source>
        <translation>L’en-tête n’est pas un objet JSON valide&#xa0;: %1.</translation>
    </message>
    <message>
        <source>The payload is not a valid JSON claims set: %1.</source>
        <translation>La charge utile n’est pas un ensemble de revendications JSON valide&#xa0;: %1.</translation>
    </message>
    <message numerus="yes">
        <source>The token has %n part(s) separated by dots; a signed JWT has exactly 3. An encrypted token (5 parts) or a truncated copy cannot be verified: copy the complete access token again.</source>
        <translation>
            <numerusform>Le jeton comporte %n partie séparée par des points; un JWT signé en a exactement 3. Un jeton chiffré (5 parties) ou une copie tronquée ne peut pas être vérifié&#xa0;: copiez de nouveau le jeton d’accès au complet.</numerusform>
            <numerusform>Le jeton comporte %n parties séparées par des points; un JWT signé en a exactement 3. Un jeton chiffré (5 parties) ou une copie tronquée ne peut pas être vérifié&#xa0;: copiez de nouveau le jeton d’accès au complet.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>cmic::jose::EntraTokenShape</name>
    <message>
        <source>Request the token for the CMiC API, not for Graph: set the registration&apos;s scope to &quot;api://%1/.default&quot; (or the CMiC API&apos;s own scope, its Application ID URI plus /.default).</source>
        <translation>Demandez le jeton pour l’API CMiC, pas pour Graph&#xa0;: réglez la portée de l’enregistrement à «&#xa0;api://%1/.default&#xa0;» (ou la portée propre de l’API CMiC, son Application ID URI suivi de /.default).</translation>
    </message>
    <message>
        <source>The token is a Microsoft Graph token (aud &quot;%1&quot;), not one for the CMiC API: the wrong scope was requested. Its header carries a nonce, so no one but Graph can verify its signature.</source>
        <translation>Le jeton est un jeton Microsoft Graph (aud «&#xa0;%1&#xa0;»), pas un jeton pour l’API CMiC&#xa0;: la mauvaise portée a été demandée. Son en-tête porte un nonce; personne d’autre que Graph ne peut donc vérifier sa signature.</translation>
    </message>
    <message>
        <source>The token is a Microsoft Graph token (aud &quot;%1&quot;), not one for the CMiC API: the wrong scope was requested.</source>
        <translation>Le jeton est un jeton Microsoft Graph (aud «&#xa0;%1&#xa0;»), pas un jeton pour l’API CMiC&#xa0;: la mauvaise portée a été demandée.</translation>
    </message>
    <message>
        <source>The signature does not verify because this is a Graph token with a nonce in its header (Graph alters the header before checking it); the keys and the JWKS URI are not at fault. Wrong scope, not a bad signature.</source>
        <translation>La signature ne se vérifie pas parce que c’est un jeton Graph avec un nonce dans son en-tête (Graph modifie l’en-tête avant de le vérifier); les clés et l’URI JWKS ne sont pas en cause. Mauvaise portée, pas une mauvaise signature.</translation>
    </message>
    <message>
        <source>An Entra v1 access token arrived (ver 1.0, issuer &quot;%1&quot;, client in appid &quot;%2&quot;). CMiC compares the Issuer exactly, trailing slash included, and reads the App ID from appid.</source>
        <translation>Un jeton d’accès Entra v1 est arrivé (ver 1.0, émetteur «&#xa0;%1&#xa0;», client dans appid «&#xa0;%2&#xa0;»). CMiC compare l’émetteur exactement, barre oblique finale comprise, et lit l’App ID dans appid.</translation>
    </message>
    <message>
        <source>Register the Issuer &quot;%1&quot; and the App ID &quot;%2&quot; (claim appid) in CMiC API Security and in the workspace.</source>
        <translation>Enregistrez l’émetteur «&#xa0;%1&#xa0;» et l’App ID «&#xa0;%2&#xa0;» (revendication appid) dans CMiC API Security et dans l’espace de travail.</translation>
    </message>
    <message>
        <source>An Entra v2 access token arrived (ver 2.0, issuer &quot;%1&quot;, client in azp &quot;%2&quot;, no appid). CMiC compares the Issuer exactly and would have to read the App ID from azp.</source>
        <translation>Un jeton d’accès Entra v2 est arrivé (ver 2.0, émetteur «&#xa0;%1&#xa0;», client dans azp «&#xa0;%2&#xa0;», pas d’appid). CMiC compare l’émetteur exactement et devrait lire l’App ID dans azp.</translation>
    </message>
    <message>
        <source>Register the Issuer &quot;%1&quot; (no trailing slash) and the App ID &quot;%2&quot; (claim azp), or make Entra issue v1 tokens (see entra.v2-no-appid).</source>
        <translation>Enregistrez l’émetteur «&#xa0;%1&#xa0;» (sans barre oblique finale) et l’App ID «&#xa0;%2&#xa0;» (revendication azp), ou faites émettre des jetons v1 par Entra (voir entra.v2-no-appid).</translation>
    </message>
    <message>
        <source>The v2 token has no appid claim, and CMiC documents reading the App ID of Entra tokens from appid; CMiC may not find the application.</source>
        <translation>Le jeton v2 n’a pas de revendication appid, et CMiC documente qu’il lit l’App ID des jetons Entra dans appid; CMiC pourrait ne pas trouver l’application.</translation>
    </message>
    <message>
        <source>Set requestedAccessTokenVersion (accessTokenAcceptedVersion) of the CMiC API&apos;s app registration to 1 or null in its manifest so Entra issues v1 tokens, then register the Issuer &quot;%1&quot;.</source>
        <translation>Réglez requestedAccessTokenVersion (accessTokenAcceptedVersion) de l’inscription d’application de l’API CMiC à 1 ou null dans son manifeste pour qu’Entra émette des jetons v1, puis enregistrez l’émetteur «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>the registration has the v2 form, but a v1 token arrived</source>
        <translation>l’enregistrement a la forme v2, mais un jeton v1 est arrivé</translation>
    </message>
    <message>
        <source>the registration has the v1 form, but a v2 token arrived</source>
        <translation>l’enregistrement a la forme v1, mais un jeton v2 est arrivé</translation>
    </message>
    <message>
        <source>it is not the token&apos;s issuer</source>
        <translation>ce n’est pas l’émetteur du jeton</translation>
    </message>
    <message>
        <source>The registration&apos;s Issuer &quot;%1&quot; does not fit the token: %2 (&quot;%3&quot;).</source>
        <translation>L’émetteur «&#xa0;%1&#xa0;» de l’enregistrement ne convient pas au jeton&#xa0;: %2 («&#xa0;%3&#xa0;»).</translation>
    </message>
    <message>
        <source>Register the Issuer &quot;%1&quot; exactly, in CMiC API Security and in the workspace.</source>
        <translation>Enregistrez exactement l’émetteur «&#xa0;%1&#xa0;», dans CMiC API Security et dans l’espace de travail.</translation>
    </message>
    <message>
        <source>The IdP preset reads the App ID from %1, but a %2 token carries the client in %3.</source>
        <translation>Le préréglage de fournisseur d’identité lit l’App ID dans %1, mais un jeton %2 porte le client dans %3.</translation>
    </message>
    <message>
        <source>Choose the IdP preset &quot;%1&quot; (App ID claim %2).</source>
        <translation>Choisissez le préréglage de fournisseur d’identité «&#xa0;%1&#xa0;» (revendication d’App ID %2).</translation>
    </message>
    <message>
        <source>The token&apos;s key &quot;%1&quot; is not in the keys at &quot;%2&quot;. With claims mapping Entra signs with the application&apos;s custom signing key, published only at .../discovery/keys?appid=&lt;app id&gt;, not among the tenant&apos;s common keys.</source>
        <translation>La clé «&#xa0;%1&#xa0;» du jeton n’est pas parmi les clés à «&#xa0;%2&#xa0;». Avec le mappage des revendications, Entra signe avec la clé de signature personnalisée de l’application, publiée seulement à .../discovery/keys?appid=&lt;app id&gt;, et non parmi les clés communes du locataire.</translation>
    </message>
    <message>
        <source>Set the JWKS URI to &quot;%1&quot; in CMiC API Security and in the workspace: that is the JWKS URI CMiC must use.</source>
        <translation>Réglez l’URI JWKS à «&#xa0;%1&#xa0;» dans CMiC API Security et dans l’espace de travail&#xa0;: c’est l’URI JWKS que CMiC doit utiliser.</translation>
    </message>
</context>
<context>
    <name>cmic::jose::Jwk</name>
    <message>
        <source>member &quot;%1&quot; is missing</source>
        <translation>le membre «&#xa0;%1&#xa0;» est manquant</translation>
    </message>
    <message>
        <source>member &quot;%1&quot; is not a string</source>
        <translation>le membre «&#xa0;%1&#xa0;» n’est pas une chaîne</translation>
    </message>
    <message>
        <source>member &quot;%1&quot; is not strict base64url</source>
        <translation>le membre «&#xa0;%1&#xa0;» n’est pas du base64url strict</translation>
    </message>
    <message>
        <source>member &quot;kty&quot; is missing or not a string</source>
        <translation>le membre «&#xa0;kty&#xa0;» est manquant ou n’est pas une chaîne</translation>
    </message>
    <message>
        <source>&quot;key_ops&quot; must hold distinct strings</source>
        <translation>«&#xa0;key_ops&#xa0;» doit contenir des chaînes distinctes</translation>
    </message>
    <message>
        <source>&quot;key_ops&quot; is not an array</source>
        <translation>«&#xa0;key_ops&#xa0;» n’est pas un tableau</translation>
    </message>
    <message>
        <source>both &quot;use&quot; and &quot;key_ops&quot; are present (RFC 7517 says use one)</source>
        <translation>«&#xa0;use&#xa0;» et «&#xa0;key_ops&#xa0;» sont tous deux présents (la RFC 7517 dit d’en utiliser un seul)</translation>
    </message>
    <message>
        <source>it is a symmetric key (kty &quot;oct&quot;); access tokens signed with a shared secret are never accepted, and a JWKS must not publish secrets</source>
        <translation>c’est une clé symétrique (kty «&#xa0;oct&#xa0;»); les jetons d’accès signés avec un secret partagé ne sont jamais acceptés, et un JWKS ne doit pas publier de secrets</translation>
    </message>
    <message>
        <source>key type &quot;%1&quot; is not supported (RSA, EC and OKP are)</source>
        <translation>le type de clé «&#xa0;%1&#xa0;» n’est pas pris en charge (RSA, EC et OKP le sont)</translation>
    </message>
    <message>
        <source>its &quot;alg&quot; %1 is not a signature algorithm the console accepts</source>
        <translation>son «&#xa0;alg&#xa0;» %1 n’est pas un algorithme de signature que la console accepte</translation>
    </message>
    <message>
        <source>its &quot;alg&quot; %1 does not match the key (kty %2%3)</source>
        <translation>son «&#xa0;alg&#xa0;» %1 ne correspond pas à la clé (kty %2%3)</translation>
    </message>
    <message>
        <source>it publishes private key material (&quot;%1&quot;): treat the key as compromised and have the IdP rotate it</source>
        <translation>elle publie des éléments de clé privée («&#xa0;%1&#xa0;»)&#xa0;: considérez la clé comme compromise et faites-la remplacer par le fournisseur d’identité</translation>
    </message>
    <message>
        <source>the modulus has a leading zero byte (RFC 7518 §6.3.1.1 forbids it)</source>
        <translation>le module a un octet de tête nul (la RFC 7518 §6.3.1.1 l’interdit)</translation>
    </message>
    <message>
        <source>OpenSSL could not read the modulus or exponent</source>
        <translation>OpenSSL n’a pas pu lire le module ou l’exposant</translation>
    </message>
    <message>
        <source>the RSA key is %1 bits; at least %2 are required</source>
        <translation>la clé RSA fait %1 bits; au moins %2 sont exigés</translation>
    </message>
    <message>
        <source>the RSA key is %1 bits; more than %2 is refused</source>
        <translation>la clé RSA fait %1 bits; plus de %2 est refusé</translation>
    </message>
    <message>
        <source>the RSA public exponent is invalid (it must be odd, above 1, and small)</source>
        <translation>l’exposant public RSA n’est pas valide (il doit être impair, supérieur à 1 et petit)</translation>
    </message>
    <message>
        <source>the RSA modulus is even</source>
        <translation>le module RSA est pair</translation>
    </message>
    <message>
        <source>the RSA modulus has the ROCA fingerprint (CVE-2017-15361): the private key can be computed from it; have the IdP replace the key</source>
        <translation>le module RSA porte l’empreinte ROCA (CVE-2017-15361)&#xa0;: la clé privée peut en être calculée; faites remplacer la clé par le fournisseur d’identité</translation>
    </message>
    <message>
        <source>OpenSSL could not build the RSA key</source>
        <translation>OpenSSL n’a pas pu construire la clé RSA</translation>
    </message>
    <message>
        <source>it publishes private key material (&quot;d&quot;): treat the key as compromised and have the IdP rotate it</source>
        <translation>elle publie des éléments de clé privée («&#xa0;d&#xa0;»)&#xa0;: considérez la clé comme compromise et faites-la remplacer par le fournisseur d’identité</translation>
    </message>
    <message>
        <source>curve &quot;%1&quot; is not supported (P-256, P-384 and P-521 are)</source>
        <translation>la courbe «&#xa0;%1&#xa0;» n’est pas prise en charge (P-256, P-384 et P-521 le sont)</translation>
    </message>
    <message>
        <source>the coordinates must be exactly %1 bytes each for %2</source>
        <translation>les coordonnées doivent faire exactement %1 octets chacune pour %2</translation>
    </message>
    <message>
        <source>OpenSSL could not build the EC key</source>
        <translation>OpenSSL n’a pas pu construire la clé EC</translation>
    </message>
    <message>
        <source>the point (x, y) is not on curve %1</source>
        <translation>le point (x, y) n’est pas sur la courbe %1</translation>
    </message>
    <message>
        <source>OKP curve &quot;%1&quot; is not supported (Ed25519 is)</source>
        <translation>la courbe OKP «&#xa0;%1&#xa0;» n’est pas prise en charge (Ed25519 l’est)</translation>
    </message>
    <message>
        <source>an Ed25519 public key is 32 bytes; this one is %1</source>
        <translation>une clé publique Ed25519 fait 32 octets; celle-ci en fait %1</translation>
    </message>
    <message>
        <source>the Ed25519 public key is a point of small order: with it a forged signature verifies for any token. Have the IdP publish its real signing key</source>
        <translation>la clé publique Ed25519 est un point d’ordre faible&#xa0;: avec elle, une signature falsifiée se vérifie pour n’importe quel jeton. Demandez au fournisseur d’identité de publier sa vraie clé de signature</translation>
    </message>
    <message>
        <source>OpenSSL could not build the Ed25519 key</source>
        <translation>OpenSSL n’a pas pu construire la clé Ed25519</translation>
    </message>
    <message>
        <source>the key could not be built</source>
        <translation>la clé n’a pas pu être construite</translation>
    </message>
    <message>
        <source>it is a %1 key, not RSA as %2 needs</source>
        <translation>c’est une clé %1, pas RSA comme l’exige %2</translation>
    </message>
    <message>
        <source>%1 needs an EC key on %2; this is kty %3%4</source>
        <translation>%1 exige une clé EC sur %2; celle-ci est kty %3%4</translation>
    </message>
    <message>
        <source>%1 needs an OKP Ed25519 key; this is kty %2</source>
        <translation>%1 exige une clé OKP Ed25519; celle-ci est kty %2</translation>
    </message>
    <message>
        <source>the key is bound to alg %1 but the token says %2</source>
        <translation>la clé est liée à l’alg %1, mais le jeton indique %2</translation>
    </message>
    <message>
        <source>the key is for use &quot;%1&quot;, not &quot;sig&quot;</source>
        <translation>la clé est pour l’usage «&#xa0;%1&#xa0;», pas «&#xa0;sig&#xa0;»</translation>
    </message>
    <message>
        <source>the key&apos;s key_ops (%1) do not include &quot;verify&quot;</source>
        <translation>les key_ops de la clé (%1) ne comprennent pas «&#xa0;verify&#xa0;»</translation>
    </message>
    <message>
        <source>RSA %1-bit key</source>
        <translation>clé RSA de %1 bits</translation>
    </message>
    <message>
        <source>EC %1 key</source>
        <translation>clé EC %1</translation>
    </message>
    <message>
        <source>%1 key</source>
        <translation>clé %1</translation>
    </message>
    <message>
        <source>%1 &apos;%2&apos;</source>
        <translation>%1 «&#xa0;%2&#xa0;»</translation>
    </message>
    <message>
        <source>%1 without kid</source>
        <translation>%1 sans kid</translation>
    </message>
    <message>
        <source> (alg %1)</source>
        <translation> (alg %1)</translation>
    </message>
</context>
<context>
    <name>cmic::jose::JwkSet</name>
    <message>
        <source>The JWKS is not a valid JSON object: %1. Check that the JWKS URI returns the key set itself (not an HTML page or the discovery document).</source>
        <translation>Le JWKS n’est pas un objet JSON valide&#xa0;: %1. Vérifiez que l’URI JWKS renvoie l’ensemble de clés lui-même (pas une page HTML ni le document de découverte).</translation>
    </message>
    <message>
        <source>The JWKS has no &quot;keys&quot; array. Check that the JWKS URI points at the key set (for example .../discovery/keys or .../jwks), not at the discovery document.</source>
        <translation>Le JWKS n’a pas de tableau «&#xa0;keys&#xa0;». Vérifiez que l’URI JWKS pointe vers l’ensemble de clés (par exemple .../discovery/keys ou .../jwks), et non vers le document de découverte.</translation>
    </message>
    <message>
        <source>The JWKS holds %1 keys, more than the %2 the console reads.</source>
        <translation>Le JWKS contient %1 clés, plus que les %2 que la console lit.</translation>
    </message>
    <message>
        <source>An entry of the JWKS &quot;keys&quot; array is not a JSON object.</source>
        <translation>Une entrée du tableau «&#xa0;keys&#xa0;» du JWKS n’est pas un objet JSON.</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1&#xa0;: %2</translation>
    </message>
    <message>
        <source>kid &apos;%1&apos; appears on more than one key</source>
        <translation>le kid «&#xa0;%1&#xa0;» figure sur plus d’une clé</translation>
    </message>
    <message>
        <source>kid &apos;%1&apos; selects the %2.</source>
        <translation>le kid «&#xa0;%1&#xa0;» sélectionne la %2.</translation>
    </message>
    <message>
        <source>The JWKS has no keys. Check the JWKS URI of the registration.</source>
        <translation>Le JWKS n’a aucune clé. Vérifiez l’URI JWKS de l’enregistrement.</translation>
    </message>
    <message>
        <source>kid &apos;%1&apos; is not in the JWKS, and its keys have no kid. Check that the registration&apos;s JWKS URI belongs to the token&apos;s issuer.</source>
        <translation>Le kid «&#xa0;%1&#xa0;» n’est pas dans le JWKS, et ses clés n’ont pas de kid. Vérifiez que l’URI JWKS de l’enregistrement appartient à l’émetteur du jeton.</translation>
    </message>
    <message>
        <source>kid &apos;%1&apos; is not in the JWKS; it has %2: the IdP may have rotated keys. Fetch the JWKS again, and check that the registration&apos;s JWKS URI belongs to the token&apos;s issuer.</source>
        <translation>Le kid «&#xa0;%1&#xa0;» n’est pas dans le JWKS; celui-ci a %2&#xa0;: le fournisseur d’identité a peut-être renouvelé ses clés. Récupérez de nouveau le JWKS et vérifiez que l’URI JWKS de l’enregistrement appartient à l’émetteur du jeton.</translation>
    </message>
    <message>
        <source>kid &apos;%1&apos; is in the JWKS but cannot verify %2: %3.</source>
        <translation>Le kid «&#xa0;%1&#xa0;» est dans le JWKS, mais ne peut pas vérifier %2&#xa0;: %3.</translation>
    </message>
    <message>
        <source>kid &apos;%1&apos; names %2 keys that fit %3, so which one verifies is ambiguous. Ask the IdP admin to give every key its own kid.</source>
        <translation>Le kid «&#xa0;%1&#xa0;» nomme %2 clés qui conviennent à %3; celle qui vérifie est donc ambiguë. Demandez à l’administrateur du fournisseur d’identité de donner à chaque clé son propre kid.</translation>
    </message>
    <message>
        <source>The token has no kid and no key in the JWKS can verify %1 (%2).</source>
        <translation>Le jeton n’a pas de kid et aucune clé du JWKS ne peut vérifier %1 (%2).</translation>
    </message>
    <message>
        <source>The token has no kid; the only key that fits %1 was used (%2). IdPs normally set kid so that verifiers can follow key rotation.</source>
        <translation>Le jeton n’a pas de kid; la seule clé qui convient à %1 a été utilisée (%2). Les fournisseurs d’identité définissent normalement kid pour que les vérificateurs puissent suivre le renouvellement des clés.</translation>
    </message>
    <message>
        <source>The token has no kid; %1 keys fit %2 and each is tried in turn. IdPs normally set kid so that verifiers can follow key rotation.</source>
        <translation>Le jeton n’a pas de kid; %1 clés conviennent à %2 et chacune est essayée à tour de rôle. Les fournisseurs d’identité définissent normalement kid pour que les vérificateurs puissent suivre le renouvellement des clés.</translation>
    </message>
</context>
<context>
    <name>cmic::jose::SignatureVerifier</name>
    <message>
        <source>no usable key</source>
        <translation>aucune clé utilisable</translation>
    </message>
    <message>
        <source>the key&apos;s type or curve does not fit %1</source>
        <translation>le type ou la courbe de la clé ne convient pas à %1</translation>
    </message>
    <message>
        <source>the %1 signature is %2 bytes; the key&apos;s modulus is %3 bytes</source>
        <translation>la signature %1 fait %2 octets; le module de la clé fait %3 octets</translation>
    </message>
    <message>
        <source>the %1 signature is %2 bytes; it must be R||S of exactly %3 bytes</source>
        <translation>la signature %1 fait %2 octets; ce doit être R||S d’exactement %3 octets</translation>
    </message>
    <message>
        <source>the EdDSA signature is %1 bytes; Ed25519 signatures are 64</source>
        <translation>la signature EdDSA fait %1 octets; les signatures Ed25519 en font 64</translation>
    </message>
    <message>
        <source>OpenSSL could not set up the verification</source>
        <translation>OpenSSL n’a pas pu préparer la vérification</translation>
    </message>
    <message>
        <source>OpenSSL could not set up RSA-PSS</source>
        <translation>OpenSSL n’a pas pu préparer RSA-PSS</translation>
    </message>
    <message>
        <source>the signature does not match the signed data under this key</source>
        <translation>la signature ne correspond pas aux données signées avec cette clé</translation>
    </message>
</context>
<context>
    <name>cmic::jose::StrictJson</name>
    <message>
        <source>it is not a JSON object</source>
        <translation>ce n’est pas un objet JSON</translation>
    </message>
    <message>
        <source>unexpected text after the end of the JSON value</source>
        <translation>texte inattendu après la fin de la valeur JSON</translation>
    </message>
    <message>
        <source>%1 (at byte %2)</source>
        <translation>%1 (à l’octet %2)</translation>
    </message>
    <message>
        <source>invalid literal</source>
        <translation>littéral non valide</translation>
    </message>
    <message>
        <source>the JSON text ends too early</source>
        <translation>le texte JSON se termine trop tôt</translation>
    </message>
    <message>
        <source>unexpected character</source>
        <translation>caractère inattendu</translation>
    </message>
    <message>
        <source>invalid number</source>
        <translation>nombre non valide</translation>
    </message>
    <message>
        <source>truncated \u escape</source>
        <translation>séquence d’échappement \u tronquée</translation>
    </message>
    <message>
        <source>invalid \u escape</source>
        <translation>séquence d’échappement \u non valide</translation>
    </message>
    <message>
        <source>the text is not valid UTF-8</source>
        <translation>le texte n’est pas de l’UTF-8 valide</translation>
    </message>
    <message>
        <source>unterminated string</source>
        <translation>chaîne non terminée</translation>
    </message>
    <message>
        <source>raw control character in a string</source>
        <translation>caractère de contrôle brut dans une chaîne</translation>
    </message>
    <message>
        <source>lone low surrogate escape</source>
        <translation>séquence d’échappement de demi-code bas isolé</translation>
    </message>
    <message>
        <source>lone high surrogate escape</source>
        <translation>séquence d’échappement de demi-code haut isolé</translation>
    </message>
    <message>
        <source>invalid escape sequence</source>
        <translation>séquence d’échappement non valide</translation>
    </message>
    <message>
        <source>JSON nested too deeply</source>
        <translation>JSON imbriqué trop profondément</translation>
    </message>
    <message>
        <source>expected a member name</source>
        <translation>nom de membre attendu</translation>
    </message>
    <message>
        <source>member &quot;%1&quot; appears twice</source>
        <translation>le membre «&#xa0;%1&#xa0;» figure deux fois</translation>
    </message>
    <message>
        <source>expected &apos;:&apos;</source>
        <translation>«&#xa0;:&#xa0;» attendu</translation>
    </message>
    <message>
        <source>expected &apos;,&apos; or &apos;}&apos;</source>
        <translation>«&#xa0;,&#xa0;» ou «&#xa0;}&#xa0;» attendu</translation>
    </message>
    <message>
        <source>expected &apos;,&apos; or &apos;]&apos;</source>
        <translation>«&#xa0;,&#xa0;» ou «&#xa0;]&#xa0;» attendu</translation>
    </message>
    <message>
        <source>it is not a JSON object Qt can read (%1)</source>
        <translation>ce n’est pas un objet JSON que Qt peut lire (%1)</translation>
    </message>
</context>
<context>
    <name>cmic::jose::TokenVerifier</name>
    <message>
        <source>The header has no alg. A signed token must name its algorithm.</source>
        <translation>L’en-tête n’a pas d’alg. Un jeton signé doit nommer son algorithme.</translation>
    </message>
    <message>
        <source>The header&apos;s alg is not a string.</source>
        <translation>L’alg de l’en-tête n’est pas une chaîne.</translation>
    </message>
    <message>
        <source>alg is &quot;%1&quot;: the token is unsigned and anyone could have written it. It is never accepted; request a signed token from the IdP.</source>
        <translation>alg vaut «&#xa0;%1&#xa0;»&#xa0;: le jeton n’est pas signé et n’importe qui aurait pu l’écrire. Il n’est jamais accepté; demandez un jeton signé au fournisseur d’identité.</translation>
    </message>
    <message>
        <source>alg is %1, an HMAC with a shared secret. It is never accepted: with a public JWKS it is the classic key-confusion forgery. Configure the IdP to sign access tokens with RS256, PS256, ES256 or EdDSA.</source>
        <translation>alg vaut %1, un HMAC avec un secret partagé. Il n’est jamais accepté&#xa0;: avec un JWKS public, c’est la falsification classique par confusion de clés. Configurez le fournisseur d’identité pour signer les jetons d’accès avec RS256, PS256, ES256 ou EdDSA.</translation>
    </message>
    <message>
        <source>alg &quot;%1&quot; is not on the allow-list (%2). Configure the IdP to use one of those.</source>
        <translation>alg «&#xa0;%1&#xa0;» ne figure pas sur la liste d’autorisation (%2). Configurez le fournisseur d’identité pour utiliser l’un de ceux-là.</translation>
    </message>
    <message>
        <source>alg %1 is on the allow-list.</source>
        <translation>alg %1 figure sur la liste d’autorisation.</translation>
    </message>
    <message>
        <source>No crit header (no extensions the verifier must understand).</source>
        <translation>Aucun en-tête crit (aucune extension que le vérificateur doit comprendre).</translation>
    </message>
    <message>
        <source>crit lists %1, which the console does not understand; RFC 7515 requires rejecting such a token. Access tokens for CMiC should not use crit.</source>
        <translation>crit liste %1, que la console ne comprend pas; la RFC 7515 exige de rejeter un tel jeton. Les jetons d’accès pour CMiC ne devraient pas utiliser crit.</translation>
    </message>
    <message>
        <source>crit is malformed (it must be a non-empty array of names).</source>
        <translation>crit est mal formé (ce doit être un tableau de noms non vide).</translation>
    </message>
    <message>
        <source>The payload is base64url-encoded (no b64 header).</source>
        <translation>La charge utile est encodée en base64url (pas d’en-tête b64).</translation>
    </message>
    <message>
        <source>b64 is true, which is the default; the header need not carry it.</source>
        <translation>b64 vaut true, la valeur par défaut; l’en-tête n’a pas besoin de le porter.</translation>
    </message>
    <message>
        <source>b64 is %1: an unencoded payload (RFC 7797) is not a JWT and is never accepted.</source>
        <translation>b64 vaut %1&#xa0;: une charge utile non encodée (RFC 7797) n’est pas un JWT et n’est jamais acceptée.</translation>
    </message>
    <message>
        <source>not a boolean</source>
        <translation>pas un booléen</translation>
    </message>
    <message>
        <source>No cty header (not a nested token).</source>
        <translation>Aucun en-tête cty (pas un jeton imbriqué).</translation>
    </message>
    <message>
        <source>cty says the payload is another JWT (a nested token). CMiC expects a plain signed access token; nested tokens are never accepted.</source>
        <translation>cty indique que la charge utile est un autre JWT (un jeton imbriqué). CMiC attend un simple jeton d’accès signé; les jetons imbriqués ne sont jamais acceptés.</translation>
    </message>
    <message>
        <source>cty is &quot;%1&quot;; access tokens normally have none.</source>
        <translation>cty vaut «&#xa0;%1&#xa0;»; les jetons d’accès n’en ont normalement pas.</translation>
    </message>
    <message>
        <source>The header names no key of its own (jwk, jku, x5u, x5c).</source>
        <translation>L’en-tête ne nomme aucune clé à lui (jwk, jku, x5u, x5c).</translation>
    </message>
    <message>
        <source>The header carries %1. It is ignored: a token cannot choose the key it is verified with; only the registered JWKS is used.</source>
        <translation>L’en-tête porte %1. Il est ignoré&#xa0;: un jeton ne peut pas choisir la clé avec laquelle il est vérifié; seul le JWKS enregistré est utilisé.</translation>
    </message>
    <message>
        <source>Not checked: the token could not be split into header, payload and signature.</source>
        <translation>Non vérifié&#xa0;: le jeton n’a pas pu être séparé en en-tête, charge utile et signature.</translation>
    </message>
    <message>
        <source>Not checked: the token could not be read.</source>
        <translation>Non vérifié&#xa0;: le jeton n’a pas pu être lu.</translation>
    </message>
    <message>
        <source>Three base64url parts, %1 bytes.</source>
        <translation>Trois parties base64url, %1 octets.</translation>
    </message>
    <message>
        <source>The header is a JSON object.</source>
        <translation>L’en-tête est un objet JSON.</translation>
    </message>
    <message>
        <source> The token is corrupt or was altered; copy it again.</source>
        <translation> Le jeton est corrompu ou a été modifié; copiez-le de nouveau.</translation>
    </message>
    <message>
        <source>The payload is a JSON claims set.</source>
        <translation>La charge utile est un ensemble de revendications JSON.</translation>
    </message>
    <message>
        <source>No JWKS given, so no key was selected.</source>
        <translation>Aucun JWKS donné; aucune clé n’a donc été sélectionnée.</translation>
    </message>
    <message>
        <source>Not checked: no JWKS given. Pass the registration&apos;s JWKS URI (or a saved copy) to verify the signature.</source>
        <translation>Non vérifié&#xa0;: aucun JWKS donné. Passez l’URI JWKS de l’enregistrement (ou une copie enregistrée) pour vérifier la signature.</translation>
    </message>
    <message numerus="yes">
        <source>The JWKS has %n usable key(s).</source>
        <translation>
            <numerusform>Le JWKS a %n clé utilisable.</numerusform>
            <numerusform>Le JWKS a %n clés utilisables.</numerusform>
        </translation>
    </message>
    <message>
        <source>The JWKS has problems: %1.</source>
        <translation>Le JWKS présente des problèmes&#xa0;: %1.</translation>
    </message>
    <message>
        <source>Not selected: the header or its alg is not acceptable.</source>
        <translation>Non sélectionnée&#xa0;: l’en-tête ou son alg n’est pas acceptable.</translation>
    </message>
    <message>
        <source>The header&apos;s kid is not a string.</source>
        <translation>Le kid de l’en-tête n’est pas une chaîne.</translation>
    </message>
    <message>
        <source>Not checked: no key from the JWKS can verify this token.</source>
        <translation>Non vérifié&#xa0;: aucune clé du JWKS ne peut vérifier ce jeton.</translation>
    </message>
    <message>
        <source>The %1 signature verifies with the %2.</source>
        <translation>La signature %1 se vérifie avec la %2.</translation>
    </message>
    <message>
        <source>The signature is not valid: %1. The token was altered, or it was signed by a key that is not in this JWKS (check the JWKS URI).</source>
        <translation>La signature n’est pas valide&#xa0;: %1. Le jeton a été modifié, ou il a été signé par une clé absente de ce JWKS (vérifiez l’URI JWKS).</translation>
    </message>
    <message>
        <source>Not checked: the payload is not a JSON claims set.</source>
        <translation>Non vérifié&#xa0;: la charge utile n’est pas un ensemble de revendications JSON.</translation>
    </message>
</context>
<context>
    <name>cmic::net</name>
    <message>
        <source>This is a private key, not a certificate. Paste the public certificate (&apos;-----BEGIN CERTIFICATE-----&apos;); the private key goes into the keychain.</source>
        <translation>C’est une clé privée, pas un certificat. Collez le certificat public («&#xa0;-----BEGIN CERTIFICATE-----&#xa0;»); la clé privée va dans le trousseau.</translation>
    </message>
    <message>
        <source>The certificate is not a readable PEM certificate. Paste the whole certificate including the &apos;-----BEGIN CERTIFICATE-----&apos; line.</source>
        <translation>Le certificat n’est pas un certificat PEM lisible. Collez le certificat complet, y compris la ligne «&#xa0;-----BEGIN CERTIFICATE-----&#xa0;».</translation>
    </message>
    <message>
        <source>The file is %1 KiB, too large for a PKCS#12 file with a key and its certificate (at most %2 KiB). Choose the .pfx or .p12 exported for this application.</source>
        <translation>Le fichier fait %1 Kio, trop pour un fichier PKCS#12 avec une clé et son certificat (au plus %2 Kio). Choisissez le .pfx ou le .p12 exporté pour cette application.</translation>
    </message>
    <message>
        <source>The file is empty. Choose the .pfx or .p12 file exported with the private key.</source>
        <translation>Le fichier est vide. Choisissez le fichier .pfx ou .p12 exporté avec la clé privée.</translation>
    </message>
    <message>
        <source>The file is not a readable PKCS#12 file (it may be truncated or damaged, or be PEM or another format). Export the certificate again as .pfx/.p12 with its private key, or import the PEM certificate and key instead.</source>
        <translation>Le fichier n’est pas un fichier PKCS#12 lisible (il est peut-être tronqué ou endommagé, ou en PEM ou dans un autre format). Exportez de nouveau le certificat en .pfx/.p12 avec sa clé privée, ou importez plutôt le certificat et la clé PEM.</translation>
    </message>
    <message>
        <source>The file is protected by a password. Type the password it was exported with.</source>
        <translation>Le fichier est protégé par un mot de passe. Tapez le mot de passe avec lequel il a été exporté.</translation>
    </message>
    <message>
        <source>The password is wrong for this file. Type the password it was exported with (passwords are case-sensitive).</source>
        <translation>Le mot de passe est erroné pour ce fichier. Tapez le mot de passe avec lequel il a été exporté (les mots de passe sont sensibles à la casse).</translation>
    </message>
    <message>
        <source>The file could not be decrypted: it was probably exported with an old cipher (RC2 or 3DES) that this OpenSSL no longer reads, or the password is wrong. Export it again with AES-256 (Windows: &quot;AES256-SHA256&quot;; openssl pkcs12 -export uses it by default).</source>
        <translation>Le fichier n’a pas pu être déchiffré&#xa0;: il a probablement été exporté avec un ancien chiffrement (RC2 ou 3DES) que cet OpenSSL ne lit plus, ou le mot de passe est erroné. Exportez-le de nouveau avec AES-256 (Windows&#xa0;: «&#xa0;AES256-SHA256&#xa0;»; openssl pkcs12 -export l’utilise par défaut).</translation>
    </message>
    <message>
        <source>The file holds no private key, only certificates. Export it again with the private key (Windows: &quot;Yes, export the private key&quot;), or import the PEM private key separately.</source>
        <translation>Le fichier ne contient aucune clé privée, seulement des certificats. Exportez-le de nouveau avec la clé privée (Windows&#xa0;: «&#xa0;Oui, exporter la clé privée&#xa0;»), ou importez la clé privée PEM séparément.</translation>
    </message>
    <message>
        <source>The certificate %1 in the file expired on %2; the IdP refuses assertions for it. Make a new key and certificate, upload the certificate to the IdP and import the new file.</source>
        <translation>Le certificat %1 du fichier a expiré le %2; le fournisseur d’identité refuse les assertions qui s’y rapportent. Créez une nouvelle clé et un nouveau certificat, téléversez le certificat chez le fournisseur d’identité et importez le nouveau fichier.</translation>
    </message>
    <message>
        <source>The private key in the file could not be read. Export it again, or import the PEM private key.</source>
        <translation>La clé privée du fichier n’a pas pu être lue. Exportez-la de nouveau, ou importez la clé privée PEM.</translation>
    </message>
    <message>
        <source>Choose the .pfx or .p12 file exported with the private key.</source>
        <translation>Choisissez le fichier .pfx ou .p12 exporté avec la clé privée.</translation>
    </message>
    <message>
        <source>no answer: CMiC was not reached</source>
        <translation>aucune réponse&#xa0;: CMiC n’a pas été joint</translation>
    </message>
    <message>
        <source>allowed: the service user may read this endpoint</source>
        <translation>autorisé&#xa0;: l’utilisateur de service peut lire ce point de terminaison</translation>
    </message>
    <message>
        <source>request refused as malformed (path or query)</source>
        <translation>requête refusée comme mal formée (chemin ou requête)</translation>
    </message>
    <message>
        <source>token refused: authentication failed</source>
        <translation>jeton refusé&#xa0;: échec de l’authentification</translation>
    </message>
    <message>
        <source>token accepted, access denied: no API Security role grants this endpoint</source>
        <translation>jeton accepté, accès refusé&#xa0;: aucun rôle d’API Security ne donne accès à ce point de terminaison</translation>
    </message>
    <message>
        <source>no such resource at this path</source>
        <translation>aucune ressource à ce chemin</translation>
    </message>
    <message>
        <source>not judged: CMiC Cloud&apos;s rate limit</source>
        <translation>non jugé&#xa0;: limite de débit de CMiC Cloud</translation>
    </message>
    <message>
        <source>CMiC failed: often the application is not registered</source>
        <translation>échec de CMiC&#xa0;: souvent, l’application n’est pas enregistrée</translation>
    </message>
    <message>
        <source>allowed</source>
        <translation>autorisé</translation>
    </message>
    <message>
        <source>HTTP %1: see the findings</source>
        <translation>HTTP %1&#xa0;: voir les constats</translation>
    </message>
    <message>
        <source>CMiC support reference (X-ORACLE-DMS-ECID): %1.</source>
        <translation>Référence pour le soutien de CMiC (X-ORACLE-DMS-ECID)&#xa0;: %1.</translation>
    </message>
    <message>
        <source>CMiC answered 200, but not with an ADF collection (no &quot;items&quot;).</source>
        <translation>CMiC a répondu 200, mais pas avec une collection ADF (pas d’«&#xa0;items&#xa0;»).</translation>
    </message>
    <message>
        <source>Check that the probe path is a collection resource, e.g. /sys-rest-api/rest/1/sdcompanyaccess.</source>
        <translation>Vérifiez que le chemin de sonde est une ressource de collection, p. ex. /sys-rest-api/rest/1/sdcompanyaccess.</translation>
    </message>
    <message>
        <source>, more available</source>
        <translation>, d’autres sont disponibles</translation>
    </message>
    <message>
        <source>CMiC refused the token (HTTP 401)%1.</source>
        <translation>CMiC a refusé le jeton (HTTP 401)%1.</translation>
    </message>
    <message>
        <source>Run the token checks (signature, claims, ipaddr) in the validation; the hints list what CMiC checks.</source>
        <translation>Exécutez les vérifications du jeton (signature, revendications, ipaddr) dans la validation; les indices listent ce que CMiC vérifie.</translation>
    </message>
    <message>
        <source>The token may have expired (nbf/exp outside CMiC&apos;s clock).</source>
        <translation>Le jeton a peut-être expiré (nbf/exp hors de l’horloge de CMiC).</translation>
    </message>
    <message>
        <source>Fetch a fresh token; compare the server&apos;s Date header with the token&apos;s exp.</source>
        <translation>Obtenez un nouveau jeton; comparez l’en-tête Date du serveur avec l’exp du jeton.</translation>
    </message>
    <message>
        <source>The signature may not verify against the registered JWKS URI.</source>
        <translation>La signature ne se vérifie peut-être pas selon l’URI JWKS enregistré.</translation>
    </message>
    <message>
        <source>Check that the JWKS URI registered in CMiC is the IdP&apos;s and holds the token&apos;s kid.</source>
        <translation>Vérifiez que l’URI JWKS enregistré dans CMiC est celui du fournisseur d’identité et qu’il contient le kid du jeton.</translation>
    </message>
    <message>
        <source>The IP check may have failed: the token&apos;s ipaddr claim must equal your address as CMiC sees it (through X-Forwarded-For).</source>
        <translation>La vérification IP a peut-être échoué&#xa0;: la revendication ipaddr du jeton doit être égale à votre adresse telle que CMiC la voit (par X-Forwarded-For).</translation>
    </message>
    <message>
        <source>Call from the address the IdP saw, avoid VPNs/proxies between the two, or ask for cmic.oauth2.ipcheck.enabled=false.</source>
        <translation>Appelez depuis l’adresse que le fournisseur d’identité a vue, évitez les RPV et serveurs mandataires entre les deux, ou demandez cmic.oauth2.ipcheck.enabled=false.</translation>
    </message>
    <message>
        <source>A required claim may be missing (sub, exp, aud, iss or the service-user claim).</source>
        <translation>Une revendication exigée manque peut-être (sub, exp, aud, iss ou la revendication de l’utilisateur de service).</translation>
    </message>
    <message>
        <source>Decode the token and compare its claims with the registration; add the cmicuser claim in the IdP.</source>
        <translation>Décodez le jeton et comparez ses revendications avec l’enregistrement; ajoutez la revendication cmicuser chez le fournisseur d’identité.</translation>
    </message>
    <message>
        <source>The service user named by the token may not exist or not be valid in CMiC.</source>
        <translation>L’utilisateur de service nommé par le jeton n’existe peut-être pas ou n’est pas valide dans CMiC.</translation>
    </message>
    <message>
        <source>Check the claim value against the CMiC username (Cloud: tenant||username or the e-mail username), and that the user is active.</source>
        <translation>Comparez la valeur de la revendication avec le nom d’utilisateur CMiC (Cloud&#xa0;: locataire||nom_utilisateur ou le nom d’utilisateur courriel), et vérifiez que l’utilisateur est actif.</translation>
    </message>
    <message>
        <source>CMiC may not have received the Authorization header.</source>
        <translation>CMiC n’a peut-être pas reçu l’en-tête Authorization.</translation>
    </message>
    <message>
        <source>Check that no proxy strips the Authorization header.</source>
        <translation>Vérifiez qu’aucun serveur mandataire ne retire l’en-tête Authorization.</translation>
    </message>
    <message>
        <source>CMiC authenticated the token but refused access to %1 (HTTP 403).</source>
        <translation>CMiC a authentifié le jeton, mais a refusé l’accès à %1 (HTTP 403).</translation>
    </message>
    <message>
        <source>In CMiC API Security, grant this endpoint and the GET method to a role, and give that role to the service user.</source>
        <translation>Dans CMiC API Security, accordez ce point de terminaison et la méthode GET à un rôle, et donnez ce rôle à l’utilisateur de service.</translation>
    </message>
    <message>
        <source>Likely an API Security role denial: once any role exists, a service user with no role reaches no endpoint (the status code for this is not documented; 403 is a guess).</source>
        <translation>Probablement un refus par rôle d’API Security&#xa0;: dès qu’un rôle existe, un utilisateur de service sans rôle n’atteint aucun point de terminaison (le code d’état n’est pas documenté; 403 est une supposition).</translation>
    </message>
    <message>
        <source>Check the service user&apos;s roles in API Security.</source>
        <translation>Vérifiez les rôles de l’utilisateur de service dans API Security.</translation>
    </message>
    <message>
        <source> (error reference %1)</source>
        <translation> (référence d’erreur %1)</translation>
    </message>
    <message>
        <source>CMiC failed while processing the token (HTTP 500)%1.</source>
        <translation>CMiC a échoué pendant le traitement du jeton (HTTP 500)%1.</translation>
    </message>
    <message>
        <source>Ask the CMiC administrator to look the reference up in the server log (logger cmic.oauth2.filter at level FINE).</source>
        <translation>Demandez à l’administrateur CMiC de chercher la référence dans le journal du serveur (journaliseur cmic.oauth2.filter au niveau FINE).</translation>
    </message>
    <message>
        <source>Most often: the application is not registered — no API Security registration has this token&apos;s Issuer (exact string) and App ID.</source>
        <translation>Le plus souvent&#xa0;: l’application n’est pas enregistrée — aucun enregistrement d’API Security n’a l’émetteur (chaîne exacte) et l’App ID de ce jeton.</translation>
    </message>
    <message>
        <source>Compare the token&apos;s iss and app id claim with the registration in CMiC API Security.</source>
        <translation>Comparez l’iss et la revendication d’App ID du jeton avec l’enregistrement dans CMiC API Security.</translation>
    </message>
    <message>
        <source>Or CMiC could not load the JWKS URI (network, proxy or TLS trust on the CMiC server).</source>
        <translation>Ou CMiC n’a pas pu charger l’URI JWKS (réseau, serveur mandataire ou confiance TLS sur le serveur CMiC).</translation>
    </message>
    <message>
        <source>Check that the CMiC server can reach the JWKS URI and trusts its certificate.</source>
        <translation>Vérifiez que le serveur CMiC peut joindre l’URI JWKS et fait confiance à son certificat.</translation>
    </message>
    <message>
        <source>CMiC answered 429 Too Many Requests at %1: more requests came from this address than CMiC Cloud allows (5 at a time, 15 per second). This says nothing about the token: CMiC did not judge it.</source>
        <translation>CMiC a répondu 429 Too Many Requests à %1&#xa0;: plus de requêtes sont venues de cette adresse que CMiC Cloud n’en permet (5 à la fois, 15 par seconde). Cela ne dit rien du jeton&#xa0;: CMiC ne l’a pas jugé.</translation>
    </message>
    <message>
        <source>Run the validation again in a few seconds, when other integrations calling from this address are quiet; CMiC sends no Retry-After.</source>
        <translation>Relancez la validation dans quelques secondes, quand les autres intégrations qui appellent depuis cette adresse sont au repos; CMiC n’envoie pas de Retry-After.</translation>
    </message>
    <message>
        <source>CMiC rejected the probe request as malformed (HTTP 400).</source>
        <translation>CMiC a rejeté la requête de sonde comme mal formée (HTTP 400).</translation>
    </message>
    <message>
        <source>Check the probe path and query; since Patch 22 a limit above 1000 answers 400.</source>
        <translation>Vérifiez le chemin et la requête de la sonde; depuis le Patch 22, une limite supérieure à 1000 répond 400.</translation>
    </message>
    <message>
        <source>CMiC has no resource at %1 (HTTP 404).</source>
        <translation>CMiC n’a aucune ressource à %1 (HTTP 404).</translation>
    </message>
    <message>
        <source>Check the API base URL (environment) and the probe path, e.g. /sys-rest-api/rest/1/sdcompanyaccess.</source>
        <translation>Vérifiez l’URL de base de l’API (environnement) et le chemin de sonde, p. ex. /sys-rest-api/rest/1/sdcompanyaccess.</translation>
    </message>
    <message>
        <source>CMiC answered HTTP %1 at %2.</source>
        <translation>CMiC a répondu HTTP %1 à %2.</translation>
    </message>
    <message>
        <source>See the exchange details for the server&apos;s message.</source>
        <translation>Voir les détails de l’échange pour le message du serveur.</translation>
    </message>
    <message>
        <source>Correct the address in the registration or environment.</source>
        <translation>Corrigez l’adresse dans l’enregistrement ou l’environnement.</translation>
    </message>
    <message>
        <source>%1 refused the connection: nothing listens on that port.</source>
        <translation>%1 a refusé la connexion&#xa0;: rien n’écoute sur ce port.</translation>
    </message>
    <message>
        <source>Check the host and port in the URL, and that the server is running and reachable from this computer.</source>
        <translation>Vérifiez l’hôte et le port dans l’URL, et que le serveur est en marche et joignable depuis cet ordinateur.</translation>
    </message>
    <message>
        <source>The host name %1 could not be resolved.</source>
        <translation>Le nom d’hôte %1 n’a pas pu être résolu.</translation>
    </message>
    <message>
        <source>Check the spelling of the host name, your DNS settings, and whether you need a VPN or proxy to reach it.</source>
        <translation>Vérifiez l’orthographe du nom d’hôte, vos paramètres DNS, et si vous avez besoin d’un RPV ou d’un serveur mandataire pour le joindre.</translation>
    </message>
    <message>
        <source>%1 did not answer in time.</source>
        <translation>%1 n’a pas répondu à temps.</translation>
    </message>
    <message>
        <source>The TLS certificate of %1 was issued by a certificate authority this computer does not trust (%2).</source>
        <translation>Le certificat TLS de %1 a été émis par une autorité de certification à laquelle cet ordinateur ne fait pas confiance (%2).</translation>
    </message>
    <message>
        <source>The TLS certificate of %1 has expired or is not yet valid (%2).</source>
        <translation>Le certificat TLS de %1 a expiré ou n’est pas encore valide (%2).</translation>
    </message>
    <message>
        <source>Ask the server&apos;s owner to renew the certificate; also check this computer&apos;s date and time.</source>
        <translation>Demandez au responsable du serveur de renouveler le certificat; vérifiez aussi la date et l’heure de cet ordinateur.</translation>
    </message>
    <message>
        <source>The TLS certificate presented by %1 is for a different host name (%2).</source>
        <translation>Le certificat TLS présenté par %1 est pour un autre nom d’hôte (%2).</translation>
    </message>
    <message>
        <source>Use the host name the certificate was issued for, or have the certificate reissued to include %1.</source>
        <translation>Utilisez le nom d’hôte pour lequel le certificat a été émis, ou faites réémettre le certificat pour inclure %1.</translation>
    </message>
    <message>
        <source>The TLS connection to %1 failed: %2.</source>
        <translation>La connexion TLS à %1 a échoué&#xa0;: %2.</translation>
    </message>
    <message>
        <source>Check that the server supports TLS 1.2 or later and presents a valid certificate chain.</source>
        <translation>Vérifiez que le serveur prend en charge TLS 1.2 ou plus récent et présente une chaîne de certificats valide.</translation>
    </message>
    <message>
        <source>The proxy failed while connecting to %1: %2.</source>
        <translation>Le serveur mandataire a échoué lors de la connexion à %1&#xa0;: %2.</translation>
    </message>
    <message>
        <source>The request to %1 failed: %2.</source>
        <translation>La requête vers %1 a échoué&#xa0;: %2.</translation>
    </message>
    <message>
        <source>Check the network connection and the URL, then try again.</source>
        <translation>Vérifiez la connexion réseau et l’URL, puis réessayez.</translation>
    </message>
    <message>
        <source>%1 answered HTTP %2.</source>
        <translation>%1 a répondu HTTP %2.</translation>
    </message>
    <message>
        <source>See the response in the exchange details for the server&apos;s reason.</source>
        <translation>Voir la réponse dans les détails de l’échange pour la raison donnée par le serveur.</translation>
    </message>
    <message>
        <source>The answer from %1 is larger than the allowed size (%2).</source>
        <translation>La réponse de %1 dépasse la taille permise (%2).</translation>
    </message>
    <message>
        <source>Check that the URL points at the intended endpoint (not a file download or a portal page).</source>
        <translation>Vérifiez que l’URL pointe vers le point de terminaison voulu (pas un téléchargement de fichier ni une page de portail).</translation>
    </message>
    <message>
        <source>The answer from %1 was cut short: the connection ended before the whole body arrived (%2).</source>
        <translation>La réponse de %1 a été tronquée&#xa0;: la connexion s’est terminée avant l’arrivée du corps complet (%2).</translation>
    </message>
    <message>
        <source>Try again; if it keeps happening, a proxy, firewall or load balancer between this computer and the server is dropping the connection.</source>
        <translation>Réessayez; si cela se reproduit, un serveur mandataire, un pare-feu ou un répartiteur de charge entre cet ordinateur et le serveur coupe la connexion.</translation>
    </message>
    <message>
        <source>%1 did not answer in HTTP the console can read: %2.</source>
        <translation>%1 n’a pas répondu dans un HTTP que la console peut lire&#xa0;: %2.</translation>
    </message>
    <message>
        <source>Check that the URL points at an https API endpoint (not another service on that port); if it does, a proxy or load balancer in between may be damaging the answers.</source>
        <translation>Vérifiez que l’URL pointe vers un point de terminaison d’API https (et non un autre service sur ce port); si c’est le cas, un serveur mandataire ou un répartiteur de charge intermédiaire endommage peut-être les réponses.</translation>
    </message>
    <message>
        <source>The answer from %1 could not be decoded (%2).</source>
        <translation>La réponse de %1 n’a pas pu être décodée (%2).</translation>
    </message>
    <message>
        <source>The server (or a proxy) sent a compressed or encoded body that is broken; check the proxy settings, or ask the server&apos;s owner.</source>
        <translation>Le serveur (ou un serveur mandataire) a envoyé un corps compressé ou encodé défectueux; vérifiez les paramètres de serveur mandataire, ou adressez-vous au responsable du serveur.</translation>
    </message>
    <message>
        <source>%1 redirected to %2, which is not https.</source>
        <translation>%1 a redirigé vers %2, qui n’est pas en https.</translation>
    </message>
    <message>
        <source>Use the final https address directly; redirects to plain http are never followed.</source>
        <translation>Utilisez directement l’adresse https finale; les redirections vers du http simple ne sont jamais suivies.</translation>
    </message>
    <message>
        <source>%1 redirected too many times.</source>
        <translation>%1 a redirigé trop de fois.</translation>
    </message>
    <message>
        <source>Use the final address directly, or check for a redirect loop on the server or proxy.</source>
        <translation>Utilisez directement l’adresse finale, ou cherchez une boucle de redirection sur le serveur ou le serveur mandataire.</translation>
    </message>
    <message>
        <source>%1 answered with a redirect to %2; this request is never redirected.</source>
        <translation>%1 a répondu par une redirection vers %2; cette requête n’est jamais redirigée.</translation>
    </message>
    <message>
        <source>Enter the final address (the redirect target, if you trust it) as the endpoint.</source>
        <translation>Saisissez l’adresse finale (la cible de la redirection, si vous lui faites confiance) comme point de terminaison.</translation>
    </message>
    <message>
        <source>%1 did not answer with valid JSON (%2).</source>
        <translation>%1 n’a pas répondu avec du JSON valide (%2).</translation>
    </message>
    <message>
        <source>Check that the URL points at the right endpoint; the exchange details show what came back.</source>
        <translation>Vérifiez que l’URL pointe vers le bon point de terminaison; les détails de l’échange montrent ce qui est revenu.</translation>
    </message>
    <message>
        <source>%1 answered with an HTML page instead of JSON.</source>
        <translation>%1 a répondu avec une page HTML au lieu de JSON.</translation>
    </message>
    <message>
        <source>This is usually a proxy login page, a portal or a wrong URL; open the exchange details to see the page, and check the URL and proxy settings.</source>
        <translation>C’est habituellement une page de connexion de serveur mandataire, un portail ou une mauvaise URL; ouvrez les détails de l’échange pour voir la page, et vérifiez l’URL et les paramètres de serveur mandataire.</translation>
    </message>
    <message>
        <source>The request to %1 was cancelled.</source>
        <translation>La requête vers %1 a été annulée.</translation>
    </message>
    <message>
        <source>Run the check again when you are ready.</source>
        <translation>Relancez la vérification quand vous serez prêt.</translation>
    </message>
    <message>
        <source>empty body</source>
        <translation>corps vide</translation>
    </message>
    <message>
        <source>The CA bundle holds no PEM certificate. Export your organisation&apos;s root CA as Base-64 (PEM) and choose that file.</source>
        <translation>Le lot d’AC ne contient aucun certificat PEM. Exportez l’AC racine de votre organisation en Base-64 (PEM) et choisissez ce fichier.</translation>
    </message>
    <message>
        <source>The proxy URL &apos;%1&apos; is not usable. Enter it as http://host:port, e.g. http://proxy:3128.</source>
        <translation>L’URL de serveur mandataire «&#xa0;%1&#xa0;» est inutilisable. Saisissez-la sous la forme http://hote:port, p. ex. http://proxy:3128.</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not a valid URL. Enter a full address such as https://login.example.com/...</source>
        <translation>«&#xa0;%1&#xa0;» n’est pas une URL valide. Saisissez une adresse complète comme https://login.example.com/...</translation>
    </message>
    <message>
        <source>%1 does not use https. Only https is allowed (plain http only on this computer&apos;s loopback address); use the https address.</source>
        <translation>%1 n’utilise pas https. Seul https est permis (le http simple seulement sur l’adresse de bouclage de cet ordinateur); utilisez l’adresse https.</translation>
    </message>
    <message>
        <source>more than %1 sent for one answer, framing included</source>
        <translation>plus de %1 envoyés pour une seule réponse, encadrement compris</translation>
    </message>
    <message>
        <source>the connection was closed without an answer</source>
        <translation>la connexion a été fermée sans réponse</translation>
    </message>
    <message>
        <source>the connection ended inside the headers</source>
        <translation>la connexion s’est terminée au milieu des en-têtes</translation>
    </message>
    <message>
        <source>%1 of the %2 announced arrived</source>
        <translation>%1 sur les %2 annoncés sont arrivés</translation>
    </message>
    <message>
        <source>the connection ended before the last chunk</source>
        <translation>la connexion s’est terminée avant le dernier bloc</translation>
    </message>
    <message>
        <source>a header line longer than %1</source>
        <translation>une ligne d’en-tête de plus de %1</translation>
    </message>
    <message>
        <source>headers larger than %1</source>
        <translation>des en-têtes de plus de %1</translation>
    </message>
    <message>
        <source>the server switched to another protocol</source>
        <translation>le serveur est passé à un autre protocole</translation>
    </message>
    <message>
        <source>more than %1 interim (1xx) answers before the answer</source>
        <translation>plus de %1 réponses intermédiaires (1xx) avant la réponse</translation>
    </message>
    <message>
        <source>the answer is not HTTP/1.x (it starts with &quot;%1&quot;)</source>
        <translation>la réponse n’est pas en HTTP/1.x (elle commence par «&#xa0;%1&#xa0;»)</translation>
    </message>
    <message>
        <source>a folded header line with no header before it</source>
        <translation>une ligne d’en-tête repliée sans en-tête qui la précède</translation>
    </message>
    <message>
        <source>a header line that is not &quot;Name: value&quot; (&quot;%1&quot;)</source>
        <translation>une ligne d’en-tête qui n’est pas «&#xa0;Nom: valeur&#xa0;» («&#xa0;%1&#xa0;»)</translation>
    </message>
    <message>
        <source>more than %1 header fields</source>
        <translation>plus de %1 champs d’en-tête</translation>
    </message>
    <message>
        <source>it is encoded more than once (%1)</source>
        <translation>elle est encodée plus d’une fois (%1)</translation>
    </message>
    <message>
        <source>it is encoded as &quot;%1&quot;, which this console does not read and did not ask for</source>
        <translation>elle est encodée en «&#xa0;%1&#xa0;», ce que cette console ne lit pas et n’a pas demandé</translation>
    </message>
    <message>
        <source>the decompressor could not start</source>
        <translation>le décompresseur n’a pas pu démarrer</translation>
    </message>
    <message>
        <source>its transfer coding &quot;%1&quot; is not supported</source>
        <translation>son codage de transfert «&#xa0;%1&#xa0;» n’est pas pris en charge</translation>
    </message>
    <message>
        <source>its Content-Length is not one number (&quot;%1&quot;)</source>
        <translation>son Content-Length n’est pas un seul nombre («&#xa0;%1&#xa0;»)</translation>
    </message>
    <message>
        <source>%1 announced, more than %2</source>
        <translation>%1 annoncés, plus de %2</translation>
    </message>
    <message>
        <source>a chunk size that is not a number (&quot;%1&quot;)</source>
        <translation>une taille de bloc qui n’est pas un nombre («&#xa0;%1&#xa0;»)</translation>
    </message>
    <message>
        <source>a chunk longer than its announced size</source>
        <translation>un bloc plus long que sa taille annoncée</translation>
    </message>
    <message>
        <source>a body larger than %1</source>
        <translation>un corps de plus de %1</translation>
    </message>
    <message>
        <source>its compressed body is damaged (%1)</source>
        <translation>son corps compressé est endommagé (%1)</translation>
    </message>
    <message>
        <source>its compressed body ended early</source>
        <translation>son corps compressé s’est terminé trop tôt</translation>
    </message>
    <message>
        <source>The token was signed with key &quot;%1&quot;, which the JWKS does not contain (it has: %2).</source>
        <translation>Le jeton a été signé avec la clé «&#xa0;%1&#xa0;», que le JWKS ne contient pas (il contient&#xa0;: %2).</translation>
    </message>
    <message>
        <source>Check that the registration&apos;s JWKS URI belongs to the IdP that issued the token; if the IdP just rotated its keys, try again in a minute.</source>
        <translation>Vérifiez que l’URI JWKS de l’enregistrement appartient au fournisseur d’identité qui a émis le jeton; si celui-ci vient de renouveler ses clés, réessayez dans une minute.</translation>
    </message>
    <message>
        <source>%1 did not return a JWK Set (a JSON object with &quot;keys&quot;).</source>
        <translation>%1 n’a pas renvoyé de JWK Set (un objet JSON avec «&#xa0;keys&#xa0;»).</translation>
    </message>
    <message>
        <source>Check the JWKS URI; it must point at the IdP&apos;s public keys document, not at discovery or a web page.</source>
        <translation>Vérifiez l’URI JWKS; il doit pointer vers le document des clés publiques du fournisseur d’identité, pas vers la découverte ni une page Web.</translation>
    </message>
    <message>
        <source>The private key is encrypted with a pass phrase, which the console cannot use. Decrypt it first (openssl pkey -in key.pem -out key-decrypted.pem); the keychain protects it.</source>
        <translation>La clé privée est chiffrée avec une phrase de passe, que la console ne peut pas utiliser. Déchiffrez-la d’abord (openssl pkey -in key.pem -out key-decrypted.pem); le trousseau la protège.</translation>
    </message>
    <message>
        <source>The private key is not a readable PEM private key. Paste the whole key including the &apos;-----BEGIN PRIVATE KEY-----&apos; line; encrypted keys must be decrypted first.</source>
        <translation>La clé privée n’est pas une clé privée PEM lisible. Collez la clé complète, y compris la ligne «&#xa0;-----BEGIN PRIVATE KEY-----&#xa0;»; les clés chiffrées doivent d’abord être déchiffrées.</translation>
    </message>
    <message>
        <source>Only RSA and P-256 EC private keys can sign client assertions; generate one of those.</source>
        <translation>Seules les clés privées RSA et EC P-256 peuvent signer des assertions client; générez-en une de ce type.</translation>
    </message>
    <message>
        <source>This EC key is on curve %1; client assertions are signed with ES256, which needs a P-256 (prime256v1) key. Generate one: openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256</source>
        <translation>Cette clé EC est sur la courbe %1; les assertions client sont signées avec ES256, qui exige une clé P-256 (prime256v1). Générez-en une&#xa0;: openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256</translation>
    </message>
    <message>
        <source>This RSA key has %1 bits; identity providers refuse assertions signed with fewer than 2048. Generate a 2048-bit (or larger) key.</source>
        <translation>Cette clé RSA a %1 bits; les fournisseurs d’identité refusent les assertions signées avec moins de 2048. Générez une clé de 2048 bits (ou plus).</translation>
    </message>
    <message>
        <source>The key cannot sign with %1; use %2.</source>
        <translation>La clé ne peut pas signer avec %1; utilisez %2.</translation>
    </message>
    <message>
        <source>Signing failed: %1.</source>
        <translation>Échec de la signature&#xa0;: %1.</translation>
    </message>
    <message>
        <source>There is no OpenID configuration at %1 (HTTP 404).</source>
        <translation>Il n’y a aucune configuration OpenID à %1 (HTTP 404).</translation>
    </message>
    <message>
        <source>Check the issuer URL; some IdPs publish discovery only for a tenant- or realm-specific issuer. You can also enter the token endpoint and JWKS URI by hand.</source>
        <translation>Vérifiez l’URL de l’émetteur; certains fournisseurs d’identité ne publient la découverte que pour un émetteur propre à un locataire ou à un domaine (realm). Vous pouvez aussi saisir à la main le point de terminaison du jeton et l’URI JWKS.</translation>
    </message>
    <message>
        <source>The document at %1 is not an OpenID configuration (no &quot;issuer&quot;).</source>
        <translation>Le document à %1 n’est pas une configuration OpenID (pas d’«&#xa0;issuer&#xa0;»).</translation>
    </message>
    <message>
        <source>Check the discovery URL; it normally ends in /.well-known/openid-configuration below the issuer.</source>
        <translation>Vérifiez l’URL de découverte; elle se termine normalement par /.well-known/openid-configuration sous l’émetteur.</translation>
    </message>
    <message>
        <source>The OpenID configuration names no token_endpoint.</source>
        <translation>La configuration OpenID ne nomme aucun token_endpoint.</translation>
    </message>
    <message>
        <source>Enter the token endpoint by hand in the registration.</source>
        <translation>Saisissez à la main le point de terminaison du jeton dans l’enregistrement.</translation>
    </message>
    <message>
        <source>The OpenID configuration names no jwks_uri.</source>
        <translation>La configuration OpenID ne nomme aucun jwks_uri.</translation>
    </message>
    <message>
        <source>Enter the JWKS URI by hand; CMiC needs it to check signatures.</source>
        <translation>Saisissez l’URI JWKS à la main; CMiC en a besoin pour vérifier les signatures.</translation>
    </message>
    <message>
        <source>Register exactly &quot;%1&quot; as the Issuer in CMiC API Security and in the workspace; CMiC compares the string exactly, trailing slash included.</source>
        <translation>Enregistrez exactement «&#xa0;%1&#xa0;» comme émetteur dans CMiC API Security et dans l’espace de travail; CMiC compare la chaîne exactement, barre oblique finale comprise.</translation>
    </message>
    <message>
        <source>For Microsoft Entra access tokens the issuer is usually the v1 form https://sts.windows.net/{tenant}/ even when discovery is v2; decode a token to see which one it carries.</source>
        <translation>Pour les jetons d’accès Microsoft Entra, l’émetteur est habituellement la forme v1 https://sts.windows.net/{tenant}/ même quand la découverte est en v2; décodez un jeton pour voir lequel il porte.</translation>
    </message>
    <message>
        <source>The IdP&apos;s discovery says issuer &quot;%1&quot;, but the registration has &quot;%2&quot;.</source>
        <translation>La découverte du fournisseur d’identité indique l’émetteur «&#xa0;%1&#xa0;», mais l’enregistrement a «&#xa0;%2&#xa0;».</translation>
    </message>
    <message>
        <source>The IdP publishes its keys at %1, but the registration names %2.</source>
        <translation>Le fournisseur d’identité publie ses clés à %1, mais l’enregistrement nomme %2.</translation>
    </message>
    <message>
        <source>Use the IdP&apos;s jwks_uri as the JWKS URI in CMiC API Security, unless you know the other address serves the same keys.</source>
        <translation>Utilisez le jwks_uri du fournisseur d’identité comme URI JWKS dans CMiC API Security, à moins de savoir que l’autre adresse sert les mêmes clés.</translation>
    </message>
    <message>
        <source>Microsoft Entra rejected the client secret (AADSTS7000215).</source>
        <translation>Microsoft Entra a rejeté le secret client (AADSTS7000215).</translation>
    </message>
    <message>
        <source>Paste the secret&apos;s Value (not its Secret ID) from Certificates &amp; secrets into the keychain entry.</source>
        <translation>Collez la Value du secret (pas son Secret ID) depuis Certificates &amp; secrets dans l’entrée du trousseau.</translation>
    </message>
    <message>
        <source>The client secret has expired (AADSTS7000222).</source>
        <translation>Le secret client a expiré (AADSTS7000222).</translation>
    </message>
    <message>
        <source>Create a new client secret in the app registration and store it in the keychain; note its expiry in the registration.</source>
        <translation>Créez un nouveau secret client dans l’inscription d’application et enregistrez-le dans le trousseau; notez son expiration dans l’enregistrement.</translation>
    </message>
    <message>
        <source>Microsoft Entra does not know this client id in the tenant (AADSTS700016).</source>
        <translation>Microsoft Entra ne connaît pas cet identifiant client dans le locataire (AADSTS700016).</translation>
    </message>
    <message>
        <source>Check the Application (client) ID and the tenant in the token endpoint.</source>
        <translation>Vérifiez l’Application (client) ID et le locataire dans le point de terminaison du jeton.</translation>
    </message>
    <message>
        <source>The tenant in the token endpoint does not exist (AADSTS90002).</source>
        <translation>Le locataire du point de terminaison du jeton n’existe pas (AADSTS90002).</translation>
    </message>
    <message>
        <source>Use the Directory (tenant) ID from the app registration&apos;s overview page.</source>
        <translation>Utilisez le Directory (tenant) ID de la page de vue d’ensemble de l’inscription d’application.</translation>
    </message>
    <message>
        <source>The scope is not valid for client credentials (AADSTS70011).</source>
        <translation>La portée n’est pas valide pour les identifiants client (AADSTS70011).</translation>
    </message>
    <message>
        <source>Use the Application ID URI followed by /.default, e.g. api://&lt;app-id&gt;/.default.</source>
        <translation>Utilisez l’Application ID URI suivi de /.default, p. ex. api://&lt;app-id&gt;/.default.</translation>
    </message>
    <message>
        <source>Client-credentials scopes must end in /.default (AADSTS1002012).</source>
        <translation>Les portées des identifiants client doivent se terminer par /.default (AADSTS1002012).</translation>
    </message>
    <message>
        <source>The resource named in the scope was not found in the tenant (AADSTS500011).</source>
        <translation>La ressource nommée dans la portée est introuvable dans le locataire (AADSTS500011).</translation>
    </message>
    <message>
        <source>Check the Application ID URI in the scope; the API&apos;s app registration must exist in this tenant.</source>
        <translation>Vérifiez l’Application ID URI dans la portée; l’inscription d’application de l’API doit exister dans ce locataire.</translation>
    </message>
    <message>
        <source>Claims mapping (the cmicuser claim) needs acceptMappedClaims (AADSTS501461).</source>
        <translation>Le mappage des revendications (la revendication cmicuser) exige acceptMappedClaims (AADSTS501461).</translation>
    </message>
    <message>
        <source>Set &quot;acceptMappedClaims&quot;: true in the API app&apos;s manifest, and give it an Application ID URI on a verified domain.</source>
        <translation>Réglez &quot;acceptMappedClaims&quot;: true dans le manifeste de l’application de l’API, et donnez-lui un Application ID URI sur un domaine vérifié.</translation>
    </message>
    <message>
        <source>The application needs an app-specific signing key or acceptMappedClaims to emit mapped claims (AADSTS50146).</source>
        <translation>L’application a besoin d’une clé de signature propre à l’application ou d’acceptMappedClaims pour émettre des revendications mappées (AADSTS50146).</translation>
    </message>
    <message>
        <source>Set &quot;acceptMappedClaims&quot;: true in the API app&apos;s manifest and use an Application ID URI on a verified domain.</source>
        <translation>Réglez &quot;acceptMappedClaims&quot;: true dans le manifeste de l’application de l’API et utilisez un Application ID URI sur un domaine vérifié.</translation>
    </message>
    <message>
        <source>The client assertion is outside its valid time range (AADSTS700024).</source>
        <translation>L’assertion client est hors de sa plage de validité (AADSTS700024).</translation>
    </message>
    <message>
        <source>Check this computer&apos;s clock; the assertion is valid for five minutes from now.</source>
        <translation>Vérifiez l’horloge de cet ordinateur; l’assertion est valide pendant cinq minutes à partir de maintenant.</translation>
    </message>
    <message>
        <source>The console sent client_secret_basic (id and secret form-encoded, RFC 6749 §2.3.1). If the IdP expects the secret in the body, switch the registration to client_secret_post.</source>
        <translation>La console a envoyé client_secret_basic (identifiant et secret encodés en formulaire, RFC 6749 §2.3.1). Si le fournisseur d’identité attend le secret dans le corps, passez l’enregistrement à client_secret_post.</translation>
    </message>
    <message>
        <source>The console sent client_secret_post. If the IdP expects HTTP Basic, switch the registration to client_secret_basic.</source>
        <translation>La console a envoyé client_secret_post. Si le fournisseur d’identité attend HTTP Basic, passez l’enregistrement à client_secret_basic.</translation>
    </message>
    <message>
        <source>no kid</source>
        <translation>aucun kid</translation>
    </message>
    <message>
        <source>kid &quot;%1&quot;</source>
        <translation>kid «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>The console sent a private_key_jwt assertion (%1).</source>
        <translation>La console a envoyé une assertion private_key_jwt (%1).</translation>
    </message>
    <message>
        <source>The console sent a private_key_jwt assertion signed %1 (%2).</source>
        <translation>La console a envoyé une assertion private_key_jwt signée %1 (%2).</translation>
    </message>
    <message>
        <source>Check that the IdP holds the matching public key (and kid) for this client, and that the client&apos;s signing algorithm (token_endpoint_auth_signing_alg) is the one sent: if it is not, set the registration&apos;s assertion algorithm to it</source>
        <translation>Vérifiez que le fournisseur d’identité détient la clé publique (et le kid) correspondante pour ce client, et que l’algorithme de signature du client (token_endpoint_auth_signing_alg) est celui qui a été envoyé&#xa0;: sinon, réglez l’algorithme d’assertion de l’enregistrement à celui-là</translation>
    </message>
    <message>
        <source>(the IdP also takes %1).</source>
        <translation>(le fournisseur d’identité accepte aussi %1).</translation>
    </message>
    <message>
        <source>Microsoft Entra found no certificate registered on the application for the client assertion&apos;s header (AADSTS%1).</source>
        <translation>Microsoft Entra n’a trouvé aucun certificat inscrit dans l’application pour l’en-tête de l’assertion client (AADSTS%1).</translation>
    </message>
    <message>
        <source>Microsoft Entra did not accept the client assertion&apos;s header (AADSTS%1).</source>
        <translation>Microsoft Entra n’a pas accepté l’en-tête de l’assertion client (AADSTS%1).</translation>
    </message>
    <message>
        <source>The assertion carried no certificate thumbprint. Import the certificate uploaded to the app registration (Certificates &amp; secrets) and set the thumbprint to x5t#S256 (with PS256), or x5t (with RS256).</source>
        <translation>L’assertion ne portait aucune empreinte de certificat. Importez le certificat téléversé dans l’inscription d’application (Certificates &amp; secrets) et réglez l’empreinte à x5t#S256 (avec PS256) ou à x5t (avec RS256).</translation>
    </message>
    <message>
        <source>The assertion carried no certificate thumbprint. Set the thumbprint to x5t#S256 (with PS256), or x5t (with RS256).</source>
        <translation>L’assertion ne portait aucune empreinte de certificat. Réglez l’empreinte à x5t#S256 (avec PS256) ou à x5t (avec RS256).</translation>
    </message>
    <message>
        <source>The assertion carried x5t#S256. Set the thumbprint to x5t (SHA-1, with RS256), which older Entra tenants expect, and check that this certificate is the one uploaded under Certificates &amp; secrets.</source>
        <translation>L’assertion portait x5t#S256. Réglez l’empreinte à x5t (SHA-1, avec RS256), qu’attendent les locataires Entra plus anciens, et vérifiez que ce certificat est celui téléversé sous Certificates &amp; secrets.</translation>
    </message>
    <message>
        <source>The assertion carried x5t. Set the thumbprint to x5t#S256 (SHA-256, with PS256), as Entra&apos;s current documentation asks, and check that this certificate is the one uploaded under Certificates &amp; secrets.</source>
        <translation>L’assertion portait x5t. Réglez l’empreinte à x5t#S256 (SHA-256, avec PS256), comme le demande la documentation actuelle d’Entra, et vérifiez que ce certificat est celui téléversé sous Certificates &amp; secrets.</translation>
    </message>
    <message>
        <source>The assertion algorithm is %1, but the private key is an %2 key, which signs %3.</source>
        <translation>L’algorithme d’assertion est %1, mais la clé privée est une clé %2, qui signe %3.</translation>
    </message>
    <message>
        <source>PS256 or RS256</source>
        <translation>PS256 ou RS256</translation>
    </message>
    <message>
        <source>The assertion header is to carry %1, but the certificate cannot be read: %2</source>
        <translation>L’en-tête d’assertion doit porter %1, mais le certificat ne peut pas être lu&#xa0;: %2</translation>
    </message>
    <message>
        <source>there is none.</source>
        <translation>il n’y en a aucun.</translation>
    </message>
    <message>
        <source>Store the client&apos;s PEM private key (RSA or P-256) in the keychain entry for this registration.</source>
        <translation>Enregistrez la clé privée PEM du client (RSA ou P-256) dans l’entrée du trousseau de cet enregistrement.</translation>
    </message>
    <message>
        <source>Choose an assertion algorithm the key can sign, or store the key the algorithm needs.</source>
        <translation>Choisissez un algorithme d’assertion que la clé peut signer, ou enregistrez la clé qu’exige l’algorithme.</translation>
    </message>
    <message>
        <source>Import the PEM certificate uploaded to the IdP for this key, or set the thumbprint to none.</source>
        <translation>Importez le certificat PEM téléversé chez le fournisseur d’identité pour cette clé, ou réglez l’empreinte à aucune.</translation>
    </message>
    <message>
        <source>The token endpoint answered HTTP %1 without an OAuth error.</source>
        <translation>Le point de terminaison du jeton a répondu HTTP %1 sans erreur OAuth.</translation>
    </message>
    <message>
        <source>The IdP has a problem; try again later or ask its administrators.</source>
        <translation>Le fournisseur d’identité a un problème; réessayez plus tard ou adressez-vous à ses administrateurs.</translation>
    </message>
    <message>
        <source>Check the token endpoint URL; the exchange details show the answer.</source>
        <translation>Vérifiez l’URL du point de terminaison du jeton; les détails de l’échange montrent la réponse.</translation>
    </message>
    <message>
        <source>The token endpoint answered 200 but without an access_token.</source>
        <translation>Le point de terminaison du jeton a répondu 200, mais sans access_token.</translation>
    </message>
    <message>
        <source>Check that the URL is the IdP&apos;s token endpoint (not an authorize or discovery URL).</source>
        <translation>Vérifiez que l’URL est le point de terminaison du jeton du fournisseur d’identité (pas une URL d’autorisation ni de découverte).</translation>
    </message>
    <message>
        <source>The token type is &quot;%1&quot;, not Bearer.</source>
        <translation>Le type de jeton est «&#xa0;%1&#xa0;», pas Bearer.</translation>
    </message>
    <message>
        <source>CMiC expects a Bearer token; check the IdP&apos;s client settings.</source>
        <translation>CMiC attend un jeton Bearer; vérifiez les paramètres du client chez le fournisseur d’identité.</translation>
    </message>
    <message>
        <source>The token response has no expires_in; the console assumes 5 minutes (CMiC itself checks the token&apos;s exp claim).</source>
        <translation>La réponse de jeton n’a pas d’expires_in; la console suppose 5 minutes (CMiC lui-même vérifie la revendication exp du jeton).</translation>
    </message>
    <message>
        <source>The IdP refused the token request with %1, HTTP %2%3.</source>
        <translation>Le fournisseur d’identité a refusé la demande de jeton avec %1, HTTP %2%3.</translation>
    </message>
    <message>
        <source>Check the client id and the secret or key in the keychain.</source>
        <translation>Vérifiez l’identifiant client et le secret ou la clé dans le trousseau.</translation>
    </message>
    <message>
        <source>Allow the client-credentials grant for this client in the IdP (e.g. enable service accounts, or the Client Credentials grant type).</source>
        <translation>Autorisez l’octroi par identifiants client pour ce client chez le fournisseur d’identité (p. ex. activez les comptes de service ou le type d’octroi Client Credentials).</translation>
    </message>
    <message>
        <source>Use a scope the IdP defines for this API; for Microsoft Entra that is the Application ID URI followed by /.default.</source>
        <translation>Utilisez une portée que le fournisseur d’identité définit pour cette API; pour Microsoft Entra, c’est l’Application ID URI suivi de /.default.</translation>
    </message>
    <message>
        <source>The resource or audience is not known to the IdP; check the resource/audience parameter.</source>
        <translation>La ressource ou l’audience est inconnue du fournisseur d’identité; vérifiez le paramètre resource/audience.</translation>
    </message>
    <message>
        <source>The endpoint does not support client credentials; check that it is the token endpoint of an authorization server that offers this grant.</source>
        <translation>Le point de terminaison ne prend pas en charge les identifiants client; vérifiez que c’est le point de terminaison du jeton d’un serveur d’autorisation qui offre cet octroi.</translation>
    </message>
    <message>
        <source>A parameter is missing or malformed; the IdP&apos;s description above says which. Auth0 needs the audience parameter.</source>
        <translation>Un paramètre est manquant ou mal formé; la description du fournisseur d’identité ci-dessus indique lequel. Auth0 exige le paramètre audience.</translation>
    </message>
    <message>
        <source>The grant was refused; for private_key_jwt check the assertion&apos;s audience and this computer&apos;s clock.</source>
        <translation>L’octroi a été refusé; pour private_key_jwt, vérifiez l’audience de l’assertion et l’horloge de cet ordinateur.</translation>
    </message>
    <message>
        <source>See the IdP&apos;s description above and its documentation for this error.</source>
        <translation>Voir la description du fournisseur d’identité ci-dessus et sa documentation pour cette erreur.</translation>
    </message>
    <message numerus="yes">
        <source>None of the file&apos;s %n certificate(s) belongs to its private key. Export the certificate that was made for this key, with the key.</source>
        <translation>
            <numerusform>Le certificat du fichier n’appartient pas à sa clé privée. Exportez le certificat créé pour cette clé, avec la clé.</numerusform>
            <numerusform>Aucun des %n certificats du fichier n’appartient à sa clé privée. Exportez le certificat créé pour cette clé, avec la clé.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>CMiC accepted the token: %1 returned %n item(s)%2.</source>
        <translation>
            <numerusform>CMiC a accepté le jeton&#xa0;: %1 a renvoyé %n élément%2.</numerusform>
            <numerusform>CMiC a accepté le jeton&#xa0;: %1 a renvoyé %n éléments%2.</numerusform>
        </translation>
    </message>
    <message>
        <source>Check that a firewall or proxy is not silently dropping the connection; set the proxy in %1 if your network needs one, or try again later.</source>
        <translation>Vérifiez qu’un pare-feu ou un serveur mandataire n’abandonne pas la connexion sans rien dire; réglez le serveur mandataire dans %1 si votre réseau en exige un, ou réessayez plus tard.</translation>
    </message>
    <message>
        <source>If your organisation uses its own CA (or a TLS-inspecting proxy), choose its root certificate (a PEM file) in %1. Never turn verification off.</source>
        <translation>Si votre organisation utilise sa propre AC (ou un serveur mandataire qui inspecte le TLS), choisissez son certificat racine (un fichier PEM) dans %1. Ne désactivez jamais la vérification.</translation>
    </message>
    <message>
        <source>Check %1 (system, none or manual) and the proxy&apos;s credentials.</source>
        <translation>Vérifiez %1 (système, aucun ou manuel) et les identifiants du serveur mandataire.</translation>
    </message>
    <message>
        <source>Cannot read the CA bundle: %1. Check the path in %2.</source>
        <translation>Impossible de lire le groupe d’AC&#xa0;: %1. Vérifiez le chemin dans %2.</translation>
    </message>
    <message>
        <source>The file holds a private key but no certificate. Export it again with the certificate, or import the certificate (PEM) separately.</source>
        <translation>Le fichier contient une clé privée mais aucun certificat. Exportez-le de nouveau avec le certificat, ou importez le certificat (PEM) séparément.</translation>
    </message>
</context>
<context>
    <name>cmic::net::CaBundle</name>
    <message>
        <source>(no name)</source>
        <translation>(sans nom)</translation>
    </message>
    <message>
        <source>The CA bundle</source>
        <translation>Le groupe d’AC</translation>
    </message>
    <message>
        <source>The CA bundle %1</source>
        <translation>Le groupe d’AC %1</translation>
    </message>
    <message>
        <source>Export your organisation&apos;s root CA certificate as Base-64 (PEM: text starting with -----BEGIN CERTIFICATE-----) and choose that file in %1.</source>
        <translation>Exportez le certificat d’AC racine de votre organisation en Base-64 (PEM&#xa0;: texte commençant par -----BEGIN CERTIFICATE-----) et choisissez ce fichier dans %1.</translation>
    </message>
    <message>
        <source>%1 is empty.</source>
        <translation>%1 est vide.</translation>
    </message>
    <message>
        <source>%1 is not PEM: it looks like a binary (DER) certificate.</source>
        <translation>%1 n’est pas au format PEM&#xa0;: il semble s’agir d’un certificat binaire (DER).</translation>
    </message>
    <message>
        <source>%1 holds a private key, not a certificate. Never give the console a key here.</source>
        <translation>%1 contient une clé privée, et non un certificat. Ne fournissez jamais de clé à la console à cet endroit.</translation>
    </message>
    <message>
        <source>%1 is not PEM: it holds no -----BEGIN CERTIFICATE----- block.</source>
        <translation>%1 n’est pas au format PEM&#xa0;: il ne contient aucun bloc -----BEGIN CERTIFICATE-----.</translation>
    </message>
    <message>
        <source>Convert it with: openssl x509 -inform der -in root.cer -out root.pem, then choose root.pem in %1.</source>
        <translation>Convertissez-le avec&#xa0;: openssl x509 -inform der -in root.cer -out root.pem, puis choisissez root.pem dans %1.</translation>
    </message>
    <message>
        <source>%1 has a certificate block, but no certificate in it could be read.</source>
        <translation>%1 contient un bloc de certificat, mais aucun certificat n’a pu y être lu.</translation>
    </message>
    <message>
        <source>The certificate “%1” in the CA bundle expired on %2; servers it issued for cannot be trusted with it.</source>
        <translation>Le certificat «&#xa0;%1&#xa0;» du groupe d’AC a expiré le %2; il ne permet plus de faire confiance aux serveurs dont il a émis les certificats.</translation>
    </message>
    <message>
        <source>Get the current root certificate from your PKI team and replace the file chosen in %1.</source>
        <translation>Obtenez le certificat racine en vigueur auprès de votre équipe ICP et remplacez le fichier choisi dans %1.</translation>
    </message>
    <message>
        <source>The certificate “%1” in the CA bundle is not valid before %2.</source>
        <translation>Le certificat «&#xa0;%1&#xa0;» du groupe d’AC n’est pas valide avant le %2.</translation>
    </message>
    <message>
        <source>Check this computer&apos;s date and time; if it is right, use the certificate in force today in %1.</source>
        <translation>Vérifiez la date et l’heure de cet ordinateur; si elles sont exactes, utilisez dans %1 le certificat en vigueur aujourd’hui.</translation>
    </message>
    <message>
        <source>The certificate “%1” in the CA bundle is not a CA certificate (a server&apos;s own certificate, issued by “%2”); it cannot vouch for other servers.</source>
        <translation>Le certificat «&#xa0;%1&#xa0;» du groupe d’AC n’est pas un certificat d’AC (c’est le certificat propre à un serveur, émis par «&#xa0;%2&#xa0;»); il ne peut pas garantir d’autres serveurs.</translation>
    </message>
    <message>
        <source>Put the root (and intermediate) CA certificates of your organisation in the file chosen in %1, not a server&apos;s certificate.</source>
        <translation>Placez les certificats d’AC racines (et intermédiaires) de votre organisation dans le fichier choisi dans %1, et non le certificat d’un serveur.</translation>
    </message>
    <message>
        <source>A CA bundle is a few certificates (some KiB); choose the file with only your organisation&apos;s root and intermediate certificates in %1.</source>
        <translation>Un groupe d’AC compte quelques certificats (quelques Kio); choisissez dans %1 le fichier qui contient seulement les certificats racines et intermédiaires de votre organisation.</translation>
    </message>
    <message>
        <source>Check the file&apos;s permissions, or copy it to a folder you can read and choose it in %1.</source>
        <translation>Vérifiez les permissions du fichier, ou copiez-le dans un dossier que vous pouvez lire et choisissez-le dans %1.</translation>
    </message>
    <message>
        <source>Choose the PEM file again in %1.</source>
        <translation>Choisissez de nouveau le fichier PEM dans %1.</translation>
    </message>
    <message>
        <source>Cannot read the CA bundle: %1.</source>
        <translation>Impossible de lire le groupe d’AC&#xa0;: %1.</translation>
    </message>
</context>
<context>
    <name>cmic::sandbox</name>
    <message>
        <source>Cannot create a temporary folder for the sandbox CA: %1.</source>
        <translation>Impossible de créer un dossier temporaire pour l’AC du bac à sable&#xa0;: %1.</translation>
    </message>
</context>
<context>
    <name>cmic::sandbox::CmicStandIn</name>
    <message>
        <source>--cmic %1: %2</source>
        <translation>--cmic %1&#xa0;: %2</translation>
    </message>
    <message>
        <source>give KEY=VALUE with one of the keys %1.</source>
        <translation>donnez CLÉ=VALEUR avec l’une des clés %1.</translation>
    </message>
    <message>
        <source>give the patch level as a number, e.g. patch=20.</source>
        <translation>donnez le niveau de correctif sous forme de nombre, p. ex. patch=20.</translation>
    </message>
    <message>
        <source>give on or off.</source>
        <translation>donnez on ou off.</translation>
    </message>
    <message>
        <source>give pass or refuse.</source>
        <translation>donnez pass ou refuse.</translation>
    </message>
    <message>
        <source>give enterprise or cloud.</source>
        <translation>donnez enterprise ou cloud.</translation>
    </message>
    <message>
        <source>give a value after the =.</source>
        <translation>donnez une valeur après le =.</translation>
    </message>
    <message>
        <source>give an absolute URL, e.g. jwks-uri=https://idp.example/jwks.</source>
        <translation>donnez une URL absolue, p. ex. jwks-uri=https://idp.example/jwks.</translation>
    </message>
    <message>
        <source>the only value is open (no API Security role exists).</source>
        <translation>la seule valeur est open (aucun rôle d’API Security n’existe).</translation>
    </message>
</context>
<context>
    <name>cmic::validation</name>
    <message>
        <source>configuration</source>
        <translation>configuration</translation>
    </message>
    <message>
        <source>network / TLS</source>
        <translation>réseau / TLS</translation>
    </message>
    <message>
        <source>identity provider</source>
        <translation>fournisseur d’identité</translation>
    </message>
    <message>
        <source>keys</source>
        <translation>clés</translation>
    </message>
    <message>
        <source>token</source>
        <translation>jeton</translation>
    </message>
    <message>
        <source>CMiC</source>
        <translation>CMiC</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>en attente</translation>
    </message>
    <message>
        <source>running</source>
        <translation>en cours</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>réussie</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>avertissement</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>échouée</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>sautée</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>annulée</translation>
    </message>
    <message>
        <source>error</source>
        <translation>erreur</translation>
    </message>
    <message>
        <source>info</source>
        <translation>info</translation>
    </message>
    <message>
        <source>not compared (no Date header from the IdP)</source>
        <translation>non comparé (aucun en-tête Date du fournisseur d’identité)</translation>
    </message>
    <message>
        <source>%1, in step with this computer</source>
        <translation>%1, synchronisée avec cet ordinateur</translation>
    </message>
    <message>
        <source>%1, %2 s ahead of this computer</source>
        <translation>%1, en avance de %2 s sur cet ordinateur</translation>
    </message>
    <message>
        <source>%1, %2 s behind this computer</source>
        <translation>%1, en retard de %2 s sur cet ordinateur</translation>
    </message>
    <message>
        <source>no answer</source>
        <translation>aucune réponse</translation>
    </message>
    <message>
        <source>no answer (%1)</source>
        <translation>aucune réponse (%1)</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 ms</translation>
    </message>
    <message>
        <source>Validate setup: %1</source>
        <translation>Valider la configuration&#xa0;: %1</translation>
    </message>
    <message>
        <source>Registration</source>
        <translation>Enregistrement</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Environnement</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Début</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Fin</translation>
    </message>
    <message>
        <source>Service user</source>
        <translation>Utilisateur de service</translation>
    </message>
    <message>
        <source>not resolved</source>
        <translation>non déterminé</translation>
    </message>
    <message>
        <source>IdP clock</source>
        <translation>Horloge du fournisseur d’identité</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Étapes</translation>
    </message>
    <message>
        <source>(layer: %1)</source>
        <translation>(couche&#xa0;: %1)</translation>
    </message>
    <message>
        <source>Skipped: %1</source>
        <translation>Sautée&#xa0;: %1</translation>
    </message>
    <message>
        <source>Fix: %1</source>
        <translation>Solution&#xa0;: %1</translation>
    </message>
    <message>
        <source>TLS peer: %1, issued by %2, expires %3</source>
        <translation>Pair TLS&#xa0;: %1, émis par %2, expire %3</translation>
    </message>
    <message>
        <source>Permissions (GET as the service user)</source>
        <translation>Autorisations (GET en tant que l’utilisateur de service)</translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation>Point de terminaison</translation>
    </message>
    <message>
        <source>CMiC answered</source>
        <translation>Réponse de CMiC</translation>
    </message>
    <message>
        <source>Meaning</source>
        <translation>Signification</translation>
    </message>
    <message>
        <source>Token (decoded; the token itself is not kept)</source>
        <translation>Jeton (décodé; le jeton lui-même n’est pas conservé)</translation>
    </message>
    <message>
        <source>Header</source>
        <translation>En-tête</translation>
    </message>
    <message>
        <source>Claims</source>
        <translation>Revendications</translation>
    </message>
    <message>
        <source>Written by CMiC OAuth Console. The report holds no client secret, private key or access token; credentials in the exchanges are masked.</source>
        <translation>Écrit par CMiC OAuth Console. Le rapport ne contient aucun secret client, aucune clé privée ni aucun jeton d’accès; les identifiants dans les échanges sont masqués.</translation>
    </message>
    <message>
        <source>environment %1</source>
        <translation>environnement %1</translation>
    </message>
    <message>
        <source>Started %1, finished %2.</source>
        <translation>Début %1, fin %2.</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>pas encore</translation>
    </message>
    <message>
        <source>layer: %1</source>
        <translation>couche&#xa0;: %1</translation>
    </message>
    <message>
        <source>fix: %1</source>
        <translation>solution&#xa0;: %1</translation>
    </message>
    <message>
        <source>Permissions (GET as the service user):</source>
        <translation>Autorisations (GET en tant que l’utilisateur de service)&#xa0;:</translation>
    </message>
    <message>
        <source>Service user: %1</source>
        <translation>Utilisateur de service&#xa0;: %1</translation>
    </message>
    <message>
        <source>IdP clock: %1</source>
        <translation>Horloge du fournisseur d’identité&#xa0;: %1</translation>
    </message>
    <message>
        <source>Token header: %1</source>
        <translation>En-tête du jeton&#xa0;: %1</translation>
    </message>
    <message>
        <source>Token claims: %1</source>
        <translation>Revendications du jeton&#xa0;: %1</translation>
    </message>
    <message>
        <source>Configuration</source>
        <translation>Configuration</translation>
    </message>
    <message>
        <source>Discovery</source>
        <translation>Découverte</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Jeton</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Clés</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>Signature</translation>
    </message>
    <message>
        <source>CMiC call</source>
        <translation>Appel à CMiC</translation>
    </message>
    <message>
        <source>Prediction vs CMiC</source>
        <translation>Prédiction et réponse de CMiC</translation>
    </message>
</context>
<context>
    <name>cmic::validation::ExpiryOverview</name>
    <message numerus="yes">
        <source>expired %n day(s) ago (%1): %2</source>
        <translation>
            <numerusform>expiré depuis %n jour (%1)&#xa0;: %2</numerusform>
            <numerusform>expiré depuis %n jours (%1)&#xa0;: %2</numerusform>
        </translation>
    </message>
    <message>
        <source>expires today (%1): %2</source>
        <translation>expire aujourd’hui (%1)&#xa0;: %2</translation>
    </message>
    <message numerus="yes">
        <source>expires in %n day(s) (%1)</source>
        <translation>
            <numerusform>expire dans %n jour (%1)</numerusform>
            <numerusform>expire dans %n jours (%1)</numerusform>
        </translation>
    </message>
    <message>
        <source>Private key (certificate registered at the IdP)</source>
        <translation>Clé privée (certificat inscrit chez le fournisseur d’identité)</translation>
    </message>
    <message>
        <source>Client secret</source>
        <translation>Secret client</translation>
    </message>
    <message>
        <source>upload a new certificate at the identity provider and update the key here.</source>
        <translation>téléversez un nouveau certificat chez le fournisseur d’identité et mettez à jour la clé ici.</translation>
    </message>
    <message>
        <source>create a new secret at the identity provider and store it here.</source>
        <translation>créez un nouveau secret chez le fournisseur d’identité et enregistrez-le ici.</translation>
    </message>
    <message>
        <source>upload a new certificate before then.</source>
        <translation>téléversez un nouveau certificat d’ici là.</translation>
    </message>
    <message>
        <source>create a new secret before then.</source>
        <translation>créez un nouveau secret d’ici là.</translation>
    </message>
    <message numerus="yes">
        <source>expiry not recorded: enter the date the identity provider shows, to be warned %n day(s) ahead.</source>
        <translation>
            <numerusform>expiration non consignée&#xa0;: saisissez la date qu’affiche le fournisseur d’identité pour être averti %n jour à l’avance.</numerusform>
            <numerusform>expiration non consignée&#xa0;: saisissez la date qu’affiche le fournisseur d’identité pour être averti %n jours à l’avance.</numerusform>
        </translation>
    </message>
    <message>
        <source>Certificate %1</source>
        <translation>Certificat %1</translation>
    </message>
    <message>
        <source>make a new certificate, upload it at the identity provider and paste it here.</source>
        <translation>créez un nouveau certificat, téléversez-le chez le fournisseur d’identité et collez-le ici.</translation>
    </message>
    <message>
        <source>rotated out: not in the JWKS since the run after %1. Tokens signed with it are refused.</source>
        <translation>retirée par rotation&#xa0;: absente du JWKS depuis l’exécution qui a suivi celle du %1. Les jetons signés avec cette clé sont refusés.</translation>
    </message>
    <message>
        <source>new at the last rotation (%1): check that CMiC reads the JWKS again.</source>
        <translation>nouvelle lors de la dernière rotation (%1)&#xa0;: vérifiez que CMiC relit le JWKS.</translation>
    </message>
    <message>
        <source>current, last seen %1</source>
        <translation>actuelle, dernière observation&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>cmic::validation::JUnitReport</name>
    <message>
        <source>  Fix: %1</source>
        <translation>  Solution&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>cmic::validation::Reconciliation</name>
    <message>
        <source>(empty)</source>
        <translation>(vide)</translation>
    </message>
    <message>
        <source>CMiC accepted the token, so CMiC&apos;s side is not what this workspace says:</source>
        <translation>CMiC a accepté le jeton; le côté CMiC n’est donc pas ce que dit cet espace de travail&#xa0;:</translation>
    </message>
    <message>
        <source>%1 the Issuer here is %2, the token carries %3, and CMiC matched its registration on the token&apos;s.</source>
        <translation>%1 l’émetteur ici est %2, le jeton porte %3, et CMiC a trouvé son enregistrement d’après celui du jeton.</translation>
    </message>
    <message>
        <source>Set the registration&apos;s Issuer to %1, as CMiC API Security has it.</source>
        <translation>Réglez l’émetteur de l’enregistrement à %1, tel que CMiC API Security l’a.</translation>
    </message>
    <message>
        <source>%1 the App ID here is %2, the token&apos;s %3 claim is %4, and CMiC matched its registration on the token&apos;s.</source>
        <translation>%1 l’App ID ici est %2, la revendication %3 du jeton vaut %4, et CMiC a trouvé son enregistrement d’après celle du jeton.</translation>
    </message>
    <message>
        <source>Set the registration&apos;s App ID to %1, as CMiC API Security has it.</source>
        <translation>Réglez l’App ID de l’enregistrement à %1, tel que CMiC API Security l’a.</translation>
    </message>
    <message>
        <source>%1 CMiC verified the token&apos;s signature, but the console could not with the keys at %2 (%3).</source>
        <translation>%1 CMiC a vérifié la signature du jeton, mais la console n’a pas pu le faire avec les clés à %2 (%3).</translation>
    </message>
    <message>
        <source>Copy the JWKS URI from CMiC API Security into the registration (CMiC loads the keys from its own; with Entra claims mapping it carries ?appid=), then validate again.</source>
        <translation>Copiez l’URI JWKS de CMiC API Security dans l’enregistrement (CMiC charge les clés depuis le sien; avec le mappage des revendications d’Entra, il porte&#xa0;?appid=), puis validez de nouveau.</translation>
    </message>
    <message>
        <source>%1 it accepted a token without an ipaddr claim, so on this CMiC the IP check is off, or this patch level lets client-credentials tokens through without ipaddr.</source>
        <translation>%1 il a accepté un jeton sans revendication ipaddr; sur ce CMiC, la vérification IP est donc désactivée, ou ce niveau de correctif laisse passer les jetons d’identifiants client sans ipaddr.</translation>
    </message>
    <message>
        <source>%1 it accepted a token whose ipaddr (%2) is not the address the console predicted, so on this CMiC the IP check is off or sees another address.</source>
        <translation>%1 il a accepté un jeton dont l’ipaddr (%2) n’est pas l’adresse que la console prévoyait; sur ce CMiC, la vérification IP est donc désactivée ou voit une autre adresse.</translation>
    </message>
    <message>
        <source>Make environment &quot;%1&quot; say what CMiC does: its IP check setting (cmic.oauth2.ipcheck.enabled) and its patch level.</source>
        <translation>Faites dire à l’environnement «&#xa0;%1&#xa0;» ce que fait CMiC&#xa0;: son réglage de vérification IP (cmic.oauth2.ipcheck.enabled) et son niveau de correctif.</translation>
    </message>
    <message>
        <source>Make the environment say what CMiC does: its IP check and patch level.</source>
        <translation>Faites dire à l’environnement ce que fait CMiC&#xa0;: sa vérification IP et son niveau de correctif.</translation>
    </message>
    <message>
        <source>%1 CMiC found a valid service user in the token, which the console could not (it read the claim %2: %3).</source>
        <translation>%1 CMiC a trouvé un utilisateur de service valide dans le jeton, ce que la console n’a pas pu faire (elle a lu la revendication %2&#xa0;: %3).</translation>
    </message>
    <message>
        <source>Make the environment&apos;s claim name, deployment, Cloud tenant and remove-domain setting what cmicapp.properties (or CMiC Cloud) really uses.</source>
        <translation>Faites correspondre le nom de revendication, le déploiement, le locataire Cloud et le réglage remove-domain de l’environnement à ce qu’utilise réellement cmicapp.properties (ou CMiC Cloud).</translation>
    </message>
    <message>
        <source>%1 CMiC&apos;s clock judged the token&apos;s times valid (%2).</source>
        <translation>%1 l’horloge de CMiC a jugé valides les heures du jeton (%2).</translation>
    </message>
    <message>
        <source>%1 a local check predicted a refusal (%2), yet CMiC accepted the token.</source>
        <translation>%1 une vérification locale prévoyait un refus (%2), mais CMiC a accepté le jeton.</translation>
    </message>
    <message>
        <source>Compare the value this check names with CMiC&apos;s configuration and update the workspace.</source>
        <translation>Comparez la valeur que nomme cette vérification avec la configuration de CMiC et mettez à jour l’espace de travail.</translation>
    </message>
    <message>
        <source>This rule does not hold for this CMiC, or the workspace does not describe it: %1</source>
        <translation>Cette règle ne tient pas pour ce CMiC, ou l’espace de travail ne le décrit pas&#xa0;: %1</translation>
    </message>
    <message>
        <source>In CMiC API Security the registration must have App ID %1 and Issuer %2 exactly, and CMiC must be able to load %3 from its own network. CMiC&apos;s log (logger cmic.oauth2.filter, level FINE, with the error reference it sent) or CMiC support (with the ECID) says which.</source>
        <translation>Dans CMiC API Security, l’enregistrement doit avoir exactement l’App ID %1 et l’émetteur %2, et CMiC doit pouvoir charger %3 depuis son propre réseau. Le journal de CMiC (journaliseur cmic.oauth2.filter, niveau FINE, avec la référence d’erreur qu’il a envoyée) ou le soutien de CMiC (avec l’ECID) dira lequel.</translation>
    </message>
    <message>
        <source>on</source>
        <translation>activée</translation>
    </message>
    <message>
        <source>off</source>
        <translation>désactivée</translation>
    </message>
    <message>
        <source>Compare CMiC&apos;s side with the workspace: the registration&apos;s Issuer %1 and App ID %2 in API Security, the JWKS URI %3, the claim CMiC reads (%4 here), the IP check (%5 here), and that the user %6 exists and is valid in CMiC. Then correct whichever side is wrong.</source>
        <translation>Comparez le côté CMiC avec l’espace de travail&#xa0;: l’émetteur %1 et l’App ID %2 de l’enregistrement dans API Security, l’URI JWKS %3, la revendication que lit CMiC (%4 ici), la vérification IP (%5 ici), et que l’utilisateur %6 existe et est valide dans CMiC. Corrigez ensuite le côté qui est erroné.</translation>
    </message>
    <message>
        <source>CMiC gave no answer to compare with, so the verdict is the console&apos;s prediction; only CMiC&apos;s answer can confirm it.</source>
        <translation>CMiC n’a donné aucune réponse à comparer; le verdict est donc la prédiction de la console; seule la réponse de CMiC peut la confirmer.</translation>
    </message>
    <message>
        <source>CMiC&apos;s answer (HTTP %1) does not judge the token, so the verdict is the console&apos;s prediction; only CMiC&apos;s answer can confirm it.</source>
        <translation>La réponse de CMiC (HTTP %1) ne juge pas le jeton; le verdict est donc la prédiction de la console; seule la réponse de CMiC peut la confirmer.</translation>
    </message>
    <message>
        <source>CMiC accepted the token (HTTP %1 on GET%2), as the console predicted.</source>
        <translation>CMiC a accepté le jeton (HTTP %1 sur GET%2), comme la console l’avait prévu.</translation>
    </message>
    <message>
        <source>CMiC&apos;s answer agrees with the console&apos;s prediction.</source>
        <translation>La réponse de CMiC concorde avec la prédiction de la console.</translation>
    </message>
    <message>
        <source>CMiC accepted the token (HTTP %1), which overrules this step&apos;s prediction of a refusal; see the step &quot;%2&quot;.</source>
        <translation>CMiC a accepté le jeton (HTTP %1), ce qui l’emporte sur la prédiction de refus de cette étape; voir l’étape «&#xa0;%2&#xa0;».</translation>
    </message>
    <message>
        <source>Overruled by CMiC&apos;s answer: %1</source>
        <translation>Contredit par la réponse de CMiC&#xa0;: %1</translation>
    </message>
    <message numerus="yes">
        <source>CMiC accepted the token (HTTP %1 on GET%2) although %n local check(s) predicted a refusal.</source>
        <translation>
            <numerusform>CMiC a accepté le jeton (HTTP %1 sur GET%2) bien que %n vérification locale ait prévu un refus.</numerusform>
            <numerusform>CMiC a accepté le jeton (HTTP %1 sur GET%2) bien que %n vérifications locales aient prévu un refus.</numerusform>
        </translation>
    </message>
    <message>
        <source>CMiC accepted the token, so the workspace does not describe CMiC: update it where the findings say.</source>
        <translation>CMiC a accepté le jeton; l’espace de travail ne décrit donc pas CMiC&#xa0;: mettez-le à jour là où les constats l’indiquent.</translation>
    </message>
    <message>
        <source>CMiC said: %1</source>
        <translation>CMiC a répondu&#xa0;: %1</translation>
    </message>
    <message>
        <source>CMiC refused the token (HTTP %1 on GET%2), as the console predicted.%3</source>
        <translation>CMiC a refusé le jeton (HTTP %1 sur GET%2), comme la console l’avait prévu.%3</translation>
    </message>
    <message>
        <source>CMiC&apos;s HTTP %1 is explained by the %2 step: %3</source>
        <translation>Le HTTP %1 de CMiC s’explique par l’étape %2&#xa0;: %3</translation>
    </message>
    <message>
        <source>CMiC&apos;s refusal agrees with the console&apos;s prediction; fix what the %1 step found.</source>
        <translation>Le refus de CMiC concorde avec la prédiction de la console; corrigez ce que l’étape %1 a trouvé.</translation>
    </message>
    <message>
        <source>CMiC refused the token (HTTP 401 on GET%1), which the warning of the %2 step explains: %3 On this CMiC it is a refusal, not a guess.%4</source>
        <translation>CMiC a refusé le jeton (HTTP 401 sur GET%1), ce qu’explique l’avertissement de l’étape %2&#xa0;: %3 Sur ce CMiC, c’est un refus, pas une supposition.%4</translation>
    </message>
    <message>
        <source>CMiC confirmed a warning of the %1 step as the cause of its refusal.</source>
        <translation>CMiC a confirmé qu’un avertissement de l’étape %1 est la cause de son refus.</translation>
    </message>
    <message>
        <source>CMiC refused the token (HTTP %1 on GET%2) although every local check passed, so CMiC is not configured as this workspace says, or checks what the console cannot see.%3</source>
        <translation>CMiC a refusé le jeton (HTTP %1 sur GET%2) bien que toutes les vérifications locales aient réussi; CMiC n’est donc pas configuré comme le dit cet espace de travail, ou il vérifie ce que la console ne peut pas voir.%3</translation>
    </message>
    <message>
        <source>CMiC refused a token the console found fine: the workspace does not describe CMiC.</source>
        <translation>CMiC a refusé un jeton que la console jugeait correct&#xa0;: l’espace de travail ne décrit pas CMiC.</translation>
    </message>
    <message>
        <source>Check this computer&apos;s clock and %1: CMiC checks exp and nbf with its own clock.</source>
        <translation>Vérifiez l’horloge de cet ordinateur et %1&#xa0;: CMiC vérifie exp et nbf avec sa propre horloge.</translation>
    </message>
</context>
<context>
    <name>cmic::validation::ReportFile</name>
    <message>
        <source>Could not write the report to %1: its folder does not exist. Choose a folder you can write to, or create that one first.</source>
        <translation>Impossible d’écrire le rapport dans %1&#xa0;: son dossier n’existe pas. Choisissez un dossier où vous pouvez écrire, ou créez d’abord celui-là.</translation>
    </message>
    <message>
        <source>%1 is a folder. Give a file name inside it.</source>
        <translation>%1 est un dossier. Donnez-y un nom de fichier.</translation>
    </message>
    <message>
        <source>%1 is %2, not a file; a report is only written to a file, which would replace it. Choose a file name.</source>
        <translation>%1 est %2, pas un fichier; un rapport n’est écrit que dans un fichier, qui le remplacerait. Choisissez un nom de fichier.</translation>
    </message>
    <message>
        <source>%1 is the workspace being validated; the report would replace it. Choose another file name.</source>
        <translation>%1 est l’espace de travail en cours de validation; le rapport le remplacerait. Choisissez un autre nom de fichier.</translation>
    </message>
    <message>
        <source>Could not write the report to %1: %2. Choose a folder you can write to, such as your Documents folder, and save it again.</source>
        <translation>Impossible d’écrire le rapport dans %1&#xa0;: %2. Choisissez un dossier où vous pouvez écrire, comme votre dossier Documents, et enregistrez de nouveau.</translation>
    </message>
    <message>
        <source>validation-%1-%2.html</source>
        <translation>validation-%1-%2.html</translation>
    </message>
    <message>
        <source>Validation report: %1</source>
        <translation>Rapport de validation&#xa0;: %1</translation>
    </message>
    <message>
        <source>Could not make the PDF for %1: this program cannot render PDF. Save the report as HTML and print it to PDF, or save it from the console.</source>
        <translation>Impossible de créer le PDF pour %1&#xa0;: ce programme ne peut pas produire de PDF. Enregistrez le rapport en HTML et imprimez-le en PDF, ou enregistrez-le depuis la console.</translation>
    </message>
</context>
<context>
    <name>cmic::validation::ReportVerdict</name>
    <message>
        <source>The registration&apos;s configuration is incomplete: %1</source>
        <translation>La configuration de l’enregistrement est incomplète&#xa0;: %1</translation>
    </message>
    <message>
        <source>The console could not reach a server (network or TLS): %1</source>
        <translation>La console n’a pas pu joindre un serveur (réseau ou TLS)&#xa0;: %1</translation>
    </message>
    <message>
        <source>The identity provider refused the client: %1</source>
        <translation>Le fournisseur d’identité a refusé le client&#xa0;: %1</translation>
    </message>
    <message>
        <source>The identity provider&apos;s signing keys cannot be used: %1</source>
        <translation>Les clés de signature du fournisseur d’identité sont inutilisables&#xa0;: %1</translation>
    </message>
    <message>
        <source>CMiC would refuse the token: %1</source>
        <translation>CMiC refuserait le jeton&#xa0;: %1</translation>
    </message>
    <message>
        <source>CMiC refused the call: %1</source>
        <translation>CMiC a refusé l’appel&#xa0;: %1</translation>
    </message>
    <message>
        <source>Look at the warnings in the findings before going live.</source>
        <translation>Examinez les avertissements dans les constats avant la mise en production.</translation>
    </message>
    <message>
        <source>Validation cancelled</source>
        <translation>Validation annulée</translation>
    </message>
    <message>
        <source>The run was stopped before it finished, so nothing is proven yet. Run the validation again to complete it.</source>
        <translation>L’exécution a été arrêtée avant la fin; rien n’est donc encore prouvé. Relancez la validation pour la terminer.</translation>
    </message>
    <message>
        <source>Failed at the %1 step</source>
        <translation>Échec à l’étape %1</translation>
    </message>
    <message>
        <source>see the step&apos;s findings for details.</source>
        <translation>voir les constats de l’étape pour les détails.</translation>
    </message>
    <message>
        <source>CMiC refused the token (HTTP %1), as the console predicted: %2</source>
        <translation>CMiC a refusé le jeton (HTTP %1), comme la console l’avait prévu&#xa0;: %2</translation>
    </message>
    <message>
        <source>Validation not finished</source>
        <translation>Validation non terminée</translation>
    </message>
    <message>
        <source>Some steps have not finished yet, so nothing is proven yet.</source>
        <translation>Certaines étapes ne sont pas encore terminées; rien n’est donc encore prouvé.</translation>
    </message>
    <message>
        <source>Passed, but this workspace does not describe CMiC</source>
        <translation>Réussie, mais cet espace de travail ne décrit pas CMiC</translation>
    </message>
    <message>
        <source>Passed, with warnings</source>
        <translation>Réussie, avec avertissements</translation>
    </message>
    <message>
        <source>Passed: the setup works end to end</source>
        <translation>Réussie&#xa0;: la configuration fonctionne de bout en bout</translation>
    </message>
    <message>
        <source>The identity provider issued a token that CMiC accepts for this registration.</source>
        <translation>Le fournisseur d’identité a émis un jeton que CMiC accepte pour cet enregistrement.</translation>
    </message>
    <message>
        <source>Local checks predicted a refusal, so CMiC&apos;s registration or settings differ from the workspace; update the workspace where the step &quot;%1&quot; says, or exports made from it will be wrong.</source>
        <translation>Des vérifications locales prévoyaient un refus; l’enregistrement ou les paramètres de CMiC diffèrent donc de l’espace de travail; mettez à jour l’espace de travail là où l’indique l’étape «&#xa0;%1&#xa0;», sinon les exportations qui en sont tirées seront erronées.</translation>
    </message>
    <message>
        <source>Ready up to the CMiC call, with warnings</source>
        <translation>Prête jusqu’à l’appel à CMiC, avec avertissements</translation>
    </message>
    <message>
        <source>Ready up to the CMiC call</source>
        <translation>Prête jusqu’à l’appel à CMiC</translation>
    </message>
    <message>
        <source>Every step up to the CMiC call passed; CMiC itself was not called (%1), so whether it accepts the token is not proven.</source>
        <translation>Toutes les étapes jusqu’à l’appel à CMiC ont réussi; CMiC lui-même n’a pas été appelé (%1); qu’il accepte le jeton n’est donc pas prouvé.</translation>
    </message>
    <message>
        <source>What to do: %1</source>
        <translation>Que faire&#xa0;: %1</translation>
    </message>
    <message>
        <source>PASSED end to end, but this workspace does not describe CMiC: CMiC accepted this registration&apos;s token although local checks predicted a refusal; update the workspace where the step &quot;%1&quot; says.</source>
        <translation>RÉUSSIE de bout en bout, mais cet espace de travail ne décrit pas CMiC&#xa0;: CMiC a accepté le jeton de cet enregistrement bien que des vérifications locales aient prévu un refus; mettez à jour l’espace de travail là où l’indique l’étape «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>PASSED end to end, with warnings: CMiC accepted this registration&apos;s token; look at the warnings before going live.</source>
        <translation>RÉUSSIE de bout en bout, avec avertissements&#xa0;: CMiC a accepté le jeton de cet enregistrement; examinez les avertissements avant la mise en production.</translation>
    </message>
    <message>
        <source>PASSED end to end: CMiC accepted this registration&apos;s token.</source>
        <translation>RÉUSSIE de bout en bout&#xa0;: CMiC a accepté le jeton de cet enregistrement.</translation>
    </message>
    <message>
        <source>READY UP TO THE CMiC CALL, with warnings: %1</source>
        <translation>PRÊTE JUSQU’À L’APPEL À CMiC, avec avertissements&#xa0;: %1</translation>
    </message>
    <message>
        <source>READY UP TO THE CMiC CALL: %1</source>
        <translation>PRÊTE JUSQU’À L’APPEL À CMiC&#xa0;: %1</translation>
    </message>
    <message>
        <source>FAILED at the %1 step (%2): %3</source>
        <translation>ÉCHEC à l’étape %1 (%2)&#xa0;: %3</translation>
    </message>
    <message>
        <source>CANCELLED: the run was stopped before every step finished.</source>
        <translation>ANNULÉE&#xa0;: l’exécution a été arrêtée avant la fin de toutes les étapes.</translation>
    </message>
    <message>
        <source>NOT FINISHED: some steps have not finished yet.</source>
        <translation>NON TERMINÉE&#xa0;: certaines étapes ne sont pas encore terminées.</translation>
    </message>
    <message>
        <source>Result: %1</source>
        <translation>Résultat&#xa0;: %1</translation>
    </message>
    <message>
        <source>Running the checks</source>
        <translation>Exécution des vérifications</translation>
    </message>
    <message>
        <source>Checks cancelled</source>
        <translation>Vérifications annulées</translation>
    </message>
    <message>
        <source>Checks finished: failed at the %1 step</source>
        <translation>Vérifications terminées&#xa0;: échec à l’étape %1</translation>
    </message>
    <message>
        <source>Checks finished, with warnings</source>
        <translation>Vérifications terminées, avec des avertissements</translation>
    </message>
    <message>
        <source>Checks finished</source>
        <translation>Vérifications terminées</translation>
    </message>
    <message>
        <source>Cancelled. The steps that had not finished are marked cancelled.</source>
        <translation>Annulé. Les étapes qui n’étaient pas terminées sont marquées comme annulées.</translation>
    </message>
    <message>
        <source>Failed at the %1 step. See the result for what to fix.</source>
        <translation>Échec à l’étape %1. Consultez le résultat pour savoir quoi corriger.</translation>
    </message>
    <message numerus="yes">
        <source>No check failed, but %n step(s) warned: look at the warnings before going live.</source>
        <translation>
            <numerusform>Aucune vérification n’a échoué, mais %n étape a émis un avertissement&#xa0;: examinez les avertissements avant la mise en production.</numerusform>
            <numerusform>Aucune vérification n’a échoué, mais %n étapes ont émis des avertissements&#xa0;: examinez les avertissements avant la mise en production.</numerusform>
        </translation>
    </message>
    <message>
        <source>Every check passed.</source>
        <translation>Toutes les vérifications ont réussi.</translation>
    </message>
    <message numerus="yes">
        <source>No check that ran failed, but %n step(s) warned; CMiC itself was not called.</source>
        <translation>
            <numerusform>Aucune vérification exécutée n’a échoué, mais %n étape a émis un avertissement; CMiC lui-même n’a pas été appelé.</numerusform>
            <numerusform>Aucune vérification exécutée n’a échoué, mais %n étapes ont émis des avertissements; CMiC lui-même n’a pas été appelé.</numerusform>
        </translation>
    </message>
    <message>
        <source>Every check that ran passed; CMiC itself was not called.</source>
        <translation>Toutes les vérifications exécutées ont réussi; CMiC lui-même n’a pas été appelé.</translation>
    </message>
</context>
<context>
    <name>cmic::validation::SetupChecklist</name>
    <message>
        <source>Go to the field</source>
        <translation>Aller au champ</translation>
    </message>
    <message>
        <source>Validate Setup…</source>
        <translation>Valider la configuration…</translation>
    </message>
    <message>
        <source>1. Create a dedicated service user</source>
        <translation>1. Créer un utilisateur de service dédié</translation>
    </message>
    <message>
        <source>Start with the CMiC environment the service user lives in: its API base URL and how it reads the user claim.</source>
        <translation>Commencez par l’environnement CMiC où se trouve l’utilisateur de service&#xa0;: son URL de base de l’API et la façon dont il lit la revendication utilisateur.</translation>
    </message>
    <message>
        <source>Add Environment</source>
        <translation>Ajouter un environnement</translation>
    </message>
    <message>
        <source>Add the CMiC user the API calls will run as. Use a dedicated account that no person signs in with.</source>
        <translation>Ajoutez l’utilisateur CMiC sous l’identité duquel les appels d’API s’exécuteront. Utilisez un compte dédié avec lequel personne ne se connecte.</translation>
    </message>
    <message>
        <source>Add Service User</source>
        <translation>Ajouter un utilisateur de service</translation>
    </message>
    <message>
        <source>The workspace has an environment and a service user.</source>
        <translation>L’espace de travail a un environnement et un utilisateur de service.</translation>
    </message>
    <message>
        <source>Add the CMiC environment this registration is for.</source>
        <translation>Ajoutez l’environnement CMiC visé par cet enregistrement.</translation>
    </message>
    <message>
        <source>Choose the CMiC environment this registration is for.</source>
        <translation>Choisissez l’environnement CMiC visé par cet enregistrement.</translation>
    </message>
    <message>
        <source>Add the CMiC user the API calls will run as, then choose it here.</source>
        <translation>Ajoutez l’utilisateur CMiC sous l’identité duquel les appels d’API s’exécuteront, puis choisissez-le ici.</translation>
    </message>
    <message>
        <source>Choose the service user CMiC runs this registration&apos;s calls as.</source>
        <translation>Choisissez l’utilisateur de service sous l’identité duquel CMiC exécute les appels de cet enregistrement.</translation>
    </message>
    <message>
        <source>Enter the service user&apos;s CMiC username.</source>
        <translation>Saisissez le nom d’utilisateur CMiC de l’utilisateur de service.</translation>
    </message>
    <message>
        <source>Confirm that no person signs in with %1: CMiC advises a dedicated account for this flow.</source>
        <translation>Confirmez que personne ne se connecte avec %1&#xa0;: CMiC recommande un compte dédié pour ce flux.</translation>
    </message>
    <message>
        <source>The last validation could not resolve the service user CMiC runs as. Open Validate Setup to see why.</source>
        <translation>La dernière validation n’a pas pu déterminer l’utilisateur de service sous l’identité duquel CMiC s’exécute. Ouvrez Valider la configuration pour voir pourquoi.</translation>
    </message>
    <message>
        <source>%1, confirmed as dedicated.</source>
        <translation>%1, confirmé comme dédié.</translation>
    </message>
    <message>
        <source>2. Register the app in your identity provider, with the user claim</source>
        <translation>2. Enregistrer l’application dans votre fournisseur d’identité, avec la revendication utilisateur</translation>
    </message>
    <message>
        <source>Add a registration for the OAuth app you create in your identity provider for the client credentials flow.</source>
        <translation>Ajoutez un enregistrement pour l’application OAuth que vous créez dans votre fournisseur d’identité pour le flux d’identifiants client.</translation>
    </message>
    <message>
        <source>Add Registration</source>
        <translation>Ajouter un enregistrement</translation>
    </message>
    <message>
        <source>Enter the App ID (client ID) the identity provider gave the app.</source>
        <translation>Saisissez l’App ID (identifiant client) que le fournisseur d’identité a attribué à l’application.</translation>
    </message>
    <message>
        <source>Enter the token endpoint (or the issuer, to discover it).</source>
        <translation>Saisissez le point de terminaison du jeton (ou l’émetteur, pour le découvrir).</translation>
    </message>
    <message>
        <source>Store the app&apos;s %1 in the keychain: the console needs it to ask for a token.</source>
        <translation>Stockez l’élément «&#xa0;%1&#xa0;» de l’application dans le trousseau&#xa0;: la console en a besoin pour demander un jeton.</translation>
    </message>
    <message>
        <source>Import the private key</source>
        <translation>Importer la clé privée</translation>
    </message>
    <message>
        <source>Enter the secret</source>
        <translation>Saisir le secret</translation>
    </message>
    <message>
        <source>The keychain could not be read, so the %1 cannot be checked. Unlock the keychain (or start a Secret Service), then look again.</source>
        <translation>Le trousseau n’a pas pu être lu, donc l’élément «&#xa0;%1&#xa0;» ne peut pas être vérifié. Déverrouillez le trousseau (ou démarrez un Secret Service), puis vérifiez de nouveau.</translation>
    </message>
    <message>
        <source>Asking the keychain for the %1…</source>
        <translation>Interrogation du trousseau pour l’élément «&#xa0;%1&#xa0;»…</translation>
    </message>
    <message>
        <source>The last validation got no token from the identity provider. Open Validate Setup to see its answer and what to change.</source>
        <translation>La dernière validation n’a obtenu aucun jeton du fournisseur d’identité. Ouvrez Valider la configuration pour voir sa réponse et ce qu’il faut changer.</translation>
    </message>
    <message>
        <source>The last validation found a problem in the token&apos;s claims (the user claim, the App ID or the audience). Open Validate Setup to see which.</source>
        <translation>La dernière validation a trouvé un problème dans les revendications du jeton (la revendication utilisateur, l’App ID ou l’audience). Ouvrez Valider la configuration pour voir lequel.</translation>
    </message>
    <message>
        <source>The identity provider issued a token with the expected claims.</source>
        <translation>Le fournisseur d’identité a émis un jeton avec les revendications attendues.</translation>
    </message>
    <message>
        <source>App ID entered and the %1 stored; Validate Setup proves the user claim.</source>
        <translation>App ID saisi et élément «&#xa0;%1&#xa0;» stocké; Valider la configuration prouvera la revendication utilisateur.</translation>
    </message>
    <message>
        <source>3. Register the app in CMiC API Security</source>
        <translation>3. Enregistrer l’application dans CMiC API Security</translation>
    </message>
    <message>
        <source>A registration holds what CMiC API Security needs: App ID, Issuer and JWKS URI.</source>
        <translation>Un enregistrement contient ce dont CMiC API Security a besoin&#xa0;: App ID, émetteur et URI JWKS.</translation>
    </message>
    <message>
        <source>Enter the App ID, as in CMiC API Security.</source>
        <translation>Saisissez l’App ID, tel qu’il figure dans CMiC API Security.</translation>
    </message>
    <message>
        <source>Enter the Issuer exactly as the token&apos;s iss claim has it.</source>
        <translation>Saisissez l’émetteur exactement comme dans la revendication iss du jeton.</translation>
    </message>
    <message>
        <source>Enter the JWKS URI CMiC reads the signing keys from.</source>
        <translation>Saisissez l’URI JWKS à partir de laquelle CMiC lit les clés de signature.</translation>
    </message>
    <message>
        <source>The last validation found the Issuer or the JWKS URI not matching the identity provider. Open Validate Setup to see which.</source>
        <translation>La dernière validation a constaté que l’émetteur ou l’URI JWKS ne correspond pas au fournisseur d’identité. Ouvrez Valider la configuration pour voir lequel.</translation>
    </message>
    <message>
        <source>App ID, Issuer and JWKS URI entered; enter the same values in CMiC API Security ▸ Application Registration.</source>
        <translation>App ID, émetteur et URI JWKS saisis; saisissez les mêmes valeurs dans CMiC API Security ▸ Application Registration.</translation>
    </message>
    <message>
        <source>4. Configure API Security permissions</source>
        <translation>4. Configurer les permissions API Security</translation>
    </message>
    <message>
        <source>The service user needs API Security policies for the endpoints the app calls; the environment&apos;s probe endpoints test them.</source>
        <translation>L’utilisateur de service a besoin de politiques API Security pour les points de terminaison qu’appelle l’application; les points de terminaison de sonde de l’environnement les testent.</translation>
    </message>
    <message>
        <source>Enter the environment&apos;s API base URL, so validation can call CMiC.</source>
        <translation>Saisissez l’URL de base de l’API de l’environnement, pour que la validation puisse appeler CMiC.</translation>
    </message>
    <message>
        <source>CMiC refused the last validation&apos;s call. Open Validate Setup to see the answer for each endpoint and the likely cause.</source>
        <translation>CMiC a refusé l’appel de la dernière validation. Ouvrez Valider la configuration pour voir la réponse à chaque point de terminaison et la cause probable.</translation>
    </message>
    <message>
        <source>CMiC answered the probe endpoints as the service user.</source>
        <translation>CMiC a répondu aux appels des points de terminaison de sonde faits en tant qu’utilisateur de service.</translation>
    </message>
    <message>
        <source>Only CMiC&apos;s answer proves the permissions: run Validate Setup with the CMiC call.</source>
        <translation>Seule la réponse de CMiC prouve les permissions&#xa0;: exécutez Valider la configuration avec l’appel à CMiC.</translation>
    </message>
    <message>
        <source>5. Validate the setup</source>
        <translation>5. Valider la configuration</translation>
    </message>
    <message>
        <source>Validate Setup asks for a token and calls CMiC with it, as the service user.</source>
        <translation>Valider la configuration demande un jeton et appelle CMiC avec celui-ci, en tant qu’utilisateur de service.</translation>
    </message>
    <message>
        <source>The last run was cancelled. Run Validate Setup to the end.</source>
        <translation>La dernière exécution a été annulée. Exécutez Valider la configuration jusqu’au bout.</translation>
    </message>
    <message>
        <source>Not validated yet. Run Validate Setup: a token from the identity provider, then a call to CMiC.</source>
        <translation>Pas encore validé. Exécutez Valider la configuration&#xa0;: un jeton du fournisseur d’identité, puis un appel à CMiC.</translation>
    </message>
    <message>
        <source>Passed on %1.</source>
        <translation>Réussie le %1.</translation>
    </message>
    <message>
        <source>Run again…</source>
        <translation>Exécuter de nouveau…</translation>
    </message>
    <message>
        <source>Failed at the %1 step on %2. Fix what it says, then run it again.</source>
        <translation>Échec à l’étape %1 le %2. Corrigez ce qui est indiqué, puis exécutez de nouveau la validation.</translation>
    </message>
    <message>
        <source>Failed on %1. Fix what it says, then run it again.</source>
        <translation>Échec le %1. Corrigez ce qui est indiqué, puis exécutez de nouveau la validation.</translation>
    </message>
    <message>
        <source>Add a probe endpoint: a cheap GET the service user may call, such as /sys-rest-api/rest/1/sdcompanyaccess. Without one, validation stops before calling CMiC and the permissions stay unproven.</source>
        <translation>Ajoutez un point de terminaison de sonde&#xa0;: un GET peu coûteux que l’utilisateur de service peut appeler, comme /sys-rest-api/rest/1/sdcompanyaccess. Sans lui, la validation s’arrête avant d’appeler CMiC et les autorisations restent non prouvées.</translation>
    </message>
</context>
<context>
    <name>cmic::validation::SetupValidator</name>
    <message>
        <source>Configure the IdP to issue JWT access tokens for the CMiC API: CMiC can only accept a signed JWT.</source>
        <translation>Configurez le fournisseur d’identité pour émettre des jetons d’accès JWT pour l’API CMiC&#xa0;: CMiC ne peut accepter qu’un JWT signé.</translation>
    </message>
    <message>
        <source>Configure the IdP to sign access tokens with RS256, PS256, ES256 or EdDSA.</source>
        <translation>Configurez le fournisseur d’identité pour signer les jetons d’accès avec RS256, PS256, ES256 ou EdDSA.</translation>
    </message>
    <message>
        <source>Nothing to change for CMiC: it only uses the keys at the registered JWKS URI.</source>
        <translation>Rien à changer pour CMiC&#xa0;: il n’utilise que les clés de l’URI JWKS enregistré.</translation>
    </message>
    <message>
        <source>Request an access token for the CMiC API with the client-credentials grant, not an ID token.</source>
        <translation>Demandez un jeton d’accès pour l’API CMiC avec l’octroi par identifiants client, pas un jeton d’identité.</translation>
    </message>
    <message>
        <source>Configure the IdP to issue a plain signed JWT access token (no crit, b64 or nested token).</source>
        <translation>Configurez le fournisseur d’identité pour émettre un simple jeton d’accès JWT signé (sans crit, b64 ni jeton imbriqué).</translation>
    </message>
    <message>
        <source>Ask the IdP&apos;s administrators to publish only sound public keys (RSA of 2048 bits or more, EC keys on their curve, no private members).</source>
        <translation>Demandez aux administrateurs du fournisseur d’identité de ne publier que des clés publiques saines (RSA de 2048 bits ou plus, clés EC sur leur courbe, aucun membre privé).</translation>
    </message>
    <message>
        <source>Register the JWKS URI of the IdP that issued the token; if the IdP just rotated its keys, validate again in a minute.</source>
        <translation>Enregistrez l’URI JWKS du fournisseur d’identité qui a émis le jeton; si celui-ci vient de renouveler ses clés, validez de nouveau dans une minute.</translation>
    </message>
    <message>
        <source>Register the JWKS URI of the IdP that issued the token. If it is right, the IdP signs with a key it does not publish, or the token was altered on the way.</source>
        <translation>Enregistrez l’URI JWKS du fournisseur d’identité qui a émis le jeton. S’il est correct, le fournisseur d’identité signe avec une clé qu’il ne publie pas, ou le jeton a été modifié en route.</translation>
    </message>
    <message>
        <source>Configure the IdP to issue sub, exp, aud and iss in the access token.</source>
        <translation>Configurez le fournisseur d’identité pour émettre sub, exp, aud et iss dans le jeton d’accès.</translation>
    </message>
    <message>
        <source>Register the issuer exactly as the token carries it, in CMiC API Security and in the workspace.</source>
        <translation>Enregistrez l’émetteur exactement tel que le jeton le porte, dans CMiC API Security et dans l’espace de travail.</translation>
    </message>
    <message>
        <source>Register the App ID of the client that requests the token, or choose the IdP preset whose App ID claim the token carries.</source>
        <translation>Enregistrez l’App ID du client qui demande le jeton, ou choisissez le préréglage de fournisseur d’identité dont le jeton porte la revendication d’App ID.</translation>
    </message>
    <message>
        <source>Request the token for the CMiC API&apos;s audience (scope, audience or resource in the registration), or correct the registration&apos;s audience.</source>
        <translation>Demandez le jeton pour l’audience de l’API CMiC (portée, audience ou ressource dans l’enregistrement), ou corrigez l’audience de l’enregistrement.</translation>
    </message>
    <message>
        <source>Request a fresh token; if that does not help, synchronise the clocks of this computer and of the IdP (NTP).</source>
        <translation>Demandez un nouveau jeton; si cela n’aide pas, synchronisez les horloges de cet ordinateur et du fournisseur d’identité (NTP).</translation>
    </message>
    <message>
        <source>Add the ipaddr claim at the IdP (Entra: an optional claim), or turn CMiC&apos;s IP check off with cmic.oauth2.ipcheck.enabled=false.</source>
        <translation>Ajoutez la revendication ipaddr chez le fournisseur d’identité (Entra&#xa0;: une revendication facultative), ou désactivez la vérification IP de CMiC avec cmic.oauth2.ipcheck.enabled=false.</translation>
    </message>
    <message>
        <source>Read the message above for what to change, then validate again.</source>
        <translation>Lisez le message ci-dessus pour savoir quoi changer, puis validez de nouveau.</translation>
    </message>
    <message>
        <source>The workspace has no registration with id %1.</source>
        <translation>L’espace de travail n’a aucun enregistrement ayant l’identifiant %1.</translation>
    </message>
    <message>
        <source>The registration to validate (%1) is not in the workspace.</source>
        <translation>L’enregistrement à valider (%1) n’est pas dans l’espace de travail.</translation>
    </message>
    <message>
        <source>Choose one of the workspace&apos;s registrations and validate again.</source>
        <translation>Choisissez l’un des enregistrements de l’espace de travail et validez de nouveau.</translation>
    </message>
    <message>
        <source>The registration to validate is not in the workspace.</source>
        <translation>L’enregistrement à valider n’est pas dans l’espace de travail.</translation>
    </message>
    <message>
        <source>No private key was given for this private_key_jwt registration.</source>
        <translation>Aucune clé privée n’a été donnée pour cet enregistrement private_key_jwt.</translation>
    </message>
    <message>
        <source>No client secret was given for this registration.</source>
        <translation>Aucun secret client n’a été donné pour cet enregistrement.</translation>
    </message>
    <message>
        <source>Store the client&apos;s PEM private key in the keychain from the console (or pass it to cmic-oauth validate), then validate again.</source>
        <translation>Enregistrez la clé privée PEM du client dans le trousseau depuis la console (ou passez-la à cmic-oauth validate), puis validez de nouveau.</translation>
    </message>
    <message>
        <source>Store the client secret in the keychain from the console (or pass it to cmic-oauth validate with --secret-env or --secret-stdin), then validate again.</source>
        <translation>Enregistrez le secret client dans le trousseau depuis la console (ou passez-le à cmic-oauth validate avec --secret-env ou --secret-stdin), puis validez de nouveau.</translation>
    </message>
    <message>
        <source>A private key was given for this run (kept in memory only).</source>
        <translation>Une clé privée a été donnée pour cette exécution (conservée en mémoire seulement).</translation>
    </message>
    <message>
        <source>A client secret was given for this run (kept in memory only).</source>
        <translation>Un secret client a été donné pour cette exécution (conservé en mémoire seulement).</translation>
    </message>
    <message>
        <source>The registration has no token endpoint, and neither an issuer nor a discovery URL to find one.</source>
        <translation>L’enregistrement n’a pas de point de terminaison du jeton, ni émetteur ni URL de découverte pour en trouver un.</translation>
    </message>
    <message>
        <source>Enter the IdP&apos;s token endpoint, or its issuer so that discovery can find it.</source>
        <translation>Saisissez le point de terminaison du jeton du fournisseur d’identité, ou son émetteur pour que la découverte puisse le trouver.</translation>
    </message>
    <message>
        <source>The registration cannot be exercised: %1</source>
        <translation>L’enregistrement ne peut pas être mis à l’épreuve&#xa0;: %1</translation>
    </message>
    <message numerus="yes">
        <source>The setup rules found %n error(s); the run goes on to show what they cause.</source>
        <translation>
            <numerusform>Les règles de configuration ont trouvé %n erreur; l’exécution se poursuit pour montrer ce qu’elle cause.</numerusform>
            <numerusform>Les règles de configuration ont trouvé %n erreurs; l’exécution se poursuit pour montrer ce qu’elles causent.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The setup rules found %n warning(s).</source>
        <translation>
            <numerusform>Les règles de configuration ont trouvé %n avertissement.</numerusform>
            <numerusform>Les règles de configuration ont trouvé %n avertissements.</numerusform>
        </translation>
    </message>
    <message>
        <source>The registration, its environment and service user pass the setup rules.</source>
        <translation>L’enregistrement, son environnement et son utilisateur de service respectent les règles de configuration.</translation>
    </message>
    <message>
        <source>Not applicable: the registration has neither an issuer nor a discovery URL; its own token endpoint is used.</source>
        <translation>Sans objet&#xa0;: l’enregistrement n’a ni émetteur ni URL de découverte; son propre point de terminaison du jeton est utilisé.</translation>
    </message>
    <message>
        <source>The IdP publishes OAuth authorization server metadata (RFC 8414) at %1, not an OpenID configuration at %2; the console read the RFC 8414 document.</source>
        <translation>Le fournisseur d’identité publie des métadonnées de serveur d’autorisation OAuth (RFC 8414) à %1, et non une configuration OpenID à %2; la console a lu le document RFC 8414.</translation>
    </message>
    <message>
        <source>Register in CMiC API Security the issuer and the jwks_uri this document names; CMiC reads no discovery document itself.</source>
        <translation>Enregistrez dans CMiC API Security l’émetteur et le jwks_uri que nomme ce document; CMiC ne lit lui-même aucun document de découverte.</translation>
    </message>
    <message>
        <source>The OpenID configuration at %1 was read.</source>
        <translation>La configuration OpenID à %1 a été lue.</translation>
    </message>
    <message>
        <source>The OAuth authorization server metadata (RFC 8414) at %1 was read.</source>
        <translation>Les métadonnées de serveur d’autorisation OAuth (RFC 8414) à %1 ont été lues.</translation>
    </message>
    <message>
        <source>The document at %1 lacks what the flow needs: %2</source>
        <translation>Le document à %1 ne contient pas ce qu’exige le déroulement&#xa0;: %2</translation>
    </message>
    <message>
        <source>The IdP&apos;s OpenID configuration agrees with the registration.</source>
        <translation>La configuration OpenID du fournisseur d’identité concorde avec l’enregistrement.</translation>
    </message>
    <message>
        <source>There is no OpenID configuration at %1, nor OAuth authorization server metadata (RFC 8414) at %2 (HTTP 404 for both).</source>
        <translation>Il n’y a aucune configuration OpenID à %1, ni métadonnées de serveur d’autorisation OAuth (RFC 8414) à %2 (HTTP 404 pour les deux).</translation>
    </message>
    <message>
        <source>The OpenID configuration at %1 could not be read: %2</source>
        <translation>La configuration OpenID à %1 n’a pas pu être lue&#xa0;: %2</translation>
    </message>
    <message>
        <source>Discovery could not be read; the run goes on with the registration&apos;s own token endpoint and JWKS URI.</source>
        <translation>La découverte n’a pas pu être lue; l’exécution se poursuit avec le point de terminaison du jeton et l’URI JWKS propres à l’enregistrement.</translation>
    </message>
    <message>
        <source>The issuer &quot;%1&quot; matches the registration.</source>
        <translation>L’émetteur «&#xa0;%1&#xa0;» correspond à l’enregistrement.</translation>
    </message>
    <message>
        <source>The issuer is &quot;%1&quot;, the registration has &quot;%2&quot;.</source>
        <translation>L’émetteur est «&#xa0;%1&#xa0;», l’enregistrement a «&#xa0;%2&#xa0;».</translation>
    </message>
    <message>
        <source>The jwks_uri matches the registration&apos;s JWKS URI.</source>
        <translation>Le jwks_uri correspond à l’URI JWKS de l’enregistrement.</translation>
    </message>
    <message>
        <source>The jwks_uri is %1, the registration has %2.</source>
        <translation>Le jwks_uri est %1, l’enregistrement a %2.</translation>
    </message>
    <message>
        <source>The token endpoint %1 comes from discovery.</source>
        <translation>Le point de terminaison du jeton %1 vient de la découverte.</translation>
    </message>
    <message>
        <source>The registration has no token endpoint; the validation uses discovery&apos;s %1.</source>
        <translation>L’enregistrement n’a pas de point de terminaison du jeton; la validation utilise celui de la découverte, %1.</translation>
    </message>
    <message>
        <source>Enter it in the registration so the setup does not depend on discovery.</source>
        <translation>Saisissez-le dans l’enregistrement pour que la configuration ne dépende pas de la découverte.</translation>
    </message>
    <message>
        <source>Discovery names the token endpoint %1; the registration has %2.</source>
        <translation>La découverte nomme le point de terminaison du jeton %1; l’enregistrement a %2.</translation>
    </message>
    <message>
        <source>Discovery names the token endpoint %1, but the registration has %2; the validation uses the registration&apos;s.</source>
        <translation>La découverte nomme le point de terminaison du jeton %1, mais l’enregistrement a %2; la validation utilise celui de l’enregistrement.</translation>
    </message>
    <message>
        <source>Use the IdP&apos;s token endpoint in the registration, unless you know the other one issues the same tokens.</source>
        <translation>Utilisez dans l’enregistrement le point de terminaison du jeton du fournisseur d’identité, à moins de savoir que l’autre émet les mêmes jetons.</translation>
    </message>
    <message>
        <source>The token endpoint matches the registration.</source>
        <translation>Le point de terminaison du jeton correspond à l’enregistrement.</translation>
    </message>
    <message>
        <source>The IdP does not list %1 among its client authentication methods (%2).</source>
        <translation>Le fournisseur d’identité ne liste pas %1 parmi ses méthodes d’authentification du client (%2).</translation>
    </message>
    <message>
        <source>Choose one of the listed methods for the registration, and configure the client at the IdP the same way.</source>
        <translation>Choisissez pour l’enregistrement l’une des méthodes listées, et configurez le client de la même façon chez le fournisseur d’identité.</translation>
    </message>
    <message>
        <source>There is no token endpoint: the registration has none and discovery did not give one.</source>
        <translation>Il n’y a aucun point de terminaison du jeton&#xa0;: l’enregistrement n’en a pas et la découverte n’en a pas donné.</translation>
    </message>
    <message>
        <source>The IdP issued a %1 token, valid for %2.</source>
        <translation>Le fournisseur d’identité a émis un jeton %1, valide pendant %2.</translation>
    </message>
    <message>
        <source>typeless</source>
        <translation>sans type</translation>
    </message>
    <message>
        <source>The access token is a JWT; its header and claims are in the report (the token itself is not).</source>
        <translation>Le jeton d’accès est un JWT; son en-tête et ses revendications sont dans le rapport (pas le jeton lui-même).</translation>
    </message>
    <message>
        <source>The access token is not a JWT that could be decoded; CMiC needs a signed JWT (see the signature step).</source>
        <translation>Le jeton d’accès n’est pas un JWT décodable; CMiC exige un JWT signé (voir l’étape de signature).</translation>
    </message>
    <message>
        <source>Granted scope: %1.</source>
        <translation>Portée accordée&#xa0;: %1.</translation>
    </message>
    <message>
        <source>Token obtained (%1, expires in %2).</source>
        <translation>Jeton obtenu (%1, expire dans %2).</translation>
    </message>
    <message>
        <source>no type</source>
        <translation>aucun type</translation>
    </message>
    <message>
        <source>There is no JWKS URI: the registration has none and discovery did not give one.</source>
        <translation>Il n’y a aucun URI JWKS&#xa0;: l’enregistrement n’en a pas et la découverte n’en a pas donné.</translation>
    </message>
    <message>
        <source>The registration has no JWKS URI; the validation uses discovery&apos;s %1, but CMiC only uses the one registered in API Security.</source>
        <translation>L’enregistrement n’a pas d’URI JWKS; la validation utilise celui de la découverte, %1, mais CMiC n’utilise que celui enregistré dans API Security.</translation>
    </message>
    <message>
        <source>Enter the JWKS URI in the registration and in CMiC API Security.</source>
        <translation>Saisissez l’URI JWKS dans l’enregistrement et dans CMiC API Security.</translation>
    </message>
    <message>
        <source>The JWKS was read, and read again once because the token&apos;s key was not in it.</source>
        <translation>Le JWKS a été lu, puis relu une fois parce que la clé du jeton n’y était pas.</translation>
    </message>
    <message numerus="yes">
        <source>The JWKS was read (%n key(s)).</source>
        <translation>
            <numerusform>Le JWKS a été lu (%n clé).</numerusform>
            <numerusform>Le JWKS a été lu (%n clés).</numerusform>
        </translation>
    </message>
    <message>
        <source>The JWKS is not a strictly valid JWK Set: %1</source>
        <translation>Le JWKS n’est pas un JWK Set strictement valide&#xa0;: %1</translation>
    </message>
    <message>
        <source>Ask the IdP&apos;s administrators to publish a well-formed JWK Set; check that the JWKS URI points at the keys document.</source>
        <translation>Demandez aux administrateurs du fournisseur d’identité de publier un JWK Set bien formé; vérifiez que l’URI JWKS pointe vers le document des clés.</translation>
    </message>
    <message>
        <source>The JWKS holds no key.</source>
        <translation>Le JWKS ne contient aucune clé.</translation>
    </message>
    <message>
        <source>Check the JWKS URI; it must list the IdP&apos;s signing keys.</source>
        <translation>Vérifiez l’URI JWKS; il doit lister les clés de signature du fournisseur d’identité.</translation>
    </message>
    <message>
        <source>The JWKS is a strictly valid JWK Set.</source>
        <translation>Le JWKS est un JWK Set strictement valide.</translation>
    </message>
    <message>
        <source>Every key is sound (size, curve, parameters).</source>
        <translation>Toutes les clés sont saines (taille, courbe, paramètres).</translation>
    </message>
    <message>
        <source>The JWKS has problems: %1.</source>
        <translation>Le JWKS présente des problèmes&#xa0;: %1.</translation>
    </message>
    <message>
        <source>The JWKS holds the token&apos;s key &quot;%1&quot;.</source>
        <translation>Le JWKS contient la clé «&#xa0;%1&#xa0;» du jeton.</translation>
    </message>
    <message>
        <source>The JWKS does not hold the token&apos;s key &quot;%1&quot;.</source>
        <translation>Le JWKS ne contient pas la clé «&#xa0;%1&#xa0;» du jeton.</translation>
    </message>
    <message>
        <source>No token, so the key it names could not be looked up.</source>
        <translation>Aucun jeton; la clé qu’il nomme n’a donc pas pu être cherchée.</translation>
    </message>
    <message numerus="yes">
        <source>The JWKS holds %n key(s), the token&apos;s among them.</source>
        <translation>
            <numerusform>Le JWKS contient %n clé, celle du jeton.</numerusform>
            <numerusform>Le JWKS contient %n clés, dont celle du jeton.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The JWKS holds %n key(s).</source>
        <translation>
            <numerusform>Le JWKS contient %n clé.</numerusform>
            <numerusform>Le JWKS contient %n clés.</numerusform>
        </translation>
    </message>
    <message>
        <source>If %1 is what the IdP issues for the CMiC API, enter it as the registration&apos;s audience (now &quot;%2&quot;); otherwise request the token for &quot;%2&quot; (scope, audience or resource).</source>
        <translation>Si %1 est ce que le fournisseur d’identité émet pour l’API CMiC, saisissez-le comme audience de l’enregistrement (actuellement «&#xa0;%2&#xa0;»); sinon, demandez le jeton pour «&#xa0;%2&#xa0;» (portée, audience ou ressource).</translation>
    </message>
    <message>
        <source>Add the ipaddr claim at the IdP (Entra: an optional claim), or set cmic.oauth2.ipcheck.enabled=false on CMiC and untick the IP check of environment &quot;%1&quot;.</source>
        <translation>Ajoutez la revendication ipaddr chez le fournisseur d’identité (Entra&#xa0;: une revendication facultative), ou réglez cmic.oauth2.ipcheck.enabled=false dans CMiC et décochez la vérification IP de l’environnement «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>The environment&apos;s patch level is %1; below Patch 20 CMiC answers 401 for certain, so set the patch level if you know it.</source>
        <translation>Le niveau de correctif de l’environnement est %1; sous le Patch 20, CMiC répond 401 à coup sûr; réglez donc le niveau de correctif si vous le connaissez.</translation>
    </message>
    <message>
        <source>The token step did not obtain a token, so there is nothing to verify.</source>
        <translation>L’étape du jeton n’a obtenu aucun jeton; il n’y a donc rien à vérifier.</translation>
    </message>
    <message>
        <source>The keys step did not give a usable key set, so the signature cannot be checked.</source>
        <translation>L’étape des clés n’a pas donné d’ensemble de clés utilisable; la signature ne peut donc pas être vérifiée.</translation>
    </message>
    <message>
        <source>The signature verifies.</source>
        <translation>La signature se vérifie.</translation>
    </message>
    <message>
        <source>The token step did not obtain a token, so there are no claims to check.</source>
        <translation>L’étape du jeton n’a obtenu aucun jeton; il n’y a donc aucune revendication à vérifier.</translation>
    </message>
    <message>
        <source>The token could not be decoded (it is not a JWT), so there are no claims to check.</source>
        <translation>Le jeton n’a pas pu être décodé (ce n’est pas un JWT); il n’y a donc aucune revendication à vérifier.</translation>
    </message>
    <message>
        <source>The IdP sent no Date header, so its clock could not be compared.</source>
        <translation>Le fournisseur d’identité n’a envoyé aucun en-tête Date; son horloge n’a donc pas pu être comparée.</translation>
    </message>
    <message>
        <source>The IdP&apos;s clock agrees with this computer&apos;s within %1 (the allowed clock skew is %2).</source>
        <translation>L’horloge du fournisseur d’identité concorde avec celle de cet ordinateur à %1 près (le décalage d’horloge permis est de %2).</translation>
    </message>
    <message>
        <source>The IdP&apos;s clock is %1 ahead of this computer&apos;s clock (its Date header said %2, this computer said %3), more than the workspace&apos;s %4 clock skew.</source>
        <translation>L’horloge du fournisseur d’identité avance de %1 sur celle de cet ordinateur (son en-tête Date indiquait %2, cet ordinateur %3), plus que le décalage d’horloge de %4 de l’espace de travail.</translation>
    </message>
    <message>
        <source>The IdP&apos;s clock is %1 behind this computer&apos;s clock (its Date header said %2, this computer said %3), more than the workspace&apos;s %4 clock skew.</source>
        <translation>L’horloge du fournisseur d’identité retarde de %1 sur celle de cet ordinateur (son en-tête Date indiquait %2, cet ordinateur %3), plus que le décalage d’horloge de %4 de l’espace de travail.</translation>
    </message>
    <message>
        <source>The claims are what CMiC checks for this registration.</source>
        <translation>Les revendications sont celles que CMiC vérifie pour cet enregistrement.</translation>
    </message>
    <message>
        <source>The token step did not obtain a token, so CMiC&apos;s service user cannot be worked out.</source>
        <translation>L’étape du jeton n’a obtenu aucun jeton; l’utilisateur de service de CMiC ne peut donc pas être déterminé.</translation>
    </message>
    <message>
        <source>The token could not be decoded (it is not a JWT), so CMiC&apos;s service user cannot be worked out.</source>
        <translation>Le jeton n’a pas pu être décodé (ce n’est pas un JWT); l’utilisateur de service de CMiC ne peut donc pas être déterminé.</translation>
    </message>
    <message>
        <source>The registration belongs to no environment, so the rules that decide the service user (deployment, claim name, user source) are unknown.</source>
        <translation>L’enregistrement n’appartient à aucun environnement; les règles qui déterminent l’utilisateur de service (déploiement, nom de revendication, source de l’utilisateur) sont donc inconnues.</translation>
    </message>
    <message>
        <source>Choose the registration&apos;s environment, then validate again.</source>
        <translation>Choisissez l’environnement de l’enregistrement, puis validez de nouveau.</translation>
    </message>
    <message>
        <source>CMiC could not tell which service user to run the calls as.</source>
        <translation>CMiC n’a pas pu déterminer sous quel utilisateur de service exécuter les appels.</translation>
    </message>
    <message>
        <source>Make the IdP send the service user in the &quot;%1&quot; claim.</source>
        <translation>Faites envoyer l’utilisateur de service dans la revendication «&#xa0;%1&#xa0;» par le fournisseur d’identité.</translation>
    </message>
    <message>
        <source>Not compared with the expected %1: the service user could not be resolved.</source>
        <translation>Non comparé avec %1, l’utilisateur attendu&#xa0;: l’utilisateur de service n’a pas pu être déterminé.</translation>
    </message>
    <message>
        <source>CMiC runs the calls as %1, the expected user.</source>
        <translation>CMiC exécute les appels en tant que %1, l’utilisateur attendu.</translation>
    </message>
    <message>
        <source>CMiC would run the calls as %1, not as the expected %2.</source>
        <translation>CMiC exécuterait les appels en tant que %1, et non en tant que %2, l’utilisateur attendu.</translation>
    </message>
    <message>
        <source>Set %1 as the service user of the registration in CMiC API Security and in the workspace, or correct the expected user.</source>
        <translation>Définissez %1 comme utilisateur de service de l’enregistrement dans CMiC API Security et dans l’espace de travail, ou corrigez l’utilisateur attendu.</translation>
    </message>
    <message>
        <source>Make the IdP put %1 in the &quot;%2&quot; claim (claim mapping for this client), or correct the expected user.</source>
        <translation>Faites placer %1 dans la revendication «&#xa0;%2&#xa0;» par le fournisseur d’identité (mappage des revendications pour ce client), ou corrigez l’utilisateur attendu.</translation>
    </message>
    <message>
        <source>CMiC will run the calls as %1.</source>
        <translation>CMiC exécutera les appels en tant que %1.</translation>
    </message>
    <message>
        <source>Not requested: this run stops before calling CMiC.</source>
        <translation>Non demandé&#xa0;: cette exécution s’arrête avant d’appeler CMiC.</translation>
    </message>
    <message>
        <source>The token step did not obtain a token, so CMiC cannot be called.</source>
        <translation>L’étape du jeton n’a obtenu aucun jeton; CMiC ne peut donc pas être appelé.</translation>
    </message>
    <message>
        <source>The registration belongs to no environment, so there is no CMiC to call.</source>
        <translation>L’enregistrement n’appartient à aucun environnement; il n’y a donc aucun CMiC à appeler.</translation>
    </message>
    <message>
        <source>The environment has no API base URL, so there is no CMiC to call; enter it (e.g. https://host/cmicprod) to let the validation call CMiC.</source>
        <translation>L’environnement n’a pas d’URL de base de l’API; il n’y a donc aucun CMiC à appeler; saisissez-la (p. ex. https://hote/cmicprod) pour que la validation appelle CMiC.</translation>
    </message>
    <message>
        <source>The environment has no probe endpoint; add a cheap GET such as /sys-rest-api/rest/1/sdcompanyaccess to let the validation call CMiC.</source>
        <translation>L’environnement n’a aucun point de terminaison de sonde; ajoutez un GET peu coûteux comme /sys-rest-api/rest/1/sdcompanyaccess pour que la validation appelle CMiC.</translation>
    </message>
    <message numerus="yes">
        <source>CMiC accepted the token on %n probe endpoint(s).</source>
        <translation>
            <numerusform>CMiC a accepté le jeton sur %n point de terminaison de sonde.</numerusform>
            <numerusform>CMiC a accepté le jeton sur %n points de terminaison de sonde.</numerusform>
        </translation>
    </message>
    <message>
        <source>CMiC did not judge the token: %1</source>
        <translation>CMiC n’a pas jugé le jeton&#xa0;: %1</translation>
    </message>
    <message numerus="yes">
        <source>GET %1: HTTP 429 (CMiC Cloud&apos;s rate limit); asked again after %n second(s).</source>
        <translation>
            <numerusform>GET %1&#xa0;: HTTP 429 (limite de débit de CMiC Cloud); redemandé après %n seconde.</numerusform>
            <numerusform>GET %1&#xa0;: HTTP 429 (limite de débit de CMiC Cloud); redemandé après %n secondes.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>GET %1: HTTP %2, %n item(s).</source>
        <translation>
            <numerusform>GET %1&#xa0;: HTTP %2, %n élément.</numerusform>
            <numerusform>GET %1&#xa0;: HTTP %2, %n éléments.</numerusform>
        </translation>
    </message>
    <message>
        <source>GET %1: HTTP %2.</source>
        <translation>GET %1&#xa0;: HTTP %2.</translation>
    </message>
    <message>
        <source>GET %1: no answer (%2).</source>
        <translation>GET %1&#xa0;: aucune réponse (%2).</translation>
    </message>
    <message>
        <source>CMiC said: %1</source>
        <translation>CMiC a répondu&#xa0;: %1</translation>
    </message>
    <message>
        <source>Environment &quot;%1&quot; is at %2, before API Security (Patch 19), so this 403 is not an API Security role denial.</source>
        <translation>L’environnement «&#xa0;%1&#xa0;» est au %2, avant API Security (Patch 19); ce 403 n’est donc pas un refus par rôle d’API Security.</translation>
    </message>
    <message>
        <source>Check the service user&apos;s rights in CMiC itself, and the environment&apos;s patch level.</source>
        <translation>Vérifiez les droits de l’utilisateur de service dans CMiC même, ainsi que le niveau de correctif de l’environnement.</translation>
    </message>
    <message>
        <source>CMiC&apos;s pages disagree on what API Security does without a role: one says &quot;if no roles are defined, then all users will have access&quot; (open); another that a call to a program neither secured nor on the bypass list SDAPISECBYPAS &quot;will fail with a security message&quot; (closed). The console decides neither; this 403 fits the closed reading or a missing role.</source>
        <translation>Les pages de CMiC se contredisent sur ce que fait API Security sans rôle&#xa0;: l’une dit «&#xa0;if no roles are defined, then all users will have access&#xa0;» (ouvert); une autre, qu’un appel à un programme ni sécurisé ni sur la liste de contournement SDAPISECBYPAS «&#xa0;will fail with a security message&#xa0;» (fermé). La console ne tranche pas; ce 403 correspond à la lecture fermée ou à un rôle manquant.</translation>
    </message>
    <message>
        <source>Give the service user a role that grants GET on %1 (SDAPIROLE, SDAPITOROLE), or list the program in SDAPISECBYPAS.</source>
        <translation>Donnez à l’utilisateur de service un rôle qui accorde GET sur %1 (SDAPIROLE, SDAPITOROLE), ou listez le programme dans SDAPISECBYPAS.</translation>
    </message>
    <message>
        <source>Cancelled while running.</source>
        <translation>Annulée en cours d’exécution.</translation>
    </message>
    <message>
        <source>Cancelled before it started.</source>
        <translation>Annulée avant son démarrage.</translation>
    </message>
    <message>
        <source>The setup rules found %1 and %2 for this registration, its environment and service user.</source>
        <translation>Les règles de configuration ont trouvé %1 et %2 pour cet enregistrement, son environnement et son utilisateur de service.</translation>
    </message>
    <message numerus="yes">
        <source>%n error(s)</source>
        <translation>
            <numerusform>%n erreur</numerusform>
            <numerusform>%n erreurs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n warning(s)</source>
        <translation>
            <numerusform>%n avertissement</numerusform>
            <numerusform>%n avertissements</numerusform>
        </translation>
    </message>
    <message>
        <source>Synchronise this computer&apos;s clock (NTP) first: the time checks above use it. If this computer is right, the IdP&apos;s clock is wrong; tell its administrators. CMiC&apos;s server must keep the right time too, since it checks exp and nbf with its own clock. The allowed difference is %1.</source>
        <translation>Synchronisez d’abord l’horloge de cet ordinateur (NTP)&#xa0;: les vérifications d’heure ci-dessus l’utilisent. Si cet ordinateur est à l’heure, c’est l’horloge du fournisseur d’identité qui est fausse; avisez ses administrateurs. Le serveur de CMiC doit lui aussi être à l’heure, puisqu’il vérifie exp et nbf avec sa propre horloge. L’écart permis est %1.</translation>
    </message>
</context>
<context>
    <name>cmic::validation::ValidationHistory</name>
    <message>
        <source>yesterday</source>
        <translation>hier</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Annulée</translation>
    </message>
    <message>
        <source>Passed</source>
        <translation>Réussie</translation>
    </message>
    <message>
        <source>Failed at %1</source>
        <translation>Échec à l’étape %1</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Échouée</translation>
    </message>
    <message>
        <source>The last Validate Setup run was cancelled on %1.</source>
        <translation>La dernière exécution de Valider la configuration a été annulée le %1.</translation>
    </message>
    <message>
        <source>The last Validate Setup run passed on %1.</source>
        <translation>La dernière exécution de Valider la configuration a réussi le %1.</translation>
    </message>
    <message>
        <source>The last Validate Setup run failed at the %1 step on %2. Run it again to see why and what to do.</source>
        <translation>La dernière exécution de Valider la configuration a échoué à l’étape %1 le %2. Exécutez-la de nouveau pour voir pourquoi et quoi faire.</translation>
    </message>
    <message>
        <source>The last Validate Setup run failed on %1.</source>
        <translation>La dernière exécution de Valider la configuration a échoué le %1.</translation>
    </message>
    <message>
        <source>Could not create the folder %1 for the validation history. Check that you may write to it; the result is kept until the console closes.</source>
        <translation>Impossible de créer le dossier %1 pour l’historique des validations. Vérifiez que vous pouvez y écrire; le résultat est conservé jusqu’à la fermeture de la console.</translation>
    </message>
    <message>
        <source>Could not save the validation history to %1 (%2). Check that you may write to it and that the disk has room; the result is kept until the console closes.</source>
        <translation>Impossible d’enregistrer l’historique des validations dans %1 (%2). Vérifiez que vous pouvez y écrire et que le disque a de l’espace libre; le résultat est conservé jusqu’à la fermeture de la console.</translation>
    </message>
</context>
<context>
    <name>cmic::validation::ValidationReport</name>
    <message>
        <source>CMiC patch level unknown</source>
        <translation>niveau de correctif CMiC inconnu</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Stand-in setting ignored</source>
        <translation>Réglage du substitut ignoré</translation>
    </message>
    <message>
        <source>Demo servers not started</source>
        <translation>Serveurs de démonstration non démarrés</translation>
    </message>
    <message>
        <source>The demo sandbox could not start: %1

The example workspace is open instead; it describes a setup but has no servers to talk to.</source>
        <translation>Le bac à sable de démonstration n’a pas pu démarrer&#xa0;: %1

L’espace de travail d’exemple est ouvert à la place; il décrit une configuration, mais n’a aucun serveur avec qui communiquer.</translation>
    </message>
    <message>
        <source>Describe, check and save a CMiC OAuth 2.0 client-credentials setup.</source>
        <translation>Décrire, vérifier et enregistrer une configuration OAuth 2.0 à identifiants client de CMiC.</translation>
    </message>
    <message>
        <source>Start the demo sandbox (a local identity provider and CMiC stand-in) and open a workspace that uses it.</source>
        <translation>Démarrer le bac à sable de démonstration (un fournisseur d’identité et un substitut de CMiC locaux) et ouvrir un espace de travail qui l’utilise.</translation>
    </message>
    <message>
        <source>With --demo: change the CMiC stand-in&apos;s own configuration (e.g. patch=20, ip-check=off, issuer=URL), so it differs from the demo workspace. Keys: %1.</source>
        <translation>Avec --demo&#xa0;: changer la configuration propre du substitut de CMiC (p. ex. patch=20, ip-check=off, issuer=URL), afin qu’il diffère de l’espace de travail de démonstration. Clés&#xa0;: %1.</translation>
    </message>
    <message>
        <source>Print the internal log lines (cmic.*) on standard error, for a bug report.</source>
        <translation>Afficher les lignes du journal interne (cmic.*) sur l’erreur standard, pour un rapport de bogue.</translation>
    </message>
    <message>
        <source>A workspace file (*.cmic-oauth.json) to open.</source>
        <translation>Un fichier d’espace de travail (*.cmic-oauth.json) à ouvrir.</translation>
    </message>
</context>
</TS>
