// English for the thread's tools: the contact card, tags, canned replies, taking a
// conversation, and the team's assignment settings (joined into ../en.ts). Russian:
// ../ru/parts/tools.ts.
export const toolsEn = {
} as const;
