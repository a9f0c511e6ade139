#!/bin/sh
# CMiC OAuth: a token for registration Payroll 'sync' $(rm -rf /) `x` CMIC_CLIENT_ID=evil, then a GET of each probe endpoint.
echo 'This script does not support private_key_jwt (it cannot sign the client assertion). Run cmic-oauth validate on this server instead.' >&2
exit 2
