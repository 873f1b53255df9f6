/** External ONNX noise networks (signature in signature.ts). */
export { checkExternalSignature, expectedSignatureText, EXTERNAL_INPUTS, EXTERNAL_OUTPUTS } from './signature.ts';
export { ExternalPolicy, type ExternalPolicyOptions } from './external-policy.ts';
