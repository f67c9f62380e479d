import type { Stack } from 'aws-cdk-lib';

/**
 * The cdk-nag AwsSolutions errors and warnings of a stack, read from its app's synthesis (the first synth runs
 * the aspects; later calls return that assembly). Annotations.fromStack would synthesize the whole app again for
 * every stack it is asked about, which multiplies a CPU-bound minute by the number of stacks.
 */
export function nagFindings(stack: Stack): string[] {
  const root = stack.node.root as unknown as {
    synth(): { getStackArtifact(id: string): { messages: Message[] } };
  };
  return root
    .synth()
    .getStackArtifact(stack.artifactId)
    .messages.filter(
      (message) =>
        (message.level === 'error' || message.level === 'warning') &&
        /^AwsSolutions-/.test(String(message.entry.data)),
    )
    .map((message) => `${stack.stackName} ${message.id}: ${String(message.entry.data).slice(0, 140)}`);
}

interface Message {
  level: string;
  id: string;
  entry: { data: unknown };
}
