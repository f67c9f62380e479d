// v4: complaints, questions the knowledge does not answer and quotes are handed over to a person.
export const RULES_VERSION = 'rules-v4';
