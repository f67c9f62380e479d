import type { ModelCaller } from './model-call';
import type { AiResult, ConversationSummarizer, SummaryInput } from './ports';
import { acceptText, renderHistory } from './prompt-values';
import { summaryOutput } from './prompts/schemas';
import { SUMMARY_PROMPTS } from './prompts/summary';
import { guessLanguage } from './rules/intents';

/**
 * A conversation summarised by the model (prompt `summary`), the rules answering on any failure (model-call.ts).
 * It loads the summary prompts only, so GET /leads/{id}/summary bundles no other prompt nor the rest of the AI
 * engine; LlmAiEngine.summarizeConversation is this too.
 */
export class LlmSummarizer implements ConversationSummarizer {
  constructor(
    private readonly model: ModelCaller,
    private readonly rules: ConversationSummarizer,
  ) {}

  summarizeConversation(input: SummaryInput): Promise<AiResult<string>> {
    const language = input.language ?? guessLanguage(input.history.map((t) => t.text).join(' '));
    return this.model.run({
      operation: 'summarizeConversation',
      workspaceId: input.workspaceId,
      prompt: SUMMARY_PROMPTS[language],
      values: { history: renderHistory(input.history, language) },
      output: summaryOutput,
      maxOutputTokens: 400,
      accept: (output) => acceptText(output.summary, 2000),
      rules: () => this.rules.summarizeConversation({ ...input, language }),
    });
  }
}
