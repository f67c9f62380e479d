/** The simulated Meta's builder: a signed_request exactly as the fake posts it (simulation/meta-graph.ts). */
export { metaSignedRequest as signedRequest } from '../../simulation/meta-graph';
