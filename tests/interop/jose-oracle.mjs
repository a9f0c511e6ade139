// Oracle for tst_jose_oracle: mints access tokens with the `jose` npm package (fresh keys per run) for every
// algorithm the console accepts, and prints them with the public JWKS as one JSON document on stdout:
//   {"now": <epoch s>, "jwks": {"keys": [...]}, "tokens": [{"alg", "kid", "token"}]}
// Usage: node jose-oracle.mjs [--now EPOCH_SECONDS]   (run with cwd tests/interop)
import { SignJWT, exportJWK, generateKeyPair } from 'jose';

const algs = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];
const nowArg = process.argv.indexOf('--now');
const now = nowArg > 0 ? Number(process.argv[nowArg + 1]) : Math.floor(Date.now() / 1000);

const keys = [];
const tokens = [];
for (const alg of algs) {
  const options = { extractable: true };
  if (alg === 'EdDSA') options.crv = 'Ed25519';
  if (alg.startsWith('RS') || alg.startsWith('PS')) options.modulusLength = 2048;
  const { publicKey, privateKey } = await generateKeyPair(alg, options);
  const kid = `oracle-${alg.toLowerCase()}`;
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  keys.push(jwk);
  const token = await new SignJWT({
    client_id: 'oracle-client',
    cmicuser: 'SVC_ORACLE',
    ipaddr: '198.51.100.7',
    scope: 'cmic.api',
  })
    .setProtectedHeader({ alg, kid, typ: 'at+jwt' })
    .setIssuer('https://oracle.idp.example/')
    .setSubject('oracle-client')
    .setAudience('api://cmic-oracle')
    .setIssuedAt(now - 30)
    .setNotBefore(now - 30)
    .setExpirationTime(now + 600)
    .setJti(`jti-${alg}`)
    .sign(privateKey);
  tokens.push({ alg, kid, token });
}
process.stdout.write(JSON.stringify({ now, jwks: { keys }, tokens }) + '\n');
