// A real OpenID Provider for the interop tests: node oidc-provider configured for client credentials with JWT
// access tokens and a cmicuser claim (see ../../docs/network.md and RECIPES.md).
//
//   node idp-oidc-provider.mjs <config.json>
//
// config.json: {"clients": [{client_id, client_secret?, token_endpoint_auth_method, jwks?}], "cmicuser": "SVC_X",
//               "resource": "urn:cmic:api", "scope": "cmic.read", "alg": "RS256"}
// Listens on 127.0.0.1 (an ephemeral port) only and prints one JSON line {"issuer": "..."} when ready.
// Stops when stdin closes, so the test that started it never leaves it behind.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { generateKeyPair, exportJWK } from 'jose';
import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const alg = config.alg ?? 'RS256';
const resource = config.resource ?? 'urn:cmic:api';
const scope = config.scope ?? 'cmic.read';

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
