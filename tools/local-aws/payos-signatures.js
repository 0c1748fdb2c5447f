// Signs with PayOS's official Node SDK (@payos/node), so tests can check our C# signer and verifier against it byte
// for byte. Argument: {checksumKey, paymentRequest, data: [objects]} as JSON; prints
// {paymentRequest: signature, data: [signature…]}.
const { NodeCryptoProvider } = require('@payos/node/lib/crypto/node-crypto');

(async () => {
  const { checksumKey, paymentRequest, data } = JSON.parse(process.argv[2]);
  const crypto = new NodeCryptoProvider();
  process.stdout.write(JSON.stringify({
    paymentRequest: await crypto.createSignatureOfPaymentRequest(paymentRequest, checksumKey),
    data: await Promise.all(data.map((d) => crypto.createSignatureFromObj(d, checksumKey))),
  }));
})();
