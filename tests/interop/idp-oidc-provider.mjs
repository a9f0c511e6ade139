// A real OpenID Provider for the interop tests: node oidc-provider configured for client credentials with JWT
// access tokens and a cmicuser claim (see ../../docs/network.md and RECIPES.md).
//
//   node idp-oidc-provider.mjs <config.json>
//
// config.json: {"clients": [{client_id, client_secret?, token_endpoint_auth_method, jwks?,
//                            token_endpoint_auth_signing_alg?}], "cmicuser": "SVC_X",
//               "resource": "urn:cmic:api", "scope": "cmic.read", "alg": "RS256",
//               "clientAuthSigningAlgValues": ["RS256", "PS256", "ES256"],
//               "certificateThumbprints": {"<client_id>": "<x5t#S256>"}}
// token_endpoint_auth_signing_alg makes a client take assertions signed with that algorithm only (the others are
// invalid_client); clientAuthSigningAlgValues is what discovery lists and private_key_jwt takes at all.
// certificateThumbprints makes a client behave as Microsoft Entra's certificate credentials do: its assertions
// must carry the x5t#S256 of its certificate in the header, or it answers invalid_client with an AADSTS700027
// description (whatever else the header has, x5t included).
// Listens on 127.0.0.1 (an ephemeral port) only and prints one JSON line {"issuer": "..."} when ready.
// Stops when stdin closes, so the test that started it never leaves it behind.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { generateKeyPair, exportJWK } from 'jose';
import Provider, { errors } from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const alg = config.alg ?? 'RS256';
const resource = config.resource ?? 'urn:cmic:api';
const scope = config.scope ?? 'cmic.read';
const thumbprints = config.certificateThumbprints ?? {};

// As Entra: the certificate is looked up by the header's SHA-256 thumbprint.
async function entraCertificateLookup(ctx, claims, header, client) {
  const registered = thumbprints[client.clientId];
  if (registered === undefined) return;
  if (header['x5t#S256'] !== registered) {
    const used = header['x5t#S256'] ?? header.x5t ?? 'none';
    const error = new errors.CustomOIDCProviderError(
      'invalid_client',
      'AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on '
        + `application. [Reason - The key was not found., Thumbprint of key used by client: '${used}']`,
    );
    error.status = 401;
    error.statusCode = 401;
    throw error;
  }
}

const { privateKey } = await generateKeyPair(alg, { extractable: true });
const signingKey = { ...(await exportJWK(privateKey)), kid: `interop-${alg.toLowerCase()}`, alg, use: 'sig' };

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: config.clients.map((client) => ({
      grant_types: ['client_credentials'],
      redirect_uris: [],
      response_types: [],
      scope,
      ...client,
    })),
    scopes: ['openid', scope],
    jwks: { keys: [signingKey] },
    ...(config.clientAuthSigningAlgValues
      ? { enabledJWA: { clientAuthSigningAlgValues: config.clientAuthSigningAlgValues } }
      : {}),
    assertJwtClientAuthClaimsAndHeader: entraCertificateLookup,
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => resource,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope,
          audience: resource,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg } },
        }),
      },
    },
    extraTokenClaims: async () => ({ cmicuser: config.cmicuser ?? 'SVC_INTEROP' }),
  });
  provider.proxy = false;
  server.on('request', provider.callback());
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});

process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
