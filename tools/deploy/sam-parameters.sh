#!/usr/bin/env bash
# The SAM stack's parameters from `cdk deploy --outputs-file cdk-outputs.json` and the running cluster, as
# `sam deploy --parameter-overrides` takes them. Usage: tools/deploy/sam-parameters.sh cdk-outputs.json <stage> <region>
# Needs jq and kubectl (pointed at the stage's cluster: the Pipe's Kafka listener is a Strimzi load balancer).
set -euo pipefail
outputs=$1 stage=$2 region=$3
output() { jq -er --arg stack "TicketBottle-$stage-$region-$1" --arg key "$2" '.[$stack][$key]' "$outputs"; }
kafka=$(kubectl -n ticketbottle get kafka ticketbottle -o jsonpath='{.status.listeners[?(@.name=="pipe")].bootstrapServers}')
printf '%s ' \
  "Stage=$stage" \
  "PrivateSubnetIds=$(output Network PrivateSubnetIds)" \
  "LambdaSecurityGroupId=$(output Cluster LambdaSecurityGroupId)" \
  "CoreServicesNlbHost=$(output Cluster CoreServicesNlbHost)" \
  "KafkaBootstrapServers=$kafka" \
  "AlarmTopicArn=$(output Alarms AlarmTopicArn)" \
  "KeysSecretArn=$(output Data PaymentProvidersSecretArn)" \
  "StorefrontUrl=${STOREFRONT_URL:?set STOREFRONT_URL to the storefront's base URL}" \
  "JwtIssuer=${API_URL:?set API_URL to the Gateway's public base URL (the access tokens' issuer)}"
echo
