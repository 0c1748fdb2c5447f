#!/usr/bin/env bash
# The User service's ES256 signing keys in Secrets Manager (ticketbottle/jwt), one rollover step at a time; see
# docs/runbooks/jwt-key-rotation.md. Usage: tools/deploy/jwt-signing-key.sh <step> [region]
#   init     first deploy: a new active key, no rollover key
#   publish  a new key in the rollover slot: published in the JWKS, not signing yet
#   promote  the rollover key signs; the old active key stays published for the tokens it signed
#   retire   empties the rollover slot (after the access-token lifetime has passed since promote)
# After each step: kubectl -n ticketbottle rollout restart deployment/user (the pods read the keys at start).
# Needs aws, jq and openssl; the private key only ever travels from openssl to Secrets Manager.
set -euo pipefail
step=$1 region=${2:-us-east-1}
secret=ticketbottle/jwt
current=$(aws secretsmanager get-secret-value --region "$region" --secret-id "$secret" --query SecretString --output text)
new_key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 2>/dev/null | openssl pkcs8 -topk8 -nocrypt; }
new_id() { echo "tb-$(date -u +%Y%m%d%H%M%S)"; }
case $step in
  init)    next=$(jq -n --arg id "$(new_id)" --arg pem "$(new_key)" '{activeKeyId:$id, activeKeyPem:$pem, rolloverKeyId:"", rolloverKeyPem:""}') ;;
  publish) next=$(jq --arg id "$(new_id)" --arg pem "$(new_key)" '.rolloverKeyId=$id | .rolloverKeyPem=$pem' <<<"$current") ;;
  promote) next=$(jq 'if .rolloverKeyId == "" then error("nothing to promote: run publish first") else
                      {activeKeyId:.rolloverKeyId, activeKeyPem:.rolloverKeyPem, rolloverKeyId:.activeKeyId, rolloverKeyPem:.activeKeyPem} end' <<<"$current") ;;
  retire)  next=$(jq '.rolloverKeyId="" | .rolloverKeyPem=""' <<<"$current") ;;
  *) echo "unknown step $step (init, publish, promote, retire)" >&2; exit 2 ;;
esac
aws secretsmanager put-secret-value --region "$region" --secret-id "$secret" --secret-string "$next" >/dev/null
jq -r '"active: \(.activeKeyId)  rollover: \(if .rolloverKeyId == "" then "none" else .rolloverKeyId end)"' <<<"$next"
