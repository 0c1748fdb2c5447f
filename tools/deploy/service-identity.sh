#!/usr/bin/env bash
# Gives every caller of the core services a new P-256 key pair: the private key into Secrets Manager
# (ticketbottle/service-identity/<name>, read by the pod's ExternalSecret or the function's dynamic reference), the public
# key into the stage's overlay (deploy/k8s/overlays/<stage>/service-identity/<name>.pub.pem, the callers ConfigMap).
# Usage: tools/deploy/service-identity.sh <stage> [region] [name ...]   (no names: all of them)
# Then: commit the overlay, `kubectl apply -k` it (the ConfigMap's hash rolls every service), force-sync the
# ExternalSecrets and `sam deploy` (functions resolve their key at deploy time). A rotated caller is refused by
# services that still hold its old public key until they roll, so rotate one caller at a time. Needs aws and openssl.
set -euo pipefail
stage=$1 region=${2:-us-east-1}
shift $(( $# > 1 ? 2 : 1 ))
names=("$@")
(( ${#names[@]} )) || names=(gateway event order webhooks emailsender pdfgenerator cleanup analytics operator)
overlay="$(cd "$(dirname "$0")/../.." && pwd)/deploy/k8s/overlays/$stage/service-identity"
mkdir -p "$overlay"
for name in "${names[@]}"; do
  key=$(openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 2>/dev/null | openssl pkcs8 -topk8 -nocrypt)
  aws secretsmanager put-secret-value --region "$region" --secret-id "ticketbottle/service-identity/$name" \
    --secret-string "$(jq -n --arg pem "$key" '{privateKeyPem:$pem}')" >/dev/null
  openssl pkey -pubout <<<"$key" > "$overlay/$name.pub.pem"
  echo "$name: new key in Secrets Manager, public key in $overlay/$name.pub.pem"
done
