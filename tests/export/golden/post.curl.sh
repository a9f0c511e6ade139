#!/bin/sh
# CMiC OAuth: a token for registration Payroll 'sync' $(rm -rf /) `x` CMIC_CLIENT_ID=evil, then a GET of each probe endpoint.
# Run: CMIC_CLIENT_SECRET=... sh ./this.sh (or after set -a; . ./x.env). CMIC_TOKEN_ENDPOINT and CMIC_CA_BUNDLE, when set, replace the values below.
# It never prints the secret or the token, and passes neither on a command line. Exit status: 0 every call answered 2xx, 1 a call failed, 2 no secret.
set -eu

token_endpoint='https://login.example.com/t/oauth2/v2.0/token?a=1&b=2'
if [ -n "${CMIC_TOKEN_ENDPOINT:-}" ]; then token_endpoint=$CMIC_TOKEN_ENDPOINT; fi
ca_bundle='/etc/ssl/cmic ca/it'\''s.pem'
if [ -n "${CMIC_CA_BUNDLE:-}" ]; then ca_bundle=$CMIC_CA_BUNDLE; fi
client_id='app-123'\''"$HOME`id`'
scope='api://cmic/.default openid'
audience='aud with space €'
resource=''

if [ -z "${CMIC_CLIENT_SECRET:-}" ]; then
  echo 'CMIC_CLIENT_SECRET is not set: export the client secret in it first, e.g. from your secret manager.' >&2
  exit 2
fi

# application/x-www-form-urlencoded (RFC 6749 appendix B): UTF-8 bytes, space as +, everything but
# A-Z a-z 0-9 * - . _ as %XX. Only shell built-ins and od see the value, never a command line.
form_encode() {
  printf %s "$1" | od -An -v -tx1 | tr 'abcdef ' 'ABCDEF\n' | while read -r byte; do
    case $byte in
      '') ;;
      20) printf + ;;
      2A | 2D | 2E | 3[0-9] | 4[1-9A-F] | 5[0-9A] | 5F | 6[1-9A-F] | 7[0-9A])
        printf "\\$(printf %03o "0x$byte")" ;;
      *) printf %%%s "$byte" ;;
    esac
  done
}

# One curl call: the URL in $1, the options that carry a secret on standard input (-K -).
# Prints the body, a line feed and the HTTP status.
request() {
  if [ -n "$ca_bundle" ]; then
    set -- "$1" --cacert "$ca_bundle"
  fi
  curl --silent --show-error --max-time 60 --proxy 'http://proxy.example:3128' --write-out '\n%{http_code}' -K - "$@"
}

secret=$(form_encode "$CMIC_CLIENT_SECRET")
id=$(form_encode "$client_id")
body=grant_type=client_credentials
if [ -n "$scope" ]; then body="$body&scope=$(form_encode "$scope")"; fi
if [ -n "$audience" ]; then body="$body&audience=$(form_encode "$audience")"; fi
if [ -n "$resource" ]; then body="$body&resource=$(form_encode "$resource")"; fi
config=$(printf 'data = "%s&client_id=%s&client_secret=%s"\n' "$body" "$id" "$secret")
if ! answer=$(printf '%s\n' "$config" | request "$token_endpoint"); then
  echo 'The token request got no answer (see curl'\''s message above).' >&2
  exit 1
fi
unset secret config
status=$(printf '%s\n' "$answer" | tail -n 1)
json=$(printf '%s\n' "$answer" | sed '$d' | tr -d '\r\n')
unset answer
token=$(printf '%s' "$json" | sed -n 's/.*"access_token"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p')
if [ "$status" != 200 ] || [ -z "$token" ]; then
  error=$(printf '%s' "$json" | sed -n 's/.*"error"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p')
  printf 'Token request failed: HTTP %s %s\n' "$status" "$error" >&2
  exit 1
fi
printf '%s token request (client credentials)\n' "$status"

failed=0
probe() {
  if ! answer=$(printf 'header = "Authorization: Bearer %s"\n' "$token" | request "$1"); then
    printf '%s GET %s\n' '---' "$1"
    failed=1
    return 0
  fi
  status=$(printf '%s\n' "$answer" | tail -n 1)
  printf '%s GET %s\n' "$status" "$1"
  case $status in 2??) ;; *) failed=1 ;; esac
}
probe 'https://erp.example.com/cmicprod/sys-rest-api/rest/1/sdcompanyaccess?limit=1'
probe 'https://erp.example.com/cmicprod/hcm-rest-api/rest/1/employee?fields=a,b&limit=1'
unset token
if [ "$failed" -ne 0 ]; then exit 1; fi
