#!/usr/bin/env bash
# Turns `cdk deploy --outputs-file cdk-outputs.json` into the overlay's aws-outputs.env (deploy/k8s/overlays/<stage>):
# the ECR registry, the internal NLB's target groups, the WAF web ACL and the TLS certificate of the primary region.
# Usage: tools/deploy/aws-outputs-env.sh cdk-outputs.json <stage> <primary-region> > deploy/k8s/overlays/<stage>/aws-outputs.env
# Needs jq. FUNCTIONS_URL is the functions' HTTP API base URL (a custom domain, so it is known before `sam deploy`);
# API_URL the Gateway's public base URL (the ALB's custom domain), which access tokens name as their issuer.
set -euo pipefail
outputs=$1 stage=$2 region=$3
output() { jq -er --arg stack "TicketBottle-$stage-$region-$1" --arg key "$2" '.[$stack][$key]' "$outputs"; }
echo "ecrRegistry=$(output Cluster EcrRegistry)"
for service in payment inventory waitroom user event order; do
  echo "${service}TargetGroupArn=$(output Cluster "${service}TargetGroupArn")"
done
echo "wafAclArn=$(output Edge WafAclArn)"
echo "certificateArn=$(output Edge CertificateArn)"
echo "ticketsBaseUrl=${FUNCTIONS_URL:?set FUNCTIONS_URL to the functions API base URL}"
echo "zaloPayCallbackUrl=${FUNCTIONS_URL%/}/webhooks/zalopay"
echo "storefrontUrl=${STOREFRONT_URL:?set STOREFRONT_URL to the storefront's base URL (the browser origin the API allows)}"
echo "jwtIssuer=${API_URL:?set API_URL to the Gateway's public base URL (the access tokens' issuer)}"
